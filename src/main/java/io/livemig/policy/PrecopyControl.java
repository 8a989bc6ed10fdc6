package io.livemig.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Live control of a running save, for the operator or the host application: force stop-and-copy,
 * abort, or change the downtime target while precopy runs. Thread-safe: any thread may call it at
 * any time; the engine's saving thread applies it at the next policy consultation (Xen's order:
 * before and after every live round), never in the middle of a round.
 *
 * <p>{@link #wrap} puts the control in front of a policy (the engine does it when given the
 * control through {@code SaveOptions.Builder.control}):
 * <ul>
 *   <li>a forced decision is the answer at the next consultation, without asking the policy;
 *       the last request before that consultation wins;</li>
 *   <li>a downtime target replaces the targets of the downtime policies it wraps (they read
 *       {@link PrecopyMetrics#downtimeTargetNanos()}), and precopy also stops as soon as the
 *       estimated downtime fits it, whatever the policy is;</li>
 *   <li>{@link #status()} tells what the last consultation saw and answered.</li>
 * </ul>
 * One control serves one save.
 */
public final class PrecopyControl {
    private final AtomicReference<Decision> forced = new AtomicReference<>();
    private volatile long downtimeTargetNanos = PrecopyMetrics.UNKNOWN;
    private volatile Status last;

    /**
     * What the last consultation saw and answered.
     *
     * @param stats    Xen's fields at that consultation
     * @param metrics  the measurements, with the operator's target if one was set
     * @param decision the answer given to the engine
     * @param forced   true when the answer was the operator's, not the policy's
     */
    public record Status(PrecopyStats stats, PrecopyMetrics metrics, Decision decision, boolean forced) {
    }

    /** Stop and copy at the next consultation (the current round, if any, still completes). */
    public void requestStopAndCopy() {
        forced.set(Decision.STOP_AND_COPY);
    }

    /** Abort at the next consultation: the guest keeps running on the source, the save fails. */
    public void requestAbort() {
        forced.set(Decision.ABORT);
    }

    /** The decision the next consultation will be forced to, or null. */
    public Decision pendingDecision() {
        return forced.get();
    }

    /** From the next consultation, this downtime target applies (see the class comment). */
    public void setDowntimeTarget(Duration target) {
        Objects.requireNonNull(target, "target");
        if (target.isNegative()) {
            throw new IllegalArgumentException("downtime target < 0: " + target);
        }
        downtimeTargetNanos = target.toNanos();
    }

    /** The operator's downtime target in nanoseconds, or -1 when none was set. */
    public long downtimeTargetNanos() {
        return downtimeTargetNanos;
    }

    /** The last consultation, or null before the first. */
    public Status status() {
        return last;
    }

    /** The policy with this control in front of it. */
    public MeasuredPrecopyPolicy wrap(PrecopyPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return new MeasuredPrecopyPolicy() {
            @Override
            public Decision decide(PrecopyStats stats, PrecopyMetrics metrics) {
                // the engine already shows the target it read; outside an engine, read it here
                long target = metrics.downtimeTargetSet() ? metrics.downtimeTargetNanos() : downtimeTargetNanos;
                PrecopyMetrics seen = target >= 0 && !metrics.downtimeTargetSet() ? metrics.withDowntimeTarget(target) : metrics;
                Decision operator = forced.get();
                if (operator != null) {
                    last = new Status(stats, seen, operator, true);
                    return operator;
                }
                Decision d = policy.decide(stats, seen);
                if (d == Decision.CONTINUE_PRECOPY && target >= 0 && DowntimePolicy.fits(seen, target, 0)) {
                    d = Decision.STOP_AND_COPY;
                }
                last = new Status(stats, seen, d, false);
                return d;
            }

            @Override
            public String toString() {
                return "controlled " + policy;
            }
        };
    }
}
