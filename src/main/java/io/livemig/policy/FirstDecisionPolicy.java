package io.livemig.policy;

import java.util.List;

/**
 * Asks its policies in order; the first that answers other than {@link Decision#CONTINUE_PRECOPY}
 * decides, and the ones after it are not asked. {@code deadline=10m:abort,downtime=300ms} thus
 * aborts at the deadline even when the downtime would fit at that same consultation. What
 * {@code --policy a,b,c} builds.
 *
 * @param policies at least one, consulted in this order
 */
public record FirstDecisionPolicy(List<PrecopyPolicy> policies) implements MeasuredPrecopyPolicy {

    /**
     * Copies the list.
     *
     * @throws IllegalArgumentException when the list is empty
     */
    public FirstDecisionPolicy {
        policies = List.copyOf(policies);
        if (policies.isEmpty()) {
            throw new IllegalArgumentException("no policy to combine");
        }
    }

    /**
     * The policies combined, consulted in the order given.
     *
     * @param policies at least one
     * @return the combination
     */
    public static FirstDecisionPolicy of(PrecopyPolicy... policies) {
        return new FirstDecisionPolicy(List.of(policies));
    }

    @Override
    public Decision decide(PrecopyStats stats, PrecopyMetrics metrics) {
        for (PrecopyPolicy p : policies) {
            Decision d = p.decide(stats, metrics);
            if (d == null) {
                throw new IllegalStateException(p + " returned null");
            }
            if (d != Decision.CONTINUE_PRECOPY) {
                return d;
            }
        }
        return Decision.CONTINUE_PRECOPY;
    }
}
