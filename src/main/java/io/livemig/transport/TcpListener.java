package io.livemig.transport;

import io.livemig.posix.NativeAccess;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The destination's TCP listener: binds at once (port 0 picks a free port, known before any peer
 * connects, see {@link #endpoint()}), then accepts a sender.
 *
 * <p>Two ways to accept: {@link #acceptOne} takes the first connection as it is (a receive, which
 * then authenticates it itself and fails when that fails); {@link #acceptPeer} waits for a peer
 * that passes mutual TLS, refusing the others one by one and listening on (a relay). An empty host
 * in the endpoint means 127.0.0.1; a listener on another address without TLS logs a warning that it
 * is reachable from the network.
 *
 * <p>{@link #close()} may be called from another thread to abandon a pending accept.
 */
public final class TcpListener implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(TcpListener.class);
    /** How long a TLS peer has to complete its handshake. */
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * TLS handshakes {@link #acceptPeer} runs at once: a peer that connects and says nothing holds
     * one for {@link #HANDSHAKE_TIMEOUT} without delaying the others; beyond this many, a new
     * connection is refused at once.
     */
    public static final int MAX_CONCURRENT_HANDSHAKES = 8;

    /** The JDK's listener ({@link #open}), or null for a listener of {@link #openDirect}. */
    private final ServerSocketChannel server;
    /** The listener of {@link #openDirect}, or null. */
    private final FdChannel direct;
    private final Endpoint.Tcp endpoint;
    private final InetSocketAddress address;
    private final String where;
    /** Connections of {@link #acceptPeer} whose handshake is under way, closed when it ends. */
    private final Set<Socket> handshaking = ConcurrentHashMap.newKeySet();
    /** The peer {@link #acceptPeer} settles on; {@link #close()} completes it exceptionally. */
    private volatile CompletableFuture<PeerConnection> chosen;
    private volatile boolean closed;

    private TcpListener(ServerSocketChannel server, FdChannel direct, Endpoint.Tcp endpoint, InetSocketAddress address) {
        this.server = server;
        this.direct = direct;
        this.endpoint = endpoint;
        this.address = address;
        this.where = Net.hostPort(address);
    }

    /**
     * Binds and listens.
     *
     * @param endpoint           the address to listen on; port 0 picks a free port
     * @param receiveBufferBytes SO_RCVBUF for the accepted connections (set before binding: it bounds the window scale)
     * @param backlog            connections the kernel queues before they are accepted
     * @param authenticated      whether peers will be authenticated (mutual TLS): without, listening on
     *                           an address other than loopback logs a warning
     * @return the listener, bound
     * @throws IOException naming the address and the cause
     */
    public static TcpListener open(Endpoint.Tcp endpoint, int receiveBufferBytes, int backlog, boolean authenticated)
            throws IOException {
        NativeAccess.require();
        InetSocketAddress requested = Net.resolve(endpoint);
        ServerSocketChannel server = ServerSocketChannel.open(requested.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        InetSocketAddress bound;
        try {
            server.setOption(StandardSocketOptions.SO_RCVBUF, receiveBufferBytes);
            server.bind(requested, backlog);
            bound = (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on " + Net.hostPort(requested) + ": " + Net.reason(e), e);
        }
        announce(bound, authenticated);
        return new TcpListener(server, null, endpoint, bound);
    }

    /**
     * As {@link #open} without authentication, listening through {@link FdChannel}: the sender's
     * connection is then an {@code FdChannel} ({@link #acceptDirect}), which a restore reads with
     * scattering {@code recvmsg} calls straight into destination memory, nothing allocated per
     * record (the JDK's channel allocated per read, and a receive's throughput was below the C
     * receiver's). TLS keeps {@link #open}: its engine works over the JDK's socket.
     *
     * @param endpoint           the address to listen on; port 0 picks a free port
     * @param receiveBufferBytes SO_RCVBUF for the accepted connections, in bytes (set before binding: it bounds the window scale)
     * @param backlog            connections the kernel queues before they are accepted
     * @return the listener, bound
     * @throws IOException naming the address and the cause
     */
    public static TcpListener openDirect(Endpoint.Tcp endpoint, int receiveBufferBytes, int backlog) throws IOException {
        InetSocketAddress requested = Net.resolve(endpoint);
        FdChannel listener;
        InetSocketAddress bound;
        try {
            listener = FdChannel.listen(requested, receiveBufferBytes, backlog);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + Net.hostPort(requested) + ": " + Net.reason(e), e);
        }
        try {
            bound = listener.localAddress();
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen on " + Net.hostPort(requested) + ": " + Net.reason(e), e);
        }
        announce(bound, false);
        return new TcpListener(null, listener, endpoint, bound);
    }

    private static void announce(InetSocketAddress bound, boolean authenticated) {
        String where = Net.hostPort(bound);
        if (!authenticated && !bound.getAddress().isLoopbackAddress()) {
            LOG.warn("listening on {}, which is reachable from the network: the first peer to connect is taken as "
                    + "the sender, and the connection is neither authenticated nor encrypted", where);
        } else {
            LOG.info("listening on {}", where);
        }
    }

    /**
     * The address listened on, with the port actually bound.
     *
     * @return the bound address
     */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * The endpoint a sender should use: the listening host with the bound port.
     *
     * @return the endpoint listened on, port 0 replaced by the bound port
     */
    public Endpoint.Tcp endpoint() {
        return endpoint.withPort(address.getPort());
    }

    /**
     * {@code 127.0.0.1:4567}, for messages.
     *
     * @return the bound address as text, IPv6 in brackets
     */
    public String hostPort() {
        return where;
    }

    /**
     * Accepts the first connection, as it is (blocking, not authenticated).
     *
     * @param timeout how long to wait; zero waits without limit
     * @return the accepted connection, blocking
     * @throws SocketTimeoutException     when nobody connected in time
     * @throws AsynchronousCloseException when {@link #close()} was called meanwhile
     * @throws IOException                for other accept failures, naming the address
     */
    public SocketChannel acceptOne(Duration timeout) throws IOException {
        try {
            return accept(timeout.isZero() ? 0 : (int) Math.clamp(timeout.toMillis(), 1L, Integer.MAX_VALUE));
        } catch (SocketTimeoutException e) {
            throw noSender(timeout, e);
        }
    }

    private SocketTimeoutException noSender(Duration timeout, SocketTimeoutException cause) {
        SocketTimeoutException named = new SocketTimeoutException("no sender connected to " + where + " within "
                + Net.seconds(timeout));
        named.initCause(cause);
        return named;
    }

    /** An accept's failure: abandoned when the listener was closed meanwhile, else named with the address. */
    private IOException acceptFailure(IOException e) {
        if (closed) {
            AsynchronousCloseException abandoned = new AsynchronousCloseException();
            abandoned.initCause(e);
            return abandoned;
        }
        return new IOException("accepting a sender on " + where + " failed: " + Net.reason(e), e);
    }

    /**
     * Accepts the first connection on a listener of {@link #openDirect}, as it is.
     *
     * @param timeout how long to wait; zero waits without limit
     * @return the accepted connection, with keep-alive on
     * @throws SocketTimeoutException     when nobody connected in time
     * @throws AsynchronousCloseException when {@link #close()} was called meanwhile
     * @throws IOException                for other accept failures, naming the address
     */
    public FdChannel acceptDirect(Duration timeout) throws IOException {
        if (direct == null) {
            throw new IllegalStateException(this + " listens through the JDK: acceptOne or acceptPeer");
        }
        try {
            return direct.accept(timeout.isZero() ? 0 : Math.max(1, timeout.toMillis()));
        } catch (SocketTimeoutException e) {
            throw noSender(timeout, e);
        } catch (AsynchronousCloseException e) {
            throw e;
        } catch (IOException e) {
            throw acceptFailure(e);
        }
    }

    /** One accept; 0 is the socket API's "no limit", so a positive timeout is at least 1 ms. */
    private SocketChannel accept(int timeoutMillis) throws IOException {
        if (server == null) {
            throw new IllegalStateException(this + " listens through FdChannel: acceptDirect");
        }
        try {
            server.socket().setSoTimeout(timeoutMillis);
            Socket accepted = server.socket().accept();
            return accepted.getChannel();
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            throw acceptFailure(e);
        }
    }

    /**
     * Waits for one sender and returns its connection, then stops listening. Without TLS the first
     * connection is the sender. With TLS each connection gets its own handshake (up to
     * {@link #MAX_CONCURRENT_HANDSHAKES} at once, {@link #HANDSHAKE_TIMEOUT} each), and the first
     * peer to present a certificate of the configured CA is the sender; a peer that fails (another
     * CA's certificate, none, plain TCP, no answer) is refused with one line to {@code refusals},
     * and the listener waits on. Handshakes still under way when the sender is chosen are dropped.
     *
     * @param timeout  how long to wait for the sender, refusals included; zero waits without limit
     * @param tls      mutual TLS, or null for plain TCP
     * @param refusals receives one line per refused peer ("refused the sender 10.0.0.9:41234: the
     *                 peer is not authenticated: ..."), from the handshake's thread
     * @return the sender's connection
     * @throws SocketTimeoutException     when no sender (authenticated, with TLS) connected in time
     * @throws AsynchronousCloseException when {@link #close()} was called meanwhile
     * @throws IOException                for other accept failures, naming the address
     */
    public PeerConnection acceptPeer(Duration timeout, TlsConfig tls, Consumer<String> refusals) throws IOException {
        if (tls == null) {
            SocketChannel socket = acceptOne(timeout);
            close();
            return PeerConnection.plain(socket, where);
        }
        if (server == null) {
            throw new IllegalStateException(this + " listens through FdChannel: acceptDirect");
        }
        CompletableFuture<PeerConnection> settled = new CompletableFuture<>();
        chosen = settled;
        if (closed) {
            settled.completeExceptionally(new AsynchronousCloseException());
        }
        Semaphore slots = new Semaphore(MAX_CONCURRENT_HANDSHAKES);
        AtomicInteger refused = new AtomicInteger();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!settled.isDone()) {
                int timeoutMillis = 0;
                if (!timeout.isZero()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    timeoutMillis = (int) Math.clamp(left / 1_000_000L, 1L, Integer.MAX_VALUE);
                }
                SocketChannel socket;
                try {
                    socket = accept(timeoutMillis);
                } catch (SocketTimeoutException e) {
                    break;
                } catch (IOException e) {
                    if (settled.isDone()) {
                        break; // a handshake succeeded and closed the listener under the accept
                    }
                    throw e;
                }
                if (settled.isDone()) {
                    closeQuietly(socket.socket());
                    break;
                }
                handshake(socket, tls, settled, slots, refused, refusals);
            }
        } finally {
            String count = refused.get() == 0 ? "" : " (" + refused.get() + " refused)";
            SocketTimeoutException expired = new SocketTimeoutException("no authenticated sender connected to " + where
                    + " within " + Net.seconds(timeout) + count);
            settled.completeExceptionally(expired);
            closeListener();
            for (Socket s : handshaking) {
                closeQuietly(s);
            }
        }
        try {
            return settled.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AsynchronousCloseException();
        }
    }

    /** Runs one peer's handshake on a thread of its own; the first to succeed settles the accept. */
    private void handshake(SocketChannel socket, TlsConfig tls, CompletableFuture<PeerConnection> settled, Semaphore slots,
                           AtomicInteger refused, Consumer<String> refusals) throws IOException {
        String from = Net.hostPort((InetSocketAddress) socket.getRemoteAddress());
        if (!slots.tryAcquire()) {
            closeQuietly(socket.socket());
            refused.incrementAndGet();
            refusals.accept("refused the sender " + from + ": " + MAX_CONCURRENT_HANDSHAKES
                    + " TLS handshakes are already under way");
            return;
        }
        handshaking.add(socket.socket());
        Thread.ofVirtual().name("tls handshake with " + from).start(() -> {
            try {
                TlsChannel channel = TlsChannel.open(tls, socket.socket(), "sender " + from, true, HANDSHAKE_TIMEOUT, Duration.ZERO);
                // no longer a handshake under way: the accept's end must not close the sender it settles on
                handshaking.remove(socket.socket());
                PeerConnection peer = PeerConnection.tls(socket, channel, where);
                if (settled.complete(peer)) {
                    closeListener(); // wakes the accept loop
                } else {
                    peer.close();
                    LOG.info("dropped the sender {}: the accept had already ended", from);
                }
            } catch (IOException e) {
                if (settled.isDone()) {
                    LOG.info("dropped the sender {} during its handshake: the accept had already ended", from);
                } else {
                    refused.incrementAndGet();
                    String why = e instanceof TlsChannel.HandshakeException h ? h.reason() : Net.reason(e);
                    refusals.accept("refused the sender " + from + ": " + why);
                }
            } finally {
                handshaking.remove(socket.socket());
                slots.release();
            }
        });
    }

    private void closeListener() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the listener on {} failed: {}", where, e.getMessage());
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // the peer is dropped either way
        }
    }

    /** Stops listening and abandons a pending accept (and the handshakes under way). Closing twice does nothing. */
    @Override
    public void close() throws IOException {
        closed = true;
        CompletableFuture<PeerConnection> pending = chosen;
        if (pending != null) {
            pending.completeExceptionally(new AsynchronousCloseException());
        }
        try {
            if (server != null) {
                server.close();
            } else {
                direct.close();
            }
        } catch (IOException e) {
            throw new IOException("closing the listener on " + where + " failed: " + Net.reason(e), e);
        } finally {
            for (Socket s : handshaking) {
                closeQuietly(s);
            }
        }
    }

    @Override
    public String toString() {
        return "tcp " + where + " (listening)";
    }
}
