package io.livemig.policy;

/**
 * Decides when the live precopy phase of a save ends and what happens next (Xen's
 * {@code precopy_policy_t}).
 *
 * <h2>When it is consulted</h2>
 * The engine calls {@link #decide} from the saving thread, twice per live round, in exactly
 * this order (the order of {@code send_memory_live} in Xen's xg_sr_save.c):
 * <pre>
 *  stats = (0, 0, P)                    P = number of pfns; every pfn is marked dirty
 *  loop:
 *    d = decide(stats)                  "before": dirtyCount known (P, then the fetched count)
 *    if dirty &gt; 0 and d != ABORT:      send this round's dirty pages while the guest runs
 *    if d != CONTINUE_PRECOPY: leave
 *    stats = (round, total + dirty, -1)
 *    d = decide(stats)                  "after": dirtyCount == -1 (unknown)
 *    if d != CONTINUE_PRECOPY: leave
 *    fetch and clear the dirty bitmap  -> n;  stats = (round, total, n)
 * </pre>
 * A "before" answer of {@link Decision#STOP_AND_COPY} still sends the current round live, then
 * suspends; {@link Decision#ABORT} sends nothing more. After the loop, STOP_AND_COPY suspends the
 * guest and sends the remaining dirty pages and the device state; ABORT resumes the guest, turns
 * log-dirty off and makes the save fail. The policy is never consulted after the loop ends and
 * is not consulted at all for a non-live save.
 *
 * <h2>Contract of the return value</h2>
 * Never null (the engine treats null as a programming error and aborts). {@link Decision#CONTINUE_PRECOPY}
 * keeps the guest in precopy; {@link Decision#STOP_AND_COPY} and {@link Decision#ABORT} end the loop
 * at this consultation and are final: the policy is not asked again. An exception thrown by
 * the policy aborts the save like {@link Decision#ABORT}, with the exception as the cause.
 * Implementations must not block for long: the guest keeps dirtying pages while they think.
 *
 * <h2>Measurements</h2>
 * The engine calls {@link #decide(PrecopyStats, PrecopyMetrics)}, which hands Xen's three fields
 * and the engine's measurements (elapsed time, round durations and bytes, bandwidth, dirty rate,
 * estimated downtime) beside them. A policy written for Xen's three fields implements
 * {@link #decide(PrecopyStats)} only and keeps working unchanged; one that needs the measurements
 * implements {@link MeasuredPrecopyPolicy}.
 */
@FunctionalInterface
public interface PrecopyPolicy {

    /**
     * Decides at one consultation from Xen's three fields alone.
     *
     * @param stats the state of the precopy phase, by value
     * @return what to do next, never null
     */
    Decision decide(PrecopyStats stats);

    /**
     * What the engine calls: Xen's fields and, beside them, what the engine measured. The default
     * ignores the measurements and answers {@link #decide(PrecopyStats)}.
     *
     * @param stats   Xen's three fields, by value
     * @param metrics the engine's measurements at this consultation, by value
     * @return what to do next, never null (same contract as {@link #decide(PrecopyStats)})
     */
    default Decision decide(PrecopyStats stats, PrecopyMetrics metrics) {
        return decide(stats);
    }

    /**
     * Xen's default: stop below 50 dirty pages or at iteration 5.
     *
     * @return {@link SimplePrecopyPolicy#XEN_DEFAULT}
     */
    static PrecopyPolicy xenDefault() {
        return SimplePrecopyPolicy.XEN_DEFAULT;
    }
}
