package io.livemig.engine;

import java.time.Instant;

/**
 * Progress of a save, for a host application (progress bars, reports, control). Called on the
 * saving thread; implementations must return quickly and must not throw (an exception from a
 * listener is logged and otherwise ignored). Every method has an empty default.
 */
public interface SaveListener {

    /**
     * A consultation was answered, by the policy or by the operator ({@link PolicyConsultation#decidedBy()}),
     * with what it was shown.
     */
    default void consulted(PolicyConsultation consultation) {
    }

    /**
     * The guest's CPU throttle changed from {@code from} to {@code to} % before or during round
     * {@code iteration}, as the save's strategy or the operator ({@code byOperator}) decided.
     */
    default void throttled(int iteration, int from, int to, boolean byOperator) {
    }

    /** Round {@code iteration} starts sending {@code dirtyPages} pages ("Frames iteration N"). */
    default void roundStarted(int iteration, boolean live, long dirtyPages) {
    }

    /** Roughly every 4 MiB of pages sent in the current round. */
    default void pagesSent(int iteration, long sentInRound, long dirtyPages) {
    }

    default void roundFinished(RoundStats round) {
    }

    /** The verify pass starts ({@link SaveOptions#verify()}): every page again, for the receiver to compare. */
    default void verifyStarted(long pages) {
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
