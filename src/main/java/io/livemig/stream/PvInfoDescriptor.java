package io.livemig.stream;

import java.nio.ByteBuffer;

/**
 * The body of an X86_PV_INFO record.
 *
 * <pre>
 *     0     1     2     3     4     5     6     7 octet
 *    +-----+-----+-----------------------------------+
 *    |width|level| reserved                          |
 *    +-----+-----+-----------------------------------+
 * </pre>
 * guest_width 4 with pt_levels 3 (32-bit guest) or guest_width 8 with pt_levels 4 (64-bit).
 */
public final class PvInfoDescriptor {
    private PvInfoDescriptor() {
    }

    public static final int GUEST_WIDTH_OFFSET = 0;
    public static final int PT_LEVELS_OFFSET = 1;
    /** The reserved octets, read as a u16 and a u32. */
    public static final int RESERVED_OFFSET = 2;
    public static final int RESERVED_HIGH_OFFSET = 4;
    public static final int RESERVED_LENGTH = 6;
    public static final int LENGTH = 8;

    public static void encode(ByteBuffer b, int at, int guestWidth, int ptLevels) {
        Fields.putU8(b, at, GUEST_WIDTH_OFFSET, guestWidth);
        Fields.putU8(b, at, PT_LEVELS_OFFSET, ptLevels);
        Fields.putU16le(b, at, RESERVED_OFFSET, 0);
        Fields.putU32le(b, at, RESERVED_HIGH_OFFSET, 0);
    }

    public static int guestWidth(ByteBuffer b, int at) {
        return Fields.u8(b, at, GUEST_WIDTH_OFFSET);
    }

    public static int ptLevels(ByteBuffer b, int at) {
        return Fields.u8(b, at, PT_LEVELS_OFFSET);
    }

    /** The six reserved octets as one little-endian number. */
    public static long reserved(ByteBuffer b, int at) {
        return Fields.u16le(b, at, RESERVED_OFFSET) | Integer.toUnsignedLong(Fields.u32le(b, at, RESERVED_HIGH_OFFSET)) << Short.SIZE;
    }

    public static boolean validCombination(int guestWidth, int ptLevels) {
        return (guestWidth == 4 && ptLevels == 3) || (guestWidth == 8 && ptLevels == 4);
    }
}
