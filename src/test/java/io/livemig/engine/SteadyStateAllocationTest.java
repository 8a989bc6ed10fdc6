package io.livemig.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.livemig.backend.sim.SimDestination;
import io.livemig.backend.sim.SimDomain;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.policy.Decision;
import io.livemig.posix.Libc;
import io.livemig.transport.FdChannel;
import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The send and receive loops allocate nothing per page or per batch: a save (and a restore) of
 * a guest eight times larger allocates no more than a small constant more. The save runs with
 * the measurements and a bandwidth limit that waits after every batch (on a manual clock, so the
 * waits take no real time).
 */
class SteadyStateAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Allowance for the per-save constant part that differs between runs (JIT, logging). */
    private static final long SLACK = 64 << 10;
    /** Batch size of the per-record check: small records, many of them. */
    private static final int SMALL_BATCH = 16;

    @TempDir
    Path tmp;

    /**
     * The engine's log lines (a few per round) are not what is measured, but the test harness
     * captures them on the logging thread, in buffers that grow now and then: 100 KB in one save
     * and not the next. So the measurements run with the engine's logging at WARN.
     */
    @BeforeEach
    void quietLogging() {
        engineLevel = LogManager.getLogger("io.livemig").getLevel();
        Configurator.setLevel("io.livemig", Level.WARN);
    }

    @AfterEach
    void restoreLogging() {
        Configurator.setLevel("io.livemig", engineLevel);
    }

    private Level engineLevel;

    @Test
    void savingMoreBatchesAllocatesNothingMore() throws Exception {
        saveAllocations(2048); // warm up the code paths and the JIT
        saveAllocations(2048);
        long small = saveAllocations(4096);
        long large = saveAllocations(8 * 4096);
        // 28672 more pages = 28 more PAGE_DATA batches, each with a progress report to a listener
        assertTrue(large - small < SLACK, "allocated " + small + " B for 4096 pages, " + large + " B for 32768 pages");
    }

    /**
     * The record path itself, through the FFM writev of {@link FdChannel}: with 16-page records,
     * 28672 more pages are 1792 more PAGE_DATA records, and the two saves must allocate the same
     * to within 2 B per record (the JDK's channels allocated 40 B per record inside IOUtil, the
     * linker's errno capture 40 B per call when the JIT did not remove it). Nothing here waits for
     * the JIT: the path makes no object at all, so the figure holds interpreted, under C1 (the
     * suite runs this class once more with C1 alone, which has no escape analysis) and under C2.
     * The first saves carry one-time costs (class loading, linking the downcalls: over 1 MB) larger
     * than a per-record allocation would add, so they are not measured; each size is then measured
     * three times and the least counts (a one-time cost lands in one measurement, a per-record one
     * in all), and the check is two-sided: a smaller figure for the larger save is no pass either.
     */
    @Test
    void aRecordAllocatesNothing() throws Exception {
        long records = (8 * 4096 - 4096) / SMALL_BATCH;
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            saveAllocations(4096, SMALL_BATCH);
            saveAllocations(8 * 4096, SMALL_BATCH);
        }
        long small = Long.MAX_VALUE;
        long large = Long.MAX_VALUE;
        for (int attempt = 0; attempt < 3; attempt++) {
            small = Math.min(small, saveAllocations(4096, SMALL_BATCH));
            large = Math.min(large, saveAllocations(8 * 4096, SMALL_BATCH));
        }
        if (Math.abs(large - small) >= 2 * records) {
            String failure = "allocated " + small + " B for 4096 pages, " + large + " B for 32768 pages: " + (large - small)
                    + " B for " + records + " more records";
            if (!withoutTlabs()) {
                fail(failure + " (the suite's C1 execution of this test, without TLABs, names the sites)");
            }
            fail(failure + "; the sites whose allocations differ, larger save minus smaller:\n"
                    + differingSites(allocationSites(() -> saveAllocations(8 * 4096, SMALL_BATCH)),
                            allocationSites(() -> saveAllocations(4096, SMALL_BATCH))));
        }
    }

    /**
     * A full pipe: each 256 KiB record through a 64 KiB non-blocking pipe fails with EAGAIN and
     * waits at least three times, and its reader finds the pipe empty as often; 960 more records
     * must cost neither side more than 2 B per record (a capturing call per wait was 40 B). Each
     * size is measured three times and the least counts: a one-time cost (the first use of a rare
     * path links its downcall, 64 KB once in one CI run) lands in one measurement, a cost per
     * record or per wait in all of them.
     */
    @Test
    void waitingOnAFullOrEmptyPipeAllocatesNothing() throws Exception {
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            pipeAllocations(64);
        }
        long[] small = {Long.MAX_VALUE, Long.MAX_VALUE};
        long[] large = {Long.MAX_VALUE, Long.MAX_VALUE};
        for (int attempt = 0; attempt < 3; attempt++) {
            long[] s = pipeAllocations(64);
            long[] l = pipeAllocations(1024);
            for (int side = 0; side < 2; side++) {
                small[side] = Math.min(small[side], s[side]);
                large[side] = Math.min(large[side], l[side]);
            }
        }
        long records = 1024 - 64;
        assertTrue(Math.abs(large[0] - small[0]) < 2 * records && Math.abs(large[1] - small[1]) < 2 * records,
                "least allocated by the writer: " + small[0] + " B for 64 records, " + large[0] + " B for 1024; by the reader "
                        + small[1] + " B and " + large[1] + " B");
    }

    /** {writer's, reader's} bytes allocated while {@code records} records of 256 KiB go through a pipe. */
    private static long[] pipeAllocations(int records) throws Exception {
        FdChannel[] pipe = FdChannel.pipe();
        try (FdChannel in = pipe[0]; FdChannel out = pipe[1]; Arena arena = Arena.ofConfined()) {
            java.nio.ByteBuffer record = arena.allocate(256 << 10, 4096).asByteBuffer();
            long[] reader = new long[2]; // bytes read, bytes allocated
            Thread drain = Thread.ofPlatform().start(() -> {
                java.nio.ByteBuffer into = java.nio.ByteBuffer.allocateDirect(32 << 10);
                java.nio.ByteBuffer[] one = {into};
                long before = THREADS.getCurrentThreadAllocatedBytes();
                try {
                    long n;
                    while ((n = in.read(one, 0, 1)) > 0) {
                        reader[0] += n;
                        into.clear();
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                reader[1] = THREADS.getCurrentThreadAllocatedBytes() - before;
            });
            java.nio.ByteBuffer[] one = {record};
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < records; i++) {
                record.clear();
                while (record.hasRemaining()) {
                    out.write(one, 0, 1);
                }
            }
            long writer = THREADS.getCurrentThreadAllocatedBytes() - before;
            out.close();
            drain.join();
            assertEquals((long) records << 18, reader[0]);
            return new long[] {writer, reader[1]};
        }
    }

    private static String differingSites(java.util.Map<String, Long> large, java.util.Map<String, Long> small) {
        java.util.Map<String, Long> difference = new java.util.HashMap<>(large);
        small.forEach((site, bytes) -> difference.merge(site, -bytes, Long::sum));
        StringBuilder out = new StringBuilder();
        difference.entrySet().stream().filter(e -> e.getValue() != 0)
                .sorted(java.util.Comparator.comparing(e -> -Math.abs(e.getValue()))).limit(8)
                .forEach(e -> out.append(e.getValue()).append(" B  ").append(e.getKey()).append('\n'));
        return out.toString();
    }

    private static boolean withoutTlabs() {
        return ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                .getVMOption("UseTLAB").getValue().equals("false");
    }

    /**
     * Bytes by allocation site (class and the frames below this test) on this thread while
     * {@code action} runs, from JFR: a failure's evidence. Without TLABs every object is an event.
     */
    private static java.util.Map<String, Long> allocationSites(java.util.concurrent.Callable<?> action) throws Exception {
        long thread = Thread.currentThread().threadId();
        java.util.Map<String, Long> weightBySite = new java.util.HashMap<>();
        try (jdk.jfr.Recording recording = new jdk.jfr.Recording()) {
            recording.enable("jdk.ObjectAllocationOutsideTLAB").withStackTrace();
            recording.start();
            action.call();
            recording.stop();
            Path dump = Files.createTempFile("allocation", ".jfr");
            try {
                recording.dump(dump);
                for (jdk.jfr.consumer.RecordedEvent e : jdk.jfr.consumer.RecordingFile.readAllEvents(dump)) {
                    if (e.getThread() == null || e.getThread().getJavaThreadId() != thread || e.getStackTrace() == null) {
                        continue;
                    }
                    StringBuilder site = new StringBuilder(e.getClass("objectClass").getName());
                    var frames = e.getStackTrace().getFrames();
                    for (int i = 0; i < Math.min(8, frames.size()); i++) {
                        var m = frames.get(i).getMethod();
                        if (m.getType().getName().equals(SteadyStateAllocationTest.class.getName())) {
                            break; // the same site, whichever of this class's calls led there
                        }
                        site.append("\n    at ").append(m.getType().getName()).append('.').append(m.getName())
                                .append(':').append(frames.get(i).getLineNumber());
                    }
                    weightBySite.merge(site.toString(), e.getLong("allocationSize"), Long::sum);
                }
            } finally {
                Files.deleteIfExists(dump);
            }
        }
        return weightBySite;
    }

    @Test
    void restoringMoreBatchesAllocatesNothingMore() throws Exception {
        Path smallStream = stream(4096);
        Path largeStream = stream(8 * 4096);
        restoreAllocations(smallStream);
        restoreAllocations(smallStream);
        long small = restoreAllocations(smallStream);
        long large = restoreAllocations(largeStream);
        assertTrue(large - small < SLACK, "allocated " + small + " B for 4096 pages, " + large + " B for 32768 pages");
    }

    private long saveAllocations(long pages) throws Exception {
        return saveAllocations(pages, SaveOptions.defaults().batchSize());
    }

    private long saveAllocations(long pages, int batch) throws Exception {
        try (SimDomain src = SimDomainConfig.builder().pages(pages).create();
             FdChannel devNull = FdChannel.open(Path.of("/dev/null"), Libc.O_WRONLY, 0)) {
            ManualClock clock = new ManualClock();
            SaveOptions options = SaveOptions.builder().policy(stats -> Decision.STOP_AND_COPY).batchSize(batch)
                    .maxBandwidth(64 << 20).clock(clock)
                    .listener(new SaveListener() {
                        @Override
                        public void pagesSent(int iteration, long sentInRound, long dirtyPages) {
                            progress += sentInRound;
                        }
                    }).build();
            long before = THREADS.getCurrentThreadAllocatedBytes();
            SaveResult r = new SaveEngine(src, devNull, options).save();
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            assertEquals(pages, r.pagesSent());
            assertTrue(clock.slept >= (pages * 4096 - RateLimiter.defaultBurst(64 << 20)) * 1_000_000_000L / (64 << 20),
                    "the limiter waited " + clock.slept + " ns");
            return allocated;
        }
    }

    private long progress;

    private Path stream(long pages) throws Exception {
        Path file = Files.createTempFile(tmp, "stream", ".bin");
        try (SimDomain src = SimDomainConfig.builder().pages(pages).prefill(true).create();
             FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
            new SaveEngine(src, out, SaveOptions.builder().policy(stats -> Decision.STOP_AND_COPY).build()).save();
        }
        return file;
    }

    private long restoreAllocations(Path stream) throws Exception {
        try (SimDestination dst = SimDomainConfig.builder().pages(8 * 4096).createDestination();
             FileChannel in = FileChannel.open(stream)) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            new RestoreEngine(dst, true).restore(in);
            return THREADS.getCurrentThreadAllocatedBytes() - before;
        }
    }
}
