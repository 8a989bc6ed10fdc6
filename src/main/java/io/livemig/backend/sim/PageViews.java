package io.livemig.backend.sim;

import io.livemig.backend.PageRuns;
import java.nio.ByteBuffer;

/**
 * Buffers over runs of guest pages, by pfn, without allocating in steady state: for each buffer
 * index of a batch and each 1 GiB region, one duplicate of the region's view, made the first time
 * that index meets that region and then only repositioned. A run never crosses a region boundary.
 */
final class PageViews extends PageRuns {
    private final GuestMemory memory;
    private final boolean writable;
    private final ByteBuffer[][] views;

    PageViews(GuestMemory memory, boolean writable, int maxBatch) {
        super(GuestMemory.REGION_PAGES);
        this.memory = memory;
        this.writable = writable;
        this.views = new ByteBuffer[maxBatch][];
    }

    @Override
    protected ByteBuffer view(int index, long firstPfn, int pages) {
        int region = (int) (firstPfn >>> GuestMemory.REGION_PAGE_SHIFT);
        ByteBuffer[] row = views[index];
        if (row == null) {
            row = new ByteBuffer[memory.regionCount()];
            views[index] = row;
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
}
