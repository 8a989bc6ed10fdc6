package io.livemig.backend.xen;

import io.livemig.backend.PageRuns;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * {@link ByteBuffer} views of a batch's foreign mapping, without copying and, in steady state,
 * without allocating.
 *
 * <p>A batch's data pages are mapped by one xenforeignmemory_map call into consecutive virtual
 * pages ("slots"), in batch order. Slots that mapped are handed out as buffers, consecutive slots
 * merged into one buffer ({@link PageRuns}, the page numbers being slots): a whole batch is
 * usually one 4 MiB buffer; a slot that could not be mapped (a deferred page) splits the run. Java
 * cannot re-aim a direct buffer at a new address, so the views are made for one base address: a
 * read-only buffer over the largest possible mapping, and one duplicate of it per buffer index,
 * repositioned for each batch. The mapper asks the kernel to place each new mapping where the
 * previous one was (mmap's address hint); as long as it does, nothing is allocated. When the
 * mapping lands elsewhere, the views are made again for the new address ({@link #rebase}).
 *
 * <p>A PV guest's page tables are sent from a copy ({@link XenPvGuest#normalise}): pages of a
 * scratch area, numbered from {@link #scratchBase()} on. Runs never cross that number, so a
 * buffer shows either the mapping or the scratch area.
 *
 * <p>After the mapping is gone, the buffers must not be read: {@link #release()} empties the
 * buffers it handed out (limit 0), so that a stray read fails in Java instead of touching
 * unmapped memory.
 */
final class MappedPageViews extends PageRuns {
    static final int PAGE_SHIFT = 12;

    private final int maxPages;
    private final ByteBuffer[] views;
    /** Page numbers from here on are scratch pages (a power of two, at least maxPages). */
    private final int scratchBase;
    private final ByteBuffer scratch;
    private final ByteBuffer[] scratchViews;
    private ByteBuffer base;
    private long baseAddress;
    private boolean based;
    /** Buffer indexes handed out since the last release. */
    private int handedOut;

    MappedPageViews(int maxPages) {
        this(maxPages, null);
    }

    /** @param scratch {@code maxPages} pages of copies, read-only, or null for none */
    MappedPageViews(int maxPages, ByteBuffer scratch) {
        super(scratchBaseFor(maxPages));
        this.maxPages = maxPages;
        this.views = new ByteBuffer[maxPages];
        this.scratchBase = scratchBaseFor(maxPages);
        if (scratch != null && scratch.capacity() != maxPages << PAGE_SHIFT) {
            throw new IllegalArgumentException("a scratch area of " + scratch.capacity() + " bytes for " + maxPages + " pages");
        }
        this.scratch = scratch;
        this.scratchViews = scratch != null ? new ByteBuffer[maxPages] : null;
    }

    private static int scratchBaseFor(int maxPages) {
        return Integer.highestOneBit(Math.max(1, maxPages * 2 - 1));
    }

    /** The page number of scratch page 0. */
    int scratchBase() {
        return scratchBase;
    }

    int maxPages() {
        return maxPages;
    }

    boolean isBasedAt(long address) {
        return based && baseAddress == address;
    }

    /**
     * Makes the views for mappings at {@code address}: {@code view} covers {@link #maxPages()}
     * pages from there, read-only, position 0.
     */
    void rebase(long address, ByteBuffer view) {
        if (view.capacity() != maxPages << PAGE_SHIFT) {
            throw new IllegalArgumentException("a view of " + view.capacity() + " bytes for " + maxPages + " pages");
        }
        base = view;
        baseAddress = address;
        based = true;
        Arrays.fill(views, null);
        handedOut = 0;
    }

    /** The buffers handed out since the last release no longer show any byte. */
    void release() {
        final ByteBuffer[] v = views;
        final ByteBuffer[] c = scratchViews;
        for (int i = 0; i < handedOut; i++) {
            ByteBuffer b = v[i];
            if (b != null) {
                b.position(0).limit(0);
            }
            if (c != null && (b = c[i]) != null) {
                b.position(0).limit(0);
            }
        }
        handedOut = 0;
    }

    @Override
    protected ByteBuffer view(int index, long firstSlot, int slots) {
        ByteBuffer b;
        if (firstSlot >= scratchBase) {
            firstSlot -= scratchBase;
            b = scratchViews[index];
            if (b == null) {
                b = scratch.duplicate();
                scratchViews[index] = b;
            }
        } else {
            b = views[index];
            if (b == null) {
                b = base.duplicate();
                views[index] = b;
            }
        }
        // limit first: the new position may lie beyond the limit of the previous use
        b.limit((int) (firstSlot + slots) << PAGE_SHIFT).position((int) firstSlot << PAGE_SHIFT);
        if (index >= handedOut) {
            handedOut = index + 1;
        }
        return b;
    }
}
