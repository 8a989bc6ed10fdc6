package io.livemig.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.sim.MemoryDigest;
import io.livemig.backend.sim.SimDestination;
import io.livemig.backend.sim.SimDomain;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.engine.RestoreEngine;
import io.livemig.engine.RestoreResult;
import io.livemig.engine.RoundStats;
import io.livemig.engine.SaveEngine;
import io.livemig.engine.SaveListener;
import io.livemig.engine.SaveOptions;
import io.livemig.engine.SaveResult;
import io.livemig.policy.PrecopyPolicy;
import io.livemig.testing.RequiredTool;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/xen-lab.d/stream-digest.c, the C reader written apart from the Java one, computes the
 * same memory digest as the Java side for streams livemig writes: live saves with pages re-sent
 * in later rounds (libxc, libxl and xl framing), holes and deferred pages, and a hand-made stream
 * with every page type, a high pfn, zero pages, VERIFY and records to skip. Its CRC32C and
 * SHA-256 are checked against the JDK's, and a truncated or oversized stream fails with one line
 * naming the record and offset.
 */
class IndependentDigestTest {
    private static final Path SOURCE = Path.of("scripts/xen-lab.d/stream-digest.c");
    private static final long PAGES = 4096; // 16 MiB
    /** Pages the test writes after each live round, besides the guest's writers. */
    private static final int DIRTIED_PER_ROUND = 60;
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @TempDir
    static Path bin;
    private static Path tool;

    @TempDir
    Path tmp;

    @BeforeAll
    static void compile() throws Exception {
        tool = bin.resolve("stream-digest");
        RequiredTool.require(RequiredTool.GCC, RequiredTool.LIBC_DEV);
        List<String> command = List.of(RequiredTool.GCC.path().toString(), "-std=c11", "-O2", "-Wall", "-Wextra", "-Werror", "-static",
                "-o", tool.toString(), SOURCE.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "gcc did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
    }

    // ---------------------------------------------------------------- the algorithms

    @Test
    void selfTestAgreesWithTheJdksCrc32cAndSha256() throws Exception {
        Run r = run(List.of("--self-test"), null);
        assertEquals(0, r.exit, r.stdout + r.stderr);
        List<String> expected = List.of(
                "crc32c \"123456789\" " + crc32c("123456789".getBytes(StandardCharsets.US_ASCII)) + " ok",
                "crc32c \"The quick brown fox jumps over the lazy dog\" "
                        + crc32c("The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII)) + " ok",
                "crc32c zero page " + crc32c(new byte[4096]),
                "sha256 \"\" " + sha256(new byte[0]) + " ok",
                "sha256 \"abc\" " + sha256("abc".getBytes(StandardCharsets.US_ASCII)) + " ok",
                "sha256 \"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq\" "
                        + sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".getBytes(StandardCharsets.US_ASCII)) + " ok",
                "sha256 1000000 x \"a\" " + sha256("a".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII)) + " ok");
        assertEquals(expected, r.stdout.lines().toList());
    }

    // ---------------------------------------------------------------- saves of simulated guests

    @Test
    void liveLibxcSaveWithPagesResentInLaterRounds() throws Exception {
        Saved s = saveAndRestore(SimDomainConfig.builder().workload("hotset:rate=100000,seed=5"), Framing.LIBXC, 5);
        // the test's own 60 pages a round keep Xen's policy (stop under 50 dirty) going to its cap of 5 rounds
        assertEquals(5, s.saved.liveRounds());
        assertTrue(s.saved.pagesSent() >= PAGES + 5 * DIRTIED_PER_ROUND, "pages re-sent in later rounds: " + s.saved.pagesSent());
        Run r = run(List.of(s.file.toString()), null);
        assertDigest(s, r, "libxc", PAGES);
    }

    @Test
    void libxlFramedSaveReadFromStdin() throws Exception {
        Saved s = saveAndRestore(SimDomainConfig.builder().workload("uniform:rate=50000,seed=6"), Framing.LIBXL, 6);
        assertTrue(s.saved.liveRounds() >= 2, "live rounds: " + s.saved.liveRounds());
        Run r = run(List.of("-"), s.file);
        assertDigest(s, r, "libxl", PAGES);
    }

    @Test
    void xlSaveFile() throws Exception {
        Saved s = saveAndRestore(SimDomainConfig.builder().workload("sweep:rate=20000,seed=7"), Framing.XL, 7);
        Run r = run(List.of(s.file.toString()), null);
        assertDigest(s, r, "xl", PAGES);
    }

    @Test
    void holesAndDeferredPages() throws Exception {
        // holes go out as XTAB every round; deferred pfns as XTAB until the final pass
        Saved s = saveAndRestore(SimDomainConfig.builder().workload("uniform:rate=50000,seed=8").holes(0, 3, 700, PAGES - 1)
                .deferred(1, 7, 1050), Framing.LIBXC, 8);
        Run r = run(List.of(s.file.toString()), null);
        assertDigest(s, r, "libxc", PAGES - 4);
    }

    private enum Framing { LIBXC, LIBXL, XL }

    private record Saved(Path file, SaveResult saved, RestoreResult restored, String sourceDigest) {
    }

    /**
     * Saves a prefilled 16 MiB guest whose writers run (plus {@link #DIRTIED_PER_ROUND} pages the
     * test writes after each live round, so later rounds re-send pages whatever the scheduler
     * does), restores the file
     * into a second simulated domain, and checks the Java side agrees with itself.
     */
    private Saved saveAndRestore(SimDomainConfig.Builder config, Framing framing, long seed) throws Exception {
        Path file = tmp.resolve("stream-" + framing);
        try (SimDomain src = config.name("source").pages(PAGES).seed(seed).prefill(true).create();
             SimDestination dst = SimDomainConfig.builder().name("destination").pages(PAGES).createDestination()) {
            Random random = new Random(seed);
            SaveListener dirtier = new SaveListener() {
                @Override
                public void roundFinished(RoundStats round) {
                    if (round.live()) {
                        long first = 16 + random.nextLong(PAGES - 2048);
                        for (int i = 0; i < DIRTIED_PER_ROUND; i++) {
                            if (Arrays.binarySearch(src.config().holes(), first + i) < 0) {
                                src.write(first + i, 8 * random.nextInt(512), random.nextLong() | 1);
                            }
                        }
                    }
                }
            };
            SaveOptions options = SaveOptions.builder().policy(PrecopyPolicy.xenDefault()).libxlFraming(framing != Framing.LIBXC)
                    .listener(dirtier).build();
            SaveResult saved;
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                if (framing == Framing.XL) {
                    out.write(XlSaveHeader.forConfig("{\"c_info\": {\"name\": \"source\"}}".getBytes(StandardCharsets.UTF_8), true)
                            .encode());
                }
                saved = new SaveEngine(src, out, options).save();
            }
            RestoreResult restored;
            try (FileChannel in = FileChannel.open(file)) {
                restored = new RestoreEngine(dst, true).restore(in);
            }
            String sourceDigest = src.sourceDigest();
            assertEquals(sourceDigest, dst.destinationDigest(), "the Java side: destination digest against the source's at suspend");
            assertNotEquals(EMPTY_SHA256, sourceDigest);
            return new Saved(file, saved, restored, sourceDigest);
        }
    }

    private static void assertDigest(Saved s, Run r, String framing, long pfnsWithData) {
        assertEquals(0, r.exit, r.stderr);
        assertEquals(s.sourceDigest + "\n", r.stdout, "C digest against the source's digest at suspend");
        assertEquals(List.of(s.restored.records() + " records, " + s.saved.pagesSent() + " pages (" + pfnsWithData
                + " distinct pfns with data), framing " + framing), r.stderr.lines().toList());
    }

    // ---------------------------------------------------------------- a hand-made stream

    /**
     * A libxl stream written with the project's writers: NOTAB, L1TAB and pinned L4TAB pages,
     * XTAB / XALLOC / BROKEN entries (no data; they leave a pfn as it was), pfn 0xfeffc (HVM
     * special pages below 4 GiB), pages re-sent with new content, a page re-sent as zeros (it
     * leaves the digest), an unknown optional record, a VERIFY record after which pages are
     * compared, not written, and a libxl record after the libxc END. Expected: the digest of the
     * final pages as {@link MemoryDigest.Accumulator} computes it.
     */
    private static final class HandMadeStream {
        final ByteChannels.Sink sink = new ByteChannels.Sink();
        final StreamWriter writer = new StreamWriter(new ChannelOutput(sink), false);
        final PageDataWriter pages = new PageDataWriter(writer, StreamFormat.MAX_BATCH_SIZE);
        final TreeMap<Long, byte[]> finalPages = new TreeMap<>();
        /** Records so far, counted as the C tool counts them (libxl and libxc alike). */
        long records;
        long dataPages;
        boolean verifying;

        /** Writes one PAGE_DATA record; a null page in {@code data} means "zero page". */
        void pageData(long[] pfns, int[] types, byte[][] data) throws IOException {
            ByteBuffer[] buffers = new ByteBuffer[pfns.length];
            int n = 0;
            for (int i = 0; i < pfns.length; i++) {
                if (PageType.carriesData(types[i])) {
                    byte[] page = data[i] == null ? new byte[StreamFormat.PAGE_SIZE] : data[i];
                    buffers[n++] = ByteBuffer.wrap(page);
                    if (!verifying) {
                        finalPages.put(pfns[i], page);
                    }
                }
            }
            pages.write(pfns, types, pfns.length, buffers, n);
            dataPages += n;
            records++;
        }

        void record(int type, byte[] body) throws IOException {
            writer.writeRecord(type, body);
            records++;
        }

        /** A record framed by hand (libxl records, oversized bodies). */
        void raw(int type, long length, byte[] bodyAndPadding) {
            sink.put(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt((int) length).array());
            sink.put(bodyAndPadding);
            records++;
        }

        String expectedDigest() {
            MemoryDigest.Accumulator acc = new MemoryDigest.Accumulator();
            for (Map.Entry<Long, byte[]> e : finalPages.entrySet()) {
                acc.add(e.getKey(), ByteBuffer.wrap(e.getValue()));
            }
            return acc.finish();
        }

        long pfnsWithData() {
            return finalPages.size();
        }
    }

    private static final long HIGH_PFN = 0xfeffcL;

    /** Everything up to (not including) the record that re-sends pages; returns the stream. */
    private static HandMadeStream handMadeStart() throws IOException {
        HandMadeStream s = new HandMadeStream();
        s.sink.put(ByteBuffer.allocate(16).putLong(LibxlHeaderDescriptor.IDENT).putInt(LibxlHeaderDescriptor.VERSION).putInt(0).array());
        s.raw(LibxlRecordType.LIBXC_CONTEXT, 0, new byte[0]);
        s.writer.writeHeaders(DomainType.X86_HVM, 4, 17);
        s.record(RecordType.X86_CPUID_POLICY, StreamBytes.CPUID);
        s.record(RecordType.STATIC_DATA_END, new byte[0]);
        long[] pfns = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, HIGH_PFN, 20, 21, 22, 30, 31, HIGH_PFN + 1};
        int[] types = new int[pfns.length];
        types[11] = PageType.XTAB;
        types[12] = PageType.XALLOC;
        types[13] = PageType.BROKEN;
        types[14] = PageType.L1TAB;
        types[15] = PageType.L4TAB_PINNED;
        types[16] = PageType.XTAB;
        s.pageData(pfns, types, pages(pfns, 0));
        // an optional record no reader knows: skipped by its length (5 bytes + 3 of padding)
        s.record(0x80000123, new byte[] {1, 2, 3, 4, 5});
        return s;
    }

    private static byte[][] pages(long[] pfns, int gen) {
        byte[][] data = new byte[pfns.length][];
        for (int i = 0; i < pfns.length; i++) {
            data[i] = StreamBytes.page(pfns[i], gen);
        }
        return data;
    }

    @Test
    void handMadeStreamWithEveryPageTypeZeroPagesAndVerify() throws Exception {
        HandMadeStream s = handMadeStart();
        long[] pfns = {2, 3, 4, 40, 5, 20, 21, HIGH_PFN};
        int[] types = {PageType.NOTAB, PageType.L2TAB, PageType.NOTAB, PageType.NOTAB, PageType.XTAB, PageType.NOTAB,
                PageType.XALLOC, PageType.NOTAB};
        byte[][] data = pages(pfns, 1);
        data[2] = null; // pfn 4: zeros now, so it leaves the digest
        data[3] = null; // pfn 40: a zero page never sent before
        data[7] = StreamBytes.page(HIGH_PFN, 2);
        s.pageData(pfns, types, data);
        s.record(RecordType.X86_TSC_INFO, TscInfoDescriptor.toBytes(StreamBytes.TSC));
        s.record(RecordType.HVM_CONTEXT, StreamBytes.HVM_CONTEXT);
        s.record(RecordType.VERIFY, new byte[0]);
        s.verifying = true;
        s.pageData(new long[] {6, 50}, new int[2], pages(new long[] {6, 50}, 9));
        s.writer.writeEmptyRecord(RecordType.END);
        s.records++;
        byte[] emulator = StreamBytes.emulatorBody(0, 0, new byte[] {9, 8, 7, 6, 5});
        s.raw(LibxlRecordType.EMULATOR_CONTEXT, emulator.length, Arrays.copyOf(emulator, emulator.length + 3));
        s.raw(LibxlRecordType.END, 0, new byte[0]);

        Path file = tmp.resolve("hand-made.libxl");
        Files.write(file, s.sink.toByteArray());
        Run r = run(List.of(file.toString()), null);
        assertEquals(0, r.exit, r.stderr);
        // pfns 0..9, the high one, 20, 30, 31, 40 (a zero page counts as data, not as non-zero)
        assertEquals(15, s.pfnsWithData());
        assertEquals(s.expectedDigest() + "\n", r.stdout);
        assertEquals(List.of(s.records + " records, " + s.dataPages + " pages (" + s.pfnsWithData()
                + " distinct pfns with data), framing libxl"), r.stderr.lines().toList());
        // pfn 4 was zeroed, pfn 40 never had anything else: the digest is that of 13 pages
        MemoryDigest.Accumulator acc = new MemoryDigest.Accumulator();
        for (long pfn : new long[] {0, 1, 2, 3, 5, 6, 7, 8, 9, 20, 30, 31, HIGH_PFN}) {
            int gen = pfn == HIGH_PFN ? 2 : pfn == 2 || pfn == 3 || pfn == 20 ? 1 : 0;
            acc.add(pfn, ByteBuffer.wrap(StreamBytes.page(pfn, gen)));
        }
        assertEquals(acc.finish() + "\n", r.stdout);
    }

    @Test
    void aStreamWithoutPagesDigestsToTheHashOfNothing() throws Exception {
        StreamBytes b = StreamBytes.raw().headers(DomainType.X86_HVM).staticState().deviceState().end();
        Path file = tmp.resolve("no-pages");
        Files.write(file, b.bytes());
        Run r = run(List.of(file.toString()), null);
        assertEquals(0, r.exit, r.stderr);
        assertEquals(EMPTY_SHA256 + "\n", r.stdout);
        assertEquals(List.of("7 records, 0 pages (0 distinct pfns with data), framing libxc"), r.stderr.lines().toList());
    }

    // ---------------------------------------------------------------- malformed streams

    @Test
    void aStreamTruncatedInsideAPageFailsNamingTheRecordAndOffset() throws Exception {
        HandMadeStream s = handMadeStart();
        long recordIndex = s.records;
        long recordOffset = s.sink.size();
        s.pageData(new long[] {2, 3}, new int[2], pages(new long[] {2, 3}, 1));
        long cut = recordOffset + 8 + 8 + 2 * 8 + 4096 + 100; // 100 bytes into the second page
        Path file = tmp.resolve("truncated");
        Files.write(file, Arrays.copyOf(s.sink.toByteArray(), (int) cut));
        Run r = run(List.of(file.toString()), null);
        assertEquals(1, r.exit, r.stdout + r.stderr);
        assertEquals("", r.stdout);
        assertEquals(List.of("stream-digest: record " + recordIndex + " (PAGE_DATA, type 0x00000001) at offset " + recordOffset
                + ": stream truncated at offset " + cut + ": data page 2 of 2 (entry 1, pfn 0x3) incomplete (100 of 4096 bytes)"),
                r.stderr.lines().toList());
    }

    @Test
    void aSavedStreamCutAnywhereFailsWithOneLineNamingTheOffset() throws Exception {
        Saved s = saveAndRestore(SimDomainConfig.builder().workload("uniform:rate=1000,seed=9"), Framing.XL, 9);
        byte[] whole = Files.readAllBytes(s.file);
        for (int cut : new int[] {5, 40, 100, whole.length / 3, whole.length - 9, whole.length - 1}) {
            Path file = tmp.resolve("cut-" + cut);
            Files.write(file, Arrays.copyOf(whole, cut));
            Run r = run(List.of(file.toString()), null);
            assertEquals(1, r.exit, "cut at " + cut + ": " + r.stdout + r.stderr);
            List<String> lines = r.stderr.lines().toList();
            assertEquals(1, lines.size(), "cut at " + cut + ": " + r.stderr);
            assertTrue(lines.getFirst().startsWith("stream-digest: ") && lines.getFirst().contains("stream truncated at offset " + cut + ": "),
                    "cut at " + cut + ": " + lines.getFirst());
        }
    }

    @Test
    void anOversizedRecordIsRefusedBeforeItsBodyIsRead() throws Exception {
        StreamBytes b = StreamBytes.raw().headers(DomainType.X86_HVM).staticState();
        long index = b.index();
        long offset = b.offset();
        b.rawRecord(RecordType.PAGE_DATA, RecordDescriptor.MAX_BODY_LENGTH + 1L, new byte[64]);
        Path file = tmp.resolve("oversized");
        Files.write(file, b.bytes());
        Run r = run(List.of(file.toString()), null);
        assertEquals(1, r.exit, r.stdout + r.stderr);
        assertEquals(List.of("stream-digest: record " + index + " (PAGE_DATA, type 0x00000001) at offset " + offset
                + ": body length 134217729 is over the 134217728-byte limit"), r.stderr.lines().toList());
    }

    @Test
    void anUnknownStartIsRefused() throws Exception {
        Path file = tmp.resolve("garbage");
        Files.write(file, "not a stream at all".getBytes(StandardCharsets.US_ASCII));
        Run r = run(List.of(file.toString()), null);
        assertEquals(1, r.exit);
        assertEquals(List.of("stream-digest: stream start at offset 0: first bytes 6e 6f 74 20 61 20 73 74 start neither a libxc image"
                + " header, a libxl header nor an xl save file"), r.stderr.lines().toList());
    }

    // ---------------------------------------------------------------- plumbing

    private record Run(int exit, String stdout, String stderr) {
    }

    private Run run(List<String> args, Path stdin) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(tool.toString());
        command.addAll(args);
        Path out = Files.createTempFile(tmp, "stdout", ".txt");
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stream-digest did not finish: " + command);
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String crc32c(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return String.format("%08x", crc.getValue());
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
