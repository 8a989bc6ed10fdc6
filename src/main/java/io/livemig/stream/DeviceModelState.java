package io.livemig.stream;

import java.util.Objects;

/**
 * The state of an HVM domain's device model, saved after the guest was suspended, as libxl sends
 * it after the libxc stream and before the libxl END (libxl_stream_write.c): EMULATOR_XENSTORE_DATA
 * when the device model left keys in xenstore, then EMULATOR_CONTEXT, each behind the emulator
 * sub-header ({@link EmulatorDescriptor}).
 *
 * @param emulatorId   {@link EmulatorDescriptor#EMULATOR_QEMU_UPSTREAM} (or _TRADITIONAL)
 * @param xenstoreData packed NUL-terminated (key, value) pairs, keys relative to the device model's
 *                     xenstore directory; empty when there are none (the record is then left out)
 * @param context      the device model's saved state (QEMU's xen-save-devices-state file); not copied
 */
public record DeviceModelState(int emulatorId, byte[] xenstoreData, byte[] context) {
    /**
     * Checks the state.
     *
     * @throws IllegalArgumentException when the emulator is neither QEMU, or the xenstore data or the
     *                                  context would not fit a record's body behind the emulator sub-header
     */
    public DeviceModelState {
        Objects.requireNonNull(xenstoreData, "xenstoreData");
        Objects.requireNonNull(context, "context");
        if (emulatorId != EmulatorDescriptor.EMULATOR_QEMU_UPSTREAM && emulatorId != EmulatorDescriptor.EMULATOR_QEMU_TRADITIONAL) {
            throw new IllegalArgumentException("emulator id " + emulatorId + " (" + EmulatorDescriptor.emulatorName(emulatorId) + ")");
        }
        long limit = RecordDescriptor.MAX_BODY_LENGTH - EmulatorDescriptor.HEADER_LENGTH;
        if (xenstoreData.length > limit) {
            throw new IllegalArgumentException("device model xenstore data of " + xenstoreData.length + " bytes does not fit a record");
        }
        if (context.length > limit) {
            throw new IllegalArgumentException("device model state of " + context.length + " bytes does not fit a record");
        }
    }
}
