package io.livemig.transport;

import java.time.Duration;

/**
 * How a {@link StreamSource} is opened.
 *
 * @param acceptTimeout      TCP only: how long the listener waits for the sender; zero waits without limit
 * @param receiveBufferBytes TCP only: SO_RCVBUF requested, set on the listener before binding so
 *                           that the connection's window scaling can use it
 * @param idleTimeout        TCP only: a read that has waited this long without a byte fails (a
 *                           stalled sender or a dead path); zero waits without limit
 * @param tls                TCP only: mutual TLS, the sender must present a certificate of the
 *                           configured CA; null for plain TCP
 */
public record SourceOptions(Duration acceptTimeout, int receiveBufferBytes, Duration idleTimeout, TlsConfig tls) {
    /** The receive buffer requested unless told otherwise: 4 MiB. */
    public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 4 << 20;

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when a timeout is negative or the receive buffer size is not positive
     */
    public SourceOptions {
        if (acceptTimeout.isNegative()) {
            throw new IllegalArgumentException("accept timeout must not be negative: " + acceptTimeout);
        }
        if (receiveBufferBytes <= 0) {
            throw new IllegalArgumentException("receive buffer size must be positive: " + receiveBufferBytes);
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("idle timeout must not be negative: " + idleTimeout);
        }
    }

    /**
     * No idle timeout, plain TCP (as before they existed).
     *
     * @param acceptTimeout      how long the listener waits for the sender; zero waits without limit
     * @param receiveBufferBytes SO_RCVBUF requested, in bytes
     * @throws IllegalArgumentException when the timeout is negative or the buffer size is not positive
     */
    public SourceOptions(Duration acceptTimeout, int receiveBufferBytes) {
        this(acceptTimeout, receiveBufferBytes, Duration.ZERO, null);
    }

    /**
     * No accept timeout, 4 MiB receive buffer, no idle timeout, plain TCP.
     *
     * @return the default options
     */
    public static SourceOptions defaults() {
        return new SourceOptions(Duration.ZERO, DEFAULT_RECEIVE_BUFFER_BYTES, Duration.ZERO, null);
    }

    /**
     * These options with another accept timeout.
     *
     * @param value how long the listener waits for the sender; zero waits without limit
     * @return a copy with {@code acceptTimeout} replaced
     * @throws IllegalArgumentException when {@code value} is negative
     */
    public SourceOptions withAcceptTimeout(Duration value) {
        return new SourceOptions(value, receiveBufferBytes, idleTimeout, tls);
    }

    /**
     * These options with another receive buffer size.
     *
     * @param value SO_RCVBUF to request, in bytes
     * @return a copy with {@code receiveBufferBytes} replaced
     * @throws IllegalArgumentException when {@code value} is not positive
     */
    public SourceOptions withReceiveBufferBytes(int value) {
        return new SourceOptions(acceptTimeout, value, idleTimeout, tls);
    }

    /**
     * These options with another idle timeout.
     *
     * @param value how long a read may wait without a byte; zero waits without limit
     * @return a copy with {@code idleTimeout} replaced
     * @throws IllegalArgumentException when {@code value} is negative
     */
    public SourceOptions withIdleTimeout(Duration value) {
        return new SourceOptions(acceptTimeout, receiveBufferBytes, value, tls);
    }

    /**
     * These options with another TLS configuration.
     *
     * @param value mutual TLS, or null for plain TCP
     * @return a copy with {@code tls} replaced
     */
    public SourceOptions withTls(TlsConfig value) {
        return new SourceOptions(acceptTimeout, receiveBufferBytes, idleTimeout, value);
    }
}
