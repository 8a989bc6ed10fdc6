package io.livemig.engine;

import io.livemig.stream.ByteChannels;
import io.livemig.stream.DomainType;
import io.livemig.stream.HvmParam;
import io.livemig.stream.InMemoryDestination;
import io.livemig.stream.LibxlRecordType;
import io.livemig.stream.PageType;
import io.livemig.stream.PvGuestStream;
import io.livemig.stream.RecordType;
import io.livemig.stream.StreamBytes;
import io.livemig.stream.StreamFormat;
import io.livemig.stream.StreamFormatException;
import io.livemig.stream.StreamFraming;
import io.livemig.stream.TscInfoDescriptor;
import io.livemig.stream.XlSaveHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RestoreEngineTest {
    private static final int LIMIT = 128;
    private static final long[] PASS0_TAIL = range(64, 36);
    private static final int[] PASS0_TAIL_TYPES = tailTypes();
    private static final long[] PASS1 = concat(range(10, 10), range(90, 6));

    /** Pass 0 over pfns 0..99 (with XTAB 70, XALLOC 71, BROKEN 72, page tables 80/81), pass 1 over 10..19 and 90..95. */
    static StreamBytes standardPages(StreamBytes s) throws IOException {
        s.pageRange(0, 64, 0);
        s.pageData(PASS0_TAIL, PASS0_TAIL_TYPES, 0);
        return s.pageData(PASS1, new int[PASS1.length], 1);
    }

    static byte[] standardStream(StreamBytes s) throws IOException {
        s.headers(DomainType.X86_HVM).staticState();
        standardPages(s).deviceState().end();
        return s.bytes();
    }

    private static int[] tailTypes() {
        int[] t = new int[36];
        t[70 - 64] = PageType.XTAB;
        t[71 - 64] = PageType.XALLOC;
        t[72 - 64] = PageType.BROKEN;
        t[80 - 64] = PageType.L1TAB;
        t[81 - 64] = PageType.L4TAB_PINNED;
        return t;
    }

    static long[] range(long first, int n) {
        long[] r = new long[n];
        for (int i = 0; i < n; i++) {
            r[i] = first + i;
        }
        return r;
    }

    static long[] concat(long[] a, long[] b) {
        long[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Checks every page of the destination against the standard stream's passes. */
    static void assertStandardMemory(InMemoryDestination d) {
        byte[] zero = new byte[StreamFormat.PAGE_SIZE];
        for (long pfn = 0; pfn < LIMIT; pfn++) {
            byte[] expected;
            if ((pfn >= 10 && pfn < 20) || (pfn >= 90 && pfn < 96)) {
                expected = StreamBytes.page(pfn, 1);
            } else if (pfn >= 70 && pfn <= 72 || pfn >= 100) {
                expected = zero;
            } else {
                expected = StreamBytes.page(pfn, 0);
            }
            assertArrayEquals(expected, d.page(pfn), "page of pfn " + pfn);
            boolean populated = pfn < 100 && pfn != 70 && pfn != 72;
            assertEquals(populated, d.isPopulated(pfn), "populated state of pfn " + pfn);
        }
    }

    static void assertStandardState(InMemoryDestination d) {
        assertArrayEquals(StreamBytes.CPUID, d.staticState().cpuidPolicy());
        assertArrayEquals(StreamBytes.MSR, d.staticState().msrPolicy());
        assertEquals(StreamBytes.TSC, d.deviceState().tsc());
        assertArrayEquals(StreamBytes.HVM_CONTEXT, d.deviceState().hvmContext());
        assertEquals(StreamBytes.PARAMS, d.deviceState().hvmParams());
        assertTrue(d.isComplete());
        assertEquals(d.maps(), d.unmaps());
    }

    private static RestoreResult restore(InMemoryDestination d, java.nio.channels.ReadableByteChannel in) throws IOException {
        return new RestoreEngine(d, true).restore(in);
    }

    @Test
    void rawStreamRoundTripsThroughShortNonScatteringReads() throws IOException {
        byte[] stream = standardStream(StreamBytes.raw());
        InMemoryDestination d = new InMemoryDestination(LIMIT);
        Instant before = Instant.now();
        RestoreResult r = restore(d, ByteChannels.source(stream, 4093));
        Instant after = Instant.now();

        assertStandardMemory(d);
        assertStandardState(d);
        assertEquals(StreamFraming.LIBXC, r.framing());
        assertEquals(3, r.version());
        assertEquals(DomainType.X86_HVM, r.domainType());
        assertEquals(4, r.xenMajor());
        assertEquals(17, r.xenMinor());
        assertEquals(3, r.count("PAGE_DATA"));
        assertEquals(1, r.count("STATIC_DATA_END"));
        assertEquals(1, r.count("END"));
        assertEquals(10, r.records());
        assertEquals(64 + 36 + 16, r.pfnEntries());
        assertEquals(64 + 33 + 16, r.pagesWritten());
        assertEquals(0, r.pagesVerified());
        assertEquals(stream.length, r.bytesRead());
        assertEquals(List.of(), r.notApplied());
        assertNotNull(r.endReadAt());
        assertFalse(r.endReadAt().isBefore(before));
        assertFalse(r.endReadAt().isAfter(after));
        assertEquals(List.of("open-sink 1024", "static", "map-write 64", "map-write 36", "map-write 16", "device", "close-sink", "complete"),
                d.events());
    }

    @Test
    void scatteringShortReadsAndFileChannelRestoreTheSamePages(@TempDir Path dir) throws IOException {
        byte[] stream = standardStream(StreamBytes.raw());
        InMemoryDestination scattered = new InMemoryDestination(LIMIT);
        restore(scattered, ByteChannels.scatteringSource(stream, 6000));
        assertStandardMemory(scattered);
        assertStandardState(scattered);

        Path file = dir.resolve("stream.bin");
        Files.write(file, stream);
        InMemoryDestination fromFile = new InMemoryDestination(LIMIT);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            RestoreResult r = restore(fromFile, ch);
            assertEquals(stream.length, r.bytesRead());
        }
        assertStandardMemory(fromFile);
        assertStandardState(fromFile);
    }

    @Test
    void libxlStreamWithEmulatorRecordsReportsThemAsNotApplied() throws IOException {
        StreamBytes s = StreamBytes.libxl();
        s.headers(DomainType.X86_HVM).staticState();
        standardPages(s).deviceState().empty(RecordType.END);
        long libxcEnd = s.lastOffset();
        s.libxlRecord(LibxlRecordType.EMULATOR_XENSTORE_DATA,
                StreamBytes.emulatorBody(2, 0, ("physmap/1/size\0" + "0x800000\0").getBytes(StandardCharsets.US_ASCII)));
        long xenstoreIndex = s.lastIndex();
        long xenstoreOffset = s.lastOffset();
        s.libxlRecord(LibxlRecordType.EMULATOR_CONTEXT, StreamBytes.emulatorBody(2, 0, StreamBytes.filled(1000, 0x51)));
        long contextOffset = s.lastOffset();
        s.libxlRecord(LibxlRecordType.END, new byte[0]);
        InMemoryDestination d = new InMemoryDestination(LIMIT);
        RestoreResult r = restore(d, ByteChannels.source(s.bytes(), 1 << 20));

        assertStandardMemory(d);
        assertStandardState(d);
        assertEquals(StreamFraming.LIBXL, r.framing());
        assertEquals(1, r.count("LIBXC_CONTEXT"));
        assertEquals(1, r.count("LIBXL_END"));
        assertEquals(1, r.count("END"));
        assertTrue(libxcEnd > 0);
        assertEquals(List.of(
                "record " + xenstoreIndex + " (EMULATOR_XENSTORE_DATA) at offset " + xenstoreOffset
                        + " not applied: device-model xenstore data (emulator 2): this restore runs no device model",
                "record " + (xenstoreIndex + 1) + " (EMULATOR_CONTEXT) at offset " + contextOffset
                        + " not applied: device-model state (emulator 2): this restore runs no device model"),
                r.notApplied());
    }

    @Test
    void anXlSaveFileWithoutAConfigHasNothingToReport() throws IOException {
        StreamBytes s = StreamBytes.libxl();
        ByteBuffer header = XlSaveHeader.forConfig(new byte[0], false).encode();
        byte[] bytes = new byte[header.remaining()];
        header.get(bytes);
        s.sink().put(bytes);
        byte[] stream = standardStream(s);
        InMemoryDestination d = new InMemoryDestination(LIMIT);
        long before = System.nanoTime();
        RestoreResult r = restore(d, ByteChannels.scatteringSource(stream, 1 << 16));
        long took = System.nanoTime() - before;
        assertEquals(StreamFraming.XL, r.framing());
        assertEquals(List.of(), r.notApplied());
        assertTrue(r.elapsed().toNanos() >= 0 && r.elapsed().toNanos() <= took, "elapsed " + r.elapsed() + " within " + took + " ns");
    }

    @Test
    void moreRecordsADestinationCannotUseAreNotedWhereTheyStand() throws IOException {
        StreamBytes s = StreamBytes.libxl();
        s.headers(DomainType.X86_HVM).staticState();
        s.record(RecordType.HVM_PARAMS, new byte[8]); // no params: Xen tolerates it
        long paramsAt = s.lastOffset();
        s.record(RecordType.CHECKPOINT_DIRTY_PFN_LIST, new byte[16]);
        long dirtyAt = s.lastOffset();
        standardPages(s).deviceState();
        s.empty(RecordType.CHECKPOINT); // libxl's records follow, until CHECKPOINT_END
        s.libxlRecord(LibxlRecordType.CHECKPOINT_STATE, new byte[4]);
        s.libxlRecord(LibxlRecordType.CHECKPOINT_END, new byte[0]);
        s.end();
        InMemoryDestination d = new InMemoryDestination(LIMIT);
        RestoreResult r = restore(d, ByteChannels.source(s.bytes(), 1 << 20));
        assertStandardMemory(d);
        List<String> notes = r.notApplied();
        assertTrue(notes.stream().anyMatch(n -> n.contains("(HVM_PARAMS) at offset " + paramsAt + " not applied: empty, tolerated as Xen does")), notes::toString);
        assertTrue(notes.stream().anyMatch(n -> n.contains("(CHECKPOINT_DIRTY_PFN_LIST) at offset " + dirtyAt
                + " not applied: COLO back-channel record")), notes::toString);
        assertTrue(notes.stream().anyMatch(n -> n.contains("(CHECKPOINT_STATE)") && n.contains("not applied: COLO checkpoint state")),
                notes::toString);
    }

    @Test
    void aLibxlStreamWhoseLibxcContextIsPvIsRestoredAsPv() throws IOException {
        PvGuestStream g = new PvGuestStream(true).firstPass();
        byte[] stream = g.finish();
        InMemoryDestination d = new InMemoryDestination(PvGuestStream.P2M_SIZE);
        RestoreResult r = restore(d, ByteChannels.source(stream, 1 << 20));
        assertEquals(DomainType.X86_PV, r.domainType());
        assertEquals(StreamFraming.LIBXL, r.framing());
        g.lastCopies().forEach((pfn, page) -> assertArrayEquals(page, d.page(pfn), () -> "pfn " + pfn));
        assertNull(d.deviceState(), "a PV stream has no HVM device state to apply");
        assertEquals(List.of("open-sink 1024", "static"), d.events().subList(0, 2));
        assertTrue(d.events().contains("map-read 5"), "the five page tables are read back at END: " + d.events());
        assertEquals("complete", d.events().getLast());
    }

    @Test
    void xlSaveFileIsRestoredAndItsConfigReported() throws IOException {
        StreamBytes s = StreamBytes.libxl();
        String config = "{\"c_info\":{\"name\":\"guest\"}}";
        s.sink().put(StreamBytes.xlHeader(3, config));
        byte[] stream = standardStream(s);
        InMemoryDestination d = new InMemoryDestination(LIMIT);
        RestoreResult r = restore(d, ByteChannels.scatteringSource(stream, 1 << 16));
        assertStandardMemory(d);
        assertStandardState(d);
        assertEquals(StreamFraming.XL, r.framing());
        assertEquals(List.of("xl header: domain config of " + (config.length() + 1)
                + " bytes (JSON) not applied: domain \"test-destination\" was configured before the stream"), r.notApplied());
    }

    @Test
    void version2StreamAppliesStaticStateAtTheFirstPageData() throws IOException {
        StreamBytes s = StreamBytes.raw();
        s.headers(DomainType.X86_HVM);
        s.record(RecordType.X86_CPUID_POLICY, StreamBytes.CPUID);
        standardPages(s).deviceState().end();
        byte[] stream = s.bytes();
        stream[15] = 2; // image header version, big-endian u32 at 12..15
        InMemoryDestination d = new InMemoryDestination(LIMIT);
        RestoreResult r = restore(d, ByteChannels.source(stream, 1 << 20));
        assertEquals(2, r.version());
        assertEquals(0, r.count("STATIC_DATA_END"));
        assertArrayEquals(StreamBytes.CPUID, d.staticState().cpuidPolicy());
        assertEquals(0, d.staticState().msrPolicy().length);
        assertEquals("static", d.events().get(1));
        assertEquals("map-write 64", d.events().get(2));
        assertStandardMemory(d);
        assertTrue(d.isComplete());
    }

    @Test
    void version2StreamWithoutPagesAppliesStaticStateAtEnd() throws IOException {
        StreamBytes s = StreamBytes.raw();
        s.headers(DomainType.X86_HVM).deviceState().end();
        byte[] stream = s.bytes();
        stream[15] = 2;
        InMemoryDestination d = new InMemoryDestination(LIMIT);
        restore(d, ByteChannels.source(stream, 1 << 20));
        assertEquals(List.of("open-sink 1024", "static", "device", "close-sink", "complete"), d.events());
    }

    @Test
    void verifyPassComparesInsteadOfWriting() throws IOException {
        StreamBytes s = StreamBytes.raw();
        s.headers(DomainType.X86_HVM).staticState();
        standardPages(s);
        s.empty(RecordType.VERIFY);
        s.pageRange(20, 44, 0);
        s.pageData(PASS1, new int[PASS1.length], 1);
        s.deviceState().end();
        InMemoryDestination d = new InMemoryDestination(LIMIT);
        RestoreResult r = restore(d, ByteChannels.scatteringSource(s.bytes(), 3000));
        assertEquals(44 + 16, r.pagesVerified());
        assertEquals(64 + 33 + 16, r.pagesWritten());
        assertEquals(1, r.count("VERIFY"));
        assertTrue(d.events().contains("map-read 44"));
        assertStandardMemory(d);
        assertStandardState(d);
    }

    @Test
    void unknownOptionalRecordsAndUnappliableRecordsAreReportedOnce() throws IOException {
        StreamBytes s = StreamBytes.raw();
        s.headers(DomainType.X86_HVM).staticState();
        long optionalOffset = s.offset();
        long optionalIndex = s.index();
        s.record(0x80000123, StreamBytes.filled(13, 0x77));
        s.record(0x80000123, StreamBytes.filled(5, 0x77));
        long toolstackOffset = s.offset();
        long toolstackIndex = s.index();
        s.record(RecordType.TOOLSTACK, StreamBytes.filled(20, 1));
        long checkpointOffset = s.offset();
        long checkpointIndex = s.index();
        s.empty(RecordType.CHECKPOINT);
        standardPages(s).deviceState().end();
        InMemoryDestination d = new InMemoryDestination(LIMIT);
        RestoreResult r = restore(d, ByteChannels.source(s.bytes(), 1 << 20));
        assertStandardMemory(d);
        assertStandardState(d);
        assertEquals(2, r.count("UNKNOWN(0x80000123)"));
        assertEquals(List.of(
                "record " + optionalIndex + " (UNKNOWN(0x80000123)) at offset " + optionalOffset
                        + " not applied: unknown optional record (13 bytes), skipped",
                "record " + (optionalIndex + 1) + " (UNKNOWN(0x80000123)) at offset " + (optionalOffset + 8 + 16)
                        + " not applied: unknown optional record (5 bytes), skipped",
                "record " + toolstackIndex + " (TOOLSTACK) at offset " + toolstackOffset + " not applied: deprecated toolstack blob, ignored",
                "record " + checkpointIndex + " (CHECKPOINT) at offset " + checkpointOffset
                        + " not applied: Remus/COLO checkpoint: records are applied as they arrive and the state at END is kept"),
                r.notApplied());
    }

    @Test
    void libxlCheckpointHandsTheStreamToLibxlUntilCheckpointEnd() throws IOException {
        StreamBytes s = StreamBytes.libxl();
        s.headers(DomainType.X86_HVM).staticState();
        s.pageRange(0, 64, 0);
        s.empty(RecordType.CHECKPOINT);
        s.libxlRecord(LibxlRecordType.EMULATOR_CONTEXT, StreamBytes.emulatorBody(2, 0, StreamBytes.filled(7, 9)));
        s.libxlRecord(0x80000040, StreamBytes.filled(3, 1));
        s.libxlRecord(LibxlRecordType.CHECKPOINT_END, new byte[0]);
        s.pageData(PASS0_TAIL, PASS0_TAIL_TYPES, 0);
        s.pageData(PASS1, new int[PASS1.length], 1);
        s.deviceState().end();
        InMemoryDestination d = new InMemoryDestination(LIMIT);
        RestoreResult r = restore(d, ByteChannels.source(s.bytes(), 1 << 20));
        assertStandardMemory(d);
        assertStandardState(d);
        assertEquals(1, r.count("CHECKPOINT"));
        assertEquals(1, r.count("CHECKPOINT_END"));
        assertEquals(1, r.count("LIBXL_UNKNOWN(0x80000040)"));
        assertEquals(4, r.notApplied().size());
        assertTrue(r.notApplied().get(2).endsWith("not applied: unknown optional libxl record (3 bytes), skipped"), r.notApplied().get(2));
    }

    @Test
    void trailingBytesAreLeftUnreadWhenTheChannelGoesOnAfterTheStream() throws IOException {
        StreamBytes s = StreamBytes.raw();
        byte[] stream = standardStream(s);
        byte[] withTrailer = java.util.Arrays.copyOf(stream, stream.length + 5);
        InMemoryDestination d = new InMemoryDestination(LIMIT);
        RestoreResult r = new RestoreEngine(d, false).restore(ByteChannels.source(withTrailer, 1 << 20));
        assertEquals(stream.length, r.bytesRead());
        assertTrue(d.isComplete());
    }

    @Test
    void hvmParamsOfSeveralRecordsAccumulateAndLaterValuesWin() throws IOException {
        StreamBytes s = StreamBytes.raw();
        s.headers(DomainType.X86_HVM).staticState().pageRange(0, 4, 0);
        s.record(RecordType.X86_TSC_INFO, TscInfoDescriptor.toBytes(StreamBytes.TSC));
        s.record(RecordType.HVM_CONTEXT, StreamBytes.HVM_CONTEXT);
        s.record(RecordType.HVM_PARAMS, StreamBytes.params(List.of(new HvmParam(1, 10), new HvmParam(5, 50))));
        s.record(RecordType.HVM_PARAMS, StreamBytes.params(List.of(new HvmParam(12, 120), new HvmParam(1, 11))));
        s.end();
        InMemoryDestination d = new InMemoryDestination(LIMIT);
        restore(d, ByteChannels.source(s.bytes(), 1 << 20));
        assertEquals(List.of(new HvmParam(1, 11), new HvmParam(5, 50), new HvmParam(12, 120)), d.deviceState().hvmParams());
    }
}
