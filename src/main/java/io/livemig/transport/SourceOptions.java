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
    public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 4 << 20;

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

    /** No idle timeout, plain TCP (as before they existed). */
    public SourceOptions(Duration acceptTimeout, int receiveBufferBytes) {
        this(acceptTimeout, receiveBufferBytes, Duration.ZERO, null);
    }

    /** No accept timeout, 4 MiB receive buffer, no idle timeout, plain TCP. */
    public static SourceOptions defaults() {
        return new SourceOptions(Duration.ZERO, DEFAULT_RECEIVE_BUFFER_BYTES, Duration.ZERO, null);
    }

    public SourceOptions withAcceptTimeout(Duration value) {
        return new SourceOptions(value, receiveBufferBytes, idleTimeout, tls);
    }

    public SourceOptions withReceiveBufferBytes(int value) {
        return new SourceOptions(acceptTimeout, value, idleTimeout, tls);
    }

    public SourceOptions withIdleTimeout(Duration value) {
        return new SourceOptions(acceptTimeout, receiveBufferBytes, value, tls);
    }

    public SourceOptions withTls(TlsConfig value) {
        return new SourceOptions(acceptTimeout, receiveBufferBytes, idleTimeout, value);
    }
}
