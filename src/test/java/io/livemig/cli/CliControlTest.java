package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live control end to end: a save of a simulated guest whose policy would run for half a minute
 * is stopped from the command line while it runs, and its report shows the operator's decision at
 * the next consultation.
 */
@Timeout(90)
class CliControlTest {
    private static final Pattern CONSULTATION = Pattern.compile(
            "\\{\"iteration\":(\\d+),\"totalWritten\":\\d+,\"dirtyCount\":(-?\\d+|null),\"decision\":\"(\\w+)\",\"decidedBy\":\"(\\w+)\"");
    private static final Pattern STOP_EVENT = Pattern.compile("\"consultationsBefore\":(\\d+),\"command\":\"stop\"");

    @TempDir
    Path dir;

    @Test
    void anOperatorStopTakesEffectAtTheNextConsultation() throws Exception {
        Path socket = dir.resolve("save.ctl");
        Path report = dir.resolve("report.json");
        // Rounds of about a second (32 MiB at 32 MiB/s, rewritten faster than that); the policy alone
        // would go on until its deadline aborts the save.
        CompletableFuture<Cli.Run> save = CompletableFuture.supplyAsync(() -> Cli.run("save", "--sim", "32M",
                "--workload", "uniform:rate=20000", "--policy", "xen:iterations=1000,dirty=0,deadline=40s:abort",
                "--max-bandwidth", "32M", "--control", socket.toString(), "--report", report.toString(),
                "--to", dir.resolve("guest.stream").toString()));
        String status = awaitStatus(socket, save, "last consultation: iteration 1, dirty ");
        assertTrue(status.matches("round \\d+ sending \\d+/\\d+ pages; last consultation: iteration 1, dirty \\d+, CONTINUE_PRECOPY; "
                + "elapsed .*, bandwidth .*/s, dirty rate \\d+ pages/s, estimated downtime .*"), status);

        Cli.Run stop = Cli.ok("control", socket.toString(), "stop");
        assertEquals("stop-and-copy at the next policy consultation", stop.out().trim());

        Cli.Run saved = save.get(60, TimeUnit.SECONDS);
        assertEquals(0, saved.exit(), saved::describe);
        assertTrue(saved.out().contains("operator (livemig control stop): STOP_AND_COPY at iteration"), saved::describe);
        assertFalse(Files.exists(socket), "the socket is removed when the save ends");

        String json = Files.readString(report);
        Matcher event = STOP_EVENT.matcher(json);
        assertTrue(event.find(), json);
        int before = Integer.parseInt(event.group(1));
        Matcher m = CONSULTATION.matcher(json);
        int index = 0;
        int forcedAt = -1;
        String lastDecision = null;
        while (m.find()) {
            if (m.group(4).equals("operator")) {
                assertEquals(-1, forcedAt, "one forced consultation");
                forcedAt = index;
            } else {
                assertEquals("CONTINUE_PRECOPY", m.group(3), "the policy itself never stopped");
            }
            lastDecision = m.group(3);
            index++;
        }
        assertEquals("STOP_AND_COPY", lastDecision);
        assertEquals(index - 1, forcedAt, "the forced consultation ends precopy");
        // the next consultation after the command (or the one after, when one was under way as it arrived)
        assertTrue(forcedAt == before || forcedAt == before + 1, "command after " + before + " consultations, forced at " + forcedAt);
        assertTrue(json.contains("\"outcome\":\"completed\""), json);

        Cli.Run late = Cli.run("control", socket.toString(), "stop");
        assertEquals(Main.EXIT_FAILURE, late.exit());
        assertEquals("livemig control: " + socket + ": no control socket there (is a save running with --control " + socket + "?)",
                late.oneErrorLine());
    }

    @Test
    void theOperatorsThrottleHoldsUntilAutoAndTheReportShowsItPerRound() throws Exception {
        Path socket = dir.resolve("throttle.ctl");
        Path report = dir.resolve("throttle.json");
        CompletableFuture<Cli.Run> save = CompletableFuture.supplyAsync(() -> Cli.run("save", "--sim", "16M",
                "--workload", "uniform:rate=20000", "--policy", "xen:iterations=1000,dirty=0,deadline=40s:abort",
                "--auto-converge=initial=30%", "--progress", "lines",
                "--max-bandwidth", "16M", "--control", socket.toString(), "--report", report.toString(),
                "--to", dir.resolve("throttle.stream").toString()));
        awaitStatus(socket, save, "last consultation: iteration 1, dirty ");
        assertEquals("throttle 60% from the next batch (until throttle=auto)",
                Cli.ok("control", socket.toString(), "throttle=60%").out().trim());
        String status = awaitStatus(socket, save, "throttle 60% (operator: 60%)");
        assertTrue(status.contains("; throttle 60% (operator: 60%)"), status);
        assertEquals("the throttle strategy decides from the next policy consultation (auto-converge with QEMU's defaults if"
                + " the save was given none)", Cli.ok("control", socket.toString(), "throttle=auto").out().trim());
        awaitStatus(socket, save, "(strategy)");
        Cli.ok("control", socket.toString(), "stop");
        Cli.Run saved = save.get(60, TimeUnit.SECONDS);
        assertEquals(0, saved.exit(), saved::describe);
        assertTrue(saved.out().contains("throttle: 0% -> 60% of the guest's CPU time taken (operator)"), saved::describe);
        assertTrue(saved.out().contains(", guest throttled 60%)"), saved::describe);
        String json = Files.readString(report);
        assertTrue(json.contains("\"throttlePercent\":60"), json);
        assertTrue(json.contains("\"policy\":\"xen:iterations=1000,dirty=0,deadline=40s:abort + auto-converge initial=30%,step=10%,"
                + "max=99%,trigger=50%\""), json);
        assertTrue(json.matches("(?s).*\"live\":false[^}]*\"throttlePercent\":0\\}.*"), "the suspended round has none: " + json);
    }

    @Test
    void downtimeAndAbortCommandsAndTheirErrors() throws Exception {
        Path socket = dir.resolve("abort.ctl");
        Path report = dir.resolve("abort.json");
        CompletableFuture<Cli.Run> save = CompletableFuture.supplyAsync(() -> Cli.run("save", "--sim", "16M",
                "--workload", "uniform:rate=20000", "--policy", "xen:iterations=1000,dirty=0,deadline=40s",
                "--max-bandwidth", "16M", "--control", socket.toString(), "--report", report.toString(),
                "--to", dir.resolve("abort.stream").toString()));
        awaitStatus(socket, save, "last consultation: iteration 1, dirty ");
        Cli.Run bad = Cli.run("control", socket.toString(), "pause");
        assertEquals(Main.EXIT_USAGE, bad.exit(), "an unknown command is bad usage, refused before the save is asked");
        assertEquals("livemig control: unknown command 'pause' (known: stop, abort, downtime=DURATION, throttle=N%|auto|off, status)", bad.oneErrorLine());
        Cli.Run badTarget = Cli.run("control", socket.toString(), "downtime=soon");
        assertEquals(Main.EXIT_USAGE, badTarget.exit());
        assertEquals("livemig control: not a duration: 'soon' (examples: 300ms, 1.5s, 10m, 2h)", badTarget.oneErrorLine());
        // 1 us never fits: precopy goes on, and status shows the operator's target
        assertEquals("downtime target 1 us from the next policy consultation", Cli.ok("control", socket.toString(), "downtime=1us").out().trim());
        assertTrue(Cli.ok("control", socket.toString(), "status").out().contains("operator downtime target 1 us"));
        Cli.ok("control", socket.toString(), "abort");

        Cli.Run saved = save.get(60, TimeUnit.SECONDS);
        assertEquals(Main.EXIT_FAILURE, saved.exit(), saved::describe);
        String error = saved.oneErrorLine();
        assertTrue(error.startsWith("livemig save: Abort precopy loop: the operator aborted (livemig control abort) at iteration"),
                saved::describe);
        assertTrue(error.contains("the source domain sim-16M runs on, log-dirty off"), error);
        assertTrue(saved.out().contains("operator (livemig control abort): ABORT at iteration"), saved::describe);
        String json = Files.readString(report);
        assertTrue(json.contains("\"outcome\":\"aborted\",\"abortedBy\":\"operator\""), json);
        assertTrue(json.contains("\"decision\":\"ABORT\",\"decidedBy\":\"operator\""), json);
        assertTrue(json.contains("\"operatorDowntimeTargetSeconds\":1e-06"), json);
    }

    @Test
    void commandsOnStandardInputWhenItIsNotTheStream() throws Exception {
        Path report = dir.resolve("stdin.json");
        Path log = dir.resolve("stdin-save.log");
        Process save = new ProcessBuilder(Cli.childCommand("save", "--sim", "16M", "--workload", "uniform:rate=20000",
                "--policy", "xen:iterations=1000,dirty=0,deadline=40s:abort", "--max-bandwidth", "16M", "--control-stdin",
                "--report", report.toString(), "--to", dir.resolve("stdin.stream").toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (!Cli.read(log).contains("round 1: ") && System.nanoTime() < deadline && save.isAlive()) {
                Thread.sleep(50);
            }
            assertTrue(Cli.read(log).contains("round 1: "), () -> "no first round: " + Cli.read(log));
            save.getOutputStream().write("status\nstop\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            save.getOutputStream().flush();
            assertEquals(0, Cli.await(save, 40, "save", log), () -> Cli.read(log));
        } finally {
            Cli.destroy(save);
        }
        String out = Cli.read(log);
        assertTrue(out.contains("control: reading stop, abort, downtime=DURATION, throttle=N%|auto|off, status from standard input"), out);
        assertTrue(out.contains("control: ok: round "), out);
        assertTrue(out.contains("control: ok: stop-and-copy at the next policy consultation"), out);
        String json = Files.readString(report);
        assertTrue(json.contains("\"decision\":\"STOP_AND_COPY\",\"decidedBy\":\"operator\""), json);
        assertTrue(json.contains("\"command\":\"stop\""), json);
    }

    @Test
    void aSocketPathThatIsAFileIsRefusedBeforeTheSaveStarts() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-socket"), "x");
        Cli.Run r = Cli.run("save", "--sim", "16M", "--control", file.toString(), "--to", dir.resolve("x").toString());
        assertEquals(Main.EXIT_USAGE, r.exit(), r::describe);
        assertEquals("livemig save: --control " + file + ": exists and is not a socket", r.oneErrorLine());
    }

    /** Polls the control socket until status contains {@code expected}; returns the status line. */
    private static String awaitStatus(Path socket, CompletableFuture<Cli.Run> save, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        String last = "(no status)";
        while (System.nanoTime() < deadline) {
            if (save.isDone()) {
                throw new AssertionError("the save ended first: " + save.get().describe());
            }
            if (Files.exists(socket)) {
                Cli.Run r = Cli.run("control", socket.toString(), "status");
                if (r.exit() == 0) {
                    last = r.out().trim();
                    if (last.contains(expected)) {
                        return last;
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("status never contained '" + expected + "'; last: " + last);
    }

    static List<String> lines(String s) {
        return s.lines().toList();
    }
}
