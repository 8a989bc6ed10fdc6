package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import io.livemig.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real signals to child JVMs: the first SIGINT or SIGTERM stops a save at its next safe point as
 * an operator's abort (the guest runs on, log-dirty off, the control socket removed, the report and
 * result written, the target's name untouched, one line, exit 1); a save blocked in a write is cut
 * after the grace period; a second signal exits at once; a receive stops with one line.
 */
@Timeout(120)
class CliSignalTest {
    /** The stand-in for a good stream from an earlier save, which an interrupted save must not touch. */
    private static final byte[] GOOD = "an earlier, complete stream".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void sigtermStopsASaveBetweenTwoBatchesAndPutsEverythingRight() throws Exception {
        Interrupted r = interruptSave("TERM", List.of());
        String line = r.oneLine();
        assertTrue(line.startsWith("livemig save: interrupted (SIGTERM) in round 1 after "), line);
        assertTrue(line.endsWith("; the source domain sim-64M runs on, log-dirty off; " + r.target + " was left as it was"), line);
    }

    @Test
    void sigintDoesTheSame() throws Exception {
        // A shell starts background jobs with SIGINT ignored, and an ignored signal stays ignored across
        // exec: perl (Debian's perl-base, always there) puts the default back, as a terminal's job has it.
        Interrupted r = interruptSave("INT", List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\""));
        assertTrue(r.oneLine().startsWith("livemig save: interrupted (SIGINT) in round 1 after "), r.oneLine());
    }

    /** A save of a busy 64 MiB guest at 8 MiB/s to a file that exists, interrupted in its first round. */
    private Interrupted interruptSave(String signal, List<String> launcher) throws Exception {
        Path target = Files.write(dir.resolve("guest.stream"), GOOD);
        Path control = dir.resolve("save.ctl");
        Path report = dir.resolve("report.json");
        Path result = dir.resolve("result.properties");
        Path out = dir.resolve("save.out");
        Path err = dir.resolve("save.err");
        List<String> cmd = new ArrayList<>(launcher);
        cmd.addAll(Cli.childCommand("save", "--sim", "64M", "--workload", "uniform:rate=20000", "--max-bandwidth", "8M",
                "--progress", "lines", "--control", control.toString(), "--report", report.toString(),
                "--result-file", result.toString(), "--to", target.toString()));
        Process save = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            Cli.awaitText(out, save, s -> s.contains("Frames iteration 1: "), "a progress line of round 1");
            assertTrue(Files.exists(control), "the control socket exists while the save runs");
            Cli.signal(save, signal);
            assertEquals(1, Cli.await(save, 30, "save", out, err), () -> Cli.read(out) + Cli.read(err));
        } finally {
            Cli.destroy(save);
        }
        Cli.assertNoStackTrace(Cli.read(err));
        assertFalse(Files.exists(control), "the control socket is removed");
        assertArrayEquals(GOOD, Files.readAllBytes(target), "the earlier stream under the target's name is untouched");
        assertEquals(List.of(), leftovers(), "no temporary or partial file is left");
        String json = Files.readString(report);
        assertTrue(json.contains("\"outcome\":\"interrupted\",\"abortedBy\":\"operator\""), json);
        ResultFile written = ResultFile.read(result);
        assertEquals("interrupted", written.get("result"));
        assertEquals("operator", written.get("decidedBy"));
        assertPartialFirstRound(written, 16384);
        return new Interrupted(target, Cli.read(err));
    }

    record Interrupted(Path target, String err) {
        String oneLine() {
            List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
            assertEquals(1, lines.size(), () -> "one line on stderr:\n" + err);
            return lines.getFirst();
        }
    }

    /** The first round was recorded as far as it went. */
    private static void assertPartialFirstRound(ResultFile r, long pages) {
        var rounds = r.rounds();
        assertEquals(1, rounds.size(), "one (partial) round");
        assertTrue(rounds.getFirst().pagesSent() > 0 && rounds.getFirst().pagesSent() < pages,
                "the round stopped part way: " + rounds.getFirst());
    }

    @Test
    void aSaveBlockedInAWriteIsCutAfterTheGraceAndASecondSignalExitsAtOnce() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(60_000); // a save that never connects fails the test, not hangs it
            int port = listener.getLocalPort();
            // one signal: the save cannot reach a safe point (a receiver that never reads), so it is cut
            Path err = dir.resolve("cut.err");
            Process save = startBlockedSave(port, err);
            try (Socket accepted = listener.accept()) {
                awaitBlocked(accepted);
                Cli.signal(save, "TERM");
                assertEquals(1, Cli.await(save, 30, "save", err));
            } finally {
                Cli.destroy(save);
            }
            String line = Cli.read(err).strip();
            assertEquals(1, line.lines().count(), line);
            assertTrue(line.startsWith("livemig save: interrupted (SIGTERM): no safe point within "
                    + SaveRun.SAFE_POINT_GRACE_MILLIS / 1000 + " s (a write was blocked), so the stream to tcp 127.0.0.1:"
                    + port + " was cut; the source domain sim-64M runs on, log-dirty off"), line);
            Cli.assertNoStackTrace(line);

            // two signals: the second exits at once, saying so
            Path err2 = dir.resolve("twice.err");
            Process again = startBlockedSave(port, err2);
            try (Socket accepted = listener.accept()) {
                awaitBlocked(accepted);
                Cli.signal(again, "TERM");
                Cli.signal(again, "TERM");
                assertEquals(128 + 15, Cli.await(again, 30, "save", err2));
            } finally {
                Cli.destroy(again);
            }
            assertEquals("livemig save: SIGTERM again: exiting at once; the simulated guest ends with the process",
                    Cli.read(err2).strip());
        }
    }

    /**
     * Until the save is blocked in a write: bytes have arrived and no more arrive for 200 ms (the
     * receive buffer is full, and the sender's behind it).
     */
    private static void awaitBlocked(Socket accepted) {
        long[] seen = {-1, System.nanoTime()};
        Await.until(() -> {
            int available;
            try {
                available = accepted.getInputStream().available();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            long now = System.nanoTime();
            if (available != seen[0]) {
                seen[0] = available;
                seen[1] = now;
                return false;
            }
            return available > 0 && now - seen[1] > 200_000_000L;
        }, "the save to be blocked in a write to a receiver that does not read");
    }

    private Process startBlockedSave(int port, Path err) throws IOException {
        return new ProcessBuilder(Cli.childCommand("save", "--sim", "64M", "--progress", "lines", "--connect-retry", "0",
                "--to", "tcp:127.0.0.1:" + port)).redirectOutput(dir.resolve("blocked.out").toFile())
                .redirectError(err.toFile()).start();
    }

    @Test
    void sigtermStopsAReceiveWithOneLineAndRemovesItsPortFile() throws Exception {
        Path portFile = dir.resolve("port");
        Path result = dir.resolve("receive.properties");
        Path out = dir.resolve("receive.out");
        Path err = dir.resolve("receive.err");
        Process receive = new ProcessBuilder(Cli.childCommand("receive", "--from", "tcp:127.0.0.1:0", "--capacity", "16M",
                "--port-file", portFile.toString(), "--result-file", result.toString()))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            int port = Cli.awaitPort(portFile, receive, err);
            Cli.signal(receive, "TERM");
            assertEquals(1, Cli.await(receive, 30, "receive", out, err));
            assertEquals("livemig receive: interrupted (SIGTERM) while reading tcp 127.0.0.1:" + port
                    + " (listening); destination NOT complete", Cli.read(err).strip());
        } finally {
            Cli.destroy(receive);
        }
        assertFalse(Files.exists(portFile), "the port file is removed");
        assertEquals("failed", ResultFile.read(result).get("result"));
        assertEquals("false", ResultFile.read(result).get("complete"));
    }


    private List<String> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".guest.stream") || n.startsWith("guest.stream.")).toList();
        }
    }
}
