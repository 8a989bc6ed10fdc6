package io.livemig.cli;

import io.livemig.backend.SourceDomain;
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
import io.livemig.stream.StreamFormat;
import io.livemig.stream.StreamFraming;
import io.livemig.stream.XlSaveHeader;
import io.livemig.transport.Endpoint;
import io.livemig.transport.StreamTarget;
import io.livemig.transport.TargetOptions;
import io.livemig.util.Sizes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
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
@Command(name = "save", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Saves a domain, live, into Xen's migration stream (libxc format v3).",
                "With --sim the domain is a simulated guest whose writers keep dirtying memory while it is saved;",
                "with --domid it is a PVH/HVM domain of this Xen 4.17 host (root in dom0), suspended cooperatively at the end.",
                "The summary ends with the source digest at suspend, to compare with what `livemig receive` prints."},
        footer = {"",
                "Workloads: idle | uniform | hotset | sweep, with optional parameters rate=PAGES_PER_SECOND|max,",
                "  writers=N, seed=N, and for hotset hot=PERCENT, share=PERCENT.",
                "  Examples: uniform:rate=50000   hotset:rate=20000,hot=5%%,share=90%%   sweep:rate=100000",
                "Policies: xen (Xen's default: stop below 50 dirty pages or at iteration 5), xen:iterations=N,dirty=N,",
                "  stop-now, abort:iteration=N (rehearses the abort path), downtime=300ms[:bandwidth=1G] (stop when the",
                "  estimated downtime fits), downtime=150ms..1s[:steps=10][:every=30s] (a target that rises over time),",
                "  deadline=10m[:stop|:abort], stall=3[:stop|:abort][:tolerance=10%%][:progress=5%%] (not converging for 3 rounds),",
                "  growth=10%%[:stop|:abort] (a round grew by more than 10%%). Several, separated by commas: the first",
                "  that ends precopy decides, e.g. downtime=300ms,stall=4,deadline=10m:abort.",
                "Control: with --control PATH, `livemig control PATH stop|abort|downtime=200ms|status` acts at the next",
                "  policy consultation.",
                "Targets: FILE, - (standard output, e.g. piped through ssh), tcp:HOST:PORT (the receiver listens there).",
                "Exit status: 0 saved; 1 failed or aborted (the source domain runs again, log-dirty off); 2 bad usage."})
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

    @Option(names = "--xen-lib", paramLabel = "PATH",
            description = "With --domid: load the Xen libraries (libxenctrl.so.4.17 ...) from this directory.")
    Path xenLib;

    @Option(names = "--workload", defaultValue = "uniform", paramLabel = "SPEC",
            description = "What the simulated guest's writers do (default: ${DEFAULT-VALUE}).")
    String workload;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the guest's initial content (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--no-prefill", description = "Start from zeroed memory instead of seeded content (for huge guests).")
    boolean noPrefill;

    @Option(names = "--policy", defaultValue = "xen", paramLabel = "SPEC", description = "Precopy policy (default: ${DEFAULT-VALUE}).")
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

    @Option(names = "--libxl", hidden = true, description = "Same as --format libxl (kept for scripts).")
    boolean libxl;

    @Option(names = "--xl-config", paramLabel = "FILE",
            description = "With --format xl: embed this xl domain config (xl's config-file syntax). Without it, a --domid save"
                    + " embeds the JSON config libxl keeps for the domain, as xl save does, and a --sim save embeds none.")
    Path xlConfig;

    @Option(names = "--checkpoint", description = "With --domid: let the domain run on after the save (like xl save -c).")
    boolean checkpoint;

    @Option(names = "--to", required = true, paramLabel = "TARGET", description = "FILE, - or tcp:HOST:PORT.")
    String to;

    @Option(names = "--result-file", paramLabel = "FILE", description = "Also write the outcome as a properties file.")
    Path resultFile;

    @Option(names = "--max-bandwidth", paramLabel = "RATE",
            description = "Send pages at most this fast, bytes per second (100M, 1G; binary units). Policies see the limit.")
    String maxBandwidth;

    @Option(names = "--control", paramLabel = "PATH",
            description = "Listen on this Unix socket for `livemig control PATH stop|abort|downtime=DURATION|status`.")
    Path control;

    @Option(names = "--control-stdin",
            description = "Read the same commands (stop, abort, downtime=DURATION, status), one per line, from standard input"
                    + " (the stream never comes from there: save writes it).")
    boolean controlStdin;

    @Option(names = "--report", paramLabel = "FILE.json",
            description = "Write the migration report: every round, every policy consultation, downtime, totals.")
    Path report;

    @Option(names = "--report-html", paramLabel = "FILE.html",
            description = "Write the report as a self-contained HTML page with charts (no network needed).")
    Path reportHtml;

    @Mixin
    TlsOptions tls;

    private TargetOptions targetOptions = TargetOptions.defaults();

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "auto (a progress bar when the output is a terminal, else lines), bar, lines or none (default: ${DEFAULT-VALUE}).")
    String progress;

    @Override
    public Integer call() throws Exception {
        PrecopyPolicy precopy = PolicySpec.parse(policy);
        Endpoint target = Endpoint.parse(to);
        targetOptions = TargetOptions.defaults().withTls(tls.config(target));
        checkBatch(batch);
        StreamFraming framing = framing();
        if (xlConfig != null && framing != StreamFraming.XL) {
            throw new IllegalArgumentException("--xl-config needs --format xl");
        }
        if (checkpoint && domain.domid == null) {
            throw new IllegalArgumentException("--checkpoint applies to --domid: a simulated guest ends with the command");
        }
        long limit = maxBandwidth == null ? 0 : parseBandwidth("--max-bandwidth", maxBandwidth);
        Main.checkCreatable("--result-file", resultFile);
        Main.checkCreatable("--report", report);
        Main.checkCreatable("--report-html", reportHtml);
        Main.checkCreatable("--control", control);
        if (control != null) {
            ControlServer.checkPath(control);
        }
        // With the stream on standard output, everything for people goes to standard error.
        boolean humanOnStderr = target instanceof Endpoint.Stdio;
        PrintWriter human = humanOnStderr ? spec.commandLine().getErr() : spec.commandLine().getOut();
        SaveOptions.Builder options = SaveOptions.builder().live(!nonLive).policy(precopy).batchSize(batch)
                .libxlFraming(framing != StreamFraming.LIBXC).maxBandwidth(limit);
        switch (progress) {
            case "auto" -> options.listener(new ProgressPrinter(human, isTerminal(humanOnStderr ? 2 : 1), StreamFormat.PAGE_SIZE));
            case "bar" -> options.listener(new ProgressPrinter(human, true, StreamFormat.PAGE_SIZE));
            case "lines" -> options.listener(new ProgressPrinter(human, false, StreamFormat.PAGE_SIZE));
            case "none" -> { }
            default -> throw new IllegalArgumentException("--progress " + progress + ": not auto, bar, lines or none");
        }
        if (domain.domid != null) {
            return saveXenDomain(domain.domid, target, options, framing, human);
        }
        long bytes = Sizes.parse(domain.sim);
        Workload load = Workload.parse(workload);
        SimDomainConfig config = SimDomainConfig.builder().name("sim-" + domain.sim).size(bytes).seed(seed)
                .prefill(!noPrefill).workload(load).build();
        if (!noPrefill) {
            human.printf(Locale.ROOT, "filling a simulated guest of %s ...%n", Sizes.format(bytes));
            human.flush();
        }
        try (SimDomain guest = config.create()) {
            human.printf(Locale.ROOT, "saving %s: %d pages, workload %s, policy %s, batch %d, %s to %s%n", guest.name(),
                    guest.pfnCount(), load.spec(), policy, batch, nonLive ? "not live" : "live", target.text());
            SaveResult saved = save(guest, target, options, human, xlHeader(framing, Optional.empty(), human), load.spec());
            // The domain stays suspended after a save: its memory is the memory at suspend.
            String digest = guest.sourceDigest();
            writeResult(new ResultFile().put("command", "save").put("result", "completed").put("digest", digest).putSave(saved));
            human.println("source digest at suspend: " + digest);
            human.flush();
            return 0;
        }
    }

    /** A real domain: the toolstack's part after a save (destroy or resume it) stays the operator's. */
    private int saveXenDomain(int domid, Endpoint target, SaveOptions.Builder options, StreamFraming framing, PrintWriter human) throws Exception {
        if (spec.commandLine().getParseResult().hasMatchedOption("--workload")
                || spec.commandLine().getParseResult().hasMatchedOption("--no-prefill")
                || spec.commandLine().getParseResult().hasMatchedOption("--seed")) {
            throw new IllegalArgumentException("--workload, --seed and --no-prefill describe a simulated guest; they do not apply to --domid");
        }
        try (XenHost host = XenHost.open(Optional.ofNullable(xenLib)); XenDomain guest = XenDomain.open(host, domid)) {
            human.printf(Locale.ROOT, "saving %s: %d pfns, Xen %d.%d, policy %s, batch %d, %s to %s%n", guest.name(),
                    guest.pfnCount(), guest.xenMajor(), guest.xenMinor(), policy, batch, nonLive ? "not live" : "live",
                    target.text());
            Optional<XlSaveHeader> header = framing == StreamFraming.XL && xlConfig == null
                    ? xlHeader(framing, LibxlDomainConfig.json(domid, LibxlDomainConfig.DEFAULT_DIRECTORY), human)
                    : xlHeader(framing, Optional.empty(), human);
            SaveResult saved = save(guest, target, options, human, header, null);
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

    private StreamFraming framing() {
        StreamFraming chosen = switch (format.toLowerCase(Locale.ROOT)) {
            case "libxc" -> StreamFraming.LIBXC;
            case "libxl" -> StreamFraming.LIBXL;
            case "xl" -> StreamFraming.XL;
            default -> throw new IllegalArgumentException("--format " + format + ": expected libxc, libxl or xl");
        };
        if (libxl) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--format") && chosen != StreamFraming.LIBXL) {
                throw new IllegalArgumentException("--libxl contradicts --format " + format);
            }
            chosen = StreamFraming.LIBXL;
        }
        return chosen;
    }

    /**
     * The xl save-file header for {@code --format xl}: the config of --xl-config, else the JSON
     * config libxl keeps for the domain (as xl save embeds it), else none.
     */
    private Optional<XlSaveHeader> xlHeader(StreamFraming framing, Optional<byte[]> libxlJson, PrintWriter human) throws IOException {
        if (framing != StreamFraming.XL) {
            return Optional.empty();
        }
        if (xlConfig != null) {
            if (!Files.isRegularFile(xlConfig)) {
                throw new IllegalArgumentException("--xl-config " + xlConfig + ": no such file");
            }
            if (Files.size(xlConfig) > XL_CONFIG_MAX) {
                throw new IllegalArgumentException("--xl-config " + xlConfig + ": " + Files.size(xlConfig)
                        + " bytes is too large for an xl domain config");
            }
            return Optional.of(XlSaveHeader.forConfig(Files.readAllBytes(xlConfig), false));
        }
        if (libxlJson.isPresent()) {
            human.println("embedding the domain config libxl keeps for it (JSON), as xl save does");
            return Optional.of(XlSaveHeader.forConfig(libxlJson.get(), true));
        }
        human.println("the save file carries no domain config: give it to xl restore (xl restore CONFIG FILE)");
        return Optional.of(XlSaveHeader.forConfig(new byte[0], false));
    }

    /** Runs the engine; on failure records the outcome, says what state the domain was left in, and fails. */
    private SaveResult save(SourceDomain source, Endpoint target, SaveOptions.Builder builder, PrintWriter human,
                            Optional<XlSaveHeader> xlHeader, String workloadSpec) throws Exception {
        SaveResult saved;
        ControlServer server = null;
        if (control != null || controlStdin) {
            PrecopyControl handle = new PrecopyControl();
            server = control != null ? ControlServer.open(control, handle) : ControlServer.withoutSocket(handle);
            builder.control(handle).listener(server);
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
        try (ControlServer listening = server; StreamTarget out = StreamTarget.open(target, targetOptions)) {
            if (xlHeader.isPresent()) {
                // xl writes its header itself, then hands the descriptor to libxl for the stream
                ByteBuffer header = xlHeader.get().encode();
                while (header.hasRemaining()) {
                    out.channel().write(header);
                }
            }
            saved = new SaveEngine(source, out.channel(), options).save();
            writeReport(source, workloadSpec, "completed", null, saved, listening);
        } catch (SaveException e) {
            String outcome = e instanceof SaveAbortedException ? "aborted" : "failed";
            ResultFile result = new ResultFile().put("command", "save")
                    .put("result", outcome).put("error", e.getMessage());
            writeResult(result.putSave(e.partialResult()));
            writeReport(source, workloadSpec, outcome, e.getMessage(), e.partialResult(), server);
            human.printf(Locale.ROOT, "source domain %s, log-dirty %s%n", source.isSuspended() ? "SUSPENDED" : "running",
                    source.logDirtyEnabled() ? "ON" : "off");
            human.flush();
            throw new SaveFailure(e.getMessage());
        }
        human.printf(Locale.ROOT, "saved: %d live rounds + final, %d pages, %s in %.3f s, downtime %.1f ms (sender side)%n",
                saved.liveRounds(), saved.pagesSent(), Sizes.format(saved.bytesWritten()),
                saved.totalTime().toNanos() / 1e9, saved.downtime().toNanos() / 1e6);
        return saved;
    }

    private void writeReport(SourceDomain source, String workloadSpec, String outcome, String error, SaveResult result,
                             ControlServer server) throws IOException {
        if (report == null && reportHtml == null) {
            return;
        }
        List<Boolean> forced = server == null ? List.of() : server.forcedConsultations();
        List<ControlServer.Event> events = server == null ? List.of() : server.events();
        new SaveReport(source.name(), policy, workloadSpec, outcome, error, result, forced, events).write(report, reportHtml);
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
