package io.livemig.bench;

import io.livemig.util.Sizes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * {@code scripts/bench --link}: in one run, what a C sender/receiver pair carries over loopback
 * TCP (linkpair.c: writev of PAGE_DATA records with merged pages, readv into pre-faulted memory)
 * and what livemig's own sender and receiver processes ({@code scripts/livemig save --sim SIZE
 * --workload idle} into {@code scripts/livemig receive --preallocate}) carry moving an idle guest
 * of the same size, alternately, a few times each; prints and writes link.md with the median,
 * the spread and the ratio livemig / C against the target 0.9.
 *
 * <p>Span of both: the sender's start (C: after connect; livemig: the engine's start, after the
 * guest was filled and the receiver allocated) until the receiver has read END; rate = stream
 * bytes over that span. The C pair's checksums and livemig's digests must match, or the run fails.
 *
 * <pre>java -cp benchmarks.jar io.livemig.bench.LinkBench --linkpair PATH --livemig PATH
 *      [--size 4G] [--batch 1024] [--repeat 5] --out DIR</pre>
 */
public final class LinkBench {
    static final double TARGET = 0.9;

    /** One transfer: stream bytes over the span, and livemig's first round alone (C: NaN). */
    record Run(String who, long bytes, long nanos, double firstRoundRate) {
        double rate() {
            return bytes * 1e9 / nanos;
        }
    }

    public static void main(String[] args) throws Exception {
        Path linkpair = null;
        Path livemig = null;
        Path out = null;
        String size = "4G";
        int batch = 1024;
        int repeat = 5; // single runs of either pair move by 2x on a shared VM (1.6 to 4.1 GiB/s seen)
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--linkpair" -> linkpair = Path.of(args[++i]);
                case "--livemig" -> livemig = Path.of(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--size" -> size = args[++i];
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("link: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (linkpair == null || livemig == null || out == null || repeat < 1 || batch < 1 || batch > 1024) {
            System.err.println("link: --linkpair, --livemig and --out are needed; --repeat >= 1, --batch 1..1024");
            System.exit(2);
        }
        long bytes = Sizes.parse(size);
        Path work = Files.createDirectories(out.resolve("link-runs"));
        System.out.printf(Locale.ROOT, "link: %s idle guest over loopback TCP, batch %d, %d runs each (C pair, livemig), alternating%n",
                Sizes.format(bytes), batch, repeat);
        List<Run> c = new ArrayList<>();
        List<Run> j = new ArrayList<>();
        for (int r = 1; r <= repeat; r++) {
            Run cr = cPair(linkpair, work.resolve("c-" + r), bytes, batch);
            System.out.printf(Locale.ROOT, "  run %d  C pair   %s in %.3f s: %s/s%n", r, Sizes.format(cr.bytes()), cr.nanos() / 1e9,
                    Sizes.format((long) cr.rate()));
            c.add(cr);
            Run jr = livemigPair(livemig, work.resolve("livemig-" + r), size, batch);
            System.out.printf(Locale.ROOT, "  run %d  livemig  %s in %.3f s: %s/s (first round %s/s)%n", r, Sizes.format(jr.bytes()),
                    jr.nanos() / 1e9, Sizes.format((long) jr.rate()), Sizes.format((long) jr.firstRoundRate()));
            j.add(jr);
        }
        String md = markdown(bytes, batch, c, j);
        System.out.println();
        System.out.print(md);
        Files.writeString(out.resolve("link.md"), md, StandardCharsets.UTF_8);
        System.out.println("link: " + out.resolve("link.md"));
    }

    /** The C receiver listening, then the C sender; their checksums must agree. */
    static Run cPair(Path linkpair, Path dir, long bytes, int batch) throws Exception {
        Files.createDirectories(dir);
        Path port = dir.resolve("port");
        Files.deleteIfExists(port);
        Child recv = Child.start("C receiver", List.of(linkpair.toString(), "recv", port.toString(), Long.toString(bytes)),
                dir.resolve("recv.log"));
        Child send = null;
        try {
            int p = recv.awaitPort(port, 120);
            send = Child.start("C sender", List.of(linkpair.toString(), "send", Integer.toString(p), Long.toString(bytes),
                    Integer.toString(batch)), dir.resolve("send.log"));
            send.awaitSuccess(600);
            recv.awaitSuccess(60);
        } finally {
            recv.kill();
            if (send != null) {
                send.kill();
            }
        }
        Properties s = Child.properties(dir.resolve("send.log"));
        Properties r = Child.properties(dir.resolve("recv.log"));
        if (!s.getProperty("checksum").equals(r.getProperty("checksum")) || !s.getProperty("bytes").equals(r.getProperty("bytes"))) {
            throw new IllegalStateException("C pair: the receiver's memory is not the sender's (checksum " + s.getProperty("checksum")
                    + " sent, " + r.getProperty("checksum") + " received; logs in " + dir + ")");
        }
        long nanos = Long.parseLong(r.getProperty("end_ns")) - Long.parseLong(s.getProperty("start_ns"));
        return new Run("C", Long.parseLong(r.getProperty("bytes")), nanos, Double.NaN);
    }

    /** livemig receive (preallocated) listening, then livemig save of an idle prefilled guest; digests must agree. */
    static Run livemigPair(Path livemig, Path dir, String size, int batch) throws Exception {
        LivemigPair pair = LivemigPair.run(livemig, dir, size, List.of("--preallocate"), List.of("--batch", Integer.toString(batch)), 900);
        return new Run("livemig", pair.senderLong("bytes"), pair.nanos(), pair.firstRoundRate());
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static String gib(double bytesPerSecond) {
        return String.format(Locale.ROOT, "%.2f", bytesPerSecond / (1L << 30));
    }

    static String markdown(long bytes, int batch, List<Run> c, List<Run> j) {
        double[] cr = c.stream().mapToDouble(Run::rate).toArray();
        double[] jr = j.stream().mapToDouble(Run::rate).toArray();
        double[] jf = j.stream().mapToDouble(Run::firstRoundRate).toArray();
        double cm = median(cr);
        double jm = median(jr);
        double ratio = jm / cm;
        StringBuilder b = new StringBuilder();
        b.append("# End to end over loopback: livemig against a C sender/receiver pair\n\n");
        b.append(String.format(Locale.ROOT, "%s idle guest, PAGE_DATA records of %d pages, loopback TCP (4 MiB socket buffers on both"
                + " sides), %d runs of each pair, alternating. Rate: stream bytes over the sender's start until the receiver has"
                + " read END, GiB/s (2^30 bytes).%n%n", Sizes.format(bytes), batch, c.size()));
        b.append("| pair | runs (GiB/s) | median | min .. max |\n|---|---|---:|---|\n");
        b.append(row("C (linkpair.c: writev merged, readv scatter into pre-faulted memory)", cr));
        b.append(row("livemig (save --sim --workload idle -> receive --preallocate)", jr));
        b.append(row("livemig, first round alone (sender's round time)", jf));
        b.append(String.format(Locale.ROOT, "%n**livemig / C = %.2f** (medians; target >= %.1f): %s%n%n", ratio, TARGET,
                ratio >= TARGET ? "PASS" : "MISS"));
        b.append("Checks: the C receiver's memory checksum equals the sender's, and livemig's destination digest equals the"
                + " source digest at suspend, in every run.\n");
        return b.toString();
    }

    private static String row(String name, double[] rates) {
        StringBuilder runs = new StringBuilder();
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double r : rates) {
            runs.append(runs.isEmpty() ? "" : ", ").append(gib(r));
            min = Math.min(min, r);
            max = Math.max(max, r);
        }
        return "| " + name + " | " + runs + " | " + gib(median(rates)) + " | " + gib(min) + " .. " + gib(max) + " |\n";
    }
}
