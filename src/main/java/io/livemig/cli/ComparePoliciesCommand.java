package io.livemig.cli;

import io.livemig.engine.RoundStats;
import io.livemig.util.Sizes;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs the demo's two-process migration once per workload and policy, over loopback TCP with the
 * sender capped at a bandwidth (the "link"), and prints one table: what each policy costs in
 * rounds, traffic, time and downtime, and whether the migration completed.
 */
@Command(name = "compare-policies", header = "Runs the demo once per workload and policy; prints a table.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Migrates a simulated guest between two processes over loopback TCP, once per workload and"
                + " policy, with the sender capped at --max-bandwidth, and prints a table (Markdown) of rounds, pages sent"
                + " over guest pages, total time, downtime (suspend until the receiver has END) and the outcome."},
        footer = {"", "Exit status: 0 every run completed or was aborted by its policy; 1 a run failed; 2 bad usage."})
final class ComparePoliciesCommand implements Callable<Integer> {
    /** What a --policy entry ends with to run with the sender's --auto-converge (settings after '=', if any). */
    static final String AUTO_CONVERGE = "+auto-converge";
    static final List<String> DEFAULT_WORKLOADS = List.of("idle", "hotset:rate=20000,hot=5%,share=90%", "uniform:rate=16000",
            "uniform:rate=48000");
    static final List<String> DEFAULT_POLICIES = List.of("xen", "xen:iterations=8,dirty=64,growth=10%",
            "downtime=300ms,deadline=6s:abort", "downtime=300ms,stall=2,deadline=6s",
            "downtime=100ms..1s:steps=6:every=1s,deadline=6s", "downtime=300ms,deadline=20s:abort",
            "downtime=300ms,deadline=20s:abort " + AUTO_CONVERGE, "downtime=300ms,deadline=20s:abort " + AUTO_CONVERGE + "=target=300ms");


    @Spec
    CommandSpec spec;

    @Option(names = "--size", defaultValue = "256M", paramLabel = "SIZE", description = "Guest memory (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--max-bandwidth", defaultValue = "128M", paramLabel = "RATE",
            description = "The link: the sender's bandwidth limit, bytes per second (default: ${DEFAULT-VALUE}).")
    String maxBandwidth;

    @Option(names = "--workload", paramLabel = "SPEC",
            description = "A workload to run (repeatable; default: idle, a web-like hot set, a uniform writer at half and at 1.5 x a 128M link).")
    List<String> workloads;

    @Option(names = "--policy", paramLabel = "SPEC", description = "A policy to compare (repeatable; default: eight, from Xen's to"
            + " downtime stepping, and a deadline without and with auto-converge, QEMU's and the target form). Append a space and " + AUTO_CONVERGE + " (or "
            + AUTO_CONVERGE + "=SETTINGS) to run it with the sender's --auto-converge.")
    List<String> policies;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "N", description = "Seed of the guest's content and writers (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--verbose", description = "Show both processes' output for every run.")
    boolean verbose;

    /** One row of the table. */
    record Row(String workload, String policy, String outcome, int liveRounds, double sentOverGuest, double totalSeconds,
               double downtimeMillis, int maxThrottle) {
    }

    /** A --policy entry: the policy spec, and the auto-converge settings ("" for the defaults) or null. */
    record Entry(String policy, String autoConverge) {
        static Entry parse(String text) {
            int at = text.indexOf(AUTO_CONVERGE);
            if (at < 0) {
                return new Entry(text.strip(), null);
            }
            String rest = text.substring(at + AUTO_CONVERGE.length()).strip();
            if (!rest.isEmpty() && !rest.startsWith("=")) {
                throw new IllegalArgumentException("--policy " + text + ": '" + AUTO_CONVERGE + "' is followed by '" + rest
                        + "', not =SETTINGS");
            }
            return new Entry(text.substring(0, at).strip(), rest.isEmpty() ? "" : rest.substring(1).strip());
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<String> ws = workloads == null ? DEFAULT_WORKLOADS : workloads;
        List<String> ps = policies == null ? DEFAULT_POLICIES : policies;
        List<DemoCommand.Migration> runs = new ArrayList<>();
        for (String w : ws) {
            for (String p : ps) {
                Entry e = Entry.parse(p);
                DemoCommand.Migration m = new DemoCommand.Migration(size, w, e.policy(), e.autoConverge(), 1024, seed, maxBandwidth,
                        null, null, true, false);
                m.check(); // every spec before the first run
                runs.add(m);
            }
        }
        out.printf(Locale.ROOT, "livemig compare-policies: %s guest, link %s/s (loopback TCP, sender capped), %d runs%n",
                Sizes.format(Sizes.parse(size)), Sizes.format(SaveRun.parseBandwidth("--max-bandwidth", maxBandwidth)),
                runs.size());
        out.flush();
        List<Row> rows = new ArrayList<>();
        for (DemoCommand.Migration m : runs) {
            long t0 = System.nanoTime();
            DemoCommand.Outcome o = DemoCommand.migrate(m, verbose ? out : null);
            Row row = row(m, o);
            rows.add(row);
            out.printf(Locale.ROOT, "  %-38s %-50s %-9s (%.1f s)%n", m.workload(), row.policy(), row.outcome(),
                    (System.nanoTime() - t0) / 1e9);
            out.flush();
        }
        out.println();
        printTable(out, rows);
        out.flush();
        return rows.stream().allMatch(r -> r.outcome().equals("completed") || r.outcome().equals("aborted")) ? 0 : Main.EXIT_FAILURE;
    }

    static Row row(DemoCommand.Migration m, DemoCommand.Outcome o) {
        ResultFile send = o.send();
        ResultFile recv = o.recv();
        String policy = m.autoConverge() == null ? m.policy()
                : m.policy() + " " + AUTO_CONVERGE + (m.autoConverge().isEmpty() ? "" : "=" + m.autoConverge());
        if (send == null) {
            return new Row(m.workload(), policy, "failed", 0, Double.NaN, Double.NaN, Double.NaN, 0);
        }
        List<RoundStats> rounds = send.rounds();
        int maxThrottle = rounds.stream().mapToInt(RoundStats::throttle).max().orElse(0);
        long pfns = send.getLong("pfns", 0);
        long pages = rounds.stream().mapToLong(RoundStats::pagesSent).sum();
        int live = (int) rounds.stream().filter(RoundStats::live).count();
        double sent = pfns == 0 ? Double.NaN : (double) pages / pfns;
        String result = send.get("result");
        Instant started = send.getInstant("started");
        Instant suspended = send.getInstant("suspendedAt");
        Instant received = recv == null ? null : recv.getInstant("endReadAt");
        if (!o.completed()) {
            // an aborted save never suspends: the time is until the abort
            long nanos = send.getLong("totalNanos", -1);
            return new Row(m.workload(), policy, "aborted".equals(result) ? "aborted" : "failed", live, sent,
                    nanos < 0 ? Double.NaN : nanos / 1e9, Double.NaN, maxThrottle);
        }
        return new Row(m.workload(), policy, "completed", live, sent, seconds(started, received),
                seconds(suspended, received) * 1000, maxThrottle);
    }

    private static double seconds(Instant a, Instant b) {
        return Duration.between(a, b).toNanos() / 1e9;
    }

    static void printTable(PrintWriter out, List<Row> rows) {
        out.println("| workload | policy | rounds (live + suspended) | pages sent / guest pages | total time | downtime | highest throttle | outcome |");
        out.println("|---|---|---:|---:|---:|---:|---:|---|");
        for (Row r : rows) {
            // an aborted save has no suspended round
            out.printf(Locale.ROOT, "| %s | `%s` | %s | %s | %s | %s | %s | %s |%n", r.workload(), r.policy(),
                    r.outcome().equals("completed") ? r.liveRounds() + " + 1" : Integer.toString(r.liveRounds()), Double.isNaN(r.sentOverGuest()) ? "-" : String.format(Locale.ROOT, "%.2f", r.sentOverGuest()),
                    Double.isNaN(r.totalSeconds()) ? "-" : String.format(Locale.ROOT, "%.1f s", r.totalSeconds()),
                    Double.isNaN(r.downtimeMillis()) ? "-" : String.format(Locale.ROOT, "%.0f ms", r.downtimeMillis()),
                    r.maxThrottle() == 0 ? "-" : r.maxThrottle() + " %", r.outcome());
        }
    }
}
