package io.livemig.engine;

import io.livemig.backend.PageSink;
import io.livemig.stream.PageTableEntry;
import io.livemig.stream.PageType;
import io.livemig.stream.StreamFormat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The page tables of an x86 PV stream, checked once the stream is complete: every page whose last
 * copy in the stream was typed L1TAB..L4TAB (pinned or not) must have only present entries that
 * reference a pfn inside the p2m which the stream populated with data, and no superpage (PSE in
 * an L2..L4 entry), which Xen's save refuses to send. Xen's restore would turn each such pfn into
 * its new frame (x86_pv_localise_page); a simulated destination's frames are its pfns, so the
 * tables are only checked, over the destination's memory, without a copy.
 *
 * <p>Per pfn four bits: whether a data-carrying entry populated it, and the table level (1..4,
 * 0 for none) of its last copy. They cover the p2m, at most the destination's pfn limit, and grow
 * only at X86_PV_P2M_FRAMES; recording a PAGE_DATA batch allocates nothing.
 */
final class PvPageTables {
    private static final int PFNS_PER_WORD = Long.SIZE / 4;
    private static final int PFN_SHIFT = 4;
    private static final long POPULATED = 0x8;
    private static final long LEVEL_MASK = 0x7;
    private static final long LEVELS_OF_WORD = 0x7777_7777_7777_7777L;
    /** Xen's pte_to_frame: bits 12..51 of the entry. */

    private final long pfnLimit;
    private long p2mSize;
    private long[] words = new long[0];

    /** @param pfnLimit the destination's pfn limit: no pfn of the stream reaches it, so neither do these bits */
    PvPageTables(long pfnLimit) {
        this.pfnLimit = pfnLimit;
    }

    /** An X86_PV_P2M_FRAMES record: the p2m covers pfns below {@code size} (it only grows, as Xen's expand_p2m). */
    void p2m(long size) {
        if (size <= p2mSize) {
            return;
        }
        p2mSize = size;
        long tracked = Math.min(size, pfnLimit);
        int needed = (int) ((tracked + PFNS_PER_WORD - 1) >>> PFN_SHIFT);
        if (needed > words.length) {
            words = Arrays.copyOf(words, needed);
        }
    }

    /**
     * A PAGE_DATA batch written to the destination: its entries' pfns (all inside the p2m and the
     * destination, as the reader checked) take their types; a later copy replaces an earlier one.
     */
    void record(long[] pfns, int[] types, int count) {
        long[] w = words;
        for (int i = 0; i < count; i++) {
            long pfn = pfns[i];
            int type = types[i];
            int word = (int) (pfn >>> PFN_SHIFT);
            int shift = (int) (pfn & (PFNS_PER_WORD - 1)) << 2;
            long old = w[word];
            // XTAB, XALLOC, BROKEN carry no data: the pfn is no table now, its earlier data stays
            long bits = PageType.carriesData(type) ? POPULATED | (type & LEVEL_MASK) : (old >>> shift) & POPULATED;
            w[word] = (old & ~(0xFL << shift)) | (bits << shift);
        }
    }

    /**
     * Checks every table, reading it through {@code sink.mapForRead} in batches of at most
     * {@code batch.length} pages.
     *
     * @param pages buffers for the mapped pages, at least as many as a batch has pfns; left cleared
     * @return null when every table is sound, else one line naming the first faulty table, entry and pfn
     */
    String check(PageSink sink, ByteBuffer[] pages) {
        int batchSize = Math.min(pages.length, StreamFormat.MAX_BATCH_SIZE);
        long[] pfns = new long[batchSize];
        int[] types = new int[batchSize];
        int n = 0;
        long[] w = words;
        for (int word = 0; word < w.length; word++) {
            long levels = w[word] & LEVELS_OF_WORD;
            while (levels != 0) {
                int shift = Long.numberOfTrailingZeros(levels) & ~3;
                levels &= ~(0xFL << shift);
                pfns[n] = ((long) word << PFN_SHIFT) | (shift >>> 2);
                types[n] = (int) ((w[word] >>> shift) & LEVEL_MASK); // L1TAB..L4TAB are the levels 1..4
                if (++n == batchSize) {
                    String fault = checkBatch(sink, pfns, types, n, pages);
                    if (fault != null) {
                        return fault;
                    }
                    n = 0;
                }
            }
        }
        return n == 0 ? null : checkBatch(sink, pfns, types, n, pages);
    }

    private String checkBatch(PageSink sink, long[] pfns, int[] types, int count, ByteBuffer[] pages) {
        int mapped = sink.mapForRead(pfns, types, count, pages);
        try {
            int entry = 0;
            for (int i = 0; i < mapped; i++) {
                ByteBuffer b = pages[i];
                boolean little = b.order() == ByteOrder.LITTLE_ENDIAN;
                for (int at = b.position(); at < b.limit(); at += StreamFormat.PAGE_SIZE) {
                    String fault = checkTable(b, at, little, pfns[entry], types[entry]);
                    if (fault != null) {
                        return fault;
                    }
                    entry++;
                }
            }
            return null;
        } finally {
            Arrays.fill(pages, 0, mapped, null);
            sink.unmap();
        }
    }

    private String checkTable(ByteBuffer b, int at, boolean little, long pfn, int level) {
        for (int i = 0; i < PageTableEntry.ENTRIES; i++) {
            long raw = b.getLong(at + i * Long.BYTES);
            long pte = little ? raw : Long.reverseBytes(raw);
            if ((pte & PageTableEntry.PRESENT) == 0) {
                continue;
            }
            if (level > PageType.L1TAB && (pte & PageTableEntry.PSE) != 0) {
                return String.format("%s pfn 0x%x: entry %d (pte 0x%016x) maps a superpage (PSE), which Xen refuses to migrate",
                        PageType.name(level), pfn, i, pte);
            }
            long target = PageTableEntry.frame(pte);
            if (target >= p2mSize) {
                return String.format("%s pfn 0x%x: entry %d references pfn 0x%x, beyond the p2m, whose last pfn is 0x%x",
                        PageType.name(level), pfn, i, target, p2mSize - 1);
            }
            if (!populated(target)) {
                return String.format("%s pfn 0x%x: entry %d references pfn 0x%x, which the stream did not populate",
                        PageType.name(level), pfn, i, target);
            }
        }
        return null;
    }

    private boolean populated(long pfn) {
        int word = (int) (pfn >>> PFN_SHIFT);
        return word < words.length && ((words[word] >>> ((pfn & (PFNS_PER_WORD - 1)) << 2)) & POPULATED) != 0;
    }
}
