package io.livemig.bench;

import io.livemig.backend.sim.SimDestination;
import io.livemig.backend.sim.SimDomain;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.backend.sim.Workload;
import io.livemig.engine.RestoreEngine;
import io.livemig.engine.RestoreResult;
import io.livemig.engine.SaveEngine;
import io.livemig.engine.SaveOptions;
import io.livemig.engine.SaveResult;
import io.livemig.policy.PolicySpec;
import io.livemig.stream.StreamFormat;
import io.livemig.transport.Endpoint;
import io.livemig.transport.SourceOptions;
import io.livemig.transport.StreamSource;
import io.livemig.transport.StreamTarget;
import io.livemig.transport.TargetOptions;
import io.livemig.util.Sizes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The batch-size tuning run: migrates a busy simulated guest once per batch size, in this process,
 * with the core's public API (SaveEngine into loopback TCP, RestoreEngine into a simulated
 * destination preallocated as Xen builds it), and prints one line per batch size: rounds, pages
 * sent, total time (save start until the receiver has END), downtime (suspend until the receiver
 * has END), throughput, and whether the destination's digest equals the source's at suspend.
 *
 * <pre>java -cp benchmarks.jar io.livemig.bench.MigrationTuning [--size 4G] [--workload SPEC]
 *      [--policy SPEC] [--batch-sizes 64,256,512,1024] [--seed N] [--out FILE.md]</pre>
 *
 * Exit status 0 when every migration completed with matching digests, 1 otherwise, 2 bad usage.
 */
public final class MigrationTuning {
    static final String DEFAULT_SIZE = "4G";
    static final String DEFAULT_WORKLOAD = "hotset:rate=50000";
    static final String DEFAULT_BATCHES = "64,256,512,1024";

    /** One migration's outcome. */
    record Outcome(int batch, int liveRounds, long pagesSent, long streamBytes, Duration total, Duration downtime,
                   String sourceDigest, String destinationDigest) {
        boolean digestsMatch() {
            return sourceDigest.equals(destinationDigest);
        }

        double bytesPerSecond() {
            return total.isZero() ? 0 : streamBytes * 1e9 / total.toNanos();
        }
    }

    public static void main(String[] args) throws Exception {
        String size = DEFAULT_SIZE;
        String workload = DEFAULT_WORKLOAD;
        String policy = "xen";
        String batchList = DEFAULT_BATCHES;
        long seed = 1;
        Path out = null;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--size" -> size = value(args, ++i, a);
                    case "--workload" -> workload = value(args, ++i, a);
                    case "--policy" -> policy = value(args, ++i, a);
                    case "--batch-sizes" -> batchList = value(args, ++i, a);
                    case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                    case "--out" -> out = Path.of(value(args, ++i, a));
                    default -> throw new IllegalArgumentException("unknown option " + a
                            + " (options: --size --workload --policy --batch-sizes --seed --out)");
                }
            }
            Sizes.parse(size);
            Workload.parse(workload);
            PolicySpec.parse(policy);
        } catch (IllegalArgumentException e) {
            System.err.println("migration tuning: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<Integer> batchSizes;
        try {
            batchSizes = parseBatchSizes(batchList);
        } catch (IllegalArgumentException e) {
            System.err.println("migration tuning: " + e.getMessage());
            System.exit(2);
            return;
        }
        long bytes = Sizes.parse(size);
        PrintStream console = System.out;
        console.printf(Locale.ROOT, "migration tuning: %s guest, workload %s, policy %s, loopback TCP, batch sizes %s%n",
                Sizes.format(bytes), workload, policy, batchSizes);
        List<Outcome> outcomes = new ArrayList<>();
        for (int batch : batchSizes) {
            console.printf(Locale.ROOT, "batch %d: filling the source, preallocating the destination, migrating ...%n", batch);
            Outcome o = migrate(bytes, workload, policy, seed, batch);
            console.printf(Locale.ROOT, "batch %d: %s in %.3f s, downtime %.1f ms, digests %s%n", batch,
                    Sizes.format(o.streamBytes()), o.total().toNanos() / 1e9, o.downtime().toNanos() / 1e6,
                    o.digestsMatch() ? "match" : "DIFFER");
            outcomes.add(o);
        }
        String table = table(bytes, workload, policy, outcomes);
        console.println();
        console.print(table);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, "# Batch-size tuning run\n\n```\n" + table + "```\n", StandardCharsets.UTF_8);
        }
        System.exit(outcomes.stream().allMatch(Outcome::digestsMatch) ? 0 : 1);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    /** "64,256,1024": each 1..1024 (Xen's MAX_BATCH_SIZE, which the engine and every restorer enforce). */
    static List<Integer> parseBatchSizes(String text) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            int n;
            try {
                n = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--batch-sizes: '" + p + "' is not a number", e);
            }
            if (n < 1 || n > StreamFormat.MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("--batch-sizes: " + n + " is outside 1.." + StreamFormat.MAX_BATCH_SIZE
                        + " (Xen's MAX_BATCH_SIZE: the engine writes, and restorers accept, at most 1024 pfns per PAGE_DATA record)");
            }
            sizes.add(n);
        }
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("--batch-sizes: no batch size given");
        }
        return sizes;
    }

    /** One live migration of a fresh busy guest into a fresh preallocated destination over loopback TCP. */
    static Outcome migrate(long bytes, String workload, String policy, long seed, int batch) throws Exception {
        SimDomainConfig destinationConfig = SimDomainConfig.builder().name("destination").size(bytes).build();
        SimDomainConfig sourceConfig = SimDomainConfig.builder().name("source").size(bytes).seed(seed).prefill(true)
                .workload(Workload.parse(workload)).build();
        try (SimDestination destination = destinationConfig.createDestination();
             StreamSource in = StreamSource.open(Endpoint.Tcp.loopback(0), SourceOptions.defaults())) {
            destination.preallocate();
            Endpoint.Tcp where = in.listeningEndpoint().orElseThrow(() -> new IOException("the receiver has no port"));
            try (SimDomain source = sourceConfig.create()) {
                AtomicReference<RestoreResult> restored = new AtomicReference<>();
                AtomicReference<Throwable> restoreFailure = new AtomicReference<>();
                Thread receiver = Thread.ofPlatform().name("tuning-receiver").start(() -> {
                    try {
                        restored.set(new RestoreEngine(destination, false).restore(in.channel()));
                    } catch (Throwable t) {
                        restoreFailure.set(t);
                    }
                });
                SaveResult saved;
                SaveOptions options = SaveOptions.builder().policy(PolicySpec.parse(policy)).batchSize(batch).build();
                try (StreamTarget target = StreamTarget.open(where, TargetOptions.defaults())) {
                    saved = new SaveEngine(source, target.channel(), options).save();
                } finally {
                    receiver.join();
                }
                if (restoreFailure.get() != null) {
                    throw new IOException("batch " + batch + ": the restore failed: " + restoreFailure.get(), restoreFailure.get());
                }
                RestoreResult r = restored.get();
                Duration total = Duration.between(saved.started(), r.endReadAt());
                Duration downtime = Duration.between(saved.suspendedAt(), r.endReadAt());
                return new Outcome(batch, saved.liveRounds(), saved.pagesSent(), saved.bytesWritten(), total, downtime,
                        source.sourceDigest(), destination.destinationDigest());
            }
        }
    }

    static String table(long bytes, String workload, String policy, List<Outcome> outcomes) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "== batch-size tuning: %s guest, workload %s, policy %s, loopback TCP ==%n",
                Sizes.format(bytes), workload, policy));
        b.append(String.format(Locale.ROOT, "%6s %8s %12s %12s %12s %12s %14s  %s%n",
                "batch", "rounds", "pages sent", "stream", "total time", "downtime", "throughput", "digest"));
        for (Outcome o : outcomes) {
            b.append(String.format(Locale.ROOT, "%6d %8s %12d %12s %10.3f s %9.1f ms %12s/s  %s%n",
                    o.batch(), o.liveRounds() + "+1", o.pagesSent(), Sizes.format(o.streamBytes()),
                    o.total().toNanos() / 1e9, o.downtime().toNanos() / 1e6, Sizes.format((long) o.bytesPerSecond()),
                    o.digestsMatch() ? "match" : "DIFFER"));
        }
        boolean allMatch = outcomes.stream().allMatch(Outcome::digestsMatch);
        b.append(allMatch
                ? "destination digest equals the source digest at suspend for every batch size\n"
                : "DIGEST MISMATCH: a destination is not its source at suspend\n");
        b.append("total time: save start until the receiver has read END; downtime: suspend until the receiver has read END\n");
        return b.toString();
    }
}
