package io.livemig.cli;

import io.livemig.backend.SourceDomain;
import io.livemig.backend.sim.InsufficientMemoryException;
import io.livemig.backend.sim.SimDomain;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.backend.sim.Workload;
import io.livemig.backend.xen.LibxlDomainConfig;
import io.livemig.backend.xen.XenDomain;
import io.livemig.backend.xen.XenHost;
import io.livemig.engine.SaveAbortedException;
import io.livemig.engine.SaveEngine;
import io.livemig.engine.SaveException;
import io.livemig.engine.SaveOptions;
import io.livemig.engine.SaveResult;
import io.livemig.policy.PolicySpec;
import io.livemig.policy.PrecopyControl;
import io.livemig.policy.PrecopyPolicy;
import io.livemig.stream.ChannelOutput;
import io.livemig.stream.StreamFormat;
import io.livemig.stream.StreamFraming;
import io.livemig.stream.StreamWriter;
import io.livemig.stream.XlSaveHeader;
import io.livemig.transport.Endpoint;
import io.livemig.transport.StreamTarget;
import io.livemig.transport.TargetOptions;
import io.livemig.util.Sizes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Saves a (simulated) domain live into a migration stream. */
@Command(name = "save", header = "Saves a domain, live, into Xen's migration stream.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Saves a domain, live, into Xen's migration stream (libxc format v3). With",
                "--sim the domain is a simulated guest whose writers keep dirtying memory while",
                "it is saved; with --domid it is a PVH/HVM domain of this Xen 4.17 host (root",
                "in dom0), suspended cooperatively at the end. The summary ends with the source",
                "digest at suspend, to compare with what `livemig receive` prints.",
                "A file is written beside its name and renamed onto it after END: a save that",
                "fails, is aborted or interrupted leaves the name as it was. SIGINT or SIGTERM",
                "(Ctrl-C) aborts the save at its next safe point, between two batches; the",
                "source domain runs on. A second signal exits at once.",
                ""},
        footer = {"",
                "Sizes:     4096, 64K, 64M, 1G, 2T (binary units); a guest is at least 64K.",
                "Workloads: idle | uniform | hotset | sweep, with optional parameters",
                "           rate=PAGES_PER_SECOND|max, writers=N, seed=N, and for hotset",
                "           hot=PERCENT, share=PERCENT. Examples: uniform:rate=50000,",
                "           hotset:rate=20000,hot=5%%,share=90%%, sweep:rate=100000.",
                "Policies:  xen                  Xen's default: stop below 50 dirty pages or",
                "                                at iteration 5",
                "           xen:iterations=N,dirty=N",
                "           stop-now             stop at the first consultation",
                "           abort:iteration=N    rehearse the abort path",
                "           downtime=300ms[:bandwidth=1G]",
                "                                stop when the estimated downtime fits",
                "           downtime=150ms..1s[:steps=10][:every=30s]",
                "                                a downtime target that rises over time",
                "           deadline=10m[:stop|:abort]",
                "           stall=3[:stop|:abort][:tolerance=10%%][:progress=5%%]",
                "                                not converging for 3 rounds",
                "           growth=10%%[:stop|:abort]",
                "                                a round grew by more than 10%%",
                "           Several, separated by commas: the first that ends precopy",
                "           decides, as in downtime=300ms,stall=4,deadline=10m:abort.",
                "Control:   with --control PATH, `livemig control PATH stop|abort|",
                "           downtime=200ms|status` acts at the next policy consultation.",
                "Targets:   FILE, - (standard output, e.g. piped through ssh), or",
                "           tcp:HOST:PORT (the receiver listens there; a refused connection",
                "           is retried for --connect-retry).",
                "Memory:    a simulated guest is filled (every page written) unless",
                "           --no-prefill; a size this machine cannot hold is refused before",
                "           anything is allocated.",
                "Exit status: 0 saved; 1 failed, aborted or interrupted (the source domain",
                "           runs again, log-dirty off); 2 bad usage."})
final class SaveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Which domain: a simulated one, or a real one on this Xen host. */
    static final class Domain {
        @Option(names = "--sim", required = true, paramLabel = "SIZE",
                description = "Save a simulated guest of this size (64M, 1G, 16G...).")
        String sim;

        @Option(names = "--domid", required = true, paramLabel = "N",
                description = "Save Xen domain N (PVH/HVM) of this host; needs root in a Xen 4.17 dom0.")
        Integer domid;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Domain domain;

    @Option(names = "--xen-lib", paramLabel = "DIR",
            description = "With --domid: load the Xen 4.17 libraries from this directory.")
    Path xenLib;

    @Option(names = "--workload", defaultValue = "uniform", paramLabel = "SPEC",
            description = "What the simulated guest's writers do (default: ${DEFAULT-VALUE}).")
    String workload;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N",
            description = "Seed of the guest's initial content (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-prefill",
            description = "Start from zeroed memory instead of seeded content: a guest then costs only the pages its "
                    + "writers touch (for guests larger than this machine).")
    boolean noPrefill;

    @Option(names = "--policy", defaultValue = "xen", paramLabel = "SPEC",
            description = "Precopy policy (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--batch", defaultValue = "1024", paramLabel = "N",
            description = "Pfns per PAGE_DATA record, 1..1024 (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--non-live", description = "Suspend first and send every page once (like xl save).")
    boolean nonLive;

    @Option(names = "--format", defaultValue = "libxc", paramLabel = "FORMAT",
            description = "libxc (the bare libxc stream, default), libxl (inside a libxl stream, as xl migrate sends it)"
                    + " or xl (an xl save file: xl header and domain config, then the libxl stream; what xl restore reads).")
    String format;

    @Option(names = "--xl-config", paramLabel = "FILE",
            description = "With --format xl: embed this xl domain config (xl's config-file syntax). Without it, a --domid save"
                    + " embeds the JSON config libxl keeps for the domain, as xl save does, and a --sim save embeds none.")
    Path xlConfig;

    @Option(names = "--checkpoint", description = "With --domid: let the domain run on after the save (like xl save -c).")
    boolean checkpoint;

    @Option(names = "--to", required = true, paramLabel = "TARGET", description = "FILE, - or tcp:HOST:PORT.")
    String to;

    @Option(names = "--keep-partial",
            description = "When the save to a file does not complete, keep what was written as FILE.partial"
                    + " (by default it is removed).")
    boolean keepPartial;

    @Option(names = "--connect-retry", defaultValue = "10s", paramLabel = "DURATION",
            description = "tcp: retry a refused or unanswered connection for this long, since the receiver may start a"
                    + " moment later; 0 tries once (default: ${DEFAULT-VALUE}).")
    String connectRetry;

    @Option(names = "--result-file", paramLabel = "FILE", description = "Also write the outcome as a properties file.")
    Path resultFile;

    @Option(names = "--max-bandwidth", paramLabel = "RATE",
            description = "Send the live rounds at most this fast, bytes per second (100M, 1G; binary units), to spare"
                    + " the link and its neighbours. Policies see the limit. The rounds sent while the guest is"
                    + " suspended are not limited by it: that time is the guest's downtime.")
    String maxBandwidth;

    @Option(names = "--max-bandwidth-downtime", paramLabel = "RATE",
            description = "Also limit the rounds sent while the guest is suspended (the final round; the only one of"
                    + " --non-live) to this rate. Off by default.")
    String maxBandwidthDowntime;

    @Option(names = "--control", paramLabel = "PATH",
            description = "Listen on this Unix socket for `livemig control PATH stop|abort|downtime=DURATION|status`.")
    Path control;

    @Option(names = "--control-stdin",
            description = "Read the same commands (stop, abort, downtime=DURATION, status), one per line, from standard"
                    + " input (the stream never comes from there: save writes it).")
    boolean controlStdin;

    @Option(names = "--report", paramLabel = "FILE",
            description = "Write the migration report (JSON): every round, every policy consultation, downtime,"
                    + " totals.")
    Path report;

    @Option(names = "--report-html", paramLabel = "FILE",
            description = "Write the report as a self-contained HTML page with charts (no network needed).")
    Path reportHtml;

    @Mixin
    TlsOptions tls;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "auto (a progress bar when the output is a terminal, else lines), bar, lines or none"
                    + " (default: ${DEFAULT-VALUE}).")
    String progress;

    /**
     * Where a save stands, for what a first signal does: while the target opens it interrupts the
     * connect; while the engine runs, it lets the engine stop at its next safe point, and cuts the
     * stream when none comes within {@link #SAFE_POINT_GRACE_MILLIS} (a write blocked on a receiver
     * that stopped reading).
     */
    private enum Phase { PREPARING, OPENING, OPEN, ENGINE }

    static final long SAFE_POINT_GRACE_MILLIS = 5000;

    private final Object phaseLock = new Object();
    private Phase phase = Phase.PREPARING;
    private Thread saving;
    /** Set when a signal found no safe point in time and the stream was cut. */
    private volatile boolean streamCut;
    private final PrecopyControl precopyControl = new PrecopyControl();

    @Override
    public Integer call() throws Exception {
        PrecopyPolicy precopy = PolicySpec.parse(policy);
        Endpoint target = Endpoint.parse(to);
        TargetOptions targetOptions = TargetOptions.defaults().withTls(tls.config(target)).withKeepPartial(keepPartial)
                .withRetryWindow(Main.duration("--connect-retry", connectRetry));
        if (keepPartial && !(target instanceof Endpoint.File)) {
            throw new IllegalArgumentException("--keep-partial applies to a file target, not " + to);
        }
        checkBatch(batch);
        StreamFraming framing = framing();
        if (xlConfig != null && framing != StreamFraming.XL) {
            throw new IllegalArgumentException("--xl-config needs --format xl");
        }
        byte[] xlConfigBytes = xlConfig == null ? null : readXlConfig(xlConfig);
        if (checkpoint && domain.domid == null) {
            throw new IllegalArgumentException("--checkpoint applies to --domid: a simulated guest ends with the command");
        }
        long limit = maxBandwidth == null ? 0 : parseBandwidth("--max-bandwidth", maxBandwidth);
        long limitSuspended = maxBandwidthDowntime == null ? 0 : parseBandwidth("--max-bandwidth-downtime", maxBandwidthDowntime);
        if (nonLive && limit > 0) {
            throw new IllegalArgumentException("--max-bandwidth limits the live rounds and a --non-live save has none:"
                    + " its one round is all downtime; use --max-bandwidth-downtime to limit it");
        }
        Main.checkCreatable("--result-file", resultFile);
        Main.checkCreatable("--report", report);
        Main.checkCreatable("--report-html", reportHtml);
        Main.checkCreatable("--control", control);
        if (target instanceof Endpoint.File file) {
            Main.checkCreatable("--to", file.path());
        }
        if (control != null) {
            ControlServer.checkPath(control);
        }
        // With the stream on standard output, everything for people goes to standard error.
        boolean humanOnStderr = target instanceof Endpoint.Stdio;
        PrintWriter human = humanOnStderr ? spec.commandLine().getErr() : spec.commandLine().getOut();
        SaveOptions.Builder options = SaveOptions.builder().live(!nonLive).policy(precopy).batchSize(batch)
                .libxlFraming(framing != StreamFraming.LIBXC).maxBandwidth(limit).maxBandwidthSuspended(limitSuspended)
                .control(precopyControl);
        switch (progress) {
            case "auto" -> options.listener(new ProgressPrinter(human, isTerminal(humanOnStderr ? 2 : 1), StreamFormat.PAGE_SIZE));
            case "bar" -> options.listener(new ProgressPrinter(human, true, StreamFormat.PAGE_SIZE));
            case "lines" -> options.listener(new ProgressPrinter(human, false, StreamFormat.PAGE_SIZE));
            case "none" -> { }
            default -> throw new IllegalArgumentException("--progress " + progress + ": not auto, bar, lines or none");
        }
        if (domain.domid != null) {
            return saveXenDomain(domain.domid, target, targetOptions, options, framing, xlConfigBytes, human);
        }
        Workload load = Workload.parse(workload);
        long bytes;
        SimDomainConfig config;
        try {
            bytes = Sizes.parse(domain.sim);
            config = SimDomainConfig.builder().name("sim-" + domain.sim).size(bytes).seed(seed)
                    .prefill(!noPrefill).workload(load).build();
            config.checkMemory();
        } catch (InsufficientMemoryException e) {
            throw new IllegalArgumentException("--sim " + domain.sim + ": " + e.getMessage() + "; "
                    + (noPrefill ? "give a smaller size" : "add --no-prefill (pages then cost memory only when written)"
                    + " or give a size below " + Sizes.format(e.available().bytes())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--sim " + domain.sim + ": " + e.getMessage());
        }
        try (SignalStop signals = installSignals("the simulated guest ends with the process");
             StreamTarget out = open(target, targetOptions)) {
            if (!noPrefill) {
                human.printf(Locale.ROOT, "filling a simulated guest of %s ...%n", Sizes.format(bytes));
                human.flush();
            }
            try (SimDomain guest = config.create()) {
                human.printf(Locale.ROOT, "saving %s: %d pages, workload %s, policy %s, batch %d, %s to %s%n", guest.name(),
                        guest.pfnCount(), load.spec(), policy, batch, nonLive ? "not live" : "live", target.text());
                SaveResult saved = save(guest, out, options, human, xlHeader(framing, xlConfigBytes, Optional.empty(), human),
                        load.spec());
                // The domain stays suspended after a save: its memory is the memory at suspend.
                String digest = guest.sourceDigest();
                writeResult(new ResultFile().put("command", "save").put("result", "completed").put("digest", digest).putSave(saved));
                human.println("source digest at suspend: " + digest);
                human.flush();
                return 0;
            }
        }
    }

    /** A real domain: the toolstack's part after a save (destroy or resume it) stays the operator's. */
    private int saveXenDomain(int domid, Endpoint target, TargetOptions targetOptions, SaveOptions.Builder options,
                              StreamFraming framing, byte[] xlConfigBytes, PrintWriter human) throws Exception {
        if (spec.commandLine().getParseResult().hasMatchedOption("--workload")
                || spec.commandLine().getParseResult().hasMatchedOption("--no-prefill")
                || spec.commandLine().getParseResult().hasMatchedOption("--seed")) {
            throw new IllegalArgumentException("--workload, --seed and --no-prefill describe a simulated guest; they do not apply to --domid");
        }
        try (XenHost host = XenHost.open(Optional.ofNullable(xenLib)); XenDomain guest = XenDomain.open(host, domid);
             SignalStop signals = installSignals("domain " + domid + " may stay suspended with log-dirty on;"
                     + " check it with xl list and resume it with xl unpause or destroy it");
             StreamTarget out = open(target, targetOptions)) {
            human.printf(Locale.ROOT, "saving %s: %d pfns, Xen %d.%d, policy %s, batch %d, %s to %s%n", guest.name(),
                    guest.pfnCount(), guest.xenMajor(), guest.xenMinor(), policy, batch, nonLive ? "not live" : "live",
                    target.text());
            Optional<byte[]> libxlJson = framing == StreamFraming.XL && xlConfigBytes == null
                    ? LibxlDomainConfig.json(domid, LibxlDomainConfig.DEFAULT_DIRECTORY) : Optional.empty();
            SaveResult saved = save(guest, out, options, human, xlHeader(framing, xlConfigBytes, libxlJson, human), null);
            writeResult(new ResultFile().put("command", "save").put("result", "completed").put("domid", domid).putSave(saved));
            if (checkpoint) {
                guest.resume();
                human.printf(Locale.ROOT, "domain %d runs on (--checkpoint)%n", domid);
            } else {
                human.printf(Locale.ROOT, "domain %d is suspended: destroy it (xl destroy %d) once the destination runs,"
                        + " or save again with --checkpoint to keep it running%n", domid, domid);
            }
            human.flush();
            return 0;
        }
    }

    /**
     * SIGINT/SIGTERM: the first interrupts the save (an operator's abort at the next safe point;
     * while the target is still opening, that is interrupted too), the second exits at once.
     */
    private SignalStop installSignals(String atOnceNote) {
        synchronized (phaseLock) {
            saving = Thread.currentThread();
        }
        return SignalStop.install("livemig save", signal -> {
            synchronized (phaseLock) {
                precopyControl.interrupt(signal);
                if (phase == Phase.OPENING) {
                    saving.interrupt();
                }
            }
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
        }, atOnceNote);
    }

    private void enterPhase(Phase next) {
        synchronized (phaseLock) {
            phase = next;
            if (next == Phase.OPEN) {
                Thread.interrupted(); // a signal's interrupt must not close a channel later
            }
        }
    }

    /** Opens the target; a signal meanwhile interrupts the connect, and is not left pending afterwards. */
    private StreamTarget open(Endpoint target, TargetOptions targetOptions) throws IOException, SaveFailure {
        enterPhase(Phase.OPENING);
        try {
            return StreamTarget.open(target, targetOptions);
        } catch (IOException e) {
            String signal = precopyControl.interruption();
            if (signal != null) {
                throw new SaveFailure("interrupted (" + signal + ") while opening " + target.text() + "; nothing was saved");
            }
            throw e;
        } finally {
            enterPhase(Phase.OPEN);
        }
    }

    private StreamFraming framing() {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "libxc" -> StreamFraming.LIBXC;
            case "libxl" -> StreamFraming.LIBXL;
            case "xl" -> StreamFraming.XL;
            default -> throw new IllegalArgumentException("--format " + format + ": expected libxc, libxl or xl");
        };
    }

    /** The xl config of --xl-config, read before any work starts. */
    private static byte[] readXlConfig(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--xl-config " + file + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
        }
        if (Files.size(file) > XL_CONFIG_MAX) {
            throw new IllegalArgumentException("--xl-config " + file + ": " + Files.size(file)
                    + " bytes is too large for an xl domain config");
        }
        return Files.readAllBytes(file);
    }

    /**
     * The xl save-file header for {@code --format xl}: the config of --xl-config, else the JSON
     * config libxl keeps for the domain (as xl save embeds it), else none.
     */
    private Optional<XlSaveHeader> xlHeader(StreamFraming framing, byte[] xlConfigBytes, Optional<byte[]> libxlJson,
                                            PrintWriter human) {
        if (framing != StreamFraming.XL) {
            return Optional.empty();
        }
        if (xlConfigBytes != null) {
            return Optional.of(XlSaveHeader.forConfig(xlConfigBytes, false));
        }
        if (libxlJson.isPresent()) {
            human.println("embedding the domain config libxl keeps for it (JSON), as xl save does");
            return Optional.of(XlSaveHeader.forConfig(libxlJson.get(), true));
        }
        human.println("the save file carries no domain config: give it to xl restore (xl restore CONFIG FILE)");
        return Optional.of(XlSaveHeader.forConfig(new byte[0], false));
    }

    /**
     * Runs the engine and puts the stream in place; on failure records the outcome and fails with
     * one line: what happened, who decided, where the guest runs and what became of the target.
     */
    private SaveResult save(SourceDomain source, StreamTarget out, SaveOptions.Builder builder, PrintWriter human,
                            Optional<XlSaveHeader> xlHeader, String workloadSpec) throws Exception {
        SaveResult saved;
        ControlServer server = null;
        if (control != null || controlStdin) {
            server = control != null ? ControlServer.open(control, precopyControl) : ControlServer.withoutSocket(precopyControl);
            builder.listener(server);
            if (control != null) {
                human.println("control socket: " + control + " (livemig control " + control + " stop|abort|downtime=DURATION|status)");
            }
            if (controlStdin) {
                server.readCommands(System.in, human);
                human.println("control: reading stop, abort, downtime=DURATION, status from standard input");
            }
            human.flush();
        }
        SaveOptions options = builder.build();
        try (ControlServer listening = server) {
            try {
                if (xlHeader.isPresent()) {
                    // xl writes its header itself, then hands the descriptor to libxl for the stream
                    StreamWriter.writeXlHeader(new ChannelOutput(out.channel()), xlHeader.get());
                }
                enterPhase(Phase.ENGINE);
                try {
                    saved = new SaveEngine(source, out.channel(), options).save();
                } finally {
                    enterPhase(Phase.OPEN);
                }
            } catch (IOException e) {
                // before the engine ran (the xl header): nothing to undo on the domain
                throw new SaveException("writing the xl header to " + out.description() + " failed: " + Main.message(e), e, null);
            }
            try {
                out.commit();
            } catch (IOException e) {
                // the stream is complete but not where it was asked for: the source must not stay suspended
                source.resume();
                throw new SaveException(Main.message(e), e, saved);
            }
            writeReport(source, workloadSpec, "completed", null, null, saved, listening);
        } catch (SaveException e) {
            throw failure(source, out, e, workloadSpec, server);
        }
        int live = saved.liveRounds();
        human.printf(Locale.ROOT, "saved: %s, %d pages, %s in %.3f s, downtime %.1f ms (sender side)%n",
                rounds(live, "live") + " + " + rounds(saved.rounds().size() - live, "suspended"), saved.pagesSent(), Sizes.format(saved.bytesWritten()),
                saved.totalTime().toNanos() / 1e9, saved.downtime().toNanos() / 1e6);
        return saved;
    }

    /** "1 live round", "0 suspended rounds" */
    private static String rounds(long n, String kind) {
        return n + " " + kind + (n == 1 ? " round" : " rounds");
    }

    /** A failed, aborted or interrupted save: result file, report, the partial target, one line. */
    private SaveFailure failure(SourceDomain source, StreamTarget out, SaveException e, String workloadSpec,
                                ControlServer server) throws IOException {
        String outcome;
        String decidedBy = null;
        String what = e.getMessage();
        if (e instanceof SaveAbortedException aborted) {
            outcome = precopyControl.interruption() != null ? "interrupted" : "aborted";
            decidedBy = aborted.decidedBy().word();
        } else if (streamCut) {
            outcome = "interrupted";
            decidedBy = "operator";
            // the engine's message names only the closed channel: say what happened instead
            what = "interrupted (" + precopyControl.interruption() + "): no safe point within "
                    + SAFE_POINT_GRACE_MILLIS / 1000 + " s (a write was blocked), so the stream to " + out.description()
                    + " was cut";
        } else {
            outcome = "failed";
        }
        String targetNote = "";
        try {
            out.close();
            if (out.endpoint() instanceof Endpoint.File file) {
                targetNote = out.partialKept().map(p -> "; the partial stream is in " + p)
                        .orElse("; " + file.path() + (Files.exists(file.path()) ? " was left as it was" : " was not created"));
            }
        } catch (IOException closing) {
            targetNote = "; " + Main.message(closing);
        }
        String where = source.isSuspended() ? "the source domain " + source.name() + " is SUSPENDED"
                : "the source domain " + source.name() + " runs on";
        String line = what + "; " + where + ", log-dirty " + (source.logDirtyEnabled() ? "ON" : "off") + targetNote;
        ResultFile result = new ResultFile().put("command", "save").put("result", outcome).put("decidedBy", decidedBy)
                .put("error", line);
        if (e.partialResult() != null) {
            result.putSave(e.partialResult());
            writeReport(source, workloadSpec, outcome, decidedBy, line, e.partialResult(), server);
        }
        writeResult(result);
        return new SaveFailure(line);
    }

    private void writeReport(SourceDomain source, String workloadSpec, String outcome, String decidedBy, String error,
                             SaveResult result, ControlServer server) throws IOException {
        if (report == null && reportHtml == null) {
            return;
        }
        List<ControlServer.Event> events = server == null ? List.of() : server.events();
        new SaveReport(source.name(), policy, workloadSpec, outcome, error, result, decidedBy, events).write(report, reportHtml);
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

    private void writeResult(ResultFile result) throws java.io.IOException {
        if (resultFile != null) {
            result.write(resultFile);
        }
    }

    /** An xl config file is a few KiB; this only keeps a wrong file from being read whole. */
    static final long XL_CONFIG_MAX = 1 << 20;

    static void checkBatch(int batch) {
        if (batch < 1 || batch > StreamFormat.MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("--batch " + batch + " is outside 1.." + StreamFormat.MAX_BATCH_SIZE);
        }
    }

    /** Whether file descriptor 1 or 2 of this process is a terminal (Linux: where /proc/self/fd/N points). */
    static boolean isTerminal(int fd) {
        try {
            String where = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return where.startsWith("/dev/pts/") || where.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException e) {
            var console = System.console();
            return console != null && console.isTerminal();
        }
    }

    /** A save that failed after it was reported; carries only the one line for the operator. */
    static final class SaveFailure extends Exception {
        SaveFailure(String message) {
            super(message);
        }
    }
}
