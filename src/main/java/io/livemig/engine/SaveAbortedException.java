package io.livemig.engine;

import io.livemig.engine.PolicyConsultation.DecidedBy;

/**
 * The save was abandoned on purpose ("Abort precopy loop"): the policy answered ABORT, the
 * operator asked for an abort, or the save was interrupted (a signal, the host application) between
 * two batches. {@link #decidedBy()} tells the policy's decision from the operator's.
 */
public class SaveAbortedException extends SaveException {
    /** Who decided to abort. */
    private final DecidedBy decidedBy;
    /** For the operator, who asked; else null. */
    private final String reason;

    /**
     * An abandoned save.
     *
     * @param message       what was abandoned, where and why
     * @param cause         the exception of a policy or throttle strategy that failed, else null
     * @param partialResult what the save did before it stopped
     * @param decidedBy who decided to abort
     * @param reason    for the operator, who asked ("livemig control abort", "SIGINT"); else null
     */
    public SaveAbortedException(String message, Throwable cause, SaveResult partialResult, DecidedBy decidedBy, String reason) {
        super(message, cause, partialResult);
        this.decidedBy = decidedBy;
        this.reason = reason;
    }

    /**
     * Who decided to abort.
     *
     * @return {@link DecidedBy#POLICY} or {@link DecidedBy#OPERATOR}
     */
    public DecidedBy decidedBy() {
        return decidedBy;
    }

    /**
     * Who asked for an operator's abort, or null for the policy's.
     *
     * @return e.g. "livemig control abort" or "SIGINT", or null
     */
    public String reason() {
        return reason;
    }
}
