package io.livemig.cli;

import io.livemig.backend.sim.SimDomain;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.backend.sim.Workload;
import io.livemig.engine.SaveAbortedException;
import io.livemig.engine.SaveEngine;
import io.livemig.engine.SaveException;
import io.livemig.engine.SaveOptions;
import io.livemig.engine.SaveResult;
import io.livemig.policy.PolicySpec;
import io.livemig.policy.PrecopyPolicy;
import io.livemig.stream.StreamFormat;
import io.livemig.transport.Endpoint;
import io.livemig.transport.StreamTarget;
import io.livemig.transport.TargetOptions;
import io.livemig.util.Sizes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Saves a (simulated) domain live into a migration stream. */
@Command(name = "save", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Saves a domain, live, into Xen's migration stream (libxc format v3).",
                "With --sim the domain is a simulated guest whose writers keep dirtying memory while it is saved.",
                "The summary ends with the source digest at suspend, to compare with what `livemig receive` prints."},
        footer = {"",
                "Workloads: idle | uniform | hotset | sweep, with optional parameters rate=PAGES_PER_SECOND|max,",
                "  writers=N, seed=N, and for hotset hot=PERCENT, share=PERCENT.",
                "  Examples: uniform:rate=50000   hotset:rate=20000,hot=5%%,share=90%%   sweep:rate=100000",
                "Policies: xen (Xen's default: stop below 50 dirty pages or at iteration 5), xen:iterations=N,dirty=N,",
                "  stop-now, abort:iteration=N (rehearses the abort path).",
                "Targets: FILE, - (standard output, e.g. piped through ssh), tcp:HOST:PORT (the receiver listens there).",
                "Exit status: 0 saved; 1 failed or aborted (the source domain runs again, log-dirty off); 2 bad usage."})
final class SaveCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--sim", required = true, paramLabel = "SIZE",
            description = "Save a simulated guest of this size (64M, 1G, 16G...).")
    String sim;

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

    @Option(names = "--libxl", description = "Wrap the stream in the libxl format, as xl migrate sends it.")
    boolean libxl;

    @Option(names = "--to", required = true, paramLabel = "TARGET", description = "FILE, - or tcp:HOST:PORT.")
    String to;

    @Option(names = "--result-file", paramLabel = "FILE", description = "Also write the outcome as a properties file.")
    Path resultFile;

    @Override
    public Integer call() throws Exception {
        long bytes = Sizes.parse(sim);
        Workload load = Workload.parse(workload);
        PrecopyPolicy precopy = PolicySpec.parse(policy);
        Endpoint target = Endpoint.parse(to);
        checkBatch(batch);
        Main.checkCreatable("--result-file", resultFile);
        // With the stream on standard output, everything for people goes to standard error.
        PrintWriter human = target instanceof Endpoint.Stdio ? spec.commandLine().getErr() : spec.commandLine().getOut();
        ResultFile result = new ResultFile().put("command", "save");
        SimDomainConfig config = SimDomainConfig.builder().name("sim-" + sim).size(bytes).seed(seed)
                .prefill(!noPrefill).workload(load).build();
        if (!noPrefill) {
            human.printf(Locale.ROOT, "filling a simulated guest of %s ...%n", Sizes.format(bytes));
            human.flush();
        }
        try (SimDomain domain = config.create()) {
            human.printf(Locale.ROOT, "saving %s: %d pages, workload %s, policy %s, batch %d, %s to %s%n", domain.name(),
                    domain.pfnCount(), load.spec(), policy, batch, nonLive ? "not live" : "live", target.text());
            SaveOptions options = SaveOptions.builder().live(!nonLive).policy(precopy).batchSize(batch)
                    .libxlFraming(libxl).listener(new ProgressPrinter(human, isTerminal(), StreamFormat.PAGE_SIZE))
                    .build();
            SaveResult saved;
            try (StreamTarget out = StreamTarget.open(target, TargetOptions.defaults())) {
                saved = new SaveEngine(domain, out.channel(), options).save();
            } catch (SaveException e) {
                result.put("result", e instanceof SaveAbortedException ? "aborted" : "failed").put("error", e.getMessage());
                result.putSave(e.partialResult());
                writeResult(result);
                human.printf(Locale.ROOT, "source domain %s, log-dirty %s%n", domain.isSuspended() ? "SUSPENDED" : "running",
                        domain.logDirtyEnabled() ? "ON" : "off");
                human.flush();
                throw new SaveFailure(e.getMessage());
            }
            // The domain stays suspended after a save: its memory is the memory at suspend.
            String digest = domain.sourceDigest();
            result.put("result", "completed").put("digest", digest).putSave(saved);
            writeResult(result);
            human.printf(Locale.ROOT, "saved: %d live rounds + final, %d pages, %s in %.3f s, downtime %.1f ms (sender side)%n",
                    saved.liveRounds(), saved.pagesSent(), Sizes.format(saved.bytesWritten()),
                    saved.totalTime().toNanos() / 1e9, saved.downtime().toNanos() / 1e6);
            human.println("source digest at suspend: " + digest);
            human.flush();
            return 0;
        }
    }

    private void writeResult(ResultFile result) throws java.io.IOException {
        if (resultFile != null) {
            result.write(resultFile);
        }
    }

    static void checkBatch(int batch) {
        if (batch < 1 || batch > StreamFormat.MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("--batch " + batch + " is outside 1.." + StreamFormat.MAX_BATCH_SIZE);
        }
    }

    static boolean isTerminal() {
        var console = System.console();
        return console != null && console.isTerminal();
    }

    /** A save that failed after it was reported; carries only the one line for the operator. */
    static final class SaveFailure extends Exception {
        SaveFailure(String message) {
            super(message);
        }
    }
}
