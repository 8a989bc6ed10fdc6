package io.livemig.policy;

import io.livemig.util.Durations;
import java.time.Duration;
import java.util.Locale;

/**
 * A {@link ThrottleStrategy} that throttles just enough for the measured dirty rate to fit a
 * downtime target at the measured bandwidth, in one step rather than QEMU's staircase.
 *
 * <p>At every fetch of the dirty bitmap it knows the pages to send next ({@code D}, the dirty
 * count), the bandwidth {@code B} ({@link PrecopyMetrics#bandwidth()}, bytes per second) and the
 * rate at which the guest dirtied pages under the throttle in force ({@code r}, pages per
 * second). The next round lasts {@code D × 4104 / B} seconds; for the pages it leaves behind to
 * fit the target {@code T} at {@code B}, the guest may dirty at most
 * {@code B² × T / (4104² × D)} pages a second. The throttle is the share of the unthrottled rate
 * ({@code r / (1 - current)}) that must go, between 0 and {@code max}. The rate is of distinct
 * pages, which grows less than linearly with time, so the model errs on the side of throttling
 * more. The operator's downtime target ({@link PrecopyMetrics#downtimeTargetNanos()}), when
 * set, replaces {@code T}, as it does a downtime policy's.
 *
 * <p>Nothing changes until the first fetch has measured a dirty rate and a bandwidth is known.
 */
public final class TargetThrottle implements ThrottleStrategy {
    private final long targetNanos;
    private final int max;

    /**
     * A throttle for {@code target}, capped at {@code max}.
     *
     * @param target the downtime the next round's leftovers must fit, more than 0
     * @param max    the throttle never goes above it, 1..99 %
     * @throws IllegalArgumentException when {@code target} is not more than 0 or {@code max} is outside 1..99
     */
    public TargetThrottle(Duration target, int max) {
        if (target.isNegative() || target.isZero()) {
            throw new IllegalArgumentException("auto-converge target must be more than 0, not " + target);
        }
        if (max < 1 || max > MAX_PERCENT) {
            throw new IllegalArgumentException("auto-converge max must be 1.." + MAX_PERCENT + " %, not " + max);
        }
        this.targetNanos = target.toNanos();
        this.max = max;
    }

    @Override
    public int throttle(PrecopyStats stats, PrecopyMetrics metrics, int current) {
        double bandwidth = metrics.bandwidth();
        double dirtyRate = metrics.dirtyRate();
        if (!stats.dirtyCountKnown() || stats.iteration() == 0 || !(bandwidth > 0) || dirtyRate < 0) {
            return current;
        }
        long target = metrics.downtimeTargetSet() ? metrics.downtimeTargetNanos() : targetNanos;
        double pagesPerSecond = bandwidth / PrecopyMetrics.STREAM_BYTES_PER_PAGE;
        double nextRoundSeconds = Math.max(1, stats.dirtyCount()) / pagesPerSecond;
        double fittingPages = pagesPerSecond * target / 1e9;
        double allowedRate = fittingPages / nextRoundSeconds;
        double unthrottledRate = dirtyRate / (1 - current / 100.0);
        if (unthrottledRate <= allowedRate) {
            return 0;
        }
        int needed = (int) Math.ceil(100 * (1 - allowedRate / unthrottledRate));
        return Math.min(needed, max);
    }

    /**
     * The downtime target it throttles for when the operator has set none.
     *
     * @return the target given to the constructor
     */
    public Duration target() {
        return Duration.ofNanos(targetNanos);
    }

    /**
     * Highest throttle it sets.
     *
     * @return the ceiling, 1..99 %
     */
    public int max() {
        return max;
    }

    /** "auto-converge target=300ms,max=99%" */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "auto-converge target=%s,max=%d%%", Durations.format(targetNanos), max);
    }
}
