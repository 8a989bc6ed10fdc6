package io.livemig.stream;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamInspectorTest {
    private static final StreamReader.Layer XC = StreamReader.Layer.LIBXC;
    private static final StreamReader.Layer XL = StreamReader.Layer.LIBXL;

    @Test
    void listsEveryRecordOfAValidLibxlStream() throws IOException {
        StreamBytes s = StreamBytes.libxl();
        s.headers(DomainType.X86_HVM).staticState();
        long pageOffset = s.offset();
        s.pageData(new long[]{0, 1, 2, 3, 4, 5}, new int[]{0, 0, PageType.L1TAB, 0, PageType.XTAB, PageType.XALLOC}, 0);
        long verifyOffset = s.offset();
        s.empty(RecordType.VERIFY);
        long verifiedPagesOffset = s.offset();
        s.pageRange(2, 2, 0);
        long tscOffset = s.offset();
        s.deviceState().empty(RecordType.END);
        long endOffset = s.lastOffset();
        s.libxlRecord(LibxlRecordType.EMULATOR_CONTEXT, StreamBytes.emulatorBody(2, 0, StreamBytes.filled(7, 1)));
        long emulatorOffset = s.lastOffset();
        s.libxlRecord(LibxlRecordType.END, new byte[0]);
        byte[] stream = s.bytes();
        int contextLength = StreamBytes.HVM_CONTEXT.length;

        List<RecordInfo> streamed = new ArrayList<>();
        InspectionReport report = StreamInspector.inspect(ByteChannels.source(stream, 999), StreamReader.NO_PFN_LIMIT, true, streamed::add);

        assertTrue(report.valid());
        assertNull(report.error());
        assertEquals(StreamFraming.LIBXL, report.framing());
        assertEquals(stream.length, report.bytesRead());
        assertEquals(List.of(
                new HeaderInfo("libxl header", 0, 16, "version 2, options 0x0"),
                new HeaderInfo("image header", 24, 24, "libxc format version 3, little-endian"),
                new HeaderInfo("domain header", 48, 16, "x86 HVM, page_shift 12, Xen 4.17")), report.headers());
        assertEquals(List.of(
                new RecordInfo(0, 16, XL, 1, "LIBXC_CONTEXT", 0, "libxc stream v3, x86 HVM, Xen 4.17, follows"),
                new RecordInfo(1, 64, XC, 0x11, "X86_CPUID_POLICY", 48, "2 leaves"),
                new RecordInfo(2, 120, XC, 0x12, "X86_MSR_POLICY", 16, "1 MSR"),
                new RecordInfo(3, 144, XC, 0x10, "STATIC_DATA_END", 0, ""),
                new RecordInfo(4, pageOffset, XC, 1, "PAGE_DATA", 8 + 6 * 8 + 4 * 4096, "count 6, data pages 4, pfn 0x0..0x5, XTAB 1, XALLOC 1"),
                new RecordInfo(5, verifyOffset, XC, 0xD, "VERIFY", 0, "following PAGE_DATA is compared, not written"),
                new RecordInfo(6, verifiedPagesOffset, XC, 1, "PAGE_DATA", 8 + 2 * 8 + 2 * 4096, "count 2, data pages 2, pfn 0x2..0x3 (verify)"),
                new RecordInfo(7, tscOffset, XC, 8, "X86_TSC_INFO", 24, "mode 0, 2400000 kHz, elapsed 123456789 ns, incarnation 3"),
                new RecordInfo(8, tscOffset + 32, XC, 9, "HVM_CONTEXT", contextLength, "5 descriptors: HEADER CPU x2 LAPIC END"),
                new RecordInfo(9, tscOffset + 40 + contextLength, XC, 0xA, "HVM_PARAMS", 40, "count 2: [1]=0xfeffc [17]=0xfeffd"),
                new RecordInfo(10, endOffset, XC, 0, "END", 0, ""),
                new RecordInfo(11, emulatorOffset, XL, 3, "EMULATOR_CONTEXT", 15, "emulator 2 (qemu upstream) index 0, 7 bytes of state"),
                new RecordInfo(12, emulatorOffset + 24, XL, 0, "LIBXL_END", 0, "")), report.records());
        assertEquals(report.records(), streamed);

        List<String> lines = report.lines();
        assertEquals("framing: libxl", lines.getFirst());
        assertEquals("valid: 13 records, " + stream.length + " bytes", lines.getLast());
        assertEquals(1 + 3 + 1 + 13 + 1, lines.size());
        assertTrue(lines.get(9).contains("PAGE_DATA") && lines.get(9).contains("count 6, data pages 4"), lines.get(9));
    }

    @Test
    void describesAnXlSaveFileHeader() throws IOException {
        StreamBytes s = StreamBytes.libxl();
        s.sink().put(StreamBytes.xlHeader(XlSaveHeader.FLAG_STREAM_V2, "name=\"guest\""));
        s.headers(DomainType.X86_HVM).staticState().pageRange(0, 1, 0).deviceState().end();
        InspectionReport report = StreamInspector.inspect(ByteChannels.source(s.bytes(), 1 << 20), StreamReader.NO_PFN_LIMIT, true);
        assertTrue(report.valid(), report.error());
        assertEquals(StreamFraming.XL, report.framing());
        assertEquals(new HeaderInfo("xl header", 0, 48 + 4 + 13,
                "mandatory flags 0x2 (STREAMv2), optional flags 0x0, optional data 17 bytes, config 13 bytes"), report.headers().getFirst());
        assertEquals(65, report.headers().get(1).offset());
    }

    @Test
    void reportsTheRecordsBeforeTheFaultAndTheFault() throws IOException {
        StreamBytes s = StreamBytes.raw();
        s.headers(DomainType.X86_HVM).staticState().pageRange(0, 64, 0);
        long badOffset = s.offset();
        s.pageRange(64, 8, 0).deviceState().end();
        byte[] stream = s.bytes();

        InspectionReport bounded = StreamInspector.inspect(ByteChannels.source(stream, 1 << 20), 64, true);
        assertFalse(bounded.valid());
        Faults.assertFault(Faults.record(4, "PAGE_DATA", badOffset), bounded.error(), "entry 0", "pfn 0x40", "beyond the destination", "0x40)");
        assertEquals(List.of("X86_CPUID_POLICY", "X86_MSR_POLICY", "STATIC_DATA_END", "PAGE_DATA"),
                bounded.records().stream().map(RecordInfo::name).toList());
        assertEquals("INVALID: " + bounded.error(), bounded.lines().getLast());
        assertEquals(badOffset + 16 + 8 * 8, bounded.bytesRead());

        InspectionReport unbounded = StreamInspector.inspect(ByteChannels.source(stream, 1 << 20), StreamReader.NO_PFN_LIMIT, true);
        assertTrue(unbounded.valid(), unbounded.error());
        assertEquals(9, unbounded.records().size());
    }

    @Test
    void reportsAHeaderFault() throws IOException {
        byte[] stream = new byte[40];
        java.util.Arrays.fill(stream, 0, 8, (byte) 0xFF);
        InspectionReport report = StreamInspector.inspect(ByteChannels.source(stream, 1 << 20), StreamReader.NO_PFN_LIMIT, true);
        Faults.assertFault(Faults.header("image header", 0), report.error(), "id 0x00000000", "\"XENF\"");
        assertEquals(StreamFraming.LIBXC, report.framing());
        assertEquals(List.of(), report.records());
        assertEquals(List.of(), report.headers());
    }

    @Test
    void describesWhatRestoreDoesNotApply() throws IOException {
        StreamBytes x = StreamBytes.libxl();
        ByteBuffer libxlHeader = ByteBuffer.allocate(LibxlHeaderDescriptor.LENGTH);
        LibxlHeaderDescriptor.encode(libxlHeader, 0);
        x.sink().put(libxlHeader.array());
        // an emulator record before LIBXC_CONTEXT: no domain type to check it against yet
        x.libxlRecord(LibxlRecordType.EMULATOR_XENSTORE_DATA, StreamBytes.emulatorBody(1, 0, "a\0b\0c\0\0".getBytes()));
        x.libxlRecord(LibxlRecordType.LIBXC_CONTEXT, new byte[0]);
        x.sink().put(StreamBytes.raw().headers(DomainType.X86_HVM).bytes());
        x.staticState();
        x.pageData(new long[] {0, 1}, new int[] {PageType.BROKEN, PageType.NOTAB}, 0);
        x.record(RecordType.CHECKPOINT_DIRTY_PFN_LIST, new byte[16]);
        List<HvmParam> nine = new ArrayList<>();
        for (int i = 1; i <= 9; i++) {
            nine.add(new HvmParam(i, i));
        }
        x.record(RecordType.X86_TSC_INFO, TscInfoDescriptor.toBytes(StreamBytes.TSC)).record(RecordType.HVM_CONTEXT, StreamBytes.HVM_CONTEXT);
        x.record(RecordType.HVM_PARAMS, StreamBytes.params(nine)).record(RecordType.HVM_PARAMS, StreamBytes.params(nine.subList(0, 8)));
        x.empty(RecordType.CHECKPOINT);
        x.libxlRecord(LibxlRecordType.CHECKPOINT_STATE, new byte[] {3, 0, 0, 0});
        x.libxlRecord(LibxlRecordType.CHECKPOINT_END, new byte[0]);
        x.empty(RecordType.END);
        x.libxlRecord(LibxlRecordType.END, new byte[0]);
        InspectionReport report = StreamInspector.inspect(ByteChannels.source(x.bytes(), 1 << 20), StreamReader.NO_PFN_LIMIT, true);
        assertTrue(report.valid(), report.error());
        List<String> details = report.records().stream().map(r -> r.name() + ": " + r.detail()).toList();
        assertEquals(List.of(
                "EMULATOR_XENSTORE_DATA: emulator 1 (qemu traditional) index 0, 2 xenstore entries",
                "LIBXC_CONTEXT: libxc stream v3, x86 HVM, Xen 4.17, follows",
                "X86_CPUID_POLICY: 2 leaves", "X86_MSR_POLICY: 1 MSR", "STATIC_DATA_END: ",
                "PAGE_DATA: count 2, data pages 1, pfn 0x0..0x1, BROKEN 1",
                "CHECKPOINT_DIRTY_PFN_LIST: 2 pfns",
                "X86_TSC_INFO: mode 0, 2400000 kHz, elapsed 123456789 ns, incarnation 3",
                "HVM_CONTEXT: 5 descriptors: HEADER CPU x2 LAPIC END",
                "HVM_PARAMS: count 9: [1]=0x1 [2]=0x2 [3]=0x3 [4]=0x4 [5]=0x5 [6]=0x6 [7]=0x7 [8]=0x8 ...",
                "HVM_PARAMS: count 8: [1]=0x1 [2]=0x2 [3]=0x3 [4]=0x4 [5]=0x5 [6]=0x6 [7]=0x7 [8]=0x8",
                "CHECKPOINT: ", "CHECKPOINT_STATE: id 3", "CHECKPOINT_END: ", "END: ", "LIBXL_END: "), details);
    }

    @Test
    void aV2StreamsStaticDataEndsAtItsFirstPages() throws IOException {
        StreamBytes s = StreamBytes.raw();
        s.headers(DomainType.X86_HVM).record(RecordType.X86_CPUID_POLICY, StreamBytes.CPUID).pageRange(0, 2, 0).deviceState().end();
        byte[] v2 = s.bytes();
        v2[15] = 2;
        InspectionReport report = StreamInspector.inspect(ByteChannels.source(v2, 1 << 20), StreamReader.NO_PFN_LIMIT, true);
        assertTrue(report.valid(), report.error());
        assertEquals("count 2, data pages 2, pfn 0x0..0x1; static data ends here (v2 stream, no STATIC_DATA_END)",
                report.records().get(1).detail());
        assertEquals("", report.records().get(5).detail());
    }

    @Test
    void anEmulatorRecordInAPvStreamIsRefused() throws IOException {
        StreamBytes s = StreamBytes.libxl();
        s.headers(DomainType.X86_PV).pvStaticState();
        s.pvVcpu(RecordType.X86_PV_VCPU_BASIC, 0, new byte[PvVcpuDescriptor.BASIC_64_LENGTH]).empty(RecordType.END);
        s.libxlRecord(LibxlRecordType.EMULATOR_CONTEXT, StreamBytes.emulatorBody(2, 0, new byte[8]));
        InspectionReport report = StreamInspector.inspect(ByteChannels.source(s.bytes(), 1 << 20), StreamReader.NO_PFN_LIMIT, true);
        Faults.assertFault(Faults.record(s.lastIndex(), "EMULATOR_CONTEXT", s.lastOffset()), report.error(),
                "emulator record in an x86 PV stream");
    }
}
