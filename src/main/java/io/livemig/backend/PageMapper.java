package io.livemig.backend;

import java.nio.ByteBuffer;

/**
 * Maps batches of a source domain's pages for reading, as Xen's write_batch does: look up each
 * pfn's type, map the data-carrying pages read-only, hand them out as buffers that view guest
 * memory (no copy), unmap after the write. One mapper per save, used by the saving thread only;
 * steady-state calls must not allocate.
 */
public interface PageMapper extends AutoCloseable {

    /** Type reported for a pfn that cannot be mapped yet (Xen's EAGAIN): sent as XTAB now, again in the final pass. */
    int DEFERRED = -1;

    /**
     * Maps {@code pfns[0 .. count)}.
     *
     * @param pfns  the pfns to map, in the batch's order
     * @param count the number of pfns, at most the batch size the mapper was opened for
     * @param types out: the stream page type of each pfn ({@code io.livemig.stream.PageType}), or {@link #DEFERRED}
     * @param pages out: buffers over the data of the data-carrying pfns, in pfn order; adjacent pages
     *              may share one buffer. Each buffer's remaining bytes are the data.
     * @return the number of buffers filled in {@code pages}
     * @throws DomainException when the batch cannot be mapped
     */
    int map(long[] pfns, int count, int[] types, ByteBuffer[] pages);

    /** Releases the mapping of the last {@link #map}; its buffers must no longer be used. */
    void unmap();

    @Override
    void close();
}
