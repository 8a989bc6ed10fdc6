package io.livemig.cli;

import static io.livemig.migrate.ScriptedReceiver.read;
import static io.livemig.migrate.ScriptedReceiver.send;
import static io.livemig.migrate.ScriptedReceiver.sendBytes;
import static io.livemig.migrate.ScriptedReceiver.status;
import static io.livemig.migrate.ScriptedReceiver.stream;
import static io.livemig.migrate.ScriptedReceiver.toTheEnd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.sim.SimDestination;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.migrate.ScriptedReceiver;
import io.livemig.migrate.XlMessage;
import io.livemig.transport.TestCertificates;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code livemig migrate} end to end: a simulated guest to {@code livemig receive --protocol xl}
 * in a child JVM, over a stand-in for ssh (a script that ignores HOST and the {@code xl
 * migrate-receive} words, as ssh would run them on HOST) and over TCP and mutual TLS; and the one
 * line of a fault at each protocol step, from a scripted receiver or a receiving command that dies.
 */
@Timeout(180)
class CliMigrateTest {
    private static final String SIZE = "16M";
    private static final int PAGES = 4096;

    @TempDir
    Path dir;

    private Path script(String name, String body) throws Exception {
        Path s = dir.resolve(name);
        Files.writeString(s, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
        return s;
    }

    private static String quoted(List<String> words) {
        return words.stream().map(w -> "'" + w + "'").collect(Collectors.joining(" "));
    }

    /**
     * The stand-in for ssh: records its arguments (HOST and the command ssh would run there), then
     * runs livemig's receiver on its standard input and output, its own messages into receiver.err.
     */
    private Path standIn(String... receiveOptions) throws Exception {
        List<String> receive = new ArrayList<>(List.of("receive", "--protocol", "xl", "--from", "-", "--capacity", "64M",
                "--result-file", dir.resolve("receiver.properties").toString()));
        receive.addAll(List.of(receiveOptions));
        return script("ssh-stand-in", "echo \"$*\" > '" + dir.resolve("args") + "'\nexec "
                + quoted(Cli.childCommand(receive.toArray(String[]::new))) + " 2> '" + dir.resolve("receiver.err") + "'\n");
    }

    private String receiverLog() {
        return Cli.read(dir.resolve("receiver.err"));
    }

    @Test
    void aSimulatedGuestMigratesOverTheSshStandInAndTheSourceIsDestroyed() throws Exception {
        Path result = dir.resolve("migrate.properties");
        Cli.Run r = Cli.run("migrate", "--sim", SIZE, "--workload", "hotset:rate=20000", "--progress", "lines", "-s",
                standIn().toString(), "--result-file", result.toString(), "guest1", "dst.example");
        assertEquals(0, r.exit(), () -> r.describe() + "\n--- receiver:\n" + receiverLog());
        Cli.assertNoStackTrace(r.err());
        assertEquals("dst.example xl migrate-receive", Files.readString(dir.resolve("args")).strip(),
                "the stand-in was run as xl runs ssh: exec SSHCOMMAND HOST xl migrate-receive");
        String digest = Cli.sourceDigest(r.out());
        ResultFile receiver = awaitReceiverResult();
        assertEquals("completed", receiver.get("result"), receiverLog());
        assertEquals(digest, receiver.get("digest"), "the destination equals the source at suspend");
        assertEquals("guest1", receiver.get("name"), "the receiver named the domain from the config sent");
        assertTrue(r.out().contains("migration: renamed guest1 to guest1--migratedaway\n"), r.out());
        assertTrue(r.out().contains("migration: gave the receiver its go\n"), r.out());
        assertTrue(r.out().strip().endsWith("migrated: guest1 runs at dst.example; the source domain was destroyed"), r.out());
        ResultFile written = ResultFile.read(result);
        assertEquals("completed", written.get("result"));
        assertEquals("migrated", written.get("state"));
        assertEquals(digest, written.get("digest"));
    }

    @Test
    void xlsOptionsShapeTheRuneAndDebugVerifiesEveryPage() throws Exception {
        Cli.Run r = Cli.run("migrate", "--sim", SIZE, "--workload", "idle", "--progress", "none", "-s", standIn().toString(),
                "-e", "-p", "--debug", "guest1", "dst");
        assertEquals(0, r.exit(), () -> r.describe() + "\n--- receiver:\n" + receiverLog());
        assertEquals("dst xl migrate-receive -e -d -p", Files.readString(dir.resolve("args")).strip());
        assertTrue(r.out().contains(" + a verify pass, "), r.out());
        assertEquals(Cli.sourceDigest(r.out()), awaitReceiverResult().get("digest"));
        assertTrue(receiverLog().contains(" and " + PAGES + " compared after VERIFY, "), receiverLog());
    }

    @Test
    void overTcpToAReceiverThatListens() throws Exception {
        migrateOverTcp(List.of(), List.of());
    }

    @Test
    void overMutualTls() throws Exception {
        TestCertificates certs = TestCertificates.shared();
        migrateOverTcp(List.of("--tls-cert", certs.receiver.certPem().toString(), "--tls-key", certs.receiver.keyPem().toString(),
                        "--tls-ca", certs.caPem.toString()),
                List.of("--tls-cert", certs.sender.certPem().toString(), "--tls-key", certs.sender.keyPem().toString(),
                        "--tls-ca", certs.caPem.toString()));
    }

    private void migrateOverTcp(List<String> receiverTls, List<String> senderTls) throws Exception {
        Path port = dir.resolve("port");
        Path log = dir.resolve("receiver.log");
        Path receiverResult = dir.resolve("receiver.properties");
        List<String> receive = new ArrayList<>(List.of("receive", "--protocol", "xl", "--from", "tcp:127.0.0.1:0", "--capacity", "64M",
                "--port-file", port.toString(), "--result-file", receiverResult.toString()));
        receive.addAll(receiverTls);
        Process receiver = new ProcessBuilder(Cli.childCommand(receive.toArray(String[]::new))).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            int p = Cli.awaitPort(port, receiver, log);
            List<String> migrate = new ArrayList<>(List.of("migrate", "--sim", SIZE, "--workload", "uniform:rate=20000",
                    "--progress", "none", "--to", "tcp:127.0.0.1:" + p, "guest1"));
            migrate.addAll(senderTls);
            Cli.Run r = Cli.run(migrate.toArray(String[]::new));
            assertEquals(0, r.exit(), () -> r.describe() + "\n--- receiver:\n" + Cli.read(log));
            assertEquals(0, Cli.await(receiver, 60, "receiver", log), Cli.read(log));
            ResultFile received = ResultFile.read(receiverResult);
            assertEquals(Cli.sourceDigest(r.out()), received.get("digest"));
            assertTrue(r.out().contains("receiver: " + (senderTls.isEmpty() ? "tcp" : "tls") + " 127.0.0.1:" + p + "\n"), r.out());
            assertTrue(r.out().strip().endsWith("migrated: guest1 runs at tcp:127.0.0.1:" + p + "; the source domain was destroyed"),
                    r.out());
        } finally {
            Cli.destroy(receiver);
        }
    }

    @Test
    void throughLivemigRelayWithMutualTls() throws Exception {
        TestCertificates certs = TestCertificates.shared();
        Path port = dir.resolve("relay.port");
        Path log = dir.resolve("relay.log");
        // the relay runs its --exec command as xl migrate-receive would run on the destination
        Process relay = new ProcessBuilder(Cli.childCommand("relay", "--listen", "tcp:127.0.0.1:0", "--port-file", port.toString(),
                "--exec", standIn().toString(), "--tls-cert", certs.receiver.certPem().toString(), "--tls-key",
                certs.receiver.keyPem().toString(), "--tls-ca", certs.caPem.toString())).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            int p = Cli.awaitPort(port, relay, log);
            Cli.Run r = Cli.run("migrate", "--sim", SIZE, "--workload", "uniform:rate=20000", "--progress", "none", "--to",
                    "tcp:127.0.0.1:" + p, "--tls-cert", certs.sender.certPem().toString(), "--tls-key", certs.sender.keyPem().toString(),
                    "--tls-ca", certs.caPem.toString(), "guest1");
            assertEquals(0, r.exit(), () -> r.describe() + "\n--- relay:\n" + Cli.read(log) + "\n--- receiver:\n" + receiverLog());
            assertEquals(0, Cli.await(relay, 60, "relay", log), Cli.read(log));
            assertEquals(Cli.sourceDigest(r.out()), awaitReceiverResult().get("digest"));
            assertTrue(r.out().strip().endsWith("migrated: guest1 runs at tcp:127.0.0.1:" + p + "; the source domain was destroyed"),
                    r.out());
        } finally {
            Cli.destroy(relay);
        }
    }

    @Test
    void intoAnXlSaveFileThatXlRestoreReads() throws Exception {
        Path file = dir.resolve("guest1.xl");
        Cli.Run r = Cli.run("migrate", "--sim", SIZE, "--workload", "uniform:rate=20000", "--progress", "none", "-s",
                standIn("--save-file", file.toString()).toString(), "guest1", "dst");
        assertEquals(0, r.exit(), () -> r.describe() + "\n--- receiver:\n" + receiverLog());
        assertEquals("completed", awaitReceiverResult().get("result"), receiverLog());
        Cli.Run inspected = Cli.ok("inspect", file.toString());
        assertEquals("framing: xl", inspected.out().lines().findFirst().orElseThrow(), inspected::describe);
        assertTrue(inspected.out().contains("(JSON, STREAMv2)"), inspected::describe);
        Cli.Run restored = Cli.ok("receive", "--from", file.toString(), "--capacity", "64M");
        assertEquals(Cli.sourceDigest(r.out()), Cli.destinationDigest(restored.out()));
    }

    /** The receiver's result file, once its process has written it (it may finish after the sender). */
    private ResultFile awaitReceiverResult() throws Exception {
        Path file = dir.resolve("receiver.properties");
        io.livemig.testing.Await.until(() -> Files.exists(file), "the receiver's result file");
        return ResultFile.read(file);
    }

    // ---- faults, each with its one line

    /** A migration to a scripted receiver over TCP; returns the run and what the receiver saw. */
    private Faulted faulted(String policy, ScriptedReceiver.Step... script) throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            CompletableFuture<ScriptedReceiver> receiver = CompletableFuture.supplyAsync(() -> {
                try {
                    SocketChannel c = listener.accept();
                    return ScriptedReceiver.start(c, c, c, script);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, task -> Thread.ofPlatform().daemon().start(task));
            Path result = dir.resolve("migrate.properties");
            Cli.Run r = Cli.run("migrate", "--sim", SIZE, "--workload", "uniform:rate=20000", "--progress", "none", "--policy",
                    policy, "--result-file", result.toString(), "--to", "tcp:127.0.0.1:" + port, "guest1");
            return new Faulted(r, receiver.get(30, TimeUnit.SECONDS).await(), ResultFile.read(result));
        }
    }

    private record Faulted(Cli.Run run, List<String> receiverSaw, ResultFile result) {
        String line() {
            assertEquals(1, run.exit(), run::describe);
            return run.oneErrorLine();
        }
    }

    private static final String RUNS_ON = "; the source domain guest1 runs on, log-dirty off";

    @Test
    void aWrongBanner() throws Exception {
        // what ssh prints before it gives up, then the end of the connection
        Faulted f = faulted("xen", sendBytes("Permission denied (publickey).\n".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("livemig migrate: reading the receiver's banner: the connection ended after 31 of the 54 bytes of the banner"
                + " (\"Permission denied (publickey).\\n\")" + RUNS_ON, f.line());
        assertEquals("runs-on", f.result().get("state"));
        assertEquals("banner", f.result().get("step"));
        assertEquals("failed", f.result().get("result"));
    }

    @Test
    void aBannerWithOneWrongByte() throws Exception {
        Faulted f = faulted("xen", sendBytes("xl migration receiver ready, send binary domain data!\n".getBytes(StandardCharsets.US_ASCII)),
                toTheEnd());
        assertEquals("livemig migrate: reading the receiver's banner: unexpected data instead of the banner: \"xl migration"
                + " receiver ready, send binary domain \"..." + RUNS_ON, f.line());
        assertEquals(List.of("sent 54 bytes", "end of the connection"), f.receiverSaw(), "the stream never started");
    }

    @Test
    void aReceiverThatDiesDuringTheStream() throws Exception {
        Path rune = script("dies", "printf 'xl migration receiver ready, send binary domain data.\\n'\n"
                + "head -c 1048576 >/dev/null\nexit 7\n");
        Cli.Run r = Cli.run("migrate", "--sim", SIZE, "--workload", "uniform:rate=20000", "--progress", "none", "-s", "",
                "guest1", rune.toString());
        assertEquals(1, r.exit(), r::describe);
        String line = r.oneErrorLine();
        assertTrue(line.startsWith("livemig migrate: sending the domain: save of guest1 failed: "), line);
        assertTrue(line.endsWith(" (the receiving command exited with status 7)" + RUNS_ON), line);
    }

    @Test
    void noReceiverAtAll() throws Exception {
        Cli.Run r = Cli.run("migrate", "--sim", SIZE, "--progress", "none", "-s", "exec 2>/dev/null; /nonexistent/ssh", "guest1", "dst");
        assertEquals(1, r.exit(), r::describe);
        assertEquals("livemig migrate: reading the receiver's banner: the connection ended before the banner (the receiving"
                + " command exited with status 127) (command run was: exec exec 2>/dev/null; /nonexistent/ssh dst xl"
                + " migrate-receive)" + RUNS_ON, r.oneErrorLine());
    }

    @Test
    void noRelayListening() throws Exception {
        int port;
        try (ServerSocketChannel closed = ServerSocketChannel.open()) {
            closed.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = ((InetSocketAddress) closed.getLocalAddress()).getPort();
        }
        Cli.Run r = Cli.run("migrate", "--sim", SIZE, "--progress", "none", "--connect-retry", "0", "--to", "tcp:127.0.0.1:" + port,
                "guest1");
        assertEquals(1, r.exit(), r::describe);
        assertEquals("livemig migrate: connecting to tcp:127.0.0.1:" + port + ": connection refused by 127.0.0.1:" + port
                + "; the source domain guest1 runs on", r.oneErrorLine());
    }

    @Test
    void noReadyAfterTheStream() throws Exception {
        try (SimDestination d = SimDomainConfig.builder().pages(PAGES).createDestination()) {
            Faulted f = faulted("xen", send(XlMessage.BANNER), stream(d));
            assertEquals("livemig migrate: waiting for the receiver's \"ready\": the connection ended before the ready message"
                    + RUNS_ON, f.line());
            assertEquals("ready", f.result().get("step"));
        }
    }

    @Test
    void aFailureReportThenThePermission() throws Exception {
        try (SimDestination d = SimDomainConfig.builder().pages(PAGES).createDestination()) {
            Faulted f = faulted("xen", send(XlMessage.BANNER), stream(d), send(XlMessage.READY), read(XlMessage.GO),
                    send(XlMessage.REPORT), status(3), send(XlMessage.GO), toTheEnd());
            assertEquals("livemig migrate: reading the receiver's report: the receiver could not start its copy (status 3) and"
                    + " gave the domain back" + RUNS_ON, f.line());
            assertEquals("3", f.result().get("receiverStatus"));
            assertEquals("runs-on", f.result().get("state"));
        }
    }

    @Test
    void aConnectionCutAfterTheGo() throws Exception {
        try (SimDestination d = SimDomainConfig.builder().pages(PAGES).createDestination()) {
            Faulted f = faulted("xen", send(XlMessage.BANNER), stream(d), send(XlMessage.READY), read(XlMessage.GO));
            assertEquals("livemig migrate: reading the receiver's report: the connection ended before the success/failure report"
                    + " message; ** migration failed during the final handshake ** the domain's state is now undefined: CHECK AT"
                    + " BOTH ENDS for running instances before renaming and resuming at most one (the source here is"
                    + " guest1--migratedaway, suspended; nothing was destroyed); two instances at once would probably cause SEVERE"
                    + " DATA LOSS", f.line());
            assertEquals("undefined", f.result().get("state"));
        }
    }

    @Test
    void aPolicyAbortLeavesTheSourceRunningAndTheReceiverIncomplete() throws Exception {
        Cli.Run r = Cli.run("migrate", "--sim", SIZE, "--workload", "uniform:rate=20000", "--progress", "none", "--policy",
                "abort:iteration=2", "-s", standIn().toString(), "guest1", "dst");
        assertEquals(1, r.exit(), r::describe);
        String line = r.oneErrorLine();
        assertTrue(line.startsWith("livemig migrate: sending the domain: Abort precopy loop: the policy answered ABORT at"
                + " iteration 2"), line);
        assertTrue(line.endsWith(" (the receiving command exited with status 1)" + RUNS_ON), line);
        ResultFile receiver = awaitReceiverResult();
        assertEquals("failed", receiver.get("result"));
        assertEquals("false", receiver.get("complete"));
    }

    @Test
    void sigtermDuringTheStreamStopsItAndTheSourceRunsOn() throws Exception {
        Path out = dir.resolve("migrate.out");
        Path err = dir.resolve("migrate.err");
        Path result = dir.resolve("migrate.properties");
        Process migrate = new ProcessBuilder(Cli.childCommand("migrate", "--sim", "64M", "--workload", "uniform:rate=20000",
                "--max-bandwidth", "8M", "--progress", "lines", "--result-file", result.toString(), "-s", standIn().toString(),
                "guest1", "dst")).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            Cli.awaitText(out, migrate, s -> s.contains("Frames iteration 1: "), "a progress line of round 1");
            Cli.signal(migrate, "TERM");
            assertEquals(1, Cli.await(migrate, 60, "migrate", out, err));
        } finally {
            Cli.destroy(migrate);
        }
        String text = Cli.read(err);
        Cli.assertNoStackTrace(text);
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), text);
        assertTrue(lines.getFirst().startsWith("livemig migrate: sending the domain: interrupted (SIGTERM) in round 1 after "),
                lines.getFirst());
        assertTrue(lines.getFirst().endsWith(RUNS_ON), lines.getFirst());
        ResultFile written = ResultFile.read(result);
        assertEquals("interrupted", written.get("result"));
        assertEquals("operator", written.get("decidedBy"));
        assertEquals("runs-on", written.get("state"));
        assertEquals("failed", awaitReceiverResult().get("result"), "the receiver did not get a whole stream");
        assertFalse(Cli.read(out).contains("migrated:"), Cli.read(out));
    }
}
