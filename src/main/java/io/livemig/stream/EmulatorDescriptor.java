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

    public static final int EMULATOR_ID_OFFSET = 0;
    public static final int INDEX_OFFSET = 4;
    public static final int DATA_OFFSET = 8;
    public static final int HEADER_LENGTH = 8;

    public static final int EMULATOR_UNKNOWN = 0;
    public static final int EMULATOR_QEMU_TRADITIONAL = 1;
    public static final int EMULATOR_QEMU_UPSTREAM = 2;

    public static void encodeHeader(ByteBuffer b, int at, int emulatorId, int index) {
        Fields.putU32le(b, at, EMULATOR_ID_OFFSET, emulatorId);
        Fields.putU32le(b, at, INDEX_OFFSET, index);
    }

    public static int emulatorId(ByteBuffer b, int at) {
        return Fields.u32le(b, at, EMULATOR_ID_OFFSET);
    }

    public static int index(ByteBuffer b, int at) {
        return Fields.u32le(b, at, INDEX_OFFSET);
    }

    public static String emulatorName(int id) {
        return switch (id) {
            case EMULATOR_UNKNOWN -> "unknown";
            case EMULATOR_QEMU_TRADITIONAL -> "qemu traditional";
            case EMULATOR_QEMU_UPSTREAM -> "qemu upstream";
            default -> "reserved";
        };
    }
}
