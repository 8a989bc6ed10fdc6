package io.livemig.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.sim.SimDestination;
import io.livemig.backend.sim.SimDomain;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.backend.sim.Workload;
import io.livemig.engine.RestoreEngine;
import io.livemig.engine.RestoreResult;
import io.livemig.engine.SaveEngine;
import io.livemig.engine.SaveListener;
import io.livemig.engine.SaveOptions;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutual TLS with real sockets on loopback, certificates made by keytool at test time
 * ({@link TestCertificates}): a migration over TLS arrives intact; a sender whose certificate
 * another CA signed, a plain TCP sender, and a receiver of another CA are all refused.
 */
@Timeout(60)
class TlsTransportTest {
    static TestCertificates certs;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.shared();
    }

    private static TlsConfig pem(TestCertificates.Peer peer) throws IOException {
        return TlsConfig.fromPem(peer.certPem(), peer.keyPem(), certs.caPem);
    }

    @Test
    void aPeerThatClosesDuringTheHandshakeIsNamedSo() {
        String closed = "the peer closed the connection during the handshake (did it refuse this side's certificate? does it trust the same CA?)";
        assertEquals(closed, TlsChannel.describe(new javax.net.ssl.SSLException("readHandshakeRecord", new java.net.SocketException("Connection reset"))));
        assertEquals(closed, TlsChannel.describe(new javax.net.ssl.SSLHandshakeException("Remote host terminated the handshake")));
        assertEquals("the peer refused this side's certificate (TLS alert certificate_unknown): does it trust the same CA?",
                TlsChannel.describe(new javax.net.ssl.SSLHandshakeException("Received fatal alert: certificate_unknown")));
    }

    @Test
    void aLiveMigrationOverMutualTlsArrivesIntact() throws Exception {
        TlsConfig receiverTls = pem(certs.receiver);
        TlsConfig senderTls = TlsConfig.fromPkcs12(certs.sender.keystore(), TestCertificates.PASSWORD.toCharArray(), certs.caPem);
        try (SimDomain src = SimDomainConfig.builder().pages(4096).seed(3).prefill(true).workload(Workload.parse("hotset:rate=20000,seed=3")).create();
             SimDestination dst = SimDomainConfig.builder().pages(4096).createDestination();
             StreamSource listener = StreamSource.open(Endpoint.parse("tcp:127.0.0.1:0"), SourceOptions.defaults().withTls(receiverTls))) {
            int port = listener.listeningEndpoint().orElseThrow().port();
            CompletableFuture<Object> receiving = CompletableFuture.supplyAsync(() -> {
                try {
                    return new RestoreEngine(dst, false).restore(listener.channel());
                } catch (IOException e) {
                    return e;
                }
            });
            AtomicReference<String> atSuspend = new AtomicReference<>();
            SaveOptions options = SaveOptions.builder().listener(new SaveListener() {
                @Override
                public void suspended(Instant at) {
                    atSuspend.set(src.sourceDigest());
                }
            }).build();
            try (StreamTarget out = StreamTarget.open(Endpoint.parse("tcp:127.0.0.1:" + port), TargetOptions.defaults().withTls(senderTls))) {
                assertEquals("tls 127.0.0.1:" + port, out.description());
                new SaveEngine(src, out.channel(), options).save();
            }
            Object restored = receiving.get(30, TimeUnit.SECONDS);
            assertInstanceOf(RestoreResult.class, restored, String.valueOf(restored));
            assertTrue(listener.description().startsWith("tls 127.0.0.1:" + port + " (sender 127.0.0.1:"), listener.description());
            assertEquals(atSuspend.get(), dst.destinationDigest());
            assertTrue(dst.isComplete());
        }
    }

    @Test
    void aSenderCertifiedByAnotherCaIsRefused() throws Exception {
        TlsConfig intruder = TlsConfig.fromPem(certs.intruder.certPem(), certs.intruder.keyPem(), certs.caPem);
        try (StreamSource listener = StreamSource.open(Endpoint.parse("tcp:127.0.0.1:0"), SourceOptions.defaults().withTls(pem(certs.receiver)))) {
            int port = listener.listeningEndpoint().orElseThrow().port();
            CompletableFuture<Object> accepting = CompletableFuture.supplyAsync(() -> {
                try {
                    return listener.channel();
                } catch (IOException e) {
                    return e;
                }
            });
            // TLS 1.3: the client finishes its side before the server checks its certificate. A
            // refusing JDK server then discards what still arrives, so writes may all succeed: the
            // commit must not (it reads the receiver's alert), whichever way the race went
            IOException refused = assertThrows(IOException.class, () -> {
                try (StreamTarget out = StreamTarget.open(Endpoint.parse("tcp:127.0.0.1:" + port), TargetOptions.defaults().withTls(intruder))) {
                    for (int i = 0; i < 64; i++) {
                        out.channel().write(ByteBuffer.allocate(1 << 20));
                    }
                    out.commit();
                }
            });
            String m = refused.getMessage();
            assertTrue(m.contains("the peer refused this side's certificate") || m.contains("Broken pipe")
                    || m.contains("Connection reset"), m);
            Object accepted = accepting.get(30, TimeUnit.SECONDS);
            IOException e = assertInstanceOf(IOException.class, accepted, String.valueOf(accepted));
            assertTrue(e.getMessage().startsWith("refused the sender 127.0.0.1:"), e.getMessage());
            assertTrue(e.getMessage().contains("TLS handshake with sender 127.0.0.1:"), e.getMessage());
        }
    }

    @Test
    void aPlainTcpSenderIsRefusedByATlsReceiver() throws Exception {
        try (StreamSource listener = StreamSource.open(Endpoint.parse("tcp:127.0.0.1:0"), SourceOptions.defaults().withTls(pem(certs.receiver)));
             SocketChannel plain = SocketChannel.open(listener.listeningAddress().orElseThrow())) {
            ByteBuffer imageHeader = ByteBuffer.allocate(24);
            imageHeader.putLong(-1L).putInt(0x58454e46).putInt(3).flip();
            plain.write(imageHeader);
            IOException e = assertThrows(IOException.class, listener::channel);
            assertTrue(e.getMessage().contains("TLS handshake with sender 127.0.0.1:"), e.getMessage());
        }
    }

    @Test
    void aSenderRefusesAReceiverCertifiedByAnotherCa() throws Exception {
        TlsConfig intruder = TlsConfig.fromPem(certs.intruder.certPem(), certs.intruder.keyPem(), certs.caPem);
        try (StreamSource listener = StreamSource.open(Endpoint.parse("tcp:127.0.0.1:0"), SourceOptions.defaults().withTls(intruder))) {
            int port = listener.listeningEndpoint().orElseThrow().port();
            CompletableFuture<Object> accepting = CompletableFuture.supplyAsync(() -> {
                try {
                    return listener.channel();
                } catch (IOException e) {
                    return e;
                }
            });
            IOException e = assertThrows(IOException.class,
                    () -> StreamTarget.open(Endpoint.parse("tcp:127.0.0.1:" + port), TargetOptions.defaults().withTls(pem(certs.sender))));
            assertTrue(e.getMessage().startsWith("TLS handshake with receiver 127.0.0.1:" + port + " failed: the peer is not authenticated"),
                    e.getMessage());
            accepting.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void plainTcpIsTheRawDescriptorForZeroCopyWrites() throws Exception {
        try (StreamSource listener = StreamSource.open(Endpoint.parse("tcp:127.0.0.1:0"), SourceOptions.defaults());
             StreamTarget out = StreamTarget.open(listener.listeningEndpoint().orElseThrow(), TargetOptions.defaults())) {
            assertInstanceOf(FdChannel.class, out.channel());
            assertInstanceOf(FdChannel.class, listener.channel());
        }
    }

    @Test
    void badKeyFilesAreNamed() throws Exception {
        IOException e = assertThrows(IOException.class, () -> TlsConfig.fromPem(certs.sender.certPem(), certs.caPem, certs.caPem));
        assertEquals("--tls-key " + certs.caPem + " holds no PEM \"-----BEGIN PRIVATE KEY-----\" block", e.getMessage());
        e = assertThrows(IOException.class, () -> TlsConfig.fromPem(certs.sender.certPem(), certs.receiver.keyPem(), certs.caPem));
        assertTrue(e.getMessage().startsWith("private key " + certs.receiver.keyPem() + " does not fit certificate"), e.getMessage());
    }
}
