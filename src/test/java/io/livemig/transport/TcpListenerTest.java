package io.livemig.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.testing.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link TcpListener#acceptPeer} with mutual TLS, on loopback: peers that fail are refused one by
 * one while it listens on, pending handshakes are bounded, the timeout and {@link TcpListener#close()}
 * end it.
 */
@Timeout(60)
class TcpListenerTest {
    static TestCertificates certs;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.shared();
    }

    private static TlsConfig pem(TestCertificates.Peer peer) throws IOException {
        return TlsConfig.fromPem(peer.certPem(), peer.keyPem(), certs.caPem);
    }

    private static CompletableFuture<Object> accepting(TcpListener listener, Duration timeout, TlsConfig tls, List<String> refusals) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return listener.acceptPeer(timeout, tls, refusals::add);
            } catch (IOException e) {
                return e;
            }
        });
    }

    @Test
    void silentPeersHoldAtMostTheHandshakeSlotsAndTheSenderIsServedWhenTheyGo() throws Exception {
        List<String> refusals = new CopyOnWriteArrayList<>();
        List<Socket> silent = new ArrayList<>();
        try (TcpListener listener = TcpListener.open(Endpoint.Tcp.loopback(0), 1 << 20, 16, true)) {
            CompletableFuture<Object> accepted = accepting(listener, Duration.ZERO, pem(certs.receiver), refusals);
            for (int i = 0; i <= TcpListener.MAX_CONCURRENT_HANDSHAKES; i++) {
                silent.add(new Socket(InetAddress.getLoopbackAddress(), listener.address().getPort()));
            }
            // accepted in order: the one beyond the slots is refused at once, the others wait for their handshake
            int extra = silent.getLast().getLocalPort();
            Await.until(() -> refusals.contains("refused the sender 127.0.0.1:" + extra + ": "
                    + TcpListener.MAX_CONCURRENT_HANDSHAKES + " TLS handshakes are already under way"), "the refusal of the extra peer");
            assertEquals(1, refusals.size(), refusals::toString);
            for (Socket s : silent) {
                s.close();
            }
            Await.until(() -> refusals.size() == silent.size(), "a refusal for each silent peer that went away");
            for (Socket s : silent) {
                assertEquals(1, refusals.stream().filter(r -> r.startsWith("refused the sender 127.0.0.1:" + s.getLocalPort() + ": ")).count(),
                        refusals::toString);
            }
            assertTrue(!accepted.isDone(), "still listening after " + refusals.size() + " refusals");
            try (StreamTarget sender = StreamTarget.open(listener.endpoint(), TargetOptions.defaults().withTls(pem(certs.sender)))) {
                PeerConnection peer = assertInstanceOf(PeerConnection.class, accepted.get(30, TimeUnit.SECONDS));
                try (peer) {
                    assertTrue(peer.isTls());
                    assertEquals("CN=livemig test sender", peer.peerSubject().orElseThrow());
                    assertTrue(peer.description().startsWith("tls 127.0.0.1:" + listener.address().getPort() + " (sender 127.0.0.1:"),
                            peer.description());
                    sender.channel().write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                    ByteBuffer got = ByteBuffer.allocate(3);
                    while (got.hasRemaining() && peer.read(got) >= 0) {
                        // until the three bytes are in
                    }
                    assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), got.flip());
                }
            }
        } finally {
            for (Socket s : silent) {
                s.close();
            }
        }
    }

    @Test
    void theTimeoutSaysHowManyPeersWereRefused() throws Exception {
        List<String> refusals = new CopyOnWriteArrayList<>();
        try (TcpListener listener = TcpListener.open(Endpoint.Tcp.loopback(0), 1 << 20, 16, true)) {
            CompletableFuture<Object> accepted = accepting(listener, Duration.ofSeconds(3), pem(certs.receiver), refusals);
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), listener.address().getPort())) {
                plain.getOutputStream().write("not TLS\n".getBytes());
                Await.until(() -> refusals.size() == 1, "the plain peer's refusal");
            }
            SocketTimeoutException e = assertInstanceOf(SocketTimeoutException.class, accepted.get(30, TimeUnit.SECONDS));
            assertEquals("no authenticated sender connected to 127.0.0.1:" + listener.address().getPort() + " within 3 s (1 refused)",
                    e.getMessage());
        }
    }

    @Test
    void closingAbandonsTheAcceptAndItsPendingHandshakes() throws Exception {
        List<String> refusals = new CopyOnWriteArrayList<>();
        TcpListener listener = TcpListener.open(Endpoint.Tcp.loopback(0), 1 << 20, 16, true);
        CompletableFuture<Object> accepted = accepting(listener, Duration.ZERO, pem(certs.receiver), refusals);
        try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), listener.address().getPort())) {
            listener.close();
            assertInstanceOf(AsynchronousCloseException.class, accepted.get(30, TimeUnit.SECONDS));
            // closed by the listener: end of stream once accepted, a reset when still in the kernel's backlog
            silent.setSoTimeout(30_000);
            try {
                assertEquals(-1, silent.getInputStream().read(), "a pending handshake's connection is closed");
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the pending peer's connection stayed open", e);
            } catch (IOException e) {
                assertEquals("Connection reset", e.getMessage());
            }
        }
        assertEquals(List.of(), refusals, "abandoned peers are not refusals");
    }
}
