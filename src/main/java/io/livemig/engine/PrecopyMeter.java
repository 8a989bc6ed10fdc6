package io.livemig.engine;

import io.livemig.policy.PrecopyMetrics;
import io.livemig.policy.PrecopyStats;

/**
 * Measures a save for its policy: round durations and bytes, bandwidth per round and over a
 * recent window of sending time, the guest's dirty rate between fetches, and from them the
 * remaining pages. Samples live in preallocated arrays, so the per-batch call allocates nothing;
 * {@link #metrics} allocates the one immutable value handed to the policy.
 *
 * <p>Bandwidth is measured on sending time only (rounds, including waits for the rate limit and
 * for the receiver), not on the pauses between rounds, because it predicts the suspended pass.
 */
final class PrecopyMeter {
    private static final int SAMPLES = 64;

    private final long pfnCount;
    private final long bandwidthLimit;
    private final long windowNanos;
    private final long sampleSpacingNanos;
    /** Ring of (sending time, bytes) points, oldest first from {@code sampleStart}; see {@link #addSample}. */
    private final long[] sampleSendNanos = new long[SAMPLES];
    private final long[] sampleBytes = new long[SAMPLES];
    private int sampleStart;
    private int sampleCount;

    private long startNanos;
    private long sentNanosBefore;
    private long sentBytesBefore;
    private long roundStartNanos;
    private long roundStartBytes;
    private long roundNanos;
    private long roundBytes;
    private long previousRoundNanos;
    private long previousRoundBytes;
    /** Whether {@code lastFetchNanos} holds a time: log-dirty was enabled, or a fetch was made. */
    private boolean fetchStarted;
    private long lastFetchNanos;
    private double dirtyRate = PrecopyMetrics.UNKNOWN;

    /** @param windowNanos sending time the window bandwidth covers, more than 0 */
    PrecopyMeter(long pfnCount, long bandwidthLimit, long windowNanos) {
        if (windowNanos <= 0) {
            throw new IllegalArgumentException("bandwidth window must be more than 0 ns, not " + windowNanos);
        }
        this.pfnCount = pfnCount;
        this.bandwidthLimit = bandwidthLimit;
        this.windowNanos = windowNanos;
        this.sampleSpacingNanos = Math.max(1, windowNanos / 16);
    }

    void started(long now) {
        startNanos = now;
        addSample(0, 0);
    }

    /** Log-dirty is on: pages dirtied from now are counted by the first fetch. */
    void logDirtyEnabled(long now) {
        fetchStarted = true;
        lastFetchNanos = now;
    }

    /** A fetch-and-clear returned {@code count} pages dirtied since the previous one. */
    void fetched(long now, long count) {
        if (fetchStarted && now > lastFetchNanos) {
            dirtyRate = count * 1e9 / (now - lastFetchNanos);
        }
        fetchStarted = true;
        lastFetchNanos = now;
    }

    void roundStarted(long now, long streamBytes) {
        roundStartNanos = now;
        roundStartBytes = streamBytes;
    }

    /** After each batch: a point of the bandwidth curve (see {@link #addSample}). No allocation. */
    void batchSent(long now, long streamBytes) {
        addSample(sentNanosBefore + (now - roundStartNanos), sentBytesBefore + (streamBytes - roundStartBytes));
    }

    void roundFinished(long now, long streamBytes, boolean live) {
        long nanos = now - roundStartNanos;
        long bytes = streamBytes - roundStartBytes;
        sentNanosBefore += nanos;
        sentBytesBefore += bytes;
        addSample(sentNanosBefore, sentBytesBefore);
        if (live) {
            previousRoundNanos = roundNanos;
            previousRoundBytes = roundBytes;
            roundNanos = nanos;
            roundBytes = bytes;
        }
    }

    /**
     * Adds the newest point (sending time, bytes). The points before the newest stay at least a
     * sample spacing apart, so that the ring covers about four windows however short the batches
     * and the rounds: the new point replaces the newest when that one came less than a spacing
     * after the point before it, or at the same time.
     */
    private void addSample(long sendNanos, long bytes) {
        if (sampleCount > 0) {
            int newest = slot(sampleCount - 1);
            if (sampleSendNanos[newest] == sendNanos) {
                sampleBytes[newest] = bytes; // nothing sent in between: keep one point
                return;
            }
            if (sampleCount > 1 && sampleSendNanos[newest] - sampleSendNanos[slot(sampleCount - 2)] < sampleSpacingNanos) {
                sampleCount--; // replaced below
            }
        }
        if (sampleCount == SAMPLES) {
            sampleStart = slot(1);
            sampleCount--;
        }
        int slot = slot(sampleCount);
        sampleSendNanos[slot] = sendNanos;
        sampleBytes[slot] = bytes;
        sampleCount++;
    }

    /** The ring's slot of the {@code i}-th point, oldest first. */
    private int slot(int i) {
        return (sampleStart + i) % SAMPLES;
    }

    /**
     * Bytes per second over the last window of sending time (or all of it when shorter), the
     * bytes at the window's start interpolated between the points around it; UNKNOWN before any.
     * Read between rounds, where the newest point is the last round's end.
     */
    double windowBandwidth() {
        if (sentNanosBefore == 0) {
            return PrecopyMetrics.UNKNOWN;
        }
        long from = sentNanosBefore - windowNanos;
        int pick = -1;
        for (int i = sampleCount - 1; i >= 0; i--) {
            if (sampleSendNanos[slot(i)] <= from) {
                pick = i;
                break;
            }
        }
        long startNanos;
        double startBytes;
        if (pick < 0) { // the window reaches past every point: from the oldest
            startNanos = sampleSendNanos[sampleStart];
            startBytes = sampleBytes[sampleStart];
        } else { // a point after it exists: the newest is at sentNanosBefore, after from
            int a = slot(pick);
            int b = slot(pick + 1);
            startNanos = from;
            startBytes = sampleBytes[a] + (double) (sampleBytes[b] - sampleBytes[a]) * (from - sampleSendNanos[a])
                    / (sampleSendNanos[b] - sampleSendNanos[a]);
        }
        long nanos = sentNanosBefore - startNanos;
        return nanos <= 0 ? PrecopyMetrics.UNKNOWN : (sentBytesBefore - startBytes) * 1e9 / nanos;
    }

    /** What the policy sees at a consultation at {@code now}, with the operator's downtime target (or UNKNOWN). */
    PrecopyMetrics metrics(long now, PrecopyStats stats, long downtimeTargetNanos) {
        long remaining;
        if (stats.dirtyCountKnown()) {
            remaining = stats.dirtyCount();
        } else if (dirtyRate >= 0) { // a rate was measured, so there was a fetch
            remaining = Math.min(pfnCount, Math.round(dirtyRate * Math.max(0, now - lastFetchNanos) / 1e9));
        } else {
            remaining = PrecopyMetrics.UNKNOWN;
        }
        double roundBandwidth = roundNanos > 0 ? roundBytes * 1e9 / roundNanos : PrecopyMetrics.UNKNOWN;
        return new PrecopyMetrics(Math.max(0, now - startNanos), roundNanos, roundBytes, previousRoundNanos,
                previousRoundBytes, roundBandwidth, windowBandwidth(), dirtyRate, remaining, bandwidthLimit,
                downtimeTargetNanos);
    }
}
