package io.livemig.bench;

import io.livemig.backend.sim.GuestMemory;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

/**
 * Guest memory for the batch benchmarks: livemig's {@link GuestMemory} (an anonymous mapping in a
 * shared arena, as a simulated domain has it), every page allocated and filled with non-zero
 * bytes, and read-only page views made once, as the engine's page mappers hand them out: one
 * view per buffer index of a batch, re-aimed at each page ({@link #pageAt}, as the simulated
 * domain's PageViews and the Xen backend's MappedPageViews do), one view per run of {@code batch}
 * adjacent pages (the engine merges adjacent pages into one buffer), and one view per page
 * ({@link #page}, for the tests). Batch {@code i} is pfns {@code i * batch .. (i + 1) * batch - 1}.
 */
public final class GuestPages implements AutoCloseable {
    public static final int PAGE_SIZE = GuestMemory.PAGE_SIZE;
    /** 256 MiB: larger than any cache, so the pipe and socket copies read from memory. */
    public static final int DEFAULT_PAGES = 65536;

    private final GuestMemory memory;
    private final ByteBuffer[] pageViews;
    private final ByteBuffer[] runViews;
    private final ByteBuffer[] indexViews;
    private final int batch;

    private GuestPages(GuestMemory memory, int batch) {
        this.memory = memory;
        this.batch = batch;
        int pages = (int) memory.pageCount();
        MemorySegment all = memory.segment();
        pageViews = new ByteBuffer[pages];
        for (int p = 0; p < pages; p++) {
            pageViews[p] = all.asSlice((long) p * PAGE_SIZE, PAGE_SIZE).asReadOnly().asByteBuffer();
        }
        ByteBuffer whole = all.asReadOnly().asByteBuffer();
        indexViews = new ByteBuffer[batch];
        for (int i = 0; i < batch; i++) {
            indexViews[i] = whole.duplicate();
        }
        runViews = new ByteBuffer[pages / batch];
        for (int r = 0; r < runViews.length; r++) {
            runViews[r] = all.asSlice((long) r * batch * PAGE_SIZE, (long) batch * PAGE_SIZE).asReadOnly().asByteBuffer();
        }
    }

    /** {@code pages} pages (a multiple of {@code batch}) of non-zero data. */
    public static GuestPages create(int pages, int batch) {
        if (batch < 1 || pages < batch || pages % batch != 0) {
            throw new IllegalArgumentException("guest of " + pages + " pages cannot be cut into batches of " + batch);
        }
        GuestMemory memory = GuestMemory.map(pages);
        try {
            memory.populate();
            MemorySegment all = memory.segment();
            all.fill((byte) 0x5A);
            for (long p = 0; p < pages; p++) {
                all.set(ValueLayout.JAVA_LONG_UNALIGNED, p * PAGE_SIZE, p * 0x9E3779B97F4A7C15L | 1);
            }
            return new GuestPages(memory, batch);
        } catch (RuntimeException | Error e) {
            memory.close();
            throw e;
        }
    }

    public MemorySegment segment() {
        return memory.segment();
    }

    public int pageCount() {
        return pageViews.length;
    }

    public int batch() {
        return batch;
    }

    /** Batches in the memory: batch {@code i} covers pfns {@code i * batch ..}. */
    public int batches() {
        return runViews.length;
    }

    /** Page {@code pfn}'s view, rewound (a write consumed it). */
    public ByteBuffer page(int pfn) {
        return pageViews[pfn].clear();
    }

    /** Buffer {@code index} of a batch, aimed at page {@code pfn}: the same object for the same index, as a backend reuses it. */
    public ByteBuffer pageAt(int index, int pfn) {
        ByteBuffer b = indexViews[index];
        int start = pfn * PAGE_SIZE;
        // limit first: the new position must not exceed the limit the previous use left
        return b.limit(start + PAGE_SIZE).position(start);
    }

    /** The view over batch {@code index}'s adjacent pages, rewound. */
    public ByteBuffer run(int index) {
        return runViews[index].clear();
    }

    @Override
    public void close() {
        memory.close();
    }
}
