package io.livemig.transport;

import java.time.Duration;

/**
 * How a {@link StreamTarget} is opened.
 *
 * @param fsync           file targets only: on close, force the file and its directory entry to disk
 * @param connectTimeout  TCP only: the longest one connection attempt may take (positive)
 * @param retryWindow     TCP only: how long refused or timed-out attempts are retried, because the
 *                        receiver may start a moment after the sender; zero means one attempt
 * @param sendBufferBytes TCP only: SO_SNDBUF requested (the kernel may cap it, Linux doubles it)
 * @param tls             TCP only: mutual TLS over the connection, or null for plain TCP (zero-copy)
 * @param keepPartial     file targets only: an incomplete stream (closed without commit) is kept as
 *                        {@code NAME.partial} instead of being removed
 */
public record TargetOptions(boolean fsync, Duration connectTimeout, Duration retryWindow, int sendBufferBytes, TlsConfig tls,
                            boolean keepPartial) {
    /** The connect timeout unless told otherwise: 5 s per attempt. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The retry window unless told otherwise: 10 s. */
    public static final Duration DEFAULT_RETRY_WINDOW = Duration.ofSeconds(10);
    /** The send buffer requested unless told otherwise: 4 MiB. */
    public static final int DEFAULT_SEND_BUFFER_BYTES = 4 << 20;

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when the connect timeout is not positive, the retry window is
     *                                  negative or the send buffer size is not positive
     */
    public TargetOptions {
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
        }
        if (retryWindow.isNegative()) {
            throw new IllegalArgumentException("connect retry window must not be negative: " + retryWindow);
        }
        if (sendBufferBytes <= 0) {
            throw new IllegalArgumentException("send buffer size must be positive: " + sendBufferBytes);
        }
    }

    /**
     * No fsync, 5 s connect timeout, 10 s retry window, 4 MiB send buffer, plain TCP, partial files removed.
     *
     * @return the default options
     */
    public static TargetOptions defaults() {
        return new TargetOptions(false, DEFAULT_CONNECT_TIMEOUT, DEFAULT_RETRY_WINDOW, DEFAULT_SEND_BUFFER_BYTES, null, false);
    }

    /**
     * These options with another TLS configuration.
     *
     * @param value mutual TLS, or null for plain TCP
     * @return a copy with {@code tls} replaced
     */
    public TargetOptions withTls(TlsConfig value) {
        return new TargetOptions(fsync, connectTimeout, retryWindow, sendBufferBytes, value, keepPartial);
    }

    /**
     * These options with fsync on or off.
     *
     * @param value whether a file target is forced to disk on close
     * @return a copy with {@code fsync} replaced
     */
    public TargetOptions withFsync(boolean value) {
        return new TargetOptions(value, connectTimeout, retryWindow, sendBufferBytes, tls, keepPartial);
    }

    /**
     * These options with another connect timeout.
     *
     * @param value the longest one connection attempt may take
     * @return a copy with {@code connectTimeout} replaced
     * @throws IllegalArgumentException when {@code value} is not positive
     */
    public TargetOptions withConnectTimeout(Duration value) {
        return new TargetOptions(fsync, value, retryWindow, sendBufferBytes, tls, keepPartial);
    }

    /**
     * These options with another retry window.
     *
     * @param value how long failed attempts are retried; zero means one attempt
     * @return a copy with {@code retryWindow} replaced
     * @throws IllegalArgumentException when {@code value} is negative
     */
    public TargetOptions withRetryWindow(Duration value) {
        return new TargetOptions(fsync, connectTimeout, value, sendBufferBytes, tls, keepPartial);
    }

    /**
     * These options with another send buffer size.
     *
     * @param value SO_SNDBUF to request, in bytes
     * @return a copy with {@code sendBufferBytes} replaced
     * @throws IllegalArgumentException when {@code value} is not positive
     */
    public TargetOptions withSendBufferBytes(int value) {
        return new TargetOptions(fsync, connectTimeout, retryWindow, value, tls, keepPartial);
    }

    /**
     * These options with partial files kept or removed.
     *
     * @param value whether an incomplete file stream is kept as {@code NAME.partial}
     * @return a copy with {@code keepPartial} replaced
     */
    public TargetOptions withKeepPartial(boolean value) {
        return new TargetOptions(fsync, connectTimeout, retryWindow, sendBufferBytes, tls, value);
    }
}
