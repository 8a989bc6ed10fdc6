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

    public static final int MARKER_OFFSET = 0;
    public static final int ID_OFFSET = 8;
    public static final int VERSION_OFFSET = 12;
    public static final int OPTIONS_OFFSET = 16;
    public static final int RESERVED16_OFFSET = 18;
    public static final int RESERVED32_OFFSET = 20;
    public static final int LENGTH = 24;

    public static final long MARKER = 0xFFFFFFFFFFFFFFFFL;
    public static final int ID = 0x58454E46; // "XENF"
    /** The version livemig writes. */
    public static final int VERSION = 3;
    /** The oldest version it reads. */
    public static final int VERSION_MIN = 2;
    public static final int OPT_BIG_ENDIAN = 1;

    /** Writes a little-endian version 3 image header at {@code at}. */
    public static void encode(ByteBuffer b, int at) {
        Fields.putU64be(b, at, MARKER_OFFSET, MARKER);
        Fields.putU32be(b, at, ID_OFFSET, ID);
        Fields.putU32be(b, at, VERSION_OFFSET, VERSION);
        Fields.putU16be(b, at, OPTIONS_OFFSET, 0);
        Fields.putU16be(b, at, RESERVED16_OFFSET, 0);
        Fields.putU32be(b, at, RESERVED32_OFFSET, 0);
    }

    public static long marker(ByteBuffer b, int at) {
        return Fields.u64be(b, at, MARKER_OFFSET);
    }

    public static int id(ByteBuffer b, int at) {
        return Fields.u32be(b, at, ID_OFFSET);
    }

    public static int version(ByteBuffer b, int at) {
        return Fields.u32be(b, at, VERSION_OFFSET);
    }

    public static int options(ByteBuffer b, int at) {
        return Fields.u16be(b, at, OPTIONS_OFFSET);
    }

    public static int reserved16(ByteBuffer b, int at) {
        return Fields.u16be(b, at, RESERVED16_OFFSET);
    }

    public static int reserved32(ByteBuffer b, int at) {
        return Fields.u32be(b, at, RESERVED32_OFFSET);
    }
}
