package io.livemig.engine;

import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/** A link of a fixed bandwidth on a manual clock: every write takes its bytes over the rate. Discards the bytes. */
final class TimedChannel implements GatheringByteChannel {
    private final ManualClock clock;
    private final double bytesPerSecond;
    private double owedNanos;

    TimedChannel(ManualClock clock, double bytesPerSecond) {
        this.clock = clock;
        this.bytesPerSecond = bytesPerSecond;
    }

    private long take(long bytes) {
        owedNanos += bytes * 1e9 / bytesPerSecond;
        long whole = (long) owedNanos;
        owedNanos -= whole;
        clock.advance(whole);
        return bytes;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            n += srcs[i].remaining();
            srcs[i].position(srcs[i].limit());
        }
        return take(n);
    }

    @Override
    public long write(ByteBuffer[] srcs) {
        return write(srcs, 0, srcs.length);
    }

    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        src.position(src.limit());
        return (int) take(n);
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
