package io.livemig.engine;

/**
 * A save that did not complete. By the time it is thrown the engine has turned log-dirty off
 * and resumed the source domain if it had suspended it.
 */
public class SaveException extends Exception {
    private final transient SaveResult partialResult;

    public SaveException(String message, Throwable cause, SaveResult partialResult) {
        super(message, cause);
        this.partialResult = partialResult;
    }

    /** What the save did before it stopped. */
    public SaveResult partialResult() {
        return partialResult;
    }
}
