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
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RETRY_WINDOW = Duration.ofSeconds(10);
    public static final int DEFAULT_SEND_BUFFER_BYTES = 4 << 20;

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

    /** No fsync, 5 s connect timeout, 10 s retry window, 4 MiB send buffer, plain TCP, partial files removed. */
    public static TargetOptions defaults() {
        return new TargetOptions(false, DEFAULT_CONNECT_TIMEOUT, DEFAULT_RETRY_WINDOW, DEFAULT_SEND_BUFFER_BYTES, null, false);
    }

    public TargetOptions withTls(TlsConfig value) {
        return new TargetOptions(fsync, connectTimeout, retryWindow, sendBufferBytes, value, keepPartial);
    }

    public TargetOptions withFsync(boolean value) {
        return new TargetOptions(value, connectTimeout, retryWindow, sendBufferBytes, tls, keepPartial);
    }

    public TargetOptions withConnectTimeout(Duration value) {
        return new TargetOptions(fsync, value, retryWindow, sendBufferBytes, tls, keepPartial);
    }

    public TargetOptions withRetryWindow(Duration value) {
        return new TargetOptions(fsync, connectTimeout, value, sendBufferBytes, tls, keepPartial);
    }

    public TargetOptions withSendBufferBytes(int value) {
        return new TargetOptions(fsync, connectTimeout, retryWindow, value, tls, keepPartial);
    }

    public TargetOptions withKeepPartial(boolean value) {
        return new TargetOptions(fsync, connectTimeout, retryWindow, sendBufferBytes, tls, value);
    }
}
