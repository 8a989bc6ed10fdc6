package io.livemig.backend;

/** A domain operation failed (a log-dirty operation, a mapping, suspend, resume...). */
public class DomainException extends RuntimeException {
    /**
     * An exception without a cause.
     *
     * @param message what failed and why, naming the domain
     */
    public DomainException(String message) {
        super(message);
    }

    /**
     * An exception for a failure that another exception reported.
     *
     * @param message what failed and why, naming the domain
     * @param cause   the failure underneath (a hypercall's, an I/O error)
     */
    public DomainException(String message, Throwable cause) {
        super(message, cause);
    }
}
