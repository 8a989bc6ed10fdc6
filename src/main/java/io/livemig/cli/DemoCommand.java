package io.livemig.cli;

import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.backend.sim.Workload;
import io.livemig.engine.RoundStats;
import io.livemig.policy.PolicySpec;
import io.livemig.util.HostMemory;
import io.livemig.util.Sizes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The main job of the README: a sender and a receiver, two JVMs, a busy simulated guest migrated
 * live over loopback TCP, with progress while it runs and a summary at the end.
 */
@Command(name = "demo", header = "Live-migrates a busy simulated guest between two processes.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Live-migrates a busy simulated guest between two processes over loopback TCP.",
                "Prints both processes' progress, then a summary: rounds, pages per round, bytes, total time, downtime"
                        + " (suspend until the receiver has read END) and whether the digests match; for a migration"
                        + " that was aborted, failed or interrupted, who ended it and where the guest runs.",
                "SIGINT or SIGTERM (Ctrl-C) aborts the migration cleanly; a second one stops both processes at once."},
        footer = {"",
                "The sender fills the guest and the receiver allocates its memory before the stream arrives: the demo"
                        + " needs twice --size, and refuses a size this machine cannot hold.",
                "Exit status: 0 the migration completed and the digests match; 1 it was aborted, failed or"
                        + " interrupted, or the digests differ; 2 bad usage."})
final class DemoCommand implements Callable<Integer> {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Option(names = "--size", defaultValue = "1G", paramLabel = "SIZE", description = "Guest memory (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--workload", defaultValue = "hotset:rate=50000", paramLabel = "SPEC",
            description = "What the guest's writers do (see `livemig save --help`); default ${DEFAULT-VALUE}.")
    String workload;

    @Option(names = "--policy", defaultValue = "xen", paramLabel = "SPEC", description = "Precopy policy (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--batch", defaultValue = "1024", paramLabel = "N", description = "Pfns per PAGE_DATA record (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the guest's content and writers (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-bandwidth", paramLabel = "RATE", description = "The sender's limit on its live rounds, bytes per second (100M, 1G).")
    String maxBandwidth;

    @Option(names = "--auto-converge", arity = "0..1", fallbackValue = "", paramLabel = "SETTINGS",
            description = "Throttle the guest's writers while they dirty memory faster than the link carries it (QEMU's"
                    + " auto-converge; SETTINGS as for `livemig save --auto-converge`).")
    String autoConverge;

    @Option(names = "--report", paramLabel = "FILE", description = "The sender's migration report (JSON).")
    Path report;

    @Option(names = "--report-html", paramLabel = "FILE",
            description = "The sender's migration report as an HTML page with charts.")
    Path reportHtml;

    /**
     * One migration between two child JVMs: what to start them with. With {@code startTogether}
     * both start at once on a port picked beforehand (the sender retries its connection until the
     * receiver listens), which saves a JVM start per run; otherwise the sender starts once the
     * receiver has said where it listens. Without {@code prefill} the guest starts from zeroed
     * memory (every page is still sent; filling 256 MiB costs seconds on a busy machine).
     * {@code autoConverge} is the sender's --auto-converge settings ("" for QEMU's defaults), or null.
     */
    record Migration(String size, String workload, String policy, String autoConverge, int batch, long seed,
                     String maxBandwidth, Path report, Path reportHtml, boolean startTogether, boolean prefill) {

        /** Checks what the children would reject only after the receiver has started listening. */
        long check() {
            long bytes;
            try {
                bytes = Sizes.parse(size);
                SimDomainConfig.builder().size(bytes).build();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--size " + size + ": " + e.getMessage());
            }
            // the sender's guest (filled) and the receiver's destination (allocated before listening)
            long needed = (prefill ? bytes : 0) + bytes;
            HostMemory.Available available = HostMemory.available();
            if (needed > available.bytes()) {
                throw new IllegalArgumentException("--size " + size + ": the demo's sender and receiver need "
                        + Sizes.format(needed) + " of memory and " + available.describe() + " is less; give a smaller --size");
            }
            Workload.parse(workload);
            PolicySpec.parse(policy);
            SaveRun.autoConverge(autoConverge, true);
            SaveRun.checkBatch(batch);
            if (maxBandwidth != null) {
                SaveRun.parseBandwidth("--max-bandwidth", maxBandwidth);
            }
            Main.checkCreatable("--report", report);
            Main.checkCreatable("--report-html", reportHtml);
            return bytes;
        }
    }

    /**
     * What the two children did; a result file is null when its child wrote none; {@code signal}
     * is the signal that interrupted the demo, or null.
     */
    record Outcome(int sendExit, int recvExit, ResultFile send, ResultFile recv, String signal) {
        boolean completed() {
            return send != null && recv != null && sendExit == 0 && recvExit == 0;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Migration m = new Migration(size, workload, policy, autoConverge, batch, seed, maxBandwidth, report, reportHtml, false, true);
        long bytes = m.check();
        out.printf(Locale.ROOT, "livemig demo: %s guest, workload %s, policy %s%s, over loopback TCP%s%n",
                Sizes.format(bytes), workload, policy, autoConverge == null ? "" : ", " + SaveRun.autoConverge(autoConverge, true),
                maxBandwidth == null ? "" : " at most " + maxBandwidth + "/s");
        out.flush();
        Outcome o = migrate(m, out);
        return summary(out, bytes, o);
    }

    /**
     * Runs one migration: a receiver JVM listening on loopback, a sender JVM saving a simulated
     * guest to it; their output goes to {@code progress} prefixed (or nowhere when null).
     */
    static Outcome migrate(Migration m, PrintWriter progress) throws IOException, InterruptedException {
        long bytes = Sizes.parse(m.size());
        Path dir = Files.createTempDirectory("livemig-demo");
        Path portFile = dir.resolve("port");
        Path sendResult = dir.resolve("sender.properties");
        Path recvResult = dir.resolve("receiver.properties");
        Process[] children = new Process[2];
        // an exit by any other way: take the children along
        Thread reaper = new Thread(() -> destroyForcibly(children), "demo-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        Process receiver = null;
        Process sender = null;
        // The children run in sessions of their own, so that a Ctrl-C reaches this process only: it asks the
        // sender to stop (SIGTERM: a clean abort), and the receiver then ends with an incomplete stream.
        SignalStop signals = SignalStop.install("livemig demo", signal -> {
            Process target = children[1] != null && children[1].isAlive() ? children[1] : children[0];
            if (target != null) {
                target.destroy();
            }
        }, "both processes were killed", () -> destroyForcibly(children));
        try {
            // The destination is built with the guest's memory before the stream arrives, as xl migrate does.
            int chosen = m.startTogether() ? freePort() : 0;
            receiver = start(List.of("receive", "--from", "tcp:127.0.0.1:" + chosen, "--capacity", Long.toString(bytes),
                    "--preallocate", "--port-file", portFile.toString(), "--result-file", recvResult.toString()));
            children[0] = receiver;
            Thread recvPump = pump(receiver.getInputStream(), "receiver | ", progress);
            int port = m.startTogether() ? chosen : awaitPort(portFile, receiver);
            List<String> save = new ArrayList<>(List.of("save", "--sim", m.size(), "--workload", m.workload(),
                    "--policy", m.policy(), "--batch", Integer.toString(m.batch()), "--seed", Long.toString(m.seed()),
                    "--to", "tcp:127.0.0.1:" + port, "--result-file", sendResult.toString()));
            if (!m.prefill()) {
                save.add("--no-prefill");
            }
            if (m.maxBandwidth() != null) {
                save.addAll(List.of("--max-bandwidth", m.maxBandwidth()));
            }
            if (m.autoConverge() != null) {
                save.add(m.autoConverge().isEmpty() ? "--auto-converge" : "--auto-converge=" + m.autoConverge());
            }
            if (m.report() != null) {
                save.addAll(List.of("--report", m.report().toAbsolutePath().toString()));
            }
            if (m.reportHtml() != null) {
                save.addAll(List.of("--report-html", m.reportHtml().toAbsolutePath().toString()));
            }
            sender = start(save);
            children[1] = sender;
            Thread sendPump = pump(sender.getInputStream(), "sender   | ", progress);
            int sendExit = sender.waitFor();
            if (sendExit != 0 && receiver.isAlive() && !receiver.waitFor(10, TimeUnit.SECONDS)) {
                receiver.destroy();
            }
            int recvExit = receiver.waitFor();
            sendPump.join();
            recvPump.join();
            return new Outcome(sendExit, recvExit, Files.exists(sendResult) ? ResultFile.read(sendResult) : null,
                    Files.exists(recvResult) ? ResultFile.read(recvResult) : null, signals.received());
        } finally {
            signals.close();
            destroyForcibly(children);
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
            for (Path p : new Path[] {portFile, sendResult, recvResult}) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        }
    }

    private int summary(PrintWriter out, long bytes, Outcome o) {
        out.println();
        out.println("== livemig demo summary ==");
        int sendExit = o.sendExit();
        int recvExit = o.recvExit();
        ResultFile send = o.send();
        ResultFile recv = o.recv();
        if (send == null) {
            out.printf(Locale.ROOT, "outcome        the sender ended without a result (exit %d)%s; the receiver exited with %d%n",
                    sendExit, o.signal() == null ? "" : " after " + o.signal(), recvExit);
            out.flush();
            return Main.EXIT_FAILURE;
        }
        List<RoundStats> rounds = send.rounds();
        long pfns = send.getLong("pfns", 0);
        long live = rounds.stream().filter(RoundStats::live).count();
        long suspendedRounds = rounds.size() - live;
        long pages = rounds.stream().mapToLong(RoundStats::pagesSent).sum();
        String result = send.get("result");
        boolean completed = "completed".equals(result);
        out.printf(Locale.ROOT, "guest          %s (%d pages), workload %s, policy %s%n", Sizes.format(bytes), pfns, workload, policy);
        if (completed) {
            out.printf(Locale.ROOT, "outcome        sender completed, receiver %s%n", recv == null ? "gave no result" : recv.get("result"));
        } else {
            // the sender's error line says what happened, who decided and where the guest runs
            String who = send.get("decidedBy");
            out.printf(Locale.ROOT, "outcome        %s%s%s%n", result.toUpperCase(Locale.ROOT),
                    who == null ? "" : " by the " + who, o.signal() == null ? "" : " (" + o.signal() + " to the demo)");
            out.printf(Locale.ROOT, "sender         %s%n", send.get("error"));
            out.printf(Locale.ROOT, "destination    %s%n", recv != null && "completed".equals(recv.get("result"))
                    ? "complete (unexpected)" : "not complete, as it must be after a save that did not finish");
        }
        out.printf(Locale.ROOT, "iterations     %s%n", suspendedRounds == 0 ? live + " live, nothing suspended"
                : live + " live + " + suspendedRounds + " suspended");
        boolean throttled = rounds.stream().anyMatch(r -> r.throttle() > 0);
        out.printf(Locale.ROOT, "%-6s %-10s %12s %12s %10s %12s%s%n", "round", "", "dirty", "pages sent", "time", "rate",
                throttled ? "   throttle" : "");
        for (RoundStats r : rounds) {
            out.printf(Locale.ROOT, "%-6d %-10s %12d %12d %8.3f s %10s/s%s%n", r.iteration(), r.live() ? "live" : "suspended",
                    r.dirtyPages(), r.pagesSent(), r.nanos() / 1e9, Sizes.format((long) r.bytesPerSecond()),
                    throttled ? String.format(Locale.ROOT, " %9d%%", r.throttle()) : "");
        }
        out.printf(Locale.ROOT, "pages sent     %d (%.2f x the guest)%n", pages, pfns == 0 ? 0 : (double) pages / pfns);
        out.printf(Locale.ROOT, "stream bytes   %d (%s)%n", send.getLong("bytes", 0), Sizes.format(send.getLong("bytes", 0)));
        if (!completed || recv == null) {
            out.printf(Locale.ROOT, "total time     %.3f s (save start until it ended)%n", send.getLong("totalNanos", 0) / 1e9);
            out.flush();
            return Main.EXIT_FAILURE;
        }
        Instant started = send.getInstant("started");
        Instant suspended = send.getInstant("suspendedAt");
        Instant received = recv.getInstant("endReadAt");
        if (started != null && received != null) {
            out.printf(Locale.ROOT, "total time     %.3f s (save start until the receiver has END)%n",
                    Duration.between(started, received).toNanos() / 1e9);
        }
        if (suspended != null && received != null) {
            out.printf(Locale.ROOT, "downtime       %.1f ms (suspend until the receiver has END)%n",
                    Duration.between(suspended, received).toNanos() / 1e6);
        }
        String src = send.get("digest");
        String dst = recv.get("digest");
        boolean match = src != null && src.equals(dst);
        out.printf(Locale.ROOT, "source digest  %s (at suspend)%n", src);
        out.printf(Locale.ROOT, "dest digest    %s%n", dst);
        out.println(match ? "digests MATCH: the destination equals the source at suspend"
                : "digests DIFFER: the destination is not the source");
        out.flush();
        return match && sendExit == 0 && recvExit == 0 ? 0 : Main.EXIT_FAILURE;
    }

    /** Starts this program again, same JVM and module (or class) path, with the given arguments, in a session of its own. */
    private static Process start(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (SETSID != null) {
            cmd.add(SETSID);
        }
        cmd.addAll(ChildJvm.command(List.of(), Main.class, args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    }

    private static Thread pump(InputStream in, String prefix, PrintWriter out) {
        Thread t = Thread.ofPlatform().daemon().name("demo-pump").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (out == null) {
                        continue;
                    }
                    synchronized (out) {
                        out.println(prefix + line);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the child went away; its exit status tells the rest
            }
        });
        return t;
    }

    /** util-linux's setsid, on every Debian; without it the children share this process's signals. */
    private static final String SETSID = java.util.stream.Stream.of("/usr/bin/setsid", "/bin/setsid")
            .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);

    private static void destroyForcibly(Process[] processes) {
        for (Process p : processes) {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /** A port free at this moment on loopback (the receiver binds it a moment later). */
    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int awaitPort(Path portFile, Process receiver) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile)) {
                String text = Files.readString(portFile).trim();
                if (!text.isEmpty()) {
                    return Integer.parseInt(text);
                }
            }
            if (!receiver.isAlive()) {
                throw new IOException("the receiver exited with status " + receiver.exitValue() + " before listening");
            }
            Thread.sleep(20);
        }
        throw new IOException("the receiver did not listen within " + START_TIMEOUT.toSeconds() + " s");
    }
}
