package io.livemig.migrate;

import io.livemig.engine.SaveException;
import io.livemig.engine.SaveResult;
import java.util.Optional;

/**
 * A migration that did not complete: the step that failed, why (one line), and where that leaves
 * the guest ({@link #state()}). The sender has already done what xl does at that step (resumed the
 * source, renamed it back, or left everything as it was after the go).
 */
public final class MigrationException extends Exception {
    private final SenderStep step;
    private final String reason;
    private final SourceState state;
    private final SaveException saveFailure;
    private final SaveResult saved;
    private final String peer;
    private final String sourceName;
    private final int receiverStatus;

    MigrationException(SenderStep step, String reason, SourceState state, SaveException saveFailure, SaveResult saved,
                       Optional<String> peer, String sourceName, int receiverStatus, Throwable cause) {
        super(step.text() + ": " + reason, cause);
        this.step = step;
        this.reason = reason;
        this.state = state;
        this.saveFailure = saveFailure;
        this.saved = saved;
        this.peer = peer.orElse(null);
        this.sourceName = sourceName;
        this.receiverStatus = receiverStatus;
    }

    public SenderStep step() {
        return step;
    }

    /** Why the step failed, one line. */
    public String reason() {
        return reason;
    }

    public SourceState state() {
        return state;
    }

    /** The save's own failure (aborted by the policy or the operator, or failed), when the stream step failed. */
    public Optional<SaveException> saveFailure() {
        return Optional.ofNullable(saveFailure);
    }

    /** What the save did: complete when the failure came after the stream, partial when during it, empty before it. */
    public Optional<SaveResult> saved() {
        if (saved != null) {
            return Optional.of(saved);
        }
        return saveFailure == null ? Optional.empty() : Optional.ofNullable(saveFailure.partialResult());
    }

    /** What became of the receiving command, when there is something to say ("exited with status 1"). */
    public Optional<String> peer() {
        return Optional.ofNullable(peer);
    }

    /** The source's name now (its own, or NAME--migratedaway after the go). */
    public String sourceName() {
        return sourceName;
    }

    /** The receiver's status byte when it reported a failure to start its copy, else -1. */
    public int receiverStatus() {
        return receiverStatus;
    }
}
