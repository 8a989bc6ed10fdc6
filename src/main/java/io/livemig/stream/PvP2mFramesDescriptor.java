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

    /** Offset of start_pfn, a u32: the first pfn the p2m frames cover. */
    public static final int START_PFN_OFFSET = 0;
    /** Offset of end_pfn, a u32: the last pfn the p2m frames cover (inclusive). */
    public static final int END_PFN_OFFSET = 4;
    /** Offset of the frames' pfns, a u64 each. */
    public static final int FRAMES_OFFSET = 8;
    /** Octets before the frames' pfns. */
    public static final int HEADER_LENGTH = 8;
    /** Octets per frame pfn. */
    public static final int FRAME_LENGTH = 8;

    /**
     * Writes a body at {@code at}: start_pfn and end_pfn (their low 32 bits), then every frame pfn.
     *
     * @param b         the buffer to write into, with room for {@link #bodyLength} octets
     * @param at        the body's offset in {@code b}
     * @param startPfn  the first pfn the p2m frames cover
     * @param endPfn    the last pfn the p2m frames cover (inclusive)
     * @param framePfns the pfns of the frames holding the p2m, in p2m order
     */
    public static void encode(ByteBuffer b, int at, long startPfn, long endPfn, long[] framePfns) {
        Fields.putU32le(b, at, START_PFN_OFFSET, (int) startPfn);
        Fields.putU32le(b, at, END_PFN_OFFSET, (int) endPfn);
        for (int i = 0; i < framePfns.length; i++) {
            Fields.putU64le(b, at, FRAMES_OFFSET + FRAME_LENGTH * i, framePfns[i]);
        }
    }

    /**
     * The start_pfn field, unsigned.
     *
     * @param b  the buffer holding the body
     * @param at the body's offset in {@code b}
     * @return the first pfn the p2m frames cover
     */
    public static long startPfn(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(Fields.u32le(b, at, START_PFN_OFFSET));
    }

    /**
     * The end_pfn field, unsigned.
     *
     * @param b  the buffer holding the body
     * @param at the body's offset in {@code b}
     * @return the last pfn the p2m frames cover (inclusive)
     */
    public static long endPfn(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(Fields.u32le(b, at, END_PFN_OFFSET));
    }

    /**
     * Frames a p2m of {@code guestWidth}-octet entries needs for pfns {@code start..end}.
     *
     * @param start      the first pfn
     * @param end        the last pfn (inclusive), not below {@code start}
     * @param guestWidth the size of a p2m entry in octets (X86_PV_INFO's guest width, 4 or 8)
     * @return the number of p2m frames, from the one holding {@code start}'s entry to the one
     *         holding {@code end}'s
     */
    public static long frames(long start, long end, int guestWidth) {
        long perFrame = StreamFormat.PAGE_SIZE / guestWidth;
        return end / perFrame + 1 - start / perFrame;
    }

    /**
     * Octets of a body that carries {@code frames} frame pfns.
     *
     * @param frames the number of p2m frames
     * @return the body length in octets, start/end header included
     */
    public static long bodyLength(long frames) {
        return HEADER_LENGTH + FRAME_LENGTH * frames;
    }
}
