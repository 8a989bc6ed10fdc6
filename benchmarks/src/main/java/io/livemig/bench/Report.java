package io.livemig.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Turns JMH's JSON results ({@code -rf json}) of the suite into {@code results.json} (all runs in
 * one array), {@code results.md} (tables with derived units and the targets) and PNG charts (scan
 * cost against density, throughput against batch size), and prints the targets.
 *
 * <pre>java -cp benchmarks.jar io.livemig.bench.Report OUTPUT_DIR JMH_JSON...</pre>
 *
 * Scan scores are time per pass; the words of a bitmap follow from its size and its dirty pages
 * are recounted by regenerating the same seeded bitmap ({@link BitmapPatterns}). Batch scores are
 * records per second; a record carries {@code batch} pages of 4096 bytes.
 */
public final class Report {
    static final String SCAN = "io.livemig.bench.BitmapScanBenchmark.";
    static final String JAVA_BATCH = "io.livemig.bench.JavaBatchBenchmark.writeRecord";
    static final String C_BATCH = "io.livemig.bench.CBatchBenchmark.writeRecord";
    static final String JAVA_RESTORE = "io.livemig.bench.JavaRestoreBenchmark.readRecord";
    static final String C_RESTORE = "io.livemig.bench.CRestoreBenchmark.readRecord";
    static final List<String> RESTORE_PATHS = List.of("java", "cMerged", "cPerPage");
    static final String PAIRED_RESTORE = "io.livemig.bench.PairedRestoreBenchmark.readRecord";
    static final String PAIRED_BATCH = "io.livemig.bench.PairedBatchBenchmark.writeRecord";
    static final Map<String, String> RESTORE_PATH_NAMES = Map.of("java", "Java StreamReader + page sink + readInto (engine)",
            "cMerged", "C readv, merged runs", "cPerPage", "C readv, iovec per page");
    /** The receiver's 0 B/record: beyond what the harness itself allocates per record (the C receiver's figure). */
    static final double RESTORE_ALLOCATION_TARGET = 1;
    static final List<String> SCAN_IMPLS = List.of("javaCollect", "cWordCtz", "xenPerBit");
    static final Map<String, String> SCAN_NAMES = Map.of("javaCollect", "Java DirtyBitmap.collect",
            "cWordCtz", "C word scan (ctz)", "xenPerBit", "Xen per-bit loop (C)");
    static final List<String> PATHS = List.of("javaMerged", "javaPerPage", "cMerged", "cPerPage");
    static final Map<String, String> PATH_NAMES = Map.of("javaMerged", "Java PageDataWriter, merged pages (engine)",
            "javaPerPage", "Java PageDataWriter, buffer per page", "cMerged", "C writev, merged runs (newer Xen)",
            "cPerPage", "C writev, iovec per page (Xen 4.17)");
    static final double SCAN_TARGET_VS_C = 0.9;
    /** Densities up to this one count as sparse: there the Java scan must stay ahead of C's. */
    static final double SPARSE_DENSITY = 0.0001;
    static final double BATCH_TARGET = 0.95;
    /** "About 0": less than one small object per record. */
    static final double ALLOCATION_TARGET = 16;

    /** One scan cell: a bitmap, its counts, the time per pass of each implementation (ns). */
    record ScanKey(String guest, String percent, String pattern) {
        long pfns() {
            return BitmapPatterns.pfnsOf(guest);
        }

        long words() {
            return (pfns() + 63) >>> 6;
        }

        double density() {
            return BitmapPatterns.fractionOf(percent);
        }
    }

    /** A receive cell: where the records come from, their pfns (adjacent or strided), the batch. */
    record RestoreKey(String source, String pfns, int batch) {
    }

    record BatchKey(String sink, int batch) {
    }

    /**
     * A batch writer's or receiver's result: records per second, its error, the thread's bytes per
     * record, gc.alloc.rate.norm, and the number of runs it stands for. One run: JMH's score and
     * error. Several (the grid run more than once, {@code scripts/bench --repeat}): see {@link #median}.
     */
    record BatchResult(double recordsPerSecond, double error, double threadBytesPerRecord, double gcAllocNorm, int runs) {
        BatchResult(double recordsPerSecond, double error, double threadBytesPerRecord, double gcAllocNorm) {
            this(recordsPerSecond, error, threadBytesPerRecord, gcAllocNorm, 1);
        }
    }

    /**
     * Several runs of one cell and path as one result: the median rate (the mean of the middle two
     * for an even count) and half the range of the rates as its error, so that one run slowed by a
     * neighbour on this shared VM does not decide a verdict; the largest allocation of any run,
     * so that an allocation target is judged on the worst run.
     */
    static BatchResult median(List<BatchResult> runs) {
        if (runs.size() == 1) {
            return runs.get(0);
        }
        double[] rates = runs.stream().mapToDouble(BatchResult::recordsPerSecond).sorted().toArray();
        int n = rates.length;
        double median = medianOf(rates);
        double thread = runs.stream().mapToDouble(BatchResult::threadBytesPerRecord).max().orElse(Double.NaN);
        double gc = runs.stream().mapToDouble(BatchResult::gcAllocNorm).max().orElse(Double.NaN);
        return new BatchResult(median, (rates[n - 1] - rates[0]) / 2, thread, gc, n);
    }

    /** Every run of a batch or receive cell and path, keyed by cell and path: several with --repeat. */
    private final Map<List<Object>, List<BatchResult>> runsOf = new HashMap<>();

    private <K> void addRun(Map<K, Map<String, BatchResult>> table, K key, String path, BatchResult result) {
        List<BatchResult> runs = runsOf.computeIfAbsent(List.of(key, path), k -> new ArrayList<>());
        runs.add(result);
        table.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(path, median(runs));
    }

    final Map<ScanKey, Map<String, double[]>> scans = new TreeMap<>(Comparator
            .comparingLong((ScanKey k) -> k.pfns()).thenComparing(ScanKey::pattern)
            .thenComparingDouble(ScanKey::density));
    final Map<RestoreKey, Map<String, BatchResult>> restores = new TreeMap<>(Comparator
            .comparing((RestoreKey k) -> sinkOrder(k.source())).thenComparing(RestoreKey::pfns).thenComparingInt(RestoreKey::batch));
    final Map<BatchKey, Map<String, BatchResult>> batches = new TreeMap<>(Comparator
            .comparing((BatchKey k) -> sinkOrder(k.sink())).thenComparingInt(BatchKey::batch));
    private final ToLongFunction<ScanKey> dirtyCounter;
    private final Map<ScanKey, Long> dirtyCounts = new HashMap<>();
    final JsonArray all = new JsonArray();

    Report(ToLongFunction<ScanKey> dirtyCounter) {
        this.dirtyCounter = dirtyCounter;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Report OUTPUT_DIR JMH_JSON...");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Report report = new Report(Report::countDirty);
        for (int i = 1; i < args.length; i++) {
            report.read(Path.of(args[i]));
        }
        List<String> targets = report.write(out);
        targets.forEach(System.out::println);
    }

    /** Regenerates the seeded bitmap and counts its dirty pfns. */
    static long countDirty(ScanKey key) {
        try (Arena arena = Arena.ofConfined()) {
            return BitmapPatterns.generate(arena, key.pfns(), key.density(), key.pattern()).count();
        }
    }

    long dirty(ScanKey key) {
        return dirtyCounts.computeIfAbsent(key, dirtyCounter::applyAsLong);
    }

    /** Reads one JMH JSON file; results of other benchmarks are kept in results.json only. */
    void read(Path file) throws IOException {
        JsonElement root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(r);
        } catch (JsonParseException e) {
            throw new IOException(file + " is not JMH JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonArray()) {
            throw new IOException(file + " is not JMH JSON: the top level is not an array");
        }
        for (JsonElement e : root.getAsJsonArray()) {
            JsonObject run = e.getAsJsonObject();
            all.add(run);
            add(file, run);
        }
    }

    private void add(Path file, JsonObject run) throws IOException {
        String benchmark = run.get("benchmark").getAsString();
        JsonObject params = run.has("params") ? run.getAsJsonObject("params") : new JsonObject();
        JsonObject primary = run.getAsJsonObject("primaryMetric");
        double score = primary.get("score").getAsDouble();
        double error = primary.has("scoreError") && primary.get("scoreError").isJsonPrimitive()
                && !primary.get("scoreError").getAsString().equals("NaN") ? primary.get("scoreError").getAsDouble() : Double.NaN;
        String unit = primary.get("scoreUnit").getAsString();
        if (benchmark.startsWith(SCAN)) {
            String impl = benchmark.substring(SCAN.length());
            ScanKey key = new ScanKey(param(file, params, "guest"), param(file, params, "dirtyPercent"), param(file, params, "pattern"));
            double factor = nanosPerUnit(file, unit);
            scans.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(impl, new double[] {score * factor, error * factor});
        } else if (benchmark.equals(JAVA_BATCH) || benchmark.equals(C_BATCH)) {
            String iov = param(file, params, "iov");
            String path = (benchmark.equals(JAVA_BATCH) ? "java" : "c") + (BatchShape.merged(iov) ? "Merged" : "PerPage");
            BatchKey key = new BatchKey(param(file, params, "sink"), Integer.parseInt(param(file, params, "batch")));
            for (BatchResult fork : forks(file, run, score, error, unit)) {
                addRun(batches, key, path, fork);
            }
        } else if (benchmark.equals(PAIRED_BATCH)) {
            BatchKey key = new BatchKey(param(file, params, "sink"), Integer.parseInt(param(file, params, "batch")));
            pairedWrites.computeIfAbsent(key, k -> new ArrayList<>()).addAll(pairedIterations(file, run));
        } else if (benchmark.equals(PAIRED_RESTORE)) {
            RestoreKey key = new RestoreKey(param(file, params, "source"), param(file, params, "pfns"),
                    Integer.parseInt(param(file, params, "batch")));
            pairedIterations.computeIfAbsent(key, k -> new ArrayList<>()).addAll(pairedIterations(file, run));
        } else if (benchmark.equals(JAVA_RESTORE) || benchmark.equals(C_RESTORE)) {
            String path = benchmark.equals(JAVA_RESTORE) ? "java" : BatchShape.merged(param(file, params, "iov")) ? "cMerged" : "cPerPage";
            RestoreKey key = new RestoreKey(param(file, params, "source"), param(file, params, "pfns"),
                    Integer.parseInt(param(file, params, "batch")));
            for (BatchResult fork : forks(file, run, score, error, unit)) {
                addRun(restores, key, path, fork);
            }
        }
    }

    /**
     * A records-per-second result with the benchmark thread's bytes per record and
     * gc.alloc.rate.norm: one per JMH fork, each fork's mean over its iterations, because a fork
     * (a new JVM, a new connection, new memory) is what moves on this VM (TCP cells by 10-20 %
     * between forks, by 2-3 % between a fork's iterations). JMH's score and error when the
     * result has no per-fork data.
     */
    private static List<BatchResult> forks(Path file, JsonObject run, double score, double error, String unit) throws IOException {
        double perSecond = perSecond(file, unit);
        JsonObject primary = run.getAsJsonObject("primaryMetric");
        JsonObject secondary = run.has("secondaryMetrics") ? run.getAsJsonObject("secondaryMetrics") : new JsonObject();
        double[] rates = forkMeans(primary);
        if (rates.length < 2) {
            double records = secondaryScore(secondary, "records");
            double allocated = secondaryScore(secondary, "allocatedBytes");
            double threadBytes = Double.isNaN(records) || Double.isNaN(allocated) || records == 0 ? Double.NaN : allocated / records;
            return List.of(new BatchResult(score * perSecond, error * perSecond, threadBytes, secondaryScore(secondary, "gc.alloc.rate.norm")));
        }
        double[] records = secondaryForks(secondary, "records", rates.length);
        double[] allocated = secondaryForks(secondary, "allocatedBytes", rates.length);
        double[] gcNorm = secondaryForks(secondary, "gc.alloc.rate.norm", rates.length);
        List<BatchResult> forks = new ArrayList<>(rates.length);
        for (int f = 0; f < rates.length; f++) {
            double threadBytes = Double.isNaN(records[f]) || Double.isNaN(allocated[f]) || records[f] == 0 ? Double.NaN : allocated[f] / records[f];
            forks.add(new BatchResult(rates[f] * perSecond, Double.NaN, threadBytes, gcNorm[f]));
        }
        return forks;
    }

    /** The mean of each fork's iterations in a metric's rawData; empty without it. */
    private static double[] forkMeans(JsonObject metric) {
        if (metric == null || !metric.has("rawData") || !metric.get("rawData").isJsonArray()) {
            return new double[0];
        }
        JsonArray forks = metric.getAsJsonArray("rawData");
        double[] means = new double[forks.size()];
        for (int f = 0; f < means.length; f++) {
            JsonArray iterations = forks.get(f).getAsJsonArray();
            double sum = 0;
            for (JsonElement x : iterations) {
                sum += x.getAsDouble();
            }
            means[f] = iterations.isEmpty() ? Double.NaN : sum / iterations.size();
        }
        return means;
    }

    /**
     * One iteration of a paired benchmark ({@link PairedRestoreBenchmark}, {@link PairedBatchBenchmark}):
     * the records per second of each side over its own time in that iteration.
     */
    record PairedIteration(double java, double c) {
        double ratio() {
            return java / c;
        }
    }

    /** The paired receive benchmark's iterations, every fork's and every run's, by cell. */
    final Map<RestoreKey, List<PairedIteration>> pairedIterations = new TreeMap<>(Comparator
            .comparing((RestoreKey k) -> sinkOrder(k.source())).thenComparing(RestoreKey::pfns).thenComparingInt(RestoreKey::batch));
    /** The paired writer benchmark's iterations, every fork's and every run's, by cell. */
    final Map<BatchKey, List<PairedIteration>> pairedWrites = new TreeMap<>(Comparator
            .comparing((BatchKey k) -> sinkOrder(k.sink())).thenComparingInt(BatchKey::batch));

    /** The iterations of a paired result, from its four counters' raw data (fork by fork, iteration by iteration). */
    private static List<PairedIteration> pairedIterations(Path file, JsonObject run) throws IOException {
        JsonObject secondary = run.has("secondaryMetrics") ? run.getAsJsonObject("secondaryMetrics") : new JsonObject();
        List<double[]> javaRecords = iterations(file, secondary, "javaRecords");
        List<double[]> javaNanos = iterations(file, secondary, "javaNanos");
        List<double[]> cRecords = iterations(file, secondary, "cRecords");
        List<double[]> cNanos = iterations(file, secondary, "cNanos");
        List<PairedIteration> its = new ArrayList<>();
        for (int f = 0; f < javaRecords.size(); f++) {
            double[] jr = javaRecords.get(f);
            double[] jn = javaNanos.get(f);
            double[] cr = cRecords.get(f);
            double[] cn = cNanos.get(f);
            if (jn.length != jr.length || cr.length != jr.length || cn.length != jr.length) {
                throw new IOException(file + ": the paired counters of fork " + (f + 1) + " have different iteration counts");
            }
            for (int i = 0; i < jr.length; i++) {
                if (jn[i] > 0 && cn[i] > 0 && jr[i] > 0 && cr[i] > 0) { // a reader without a turn in an iteration: none
                    its.add(new PairedIteration(jr[i] * 1e9 / jn[i], cr[i] * 1e9 / cn[i]));
                }
            }
        }
        return its;
    }

    /** A counter's raw data, one array of iterations per fork. */
    private static List<double[]> iterations(Path file, JsonObject secondary, String name) throws IOException {
        JsonObject metric = secondaryMetric(secondary, name);
        if (metric == null || !metric.has("rawData")) {
            throw new IOException(file + ": a paired result has no raw data for the counter '" + name + "'");
        }
        List<double[]> forks = new ArrayList<>();
        for (JsonElement fork : metric.getAsJsonArray("rawData")) {
            JsonArray its = fork.getAsJsonArray();
            double[] v = new double[its.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = its.get(i).getAsDouble();
            }
            forks.add(v);
        }
        return forks;
    }

    /** The median of some values (the mean of the middle two for an even count). */
    static double medianOf(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    /** The {@code q}-quantile of some values, by the nearest rank. */
    static double quantile(double[] values, double q) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v[(int) Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))];
    }

    /** A secondary metric's per-fork means, {@code forks} of them (NaN where it has none). */
    private static double[] secondaryForks(JsonObject secondary, String name, int forks) {
        double[] out = new double[forks];
        Arrays.fill(out, Double.NaN);
        double[] means = forkMeans(secondaryMetric(secondary, name));
        System.arraycopy(means, 0, out, 0, Math.min(forks, means.length));
        return out;
    }

    private static String param(Path file, JsonObject params, String name) throws IOException {
        JsonElement v = params.get(name);
        if (v == null) {
            throw new IOException(file + ": a result has no parameter '" + name + "'");
        }
        return v.getAsString();
    }

    /** The secondary metric {@code name} (older JMH prefixes gc metrics with "\u00b7"), or null. */
    private static JsonObject secondaryMetric(JsonObject secondary, String name) {
        for (Map.Entry<String, JsonElement> e : secondary.entrySet()) {
            String key = e.getKey().startsWith("\u00b7") ? e.getKey().substring(1) : e.getKey();
            if (key.equals(name)) {
                return e.getValue().getAsJsonObject();
            }
        }
        return null;
    }

    /** The score of the secondary metric {@code name}, or NaN. */
    private static double secondaryScore(JsonObject secondary, String name) {
        JsonObject metric = secondaryMetric(secondary, name);
        return metric == null ? Double.NaN : metric.get("score").getAsDouble();
    }

    static double nanosPerUnit(Path file, String unit) throws IOException {
        return switch (unit) {
            case "ns/op" -> 1;
            case "us/op" -> 1e3;
            case "ms/op" -> 1e6;
            case "s/op" -> 1e9;
            default -> throw new IOException(file + ": unexpected scan score unit " + unit + " (run the scans in avgt mode)");
        };
    }

    static double perSecond(Path file, String unit) throws IOException {
        return switch (unit) {
            case "ops/s" -> 1;
            case "ops/ms" -> 1e3;
            case "ops/us" -> 1e6;
            case "ops/ns" -> 1e9;
            default -> throw new IOException(file + ": unexpected batch score unit " + unit + " (run the batch benchmarks in thrpt mode)");
        };
    }

    private static int sinkOrder(String sink) {
        return switch (sink) {
            case "devnull" -> 0;
            case "pipe" -> 1;
            case "tcp" -> 2;
            case "file" -> 3;
            default -> 4;
        };
    }

    /** Writes results.json, results.md and the charts into {@code out}; returns the target lines. */
    List<String> write(Path out) throws IOException {
        Files.createDirectories(out);
        Gson gson = new GsonBuilder().setPrettyPrinting().create();
        Files.writeString(out.resolve("results.json"), gson.toJson(all) + "\n", StandardCharsets.UTF_8);
        List<String> targets = targets();
        StringBuilder md = new StringBuilder();
        md.append("# livemig benchmarks\n\n");
        md.append("Generated by `io.livemig.bench.Report` from the JMH results in `results.json`. ")
                .append("Ratios are Java relative to C: above 1 the Java path is faster.\n\n");
        md.append("## Targets\n\n");
        for (String t : targets) {
            md.append("- ").append(t).append('\n');
        }
        md.append('\n');
        scanTables(md);
        pairedBatchTable(md);
        batchTables(md);
        restoreTables(md);
        List<String> charts = new ArrayList<>();
        try {
            charts.addAll(scanCharts(out));
            charts.addAll(batchCharts(out));
        } catch (RuntimeException | Error e) {
            // A JDK without fonts or AWT must not lose the tables: say why the charts are missing.
            md.append("Charts could not be drawn: ").append(e).append('\n');
            System.err.println("report: charts could not be drawn: " + e);
        }
        if (!charts.isEmpty()) {
            md.append("## Charts\n\n");
            for (String c : charts) {
                md.append("![").append(c).append("](").append(c).append(")\n\n");
            }
        }
        Files.writeString(out.resolve("results.md"), md.toString(), StandardCharsets.UTF_8);
        return targets;
    }

    private void scanTables(StringBuilder md) {
        if (scans.isEmpty()) {
            return;
        }
        md.append("## Bitmap scan\n\n");
        md.append("One pass over the whole bitmap, dirty pfns collected into batches of 1024, each batch handed to a sink. ")
                .append("Time per pass; ns per 64-bit bitmap word and per dirty page derived from it.\n\n");
        md.append("| guest | pattern | dirty % | words | dirty pages | Java µs | C word µs | Xen per-bit µs "
                + "| Java ns/word | C word ns/word | Xen ns/word | Java ns/page | C word ns/page | Xen ns/page "
                + "| Java vs C word | Java vs Xen |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<ScanKey, Map<String, double[]>> e : scans.entrySet()) {
            ScanKey k = e.getKey();
            Map<String, double[]> r = e.getValue();
            long words = k.words();
            long dirty = dirty(k);
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %d ", k.guest(), k.pattern(), k.percent(), words, dirty));
            for (String impl : SCAN_IMPLS) {
                md.append("| ").append(r.containsKey(impl) ? fmt(r.get(impl)[0] / 1e3) : "-").append(' ');
            }
            for (String impl : SCAN_IMPLS) {
                md.append("| ").append(r.containsKey(impl) ? fmt(r.get(impl)[0] / words) : "-").append(' ');
            }
            for (String impl : SCAN_IMPLS) {
                md.append("| ").append(r.containsKey(impl) && dirty > 0 ? fmt(r.get(impl)[0] / dirty) : "-").append(' ');
            }
            md.append("| ").append(ratio(r, "cWordCtz", "javaCollect")).append(' ');
            md.append("| ").append(ratio(r, "xenPerBit", "javaCollect")).append(" |\n");
        }
        md.append('\n');
    }

    private static String ratio(Map<String, double[]> r, String c, String java) {
        if (!r.containsKey(c) || !r.containsKey(java)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2fx", r.get(c)[0] / r.get(java)[0]);
    }

    private void batchTables(StringBuilder md) {
        if (batches.isEmpty()) {
            return;
        }
        md.append("## Batch throughput\n\n");
        md.append("PAGE_DATA records of `batch` ordinary pages from a 256 MiB guest memory, one gathering write each. ")
                .append("GB/s counts page data (10^9 bytes). `alloc B/record` is what the writing thread itself allocated per record; ")
                .append("`gc.alloc.rate.norm` is JMH's gc profiler, which also counts JMH's and the reader's threads ")
                .append("(a background of about 0.2 MB/s, large per record when records are slow).\n\n");
        md.append(repeatNote(batches));
        md.append("| sink | batch | path | records/s | ± | pages/s | GB/s | alloc B/record | gc.alloc.rate.norm B/op |\n");
        md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<BatchKey, Map<String, BatchResult>> e : batches.entrySet()) {
            BatchKey k = e.getKey();
            for (String path : PATHS) {
                BatchResult r = e.getValue().get(path);
                if (r == null) {
                    continue;
                }
                double pages = r.recordsPerSecond() * k.batch();
                md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %.3f | %s | %s |\n", k.sink(), k.batch(),
                        PATH_NAMES.get(path), fmt(r.recordsPerSecond()), Double.isNaN(r.error()) ? "-" : fmt(r.error()),
                        fmt(pages), pages * GuestPages.PAGE_SIZE / 1e9, fmt(r.threadBytesPerRecord()), fmt(r.gcAllocNorm())));
            }
        }
        md.append('\n');
        md.append("| sink | batch | Java merged / C merged | Java merged / C per-page (Xen 4.17) | Java per-page / C per-page |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        for (Map.Entry<BatchKey, Map<String, BatchResult>> e : batches.entrySet()) {
            Map<String, BatchResult> r = e.getValue();
            if (!r.containsKey("javaMerged") && !r.containsKey("javaPerPage")) {
                continue;
            }
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s |\n", e.getKey().sink(), e.getKey().batch(),
                    batchRatio(r, "javaMerged", "cMerged"), batchRatio(r, "javaMerged", "cPerPage"),
                    batchRatio(r, "javaPerPage", "cPerPage")));
        }
        md.append('\n');
    }

    private void pairedRestoreTable(StringBuilder md) {
        if (pairedIterations.isEmpty()) {
            return;
        }
        md.append("## Receive, the two readers taking turns\n\n");
        md.append("`PairedRestoreBenchmark`: livemig's receiver and the C reference (adjacent pages merged, the faster C path) read ")
                .append("one feeder's records from one pipe or connection into one destination, whole records in turns of ")
                .append(TakingTurns.TURN_MILLIS).append(" ms of reading time each, a socket's receive options swapped at ")
                .append("each change. Per JMH iteration, each reader's records over its own reading time; `Java / C` is the median ")
                .append("of the iterations' ratios (of every fork and run), with its quartiles. This is the target's figure: both ")
                .append("readers meet the same connection, memory and machine, which the separate runs below do not.\n\n");
        md.append("| source | pfns | batch | iterations | Java records/s | C records/s | Java / C | quartiles |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---|\n");
        pairedRows(md, pairedIterations, k -> k.source() + " | " + k.pfns() + " | " + k.batch());
    }

    private void pairedBatchTable(StringBuilder md) {
        if (pairedWrites.isEmpty()) {
            return;
        }
        md.append("## Send, the two writers taking turns\n\n");
        md.append("`PairedBatchBenchmark`: livemig's PAGE_DATA writer (the engine's merged pages) and the C reference (merged runs, ")
                .append("the faster C path) write records of one guest to one sink, whole records in turns of ")
                .append(TakingTurns.TURN_MILLIS).append(" ms of writing time each, a pipe set non-blocking for livemig's ")
                .append("turns and blocking for Xen's. Per JMH iteration, each writer's records over its own writing time; `Java / C` ")
                .append("is the median of the iterations' ratios (of every fork and run), with its quartiles. This is the target's ")
                .append("figure where it was measured: both writers meet the same sink, reader and machine.\n\n");
        md.append("| sink | batch | iterations | Java records/s | C records/s | Java / C | quartiles |\n");
        md.append("|---|---:|---:|---:|---:|---:|---|\n");
        pairedRows(md, pairedWrites, k -> k.sink() + " | " + k.batch());
    }

    /** One row per cell of a paired benchmark: its leading cells, then the iterations' medians and the ratios' quartiles. */
    private static <K> void pairedRows(StringBuilder md, Map<K, List<PairedIteration>> cells, Function<K, String> leading) {
        for (Map.Entry<K, List<PairedIteration>> e : cells.entrySet()) {
            List<PairedIteration> its = e.getValue();
            if (its.isEmpty()) {
                continue;
            }
            double[] ratios = its.stream().mapToDouble(PairedIteration::ratio).toArray();
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.2fx | %.2f-%.2f |\n", leading.apply(e.getKey()),
                    its.size(), fmt(medianOf(its.stream().mapToDouble(PairedIteration::java).toArray())),
                    fmt(medianOf(its.stream().mapToDouble(PairedIteration::c).toArray())), medianOf(ratios),
                    quantile(ratios, 0.25), quantile(ratios, 0.75)));
        }
        md.append('\n');
    }

    /** The lowest median ratio of a paired benchmark's cells that {@code which} accepts, where it is, and the most iterations of a cell. */
    record PairedLow(double ratio, String at, int iterations) {
    }

    private static <K> PairedLow lowestPaired(Map<K, List<PairedIteration>> cells, Predicate<K> which, Function<K, String> where) {
        double low = Double.POSITIVE_INFINITY;
        String lowAt = "";
        int iterations = 0;
        for (Map.Entry<K, List<PairedIteration>> e : cells.entrySet()) {
            if (!which.test(e.getKey()) || e.getValue().isEmpty()) {
                continue;
            }
            double ratio = medianOf(e.getValue().stream().mapToDouble(PairedIteration::ratio).toArray());
            iterations = Math.max(iterations, e.getValue().size());
            if (ratio < low) {
                low = ratio;
                lowAt = where.apply(e.getKey());
            }
        }
        return Double.isInfinite(low) ? null : new PairedLow(low, lowAt, iterations);
    }

    private void restoreTables(StringBuilder md) {
        pairedRestoreTable(md);
        if (restores.isEmpty()) {
            return;
        }
        md.append("## Receive throughput\n\n");
        md.append("PAGE_DATA records of `batch` ordinary pages, written without end by a C feeder thread into a pipe or a loopback ")
                .append("socket, received into a preallocated 256 MiB destination: `adjacent` pfns are one run per record, `strided` ")
                .append("pfns none (a buffer, an iovec per page). GB/s counts page data (10^9 bytes). `alloc B/record` is what the ")
                .append("receiving thread itself allocated per record (the C rows show the harness's own share).\n\n");
        md.append(repeatNote(restores));
        md.append("| source | pfns | batch | path | records/s | ± | pages/s | GB/s | alloc B/record | gc.alloc.rate.norm B/op |\n");
        md.append("|---|---|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<RestoreKey, Map<String, BatchResult>> e : restores.entrySet()) {
            RestoreKey k = e.getKey();
            for (String path : RESTORE_PATHS) {
                BatchResult r = e.getValue().get(path);
                if (r == null) {
                    continue;
                }
                double pages = r.recordsPerSecond() * k.batch();
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %.3f | %s | %s |\n", k.source(), k.pfns(),
                        k.batch(), RESTORE_PATH_NAMES.get(path), fmt(r.recordsPerSecond()), Double.isNaN(r.error()) ? "-" : fmt(r.error()),
                        fmt(pages), pages * GuestPages.PAGE_SIZE / 1e9, fmt(r.threadBytesPerRecord()), fmt(r.gcAllocNorm())));
            }
        }
        md.append('\n');
        md.append("`Java / C` is the target's ratio: over the faster C path's median with adjacent pfns; with strided pfns, where ")
                .append("the two C paths make the same readv calls with the same iovecs, over the median of both paths' runs together ")
                .append("(the larger of two medians of one measurement would favour C by about half the spread between forks).\n\n");
        md.append("| source | pfns | batch | Java / C merged | Java / C per-page | Java / C |\n");
        md.append("|---|---|---:|---:|---:|---:|\n");
        for (Map.Entry<RestoreKey, Map<String, BatchResult>> e : restores.entrySet()) {
            Map<String, BatchResult> r = e.getValue();
            if (!r.containsKey("java")) {
                continue;
            }
            double c = cReference(e.getKey(), r);
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s |\n", e.getKey().source(), e.getKey().pfns(),
                    e.getKey().batch(), batchRatio(r, "java", "cMerged"), batchRatio(r, "java", "cPerPage"),
                    c > 0 ? String.format(Locale.ROOT, "%.2fx", r.get("java").recordsPerSecond() / c) : "-"));
        }
        md.append('\n');
    }

    /** The most runs any result of {@code table} stands for. */
    private static int runs(Map<?, Map<String, BatchResult>> table) {
        return table.values().stream().flatMap(m -> m.values().stream()).mapToInt(BatchResult::runs).max().orElse(1);
    }

    /** "; medians of N runs" when the grid ran more than once, else nothing. */
    private static String medians(Map<?, Map<String, BatchResult>> table) {
        int n = runs(table);
        return n > 1 ? "; medians of " + n + " forks" : "";
    }

    /** The tables' note on repeated runs, or nothing for single runs. */
    private static String repeatNote(Map<?, Map<String, BatchResult>> table) {
        int n = runs(table);
        return n > 1 ? "Each path of a cell ran in " + n + " JMH forks (JMH's `-f` times `scripts/bench --repeat`; the grid whole after "
                + "whole, a cell's Java and C runs back to back each time): records/s is the median of a path's forks, each fork's "
                + "mean over its iterations, ± half their range, and the allocation the largest of them.\n\n" : "";
    }

    private static String batchRatio(Map<String, BatchResult> r, String java, String c) {
        if (!r.containsKey(java) || !r.containsKey(c)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2fx", r.get(java).recordsPerSecond() / r.get(c).recordsPerSecond());
    }

    /** The targets, each with its measured ratio and PASS, MISS or "not measured". */
    List<String> targets() {
        List<String> lines = new ArrayList<>();
        // 1. Java scan >= 0.9x the C word scan, everywhere measured
        double worst = Double.POSITIVE_INFINITY;
        String worstAt = "";
        double best = 0;
        for (Map.Entry<ScanKey, Map<String, double[]>> e : scans.entrySet()) {
            Map<String, double[]> r = e.getValue();
            if (r.containsKey("javaCollect") && r.containsKey("cWordCtz")) {
                double ratio = r.get("cWordCtz")[0] / r.get("javaCollect")[0];
                best = Math.max(best, ratio);
                if (ratio < worst) {
                    worst = ratio;
                    worstAt = describe(e.getKey());
                }
            }
        }
        lines.add(Double.isInfinite(worst) ? "scan, Java vs C word scan: not measured"
                : String.format(Locale.ROOT, "scan, Java vs C word scan >= %.1fx: %s (lowest %.2fx at %s, highest %.2fx)",
                SCAN_TARGET_VS_C, worst >= SCAN_TARGET_VS_C ? "PASS" : "MISS", worst, worstAt, best));
        // 2. at sparse densities (<= 0.01 %), Java still ahead of the C word scan. Xen's per-bit
        // loop stays in the tables as the reference it is; no loop can be 10x it at 1 TiB 1 %,
        // where handing the dirty pfns on costs more than reading the bitmap.
        worst = Double.POSITIVE_INFINITY;
        worstAt = "";
        for (Map.Entry<ScanKey, Map<String, double[]>> e : scans.entrySet()) {
            ScanKey k = e.getKey();
            Map<String, double[]> r = e.getValue();
            if (k.density() <= SPARSE_DENSITY && r.containsKey("javaCollect") && r.containsKey("cWordCtz")) {
                double ratio = r.get("cWordCtz")[0] / r.get("javaCollect")[0];
                if (ratio < worst) {
                    worst = ratio;
                    worstAt = describe(k);
                }
            }
        }
        lines.add(Double.isInfinite(worst) ? "scan, Java ahead of the C word scan at sparse densities (<= 0.01 %): not measured"
                : String.format(Locale.ROOT, "scan, Java ahead of the C word scan at sparse densities (<= 0.01 %%, > 1x): %s (lowest %.2fx at %s)",
                worst > 1 ? "PASS" : "MISS", worst, worstAt));
        // 3. Java batch throughput (the engine's merged buffers) >= 0.95x the better C writev path, every sink
        for (String sink : List.of("devnull", "pipe", "tcp", "file")) {
            PairedLow paired = lowestPaired(pairedWrites, k -> k.sink().equals(sink), k -> "batch " + k.batch());
            if (paired != null) {
                lines.add(String.format(Locale.ROOT, "batch to %s, Java (engine, merged pages) vs the C writev (merged runs), taking turns "
                        + "on one sink, >= %.2fx: %s (lowest %.2fx at %s; medians of up to %d iterations)", sink, BATCH_TARGET,
                        paired.ratio() >= BATCH_TARGET ? "PASS" : "MISS", paired.ratio(), paired.at(), paired.iterations()));
                continue; // the separate runs' ratios stay in the tables
            }
            double low = Double.POSITIVE_INFINITY;
            int lowAt = 0;
            double perPage = Double.POSITIVE_INFINITY;
            for (Map.Entry<BatchKey, Map<String, BatchResult>> e : batches.entrySet()) {
                Map<String, BatchResult> r = e.getValue();
                if (!e.getKey().sink().equals(sink) || !r.containsKey("javaMerged")) {
                    continue;
                }
                double c = Math.max(rate(r, "cMerged"), rate(r, "cPerPage"));
                if (c > 0) {
                    double ratio = r.get("javaMerged").recordsPerSecond() / c;
                    if (ratio < low) {
                        low = ratio;
                        lowAt = e.getKey().batch();
                    }
                }
                if (r.containsKey("javaPerPage") && r.containsKey("cPerPage")) {
                    perPage = Math.min(perPage, r.get("javaPerPage").recordsPerSecond() / r.get("cPerPage").recordsPerSecond());
                }
            }
            if (Double.isInfinite(low)) {
                continue;
            }
            String verdict = low >= BATCH_TARGET ? "PASS" : "MISS";
            lines.add(String.format(Locale.ROOT, "batch to %s, Java (engine, merged pages) vs the faster C writev path >= %.2fx: %s "
                    + "(lowest %.2fx at batch %d%s%s)", sink, BATCH_TARGET, verdict, low, lowAt,
                    Double.isInfinite(perPage) ? "" : String.format(Locale.ROOT, "; buffer per page vs iovec per page: lowest %.2fx", perPage),
                    medians(batches)));
        }
        // 4. about 0 bytes allocated per record by the Java writer
        double mergedMax = 0;
        double perPageMax = 0;
        int perPageBatch = 0;
        boolean any = false;
        for (Map.Entry<BatchKey, Map<String, BatchResult>> e : batches.entrySet()) {
            BatchResult m = e.getValue().get("javaMerged");
            if (m != null && !Double.isNaN(m.threadBytesPerRecord())) {
                mergedMax = Math.max(mergedMax, m.threadBytesPerRecord());
                any = true;
            }
            BatchResult p = e.getValue().get("javaPerPage");
            if (p != null && !Double.isNaN(p.threadBytesPerRecord()) && p.threadBytesPerRecord() > perPageMax) {
                perPageMax = p.threadBytesPerRecord();
                perPageBatch = e.getKey().batch();
            }
        }
        if (any) {
            lines.add(String.format(Locale.ROOT, "allocation of the Java writer, about 0 B/record: %s (merged pages: at most %.1f B/record; "
                    + "buffer per page: up to %.0f B/record at batch %d, %.1f B per page buffer)",
                    mergedMax < ALLOCATION_TARGET ? "PASS" : "MISS", mergedMax, perPageMax, perPageBatch,
                    perPageBatch == 0 ? 0 : perPageMax / perPageBatch));
        }
        restoreTargets(lines);
        return lines;
    }

    /** Issue 16 item 3: the Java receiver >= 0.95x the C readv receiver ({@link #cReference}), per source; 0 B per record. */
    private void restoreTargets(List<String> lines) {
        for (String source : List.of("pipe", "tcp")) {
            PairedLow paired = lowestPaired(pairedIterations, k -> k.source().equals(source), k -> k.pfns() + " batch " + k.batch());
            if (paired != null) {
                lines.add(String.format(Locale.ROOT, "receive from %s, Java (StreamReader, page sink, readInto) vs the C readv receiver, "
                        + "taking turns on one stream, >= %.2fx: %s (lowest %.2fx at %s; medians of up to %d iterations)", source,
                        BATCH_TARGET, paired.ratio() >= BATCH_TARGET ? "PASS" : "MISS", paired.ratio(), paired.at(), paired.iterations()));
                continue; // the separate runs' ratios stay in the tables
            }
            double low = Double.POSITIVE_INFINITY;
            String lowAt = "";
            for (Map.Entry<RestoreKey, Map<String, BatchResult>> e : restores.entrySet()) {
                Map<String, BatchResult> r = e.getValue();
                double c = cReference(e.getKey(), r);
                if (!e.getKey().source().equals(source) || !r.containsKey("java") || c == 0) {
                    continue;
                }
                double ratio = r.get("java").recordsPerSecond() / c;
                if (ratio < low) {
                    low = ratio;
                    lowAt = e.getKey().pfns() + " batch " + e.getKey().batch();
                }
            }
            if (!Double.isInfinite(low)) {
                lines.add(String.format(Locale.ROOT, "receive from %s, Java (StreamReader, page sink, readInto) vs the C readv receiver "
                        + ">= %.2fx: %s (lowest %.2fx at %s%s)", source, BATCH_TARGET, low >= BATCH_TARGET ? "PASS" : "MISS", low, lowAt,
                        medians(restores)));
            }
        }
        double worst = Double.NEGATIVE_INFINITY;
        double worstJava = 0;
        String worstAt = "";
        for (Map.Entry<RestoreKey, Map<String, BatchResult>> e : restores.entrySet()) {
            BatchResult j = e.getValue().get("java");
            if (j == null || Double.isNaN(j.threadBytesPerRecord())) {
                continue;
            }
            double harness = Double.POSITIVE_INFINITY; // the C receiver allocates nothing: its figure is the harness's
            for (String c : List.of("cMerged", "cPerPage")) {
                BatchResult b = e.getValue().get(c);
                if (b != null && !Double.isNaN(b.threadBytesPerRecord())) {
                    harness = Math.min(harness, b.threadBytesPerRecord());
                }
            }
            double excess = j.threadBytesPerRecord() - (Double.isInfinite(harness) ? 0 : harness);
            if (excess > worst) {
                worst = excess;
                worstJava = j.threadBytesPerRecord();
                RestoreKey k = e.getKey();
                worstAt = k.source() + " " + k.pfns() + " batch " + k.batch();
            }
        }
        if (!Double.isInfinite(worst)) {
            lines.add(String.format(Locale.ROOT, "allocation of the Java receiver, 0 B/record beyond the harness's own: %s "
                    + "(at most %.1f B/record more than the C receiver, at %s: %.1f B/record in all)",
                    worst < RESTORE_ALLOCATION_TARGET ? "PASS" : "MISS", Math.max(0, worst), worstAt, worstJava));
        }
    }

    /**
     * The C receiver's rate a cell's Java rate is judged against: the faster C path's median; with
     * strided pfns (no two pages of a record adjacent, so that merging finds nothing and both paths
     * make the same calls with the same iovecs) the median of both paths' runs together, since the
     * larger of two medians of one measurement is biased towards C. 0 without a C result.
     */
    private double cReference(RestoreKey key, Map<String, BatchResult> r) {
        if (RestoreFeed.stride(key.pfns()) == 1) {
            return Math.max(rate(r, "cMerged"), rate(r, "cPerPage"));
        }
        List<BatchResult> runs = new ArrayList<>();
        for (String path : List.of("cMerged", "cPerPage")) {
            runs.addAll(runsOf.getOrDefault(List.of(key, path), List.of()));
        }
        return runs.isEmpty() ? 0 : median(runs).recordsPerSecond();
    }

    private static double rate(Map<String, BatchResult> r, String path) {
        BatchResult b = r.get(path);
        return b == null ? 0 : b.recordsPerSecond();
    }

    private static String describe(ScanKey k) {
        return k.guest() + " " + k.pattern() + " " + k.percent() + " %";
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.3g", v).replace("e+0", "e").replace("e+", "e");
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 0.1 || a == 0) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private List<String> scanCharts(Path out) throws IOException {
        List<String> files = new ArrayList<>();
        TreeSet<String> patterns = new TreeSet<>();
        scans.keySet().forEach(k -> patterns.add(k.pattern()));
        for (String pattern : patterns) {
            XYChart chart = new XYChartBuilder().width(960).height(600)
                    .title("Bitmap scan cost against density (" + pattern + ")")
                    .xAxisTitle("dirty pages (% of the guest)").yAxisTitle("ns per 64-bit bitmap word").build();
            style(chart);
            chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
            int series = 0;
            TreeSet<Long> sizes = new TreeSet<>();
            scans.keySet().stream().filter(k -> k.pattern().equals(pattern)).forEach(k -> sizes.add(k.pfns()));
            for (String impl : SCAN_IMPLS) {
                for (long pfns : sizes) {
                    List<Double> x = new ArrayList<>();
                    List<Double> y = new ArrayList<>();
                    String guest = null;
                    for (Map.Entry<ScanKey, Map<String, double[]>> e : scans.entrySet()) {
                        ScanKey k = e.getKey();
                        if (k.pattern().equals(pattern) && k.pfns() == pfns && e.getValue().containsKey(impl)) {
                            x.add(k.density() * 100);
                            y.add(e.getValue().get(impl)[0] / k.words());
                            guest = k.guest();
                        }
                    }
                    if (x.isEmpty()) {
                        continue;
                    }
                    chart.addSeries(SCAN_NAMES.get(impl) + ", " + guest, x, y).setMarker(SeriesMarkers.CIRCLE);
                    series++;
                }
            }
            if (series > 0) {
                String name = "scan-cost-" + pattern + ".png";
                BitmapEncoder.saveBitmap(chart, out.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
                files.add(name);
            }
        }
        return files;
    }

    private List<String> batchCharts(Path out) throws IOException {
        List<String> files = new ArrayList<>();
        TreeSet<String> sinks = new TreeSet<>(Comparator.comparingInt(Report::sinkOrder));
        batches.keySet().forEach(k -> sinks.add(k.sink()));
        for (String sink : sinks) {
            XYChart chart = new XYChartBuilder().width(960).height(600)
                    .title("PAGE_DATA throughput against batch size (" + sink + ")")
                    .xAxisTitle("batch size (pages per record)").yAxisTitle("GB/s of page data").build();
            style(chart);
            chart.getStyler().setXAxisLogarithmic(true);
            int series = 0;
            for (String path : PATHS) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                for (Map.Entry<BatchKey, Map<String, BatchResult>> e : batches.entrySet()) {
                    BatchResult r = e.getValue().get(path);
                    if (e.getKey().sink().equals(sink) && r != null) {
                        x.add((double) e.getKey().batch());
                        y.add(r.recordsPerSecond() * e.getKey().batch() * GuestPages.PAGE_SIZE / 1e9);
                    }
                }
                if (!x.isEmpty()) {
                    chart.addSeries(PATH_NAMES.get(path), x, y).setMarker(SeriesMarkers.CIRCLE);
                    series++;
                }
            }
            if (series > 0) {
                String name = "batch-throughput-" + sink + ".png";
                BitmapEncoder.saveBitmap(chart, out.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
                files.add(name);
            }
        }
        return files;
    }

    private static void style(XYChart chart) {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
    }
}
