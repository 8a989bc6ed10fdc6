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
     *
     * @param consultation what was shown and answered, and who answered
     */
    default void consulted(PolicyConsultation consultation) {
    }

    /**
     * The guest's CPU throttle changed from {@code from} to {@code to} % before or during round
     * {@code iteration}, as the save's strategy or the operator ({@code byOperator}) decided.
     *
     * @param iteration  between two batches, the round being sent; at a consultation, its
     *                   {@link io.livemig.policy.PrecopyStats#iteration()} (live rounds completed)
     * @param from       the throttle before, 0..99 %
     * @param to         the throttle now, 0..99 %
     * @param byOperator true when the operator fixed it, false when the strategy decided
     */
    default void throttled(int iteration, int from, int to, boolean byOperator) {
    }

    /**
     * Round {@code iteration} starts sending {@code dirtyPages} pages ("Frames iteration N").
     *
     * @param iteration  1-based pass number, as {@link RoundStats#iteration()}
     * @param live       false for a pass made while the domain is suspended
     * @param dirtyPages pages the pass is to send
     */
    default void roundStarted(int iteration, boolean live, long dirtyPages) {
    }

    /**
     * Roughly every 4 MiB of pages sent in the current round.
     *
     * @param iteration   1-based pass number
     * @param sentInRound PAGE_DATA entries sent so far in the pass, holes and deferred pages included
     * @param dirtyPages  pages the pass is to send
     */
    default void pagesSent(int iteration, long sentInRound, long dirtyPages) {
    }

    /**
     * A pass ended, complete or interrupted.
     *
     * @param round what the pass sent
     */
    default void roundFinished(RoundStats round) {
    }

    /**
     * The verify pass starts ({@link SaveOptions#verify()}): every page again, for the receiver to compare.
     *
     * @param pages pages the verify pass sends: every pfn
     */
    default void verifyStarted(long pages) {
    }

    /**
     * The domain has been suspended; the final pass follows.
     *
     * @param at when the domain was suspended
     */
    default void suspended(Instant at) {
    }

    /**
     * The END record has been written and the output flushed.
     *
     * @param result what the save did
     */
    default void completed(SaveResult result) {
    }

    /**
     * The save failed or was aborted; the domain has been resumed and log-dirty turned off.
     *
     * @param error what the save throws, with its partial result
     */
    default void failed(SaveException error) {
    }
}
