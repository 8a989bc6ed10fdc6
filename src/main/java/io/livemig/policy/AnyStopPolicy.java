package io.livemig.policy;

import java.util.List;

/**
 * Asks every one of its policies at every consultation (so stateful ones see each round) and
 * ends precopy when any says so: {@link Decision#ABORT} when any aborts, otherwise
 * {@link Decision#STOP_AND_COPY} when any stops, otherwise continue. Order does not matter.
 *
 * @param policies at least one
 */
public record AnyStopPolicy(List<PrecopyPolicy> policies) implements MeasuredPrecopyPolicy {

    public AnyStopPolicy {
        policies = List.copyOf(policies);
        if (policies.isEmpty()) {
            throw new IllegalArgumentException("no policy to combine");
        }
    }

    public static AnyStopPolicy of(PrecopyPolicy... policies) {
        return new AnyStopPolicy(List.of(policies));
    }

    @Override
    public Decision decide(PrecopyStats stats, PrecopyMetrics metrics) {
        Decision result = Decision.CONTINUE_PRECOPY;
        for (PrecopyPolicy p : policies) {
            Decision d = p.decide(stats, metrics);
            if (d == null) {
                throw new IllegalStateException(p + " returned null");
            }
            if (d == Decision.ABORT || (d == Decision.STOP_AND_COPY && result == Decision.CONTINUE_PRECOPY)) {
                result = d;
            }
        }
        return result;
    }
}
