package io.livemig.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * A downtime target that rises while precopy runs, as OpenStack Nova and KubeVirt step theirs:
 * it starts at {@code from} and rises in {@code steps} equal steps, one every {@code every} of
 * the save's elapsed time, until it reaches {@code to}; precopy stops and copies as soon as the
 * estimated downtime fits the current target (see {@link DowntimePolicy}). A target set by the
 * operator replaces the schedule.
 *
 * @param from                first target
 * @param to                  last target, at least {@code from}
 * @param steps               number of rises, at least 1
 * @param every               elapsed time between two rises
 * @param switchoverBandwidth bytes per second to assume for the suspended pass, 0 for the measured bandwidth
 */
public record DowntimeSteppingPolicy(Duration from, Duration to, int steps, Duration every, long switchoverBandwidth)
        implements MeasuredPrecopyPolicy {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when {@code from} is negative or above {@code to}, {@code steps} is
     *                                  below 1, {@code every} is not more than 0, or {@code switchoverBandwidth}
     *                                  is negative
     */
    public DowntimeSteppingPolicy {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(every, "every");
        if (from.isNegative() || to.compareTo(from) < 0) {
            throw new IllegalArgumentException("downtime steps must rise from >= 0: " + from + " to " + to);
        }
        if (steps < 1) {
            throw new IllegalArgumentException("downtime steps must be at least 1, not " + steps);
        }
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("time between downtime steps must be > 0, not " + every);
        }
        if (switchoverBandwidth < 0) {
            throw new IllegalArgumentException("switchover bandwidth < 0: " + switchoverBandwidth);
        }
    }

    /**
     * The target after {@code elapsedNanos} of the save.
     *
     * @param elapsedNanos time since the save started, in nanoseconds
     * @return the downtime target in nanoseconds, from {@code from} up to {@code to}
     */
    public long targetNanos(long elapsedNanos) {
        long step = Math.min(steps, elapsedNanos / every.toNanos());
        long span = to.toNanos() - from.toNanos();
        return from.toNanos() + Math.round((double) span * step / steps);
    }

    @Override
    public Decision decide(PrecopyStats stats, PrecopyMetrics metrics) {
        long target = metrics.downtimeTargetSet() ? metrics.downtimeTargetNanos() : targetNanos(metrics.elapsedNanos());
        return DowntimePolicy.fits(metrics, target, switchoverBandwidth) ? Decision.STOP_AND_COPY : Decision.CONTINUE_PRECOPY;
    }
}
