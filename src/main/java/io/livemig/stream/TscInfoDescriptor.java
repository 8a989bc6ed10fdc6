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

    public static final int MODE_OFFSET = 0;
    public static final int KHZ_OFFSET = 4;
    public static final int NSEC_OFFSET = 8;
    public static final int INCARNATION_OFFSET = 16;
    public static final int RESERVED_OFFSET = 20;
    public static final int LENGTH = 24;

    public static void encode(ByteBuffer b, int at, TscInfo tsc) {
        Fields.putU32le(b, at, MODE_OFFSET, tsc.mode());
        Fields.putU32le(b, at, KHZ_OFFSET, tsc.khz());
        Fields.putU64le(b, at, NSEC_OFFSET, tsc.nsec());
        Fields.putU32le(b, at, INCARNATION_OFFSET, tsc.incarnation());
        Fields.putU32le(b, at, RESERVED_OFFSET, 0);
    }

    public static TscInfo decode(ByteBuffer b, int at) {
        return new TscInfo(Fields.u32le(b, at, MODE_OFFSET), Fields.u32le(b, at, KHZ_OFFSET),
                Fields.u64le(b, at, NSEC_OFFSET), Fields.u32le(b, at, INCARNATION_OFFSET));
    }

    public static int reserved(ByteBuffer b, int at) {
        return Fields.u32le(b, at, RESERVED_OFFSET);
    }

    /** The body as bytes. */
    public static byte[] toBytes(TscInfo tsc) {
        ByteBuffer b = ByteBuffer.allocate(LENGTH);
        encode(b, 0, tsc);
        return b.array();
    }
}
