package io.livemig.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * Writes whole buffers to a channel: partial (short) writes are completed and counted, not
 * hidden. A channel that accepts nothing many times in a row (a non-blocking channel with no
 * room) is an error rather than a busy loop.
 */
public final class ChannelOutput {
    private static final int MAX_ZERO_WRITES = 1_000;

    private final GatheringByteChannel channel;
    private long bytesWritten;
    private long writeCalls;
    private long shortWrites;

    /**
     * Wraps a channel; nothing is written until a {@code writeFully} call.
     *
     * @param channel the channel to write to
     */
    public ChannelOutput(GatheringByteChannel channel) {
        this.channel = channel;
    }

    /**
     * Writes every remaining byte of {@code bufs[offset .. offset+length)}; one gathering write when the channel takes it all.
     *
     * @param bufs   the buffers; each one's position ends at its limit
     * @param offset index in {@code bufs} of the first buffer to write
     * @param length number of buffers to write
     * @throws IOException when the channel fails, or accepts no bytes 1,000 times in a row
     */
    public void writeFully(ByteBuffer[] bufs, int offset, int length) throws IOException {
        long want = 0;
        for (int i = offset; i < offset + length; i++) {
            want += bufs[i].remaining();
        }
        int first = offset;
        int end = offset + length;
        int zeroWrites = 0;
        while (want > 0) {
            long n = channel.write(bufs, first, end - first);
            writeCalls++;
            if (n < want) {
                shortWrites++;
            }
            if (n <= 0) {
                if (++zeroWrites > MAX_ZERO_WRITES) {
                    throw new IOException("the output channel accepted no bytes " + MAX_ZERO_WRITES + " times in a row");
                }
                Thread.onSpinWait();
                continue;
            }
            zeroWrites = 0;
            want -= n;
            bytesWritten += n;
            while (first < end && !bufs[first].hasRemaining()) {
                first++;
            }
        }
    }

    /**
     * Writes every remaining byte of one buffer.
     *
     * @param buf the buffer; its position ends at its limit
     * @throws IOException when the channel fails, or accepts no bytes 1,000 times in a row
     */
    public void writeFully(ByteBuffer buf) throws IOException {
        int zeroWrites = 0;
        while (buf.hasRemaining()) {
            int want = buf.remaining();
            int n = channel.write(buf);
            writeCalls++;
            if (n < want) {
                shortWrites++;
            }
            if (n <= 0) {
                if (++zeroWrites > MAX_ZERO_WRITES) {
                    throw new IOException("the output channel accepted no bytes " + MAX_ZERO_WRITES + " times in a row");
                }
                Thread.onSpinWait();
                continue;
            }
            zeroWrites = 0;
            bytesWritten += n;
        }
    }

    /**
     * Bytes the channel has accepted through this output so far.
     *
     * @return bytes written since construction
     */
    public long bytesWritten() {
        return bytesWritten;
    }

    /**
     * Write calls made, including those that completed a short write.
     *
     * @return calls to the channel's {@code write} since construction
     */
    public long writeCalls() {
        return writeCalls;
    }

    /**
     * Write calls that took fewer bytes than were offered.
     *
     * @return short writes since construction, those that took no bytes included
     */
    public long shortWrites() {
        return shortWrites;
    }

    /**
     * The channel this output writes to.
     *
     * @return the channel given to the constructor
     */
    public GatheringByteChannel channel() {
        return channel;
    }
}
