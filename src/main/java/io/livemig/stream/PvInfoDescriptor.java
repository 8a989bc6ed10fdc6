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

    /** Offset of guest_width, a u8: the guest's word size in octets. */
    public static final int GUEST_WIDTH_OFFSET = 0;
    /** Offset of pt_levels, a u8: the guest's page-table levels. */
    public static final int PT_LEVELS_OFFSET = 1;
    /** The reserved octets, read as a u16 and a u32. */
    public static final int RESERVED_OFFSET = 2;
    /** Offset of the reserved u32, after the reserved u16. */
    public static final int RESERVED_HIGH_OFFSET = 4;
    /** Octets reserved, all zero. */
    public static final int RESERVED_LENGTH = 6;
    /** Octets of the body. */
    public static final int LENGTH = 8;

    /**
     * Writes a body at {@code at}, the reserved octets zero.
     *
     * @param b          the buffer to write into
     * @param at         the body's offset in {@code b}
     * @param guestWidth the guest's word size in octets, 4 or 8 (not checked)
     * @param ptLevels   the guest's page-table levels, 3 or 4 (not checked)
     */
    public static void encode(ByteBuffer b, int at, int guestWidth, int ptLevels) {
        Fields.putU8(b, at, GUEST_WIDTH_OFFSET, guestWidth);
        Fields.putU8(b, at, PT_LEVELS_OFFSET, ptLevels);
        Fields.putU16le(b, at, RESERVED_OFFSET, 0);
        Fields.putU32le(b, at, RESERVED_HIGH_OFFSET, 0);
    }

    /**
     * The guest_width field.
     *
     * @param b  the buffer holding the body
     * @param at the body's offset in {@code b}
     * @return the guest's word size in octets
     */
    public static int guestWidth(ByteBuffer b, int at) {
        return Fields.u8(b, at, GUEST_WIDTH_OFFSET);
    }

    /**
     * The pt_levels field.
     *
     * @param b  the buffer holding the body
     * @param at the body's offset in {@code b}
     * @return the guest's page-table levels
     */
    public static int ptLevels(ByteBuffer b, int at) {
        return Fields.u8(b, at, PT_LEVELS_OFFSET);
    }

    /**
     * The six reserved octets as one little-endian number.
     *
     * @param b  the buffer holding the body
     * @param at the body's offset in {@code b}
     * @return the reserved octets, 0 in a valid body
     */
    public static long reserved(ByteBuffer b, int at) {
        return Fields.u16le(b, at, RESERVED_OFFSET) | Integer.toUnsignedLong(Fields.u32le(b, at, RESERVED_HIGH_OFFSET)) << Short.SIZE;
    }

    /**
     * Whether a guest width and page-table levels go together: 4 with 3 (32-bit guest) or 8 with 4
     * (64-bit).
     *
     * @param guestWidth the guest's word size in octets
     * @param ptLevels   the guest's page-table levels
     * @return true for one of the two valid combinations
     */
    public static boolean validCombination(int guestWidth, int ptLevels) {
        return (guestWidth == 4 && ptLevels == 3) || (guestWidth == 8 && ptLevels == 4);
    }
}
