package io.livemig.migrate;

import java.io.IOException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.util.Optional;

/**
 * The two directions between a migration's sender and its receiver: {@link #send()} towards the
 * peer (the stream, and the sender's go), {@link #receive()} from it (banner, ready, report). Over
 * ssh they are two pipes to a child command, over TCP or TLS one connection both ways.
 *
 * <p>{@link #close()} may be called from another thread (a signal): it ends a read or write in
 * progress, which then fails.
 */
public interface MigrationLink extends AutoCloseable {
    /** Towards the peer. For the stream's zero-copy path, a {@code FileChannel} or {@code SocketChannel} where possible. */
    GatheringByteChannel send();

    /** From the peer. */
    ReadableByteChannel receive();

    /** For messages: "command `exec ssh dst xl migrate-receive`", "tcp 10.0.0.2:8002". */
    String description();

    /** Ends the sending direction, so that the peer reads the end of the stream (what xl does on failure: close(send_fd)). */
    void closeSend() throws IOException;

    /**
     * After {@link #closeSend()}: what became of the peer, when there is something to say (a receiving
     * command that exited with a non-zero status, or did not exit in time). Waits a little for it.
     */
    default Optional<String> peerOutcome() {
        return Optional.empty();
    }

    /** Closes both directions; a blocked read or write on another thread fails. Closing twice does nothing. */
    @Override
    void close() throws IOException;
}
