package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.testing.Await;
import io.livemig.testing.TestJvm;
import io.livemig.transport.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * livemig relay as a process of its own, with real sockets and real commands: a receiving command
 * that talks like xl migrate-receive (a banner, the stream, "ready", "go", a report), bytes both
 * ways and its exit status passed through; mutual TLS, with peers that fail authentication refused
 * while the relay listens on; a command that cannot start; a sender that dies; signals.
 */
@Timeout(120)
class CliRelayTest {
    /** The banner, "ready" and report of {@link #protocolCommand}, as the sender reads them. */
    private static final String BANNER = "receiver ready, send binary data.";
    private static final String READY = "received, ready to start";

    static TestCertificates certs;

    @TempDir
    Path dir;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.shared();
    }

    /** A relay child process and its files. */
    record Relay(Process process, int port, Path portFile, Path out, Path err) {
        int awaitExit() throws InterruptedException {
            return Cli.await(process, 60, "relay", out, err);
        }

        String errText() {
            return Cli.read(err);
        }

        String describe() {
            return "--- relay stdout:\n" + Cli.read(out) + "\n--- relay stderr:\n" + Cli.read(err);
        }
    }

    /** Starts {@code livemig relay --listen tcp:127.0.0.1:0 --port-file ... ARGS}. */
    private Relay startRelay(String... args) throws Exception {
        return startRelayWithPath(null, args);
    }

    /** As {@link #startRelay}, with PATH set to {@code path} when not null. */
    private Relay startRelayWithPath(String path, String... args) throws Exception {
        Path portFile = dir.resolve("relay.port");
        Path out = dir.resolve("relay.out");
        Path err = dir.resolve("relay.err");
        List<String> all = new ArrayList<>(List.of("relay", "--listen", "tcp:127.0.0.1:0", "--port-file", portFile.toString()));
        all.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(Cli.childCommand(all.toArray(String[]::new)))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        if (path != null) {
            builder.environment().put("PATH", path);
        }
        Process p = builder.start();
        int port = Cli.awaitPort(portFile, p, err);
        return new Relay(p, port, portFile, out, err);
    }

    private String[] tlsOptions() {
        return new String[] {"--tls-cert", certs.receiver.certPem().toString(), "--tls-key", certs.receiver.keyPem().toString(),
                "--tls-ca", certs.caPem.toString()};
    }

    /**
     * A receiving command that talks like xl migrate-receive: writes a banner; reads "SIZE N" and N
     * bytes (their SHA-256 taken); writes "ready"; reads "go"; writes "report DIGEST"; says so on
     * standard error; exits with {@code status}.
     */
    private String protocolCommand(int status) throws IOException {
        Path script = dir.resolve("receiver.sh");
        Files.writeString(script, """
                printf '%s\\n'
                IFS= read -r header || exit 90
                digest=$(head -c "${header#SIZE }" | sha256sum | cut -d' ' -f1)
                printf '%s\\n'
                IFS= read -r go || exit 91
                [ "$go" = go ] || exit 92
                printf 'report %%s\\n' "$digest"
                echo 'receiver: reported, exiting' >&2
                exit "$1"
                """.formatted(BANNER, READY));
        return "sh '" + script + "' " + status;
    }

    /**
     * Plays the sender's side of {@link #protocolCommand}: checks the banner, sends {@code payload},
     * checks "ready", sends "go", checks the report's digest; then ends its side and reads the
     * relay's end of stream. Returns the bytes it sent.
     */
    private static long converse(Relay relay, RelayPeer peer, byte[] payload) throws Exception {
        assertEquals(BANNER, peer.readLine());
        String header = "SIZE " + payload.length + "\n";
        peer.send(header);
        peer.out.write(payload);
        peer.out.flush();
        assertEquals(READY, peer.readLine());
        peer.send("go\n");
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(payload));
        assertEquals("report " + digest, peer.readLine());
        assertNull(peer.readLine(), "the relay shuts its output down after the command's last byte");
        // that end of stream came from the command's end, not from the relay's exit: it waits for the sender's end
        assertTrue(relay.process().isAlive(), "the relay ended before the sender's end of stream");
        peer.socket.shutdownOutput();
        return header.length() + payload.length + "go\n".length();
    }

    private static long repliesLength(byte[] payload) {
        return (BANNER + "\n" + READY + "\n" + "report " + "0".repeat(64) + "\n").length();
    }

    private static byte[] payload(int bytes, long seed) {
        byte[] b = new byte[bytes];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void aPlainRelayCarriesTheProtocolBothWaysAndExitsWithTheCommandsStatus() throws Exception {
        Relay relay = startRelay("--exec", protocolCommand(7));
        byte[] payload = payload(4 << 20, 1);
        long sent;
        try (RelayPeer peer = RelayPeer.plain(relay.port())) {
            sent = converse(relay, peer, payload);
            assertEquals(7, relay.awaitExit(), relay::describe);
        } finally {
            Cli.destroy(relay.process());
        }
        String out = Cli.read(relay.out());
        assertTrue(out.startsWith("listening on 127.0.0.1:" + relay.port() + "\naccepted the sender 127.0.0.1:"), relay::describe);
        assertTrue(out.contains(" (plain TCP); running: " + protocolCommand(7) + "\n"), relay::describe);
        assertTrue(out.contains("the command exited with status 7; relayed " + sent + " bytes from the sender 127.0.0.1:"), out);
        assertTrue(out.contains(" and " + repliesLength(payload) + " back in "), out);
        // the command's standard error is the relay's, and nothing else is there
        assertEquals("receiver: reported, exiting", relay.errText().strip(), relay::describe);
        assertFalse(Files.exists(relay.portFile()), "the port file is removed at exit");
    }

    @Test
    void theSendersEndReachesTheCommandAndTheCommandsEndReachesTheSender() throws Exception {
        Relay relay = startRelay("--exec", "cat");
        byte[] payload = payload(32 << 20, 2);
        try (RelayPeer peer = RelayPeer.plain(relay.port())) {
            // both directions at once: cat answers while the payload is still coming
            CompletableFuture<byte[]> echoed = CompletableFuture.supplyAsync(() -> {
                try {
                    return peer.readToEnd();
                } catch (IOException e) {
                    throw new AssertionError("reading the echo failed", e);
                }
            });
            peer.out.write(payload);
            peer.out.flush();
            peer.socket.shutdownOutput(); // -> cat's input ends -> cat ends -> the relay ends its output
            assertArrayEquals(payload, echoed.get(60, TimeUnit.SECONDS));
            assertEquals(0, relay.awaitExit(), relay::describe);
        } finally {
            Cli.destroy(relay.process());
        }
        assertTrue(Cli.read(relay.out()).contains("the command exited with status 0; relayed " + payload.length
                + " bytes from the sender 127.0.0.1:"), relay::describe);
        assertTrue(Cli.read(relay.out()).contains(" and " + payload.length + " back in "), relay::describe);
        assertEquals("", relay.errText(), relay::describe);
    }

    @Test
    void mutualTlsCarriesTheProtocol() throws Exception {
        Relay relay = startRelay(concat(tlsOptions(), "--exec", protocolCommand(0)));
        byte[] payload = payload(4 << 20, 3);
        try (RelayPeer peer = RelayPeer.tls(relay.port(), certs.sender.keystore(), certs.caPem)) {
            converse(relay, peer, payload);
            assertEquals(0, relay.awaitExit(), relay::describe);
        } finally {
            Cli.destroy(relay.process());
        }
        String out = Cli.read(relay.out());
        assertTrue(out.startsWith("listening on 127.0.0.1:" + relay.port() + " (mutual TLS)\n"), out);
        assertTrue(out.contains(" (mutual TLS: CN=livemig test sender); running: "), out);
        assertTrue(out.contains("the command exited with status 0; relayed " + (("SIZE " + payload.length + "\n").length()
                + payload.length + 3) + " bytes from the sender"), out);
        assertEquals("receiver: reported, exiting", relay.errText().strip(), relay::describe);
    }

    @Test
    void peersThatFailAuthenticationAreRefusedAndTheRelayServesTheRightOne() throws Exception {
        Relay relay = startRelay(concat(tlsOptions(), "--exec", protocolCommand(0)));
        try {
            // a certificate of another CA; no certificate; a sender that trusts another CA than the relay's
            int intruder = refusedTlsPeer(relay, certs.intruder.keystore(), certs.caPem);
            int anonymous = refusedTlsPeer(relay, null, certs.caPem);
            int distrustful = refusedTlsPeer(relay, certs.sender.keystore(), certs.dir.resolve("other-ca.pem"));
            try (RelayPeer peer = RelayPeer.tls(relay.port(), certs.sender.keystore(), certs.caPem)) {
                converse(relay, peer, payload(1 << 20, 4));
                assertEquals(0, relay.awaitExit(), relay::describe);
            }
            String listening = "; still listening on 127.0.0.1:" + relay.port();
            List<String> refusals = refusalLines(relay);
            assertEquals(3, refusals.size(), relay::describe);
            assertEquals(List.of(
                    "livemig relay: refused the sender 127.0.0.1:" + intruder + ": the peer is not authenticated: its"
                            + " certificate is not signed by the trusted CA" + listening,
                    "livemig relay: refused the sender 127.0.0.1:" + anonymous + ": the peer is not authenticated: it"
                            + " presented no certificate signed by the trusted CA" + listening),
                    refusals.subList(0, 2), relay::describe);
            // the distrustful sender sends its alert and closes: which the relay reads first, the
            // alert or the reset, is a race of the peer's kernel; both are named for what they are
            String distrustfulPrefix = "livemig relay: refused the sender 127.0.0.1:" + distrustful + ": ";
            assertTrue(refusals.get(2).equals(distrustfulPrefix + "the peer refused this side's certificate (TLS alert"
                    + " certificate_unknown): does it trust the same CA?" + listening)
                    || refusals.get(2).equals(distrustfulPrefix + "the peer closed the connection during the handshake (did it"
                    + " refuse this side's certificate? does it trust the same CA?)" + listening), relay::describe);
            Cli.assertNoStackTrace(relay.errText());
            assertTrue(Cli.read(relay.out()).contains(" (mutual TLS: CN=livemig test sender); running: "), relay::describe);
        } finally {
            Cli.destroy(relay.process());
        }
    }

    /**
     * A TLS client the relay refuses, once the refusal is on the relay's standard error; returns
     * the client's port, which the refusal names.
     */
    private static int refusedTlsPeer(Relay relay, Path keystore, Path trustedCa) throws Exception {
        try (RelayPeer peer = RelayPeer.tlsConnected(relay.port(), keystore, trustedCa)) {
            int port = peer.localPort();
            // TLS 1.3: the client may finish its side before the relay has checked its certificate;
            // the refusal then arrives as an alert on the first read
            assertThrows(IOException.class, () -> {
                peer.handshake();
                peer.readLine();
            }, "a refused peer reads no banner");
            Await.until(() -> relay.errText().contains("sender 127.0.0.1:" + port + ":"), Duration.ofSeconds(40),
                    "the relay to refuse the sender 127.0.0.1:" + port);
            return port;
        }
    }

    @Test
    void aPlainTcpPeerIsRefusedByATlsRelayAndASilentOneDelaysNobody() throws Exception {
        Relay relay = startRelay(concat(tlsOptions(), "--exec", protocolCommand(0)));
        try (RelayPeer silent = RelayPeer.plain(relay.port()); RelayPeer plain = RelayPeer.plain(relay.port())) {
            // a plain sender that speaks first is refused at once; one that waits (for a banner) holds a
            // handshake until its timeout, but the relay serves the right sender meanwhile
            plain.send("SIZE 4\n");
            Await.until(() -> relay.errText().contains("sender 127.0.0.1:" + plain.localPort() + ":"), Duration.ofSeconds(40),
                    "the relay to refuse the plain peer");
            assertFalse(new String(plain.readToEnd(), StandardCharsets.ISO_8859_1).contains(BANNER), relay::describe);
            try (RelayPeer peer = RelayPeer.tls(relay.port(), certs.sender.keystore(), certs.caPem)) {
                converse(relay, peer, payload(1 << 20, 5));
            }
            assertEquals(0, relay.awaitExit(), relay::describe);
            silent.socket.setSoTimeout(30_000);
            assertNull(silent.readLine(), "the silent peer's pending handshake is dropped once the sender is chosen");
            List<String> refusals = refusalLines(relay);
            assertEquals(1, refusals.size(), relay::describe);
            assertTrue(refusals.getFirst().startsWith("livemig relay: refused the sender 127.0.0.1:" + plain.localPort()
                    + ": the peer does not speak TLS ("), refusals.getFirst());
            assertTrue(refusals.getFirst().endsWith("); still listening on 127.0.0.1:" + relay.port()), refusals.getFirst());
            Cli.assertNoStackTrace(relay.errText());
        } finally {
            Cli.destroy(relay.process());
        }
    }

    @Test
    void aCommandThatCannotStartEndsTheRelayWithOneLine() throws Exception {
        // no sh on PATH: the relay cannot run its command (as when fork or exec fails)
        Relay relay = startRelayWithPath(dir.resolve("no-bin").toString(), "--exec", "cat");
        try (RelayPeer peer = RelayPeer.plain(relay.port())) {
            int from = peer.localPort();
            assertEquals(1, relay.awaitExit(), relay::describe);
            assertNull(peer.readLine(), "the sender's connection is closed without a byte");
            String line = relay.errText().strip();
            assertTrue(line.startsWith("livemig relay: cannot run sh -c 'cat': "), relay::describe);
            assertTrue(line.contains("No such file or directory"), relay::describe);
            assertTrue(line.endsWith("; closed the connection from the sender 127.0.0.1:" + from), relay::describe);
            assertEquals(1, line.lines().count(), relay::describe);
        } finally {
            Cli.destroy(relay.process());
        }
        assertFalse(Files.exists(relay.portFile()), "the port file is removed at exit");
    }

    @Test
    void aCommandTheShellCannotFindPassesTheShellsStatus() throws Exception {
        Relay relay = startRelay("--exec", "livemig-no-such-command");
        try (RelayPeer peer = RelayPeer.plain(relay.port())) {
            assertNull(peer.readLine(), "the command's end is the sender's end of stream");
            peer.socket.shutdownOutput();
            assertEquals(127, relay.awaitExit(), relay::describe);
        } finally {
            Cli.destroy(relay.process());
        }
        assertTrue(relay.errText().contains("livemig-no-such-command"), "sh's message passes through: " + relay.describe());
        assertTrue(Cli.read(relay.out()).contains("the command exited with status 127"), relay::describe);
    }

    @Test
    void aPlainSenderThatDiesMidStreamEndsTheCommandsInput() throws Exception {
        senderDiesMidStream(false);
    }

    @Test
    void aTlsSenderThatDiesMidStreamEndsTheCommandsInput() throws Exception {
        senderDiesMidStream(true);
    }

    /**
     * A sender process sends 3 MiB and is killed (SIGKILL) while the command still reads: the
     * command sees its input end and exits 5, and so does the relay.
     */
    private void senderDiesMidStream(boolean tls) throws Exception {
        Path started = dir.resolve("started");
        String command = "head -c 1048576 >/dev/null; touch '" + started + "'; cat >/dev/null; exit 5";
        Relay relay = tls ? startRelay(concat(tlsOptions(), "--exec", command)) : startRelay("--exec", command);
        Path senderOut = dir.resolve("sender.out");
        List<String> args = new ArrayList<>(List.of(tls ? "tls" : "plain", Integer.toString(relay.port()), Integer.toString(3 << 20)));
        if (tls) {
            args.addAll(List.of(certs.sender.keystore().toString(), certs.caPem.toString()));
        }
        List<String> cmd = TestJvm.command(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), RelayPeer.class, args);
        Process sender = new ProcessBuilder(cmd).redirectOutput(senderOut.toFile()).redirectErrorStream(true).start();
        try {
            Await.until(() -> Cli.read(senderOut).contains("sent") && Files.exists(started), Duration.ofSeconds(60),
                    "the sender has sent and the command has read its first MiB");
            assertTrue(relay.process().isAlive(), "the command still reads: " + relay.describe());
            sender.destroyForcibly(); // SIGKILL
            assertEquals(5, relay.awaitExit(), relay::describe);
        } finally {
            Cli.destroy(sender, relay.process());
        }
        String out = Cli.read(relay.out());
        assertTrue(out.contains("the command exited with status 5"), relay::describe);
        if (tls) {
            // no close_notify: the relay says the connection broke off, then the command's end
            assertTrue(relay.errText().startsWith("livemig relay: the connection from the sender 127.0.0.1:"), relay::describe);
            assertTrue(relay.errText().contains(" broke off after "), relay::describe);
            Cli.assertNoStackTrace(relay.errText());
        } else {
            // the kernel ends a killed process's connection as any other: every byte sent, then end of stream
            assertTrue(out.contains("relayed " + (3 << 20) + " bytes from the sender"), relay::describe);
            assertEquals("", relay.errText(), relay::describe);
        }
    }

    @Test
    void sigtermWhileRelayingStopsTheCommandAndWhatItStartedAndClosesTheConnection() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        // sh starts a child of its own that holds the output pipe: the relay must stop it too
        Relay relay = startRelay("--exec", "sleep 600 & echo $! > '" + pidFile + "'; echo hello; wait");
        try (RelayPeer peer = RelayPeer.plain(relay.port())) {
            assertEquals("hello", peer.readLine());
            Await.until(() -> Cli.read(pidFile).strip().matches("\\d+"), "the command's child to write its pid");
            long child = Long.parseLong(Cli.read(pidFile).strip());
            assertTrue(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the command's child runs");
            signal(relay.process(), "TERM");
            assertEquals(1, relay.awaitExit(), relay::describe);
            assertEquals("livemig relay: interrupted (SIGTERM): stopped the command (exit status 143) and closed the connection"
                    + " from the sender 127.0.0.1:" + peer.localPort() + " after 0 bytes from it and 6 back", relay.errText().strip());
            Await.until(() -> !ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the command's child to end");
            assertNull(peer.readLine(), "the sender's connection is closed");
        } finally {
            Cli.destroy(relay.process());
        }
        assertFalse(Files.exists(relay.portFile()), "the port file is removed at exit");
    }

    @Test
    void sigtermWhileListeningEndsWithOneLine() throws Exception {
        Relay relay = startRelay("--exec", "cat");
        try {
            signal(relay.process(), "TERM");
            assertEquals(1, relay.awaitExit(), relay::describe);
            assertEquals("livemig relay: interrupted (SIGTERM) while listening on 127.0.0.1:" + relay.port()
                    + "; no migration was relayed", relay.errText().strip());
        } finally {
            Cli.destroy(relay.process());
        }
        assertFalse(Files.exists(relay.portFile()), "the port file is removed at exit");
    }

    @Test
    void noSenderWithinTheAcceptTimeoutIsOneLine() {
        Cli.Run r = Cli.run("relay", "--listen", "tcp:127.0.0.1:0", "--accept-timeout", "200ms");
        assertEquals(1, r.exit(), r::describe);
        String line = r.oneErrorLine();
        assertTrue(line.matches("livemig relay: no sender connected to 127\\.0\\.0\\.1:\\d+ within 0\\.2 s"), line);
    }

    @Test
    void aPlainRelayOnANonLoopbackAddressWarnsAndATlsOneDoesNot() throws Exception {
        Path err = dir.resolve("wide.err");
        Process plain = new ProcessBuilder(Cli.childCommand("relay", "--listen", "tcp:0.0.0.0:0", "--accept-timeout", "100ms"))
                .redirectOutput(dir.resolve("wide.out").toFile()).redirectError(err.toFile()).start();
        assertEquals(1, Cli.await(plain, 60, "relay", err));
        assertTrue(Cli.read(err).contains("listening on 0.0.0.0:"), Cli.read(err));
        assertTrue(Cli.read(err).contains(", which is reachable from the network: the first peer to connect is taken as the"
                + " sender, and the connection is neither authenticated nor encrypted"), Cli.read(err));
        Path tlsErr = dir.resolve("wide-tls.err");
        Process tls = new ProcessBuilder(Cli.childCommand(concat(new String[] {"relay", "--listen", "tcp:0.0.0.0:0",
                "--accept-timeout", "100ms"}, tlsOptions()))).redirectOutput(dir.resolve("wide-tls.out").toFile())
                .redirectError(tlsErr.toFile()).start();
        assertEquals(1, Cli.await(tls, 60, "relay", tlsErr));
        assertTrue(Cli.read(tlsErr).strip().matches("livemig relay: no authenticated sender connected to 0\\.0\\.0\\.0:\\d+ within"
                + " 0\\.1 s"), Cli.read(tlsErr));
    }

    /** The relay's refusal lines, once the relay has ended. */
    private static List<String> refusalLines(Relay relay) {
        return relay.errText().lines().filter(l -> l.startsWith("livemig relay: refused ")).toList();
    }

    private static void signal(Process p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal);
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

}
