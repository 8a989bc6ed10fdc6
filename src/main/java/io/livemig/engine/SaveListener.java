package io.livemig.engine;

import io.livemig.policy.Decision;
import io.livemig.policy.PrecopyMetrics;
import io.livemig.policy.PrecopyStats;
import java.time.Instant;

/**
 * Progress of a save, for a host application (progress bars, reports, control). Called on the
 * saving thread; implementations must return quickly and must not throw (an exception from a
 * listener is logged and otherwise ignored). Every method has an empty default.
 */
public interface SaveListener {

    /** The policy was consulted and answered. */
    default void policyDecided(PrecopyStats stats, Decision decision) {
    }

    /**
     * The policy was consulted and answered, with the measurements it was shown. This is the one
     * the engine calls; the default passes on to {@link #policyDecided(PrecopyStats, Decision)}.
     */
    default void policyDecided(PrecopyStats stats, PrecopyMetrics metrics, Decision decision) {
        policyDecided(stats, decision);
    }

    /**
     * A consultation was answered, by the policy or by the operator ({@link PolicyConsultation#decidedBy()}).
     * This is the one the engine calls; the default passes on to
     * {@link #policyDecided(PrecopyStats, PrecopyMetrics, Decision)}.
     */
    default void consulted(PolicyConsultation consultation) {
        policyDecided(consultation.stats(), consultation.metrics(), consultation.decision());
    }

    /** Round {@code iteration} starts sending {@code dirtyPages} pages ("Frames iteration N"). */
    default void roundStarted(int iteration, boolean live, long dirtyPages) {
    }

    /** Roughly every 4 MiB of pages sent in the current round. */
    default void pagesSent(int iteration, long sentInRound, long dirtyPages) {
    }

    default void roundFinished(RoundStats round) {
    }

    /** The domain has been suspended; the final pass follows. */
    default void suspended(Instant at) {
    }

    /** The END record has been written and the output flushed. */
    default void completed(SaveResult result) {
    }

    /** The save failed or was aborted; the domain has been resumed and log-dirty turned off. */
    default void failed(SaveException error) {
    }
}
