package io.livemig.engine;

/**
 * A save that did not complete. By the time it is thrown the engine has turned log-dirty off
 * and resumed the source domain if it had suspended it.
 */
public class SaveException extends Exception {
    private final transient SaveResult partialResult;

    /**
     * A save that did not complete.
     *
     * @param message       what failed
     * @param cause         the underlying exception, or null
     * @param partialResult what the save did before it stopped
     */
    public SaveException(String message, Throwable cause, SaveResult partialResult) {
        super(message, cause);
        this.partialResult = partialResult;
    }

    /**
     * What the save did before it stopped.
     *
     * @return the rounds, consultations, bytes and times up to the failure; null after deserialization (transient)
     */
    public SaveResult partialResult() {
        return partialResult;
    }
}
