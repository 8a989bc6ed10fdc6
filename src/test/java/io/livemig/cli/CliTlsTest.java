package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.livemig.transport.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** save and receive with --tls-cert, --tls-key, --tls-ca: a migration over mutual TLS, and the options' errors. */
@Timeout(90)
class CliTlsTest {
    @TempDir
    Path dir;

    @Test
    void saveAndReceiveOverMutualTls() throws Exception {
        TestCertificates certs = TestCertificates.shared();
        Path portFile = dir.resolve("port");
        CompletableFuture<Cli.Run> receiving = CompletableFuture.supplyAsync(() -> Cli.run("receive", "--from", "tcp:127.0.0.1:0",
                "--capacity", "16M", "--port-file", portFile.toString(), "--tls-cert", certs.receiver.certPem().toString(),
                "--tls-key", certs.receiver.keyPem().toString(), "--tls-ca", certs.caPem.toString()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(portFile) || Files.readString(portFile).isBlank()) {
            if (System.nanoTime() > deadline || receiving.isDone()) {
                fail("the receiver did not listen: " + (receiving.isDone() ? receiving.get().describe() : "no port file"));
            }
            Thread.sleep(10);
        }
        String port = Files.readString(portFile).strip();
        Cli.Run saved = Cli.ok("save", "--sim", "16M", "--workload", "hotset:rate=10000", "--to", "tcp:127.0.0.1:" + port,
                "--tls-cert", certs.sender.certPem().toString(), "--tls-key", certs.sender.keyPem().toString(),
                "--tls-ca", certs.caPem.toString());
        Cli.Run received = receiving.get(60, TimeUnit.SECONDS);
        assertEquals(0, received.exit(), received::describe);
        assertTrue(received.out().contains("from tls 127.0.0.1:" + port + " (sender 127.0.0.1:"), received::describe);
        assertEquals(Cli.sourceDigest(saved.out()), Cli.destinationDigest(received.out()));
    }

    @Test
    void tlsOptionsNeedATcpEndpointAndACa() {
        Cli.Run r = Cli.run("save", "--sim", "1M", "--to", dir.resolve("x").toString(), "--tls-ca", "ca.pem");
        assertEquals(2, r.exit(), r::describe);
        assertTrue(r.oneErrorLine().contains("the --tls-* options apply to tcp:HOST:PORT endpoints"), r::describe);
        r = Cli.run("receive", "--from", "tcp:127.0.0.1:0", "--tls-cert", "c.pem", "--tls-key", "k.pem");
        assertEquals(2, r.exit(), r::describe);
        assertTrue(r.oneErrorLine().contains("--tls-ca is needed"), r::describe);
    }
}
