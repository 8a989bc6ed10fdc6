package io.livemig.engine;

import io.livemig.engine.PolicyConsultation.DecidedBy;

/**
 * The save was abandoned on purpose ("Abort precopy loop"): the policy answered ABORT, the
 * operator asked for an abort, or the save was interrupted (a signal, the host application) between
 * two batches. {@link #decidedBy()} tells the policy's decision from the operator's.
 */
public class SaveAbortedException extends SaveException {
    private final DecidedBy decidedBy;
    private final String reason;

    /**
     * @param decidedBy who decided to abort
     * @param reason    for the operator, who asked ("livemig control abort", "SIGINT"); else null
     */
    public SaveAbortedException(String message, Throwable cause, SaveResult partialResult, DecidedBy decidedBy, String reason) {
        super(message, cause, partialResult);
        this.decidedBy = decidedBy;
        this.reason = reason;
    }

    public DecidedBy decidedBy() {
        return decidedBy;
    }

    /** Who asked for an operator's abort, or null for the policy's. */
    public String reason() {
        return reason;
    }
}
