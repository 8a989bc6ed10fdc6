package io.livemig.cli;

import io.livemig.backend.SourceDomain;
import io.livemig.engine.RoundStats;
import io.livemig.engine.SaveAbortedException;
import io.livemig.engine.SaveEngine;
import io.livemig.engine.SaveException;
import io.livemig.engine.SaveOptions;
import io.livemig.engine.SaveResult;
import io.livemig.policy.ThrottleSpec;
import io.livemig.policy.ThrottleStrategy;
import io.livemig.policy.PolicySpec;
import io.livemig.policy.PrecopyControl;
import io.livemig.policy.PrecopyPolicy;
import io.livemig.stream.StreamFormat;
import io.livemig.transport.Endpoint;
import io.livemig.transport.StreamTarget;
import io.livemig.transport.TargetOptions;
import io.livemig.util.Sizes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.GatheringByteChannel;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One run of the save engine for a command that saves a domain (save, migrate), with what
 * {@link PrecopyOptions} asks for around it: the policy, the limits, the progress printer, the
 * control socket or standard input, the report and the result file, and what SIGINT and SIGTERM
 * do.
 *
 * <p>Signals: the first interrupts the save (an operator's abort at the next safe point, between
 * two batches; while the target is still opening, that is interrupted too), the second exits at
 * once. A save blocked in a write (a receiver that stopped reading) gets
 * {@link #SAFE_POINT_GRACE_MILLIS} to reach a safe point, then its stream is cut.
 */
final class SaveRun {
    static final long SAFE_POINT_GRACE_MILLIS = 5000;

    /**
     * Where a run stands, for what a first signal does: while the target opens it interrupts the
     * connect; while the engine runs, it lets the engine stop at its next safe point, and cuts the
     * stream when none comes in time.
     */
    enum Phase { PREPARING, OPENING, OPEN, ENGINE }

    /** How a save that did not complete is told: completed, aborted, interrupted or failed, who decided, and the line. */
    record Ending(String outcome, String decidedBy, String what) {
    }

    private final String command;
    private final PrecopyOptions options;
    private final PrintWriter human;
    private final PrecopyPolicy policy;
    /** Null without --auto-converge; parsed again for each engine (a strategy keeps state). */
    private final String autoConverge;
    private final long limit;
    private final long limitSuspended;
    private final PrecopyControl precopyControl = new PrecopyControl();
    private final Object phaseLock = new Object();
    private Phase phase = Phase.PREPARING;
    private Thread saving;
    /** Set when a signal found no safe point in time and the stream was cut. */
    private volatile boolean streamCut;
    private List<ControlServer.Event> controlEvents = List.of();
    /** The engine while it runs: a second signal puts the guest's CPU setting back before the exit. */
    private volatile SaveEngine engine;

    /**
     * Checks the options before any work starts.
     *
     * @param command "livemig save", for the line a second signal prints
     * @param live    whether the save is live (a non-live one has no live rounds to limit)
     * @throws IllegalArgumentException one line naming the option that is wrong
     */
    SaveRun(String command, PrecopyOptions options, boolean live, PrintWriter human) throws IOException {
        this.command = command;
        this.options = options;
        this.human = human;
        this.policy = PolicySpec.parse(options.policy);
        autoConverge(options.autoConverge, live);
        this.autoConverge = options.autoConverge;
        checkBatch(options.batch);
        this.limit = options.maxBandwidth == null ? 0 : parseBandwidth("--max-bandwidth", options.maxBandwidth);
        this.limitSuspended = options.maxBandwidthDowntime == null ? 0
                : parseBandwidth("--max-bandwidth-downtime", options.maxBandwidthDowntime);
        if (!live && limit > 0) {
            throw new IllegalArgumentException("--max-bandwidth limits the live rounds and a --non-live save has none:"
                    + " its one round is all downtime; use --max-bandwidth-downtime to limit it");
        }
        if (!List.of("auto", "bar", "lines", "none").contains(options.progress)) {
            throw new IllegalArgumentException("--progress " + options.progress + ": not auto, bar, lines or none");
        }
        Main.checkCreatable("--result-file", options.resultFile);
        Main.checkCreatable("--report", options.report);
        Main.checkCreatable("--report-html", options.reportHtml);
        Main.checkCreatable("--control", options.control);
        if (options.control != null) {
            ControlServer.checkPath(options.control);
        }
    }

    PrecopyOptions options() {
        return options;
    }

    PrecopyControl control() {
        return precopyControl;
    }

    /**
     * The engine's options as the command line asks, with the progress printer.
     *
     * @param humanFd the descriptor {@code human} writes to (1 or 2), for --progress auto
     */
    SaveOptions.Builder engineOptions(boolean live, boolean libxlFraming, int humanFd) {
        SaveOptions.Builder builder = SaveOptions.builder().live(live).policy(policy).batchSize(options.batch)
                .libxlFraming(libxlFraming).maxBandwidth(limit).maxBandwidthSuspended(limitSuspended).control(precopyControl);
        if (autoConverge != null) {
            builder.throttle(ThrottleSpec.parse(autoConverge));
        }
        switch (options.progress) {
            case "auto" -> builder.listener(new ProgressPrinter(human, isTerminal(humanFd), StreamFormat.PAGE_SIZE));
            case "bar" -> builder.listener(new ProgressPrinter(human, true, StreamFormat.PAGE_SIZE));
            case "lines" -> builder.listener(new ProgressPrinter(human, false, StreamFormat.PAGE_SIZE));
            default -> { }
        }
        return builder;
    }

    /**
     * SIGINT/SIGTERM until the returned handle is closed: the first interrupts the save (and calls
     * {@code alsoOnSignal}, for a command with more to stop), the second exits at once saying
     * {@code atOnceNote}.
     */
    SignalStop installSignals(String atOnceNote, Consumer<String> alsoOnSignal) {
        synchronized (phaseLock) {
            saving = Thread.currentThread();
        }
        return SignalStop.install(command, signal -> {
            synchronized (phaseLock) {
                precopyControl.interrupt(signal);
                if (phase == Phase.OPENING) {
                    saving.interrupt();
                }
            }
            alsoOnSignal.accept(signal);
            Thread.ofPlatform().daemon().name("livemig-signal-grace").start(() -> {
                try {
                    Thread.sleep(SAFE_POINT_GRACE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
                synchronized (phaseLock) {
                    if (phase == Phase.ENGINE) {
                        // blocked in a write: interrupting closes the channel, the engine then fails and cleans up
                        streamCut = true;
                        saving.interrupt();
                    }
                }
            });
        }, atOnceNote, () -> {
            SaveEngine running = engine;
            if (running != null) {
                running.restoreThrottleAtExit(); // the exit at once skips the engine's own clean-up
            }
        });
    }

    void enterPhase(Phase next) {
        synchronized (phaseLock) {
            phase = next;
            if (next == Phase.OPEN) {
                Thread.interrupted(); // a signal's interrupt must not close a channel later
            }
        }
    }

    /** The signal that interrupted this run ("SIGTERM"), or null. */
    String interruption() {
        return precopyControl.interruption();
    }

    /**
     * Runs {@code opening} (a target's connect); a signal meanwhile interrupts it, and is not left
     * pending afterwards.
     *
     * @param what "tcp:dst:4567", for the line of an interrupted open
     */
    <T> T open(String what, Opening<T> opening) throws IOException, SaveCommand.SaveFailure {
        enterPhase(Phase.OPENING);
        try {
            return opening.open();
        } catch (IOException e) {
            String signal = precopyControl.interruption();
            if (signal != null) {
                throw new SaveCommand.SaveFailure("interrupted (" + signal + ") while opening " + what + "; nothing was saved");
            }
            throw e;
        } finally {
            enterPhase(Phase.OPEN);
        }
    }

    /** Opens what the stream goes to. */
    @FunctionalInterface
    interface Opening<T> {
        T open() throws IOException;
    }

    /** Opens a save's target. */
    StreamTarget open(Endpoint target, TargetOptions targetOptions) throws IOException, SaveCommand.SaveFailure {
        return open(target.text(), () -> StreamTarget.open(target, targetOptions));
    }

    /**
     * Runs the engine on {@code out}, with the control socket or standard input serving it while it
     * runs (closed afterwards; what they received is kept for the report).
     *
     * @throws SaveException as the engine fails (the domain runs again, log-dirty off)
     */
    SaveResult runEngine(SourceDomain source, GatheringByteChannel out, SaveOptions.Builder builder) throws SaveException,
            IOException {
        ControlServer server = null;
        if (options.control != null || options.controlStdin) {
            server = options.control != null ? ControlServer.open(options.control, precopyControl)
                    : ControlServer.withoutSocket(precopyControl);
            builder.listener(server);
            if (options.control != null) {
                human.println("control socket: " + options.control + " (livemig control " + options.control
                        + " stop|abort|downtime=DURATION|throttle=N%|status)");
            }
            if (options.controlStdin) {
                server.readCommands(System.in, human);
                human.println("control: reading " + ControlServer.COMMANDS + " from standard input");
            }
            human.flush();
        }
        SaveOptions engineOptions = builder.build();
        try (ControlServer listening = server) {
            enterPhase(Phase.ENGINE);
            try {
                SaveEngine started = new SaveEngine(source, out, engineOptions);
                engine = started;
                return started.save();
            } finally {
                engine = null;
                enterPhase(Phase.OPEN);
                if (listening != null) {
                    controlEvents = listening.events();
                }
            }
        }
    }

    /**
     * How a save that threw ended: aborted or interrupted (and by whom), cut after the grace
     * period, or failed; with the line that says so.
     *
     * @param streamDescription where the stream went, for the line of a cut stream
     */
    Ending ending(SaveException e, String streamDescription) {
        if (e instanceof SaveAbortedException aborted) {
            return new Ending(precopyControl.interruption() != null ? "interrupted" : "aborted", aborted.decidedBy().word(),
                    e.getMessage());
        }
        if (streamCut) {
            // the engine's message names only the closed channel: say what happened instead
            return new Ending("interrupted", "operator", "interrupted (" + precopyControl.interruption() + "): no safe point within "
                    + SAFE_POINT_GRACE_MILLIS / 1000 + " s (a write was blocked), so the stream to " + streamDescription
                    + " was cut");
        }
        return new Ending("failed", null, e.getMessage());
    }

    /** Writes the report (--report, --report-html) when asked for. */
    void writeReport(String guest, String workloadSpec, String outcome, String decidedBy, String error, SaveResult result)
            throws IOException {
        if (options.report == null && options.reportHtml == null) {
            return;
        }
        String policyText = autoConverge == null ? options.policy : options.policy + " + " + ThrottleSpec.parse(autoConverge);
        new SaveReport(guest, policyText, workloadSpec, outcome, error, result, decidedBy, controlEvents)
                .write(options.report, options.reportHtml);
    }

    /** Writes the result file (--result-file) when asked for. */
    void writeResult(ResultFile result) throws IOException {
        if (options.resultFile != null) {
            result.write(options.resultFile);
        }
    }

    /** "saved: 5 live rounds + 1 suspended round, 287404 pages, 1.1 GiB in 1.347 s, downtime 13.6 ms (sender side)" */
    static String savedLine(SaveResult saved) {
        int live = saved.liveRounds();
        long verify = saved.rounds().stream().filter(RoundStats::verify).count();
        return String.format(Locale.ROOT, "saved: %s, %d pages, %s in %.3f s, downtime %.1f ms (sender side)",
                rounds(live, "live") + " + " + rounds(saved.rounds().size() - live - verify, "suspended")
                        + (verify > 0 ? " + a verify pass" : ""), saved.pagesSent(),
                Sizes.format(saved.bytesWritten()), saved.totalTime().toNanos() / 1e9, saved.downtime().toNanos() / 1e6);
    }

    /** "1 live round", "0 suspended rounds" */
    private static String rounds(long n, String kind) {
        return n + " " + kind + (n == 1 ? " round" : " rounds");
    }

    /** A rate in bytes per second: a size ("100M", "1G"), optionally followed by "/s". */
    static long parseBandwidth(String option, String text) {
        String t = text.trim();
        if (t.endsWith("/s")) {
            t = t.substring(0, t.length() - 2);
        }
        long v;
        try {
            v = Sizes.parse(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + text + ": not bytes per second (examples: 100M, 1G)");
        }
        if (v == 0) {
            throw new IllegalArgumentException(option + " " + text + ": must be more than 0");
        }
        return v;
    }

    /** --auto-converge[=SETTINGS]: null when absent; refused for a non-live save. */
    static ThrottleStrategy autoConverge(String settings, boolean live) {
        if (settings == null) {
            return null;
        }
        if (!live) {
            throw new IllegalArgumentException("--auto-converge throttles the guest during the live rounds and a --non-live"
                    + " save has none");
        }
        try {
            return ThrottleSpec.parse(settings);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--auto-converge: " + e.getMessage());
        }
    }

    static void checkBatch(int batch) {
        if (batch < 1 || batch > StreamFormat.MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("--batch " + batch + " is outside 1.." + StreamFormat.MAX_BATCH_SIZE);
        }
    }

    /** Whether file descriptor 1 or 2 of this process is a terminal (Linux: where /proc/self/fd/N points). */
    static boolean isTerminal(int fd) {
        try {
            String where = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/" + fd)).toString();
            return where.startsWith("/dev/pts/") || where.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            var console = System.console();
            return console != null && console.isTerminal();
        }
    }
}
