package io.livemig.stream;

import java.nio.ByteBuffer;

/**
 * The body of the libxl emulator records, EMULATOR_XENSTORE_DATA and EMULATOR_CONTEXT. Little-endian.
 *
 * <pre>
 *     0     1     2     3     4     5     6     7 octet
 *    +-----------------------+-----------------------+
 *    | emulator_id           | index                 |
 *    +-----------------------+-----------------------+
 *    | data ...                                      |
 *    ...                                             ...
 * </pre>
 * EMULATOR_XENSTORE_DATA's data are packed (key, value) pairs, each NUL-terminated, keys relative
 * to the device model's xenstore directory; EMULATOR_CONTEXT's data is the emulator's state blob.
 */
public final class EmulatorDescriptor {
    private EmulatorDescriptor() {
    }

    /** Offset of emulator_id in the body. */
    public static final int EMULATOR_ID_OFFSET = 0;
    /** Offset of index in the body. */
    public static final int INDEX_OFFSET = 4;
    /** Offset of the data in the body. */
    public static final int DATA_OFFSET = 8;
    /** Length of the emulator sub-header (emulator_id, index) in bytes. */
    public static final int HEADER_LENGTH = 8;

    /** emulator_id of an unknown emulator (a stream converted from the legacy format). */
    public static final int EMULATOR_UNKNOWN = 0;
    /** emulator_id of qemu-traditional. */
    public static final int EMULATOR_QEMU_TRADITIONAL = 1;
    /** emulator_id of upstream QEMU. */
    public static final int EMULATOR_QEMU_UPSTREAM = 2;

    /**
     * Writes the emulator sub-header at {@code at}.
     *
     * @param b          the buffer
     * @param at         where the body starts in {@code b}
     * @param emulatorId the emulator ({@code EMULATOR_*})
     * @param index      the emulator's index among the domain's emulators
     */
    public static void encodeHeader(ByteBuffer b, int at, int emulatorId, int index) {
        Fields.putU32le(b, at, EMULATOR_ID_OFFSET, emulatorId);
        Fields.putU32le(b, at, INDEX_OFFSET, index);
    }

    /**
     * The emulator_id field.
     *
     * @param b  the buffer
     * @param at where the body starts in {@code b}
     * @return the emulator ({@code EMULATOR_*})
     */
    public static int emulatorId(ByteBuffer b, int at) {
        return Fields.u32le(b, at, EMULATOR_ID_OFFSET);
    }

    /**
     * The index field.
     *
     * @param b  the buffer
     * @param at where the body starts in {@code b}
     * @return the emulator's index among the domain's emulators
     */
    public static int index(ByteBuffer b, int at) {
        return Fields.u32le(b, at, INDEX_OFFSET);
    }

    /**
     * A name for any emulator_id, for messages.
     *
     * @param id the emulator_id field
     * @return "unknown", "qemu traditional", "qemu upstream", or "reserved" for any other id
     */
    public static String emulatorName(int id) {
        return switch (id) {
            case EMULATOR_UNKNOWN -> "unknown";
            case EMULATOR_QEMU_TRADITIONAL -> "qemu traditional";
            case EMULATOR_QEMU_UPSTREAM -> "qemu upstream";
            default -> "reserved";
        };
    }
}
