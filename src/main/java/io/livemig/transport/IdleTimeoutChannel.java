package io.livemig.transport;

import io.livemig.stream.FillingChannel;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ScatteringByteChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A blocking channel whose reads give up when no byte has come for a given time: a watchdog
 * thread closes the channel under a read that has waited longer, and that read then fails with a
 * {@link SocketTimeoutException} naming the source and the limit. Only time spent waiting inside
 * a read counts, so a receiver that is busy applying what it read never times out. Reads pass
 * straight through (scattering reads into the caller's buffers, no copy, no allocation per read).
 */
final class IdleTimeoutChannel implements FillingChannel {
    private final ScatteringByteChannel in;
    /** {@code in} when it can read to fill, else null. */
    private final FillingChannel filling;
    private final long timeoutNanos;
    private final Duration timeout;
    private final String source;
    private final Thread watchdog;
    /** System.nanoTime() when the read in progress started waiting, 0 when no read is in progress. */
    private volatile long waitingSince;
    private volatile boolean timedOut;

    IdleTimeoutChannel(ScatteringByteChannel in, Duration timeout, String source) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("idle timeout must be positive: " + timeout);
        }
        this.in = in;
        this.filling = in instanceof FillingChannel f ? f : null;
        this.timeout = timeout;
        this.timeoutNanos = timeout.toNanos();
        this.source = source;
        long tick = Math.clamp(timeoutNanos / 8, TimeUnit.MILLISECONDS.toNanos(5), TimeUnit.SECONDS.toNanos(1));
        this.watchdog = Thread.ofPlatform().daemon().name("idle-timeout " + source).start(() -> watch(tick));
    }

    private void watch(long tickNanos) {
        while (in.isOpen()) {
            try {
                Thread.sleep(Duration.ofNanos(tickNanos));
            } catch (InterruptedException e) {
                return;
            }
            long since = waitingSince;
            if (since != 0 && System.nanoTime() - since > timeoutNanos) {
                timedOut = true;
                try {
                    in.close(); // wakes the blocked read with an AsynchronousCloseException
                } catch (IOException e) {
                    // the read fails anyway once the channel is closed
                }
                return;
            }
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        waitingSince = System.nanoTime();
        try {
            return in.read(dst);
        } catch (ClosedChannelException e) {
            throw timedOut ? idle(e) : e;
        } finally {
            waitingSince = 0;
        }
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        waitingSince = System.nanoTime();
        try {
            return in.read(dsts, offset, length);
        } catch (ClosedChannelException e) {
            throw timedOut ? idle(e) : e;
        } finally {
            waitingSince = 0;
        }
    }

    @Override
    public long readToFill(ByteBuffer[] dsts, int offset, int length) throws IOException {
        waitingSince = System.nanoTime();
        try {
            return filling != null ? filling.readToFill(dsts, offset, length) : in.read(dsts, offset, length);
        } catch (ClosedChannelException e) {
            throw timedOut ? idle(e) : e;
        } finally {
            waitingSince = 0;
        }
    }

    @Override
    public long read(ByteBuffer[] dsts) throws IOException {
        return read(dsts, 0, dsts.length);
    }

    private SocketTimeoutException idle(ClosedChannelException cause) {
        SocketTimeoutException e = new SocketTimeoutException("no data from " + source + " for " + Net.seconds(timeout)
                + " (idle timeout): the sender stalled or the connection is gone");
        e.initCause(cause);
        return e;
    }

    /** The channel whose reads are watched (the connection itself, for writing the other way). */
    ScatteringByteChannel connection() {
        return in;
    }

    /** True once the watchdog closed the channel for idleness. */
    boolean timedOut() {
        return timedOut;
    }

    @Override
    public boolean isOpen() {
        return in.isOpen();
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } finally {
            watchdog.interrupt();
        }
    }
}
