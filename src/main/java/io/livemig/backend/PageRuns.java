package io.livemig.backend;

import java.nio.ByteBuffer;

/**
 * Gathers a batch's data pages into as few buffers as possible, for one gathering write: pages
 * given in ascending order that follow each other share one buffer, unless a boundary lies between
 * them. What a page number means and how a run becomes a buffer is the backend's: a pfn in guest
 * memory cut into regions, or a slot of a foreign mapping. Nothing is allocated per page or per
 * batch here; {@link #view} should not allocate either once warmed up.
 *
 * <p>Use: {@link #start} with the batch's output array, {@link #add} each data page, {@link #end}
 * for the number of buffers stored. Not thread-safe: one batch at a time.
 */
public abstract class PageRuns {
    /** For backends whose pages may all share one buffer. */
    protected static final long NO_BOUNDARY = 1L << 62;

    private final long boundaryMask;

    // the batch being gathered
    private ByteBuffer[] out;
    private int filled;
    private long runStart;
    private int runPages;

    /**
     * A gatherer whose runs stop at every multiple of {@code boundaryPages}.
     *
     * @param boundaryPages runs never cross a multiple of this many pages (a power of two); a
     *                      backend without boundaries passes {@link #NO_BOUNDARY}
     * @throws IllegalArgumentException when {@code boundaryPages} is not a positive power of two
     */
    protected PageRuns(long boundaryPages) {
        if (boundaryPages <= 0 || Long.bitCount(boundaryPages) != 1) {
            throw new IllegalArgumentException("run boundary of " + boundaryPages + " pages is not a power of two");
        }
        this.boundaryMask = boundaryPages - 1;
    }

    /**
     * Starts gathering a batch whose buffers go to {@code out}.
     *
     * @param out the batch's output array, filled from index 0 (at most one buffer per data page)
     */
    public final void start(ByteBuffer[] out) {
        this.out = out;
        filled = 0;
        runPages = 0;
    }

    /**
     * The batch's next data page, after the previous one.
     *
     * @param page the page's number, as the backend counts pages
     */
    public final void add(long page) {
        if (runPages > 0 && page == runStart + runPages && (page & boundaryMask) != 0) {
            runPages++;
            return;
        }
        flushRun();
        runStart = page;
        runPages = 1;
    }

    /**
     * Ends the batch; returns the number of buffers stored in the array given to {@link #start}.
     *
     * @return the number of buffers stored, from index 0
     */
    public final int end() {
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

    /**
     * The buffer over pages {@code [firstPage, firstPage + pages)} (never across a boundary), to be
     * stored as the batch's buffer {@code index}: a backend keeps one reusable buffer per index.
     *
     * @param index     the buffer's index in the batch's output array
     * @param firstPage the number of the run's first page
     * @param pages     the number of pages in the run, at least 1
     * @return a buffer whose remaining bytes are the run's pages
     */
    protected abstract ByteBuffer view(int index, long firstPage, int pages);
}
