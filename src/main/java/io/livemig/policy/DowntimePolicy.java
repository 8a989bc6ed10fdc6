package io.livemig.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * Stop and copy as soon as the estimated downtime fits a target, as QEMU and Cloud Hypervisor
 * decide: the remaining pages ({@link PrecopyMetrics#remainingPages()}) over the bandwidth. The
 * bandwidth is the measured one ({@link PrecopyMetrics#bandwidth()}) unless the user gives the
 * bandwidth the switchover will have. A target set by the operator while the save runs replaces
 * this one. It never aborts and never stops before a measurement exists; pair it with a deadline
 * for guests that never converge.
 *
 * @param target              longest acceptable downtime
 * @param switchoverBandwidth bytes per second to assume for the suspended pass, 0 to use the measured bandwidth
 */
public record DowntimePolicy(Duration target, long switchoverBandwidth) implements MeasuredPrecopyPolicy {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when {@code target} or {@code switchoverBandwidth} is negative
     */
    public DowntimePolicy {
        Objects.requireNonNull(target, "target");
        if (target.isNegative()) {
            throw new IllegalArgumentException("downtime target < 0: " + target);
        }
        if (switchoverBandwidth < 0) {
            throw new IllegalArgumentException("switchover bandwidth < 0: " + switchoverBandwidth);
        }
    }

    /**
     * A target with the measured bandwidth.
     *
     * @param target longest acceptable downtime
     */
    public DowntimePolicy(Duration target) {
        this(target, 0);
    }

    @Override
    public Decision decide(PrecopyStats stats, PrecopyMetrics metrics) {
        long targetNanos = metrics.downtimeTargetSet() ? metrics.downtimeTargetNanos() : target.toNanos();
        return fits(metrics, targetNanos, switchoverBandwidth) ? Decision.STOP_AND_COPY : Decision.CONTINUE_PRECOPY;
    }

    /**
     * True when the estimated downtime is known and at most {@code targetNanos}.
     *
     * @param switchoverBandwidth bytes per second to assume, 0 for the measured bandwidth
     */
    static boolean fits(PrecopyMetrics metrics, long targetNanos, long switchoverBandwidth) {
        long estimate = switchoverBandwidth > 0 ? metrics.estimatedDowntimeNanos(switchoverBandwidth)
                : metrics.estimatedDowntimeNanos();
        return estimate >= 0 && estimate <= targetNanos;
    }
}
