package io.livemig.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte-exact layouts, written out by hand from the reference (section 3). */
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
    }

    @Test
    void recordsArePaddedWithZerosToEightBytes() throws IOException {
        ByteChannels.Sink sink = new ByteChannels.Sink();
        StreamWriter w = new StreamWriter(new ChannelOutput(sink), false);
        w.writeRecord(RecordType.X86_CPUID_POLICY | StreamFormat.RECORD_OPTIONAL, new byte[] {1, 2, 3, 4, 5});
        w.writeEmptyRecord(RecordType.STATIC_DATA_END);
        assertEquals(hex("""
                11000080 05000000 0102030405 000000
                10000000 00000000
                """), hex(sink));
        assertEquals(2, w.records());
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
        String expected = hex("""
                01000000 18100000 02000000 00000000
                4523010000000000 07000000000000f0
                """) + "ab".repeat(4096);
        assertEquals(expected, hex(sink));
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
