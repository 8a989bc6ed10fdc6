package io.livemig.backend;

import java.nio.ByteBuffer;

/**
 * Where a restore puts page data: populates pfns and exposes their memory as buffers the reader
 * fills straight from the stream. Used by the restoring thread only.
 */
public interface PageSink extends AutoCloseable {

    /**
     * Populates {@code pfns[0 .. count)} (entries of type XTAB are neither populated nor written) and
     * returns writable buffers for the data-carrying entries, in order; adjacent pages may share a buffer.
     *
     * @param pfns  the batch's pfns
     * @param types the stream page type of each pfn ({@code io.livemig.stream.PageType})
     * @param count the number of entries, at most the batch size the sink was opened for
     * @param pages out: buffers over the data-carrying pfns' memory, in pfn order
     * @return the number of buffers filled in {@code pages}
     * @throws DomainException when a pfn cannot be populated
     */
    int mapForWrite(long[] pfns, int[] types, int count, ByteBuffer[] pages);

    /**
     * Read-only buffers over the current data of the data-carrying entries, for VERIFY.
     *
     * @param pfns  the batch's pfns
     * @param types the stream page type of each pfn ({@code io.livemig.stream.PageType})
     * @param count the number of entries, at most the batch size the sink was opened for
     * @param pages out: buffers over the data-carrying pfns' memory, in pfn order
     * @return the number of buffers filled in {@code pages}
     * @throws DomainException when the batch cannot be mapped
     */
    int mapForRead(long[] pfns, int[] types, int count, ByteBuffer[] pages);

    /** Ends the use of the buffers of the last map. */
    void unmap();

    @Override
    void close();
}
