package io.livemig.stream;

/**
 * An x86-64 page-table entry, as an x86 PV stream carries it in L1TAB..L4TAB pages: 512
 * little-endian u64 per page, the frame in bits 12..51 (a machine frame in the guest, a pfn in
 * the stream once normalised), the flags around it.
 *
 * <pre>
 *    63  62   52 51                                 12 11      8 7   6 ... 1   0
 *   +---+-------+-------------------------------------+---------+---+-------+---+
 *   |NX | avail | frame                               | avail   |PSE| flags |P  |
 *   +---+-------+-------------------------------------+---------+---+-------+---+
 * </pre>
 */
public final class PageTableEntry {
    private PageTableEntry() {
    }

    /** Entries per page-table page. */
    public static final int ENTRIES = StreamFormat.PAGE_SIZE / Long.BYTES;
    /** Bit 0: the entry maps a frame. */
    public static final long PRESENT = 1L;
    /** A superpage in L2..L4 (which Xen refuses to migrate). */
    public static final long PSE = 1L << 7;
    /** Xen's PTE_FRAME_MASK: bits 12..51. */
    public static final long FRAME_MASK = 0x000F_FFFF_FFFF_F000L;
    private static final int FRAME_SHIFT = 12;

    /**
     * pte_to_frame: the entry's frame number.
     *
     * @param pte the page-table entry
     * @return bits 12..51 shifted down: a machine frame in the guest, a pfn in a normalised stream
     */
    public static long frame(long pte) {
        return (pte & FRAME_MASK) >>> FRAME_SHIFT;
    }

    /**
     * merge_pte: the entry with its frame replaced, flags kept.
     *
     * @param pte   the page-table entry
     * @param frame the new frame number, below 2^40 (it is not masked: wider bits would land in
     *              bits 52..63)
     * @return the entry with {@code frame} in bits 12..51
     */
    public static long withFrame(long pte, long frame) {
        return (pte & ~FRAME_MASK) | (frame << FRAME_SHIFT);
    }
}
