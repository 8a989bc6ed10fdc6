package io.livemig.engine;

import io.livemig.policy.Decision;
import io.livemig.policy.PrecopyMetrics;
import io.livemig.policy.PrecopyStats;

/**
 * One policy consultation: what was shown (Xen's three fields and the engine's measurements),
 * what was answered, and who answered it.
 *
 * @param stats     Xen's fields, as the policy saw them
 * @param metrics   the measurements shown beside them
 * @param decision  the answer the engine acted on
 * @param decidedBy the policy, or the operator (a {@code PrecopyControl} request: the control
 *                  socket, standard input, a signal, the host application)
 * @param reason    for an operator's decision, who asked ("livemig control abort", "SIGINT");
 *                  null for the policy's
 */
public record PolicyConsultation(PrecopyStats stats, PrecopyMetrics metrics, Decision decision, DecidedBy decidedBy,
                                 String reason) {

    /** Who made a decision. */
    public enum DecidedBy {
        /** The save's precopy policy; for an abort, also a policy or throttle strategy that failed. */
        POLICY,
        /** The operator, through a {@link io.livemig.policy.PrecopyControl} request or interruption. */
        OPERATOR;

        /**
         * "policy" or "operator", as reports and logs say it.
         *
         * @return the lower-case word
         */
        public String word() {
            return this == POLICY ? "policy" : "operator";
        }
    }

    /**
     * Whether the operator made the decision.
     *
     * @return true for {@link DecidedBy#OPERATOR}
     */
    public boolean byOperator() {
        return decidedBy == DecidedBy.OPERATOR;
    }
}
