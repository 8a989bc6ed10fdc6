package io.livemig.engine;

import java.io.InterruptedIOException;

/**
 * A token bucket for the send loop: bytes are accounted after they are written, and when the
 * bucket is in debt the sender waits until it is not, so the average rate never exceeds the
 * limit and a burst never exceeds the bucket plus one record. No allocation per call.
 * Not thread-safe: the saving thread owns it.
 */
public final class RateLimiter {
    private final long bytesPerSecond;
    private final double capacity;
    private final NanoClock clock;
    private double tokens;
    private long last;
    private long waitedNanos;

    /**
     * A limiter whose bucket starts full.
     *
     * @param bytesPerSecond the limit, more than 0
     * @param burstBytes     the bucket's size: bytes that may go out at once after a pause, more than 0
     * @param clock          time and waiting
     * @throws IllegalArgumentException when {@code bytesPerSecond} or {@code burstBytes} is not more than 0
     */
    public RateLimiter(long bytesPerSecond, long burstBytes, NanoClock clock) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bandwidth limit must be more than 0 bytes/s, not " + bytesPerSecond);
        }
        if (burstBytes <= 0) {
            throw new IllegalArgumentException("burst must be more than 0 bytes, not " + burstBytes);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.capacity = burstBytes;
        this.clock = clock;
        this.tokens = burstBytes;
        this.last = clock.nanoTime();
    }

    /**
     * The bucket the engine uses: a twentieth of a second of the rate, at least 64 KiB.
     *
     * @param bytesPerSecond the limit
     * @return the bucket's size in bytes
     */
    public static long defaultBurst(long bytesPerSecond) {
        return Math.max(64 << 10, bytesPerSecond / 20);
    }

    /**
     * The limit.
     *
     * @return bytes per second, more than 0
     */
    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /**
     * Time spent waiting so far.
     *
     * @return nanoseconds, by the clock
     */
    public long waitedNanos() {
        return waitedNanos;
    }

    /**
     * Accounts for {@code bytes} that have just been written, all at once, and waits while the
     * bucket is in debt.
     *
     * @param bytes stream bytes just written
     * @throws InterruptedIOException when the thread is interrupted while it waits (the interrupt is kept)
     */
    public void sent(long bytes) throws InterruptedIOException {
        sent(bytes, clock.nanoTime());
    }

    /**
     * Accounts for {@code bytes} written since {@code startedAt} and waits while the bucket is in
     * debt. The time before {@code startedAt} was idle: it refills the bucket up to its size only.
     * The time the write took counts in full, so a slow link is not charged twice.
     *
     * @param bytes     stream bytes written since {@code startedAt}
     * @param startedAt the clock's time, in nanoseconds, when the write began
     * @return the clock's time when the caller may go on
     * @throws InterruptedIOException when the thread is interrupted while it waits (the interrupt is kept)
     */
    public long sent(long bytes, long startedAt) throws InterruptedIOException {
        refill(startedAt);
        long now = clock.nanoTime();
        double writing = now > last ? (now - last) * (double) bytesPerSecond / 1e9 : 0;
        tokens = Math.min(capacity, tokens + writing - bytes);
        last = Math.max(last, now);
        while (tokens < 0) {
            long wait = (long) Math.ceil(-tokens * 1e9 / bytesPerSecond);
            long before = clock.nanoTime();
            try {
                clock.sleepNanos(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the bandwidth limit");
            }
            now = clock.nanoTime();
            waitedNanos += now - before;
            refill(now);
        }
        return now;
    }

    private void refill(long now) {
        if (now > last) {
            tokens = Math.min(capacity, tokens + (now - last) * (double) bytesPerSecond / 1e9);
            last = now;
        }
    }
}
