package io.livemig.stream;

import java.nio.ByteBuffer;

/**
 * The body of an X86_TSC_INFO record. Little-endian.
 *
 * <pre>
 *     0     1     2     3     4     5     6     7 octet
 *    +-----------------------+-----------------------+
 *    | mode                  | khz                   |
 *    +-----------------------+-----------------------+
 *    | nsec                                          |
 *    +-----------------------+-----------------------+
 *    | incarnation           | reserved              |
 *    +-----------------------+-----------------------+
 * </pre>
 * {@link TscInfo} holds the values.
 */
public final class TscInfoDescriptor {
    private TscInfoDescriptor() {
    }

    /** Offset of the u32 TSC mode. */
    public static final int MODE_OFFSET = 0;
    /** Offset of the u32 TSC frequency in kHz. */
    public static final int KHZ_OFFSET = 4;
    /** Offset of the u64 elapsed time in nanoseconds. */
    public static final int NSEC_OFFSET = 8;
    /** Offset of the u32 TSC incarnation. */
    public static final int INCARNATION_OFFSET = 16;
    /** Offset of a reserved u32, zero. */
    public static final int RESERVED_OFFSET = 20;
    /** Octets of the body. */
    public static final int LENGTH = 24;

    /**
     * Writes a body at {@code at}, reserved zero.
     *
     * @param b   the buffer to write into
     * @param at  the body's offset in {@code b}
     * @param tsc the values
     */
    public static void encode(ByteBuffer b, int at, TscInfo tsc) {
        Fields.putU32le(b, at, MODE_OFFSET, tsc.mode());
        Fields.putU32le(b, at, KHZ_OFFSET, tsc.khz());
        Fields.putU64le(b, at, NSEC_OFFSET, tsc.nsec());
        Fields.putU32le(b, at, INCARNATION_OFFSET, tsc.incarnation());
        Fields.putU32le(b, at, RESERVED_OFFSET, 0);
    }

    /**
     * The values of a body (the reserved field aside).
     *
     * @param b  the buffer holding the body
     * @param at the body's offset in {@code b}
     * @return the mode, frequency, elapsed time and incarnation
     */
    public static TscInfo decode(ByteBuffer b, int at) {
        return new TscInfo(Fields.u32le(b, at, MODE_OFFSET), Fields.u32le(b, at, KHZ_OFFSET),
                Fields.u64le(b, at, NSEC_OFFSET), Fields.u32le(b, at, INCARNATION_OFFSET));
    }

    /**
     * The reserved field.
     *
     * @param b  the buffer holding the body
     * @param at the body's offset in {@code b}
     * @return the reserved u32, 0 in a valid body
     */
    public static int reserved(ByteBuffer b, int at) {
        return Fields.u32le(b, at, RESERVED_OFFSET);
    }

    /**
     * The body as bytes.
     *
     * @param tsc the values
     * @return a new array of {@link #LENGTH} bytes
     */
    public static byte[] toBytes(TscInfo tsc) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        encode(b, 0, tsc);
        return b.array();
    }
}
