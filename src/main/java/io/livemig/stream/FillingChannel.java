package io.livemig.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ScatteringByteChannel;

/**
 * A scattering channel that a reader can tell the bytes are on their way: a read that the caller
 * will fill to the last byte, such as a PAGE_DATA record's page data, whose length the record's
 * header fixed. The channel may then wait for more than the first byte before it returns, which
 * saves the reader a wake-up for every few segments that arrive. The reader ({@link StreamReader})
 * uses it when its channel offers it; {@link io.livemig.transport.FdChannel} does, for sockets.
 */
public interface FillingChannel extends ScatteringByteChannel {
    /**
     * Reads as {@link #read(ByteBuffer[], int, int)} does, for a caller that knows the stream
     * carries every remaining byte of {@code dsts[offset .. offset + length)} and will read until
     * they are all there.
     *
     * <p>Contract: returns at least one byte, or -1 at the end of the stream, as a blocking read
     * does; it may return fewer bytes than the buffers hold (the caller reads again). It never
     * waits for a byte beyond the buffers' remaining ones, so a caller that asks only for what is
     * certain to come is never held up by the bytes that follow. When the sender pauses inside
     * those bytes, what came is returned within one of the channel's wait slices; a stream cut
     * short ends the wait as it ends any read.
     *
     * @param dsts   the buffers to read into, in order
     * @param offset the first buffer to use
     * @param length how many buffers, from {@code offset}, to use
     * @return the bytes read, or -1 at the end of the stream
     * @throws IOException as {@link #read(ByteBuffer[], int, int)}
     */
    long readToFill(ByteBuffer[] dsts, int offset, int length) throws IOException;
}
