package io.livemig.backend.xen;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * {@link ByteBuffer} views of a batch's foreign mapping, without copying and, in steady state,
 * without allocating.
 *
 * <p>A batch's data pages are mapped by one xenforeignmemory_map call into consecutive virtual
 * pages ("slots"), in batch order. Slots that mapped are handed out as buffers, consecutive slots
 * merged into one buffer: a whole batch is usually one 4 MiB buffer; a slot that could not be
 * mapped (a deferred page) splits the run. Java cannot re-aim a direct buffer at a new address, so
 * the views are made for one base address: a read-only buffer over the largest possible mapping,
 * and one duplicate of it per output slot, repositioned for each batch. The mapper asks the
 * kernel to place each new mapping where the previous one was (mmap's address hint); as long as
 * it does, nothing is allocated. When the mapping lands elsewhere, the views are made again for
 * the new address ({@link #rebase}).
 *
 * <p>After the mapping is gone, the buffers must not be read: {@link #release()} empties the
 * buffers it handed out (limit 0), so that a stray read fails in Java instead of touching
 * unmapped memory.
 */
final class MappedPageViews {
    static final int PAGE_SHIFT = 12;

    private final int maxPages;
    private final ByteBuffer[] slots;
    private ByteBuffer base;
    private long baseAddress;
    private boolean based;

    // the batch being gathered
    private ByteBuffer[] out;
    private int filled;
    private int handedOut;
    private int runStart;
    private int runPages;

    MappedPageViews(int maxPages) {
        this.maxPages = maxPages;
        this.slots = new ByteBuffer[maxPages];
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
        Arrays.fill(slots, null);
        handedOut = 0;
    }

    /** Starts a batch whose buffers go to {@code out}. */
    void start(ByteBuffer[] out) {
        this.out = out;
        filled = 0;
        runPages = 0;
    }

    /** Mapping slot {@code slot} (ascending within a batch, below {@link #maxPages()}) holds a page to send. */
    void add(int slot) {
        if (runPages > 0 && slot == runStart + runPages) {
            runPages++;
            return;
        }
        flush();
        runStart = slot;
        runPages = 1;
    }

    /** Ends the batch; returns the number of buffers stored in the array given to {@link #start}. */
    int end() {
        flush();
        out = null;
        if (filled > handedOut) {
            handedOut = filled;
        }
        return filled;
    }

    /** The buffers handed out since the last release no longer show any byte. */
    void release() {
        final ByteBuffer[] s = slots;
        for (int i = 0; i < handedOut; i++) {
            ByteBuffer b = s[i];
            if (b != null) {
                b.position(0).limit(0);
            }
        }
        handedOut = 0;
    }

    private void flush() {
        if (runPages == 0) {
            return;
        }
        int slot = filled;
        ByteBuffer b = slots[slot];
        if (b == null) {
            b = base.duplicate();
            slots[slot] = b;
        }
        // limit first: the new position may lie beyond the limit of the previous use
        b.limit((runStart + runPages) << PAGE_SHIFT).position(runStart << PAGE_SHIFT);
        out[slot] = b;
        filled = slot + 1;
        runPages = 0;
    }
}
