package io.livemig.stream;

import java.nio.ByteBuffer;

/**
 * The image header that opens a libxc stream. Big-endian, whatever the stream's endianness.
 *
 * <pre>
 *     0     1     2     3     4     5     6     7 octet
 *    +-----------------------------------------------+
 *    | marker 0xFFFFFFFFFFFFFFFF                     |
 *    +-----------------------+-----------------------+
 *    | id "XENF"             | version               |
 *    +-----------+-----------+-----------------------+
 *    | options   | reserved  | reserved              |
 *    +-----------+-----------+-----------------------+
 * </pre>
 * options bit 0: big-endian records; bits 1..15 reserved.
 */
public final class ImageHeaderDescriptor {
    private ImageHeaderDescriptor() {
    }

    /** Offset of marker in the header. */
    public static final int MARKER_OFFSET = 0;
    /** Offset of id in the header. */
    public static final int ID_OFFSET = 8;
    /** Offset of version in the header. */
    public static final int VERSION_OFFSET = 12;
    /** Offset of options in the header. */
    public static final int OPTIONS_OFFSET = 16;
    /** Offset of the 16-bit reserved field in the header. */
    public static final int RESERVED16_OFFSET = 18;
    /** Offset of the 32-bit reserved field in the header. */
    public static final int RESERVED32_OFFSET = 20;
    /** Length of the header in bytes. */
    public static final int LENGTH = 24;

    /** The marker value: all ones. */
    public static final long MARKER = 0xFFFFFFFFFFFFFFFFL;
    /** The id value, "XENF" in ASCII. */
    public static final int ID = 0x58454E46; // "XENF"
    /** The version livemig writes. */
    public static final int VERSION = 3;
    /** The oldest version it reads. */
    public static final int VERSION_MIN = 2;
    /** Options bit 0: the stream's records are big-endian. */
    public static final int OPT_BIG_ENDIAN = 1;

    /**
     * Writes a little-endian version 3 image header at {@code at}.
     *
     * @param b  the buffer
     * @param at where the header starts in {@code b}
     */
    public static void encode(ByteBuffer b, int at) {
        Fields.putU64be(b, at, MARKER_OFFSET, MARKER);
        Fields.putU32be(b, at, ID_OFFSET, ID);
        Fields.putU32be(b, at, VERSION_OFFSET, VERSION);
        Fields.putU16be(b, at, OPTIONS_OFFSET, 0);
        Fields.putU16be(b, at, RESERVED16_OFFSET, 0);
        Fields.putU32be(b, at, RESERVED32_OFFSET, 0);
    }

    /**
     * The marker field.
     *
     * @param b  the buffer
     * @param at where the header starts in {@code b}
     * @return the marker, {@link #MARKER} in a valid header
     */
    public static long marker(ByteBuffer b, int at) {
        return Fields.u64be(b, at, MARKER_OFFSET);
    }

    /**
     * The id field.
     *
     * @param b  the buffer
     * @param at where the header starts in {@code b}
     * @return the id, {@link #ID} in a valid header
     */
    public static int id(ByteBuffer b, int at) {
        return Fields.u32be(b, at, ID_OFFSET);
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
     * @return the options bits, 16 of them
     */
    public static int options(ByteBuffer b, int at) {
        return Fields.u16be(b, at, OPTIONS_OFFSET);
    }

    /**
     * The 16-bit reserved field.
     *
     * @param b  the buffer
     * @param at where the header starts in {@code b}
     * @return the field, zero in a valid header
     */
    public static int reserved16(ByteBuffer b, int at) {
        return Fields.u16be(b, at, RESERVED16_OFFSET);
    }

    /**
     * The 32-bit reserved field.
     *
     * @param b  the buffer
     * @param at where the header starts in {@code b}
     * @return the field, zero in a valid header
     */
    public static int reserved32(ByteBuffer b, int at) {
        return Fields.u32be(b, at, RESERVED32_OFFSET);
    }
}
