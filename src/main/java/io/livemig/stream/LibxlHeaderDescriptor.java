package io.livemig.stream;

import java.nio.ByteBuffer;

/**
 * The header that opens a libxl stream (libxl-migration-stream.pandoc). Big-endian, whatever the
 * stream's endianness.
 *
 * <pre>
 *     0     1     2     3     4     5     6     7 octet
 *    +-----------------------------------------------+
 *    | ident "LibxlFmt"                              |
 *    +-----------------------+-----------------------+
 *    | version               | options               |
 *    +-----------------------+-----------------------+
 * </pre>
 * options bit 0: big-endian records; bit 1: converted from a legacy stream; bits 2..31 reserved.
 */
public final class LibxlHeaderDescriptor {
    private LibxlHeaderDescriptor() {
    }

    public static final int IDENT_OFFSET = 0;
    public static final int VERSION_OFFSET = 8;
    public static final int OPTIONS_OFFSET = 12;
    public static final int LENGTH = 16;

    public static final long IDENT = 0x4c6962786c466d74L; // "LibxlFmt"
    public static final int VERSION = 2;
    public static final int OPT_BIG_ENDIAN = 1;
    public static final int OPT_LEGACY = 2;
    public static final int KNOWN_OPTIONS = OPT_BIG_ENDIAN | OPT_LEGACY;

    /** Writes a little-endian version 2 libxl header at {@code at}. */
    public static void encode(ByteBuffer b, int at) {
        Fields.putU64be(b, at, IDENT_OFFSET, IDENT);
        Fields.putU32be(b, at, VERSION_OFFSET, VERSION);
        Fields.putU32be(b, at, OPTIONS_OFFSET, 0);
    }

    public static long ident(ByteBuffer b, int at) {
        return Fields.u64be(b, at, IDENT_OFFSET);
    }

    public static int version(ByteBuffer b, int at) {
        return Fields.u32be(b, at, VERSION_OFFSET);
    }

    public static int options(ByteBuffer b, int at) {
        return Fields.u32be(b, at, OPTIONS_OFFSET);
    }
}
