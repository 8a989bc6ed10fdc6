package io.livemig.migrate;

import io.livemig.transport.Endpoint;
import io.livemig.transport.StreamSource;
import io.livemig.transport.StreamTarget;
import io.livemig.transport.TargetOptions;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;

/**
 * A link over channels that exist already: a TCP or TLS connection (one socket both ways; plain
 * TCP stays a {@code SocketChannel}, so the stream's gathering writes stay zero-copy), this
 * process's standard input and output (a receiver started by ssh), or a pair of pipes in tests.
 */
public final class ChannelLink implements MigrationLink {
    private final GatheringByteChannel send;
    private final ReadableByteChannel receive;
    private final String description;
    private final AutoCloseable closer;
    private boolean closed;

    /**
     * @param closer closes both directions (the connection); called once
     */
    public ChannelLink(GatheringByteChannel send, ReadableByteChannel receive, String description, AutoCloseable closer) {
        this.send = send;
        this.receive = receive;
        this.description = description;
        this.closer = closer;
    }

    /**
     * The sender's side of a connection to a receiver (a {@code livemig relay} in front of
     * {@code xl migrate-receive}, or {@code livemig receive --protocol xl}): connects as a save's
     * TCP target does (retries, mutual TLS with {@link TargetOptions#tls()}).
     */
    public static ChannelLink connect(Endpoint.Tcp endpoint, TargetOptions options) throws IOException {
        StreamTarget target = StreamTarget.open(endpoint, options);
        return new ChannelLink(target.channel(), target.replies(), target.description(), target);
    }

    /**
     * The receiver's side of a connection its {@link StreamSource} accepted (waiting for the
     * sender as {@link StreamSource#channel()} does): the stream comes in and the replies go out on it.
     */
    public static ChannelLink accept(StreamSource source) throws IOException {
        ReadableByteChannel in = source.channel();
        return new ChannelLink(source.replies(), in, source.description(), source);
    }

    /**
     * The receiver's side when ssh started it: the stream on standard input, the replies on
     * standard output, as {@code xl migrate-receive} has them. From here on descriptor 1 belongs
     * to the protocol: {@code System.out} is pointed at standard error.
     */
    public static ChannelLink standardStreams() {
        System.out.flush();
        System.setOut(System.err);
        FileChannel in = new FileInputStream(FileDescriptor.in).getChannel();
        FileChannel out = new FileOutputStream(FileDescriptor.out).getChannel();
        // closing them (the end of the protocol, or a signal) tells the sender at once
        return new ChannelLink(out, in, "standard input and output", () -> {
            try (in) {
                out.close();
            }
        });
    }

    @Override
    public GatheringByteChannel send() {
        return send;
    }

    @Override
    public ReadableByteChannel receive() {
        return receive;
    }

    @Override
    public String description() {
        return description;
    }

    /** One connection carries both directions: ending ours ends it. */
    @Override
    public void closeSend() throws IOException {
        close();
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            closer.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("closing " + description + " failed: " + e.getMessage(), e);
        }
    }
}
