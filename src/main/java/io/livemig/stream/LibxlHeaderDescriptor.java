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

    /** Offset of ident in the header. */
    public static final int IDENT_OFFSET = 0;
    /** Offset of version in the header. */
    public static final int VERSION_OFFSET = 8;
    /** Offset of options in the header. */
    public static final int OPTIONS_OFFSET = 12;
    /** Length of the header in bytes. */
    public static final int LENGTH = 16;

    /** The ident value, "LibxlFmt" in ASCII. */
    public static final long IDENT = 0x4c6962786c466d74L; // "LibxlFmt"
    /** The version livemig writes and the only one it reads. */
    public static final int VERSION = 2;
    /** Options bit 0: the stream's records are big-endian. */
    public static final int OPT_BIG_ENDIAN = 1;
    /** Options bit 1: the stream was converted from a legacy stream. */
    public static final int OPT_LEGACY = 2;
    /** The options bits that are not reserved. */
    public static final int KNOWN_OPTIONS = OPT_BIG_ENDIAN | OPT_LEGACY;

    /**
     * Writes a little-endian version 2 libxl header at {@code at}.
     *
     * @param b  the buffer
     * @param at where the header starts in {@code b}
     */
    public static void encode(ByteBuffer b, int at) {
        Fields.putU64be(b, at, IDENT_OFFSET, IDENT);
        Fields.putU32be(b, at, VERSION_OFFSET, VERSION);
        Fields.putU32be(b, at, OPTIONS_OFFSET, 0);
    }

    /**
     * The ident field.
     *
     * @param b  the buffer
     * @param at where the header starts in {@code b}
     * @return the ident, {@link #IDENT} in a valid header
     */
    public static long ident(ByteBuffer b, int at) {
        return Fields.u64be(b, at, IDENT_OFFSET);
    }

    /**
     * The version field.
     *
     * @param b  the buffer
     * @param at where the header starts in {@code b}
     * @return the format version
     */
    public static int version(ByteBuffer b, int at) {
        return Fields.u32be(b, at, VERSION_OFFSET);
    }

    /**
     * The options field.
     *
     * @param b  the buffer
     * @param at where the header starts in {@code b}
     * @return the options bits
     */
    public static int options(ByteBuffer b, int at) {
        return Fields.u32be(b, at, OPTIONS_OFFSET);
    }
}
