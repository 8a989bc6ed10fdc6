package io.livemig.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Live control of a running save, for the operator or the host application: force stop-and-copy,
 * abort, change the downtime target or the guest's CPU throttle while precopy runs, or interrupt
 * the save. Thread-safe: any
 * thread may call it at any time. The engine's saving thread applies a request at the next policy
 * consultation (Xen's order: before and after every live round), and an {@link #interrupt} also
 * between two batches of a round, so that a signal does not wait for a long round to end.
 *
 * <p>{@link #wrap} puts the control in front of a policy (the engine does it when given the
 * control through {@code SaveOptions.Builder.control}):
 * <ul>
 *   <li>a forced decision is the answer at the next consultation, without asking the policy;
 *       the last request before that consultation wins;</li>
 *   <li>a downtime target replaces the targets of the downtime policies it wraps (they read
 *       {@link PrecopyMetrics#downtimeTargetNanos()}), and precopy also stops as soon as the
 *       estimated downtime fits it, whatever the policy is;</li>
 *   <li>a throttle ({@link #setThrottle}) fixes the guest's CPU throttle, in place of the
 *       save's {@link ThrottleStrategy}, until {@link #throttleAuto()} hands it back; the engine
 *       applies it between two batches, without waiting for the round's end;</li>
 *   <li>{@link #status()} tells what the last consultation saw and answered, {@link #throttle()}
 *       the throttle in force.</li>
 * </ul>
 * One control serves one save.
 */
public final class PrecopyControl {
    private final AtomicReference<Request> forced = new AtomicReference<>();
    private volatile long downtimeTargetNanos = PrecopyMetrics.UNKNOWN;
    private volatile String interruption;
    private volatile Status last;
    /** {@link #THROTTLE_AUTO} or the operator's fixed throttle, 0..99. */
    private volatile int throttleRequest = THROTTLE_AUTO;
    private volatile int throttle;

    /** {@link #requestedThrottle()} when the save's strategy decides the throttle (no fixed throttle). */
    public static final int THROTTLE_AUTO = -1;

    /** A control with nothing requested: the policy decides, the strategy throttles. */
    public PrecopyControl() {
    }

    /** A forced decision and who asked for it, in words ("livemig control stop", "SIGINT"). */
    private record Request(Decision decision, String reason) {
    }

    /**
     * What the last consultation saw and answered.
     *
     * @param stats    Xen's fields at that consultation
     * @param metrics  the measurements, with the operator's target if one was set
     * @param decision the answer given to the engine
     * @param forced   true when the answer was the operator's, not the policy's
     * @param reason   for a forced answer, who asked for it ("livemig control abort", "SIGINT");
     *                 null for the policy's answer
     */
    public record Status(PrecopyStats stats, PrecopyMetrics metrics, Decision decision, boolean forced, String reason) {
    }

    /** Stop and copy at the next consultation (the current round, if any, still completes). */
    public void requestStopAndCopy() {
        requestStopAndCopy("operator stop");
    }

    /**
     * As {@link #requestStopAndCopy()}, saying who asked (for the log, the error line and the report).
     *
     * @param reason who asked, e.g. "livemig control stop" or "SIGINT"
     */
    public void requestStopAndCopy(String reason) {
        forced.set(new Request(Decision.STOP_AND_COPY, Objects.requireNonNull(reason, "reason")));
    }

    /** Abort at the next consultation: the guest keeps running on the source, the save fails. */
    public void requestAbort() {
        requestAbort("operator abort");
    }

    /**
     * As {@link #requestAbort()}, saying who asked.
     *
     * @param reason who asked, e.g. "livemig control abort" or "SIGINT"
     */
    public void requestAbort(String reason) {
        forced.set(new Request(Decision.ABORT, Objects.requireNonNull(reason, "reason")));
    }

    /**
     * Abort as soon as the engine reaches a safe point: between two batches of the round being
     * sent, or at the next consultation, whichever comes first. The save then fails as after an
     * operator's abort (log-dirty off, the domain running). A later request cannot undo it.
     *
     * @param reason who interrupted, e.g. "SIGINT"; only the first interruption's reason is kept
     */
    public void interrupt(String reason) {
        Objects.requireNonNull(reason, "reason");
        if (interruption == null) {
            interruption = reason; // consult() and pendingDecision() read it before any request
        }
    }

    /**
     * Why the save was interrupted, or null when it was not: read by the engine between batches.
     *
     * @return the reason given to the first {@link #interrupt}, or null
     */
    public String interruption() {
        return interruption;
    }

    /**
     * The decision the next consultation will be forced to, or null.
     *
     * @return ABORT after an interrupt, else the last requested decision, or null when nothing was requested
     */
    public Decision pendingDecision() {
        if (interruption != null) {
            return Decision.ABORT;
        }
        Request r = forced.get();
        return r == null ? null : r.decision();
    }

    /**
     * From the next consultation, this downtime target applies (see the class comment).
     *
     * @param target longest acceptable downtime
     * @throws IllegalArgumentException when {@code target} is negative
     */
    public void setDowntimeTarget(Duration target) {
        Objects.requireNonNull(target, "target");
        if (target.isNegative()) {
            throw new IllegalArgumentException("downtime target < 0: " + target);
        }
        downtimeTargetNanos = target.toNanos();
    }

    /**
     * The operator's downtime target in nanoseconds, or -1 when none was set.
     *
     * @return the target in nanoseconds, or {@link PrecopyMetrics#UNKNOWN}
     */
    public long downtimeTargetNanos() {
        return downtimeTargetNanos;
    }

    /**
     * Fixes the guest's CPU throttle at {@code percent} % (0 turns it off) from the engine's next
     * safe point, in place of the save's strategy, until {@link #throttleAuto()}.
     *
     * @param percent the throttle, 0..{@value ThrottleStrategy#MAX_PERCENT} %
     * @throws IllegalArgumentException outside 0..{@value ThrottleStrategy#MAX_PERCENT}
     */
    public void setThrottle(int percent) {
        if (percent < 0 || percent > ThrottleStrategy.MAX_PERCENT) {
            throw new IllegalArgumentException("throttle must be 0.." + ThrottleStrategy.MAX_PERCENT + " %, not " + percent);
        }
        throttleRequest = percent;
    }

    /**
     * Lets the save's {@link ThrottleStrategy} decide the throttle again from the next
     * consultation (QEMU's auto-converge with its defaults when the save was given none).
     */
    public void throttleAuto() {
        throttleRequest = THROTTLE_AUTO;
    }

    /**
     * The operator's fixed throttle, or {@link #THROTTLE_AUTO}: read by the engine between batches.
     *
     * @return 0..99 %, or {@link #THROTTLE_AUTO}
     */
    public int requestedThrottle() {
        return throttleRequest;
    }

    /**
     * The guest's CPU throttle in force, 0..99 %, as the engine last applied it.
     *
     * @return the throttle in percent, 0 before the engine applied any
     */
    public int throttle() {
        return throttle;
    }

    /**
     * The engine applied {@code percent}: what {@link #throttle()} tells from now on.
     *
     * @param percent the throttle now in force, 0..99 %
     */
    public void throttleApplied(int percent) {
        throttle = percent;
    }

    /**
     * The last consultation, or null before the first.
     *
     * @return what the last consultation saw and answered, or null
     */
    public Status status() {
        return last;
    }

    /**
     * One consultation with this control in front of {@code policy}: the operator's forced
     * decision if there is one (the policy is not asked), else the policy's answer, turned into
     * STOP_AND_COPY when the operator's downtime target fits. This is what the engine calls; the
     * answer is also what {@link #status()} tells from now on. The policy's own exceptions and
     * null answers pass through to the caller.
     *
     * @param policy  the policy to ask when nothing is forced
     * @param stats   Xen's fields at this consultation, by value
     * @param metrics the engine's measurements, with or without the operator's target
     * @return what this consultation saw and answered
     */
    public Status consult(PrecopyPolicy policy, PrecopyStats stats, PrecopyMetrics metrics) {
        // the engine already shows the target it read; outside an engine, read it here
        long target = metrics.downtimeTargetSet() ? metrics.downtimeTargetNanos() : downtimeTargetNanos;
        PrecopyMetrics seen = target >= 0 && !metrics.downtimeTargetSet() ? metrics.withDowntimeTarget(target) : metrics;
        String interrupted = interruption;
        Request operator = interrupted != null ? new Request(Decision.ABORT, interrupted) : forced.get();
        Status s;
        if (operator != null) {
            s = new Status(stats, seen, operator.decision(), true, operator.reason());
        } else {
            Decision d = policy.decide(stats, seen);
            if (d == Decision.CONTINUE_PRECOPY && target >= 0 && DowntimePolicy.fits(seen, target, 0)) {
                d = Decision.STOP_AND_COPY;
            }
            s = new Status(stats, seen, d, false, null);
        }
        last = s;
        return s;
    }

    /**
     * The policy with this control in front of it (see {@link #consult}).
     *
     * @param policy the policy to ask when nothing is forced
     * @return a policy that answers as {@link #consult} does
     */
    public MeasuredPrecopyPolicy wrap(PrecopyPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return new MeasuredPrecopyPolicy() {
            @Override
            public Decision decide(PrecopyStats stats, PrecopyMetrics metrics) {
                return consult(policy, stats, metrics).decision();
            }

            @Override
            public String toString() {
                return "controlled " + policy;
            }
        };
    }
}
