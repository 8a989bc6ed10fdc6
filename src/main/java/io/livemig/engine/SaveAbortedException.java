package io.livemig.engine;

/** The precopy policy answered ABORT ("Abort precopy loop"): the save failed on purpose. */
public class SaveAbortedException extends SaveException {
    public SaveAbortedException(String message, Throwable cause, SaveResult partialResult) {
        super(message, cause, partialResult);
    }
}
