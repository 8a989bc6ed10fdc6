package io.livemig.policy;

/**
 * CRIU P.Haul's guard: a round whose dirty count grew by more than {@code percent} over the
 * previous round's ends precopy (the guest dirties faster than we send; more rounds only cost
 * traffic). Compares consecutive fetched dirty counts (the "before" consultations); a previous
 * count of 0 is not compared.
 *
 * <p>Stateful: one instance per save.
 */
public final class GrowthGuardPolicy implements MeasuredPrecopyPolicy {
    private final double percent;
    private final Decision onGrowth;
    private long previous = -1;

    /**
     * A guard that ends precopy with {@code onGrowth} when a round grows by more than {@code percent}.
     *
     * @param percent  growth over the previous round that ends precopy, e.g. 10 for 10%
     * @param onGrowth {@link Decision#STOP_AND_COPY} or {@link Decision#ABORT}
     * @throws IllegalArgumentException when {@code percent} is negative or NaN, or {@code onGrowth} is null or
     *                                  {@link Decision#CONTINUE_PRECOPY}
     */
    public GrowthGuardPolicy(double percent, Decision onGrowth) {
        if (!(percent >= 0)) {
            throw new IllegalArgumentException("growth percent must be >= 0, not " + percent);
        }
        if (onGrowth == null || onGrowth == Decision.CONTINUE_PRECOPY) {
            throw new IllegalArgumentException("growth ends precopy: STOP_AND_COPY or ABORT, not " + onGrowth);
        }
        this.percent = percent;
        this.onGrowth = onGrowth;
    }

    /**
     * Growth over the previous round's dirty count that ends precopy.
     *
     * @return the threshold in percent, e.g. 10 for 10%
     */
    public double percent() {
        return percent;
    }

    /**
     * What growth ends precopy with.
     *
     * @return {@link Decision#STOP_AND_COPY} or {@link Decision#ABORT}
     */
    public Decision onGrowth() {
        return onGrowth;
    }

    @Override
    public Decision decide(PrecopyStats stats, PrecopyMetrics metrics) {
        if (!stats.dirtyCountKnown()) {
            return Decision.CONTINUE_PRECOPY;
        }
        long before = previous;
        previous = stats.dirtyCount();
        boolean grew = before > 0 && stats.dirtyCount() > before * (1 + percent / 100);
        return grew ? onGrowth : Decision.CONTINUE_PRECOPY;
    }

    @Override
    public String toString() {
        return "GrowthGuardPolicy[percent=" + percent + ", onGrowth=" + onGrowth + "]";
    }
}
