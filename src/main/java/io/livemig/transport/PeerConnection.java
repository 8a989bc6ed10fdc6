package io.livemig.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * A sender's connection as {@link TcpListener#acceptPeer} hands it over, for traffic both ways
 * (a migration protocol's stream one way, its replies the other): a blocking {@link SocketChannel},
 * or mutual TLS over one. Either direction can end on its own: {@link #shutdownOutput()} gives the
 * peer end of stream (a FIN, or TLS 1.3's close_notify) while reading goes on.
 *
 * <p>Replies are small messages a peer waits for, so they leave at once (TCP_NODELAY); keepalive is
 * on, so that a vanished peer host eventually fails a read instead of blocking it forever.
 */
public final class PeerConnection implements ByteChannel {
    private final SocketChannel socket;
    /** The TLS layer over {@link #socket}, or null for plain TCP. */
    private final TlsChannel tls;
    private final String peer;
    private final String description;
    private final String peerSubject;

    private PeerConnection(SocketChannel socket, TlsChannel tls, String listening) throws IOException {
        this.socket = socket;
        this.tls = tls;
        this.peer = Net.hostPort((InetSocketAddress) socket.getRemoteAddress());
        this.description = (tls == null ? "tcp " : "tls ") + listening + " (sender " + peer + ")";
        this.peerSubject = tls == null ? null : tls.peerSubject();
        socket.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    static PeerConnection plain(SocketChannel socket, String listening) throws IOException {
        try {
            return new PeerConnection(socket, null, listening);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    static PeerConnection tls(SocketChannel socket, TlsChannel tls, String listening) throws IOException {
        try {
            return new PeerConnection(socket, tls, listening);
        } catch (IOException e) {
            tls.close();
            throw e;
        }
    }

    /**
     * The peer's address, {@code 10.0.0.9:41234}.
     *
     * @return the peer's host and port as text
     */
    public String peer() {
        return peer;
    }

    /**
     * Whether the connection is mutual TLS.
     *
     * @return true for TLS, false for plain TCP
     */
    public boolean isTls() {
        return tls != null;
    }

    /**
     * The subject of the certificate the peer presented (TLS only).
     *
     * @return the subject's distinguished name; empty for plain TCP
     */
    public Optional<String> peerSubject() {
        return Optional.ofNullable(peerSubject);
    }

    /**
     * For messages: "tcp 127.0.0.1:4567 (sender 127.0.0.1:51234)", "tls ..." with TLS.
     *
     * @return the listening address and the peer's, as text
     */
    public String description() {
        return description;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return tls == null ? socket.read(dst) : tls.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return tls == null ? socket.write(src) : tls.write(src);
    }

    /**
     * The peer reads end of stream after what was written; reading from it goes on.
     *
     * @throws IOException when the shutdown, or sending what TLS still holds, fails
     */
    public void shutdownOutput() throws IOException {
        if (tls == null) {
            socket.shutdownOutput();
        } else {
            tls.shutdownOutput();
        }
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    /**
     * Closes both directions at once, from any thread: a read or write blocked in another thread
     * fails. A TLS peer gets no close_notify unless {@link #shutdownOutput()} sent it before (a
     * relay that is cut short does not end its stream cleanly).
     */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    @Override
    public String toString() {
        return description;
    }
}
