package io.livemig.backend.sim;

import java.nio.ByteBuffer;

/**
 * Buffers over runs of guest pages without allocating in steady state: for each output slot of a
 * batch and each 1 GiB region, one duplicate of the region's view, made the first time that slot
 * meets that region and then only repositioned. A run never crosses a region boundary.
 */
final class PageViews {
    private final GuestMemory memory;
    private final boolean writable;
    private final ByteBuffer[][] slots;

    PageViews(GuestMemory memory, boolean writable, int maxBatch) {
        this.memory = memory;
        this.writable = writable;
        this.slots = new ByteBuffer[maxBatch][];
    }

    /** Slot {@code slot}'s buffer over pages [firstPfn, firstPfn + pages), all in one region. */
    ByteBuffer view(int slot, long firstPfn, int pages) {
        int region = (int) (firstPfn >>> GuestMemory.REGION_PAGE_SHIFT);
        ByteBuffer[] row = slots[slot];
        if (row == null) {
            row = new ByteBuffer[memory.regionCount()];
            slots[slot] = row;
        }
        ByteBuffer b = row[region];
        if (b == null) {
            b = memory.regionView(region, writable).duplicate();
            row[region] = b;
        }
        int start = (int) ((firstPfn & (GuestMemory.REGION_PAGES - 1)) << GuestMemory.PAGE_SHIFT);
        // limit first: position(start) must not exceed the limit left by the previous use
        b.limit(start + (pages << GuestMemory.PAGE_SHIFT)).position(start);
        return b;
    }

    /** True when {@code pfn} directly follows a run ending before {@code runEnd} and lies in the same region. */
    static boolean extendsRun(long pfn, long runEnd) {
        return pfn == runEnd && (pfn & (GuestMemory.REGION_PAGES - 1)) != 0;
    }

    // The batch being gathered by start / add / end.
    private ByteBuffer[] out;
    private int filled;
    private long runStart;
    private int runPages;

    /** Starts gathering a batch's data pages into buffers stored in {@code out}. */
    void start(ByteBuffer[] out) {
        this.out = out;
        filled = 0;
        runPages = 0;
    }

    /** The batch's next data page: pfns that follow each other in one region share a buffer. */
    void add(long pfn) {
        if (runPages > 0 && extendsRun(pfn, runStart + runPages)) {
            runPages++;
            return;
        }
        flushRun();
        runStart = pfn;
        runPages = 1;
    }

    /** Ends the batch; returns the number of buffers stored. */
    int end() {
        flushRun();
        out = null;
        return filled;
    }

    private void flushRun() {
        if (runPages > 0) {
            out[filled] = view(filled, runStart, runPages);
            filled++;
            runPages = 0;
        }
    }
}
