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
     * @return the number of buffers filled in {@code pages}
     * @throws DomainException when a pfn cannot be populated
     */
    int mapForWrite(long[] pfns, int[] types, int count, ByteBuffer[] pages);

    /** Read-only buffers over the current data of the data-carrying entries, for VERIFY. */
    int mapForRead(long[] pfns, int[] types, int count, ByteBuffer[] pages);

    /** Ends the use of the buffers of the last map. */
    void unmap();

    @Override
    void close();
}
