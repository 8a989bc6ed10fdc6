package io.livemig.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Byte-exact layouts: hex pins written out by hand from the reference (section 3), and round trips
 * of what the writer wrote through the descriptors the reader decodes with.
 */
class StreamWriterLayoutTest {
    private static final HexFormat HEX = HexFormat.of();

    /** The bytes a sink received, as hex. */
    private static String hex(ByteChannels.Sink sink) {
        return HEX.formatHex(sink.toByteArray());
    }

    private static String hex(String spaced) {
        return spaced.replaceAll("\\s+", "");
    }

    @Test
    void headersOfAnHvmStream() throws IOException {
        ByteChannels.Sink sink = new ByteChannels.Sink();
        new StreamWriter(new ChannelOutput(sink), false).writeHeaders(DomainType.X86_HVM, 4, 17);
        assertEquals(hex("""
                ffffffffffffffff 58454e46 00000003 0000 0000 00000000
                02000000 0c00 0000 04000000 11000000
                """), hex(sink));

        ByteBuffer b = ByteBuffer.wrap(sink.toByteArray());
        assertEquals(ImageHeaderDescriptor.MARKER, ImageHeaderDescriptor.marker(b, 0));
        assertEquals(ImageHeaderDescriptor.ID, ImageHeaderDescriptor.id(b, 0));
        assertEquals(ImageHeaderDescriptor.VERSION, ImageHeaderDescriptor.version(b, 0));
        assertEquals(0, ImageHeaderDescriptor.options(b, 0));
        assertEquals(0, ImageHeaderDescriptor.reserved16(b, 0) | ImageHeaderDescriptor.reserved32(b, 0));
        int d = ImageHeaderDescriptor.LENGTH;
        assertEquals(DomainType.X86_HVM, DomainType.ofCode(DomainHeaderDescriptor.type(b, d)));
        assertEquals(StreamFormat.PAGE_SHIFT, DomainHeaderDescriptor.pageShift(b, d));
        assertEquals(0, DomainHeaderDescriptor.reserved(b, d));
        assertEquals(4, DomainHeaderDescriptor.xenMajor(b, d));
        assertEquals(17, DomainHeaderDescriptor.xenMinor(b, d));
        assertEquals(ImageHeaderDescriptor.LENGTH + DomainHeaderDescriptor.LENGTH, b.limit());
    }

    @Test
    void recordsArePaddedWithZerosToEightBytes() throws IOException {
        ByteChannels.Sink sink = new ByteChannels.Sink();
        StreamWriter w = new StreamWriter(new ChannelOutput(sink), false);
        w.writeRecord(RecordType.X86_CPUID_POLICY | RecordDescriptor.OPTIONAL, new byte[] {1, 2, 3, 4, 5});
        w.writeEmptyRecord(RecordType.STATIC_DATA_END);
        assertEquals(hex("""
                11000080 05000000 0102030405 000000
                10000000 00000000
                """), hex(sink));
        assertEquals(2, w.records());

        ByteBuffer b = ByteBuffer.wrap(sink.toByteArray());
        assertEquals(RecordType.X86_CPUID_POLICY | RecordDescriptor.OPTIONAL, RecordDescriptor.type(b, 0));
        assertEquals(5, RecordDescriptor.bodyLength(b, 0));
        int next = (int) RecordDescriptor.recordLength(5);
        assertEquals(16, next);
        assertEquals(RecordType.STATIC_DATA_END, RecordDescriptor.type(b, next));
        assertEquals(0, RecordDescriptor.bodyLength(b, next));
    }

    @Test
    void pageDataEntriesCarryTheTypeInTheTopFourBits() throws IOException {
        ByteChannels.Sink sink = new ByteChannels.Sink();
        StreamWriter w = new StreamWriter(new ChannelOutput(sink), false);
        PageDataWriter pages = new PageDataWriter(w, 1024);
        ByteBuffer page = ByteBuffer.allocateDirect(4096);
        for (int i = 0; i < 4096; i++) {
            page.put(i, (byte) 0xAB);
        }
        int written = pages.write(new long[] {0x12345, 0x7}, new int[] {PageType.NOTAB, PageType.XTAB}, 2,
                new ByteBuffer[] {page}, 1);
        assertEquals(1, written);
        assertEquals(1, w.records(), "PAGE_DATA counts as a record of the stream");
        assertThrows(IllegalArgumentException.class, () -> new PageDataWriter(w, 0));
        assertThrows(IllegalArgumentException.class, () -> new PageDataWriter(w, StreamFormat.MAX_BATCH_SIZE + 1));
        new PageDataWriter(w, 1);
        new PageDataWriter(w, StreamFormat.MAX_BATCH_SIZE);
        String expected = hex("""
                01000000 18100000 02000000 00000000
                4523010000000000 07000000000000f0
                """) + "ab".repeat(4096);
        assertEquals(expected, hex(sink));

        ByteBuffer b = ByteBuffer.wrap(sink.toByteArray());
        assertEquals(RecordType.PAGE_DATA, RecordDescriptor.type(b, 0));
        assertEquals(PageDataDescriptor.bodyLength(2, 1), RecordDescriptor.bodyLength(b, 0));
        int body = RecordDescriptor.HEADER_LENGTH;
        assertEquals(2, PageDataDescriptor.count(b, body));
        assertEquals(0, PageDataDescriptor.reserved(b, body));
        ByteBuffer entries = b.slice(body + PageDataDescriptor.ENTRIES_OFFSET, 2 * PageDataDescriptor.ENTRY_LENGTH);
        assertEquals(0x12345, PageDataDescriptor.pfn(PageDataDescriptor.entry(entries, 0)));
        assertEquals(PageType.NOTAB, PageDataDescriptor.type(PageDataDescriptor.entry(entries, 0)));
        assertEquals(0x7, PageDataDescriptor.pfn(PageDataDescriptor.entry(entries, 1)));
        assertEquals(PageType.XTAB, PageDataDescriptor.type(PageDataDescriptor.entry(entries, 1)));
        assertEquals(0, PageDataDescriptor.reservedBits(PageDataDescriptor.entry(entries, 1)));
    }

    @Test
    void deviceStateAndEndInXensOrder() throws IOException {
        ByteChannels.Sink sink = new ByteChannels.Sink();
        StreamWriter w = new StreamWriter(new ChannelOutput(sink), false);
        byte[] ctx = HvmContext.build(0, 0, 0, List.of());
        w.writeDeviceState(new DeviceState(new TscInfo(1, 2_400_000, 5, 3), ctx, List.of(new HvmParam(1, 0xfeff0))));
        w.writeEnd();
        String tsc = hex("08000000 18000000 01000000 009f2400 0500000000000000 03000000 00000000");
        String hvm = hex("09000000 28000000") + HEX.formatHex(ctx);
        String params = hex("0a000000 18000000 01000000 00000000 0100000000000000 f0ef0f0000000000");
        String end = hex("00000000 00000000");
        assertEquals(tsc + hvm + params + end, hex(sink));
        assertEquals(40, ctx.length);

        ByteBuffer b = ByteBuffer.wrap(sink.toByteArray());
        int at = RecordDescriptor.HEADER_LENGTH;
        assertEquals(new TscInfo(1, 2_400_000, 5, 3), TscInfoDescriptor.decode(b, at));
        assertEquals(0, TscInfoDescriptor.reserved(b, at));
        at += TscInfoDescriptor.LENGTH;
        assertEquals(RecordType.HVM_CONTEXT, RecordDescriptor.type(b, at));
        at += (int) RecordDescriptor.recordLength(ctx.length);
        assertEquals(RecordType.HVM_PARAMS, RecordDescriptor.type(b, at));
        int paramsAt = at + RecordDescriptor.HEADER_LENGTH;
        assertEquals(1, HvmParamsDescriptor.count(b, paramsAt));
        assertEquals(new HvmParam(1, 0xfeff0), HvmParamsDescriptor.entry(b.slice(paramsAt + HvmParamsDescriptor.ENTRIES_OFFSET,
                HvmParamsDescriptor.ENTRY_LENGTH), 0));
    }

    @Test
    void staticStateWithoutPoliciesIsStaticDataEndAlone() throws IOException {
        ByteChannels.Sink sink = new ByteChannels.Sink();
        StreamWriter w = new StreamWriter(new ChannelOutput(sink), false);
        w.writeStaticState(StaticState.NONE);
        assertEquals(hex("10000000 00000000"), hex(sink));
        assertEquals(1, w.records());
    }

    @Test
    void hvmParamsAreOmittedWhenThereAreNone() throws IOException {
        ByteChannels.Sink sink = new ByteChannels.Sink();
        StreamWriter w = new StreamWriter(new ChannelOutput(sink), false);
        w.writeDeviceState(new DeviceState(new TscInfo(0, 0, 0, 0), HvmContext.build(0, 0, 0, List.of()), List.of()));
        assertEquals(2, w.records());
    }

    @Test
    void libxlFramingWrapsTheLibxcStream() throws IOException {
        ByteChannels.Sink sink = new ByteChannels.Sink();
        StreamWriter w = new StreamWriter(new ChannelOutput(sink), true);
        w.writeHeaders(DomainType.X86_HVM, 4, 17);
        w.writeEnd();
        String s = hex(sink);
        assertEquals(hex("4c6962786c466d74 00000002 00000000 01000000 00000000"), s.substring(0, 48));
        assertEquals(hex("ffffffffffffffff"), s.substring(48, 64));
        assertEquals(hex("00000000 00000000 00000000 00000000"), s.substring(s.length() - 32));

        ByteBuffer b = ByteBuffer.wrap(sink.toByteArray());
        assertEquals(LibxlHeaderDescriptor.IDENT, LibxlHeaderDescriptor.ident(b, 0));
        assertEquals(LibxlHeaderDescriptor.VERSION, LibxlHeaderDescriptor.version(b, 0));
        assertEquals(0, LibxlHeaderDescriptor.options(b, 0));
        assertEquals(LibxlRecordType.LIBXC_CONTEXT, RecordDescriptor.type(b, LibxlHeaderDescriptor.LENGTH));
        assertEquals(LibxlRecordType.END, RecordDescriptor.type(b, b.limit() - RecordDescriptor.HEADER_LENGTH));
    }

    @Test
    void xlHeaderGoesThroughTheChannelOutput() throws IOException {
        ByteChannels.Sink sink = new ByteChannels.Sink();
        ChannelOutput out = new ChannelOutput(sink);
        XlSaveHeader header = XlSaveHeader.forConfig("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), true);
        StreamWriter.writeXlHeader(out, header);
        assertEquals(hex("""
                58656e20736176656420646f6d61696e2c20786c20666f726d61740a2000200d
                04030201 03000000 00000000 07000000
                03000000 7b7d00
                """), hex(sink));
        assertEquals(XlHeaderDescriptor.LENGTH + 7, out.bytesWritten());

        ByteBuffer b = ByteBuffer.wrap(sink.toByteArray());
        assertEquals(-1, XlHeaderDescriptor.magicMismatch(b, 0, 0, XlHeaderDescriptor.MAGIC_LENGTH));
        assertEquals(XlHeaderDescriptor.BYTE_ORDER_MARKER, XlHeaderDescriptor.byteOrder(b, 0));
        assertEquals(header.mandatoryFlags(), XlHeaderDescriptor.mandatoryFlags(b, 0));
        assertEquals(header.optionalFlags(), XlHeaderDescriptor.optionalFlags(b, 0));
        assertEquals(header.optionalDataLength(), XlHeaderDescriptor.optionalDataLength(b, 0));
        assertEquals(header.config().length, XlHeaderDescriptor.configLength(b, XlHeaderDescriptor.LENGTH));
    }

    @Test
    void hvmContextRoundTripsAndRejectsAMissingEnd() {
        byte[] blob = HvmContext.build(7, 1, 2, List.of(new HvmContext.Entry(2, 0, new byte[] {9, 9})));
        List<HvmContext.Entry> entries = HvmContext.parse(blob);
        assertEquals(List.of(1, 2, 0), entries.stream().map(HvmContext.Entry::typecode).toList());
        byte[] cut = java.util.Arrays.copyOf(blob, blob.length - 8);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> HvmContext.parse(cut));
        assertEquals("HVM context: no END descriptor", e.getMessage());
    }
}
