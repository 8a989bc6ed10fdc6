package io.livemig.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.livemig.transport.FdChannel;
import io.livemig.transport.Endpoint;
import io.livemig.transport.SourceOptions;
import io.livemig.transport.StreamSource;
import io.livemig.transport.StreamTarget;
import io.livemig.transport.TargetOptions;
import io.livemig.transport.TestCertificates;
import io.livemig.transport.TlsConfig;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One connection both ways: the sender's link sends on the socket itself (plain TCP stays a
 * SocketChannel: the stream's gathering writes stay zero-copy) and reads the replies from it; the
 * receiver's link answers on the connection it accepted; the same over mutual TLS.
 */
@Timeout(60)
class ChannelLinkTest {
    @Test
    void plainTcpSendsOnTheSocketItselfAndTheRepliesComeBackOnIt() throws Exception {
        exchange(SourceOptions.defaults().withIdleTimeout(Duration.ofSeconds(30)), TargetOptions.defaults(), true);
    }

    @Test
    void mutualTlsBothWays() throws Exception {
        TestCertificates certs = TestCertificates.shared();
        TlsConfig receiver = TlsConfig.fromPem(certs.receiver.certPem(), certs.receiver.keyPem(), certs.caPem);
        TlsConfig sender = TlsConfig.fromPem(certs.sender.certPem(), certs.sender.keyPem(), certs.caPem);
        exchange(SourceOptions.defaults().withTls(receiver), TargetOptions.defaults().withTls(sender), false);
    }

    /** The receiver's banner, the sender's go, over one connection each way round. */
    private static void exchange(SourceOptions sourceOptions, TargetOptions targetOptions, boolean plain) throws Exception {
        try (StreamSource listening = StreamSource.open(Endpoint.parse("tcp:127.0.0.1:0"), sourceOptions)) {
            Endpoint.Tcp at = listening.listeningEndpoint().orElseThrow();
            CompletableFuture<String> receiving = CompletableFuture.supplyAsync(() -> {
                try (MigrationLink link = ChannelLink.accept(listening)) {
                    XlMessage.BANNER.write(link.send());
                    XlMessage.GO.read(link.receive());
                    return "got the go";
                } catch (Exception e) {
                    return "failed: " + e.getMessage();
                }
            }, task -> Thread.ofPlatform().daemon().start(task));
            try (ChannelLink link = ChannelLink.connect(at, targetOptions)) {
                if (plain) {
                    assertInstanceOf(FdChannel.class, link.send(), "plain TCP: the socket itself, zero-copy");
                    assertSame(link.send(), link.receive(), "one socket both ways");
                } else {
                    assertFalse(link.send() instanceof SocketChannel, "TLS copies through its records");
                }
                XlMessage.BANNER.read(link.receive());
                XlMessage.GO.write(link.send());
            }
            assertEquals("got the go", receiving.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void aFileOrStandardStreamsCarryNoReplies() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("livemig-link", ".stream");
        try (StreamTarget target = StreamTarget.open(new Endpoint.File(file), TargetOptions.defaults())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, target::replies);
            assertEquals(target.description() + " carries the stream one way: no replies come back on it", e.getMessage());
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
        try (StreamSource listening = StreamSource.open(Endpoint.parse("tcp:127.0.0.1:0"), SourceOptions.defaults())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, listening::replies);
            assertEquals(listening.description() + ": no sender has connected yet", e.getMessage());
        }
    }
}
