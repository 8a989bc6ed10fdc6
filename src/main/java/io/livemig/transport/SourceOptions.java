package io.livemig.transport;

import java.time.Duration;

/**
 * How a {@link StreamSource} is opened.
 *
 * @param acceptTimeout      TCP only: how long the listener waits for the sender; zero waits without limit
 * @param receiveBufferBytes TCP only: SO_RCVBUF requested, set on the listener before binding so
 *                           that the connection's window scaling can use it
 */
public record SourceOptions(Duration acceptTimeout, int receiveBufferBytes) {
    public static final int DEFAULT_RECEIVE_BUFFER_BYTES = 4 << 20;

    public SourceOptions {
        if (acceptTimeout.isNegative()) {
            throw new IllegalArgumentException("accept timeout must not be negative: " + acceptTimeout);
        }
        if (receiveBufferBytes <= 0) {
            throw new IllegalArgumentException("receive buffer size must be positive: " + receiveBufferBytes);
        }
    }

    /** No accept timeout, 4 MiB receive buffer. */
    public static SourceOptions defaults() {
        return new SourceOptions(Duration.ZERO, DEFAULT_RECEIVE_BUFFER_BYTES);
    }

    public SourceOptions withAcceptTimeout(Duration value) {
        return new SourceOptions(value, receiveBufferBytes);
    }

    public SourceOptions withReceiveBufferBytes(int value) {
        return new SourceOptions(acceptTimeout, value);
    }
}
