package io.livemig.stream;

import java.nio.ByteBuffer;

/**
 * The body of an X86_PV_P2M_FRAMES record: the frames holding the guest's p2m for pfns
 * start_pfn..end_pfn. Little-endian.
 *
 * <pre>
 *     0     1     2     3     4     5     6     7 octet
 *    +-----------------------+-----------------------+
 *    | start_pfn             | end_pfn               |
 *    +-----------------------+-----------------------+
 *    | p2m_pfn[0]                                    |
 *    ...                                             ...
 *    | p2m_pfn[frames - 1]                           |
 *    +-----------------------------------------------+
 * </pre>
 */
public final class PvP2mFramesDescriptor {
    private PvP2mFramesDescriptor() {
    }

    public static final int START_PFN_OFFSET = 0;
    public static final int END_PFN_OFFSET = 4;
    public static final int FRAMES_OFFSET = 8;
    public static final int HEADER_LENGTH = 8;
    public static final int FRAME_LENGTH = 8;

    public static void encode(ByteBuffer b, int at, long startPfn, long endPfn, long[] framePfns) {
        Fields.putU32le(b, at, START_PFN_OFFSET, (int) startPfn);
        Fields.putU32le(b, at, END_PFN_OFFSET, (int) endPfn);
        for (int i = 0; i < framePfns.length; i++) {
            Fields.putU64le(b, at, FRAMES_OFFSET + FRAME_LENGTH * i, framePfns[i]);
        }
    }

    public static long startPfn(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(Fields.u32le(b, at, START_PFN_OFFSET));
    }

    public static long endPfn(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(Fields.u32le(b, at, END_PFN_OFFSET));
    }

    /** Frames a p2m of {@code guestWidth}-octet entries needs for pfns {@code start..end}. */
    public static long frames(long start, long end, int guestWidth) {
        long perFrame = StreamFormat.PAGE_SIZE / guestWidth;
        return end / perFrame + 1 - start / perFrame;
    }

    public static long bodyLength(long frames) {
        return HEADER_LENGTH + FRAME_LENGTH * frames;
    }
}
