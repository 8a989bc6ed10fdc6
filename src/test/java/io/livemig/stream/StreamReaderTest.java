package io.livemig.stream;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ScatteringByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamReaderTest {

    private static byte[] stream() throws IOException {
        StreamBytes s = StreamBytes.raw();
        s.headers(DomainType.X86_HVM).staticState().pageRange(8, 4, 5).pageRange(20, 2, 6).deviceState().end();
        return s.bytes();
    }

    @Test
    void fillsOneBufferSpanningSeveralPagesAndSkipsUnreadPageData() throws IOException {
        StreamReader r = new StreamReader(ByteChannels.scatteringSource(stream(), 777), 64, true);
        assertEquals(StreamFraming.LIBXC, r.open());
        assertEquals(new LibxcHeader(0, 3, DomainType.X86_HVM, 4, 17), r.libxcHeader());
        assertInstanceOf(StreamRecord.CpuidPolicy.class, r.next());
        assertInstanceOf(StreamRecord.MsrPolicy.class, r.next());
        assertSame(StreamRecord.StaticDataEnd.INSTANCE, r.next());
        PageData pages = assertInstanceOf(PageData.class, r.next());
        assertEquals("PAGE_DATA", r.recordName());
        assertEquals(4, pages.count());
        assertEquals(4, pages.dataPages());
        assertArrayEquals(new long[]{8, 9, 10, 11}, java.util.Arrays.copyOf(pages.pfns(), 4));
        ByteBuffer span = ByteBuffer.allocateDirect(4 * 4096);
        pages.readInto(new ByteBuffer[]{span}, 1);
        assertFalse(span.hasRemaining());
        for (int p = 0; p < 4; p++) {
            byte[] got = new byte[4096];
            span.get(p * 4096, got);
            assertArrayEquals(StreamBytes.page(8 + p, 5), got, "page " + p);
        }

        PageData unread = assertInstanceOf(PageData.class, r.next());
        assertSame(pages, unread, "one PageData per reader");
        assertEquals(2, unread.count());
        // Left unread: the next record starts after it.
        assertEquals(new StreamRecord.Tsc(StreamBytes.TSC), r.next());
        assertEquals("X86_TSC_INFO", r.recordName());
        assertArrayEquals(StreamBytes.HVM_CONTEXT, assertInstanceOf(StreamRecord.HvmContextBlob.class, r.next()).blob());
        assertEquals(new StreamRecord.HvmParams(StreamBytes.PARAMS), r.next());
        assertSame(StreamRecord.End.INSTANCE, r.next());
        assertEquals("END", r.recordName());
        assertTrue(r.finished());
        assertNull(r.next());
        IllegalStateException stale = assertThrows(IllegalStateException.class,
                () -> unread.readInto(new ByteBuffer[]{ByteBuffer.allocate(2 * 4096)}, 1));
        assertEquals("the reader has moved past this PAGE_DATA record", stale.getMessage());
    }

    @Test
    void theEntriesReadWithTheHeaderNeverReachPastThoseOfAWellFormedRecord() {
        for (int count = 1; count <= StreamFormat.MAX_BATCH_SIZE; count++) {
            for (int pages = 0; pages <= count; pages++) {
                int length = (int) PageDataDescriptor.bodyLength(count, pages);
                int least = PageData.leastEntries(length);
                String where = count + " entries, " + pages + " pages";
                assertTrue(least >= 1 && least <= count, where + ": " + least);
                assertEquals(count < 512 ? count : count - 512 * ((count - 1) / 512), least, where);
            }
        }
        assertEquals(0, PageData.leastEntries(8), "a header alone");
        assertEquals(1, PageData.leastEntries(19), "a body that is no whole number of entries");
    }

    /**
     * A PAGE_DATA record of 600 entries, pfns 0..599, every sixth XTAB (100 without data, 500
     * pages): its length fixes 88 entries modulo 512, so the first read takes 88 of the 600.
     */
    private static StreamBytes sixHundredEntries(StreamBytes s, int gen) throws IOException {
        long[] pfns = new long[600];
        int[] types = new int[600];
        for (int i = 0; i < 600; i++) {
            pfns[i] = i;
            types[i] = i % 6 == 5 ? PageType.XTAB : PageType.NOTAB;
        }
        return s.pageData(pfns, types, gen);
    }

    @Test
    void aRecordOfFewerThan512EntriesTakesOneReadForItsHeaderAndEntries() throws IOException {
        StreamBytes s = StreamBytes.raw();
        s.headers(DomainType.X86_HVM).staticState().pageRange(8, 511, 1);
        sixHundredEntries(s, 2).pageRange(0, 1024, 3).deviceState().end();
        int[] reads = new int[1];
        ScatteringByteChannel counting = wrapped(ByteChannels.scatteringSource(s.bytes(), 1 << 30), () -> {
            reads[0]++;
            return false;
        });
        StreamReader r = new StreamReader(counting, 1 << 20, true);
        r.open();
        for (int i = 0; i < 3; i++) {
            r.next();
        }
        int[] expectedReads = {2, 3, 3}; // the record header, then the body's header with its first entries
        int[] expectedPages = {511, 500, 1024};
        for (int k = 0; k < 3; k++) {
            reads[0] = 0;
            PageData record = assertInstanceOf(PageData.class, r.next());
            assertEquals(expectedReads[k], reads[0], "reads for record " + k + " of " + record.count() + " entries");
            assertEquals(expectedPages[k], record.dataPages());
            ByteBuffer data = ByteBuffer.allocateDirect(record.dataPages() * 4096);
            record.readInto(new ByteBuffer[]{data}, 1);
            int page = 0;
            for (int i = 0; i < record.count(); i++) {
                if (PageType.carriesData(record.types()[i])) {
                    byte[] got = new byte[4096];
                    data.get(page++ * 4096, got);
                    assertArrayEquals(StreamBytes.page(record.pfns()[i], k + 1), got, "record " + k + " entry " + i);
                }
            }
        }
        for (StreamRecord rest = r.next(); rest != null; rest = r.next()) {
            assertFalse(rest instanceof PageData, "three PAGE_DATA records");
        }
        assertTrue(r.finished());
    }

    /**
     * Page data is read to fill ({@link FillingChannel}), each read asking for exactly what the
     * record has left, so that a channel waiting for a share of those bytes never waits for what
     * follows them; record headers, entries and everything else are plain reads.
     */
    @Test
    void pageDataIsReadToFillAskingForWhatTheRecordHasLeftAndNothingElseIs() throws IOException {
        StreamBytes s = StreamBytes.raw();
        s.headers(DomainType.X86_HVM).staticState().pageRange(8, 511, 1);
        sixHundredEntries(s, 2).pageRange(0, 1024, 3).deviceState().end();
        ScatteringByteChannel source = ByteChannels.scatteringSource(s.bytes(), 300_000); // several reads per record
        List<long[]> fills = new ArrayList<>(); // {bytes asked, bytes read}
        FillingChannel channel = new FillingChannel() {
            @Override
            public long readToFill(ByteBuffer[] dsts, int offset, int length) throws IOException {
                long asked = 0;
                for (int i = offset; i < offset + length; i++) {
                    asked += dsts[i].remaining();
                }
                long n = source.read(dsts, offset, length);
                fills.add(new long[] {asked, n});
                return n;
            }

            @Override
            public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
                return source.read(dsts, offset, length);
            }

            @Override
            public long read(ByteBuffer[] dsts) throws IOException {
                return source.read(dsts);
            }

            @Override
            public int read(ByteBuffer dst) throws IOException {
                return source.read(dst);
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        StreamReader r = new StreamReader(channel, 1 << 20, true);
        r.open();
        int records = 0;
        for (StreamRecord record = r.next(); record != null; record = r.next()) {
            assertEquals(List.of(), fills, "reads to fill for " + r.recordName());
            if (record instanceof PageData pages) {
                ByteBuffer[] halves = {ByteBuffer.allocateDirect(pages.dataPages() * 2048), ByteBuffer.allocateDirect(pages.dataPages() * 2048)};
                pages.readInto(halves, 2);
                long left = pages.dataPages() * 4096L;
                for (long[] fill : fills) {
                    assertEquals(left, fill[0], "a read to fill asks for what record " + records + " has left");
                    left -= fill[1];
                }
                assertEquals(0, left, "record " + records);
                assertTrue(fills.size() > 1, "record " + records + " came in several reads: " + fills.size());
                fills.clear();
            }
            records++;
        }
        assertTrue(r.finished());
        assertEquals(10, records);
    }

    @Test
    void aStreamCutInsideAPageDataHeaderOrItsEntriesNamesWhichAndHowMuchArrived() throws IOException {
        StreamBytes s = StreamBytes.raw();
        s.headers(DomainType.X86_HVM).staticState();
        int recordAt = s.bytes().length;
        byte[] whole = sixHundredEntries(s, 1).bytes();
        int bodyAt = recordAt + RecordDescriptor.HEADER_LENGTH;
        for (int cut = bodyAt; cut < bodyAt + 8 + 8 * 600; cut += cut < bodyAt + 16 ? 1 : 97) {
            StreamReader r = new StreamReader(ByteChannels.scatteringSource(java.util.Arrays.copyOf(whole, cut), 300), 1 << 20, true);
            r.open();
            for (int i = 0; i < 3; i++) {
                r.next();
            }
            StreamFormatException e = assertThrows(StreamFormatException.class, r::next, "cut at " + cut);
            int in = cut - bodyAt;
            String what = in < 8 ? "PAGE_DATA header incomplete (" + in + " of 8 bytes)"
                    : "PAGE_DATA entries incomplete (" + (in - 8) + " of 4800 bytes)";
            Faults.assertFault(Faults.record(3, "PAGE_DATA", recordAt), e.getMessage(), "truncated at offset " + cut, what);
        }
    }

    @Test
    void refusesPageBuffersOfTheWrongSize() throws IOException {
        StreamReader r = new StreamReader(ByteChannels.source(stream(), 1 << 20), 64, true);
        for (int i = 0; i < 3; i++) {
            r.next();
        }
        PageData pages = assertInstanceOf(PageData.class, r.next());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pages.readInto(new ByteBuffer[]{ByteBuffer.allocate(3 * 4096)}, 1));
        assertEquals("page buffers hold 12288 bytes, the record has 16384 bytes of page data left (4 data pages)", e.getMessage());
    }

    @Test
    void aLyingBodyLengthOnAShortStreamFailsWithoutReadingFurther() throws IOException {
        StreamBytes s = StreamBytes.raw();
        s.headers(DomainType.X86_HVM).staticState();
        int declared = 100 << 20;
        s.rawRecord(RecordType.HVM_CONTEXT, declared, new byte[1000]);
        StreamReader r = new StreamReader(ByteChannels.source(s.bytes(), 1 << 20), 64, true);
        for (int i = 0; i < 3; i++) {
            r.next();
        }
        StreamFormatException e = assertThrows(StreamFormatException.class, r::next);
        Faults.assertFault(Faults.record(3, "HVM_CONTEXT", 128), e.getMessage(), "truncated at offset 1136", "1000 of 104857600 bytes");
    }

    @Test
    void emptyInputIsATruncatedStreamHeader() {
        StreamReader r = new StreamReader(ByteChannels.source(new byte[0], 1), 64, true);
        StreamFormatException e = assertThrows(StreamFormatException.class, r::open);
        Faults.assertFault(Faults.header("stream header", 0), e.getMessage(), "truncated at offset 0", "0 of 8 bytes");
    }

    @Test
    void validPvStreamIsAccepted() throws IOException {
        StreamBytes s = StreamBytes.raw();
        s.headers(DomainType.X86_PV);
        s.record(RecordType.X86_PV_INFO, new byte[]{4, 3, 0, 0, 0, 0, 0, 0}).staticState();
        // 32-bit guest: 1024 p2m entries per frame; pfns 1000..1100 span frames 0 and 1.
        s.record(RecordType.X86_PV_P2M_FRAMES, ByteBuffer.allocate(8 + 16).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(1000).putInt(1100).putLong(7).putLong(8).array());
        s.pageRange(0, 2, 0);
        s.record(RecordType.SHARED_INFO, new byte[4096]);
        s.record(RecordType.X86_PV_VCPU_BASIC, ByteBuffer.allocate(8 + PvVcpuDescriptor.BASIC_32_LENGTH).order(ByteOrder.LITTLE_ENDIAN).putInt(0).array());
        s.record(RecordType.X86_PV_VCPU_EXTENDED, ByteBuffer.allocate(8 + 128).order(ByteOrder.LITTLE_ENDIAN).putInt(0).array());
        s.record(RecordType.X86_PV_VCPU_XSAVE, ByteBuffer.allocate(8 + 16).order(ByteOrder.LITTLE_ENDIAN).putInt(0).array());
        s.record(RecordType.X86_PV_VCPU_MSRS, ByteBuffer.allocate(8 + 32).order(ByteOrder.LITTLE_ENDIAN).putInt(0).array());
        s.end();
        InspectionReport report = StreamInspector.inspect(ByteChannels.source(s.bytes(), 1 << 20), StreamReader.NO_PFN_LIMIT, true);
        assertTrue(report.valid(), report.error());
        assertEquals("guest_width 4, pt_levels 3", report.records().get(0).detail());
        assertEquals("pfns 0x3e8..0x44c, 2 frames", report.records().get(4).detail());
        assertEquals("vcpu 0, 2800 bytes", report.records().get(7).detail());
    }

    @Test
    void pvStreamRecordsAreValidatedInOrder() throws IOException {
        StreamBytes s = StreamBytes.raw();
        s.headers(DomainType.X86_PV);
        s.record(RecordType.X86_PV_INFO, new byte[]{8, 4, 0, 0, 0, 0, 0, 0}).staticState();
        // 64-bit guest: 512 p2m entries per frame; pfns 0..1023 span frames 0 and 1.
        ByteBuffer p2m = ByteBuffer.allocate(8 + 16).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putInt(1023).putLong(7).putLong(8);
        s.record(RecordType.X86_PV_P2M_FRAMES, p2m.array());
        s.pageRange(0, 2, 0);
        s.record(RecordType.SHARED_INFO, new byte[4096]);
        s.record(RecordType.X86_TSC_INFO, TscInfoDescriptor.toBytes(StreamBytes.TSC));
        s.record(RecordType.X86_PV_VCPU_BASIC, ByteBuffer.allocate(8 + PvVcpuDescriptor.BASIC_64_LENGTH).order(ByteOrder.LITTLE_ENDIAN).putInt(0).array());
        s.record(RecordType.X86_PV_VCPU_MSRS, ByteBuffer.allocate(8 + 20).order(ByteOrder.LITTLE_ENDIAN).putInt(0).array());
        StreamReader r = new StreamReader(ByteChannels.source(s.bytes(), 1 << 20), 64, true);
        java.util.List<StreamRecord> read = new java.util.ArrayList<>();
        for (int i = 0; i < 9; i++) {
            read.add(java.util.Objects.requireNonNull(r.next(), "record " + i));
        }
        assertEquals(new StreamRecord.PvInfo(8, 4), read.get(0));
        assertEquals(new StreamRecord.PvP2mFrames(0, 1023, 2), read.get(4));
        assertEquals(new StreamRecord.PvVcpu(RecordType.X86_PV_VCPU_BASIC, 0, PvVcpuDescriptor.BASIC_64_LENGTH), read.get(8));
        StreamFormatException e = assertThrows(StreamFormatException.class, r::next);
        Faults.assertFault(Faults.record(9, "X86_PV_VCPU_MSRS", s.lastOffset()), e.getMessage(), "vcpu 0", "20 bytes", "multiple of 16");
    }

    /** A channel over {@code in} whose every read first asks {@code empty} whether to return 0 bytes instead. */
    private static ScatteringByteChannel wrapped(ScatteringByteChannel in, BooleanSupplier empty) {
        return new ScatteringByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                return empty.getAsBoolean() ? 0 : in.read(dst);
            }

            @Override
            public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
                return empty.getAsBoolean() ? 0 : in.read(dsts, offset, length);
            }

            @Override
            public long read(ByteBuffer[] dsts) throws IOException {
                return read(dsts, 0, dsts.length);
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    /** Returns 0 bytes {@code zeros} times before each read that it passes on. */
    private static ScatteringByteChannel hesitant(ScatteringByteChannel in, int zeros) {
        int[] left = {zeros};
        return wrapped(in, () -> {
            if (left[0] > 0) {
                left[0]--;
                return true;
            }
            left[0] = zeros;
            return false;
        });
    }

    @Test
    void aThousandEmptyReadsInARowAreToleratedOneMoreIsAnError() throws IOException {
        byte[] stream = stream();
        StreamReader patient = new StreamReader(hesitant(ByteChannels.scatteringSource(stream, 5000), 1000), 64, true);
        int records = 0;
        for (StreamRecord r = patient.next(); r != null; r = patient.next()) {
            if (r instanceof PageData p) {
                p.readInto(new ByteBuffer[] {ByteBuffer.allocate(2048), ByteBuffer.allocate(p.dataPages() * 4096 - 2048)}, 2);
            }
            records++;
        }
        assertEquals(9, records);
        assertEquals(stream.length, patient.position());

        StreamReader stuck = new StreamReader(hesitant(ByteChannels.scatteringSource(stream, 5000), 1001), 64, true);
        IOException e = assertThrows(IOException.class, stuck::open);
        assertEquals("the input channel returned no bytes 1000 times in a row (a non-blocking channel?)", e.getMessage());
        assertFalse(e instanceof StreamFormatException, "a failure of the channel, not of the stream");
    }

    @Test
    void thePfnLimitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new StreamReader(ByteChannels.source(new byte[0], 1), 0, true));
        StreamReader one = new StreamReader(ByteChannels.source(new byte[0], 1), 1, true);
        assertNull(one.framing());
    }

    @Test
    void aLibxlStreamsOptionsAndTheEnd() throws IOException {
        StreamBytes s = StreamBytes.libxl();
        byte[] stream = s.headers(DomainType.X86_HVM).staticState().pageRange(0, 2, 0).deviceState().end().bytes();
        stream[15] = LibxlHeaderDescriptor.OPT_LEGACY;
        StreamReader r = new StreamReader(ByteChannels.source(stream, 1 << 20), 64, true);
        assertEquals(StreamFraming.LIBXL, r.open());
        assertEquals(LibxlHeaderDescriptor.OPT_LEGACY, r.libxlOptions());
        assertNull(r.libxcHeader(), "the libxc headers come with LIBXC_CONTEXT");
        StreamRecord.LibxcContext context = assertInstanceOf(StreamRecord.LibxcContext.class, r.next());
        assertEquals(new LibxcHeader(24, 3, DomainType.X86_HVM, 4, 17), context.header());
        assertEquals("record 0 (LIBXC_CONTEXT) at offset 16: applying it failed", r.error("applying it failed").getMessage());
        assertEquals(StreamReader.Layer.LIBXL, r.layer());
        assertFalse(r.finished());
        StreamRecord last = null;
        for (StreamRecord x = r.next(); x != null; x = r.next()) {
            assertFalse(r.finished() && x != StreamRecord.LibxlEnd.INSTANCE, "finished before the libxl END");
            last = x;
        }
        assertSame(StreamRecord.LibxlEnd.INSTANCE, last);
        assertTrue(r.finished());
        assertEquals(stream.length, r.position());
    }

    @Test
    void hvmParamsUpToTheLimitAreAccepted() throws IOException {
        List<HvmParam> all = new ArrayList<>();
        for (int i = 0; i < StreamReader.MAX_HVM_PARAMS; i++) {
            all.add(new HvmParam(i, i + 1));
        }
        byte[] stream = StreamBytes.raw().headers(DomainType.X86_HVM).staticState()
                .record(RecordType.HVM_PARAMS, StreamBytes.params(all)).bytes();
        StreamReader r = new StreamReader(ByteChannels.source(stream, 1 << 20), 64, false);
        for (int i = 0; i < 3; i++) {
            r.next();
        }
        assertEquals(new StreamRecord.HvmParams(all), r.next());
    }

    @Test
    void anXsaveContextMayBeEmptyAndVcpu0NeedsABasicContext() throws IOException {
        StreamBytes s = StreamBytes.raw();
        s.headers(DomainType.X86_PV);
        s.record(RecordType.X86_PV_INFO, new byte[]{8, 4, 0, 0, 0, 0, 0, 0}).staticState();
        s.record(RecordType.X86_PV_P2M_FRAMES, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(7).putInt(7).array());
        s.record(RecordType.X86_PV_VCPU_XSAVE, new byte[8]);
        s.record(RecordType.X86_PV_VCPU_BASIC, new byte[8]);
        s.end();
        StreamReader r = new StreamReader(ByteChannels.source(s.bytes(), 1 << 20), 64, true);
        List<StreamRecord> read = new ArrayList<>();
        StreamFormatException e = assertThrows(StreamFormatException.class, () -> {
            for (StreamRecord x = r.next(); x != null; x = r.next()) {
                read.add(x);
            }
        });
        assertEquals(new StreamRecord.PvP2mFrames(7, 7, 1), read.get(4));
        assertEquals(new StreamRecord.PvVcpu(RecordType.X86_PV_VCPU_XSAVE, 0, 0), read.get(5));
        Faults.assertFault(Faults.record(7, "END", s.lastOffset()), e.getMessage(), "END without X86_PV_VCPU_BASIC for vcpu 0");
    }
}
