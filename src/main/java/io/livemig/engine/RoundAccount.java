package io.livemig.engine;

import java.io.InterruptedIOException;

/**
 * The bookkeeping of the round being sent: what its batches carried, the bandwidth limit of the
 * round, the policy's measurements, when progress is due, and the {@link RoundStats} it adds up
 * to. One instance per save, started again for each round; nothing is allocated per batch.
 */
final class RoundAccount {
    /** Progress is reported every 4 MiB of pages, as xc_report_progress_step is. */
    static final int PROGRESS_STEP_PAGES = 1024;

    private final NanoClock clock;
    private final PrecopyMeter meter;

    private int iteration;
    private boolean live;
    private boolean verify;
    private long dirtyPages;
    /** Null when the round is not limited. */
    private RateLimiter limiter;
    private long startNanos;
    private long startBytes;
    /** The end of the previous batch: its time and the stream's bytes by then. */
    private long batchStartNanos;
    private long batchStartBytes;
    private long entries;
    private long dataPages;
    private long deferredPages;
    private long records;
    private long nextProgress;
    private int throttle;

    RoundAccount(NanoClock clock, PrecopyMeter meter) {
        this.clock = clock;
        this.meter = meter;
    }

    /** Round {@code iteration} starts with {@code streamBytes} written so far, under {@code limiter} (or none). */
    void start(int iteration, boolean live, long dirtyPages, RateLimiter limiter, long streamBytes) {
        start(iteration, live, false, dirtyPages, limiter, streamBytes, 0);
    }

    /**
     * As {@link #start(int, boolean, long, RateLimiter, long)}, for a verify pass when
     * {@code verify}, with the guest's CPU throttle in force.
     */
    void start(int iteration, boolean live, boolean verify, long dirtyPages, RateLimiter limiter, long streamBytes, int throttle) {
        this.throttle = throttle;
        this.iteration = iteration;
        this.live = live;
        this.verify = verify;
        this.dirtyPages = dirtyPages;
        this.limiter = limiter;
        long now = clock.nanoTime();
        startNanos = now;
        startBytes = streamBytes;
        batchStartNanos = now;
        batchStartBytes = streamBytes;
        entries = 0;
        dataPages = 0;
        deferredPages = 0;
        records = 0;
        nextProgress = PROGRESS_STEP_PAGES;
        meter.roundStarted(now, streamBytes);
    }

    /**
     * One PAGE_DATA record of {@code batchEntries} entries went out, {@code batchDataPages} of
     * them with data and {@code batchDeferred} deferred; the stream now holds {@code streamBytes}.
     * Waits for the bandwidth limit when the round has one.
     *
     * @return whether progress is due (every {@link #PROGRESS_STEP_PAGES} entries)
     * @throws InterruptedIOException when interrupted while waiting for the limit
     */
    boolean batchSent(int batchEntries, long batchDataPages, int batchDeferred, long streamBytes)
            throws InterruptedIOException {
        final RateLimiter limit = limiter;
        long now = limit != null ? limit.sent(streamBytes - batchStartBytes, batchStartNanos) : clock.nanoTime();
        batchStartNanos = now;
        batchStartBytes = streamBytes;
        meter.batchSent(now, streamBytes);
        entries += batchEntries;
        dataPages += batchDataPages;
        deferredPages += batchDeferred;
        records++;
        if (entries >= nextProgress) {
            nextProgress = entries + PROGRESS_STEP_PAGES;
            return true;
        }
        return false;
    }

    /** The guest's throttle changed during the round: the round records the highest. */
    void throttled(int percent) {
        throttle = Math.max(throttle, percent);
    }

    /** PAGE_DATA entries sent so far in this round. */
    long entries() {
        return entries;
    }

    /** The round is over (complete or interrupted) with {@code streamBytes} written. */
    RoundStats finish(long streamBytes) {
        long endNanos = clock.nanoTime();
        meter.roundFinished(endNanos, streamBytes, live);
        return new RoundStats(iteration, live, dirtyPages, entries, dataPages, deferredPages, records,
                streamBytes - startBytes, endNanos - startNanos, limiter == null ? 0 : limiter.bytesPerSecond(), verify, throttle);
    }
}
