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

    public ChannelOutput(GatheringByteChannel channel) {
        this.channel = channel;
    }

    /** Writes every remaining byte of {@code bufs[offset .. offset+length)}; one gathering write when the channel takes it all. */
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

    /** Writes every remaining byte of one buffer. */
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

    public long bytesWritten() {
        return bytesWritten;
    }

    /** Write calls made, including those that completed a short write. */
    public long writeCalls() {
        return writeCalls;
    }

    /** Write calls that took fewer bytes than were offered. */
    public long shortWrites() {
        return shortWrites;
    }

    public GatheringByteChannel channel() {
        return channel;
    }
}
