package io.livemig.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report generator on a small JMH JSON fixture: derived units, ratios, targets, files. */
class ReportTest {
    @TempDir
    Path tmp;

    private Path fixture() throws IOException {
        Path f = tmp.resolve("jmh-fixture.json");
        try (InputStream in = ReportTest.class.getResourceAsStream("/jmh-fixture.json")) {
            Files.copy(in, f);
        }
        return f;
    }

    /** What the report wrote: its targets and results.md. */
    private record Written(List<String> targets, String md) {
    }

    /** Writes the report's tables into tmp/out and reads them back. */
    private Written written(Report report) throws IOException {
        Path out = tmp.resolve("out");
        List<String> targets = report.write(out);
        return new Written(targets, Files.readString(out.resolve("results.md")));
    }

    /** A report of {@code files} (dirty pages counted by {@code dirty}), written and read back. */
    private Written written(ToLongFunction<Report.ScanKey> dirty, Path... files) throws IOException {
        Report report = new Report(dirty);
        for (Path f : files) {
            report.read(f);
        }
        return written(report);
    }

    @Test
    void derivesNanosecondsPerWordAndPerDirtyPageAndRatios() throws IOException {
        // 4 GiB = 2^20 pfns = 16384 words; pretend the bitmap holds 1024 dirty pages
        Written w = written(key -> 1024, fixture());
        // 4.096 ms per pass / 16384 words = 250 ns per word; / 1024 pages = 4000 ns per page
        assertTrue(w.md().contains("| 4GiB | uniform | 1 | 16384 | 1024 | 4096 | 4096 | 81920 | 250 | 250 | 5000 | 4000 | 4000 | 80000 | 1.00x | 20.00x |"), w.md());
        // 500 records/s of 1024 pages = 512000 pages/s = 2.097 GB/s; 20000 B/s / 500 records/s = 40 B/record
        assertTrue(w.md().contains("| tcp | 1024 | Java PageDataWriter, merged pages (engine) | 500 | 5.00 | 512000 | 2.097 | 40.0 | 313 |"), w.md());
        // C merged at 0.4 ops/ms = 400 records/s; Java 500 -> 1.25x; against per-page C 600 -> 0.83x
        assertTrue(w.md().contains("| tcp | 1024 | 1.25x | 0.83x | - |"), w.md());
        assertEquals(List.of(
                "scan, Java vs C word scan >= 0.9x: PASS (lowest 1.00x at 4GiB uniform 1 %, highest 1.00x)",
                "scan, Java ahead of the C word scan at sparse densities (<= 0.01 %): not measured",
                "batch to tcp, Java (engine, merged pages) vs the faster C writev path >= 0.95x: MISS (lowest 0.83x at batch 1024)",
                "allocation of the Java writer, about 0 B/record: MISS (merged pages: at most 40.0 B/record; buffer per page: up to 0 B/record at batch 0, 0.0 B per page buffer)"),
                w.targets());
        Path out = tmp.resolve("out");
        assertTrue(Files.size(out.resolve("results.json")) > 1000);
        assertTrue(Files.exists(out.resolve("scan-cost-uniform.png")), "scan chart");
        assertTrue(Files.exists(out.resolve("batch-throughput-tcp.png")), "batch chart");
        assertTrue(w.md().contains("![scan-cost-uniform.png](scan-cost-uniform.png)"), w.md());
    }

    @Test
    void rejectsFilesThatAreNotJmhJson() throws IOException {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"benchmark\": 1}");
        IOException e = assertThrows(IOException.class, () -> new Report(key -> 0).read(bad));
        assertEquals(bad + " is not JMH JSON: the top level is not an array", e.getMessage());
    }

    @Test
    void migrationBatchSizesStopAtXensMaximum() {
        assertEquals(List.of(64, 256, 1024), MigrationTuning.parseBatchSizes("64, 256,1024"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MigrationTuning.parseBatchSizes("64,4096"));
        assertTrue(e.getMessage().startsWith("--batch-sizes: 4096 is outside 1..1024 (Xen's MAX_BATCH_SIZE"), e.getMessage());
    }

    @Test
    void guestSizesAndDensitiesParse() {
        assertEquals(1L << 20, BitmapPatterns.pfnsOf("4GiB"));
        assertEquals(1L << 28, BitmapPatterns.pfnsOf("1TiB"));
        assertEquals(0.0001, BitmapPatterns.fractionOf("0.01"), 1e-12);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BitmapPatterns.pfnsOf("4GB"));
        assertEquals("guest size '4GB': expected a number and MiB, GiB or TiB, e.g. 4GiB", e.getMessage());
    }

    /** A writer result of one fork: records per second, no raw data. */
    private static String batchRun(String benchmark, String sink, int batch, String iov, double recordsPerSecond) {
        return """
                {"benchmark": "io.livemig.bench.%s.writeRecord", "mode": "thrpt",
                 "params": {"sink": "%s", "batch": "%d", "iov": "%s"},
                 "primaryMetric": {"score": %s, "scoreError": 1.0, "scoreUnit": "ops/s"},
                 "secondaryMetrics": {}}
                """.formatted(benchmark, sink, batch, iov, recordsPerSecond);
    }

    private static String restoreRun(String benchmark, String iov, double score, double records, double allocated) {
        return """
                {"benchmark": "io.livemig.bench.%s.readRecord", "mode": "thrpt",
                 "params": {"source": "pipe", "batch": "256", "pfns": "adjacent"%s},
                 "primaryMetric": {"score": %s, "scoreError": 10.0, "scoreUnit": "ops/s"},
                 "secondaryMetrics": {"records": {"score": %s}, "allocatedBytes": {"score": %s},
                                      "gc.alloc.rate.norm": {"score": 100.0}}}
                """.formatted(benchmark, iov == null ? "" : ", \"iov\": \"" + iov + "\"", score, records, allocated);
    }

    @Test
    void receiveRowsRatiosAndTargets() throws IOException {
        Path f = tmp.resolve("jmh-receive.json");
        Files.writeString(f, "[" + restoreRun("JavaRestoreBenchmark", null, 3000, 3000, 4500) + ","
                + restoreRun("CRestoreBenchmark", "merged", 3100, 3100, 1550) + ","
                + restoreRun("CRestoreBenchmark", "perPage", 2900, 2900, 1450) + "]");
        Written w = written(key -> 0, f);
        // 3000 records/s of 256 pages = 768000 pages/s = 3.146 GB/s; 4500 B/s / 3000 records/s = 1.5 B/record
        assertTrue(w.md().contains("| pipe | adjacent | 256 | Java StreamReader + page sink + readInto (engine) | 3000 | 10.0 | 768000 | 3.146 | 1.50 | 100 |"), w.md());
        // Java 3000 against C merged 3100 (0.97x) and per-page 2900 (1.03x); the faster C is 3100
        assertTrue(w.md().contains("| pipe | adjacent | 256 | 0.97x | 1.03x | 0.97x |"), w.md());
        assertTrue(w.targets().contains("receive from pipe, Java (StreamReader, page sink, readInto) vs the C readv receiver >= 0.95x: "
                + "PASS (lowest 0.97x at adjacent batch 256)"), w.targets().toString());
        // 1.5 B/record against the C receiver's 0.5: one byte per record beyond the harness is not 0
        assertTrue(w.targets().contains("allocation of the Java receiver, 0 B/record beyond the harness's own: MISS "
                + "(at most 1.0 B/record more than the C receiver, at pipe adjacent batch 256: 1.5 B/record in all)"), w.targets().toString());
    }

    @Test
    void repeatedRunsOfACellAreJudgedOnTheirMediansAndTheirLargestAllocation() throws IOException {
        // three runs of the grid: Java 3000 / 3300 / 2800, C merged 3100 / 3000 / 2900 (the last run alone:
        // 0.97x); Java allocates 0 B/record in two runs and 1.5 in one, C 0.5 in all
        double[] java = {3000, 3300, 2800};
        double[] c = {3100, 3000, 2900};
        Report report = new Report(key -> 0);
        for (int k = 0; k < 3; k++) {
            Path f = tmp.resolve("jmh-receive-r" + (k + 1) + ".json");
            Files.writeString(f, "[" + restoreRun("JavaRestoreBenchmark", null, java[k], java[k], k == 1 ? 1.5 * java[k] : 0) + ","
                    + restoreRun("CRestoreBenchmark", "merged", c[k], c[k], c[k] / 2) + "]");
            report.read(f);
        }
        Written w = written(report);
        // medians 3000 and 3000: 1.00x; the Java error is (3300 - 2800) / 2
        assertTrue(w.md().contains("| pipe | adjacent | 256 | Java StreamReader + page sink + readInto (engine) | 3000 | 250 | 768000 | 3.146 | 1.50 | 100 |"), w.md());
        assertTrue(w.md().contains("| pipe | adjacent | 256 | 1.00x | - | 1.00x |"), w.md());
        assertTrue(w.md().contains("Each path of a cell ran in 3 JMH forks"), w.md());
        assertTrue(w.targets().contains("receive from pipe, Java (StreamReader, page sink, readInto) vs the C readv receiver >= 0.95x: "
                + "PASS (lowest 1.00x at adjacent batch 256; medians of 3 forks)"), w.targets().toString());
        assertTrue(w.targets().stream().anyMatch(t -> t.startsWith("allocation of the Java receiver, 0 B/record beyond the harness's own: MISS")),
                w.targets().toString());
    }

    /** A receive result of several forks: {@code rates[f]} records/s in each of fork f's two iterations. */
    private static String forkedRestoreRun(String benchmark, String iov, String pfns, double[] rates, double[] bytesPerRecord) {
        StringBuilder primary = new StringBuilder();
        StringBuilder records = new StringBuilder();
        StringBuilder allocated = new StringBuilder();
        for (int f = 0; f < rates.length; f++) {
            String sep = f == 0 ? "" : ",";
            primary.append(sep).append("[%s, %s]".formatted(rates[f] - 5, rates[f] + 5));
            records.append(sep).append("[%s, %s]".formatted(rates[f], rates[f]));
            allocated.append(sep).append("[%s, %s]".formatted(rates[f] * bytesPerRecord[f], rates[f] * bytesPerRecord[f]));
        }
        return """
                {"benchmark": "io.livemig.bench.%s.readRecord", "mode": "thrpt",
                 "params": {"source": "tcp", "batch": "64", "pfns": "%s"%s},
                 "primaryMetric": {"score": 1.0, "scoreError": 1.0, "scoreUnit": "ops/s", "rawData": [%s]},
                 "secondaryMetrics": {"records": {"score": 1.0, "rawData": [%s]}, "allocatedBytes": {"score": 1.0, "rawData": [%s]}}}
                """.formatted(benchmark, pfns, iov == null ? "" : ", \"iov\": \"" + iov + "\"", primary, records, allocated);
    }

    @Test
    void eachForkOfAResultIsARunOfItsOwn() throws IOException {
        // one result of three forks: the median is the middle fork's mean, the allocation the largest fork's
        Path f = tmp.resolve("jmh-receive.json");
        Files.writeString(f, "[" + forkedRestoreRun("JavaRestoreBenchmark", null, "adjacent", new double[] {2000, 3000, 2600},
                new double[] {0, 2, 0}) + "," + forkedRestoreRun("CRestoreBenchmark", "merged", "adjacent", new double[] {2500, 2700, 2600},
                new double[] {0, 0, 0}) + "]");
        Written w = written(key -> 0, f);
        // Java's median 2600 (not JMH's score of 1), ± (3000 - 2000) / 2; 2600 / 2600 = 1.00x
        assertTrue(w.md().contains("| tcp | adjacent | 64 | Java StreamReader + page sink + readInto (engine) | 2600 | 500 | 166400 | "), w.md());
        assertTrue(w.md().contains("| tcp | adjacent | 64 | 1.00x | - | 1.00x |"), w.md());
        assertTrue(w.md().contains("Each path of a cell ran in 3 JMH forks"), w.md());
        assertTrue(w.targets().contains("allocation of the Java receiver, 0 B/record beyond the harness's own: MISS "
                + "(at most 2.0 B/record more than the C receiver, at tcp adjacent batch 64: 2.0 B/record in all)"), w.targets().toString());
    }

    @Test
    void withStridedPfnsJavaIsJudgedAgainstBothCPathsRunsTogether() throws IOException {
        // C merged 900 / 1100 / 1120 (median 1100) and per-page 950 / 1000 / 1060 (median 1000): with
        // adjacent pfns the faster path's median, 1100, is the reference (Java's 1000: 0.91x); with
        // strided pfns the two paths are one measurement, whose six runs have the median 1030 (0.97x)
        double[] java = {990, 1000, 1010};
        double[] merged = {900, 1100, 1120};
        double[] perPage = {950, 1000, 1060};
        double[] none = {0, 0, 0};
        StringBuilder runs = new StringBuilder("[");
        for (String pfns : List.of("adjacent", "strided")) {
            runs.append(pfns.equals("adjacent") ? "" : ",")
                    .append(forkedRestoreRun("JavaRestoreBenchmark", null, pfns, java, none)).append(',')
                    .append(forkedRestoreRun("CRestoreBenchmark", "merged", pfns, merged, none)).append(',')
                    .append(forkedRestoreRun("CRestoreBenchmark", "perPage", pfns, perPage, none));
        }
        Path f = tmp.resolve("jmh-receive.json");
        Files.writeString(f, runs.append(']').toString());
        Written w = written(key -> 0, f);
        assertTrue(w.md().contains("| tcp | adjacent | 64 | 0.91x | 1.00x | 0.91x |"), w.md());
        assertTrue(w.md().contains("| tcp | strided | 64 | 0.91x | 1.00x | 0.97x |"), w.md());
        assertTrue(w.targets().contains("receive from tcp, Java (StreamReader, page sink, readInto) vs the C readv receiver >= 0.95x: "
                + "MISS (lowest 0.91x at adjacent batch 64; medians of 3 forks)"), w.targets().toString());
    }

    /** A paired receive result: per fork, per iteration, each reader's records in 0.5 s of its reading time. */
    private static String pairedRun(String pfns, int batch, double[][] javaRecords, double[][] cRecords) {
        return pairedResult("PairedRestoreBenchmark.readRecord", "\"source\": \"tcp\", \"batch\": \"%d\", \"pfns\": \"%s\"".formatted(batch, pfns),
                javaRecords, cRecords);
    }

    /** A paired result of {@code benchmark} with {@code params}: per fork, per iteration, each side's records in 0.5 s of its own time. */
    private static String pairedResult(String benchmark, String params, double[][] javaRecords, double[][] cRecords) {
        StringBuilder jr = new StringBuilder();
        StringBuilder cr = new StringBuilder();
        StringBuilder nanos = new StringBuilder();
        for (int f = 0; f < javaRecords.length; f++) {
            String sep = f == 0 ? "" : ",";
            jr.append(sep).append(Arrays.toString(javaRecords[f]));
            cr.append(sep).append(Arrays.toString(cRecords[f]));
            double[] n = new double[javaRecords[f].length];
            Arrays.fill(n, 5e8);
            nanos.append(sep).append(Arrays.toString(n));
        }
        return """
                {"benchmark": "io.livemig.bench.%s", "mode": "thrpt",
                 "params": {%s},
                 "primaryMetric": {"score": 1.0, "scoreError": 1.0, "scoreUnit": "ops/s"},
                 "secondaryMetrics": {"javaRecords": {"score": 1.0, "rawData": [%s]}, "javaNanos": {"score": 1.0, "rawData": [%s]},
                                      "cRecords": {"score": 1.0, "rawData": [%s]}, "cNanos": {"score": 1.0, "rawData": [%s]}}}
                """.formatted(benchmark, params, jr, nanos, cr, nanos);
    }

    @Test
    void pairedTurnsDecideTheReceiveTargetOnTheMedianOfTheirIterationsRatios() throws IOException {
        // strided 64: two forks of three iterations; ratios 0.96, 0.90, 1.00 | 0.98, 0.97, 1.10: median 0.975 (0.98x).
        // adjacent 64: ratios 0.94, 0.92, 0.93: median 0.93, the lowest. The separate runs (0.50x) do not decide.
        Path f = tmp.resolve("jmh-receive-paired.json");
        Files.writeString(f, "[" + pairedRun("strided", 64, new double[][] {{960, 900, 1000}, {980, 970, 1100}},
                new double[][] {{1000, 1000, 1000}, {1000, 1000, 1000}}) + ","
                + pairedRun("adjacent", 64, new double[][] {{940, 920, 930}}, new double[][] {{1000, 1000, 1000}}) + ","
                + forkedRestoreRun("JavaRestoreBenchmark", null, "strided", new double[] {500, 500}, new double[] {0, 0}) + ","
                + forkedRestoreRun("CRestoreBenchmark", "perPage", "strided", new double[] {1000, 1000}, new double[] {0, 0}) + "]");
        Written w = written(key -> 0, f);
        // 975 records in 0.5 s = 1950 records/s (median of Java's 1800..2200), C 2000; quartiles 0.96 and 1.00
        assertTrue(w.md().contains("| tcp | strided | 64 | 6 | 1950 | 2000 | 0.98x | 0.96-1.00 |"), w.md());
        assertTrue(w.md().contains("| tcp | adjacent | 64 | 3 | 1860 | 2000 | 0.93x | 0.92-0.94 |"), w.md());
        assertTrue(w.md().contains("| tcp | strided | 64 | - | 0.50x | 0.50x |"), w.md());
        assertTrue(w.targets().contains("receive from tcp, Java (StreamReader, page sink, readInto) vs the C readv receiver, taking turns on "
                + "one stream, >= 0.95x: MISS (lowest 0.93x at adjacent batch 64; medians of up to 6 iterations)"), w.targets().toString());
    }

    @Test
    void pairedWritersDecideTheSendTargetOfTheirSinkOnTheMedianOfTheirIterationsRatios() throws IOException {
        // tcp 64: ratios 0.97, 0.95 | 0.99 (two forks): median 0.97, the separate runs (0.50x) do not decide for tcp;
        // pipe has no paired cell: its verdict stays the separate runs' (1.00x)
        Path f = tmp.resolve("jmh-batch-paired.json");
        Files.writeString(f, "[" + pairedResult("PairedBatchBenchmark.writeRecord", "\"sink\": \"tcp\", \"batch\": \"64\"",
                new double[][] {{970, 950}, {990}}, new double[][] {{1000, 1000}, {1000}}) + ","
                + pairedResult("PairedBatchBenchmark.writeRecord", "\"sink\": \"tcp\", \"batch\": \"256\"",
                new double[][] {{1100}}, new double[][] {{1000}}) + ","
                + batchRun("JavaBatchBenchmark", "tcp", 64, "merged", 500) + ","
                + batchRun("CBatchBenchmark", "tcp", 64, "merged", 1000) + ","
                + batchRun("JavaBatchBenchmark", "pipe", 64, "merged", 1000) + ","
                + batchRun("CBatchBenchmark", "pipe", 64, "merged", 1000) + "]");
        Written w = written(key -> 0, f);
        assertTrue(w.md().contains("| tcp | 64 | 3 | 1940 | 2000 | 0.97x | 0.95-0.99 |"), w.md());
        assertTrue(w.md().contains("| tcp | 256 | 1 | 2200 | 2000 | 1.10x | 1.10-1.10 |"), w.md());
        assertTrue(w.targets().contains("batch to tcp, Java (engine, merged pages) vs the C writev (merged runs), taking turns on one "
                + "sink, >= 0.95x: PASS (lowest 0.97x at batch 64; medians of up to 3 iterations)"), w.targets().toString());
        assertTrue(w.targets().stream().anyMatch(t -> t.startsWith("batch to pipe, Java (engine, merged pages) vs the faster C writev path "
                + ">= 0.95x: PASS (lowest 1.00x at batch 64")), w.targets().toString());
    }

    @Test
    void aPairedResultWithoutRawCountersIsRefusedNamingTheFileAndCounter() throws IOException {
        Path f = tmp.resolve("jmh-receive-paired.json");
        Files.writeString(f, "[" + pairedRun("strided", 64, new double[][] {{1}}, new double[][] {{1}}).replace(
                "\"cNanos\": {\"score\": 1.0, \"rawData\": [[5.0E8]]}", "\"cNanos\": {\"score\": 1.0}") + "]");
        IOException e = assertThrows(IOException.class, () -> new Report(key -> 0).read(f));
        assertEquals(f + ": a paired result has no raw data for the counter 'cNanos'", e.getMessage());
    }

    @Test
    void theMedianOfAnEvenNumberOfRunsIsTheMeanOfTheMiddleTwo() {
        Report.BatchResult m = Report.median(List.of(new Report.BatchResult(10, 1, 0, 0), new Report.BatchResult(40, 1, 2, 0),
                new Report.BatchResult(20, 1, 0, 5), new Report.BatchResult(30, 1, 0, 0)));
        assertEquals(25, m.recordsPerSecond());
        assertEquals(15, m.error());
        assertEquals(2, m.threadBytesPerRecord());
        assertEquals(5, m.gcAllocNorm());
        assertEquals(4, m.runs());
    }
}
