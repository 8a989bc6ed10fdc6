package io.livemig.policy;

/**
 * A precopy policy that decides on the engine's measurements (time, bandwidth, dirty rate,
 * estimated downtime) as well as on Xen's three fields. Implement
 * {@link #decide(PrecopyStats, PrecopyMetrics)}; the engine always calls that one.
 *
 * <p>Same contract as {@link PrecopyPolicy}: consulted twice per live round in Xen's order,
 * returns never null, an exception aborts the save. Called with Xen's fields alone (outside an
 * engine), it sees {@link PrecopyMetrics#unmeasured} metrics.
 */
@FunctionalInterface
public interface MeasuredPrecopyPolicy extends PrecopyPolicy {

    /**
     * @param stats   Xen's three fields, by value
     * @param metrics what the engine measured, by value
     * @return what to do next, never null
     */
    @Override
    Decision decide(PrecopyStats stats, PrecopyMetrics metrics);

    @Override
    default Decision decide(PrecopyStats stats) {
        return decide(stats, PrecopyMetrics.unmeasured(stats));
    }
}
