package io.livemig.backend;

/** A domain operation failed (a log-dirty operation, a mapping, suspend, resume...). */
public class DomainException extends RuntimeException {
    public DomainException(String message) {
        super(message);
    }

    public DomainException(String message, Throwable cause) {
        super(message, cause);
    }
}
