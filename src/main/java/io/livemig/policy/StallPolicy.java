package io.livemig.policy;

/**
 * Stall detection, as KubeVirt does it: when the dirty count fetched after a round has not fallen
 * clearly below the lowest seen (by at least {@code minProgress}) for {@code rounds} rounds in a
 * row, precopy is not converging: a guest that dirties faster than the link creeps towards a
 * fixed point, a fraction of a percent lower each round, without ever getting there. Then either
 * abort, or switch over at or near the best point seen: stop and copy at the first round whose
 * dirty count is within {@code tolerance} of the lowest, or after {@code rounds} more rounds
 * whatever the count. Only the consultations with a fetched dirty count (iteration 1 on) count
 * as rounds; the first round (every pfn) does not.
 *
 * <p>Stateful: one instance per save.
 */
public final class StallPolicy implements MeasuredPrecopyPolicy {
    private final int rounds;
    private final double tolerance;
    private final double minProgress;
    private final Decision onStall;

    private long lowest = Long.MAX_VALUE;
    private int roundsWithoutProgress;
    private boolean stalled;
    private int roundsSinceStall;

    /**
     * With the default progress threshold, {@link #DEFAULT_MIN_PROGRESS}.
     *
     * @param rounds    rounds without progress that make a stall, at least 1
     * @param tolerance after a stall, a dirty count at most {@code lowest * (1 + tolerance)} is near enough (0.1 = 10%)
     * @param onStall   {@link Decision#STOP_AND_COPY} (switch over near the best point) or {@link Decision#ABORT}
     */
    public StallPolicy(int rounds, double tolerance, Decision onStall) {
        this(rounds, tolerance, DEFAULT_MIN_PROGRESS, onStall);
    }

    /** A round makes progress when its dirty count is at least 5% below the lowest before it. */
    public static final double DEFAULT_MIN_PROGRESS = 0.05;

    /**
     * A stall detector with the given thresholds.
     *
     * @param rounds      rounds without progress that make a stall, at least 1
     * @param tolerance   after a stall, a dirty count at most {@code lowest * (1 + tolerance)} is near enough (0.1 = 10%)
     * @param minProgress a round makes progress when its count is below {@code lowest * (1 - minProgress)} (0.05 = 5%)
     * @param onStall     {@link Decision#STOP_AND_COPY} (switch over near the best point) or {@link Decision#ABORT}
     * @throws IllegalArgumentException when {@code rounds} is below 1, {@code tolerance} is negative or NaN,
     *                                  {@code minProgress} is outside [0, 1), or {@code onStall} is null or
     *                                  {@link Decision#CONTINUE_PRECOPY}
     */
    public StallPolicy(int rounds, double tolerance, double minProgress, Decision onStall) {
        if (rounds < 1) {
            throw new IllegalArgumentException("stall rounds must be at least 1, not " + rounds);
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("stall tolerance must be >= 0, not " + tolerance);
        }
        if (!(minProgress >= 0 && minProgress < 1)) {
            throw new IllegalArgumentException("stall progress must be in [0, 1), not " + minProgress);
        }
        if (onStall == null || onStall == Decision.CONTINUE_PRECOPY) {
            throw new IllegalArgumentException("a stall ends precopy: STOP_AND_COPY or ABORT, not " + onStall);
        }
        this.rounds = rounds;
        this.tolerance = tolerance;
        this.minProgress = minProgress;
        this.onStall = onStall;
    }

    /**
     * Rounds without progress that make a stall; after one, also the most rounds waited for a count near the lowest.
     *
     * @return the number of rounds, at least 1
     */
    public int rounds() {
        return rounds;
    }

    /**
     * How far above the lowest dirty count a round may be, after a stall, to switch over at.
     *
     * @return the fraction of the lowest, 0.1 for 10%
     */
    public double tolerance() {
        return tolerance;
    }

    /**
     * How far below the lowest dirty count a round's count must fall to be progress.
     *
     * @return the fraction of the lowest, 0.05 for 5%, in [0, 1)
     */
    public double minProgress() {
        return minProgress;
    }

    /**
     * What a stall ends precopy with.
     *
     * @return {@link Decision#STOP_AND_COPY} or {@link Decision#ABORT}
     */
    public Decision onStall() {
        return onStall;
    }

    /**
     * The lowest dirty count seen so far, or -1 before the first fetched one.
     *
     * @return pages, or -1
     */
    public long lowest() {
        return lowest == Long.MAX_VALUE ? -1 : lowest;
    }

    @Override
    public Decision decide(PrecopyStats stats, PrecopyMetrics metrics) {
        if (!stats.dirtyCountKnown() || stats.iteration() == 0) {
            return Decision.CONTINUE_PRECOPY;
        }
        long dirty = stats.dirtyCount();
        if (!stalled) {
            boolean progress = lowest == Long.MAX_VALUE || dirty < lowest * (1 - minProgress);
            lowest = Math.min(lowest, dirty);
            if (progress) {
                roundsWithoutProgress = 0;
                return Decision.CONTINUE_PRECOPY;
            }
            if (++roundsWithoutProgress < rounds) {
                return Decision.CONTINUE_PRECOPY;
            }
            stalled = true;
            if (onStall == Decision.ABORT) {
                return Decision.ABORT;
            }
        } else {
            roundsSinceStall++;
            lowest = Math.min(lowest, dirty);
        }
        boolean nearLowest = dirty <= lowest * (1 + tolerance);
        return nearLowest || roundsSinceStall >= rounds ? Decision.STOP_AND_COPY : Decision.CONTINUE_PRECOPY;
    }

    @Override
    public String toString() {
        return "StallPolicy[rounds=" + rounds + ", tolerance=" + tolerance + ", minProgress=" + minProgress + ", onStall="
                + onStall + "]";
    }
}
