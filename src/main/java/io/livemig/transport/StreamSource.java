package io.livemig.transport;

import io.livemig.posix.NativeAccess;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Where a restore reads its stream from: a file, standard input, or one TCP connection from a sender.
 *
 * <p>A TCP source works in two steps so that the caller can publish the port before the sender
 * starts: {@link #open} binds and listens (port 0 picks a free port, see {@link #listeningAddress()}),
 * then the first {@link #channel()} call accepts exactly one connection and closes the listener.
 * An empty host in the endpoint means 127.0.0.1. Any other address is accepted, but note that
 * listening on a non-loopback address exposes the receiver to the network: without TLS the stream is
 * neither authenticated nor encrypted, and whoever connects first is taken as the sender (use
 * {@link SourceOptions#tls()}, pipe through ssh, or keep to loopback). With TLS a sender that does
 * not present a certificate of the configured CA is refused, and the receive fails.
 *
 * <p>Standard input: closing the source leaves descriptor 0 open.
 *
 * <p>{@link #close()} may be called from another thread to abandon a pending accept.
 */
public final class StreamSource implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(StreamSource.class);

    private final Endpoint endpoint;
    private final SourceOptions options;
    /** The stream's channel; for TCP set once the sender has connected. */
    private volatile ScatteringByteChannel channel;
    private volatile TcpListener listener;
    private final InetSocketAddress listeningAddress;
    private volatile String description;
    private volatile boolean closed;
    private final Object acceptLock = new Object();

    private StreamSource(Endpoint endpoint, SourceOptions options, ScatteringByteChannel channel,
                         TcpListener listener, InetSocketAddress listeningAddress, String description) {
        this.endpoint = endpoint;
        this.options = options;
        this.channel = channel;
        this.listener = listener;
        this.listeningAddress = listeningAddress;
        this.description = description;
    }

    /**
     * Opens the endpoint for reading: opens a file, takes standard input, or binds a TCP listener
     * (without waiting for the sender; {@link #channel()} does that).
     *
     * @param endpoint where the stream comes from
     * @param options  the TCP listener's settings (ignored for files and standard input)
     * @return the open source
     * @throws IOException naming the file or address and the cause
     */
    public static StreamSource open(Endpoint endpoint, SourceOptions options) throws IOException {
        NativeAccess.require();
        return switch (endpoint) {
            case Endpoint.Stdio stdio -> new StreamSource(stdio, options,
                    new FileInputStream(FileDescriptor.in).getChannel(), null, null, "stdin");
            case Endpoint.File file -> openFile(file, options);
            case Endpoint.Tcp tcp -> listen(tcp, options);
        };
    }

    private static StreamSource openFile(Endpoint.File endpoint, SourceOptions options) throws IOException {
        Path path = endpoint.path();
        String description = "file " + path.toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            throw new IOException("cannot read " + description + ": it is a directory");
        }
        try {
            FileChannel file = FileChannel.open(path, StandardOpenOption.READ);
            return new StreamSource(endpoint, options, file, null, null, description);
        } catch (NoSuchFileException e) {
            throw new IOException("cannot read " + description + ": no such file", e);
        } catch (IOException e) {
            throw new IOException("cannot read " + description + ": " + Net.reason(e), e);
        }
    }

    private static StreamSource listen(Endpoint.Tcp endpoint, SourceOptions options) throws IOException {
        TcpListener server = options.tls() != null
                ? TcpListener.open(endpoint, options.receiveBufferBytes(), 1, true)
                : TcpListener.openDirect(endpoint, options.receiveBufferBytes(), 1);
        return new StreamSource(endpoint, options, null, server, server.address(), "tcp " + server.hostPort() + " (listening)");
    }

    /**
     * The address a TCP source listens on, with the port actually bound (known before any sender
     * connects); empty for files and standard input.
     *
     * @return the bound address, or empty when not TCP
     */
    public Optional<InetSocketAddress> listeningAddress() {
        return Optional.ofNullable(listeningAddress);
    }

    /**
     * The endpoint a sender should use: the listening host with the bound port; empty when not TCP.
     *
     * @return the endpoint with the bound port, or empty
     */
    public Optional<Endpoint.Tcp> listeningEndpoint() {
        return endpoint instanceof Endpoint.Tcp tcp && listeningAddress != null
                ? Optional.of(tcp.withPort(listeningAddress.getPort()))
                : Optional.empty();
    }

    /**
     * The channel to read the stream from: a {@link FileChannel}, the sender's connection (an
     * {@link FdChannel}, or a TLS channel over a JDK socket), wrapped, when
     * {@link SourceOptions#idleTimeout()} is set and there is no TLS (which times out by itself), so
     * that a read waiting longer fails with a {@link SocketTimeoutException}. For TCP the first
     * call waits for the sender (up to {@link SourceOptions#acceptTimeout()}), accepts its
     * connection, and closes the listener; later calls return the same channel.
     *
     * @return the channel the stream is read from
     * @throws SocketTimeoutException      when no sender connected in time (the listener is then closed)
     * @throws AsynchronousCloseException  when {@link #close()} was called meanwhile
     * @throws IOException                 for other accept failures, naming the address
     */
    public ScatteringByteChannel channel() throws IOException {
        ScatteringByteChannel ready = channel;
        if (ready != null) {
            return ready;
        }
        synchronized (acceptLock) {
            if (channel != null) {
                return channel;
            }
            TcpListener server = listener;
            if (closed || server == null) {
                throw new AsynchronousCloseException();
            }
            return accept(server);
        }
    }

    private ScatteringByteChannel accept(TcpListener server) throws IOException {
        String where = server.hostPort();
        java.nio.channels.Channel connection;
        InetSocketAddress peer;
        try {
            if (options.tls() == null) {
                FdChannel socket = server.acceptDirect(options.acceptTimeout());
                connection = socket;
                peer = socket.remoteAddress();
            } else {
                SocketChannel socket = server.acceptOne(options.acceptTimeout());
                connection = socket;
                peer = (InetSocketAddress) socket.getRemoteAddress();
            }
        } finally {
            listener = null;
            server.close();
        }
        String from = Net.hostPort(peer);
        String connected = (options.tls() == null ? "tcp " : "tls ") + where + " (sender " + from + ")";
        ScatteringByteChannel stream;
        if (connection instanceof SocketChannel socket) {
            try {
                socket.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                // the socket stays blocking; TLS reads time out by themselves (SO_TIMEOUT)
                stream = TlsChannel.open(options.tls(), socket.socket(), "sender " + from, true, TcpListener.HANDSHAKE_TIMEOUT,
                        options.idleTimeout());
            } catch (IOException e) {
                socket.close();
                throw new IOException("refused the sender " + from + " on " + where + ": " + e.getMessage(), e);
            }
        } else {
            FdChannel socket = (FdChannel) connection; // keep-alive set by accept
            stream = options.idleTimeout().isZero() ? socket : new IdleTimeoutChannel(socket, options.idleTimeout(), connected);
        }
        channel = stream;
        // close() may have run between the accept and the publication above: it then missed this socket.
        if (closed) {
            stream.close();
            throw new AsynchronousCloseException();
        }
        description = connected;
        if (stream instanceof TlsChannel t) {
            LOG.info("the sender {} authenticated as {}", from, t.peerSubject());
        }
        LOG.info("accepted the sender {} on {}", from, where);
        return stream;
    }

    /**
     * The connection's other direction, for a protocol in which the receiver answers the sender
     * (xl's migration protocol): the accepted {@link FdChannel} (writes are not subject to the
     * idle timeout), or the TLS channel. Available once {@link #channel()} has accepted the sender.
     *
     * @return the channel to write replies to the sender
     * @throws IllegalStateException for a file or standard input, or before the sender connected
     */
    public GatheringByteChannel replies() {
        ScatteringByteChannel connected = channel;
        if (!(endpoint instanceof Endpoint.Tcp) || connected == null) {
            throw new IllegalStateException(description + (endpoint instanceof Endpoint.Tcp
                    ? ": no sender has connected yet" : " carries the stream one way: there is no one to answer"));
        }
        ScatteringByteChannel connection = connected instanceof IdleTimeoutChannel idle ? idle.connection() : connected;
        if (connection instanceof GatheringByteChannel both) {
            return both;
        }
        throw new IllegalStateException(description + ": the connection cannot be written to");
    }

    /**
     * The endpoint this source was opened on, as given.
     *
     * @return the endpoint passed to {@link #open}
     */
    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * For logs: "file /tmp/x.stream", "stdin", "tcp 127.0.0.1:4567 (listening)", "tcp 127.0.0.1:4567 (sender 127.0.0.1:51234)".
     *
     * @return what the source is now, for messages
     */
    public String description() {
        return description;
    }

    /** Closes the listener and the connection or file (standard input stays open). Closing twice does nothing. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        IOException failure = null;
        TcpListener server = listener;
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                failure = e;
            }
        }
        ScatteringByteChannel open = channel;
        if (open != null && !(endpoint instanceof Endpoint.Stdio)) {
            try {
                open.close();
            } catch (IOException e) {
                IOException wrapped = new IOException("closing " + description + " failed: " + Net.reason(e), e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
