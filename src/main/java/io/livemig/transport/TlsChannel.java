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
 * plain TCP path this copies: direct buffers (guest memory views included) pass through a 64 KiB
 * staging array on their way into and out of the TLS records, which the encryption needs anyway;
 * heap buffers go in and out as they are.
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
     * @throws HandshakeException naming the peer when the handshake fails (an unauthenticated peer among others)
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
            throw new HandshakeException(peer, describe(e), e);
        }
        return new TlsChannel(ssl, peer, idleTimeout);
    }

    /**
     * Why a handshake failed, for the operator: who refused whom, without the JDK's internal class
     * names (its own wording is kept where it says something more).
     */
    static String describe(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "no answer in time (is the peer speaking TLS?)";
        }
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        if (m.contains("Empty client certificate chain") || m.contains("Empty server certificate chain")) {
            return "the peer is not authenticated: it presented no certificate signed by the trusted CA";
        }
        if (m.contains("PKIX") || m.contains("certification path")) {
            return "the peer is not authenticated: its certificate is not signed by the trusted CA";
        }
        int alert = m.indexOf("Received fatal alert: ");
        if (alert >= 0) {
            String name = m.substring(alert + "Received fatal alert: ".length()).strip();
            return name.startsWith("certificate_") || name.equals("bad_certificate") || name.equals("unknown_ca")
                    ? "the peer refused this side's certificate (TLS alert " + name + "): does it trust the same CA?"
                    : "the peer ended the handshake (TLS alert " + name + ")";
        }
        if (closedDuringHandshake(e)) {
            // a peer that refuses our certificate sends its alert and closes; when its reset
            // overtakes the alert, the JDK says only "readHandshakeRecord"
            return "the peer closed the connection during the handshake (did it refuse this side's certificate? does it trust the same CA?)";
        }
        if (m.contains("Unsupported or unrecognized SSL message") || m.contains("plaintext connection")) {
            return "the peer does not speak TLS (" + m + ")";
        }
        if (e instanceof SSLException && (m.contains("bad_certificate") || m.contains("certificate_required")
                || m.contains("certificate_unknown"))) {
            return "the peer is not authenticated (no certificate signed by the trusted CA): " + m;
        }
        return m;
    }

    /** The peer reset or closed the connection before the handshake ended (an EOF or a reset under the JDK's SSLException). */
    private static boolean closedDuringHandshake(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (t instanceof java.io.EOFException || (t instanceof java.net.SocketException && m != null
                    && (m.contains("Connection reset") || m.contains("Broken pipe")))
                    || "readHandshakeRecord".equals(m) || (m != null && m.contains("Remote host terminated the handshake"))) {
                return true;
            }
        }
        return false;
    }

    /** A failed handshake: the message names the peer, {@link #reason()} says only why. */
    static final class HandshakeException extends SSLException {
        private final String reason;

        HandshakeException(String peer, String reason, Throwable cause) {
            super("TLS handshake with " + peer + " failed: " + reason, cause);
            this.reason = reason;
        }

        /** "the peer is not authenticated: ...", "the peer does not speak TLS (...)", ... */
        String reason() {
            return reason;
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long written = 0;
        for (int i = offset; i < offset + length; i++) {
            ByteBuffer b = srcs[i];
            if (b.hasArray() && b.hasRemaining()) { // a heap buffer goes in as it is
                int n = b.remaining();
                out.write(b.array(), b.arrayOffset() + b.position(), n);
                b.position(b.position() + n);
                written += n;
            }
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

    /** Sends TLS close_notify (the peer's end of stream); with TLS 1.3 reading goes on (half-close). */
    void shutdownOutput() throws IOException {
        out.flush();
        socket.shutdownOutput();
    }

    /** How long {@link #finishSending()} waits for the receiver's answer to the close_notify. */
    static final Duration REFUSAL_WAIT = Duration.ofMillis(500);

    /**
     * The sender's end of a one-way stream: sends close_notify, then waits briefly for the receiver's
     * answer. With TLS 1.3 the sender's handshake ends before the receiver has checked the sender's
     * certificate, and a JDK receiver that refused it reads and discards whatever still arrives, so
     * every write succeeds; only the receiver's alert, read here, tells the sender it was refused.
     * End of stream or silence within {@link #REFUSAL_WAIT} is no refusal. Closes the connection.
     *
     * @throws SSLException naming the receiver and why it refused this side
     */
    void finishSending() throws IOException {
        try (socket) {
            shutdownOutput();
            socket.setSoTimeout((int) REFUSAL_WAIT.toMillis());
            try {
                while (in.read(staging) >= 0) {
                    // a one-way stream's receiver sends no data; whatever comes is not a refusal
                }
            } catch (SocketTimeoutException silent) {
                // the receiver is still at work on what it read: no refusal
            } catch (SSLException e) {
                throw new HandshakeException(peer, describe(e), e);
            }
        }
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
