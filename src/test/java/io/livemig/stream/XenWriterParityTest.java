package io.livemig.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The writer's bytes against what Xen 4.17 writes for an x86 HVM (or PVH) guest, laid out by hand
 * from tools/libs/guest/xg_sr_save.c (write_headers, write_batch), xg_sr_save_x86_hvm.c
 * (write_hvm_context, write_hvm_params), xg_sr_common_x86.c (write_x86_tsc_info,
 * write_x86_cpu_policy_records), xg_sr_common.c (write_split_record) and
 * tools/libs/light/libxl_stream_write.c.
 */
class XenWriterParityTest {
    private static final HexFormat HEX = HexFormat.of();

    private static String hex(String spaced) {
        return spaced.replaceAll("\\s+", "");
    }

    private static String hex(ByteChannels.Sink sink) {
        return HEX.formatHex(sink.toByteArray());
    }

    /** A complete libxl-wrapped stream of a one-page guest whose second pfn is a hole. */
    @Test
    void wholeLibxlStreamMatchesXensLayout() throws IOException {
        ByteChannels.Sink sink = new ByteChannels.Sink();
        StreamWriter w = new StreamWriter(new ChannelOutput(sink), true);
        byte[] cpuid = HEX.parseHex(hex("00000000 ffffffff 0d000000 47656e75 6e74656c 696e6549"));
        byte[] msr = HEX.parseHex(hex("ce000000 00000000 0000008000000000"));
        ByteBuffer page = ByteBuffer.allocateDirect(StreamFormat.PAGE_SIZE);
        for (int i = 0; i < StreamFormat.PAGE_SIZE; i++) {
            page.put(i, (byte) 0x5a);
        }
        byte[] context = HvmContext.build(0, 0x906ea, 2_400_000, List.of(new HvmContext.Entry(4, 0, new byte[] {7, 7, 7})));

        w.writeHeaders(DomainType.X86_HVM, 4, 17);
        w.writeStaticState(new StaticState(cpuid, msr));
        new PageDataWriter(w, StreamFormat.MAX_BATCH_SIZE).write(new long[] {0x100, 0x101},
                new int[] {PageType.NOTAB, PageType.XTAB}, 2, new ByteBuffer[] {page}, 1);
        w.writeDeviceState(new DeviceState(new TscInfo(0, 2_400_000, 0x1122334455L, 1), context,
                List.of(new HvmParam(HvmParam.STORE_PFN, 0xfeffc), new HvmParam(HvmParam.IDENT_PT, 0xfeffd000L))));
        w.writeEnd();

        String expected = hex("""
                4c6962786c466d74 00000002 00000000
                01000000 00000000
                ffffffffffffffff 58454e46 00000003 0000 0000 00000000
                02000000 0c00 0000 04000000 11000000
                11000000 18000000 00000000 ffffffff 0d000000 47656e75 6e74656c 696e6549
                12000000 10000000 ce000000 00000000 0000008000000000
                10000000 00000000
                01000000 18100000 02000000 00000000 0001000000000000 01010000000000f0
                """) + "5a".repeat(StreamFormat.PAGE_SIZE) + hex("""
                08000000 18000000 00000000 009f2400 5544332211000000 01000000 00000000
                09000000 33000000
                0100 0000 18000000 86123854 01000000 0000000000000000 ea060900 009f2400
                0400 0000 03000000 070707
                0000 0000 00000000
                0000000000
                0a000000 28000000 02000000 00000000
                0100000000000000 fcef0f0000000000
                0c00000000000000 00d0fffe00000000
                00000000 00000000
                00000000 00000000
                """);
        assertEquals(expected, hex(sink));
        assertEquals(51, context.length);
    }

    /** write_hvm_params sends only params whose value is not zero. */
    @Test
    void hvmParamsWithAZeroValueAreNotSent() throws IOException {
        ByteChannels.Sink sink = new ByteChannels.Sink();
        StreamWriter w = new StreamWriter(new ChannelOutput(sink), false);
        byte[] context = HvmContext.build(0, 0, 0, List.of());
        w.writeDeviceState(new DeviceState(new TscInfo(0, 0, 0, 0), context, List.of(
                new HvmParam(HvmParam.STORE_PFN, 0xfeffc), new HvmParam(HvmParam.IOREQ_PFN, 0),
                new HvmParam(HvmParam.CONSOLE_PFN, 0xfeffd), new HvmParam(HvmParam.VIRIDIAN, 0))));
        String tscAndContext = hex("08000000 18000000") + "00".repeat(24) + hex("09000000 28000000") + HEX.formatHex(context);
        assertEquals(tscAndContext + hex("""
                0a000000 28000000 02000000 00000000
                0100000000000000 fcef0f0000000000
                1100000000000000 fdef0f0000000000
                """), hex(sink));
        assertEquals(3, w.records());
    }

    /** With every param zero, write_hvm_params skips the record. */
    @Test
    void hvmParamsRecordIsOmittedWhenEveryValueIsZero() throws IOException {
        ByteChannels.Sink sink = new ByteChannels.Sink();
        StreamWriter w = new StreamWriter(new ChannelOutput(sink), false);
        byte[] context = HvmContext.build(0, 0, 0, List.of());
        w.writeDeviceState(new DeviceState(new TscInfo(0, 0, 0, 0), context, List.of(
                new HvmParam(HvmParam.IOREQ_PFN, 0), new HvmParam(HvmParam.MCA_CAP, 0))));
        assertEquals(2, w.records());
        assertEquals(8 + 24 + 8 + context.length, sink.size());
    }

    /** write_batch refuses an unknown page type; a type or pfn out of its field must not corrupt the entry. */
    @Test
    void pageDataRefusesEntriesXenCouldNotWrite() {
        ByteChannels.Sink sink = new ByteChannels.Sink();
        PageDataWriter pages = new PageDataWriter(new StreamWriter(new ChannelOutput(sink), false), 8);
        ByteBuffer[] none = new ByteBuffer[0];

        IllegalArgumentException deferred = assertThrows(IllegalArgumentException.class,
                () -> pages.write(new long[] {1, 2}, new int[] {PageType.XTAB, -1}, 2, none, 0));
        assertEquals("PAGE_DATA entry 1 (pfn 0x2): page type -1 is not a stream page type", deferred.getMessage());

        IllegalArgumentException five = assertThrows(IllegalArgumentException.class,
                () -> pages.write(new long[] {0x7}, new int[] {5}, 1, none, 0));
        assertEquals("PAGE_DATA entry 0 (pfn 0x7): page type 5 is not a stream page type", five.getMessage());

        IllegalArgumentException wide = assertThrows(IllegalArgumentException.class,
                () -> pages.write(new long[] {1L << 52}, new int[] {PageType.XTAB}, 1, none, 0));
        assertEquals("PAGE_DATA entry 0: pfn 0x10000000000000 does not fit the 52-bit pfn field", wide.getMessage());

        assertEquals(0, sink.size());
    }

    @Test
    void hvmParamsXenSavesAreListedInItsOrder() {
        assertEquals(List.of(1, 5, 6, 27, 28, 29, 37, 17, 19, 9, 12, 34, 32, 33, 36, 38), HvmParam.SAVED_BY_XEN);
    }
}
