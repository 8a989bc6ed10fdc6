package io.livemig.cli;

import io.livemig.backend.SourceDomain;
import io.livemig.backend.sim.SimDomain;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.backend.sim.Workload;
import io.livemig.backend.xen.LibxlDomainConfig;
import io.livemig.backend.xen.XenDomain;
import io.livemig.backend.xen.XenHost;
import io.livemig.engine.SaveException;
import io.livemig.engine.SaveOptions;
import io.livemig.engine.SaveResult;
import io.livemig.stream.ChannelOutput;
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
        customSynopsis = "livemig save [OPTIONS] --to=TARGET (--sim=SIZE | --domid=N)",
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

    @Mixin
    SimGuestOptions simGuest;

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

    @Mixin
    ConnectOptions connect;

    @Mixin
    PrecopyOptions precopy;

    @Mixin
    TlsOptions tls;

    /** The engine's run: options, signals, control, report; made by call(). */
    private SaveRun run;

    @Override
    public Integer call() throws Exception {
        Endpoint target = Endpoint.parse(to);
        TargetOptions targetOptions = TargetOptions.defaults().withTls(tls.config(target)).withKeepPartial(keepPartial)
                .withRetryWindow(connect.retryWindow());
        if (keepPartial && !(target instanceof Endpoint.File)) {
            throw new IllegalArgumentException("--keep-partial applies to a file target, not " + to);
        }
        StreamFraming framing = framing();
        if (xlConfig != null && framing != StreamFraming.XL) {
            throw new IllegalArgumentException("--xl-config needs --format xl");
        }
        byte[] xlConfigBytes = xlConfig == null ? null : readXlConfig("--xl-config", xlConfig);
        if (checkpoint && domain.domid == null) {
            throw new IllegalArgumentException("--checkpoint applies to --domid: a simulated guest ends with the command");
        }
        // With the stream on standard output, everything for people goes to standard error.
        boolean humanOnStderr = target instanceof Endpoint.Stdio;
        PrintWriter human = humanOnStderr ? spec.commandLine().getErr() : spec.commandLine().getOut();
        run = new SaveRun("livemig save", precopy, !nonLive, human);
        if (target instanceof Endpoint.File file) {
            Main.checkCreatable("--to", file.path());
        }
        SaveOptions.Builder options = run.engineOptions(!nonLive, framing != StreamFraming.LIBXC, humanOnStderr ? 2 : 1);
        if (domain.domid != null) {
            return saveXenDomain(domain.domid, target, targetOptions, options, framing, xlConfigBytes, human);
        }
        Workload load = simGuest.parsedWorkload();
        SimDomainConfig config = simGuest.config(domain.sim, "sim-" + domain.sim);
        try (SignalStop signals = run.installSignals("the simulated guest ends with the process", signal -> { });
             StreamTarget out = run.open(target, targetOptions)) {
            if (!simGuest.noPrefill) {
                human.printf(Locale.ROOT, "filling a simulated guest of %s ...%n", Sizes.format(config.byteSize()));
                human.flush();
            }
            try (SimDomain sim = config.create()) {
                human.printf(Locale.ROOT, "saving %s: %d pages, workload %s, policy %s, batch %d, %s to %s%n", sim.name(),
                        sim.pfnCount(), load.spec(), precopy.policy, precopy.batch, nonLive ? "not live" : "live", target.text());
                SaveResult saved = save(sim, out, options, human, xlHeader(framing, xlConfigBytes, Optional.empty(), human),
                        load.spec());
                // The domain stays suspended after a save: its memory is the memory at suspend.
                String digest = sim.sourceDigest();
                run.writeResult(new ResultFile().put("command", "save").put("result", "completed").put("digest", digest).putSave(saved));
                human.println("source digest at suspend: " + digest);
                human.flush();
                return 0;
            }
        }
    }

    /** A real domain: the toolstack's part after a save (destroy or resume it) stays the operator's. */
    private int saveXenDomain(int domid, Endpoint target, TargetOptions targetOptions, SaveOptions.Builder options,
                              StreamFraming framing, byte[] xlConfigBytes, PrintWriter human) throws Exception {
        SimGuestOptions.refuseFor(spec, "--domid");
        try (XenHost host = XenHost.open(Optional.ofNullable(xenLib)); XenDomain guest = XenDomain.open(host, domid);
             SignalStop signals = run.installSignals("domain " + domid + " may stay suspended with log-dirty on;"
                     + " check it with xl list and resume it with xl unpause or destroy it", signal -> { });
             StreamTarget out = run.open(target, targetOptions)) {
            human.printf(Locale.ROOT, "saving %s: %d pfns, Xen %d.%d, policy %s, batch %d, %s to %s%n", guest.name(),
                    guest.pfnCount(), guest.xenMajor(), guest.xenMinor(), precopy.policy, precopy.batch, nonLive ? "not live" : "live",
                    target.text());
            Optional<byte[]> libxlJson = framing == StreamFraming.XL && xlConfigBytes == null
                    ? LibxlDomainConfig.json(domid, LibxlDomainConfig.DEFAULT_DIRECTORY) : Optional.empty();
            SaveResult saved = save(guest, out, options, human, xlHeader(framing, xlConfigBytes, libxlJson, human), null);
            run.writeResult(new ResultFile().put("command", "save").put("result", "completed").put("domid", domid).putSave(saved));
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
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "libxc" -> StreamFraming.LIBXC;
            case "libxl" -> StreamFraming.LIBXL;
            case "xl" -> StreamFraming.XL;
            default -> throw new IllegalArgumentException("--format " + format + ": expected libxc, libxl or xl");
        };
    }

    /** The xl config of --xl-config, read before any work starts. */
    static byte[] readXlConfig(String option, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(option + " " + file + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
        }
        if (Files.size(file) > XL_CONFIG_MAX) {
            throw new IllegalArgumentException(option + " " + file + ": " + Files.size(file)
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
        try {
            try {
                if (xlHeader.isPresent()) {
                    // xl writes its header itself, then hands the descriptor to libxl for the stream
                    StreamWriter.writeXlHeader(new ChannelOutput(out.channel()), xlHeader.get());
                }
            } catch (IOException e) {
                // before the engine ran: nothing to undo on the domain
                throw new SaveException("writing the xl header to " + out.description() + " failed: " + Main.message(e), e, null);
            }
            saved = run.runEngine(source, out.channel(), builder);
            try {
                out.commit();
            } catch (IOException e) {
                // the stream is complete but not where it was asked for: the source must not stay suspended
                source.resume();
                throw new SaveException(Main.message(e), e, saved);
            }
            run.writeReport(source.name(), workloadSpec, "completed", null, null, saved);
        } catch (SaveException e) {
            throw failure(source, out, e, workloadSpec);
        }
        human.println(SaveRun.savedLine(saved));
        return saved;
    }

    /** A failed, aborted or interrupted save: result file, report, the partial target, one line. */
    private SaveFailure failure(SourceDomain source, StreamTarget out, SaveException e, String workloadSpec) throws IOException {
        SaveRun.Ending ending = run.ending(e, out.description());
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
        String line = ending.what() + "; " + where(source) + targetNote;
        ResultFile result = new ResultFile().put("command", "save").put("result", ending.outcome())
                .put("decidedBy", ending.decidedBy()).put("error", line);
        if (e.partialResult() != null) {
            result.putSave(e.partialResult());
            run.writeReport(source.name(), workloadSpec, ending.outcome(), ending.decidedBy(), line, e.partialResult());
        }
        run.writeResult(result);
        return new SaveFailure(line);
    }

    /** "the source domain sim-1G runs on, log-dirty off" */
    static String where(SourceDomain source) {
        return "the source domain " + source.name() + (source.isSuspended() ? " is SUSPENDED" : " runs on") + ", log-dirty "
                + (source.logDirtyEnabled() ? "ON" : "off");
    }

    /** An xl config file is a few KiB; this only keeps a wrong file from being read whole. */
    static final long XL_CONFIG_MAX = 1 << 20;

    /** A save that failed after it was reported; carries only the one line for the operator. */
    static final class SaveFailure extends Exception {
        SaveFailure(String message) {
            super(message);
        }
    }
}
