package io.livemig.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.time.Duration;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * A TLS connection as the byte channels the engines use, over a connected TCP socket. Unlike the
 * plain TCP path this copies: buffers (guest memory views included) pass through a 64 KiB
 * staging array on their way into and out of the TLS records, which the encryption needs anyway.
 */
final class TlsChannel implements GatheringByteChannel, ScatteringByteChannel {
    private static final int STAGING = 64 << 10;

    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] staging = new byte[STAGING];
    private final String peer;
    private final Duration idleTimeout;

    private TlsChannel(SSLSocket socket, String peer, Duration idleTimeout) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.peer = peer;
        this.idleTimeout = idleTimeout;
    }

    /**
     * Layers TLS over {@code tcp} and completes the handshake within {@code handshakeTimeout}; the
     * peer must present a certificate the configuration's CA signed.
     *
     * @param server      true on the receiver (TLS server, which requires the client's certificate)
     * @param idleTimeout reads that wait longer fail (zero: no limit)
     * @throws SSLException naming the peer when the handshake fails (an unauthenticated peer among others)
     */
    static TlsChannel open(TlsConfig tls, Socket tcp, String peer, boolean server, Duration handshakeTimeout,
                           Duration idleTimeout) throws IOException {
        SSLSocket ssl;
        if (server) {
            ssl = (SSLSocket) tls.context().getSocketFactory().createSocket(tcp, null, true);
            ssl.setUseClientMode(false);
            ssl.setNeedClientAuth(true);
        } else {
            ssl = (SSLSocket) tls.context().getSocketFactory().createSocket(tcp, tcp.getInetAddress().getHostAddress(), tcp.getPort(), true);
            ssl.setUseClientMode(true);
        }
        try {
            ssl.setSoTimeout((int) Math.clamp(handshakeTimeout.toMillis(), 1L, Integer.MAX_VALUE));
            ssl.startHandshake();
            ssl.setSoTimeout(idleTimeout.isZero() ? 0 : (int) Math.clamp(idleTimeout.toMillis(), 1L, Integer.MAX_VALUE));
        } catch (IOException e) {
            ssl.close();
            throw new SSLException("TLS handshake with " + peer + " failed: " + describe(e), e);
        }
        return new TlsChannel(ssl, peer, idleTimeout);
    }

    private static String describe(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "no answer in time (is the peer speaking TLS?)";
        }
        String m = e.getMessage();
        if (e instanceof SSLException && m != null && (m.contains("bad_certificate") || m.contains("certificate_required")
                || m.contains("certificate_unknown") || m.contains("PKIX") || m.contains("Empty client certificate chain")
                || m.contains("Empty server certificate chain"))) {
            return "the peer is not authenticated (no certificate signed by the trusted CA): " + m;
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long written = 0;
        for (int i = offset; i < offset + length; i++) {
            ByteBuffer b = srcs[i];
            while (b.hasRemaining()) {
                int n = Math.min(b.remaining(), STAGING);
                b.get(staging, 0, n);
                out.write(staging, 0, n);
                written += n;
            }
        }
        return written;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        int n;
        try {
            if (dst.hasArray()) {
                n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
                if (n > 0) {
                    dst.position(dst.position() + n);
                }
            } else {
                n = in.read(staging, 0, Math.min(dst.remaining(), STAGING));
                if (n > 0) {
                    dst.put(staging, 0, n);
                }
            }
        } catch (SocketTimeoutException e) {
            SocketTimeoutException idle = new SocketTimeoutException("no data from " + peer + " for " + Net.seconds(idleTimeout)
                    + " (idle timeout): the sender stalled or the connection is gone");
            idle.initCause(e);
            throw idle;
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i].hasRemaining()) {
                return read(dsts[i]);
            }
        }
        return 0;
    }

    @Override
    public long read(ByteBuffer[] dsts) throws IOException {
        return read(dsts, 0, dsts.length);
    }

    /** The peer's certificate subject. */
    String peerSubject() throws IOException {
        return socket.getSession().getPeerPrincipal().getName();
    }

    @Override
    public boolean isOpen() {
        return !socket.isClosed();
    }

    /** Sends TLS close_notify (the receiver's end of stream) and closes the connection. */
    @Override
    public void close() throws IOException {
        try {
            out.flush();
        } finally {
            socket.close();
        }
    }
}
