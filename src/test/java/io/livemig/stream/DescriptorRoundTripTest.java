package io.livemig.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every descriptor's encode and decode agree, field by field, for a structure written at an
 * offset into a buffer full of 0xFF: each field lands where its offset says, reserved fields are
 * written as zeros, and nothing outside the structure is touched. The fields are read back
 * through the descriptor and, independently, with a plain ByteBuffer of the stated byte order.
 */
class DescriptorRoundTripTest {
    private static final int AT = 13;

    private static ByteBuffer dirty(int size) {
        ByteBuffer b = ByteBuffer.allocate(AT + size + 7);
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, (byte) 0xFF);
        }
        return b;
    }

    /** Bytes before {@code AT} and from {@code AT + length} on are still 0xFF. */
    private static void untouchedAround(ByteBuffer b, int length) {
        for (int i = 0; i < b.capacity(); i++) {
            if (i < AT || i >= AT + length) {
                assertEquals((byte) 0xFF, b.get(i), "byte " + i + " outside the structure");
            }
        }
    }

    private static ByteBuffer le(ByteBuffer b) {
        return b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer be(ByteBuffer b) {
        return b.duplicate().order(ByteOrder.BIG_ENDIAN);
    }

    @Test
    void recordHeader() {
        ByteBuffer b = dirty(RecordDescriptor.HEADER_LENGTH);
        RecordDescriptor.encodeHeader(b, AT, 0x80000012, 0xfffffff0);
        assertEquals(0x80000012, RecordDescriptor.type(b, AT));
        assertEquals(0xfffffff0L, RecordDescriptor.bodyLength(b, AT));
        assertEquals(0x80000012, le(b).getInt(AT));
        assertEquals(0xfffffff0, le(b).getInt(AT + 4));
        untouchedAround(b, RecordDescriptor.HEADER_LENGTH);
        assertEquals(0, RecordDescriptor.paddingFor(0));
        assertEquals(7, RecordDescriptor.paddingFor(1));
        assertEquals(1, RecordDescriptor.paddingFor(7));
        assertEquals(0, RecordDescriptor.paddingFor(8));
        assertEquals(8 + 16, RecordDescriptor.recordLength(9));
    }

    @Test
    void imageHeader() {
        ByteBuffer b = dirty(ImageHeaderDescriptor.LENGTH);
        ImageHeaderDescriptor.encode(b, AT);
        assertEquals(ImageHeaderDescriptor.MARKER, ImageHeaderDescriptor.marker(b, AT));
        assertEquals(ImageHeaderDescriptor.ID, ImageHeaderDescriptor.id(b, AT));
        assertEquals(3, ImageHeaderDescriptor.version(b, AT));
        assertEquals(0, ImageHeaderDescriptor.options(b, AT));
        assertEquals(0, ImageHeaderDescriptor.reserved16(b, AT));
        assertEquals(0, ImageHeaderDescriptor.reserved32(b, AT));
        assertEquals(0x58454E46, be(b).getInt(AT + 8));
        assertEquals(3, be(b).getInt(AT + 12));
        untouchedAround(b, ImageHeaderDescriptor.LENGTH);
        be(b).putShort(AT + 16, (short) 0x8001).putShort(AT + 18, (short) 0x1234).putInt(AT + 20, 0x56789abc);
        assertEquals(0x8001, ImageHeaderDescriptor.options(b, AT));
        assertEquals(0x1234, ImageHeaderDescriptor.reserved16(b, AT));
        assertEquals(0x56789abc, ImageHeaderDescriptor.reserved32(b, AT));
    }

    @Test
    void domainHeader() {
        ByteBuffer b = dirty(DomainHeaderDescriptor.LENGTH);
        DomainHeaderDescriptor.encode(b, AT, DomainType.X86_PV, 0x10004, 0x20017);
        assertEquals(DomainType.X86_PV.code(), DomainHeaderDescriptor.type(b, AT));
        assertEquals(StreamFormat.PAGE_SHIFT, DomainHeaderDescriptor.pageShift(b, AT));
        assertEquals(0, DomainHeaderDescriptor.reserved(b, AT));
        assertEquals(0x10004, DomainHeaderDescriptor.xenMajor(b, AT));
        assertEquals(0x20017, DomainHeaderDescriptor.xenMinor(b, AT));
        assertEquals(0x20017, le(b).getInt(AT + 12));
        untouchedAround(b, DomainHeaderDescriptor.LENGTH);
        le(b).putShort(AT + 6, (short) 0xbeef);
        assertEquals(0xbeef, DomainHeaderDescriptor.reserved(b, AT));
    }

    @Test
    void libxlHeader() {
        ByteBuffer b = dirty(LibxlHeaderDescriptor.LENGTH);
        LibxlHeaderDescriptor.encode(b, AT);
        assertEquals(LibxlHeaderDescriptor.IDENT, LibxlHeaderDescriptor.ident(b, AT));
        assertEquals(2, LibxlHeaderDescriptor.version(b, AT));
        assertEquals(0, LibxlHeaderDescriptor.options(b, AT));
        assertEquals(0x4c6962786c466d74L, be(b).getLong(AT));
        untouchedAround(b, LibxlHeaderDescriptor.LENGTH);
        be(b).putInt(AT + 12, LibxlHeaderDescriptor.OPT_LEGACY);
        assertEquals(LibxlHeaderDescriptor.OPT_LEGACY, LibxlHeaderDescriptor.options(b, AT));
    }

    @Test
    void xlHeader() {
        XlSaveHeader h = new XlSaveHeader(XlSaveHeader.FLAG_STREAM_V2, 0x40, 4 + 3, new byte[] {'a', 'b', 0});
        int length = (int) XlHeaderDescriptor.encodedLength(h);
        assertEquals(48 + 7, length);
        ByteBuffer b = dirty(length);
        XlHeaderDescriptor.encode(b, AT, h);
        assertEquals(-1, XlHeaderDescriptor.magicMismatch(b, AT, 0, XlHeaderDescriptor.MAGIC_LENGTH));
        assertEquals(XlHeaderDescriptor.BYTE_ORDER_MARKER, XlHeaderDescriptor.byteOrder(b, AT));
        assertEquals(XlSaveHeader.FLAG_STREAM_V2, XlHeaderDescriptor.mandatoryFlags(b, AT));
        assertEquals(0x40, XlHeaderDescriptor.optionalFlags(b, AT));
        assertEquals(7, XlHeaderDescriptor.optionalDataLength(b, AT));
        assertEquals(3, XlHeaderDescriptor.configLength(b, AT + XlHeaderDescriptor.LENGTH));
        assertEquals(0x40, le(b).getInt(AT + 40));
        assertEquals('a', b.get(AT + 52));
        untouchedAround(b, length);
        b.put(AT + 20, (byte) 'X');
        assertEquals(20, XlHeaderDescriptor.magicMismatch(b, AT, 8, XlHeaderDescriptor.MAGIC_LENGTH));
        assertEquals(-1, XlHeaderDescriptor.magicMismatch(b, AT, 0, 20));
        le(b).putInt(AT + XlHeaderDescriptor.LENGTH, -1);
        assertEquals(0xffffffffL, XlHeaderDescriptor.configLength(b, AT + XlHeaderDescriptor.LENGTH));
    }

    @Test
    void pageData() {
        ByteBuffer b = dirty(PageDataDescriptor.HEADER_LENGTH);
        PageDataDescriptor.encodeHeader(b, AT, 1024);
        assertEquals(1024, PageDataDescriptor.count(b, AT));
        assertEquals(0, PageDataDescriptor.reserved(b, AT));
        assertEquals(1024, le(b).getInt(AT));
        untouchedAround(b, PageDataDescriptor.HEADER_LENGTH);
        le(b).putInt(AT, -1).putInt(AT + 4, 5);
        assertEquals(0xffffffffL, PageDataDescriptor.count(b, AT));
        assertEquals(5, PageDataDescriptor.reserved(b, AT));

        ByteBuffer entries = ByteBuffer.allocate(3 * PageDataDescriptor.ENTRY_LENGTH);
        PageDataDescriptor.putEntry(entries, 2, PageDataDescriptor.PFN_MASK, PageType.XTAB);
        long entry = PageDataDescriptor.entry(entries, 2);
        assertEquals(0xF00FFFFFFFFFFFFFL, le(entries).getLong(16));
        assertEquals(PageDataDescriptor.PFN_MASK, PageDataDescriptor.pfn(entry));
        assertEquals(PageType.XTAB, PageDataDescriptor.type(entry));
        assertEquals(0, PageDataDescriptor.reservedBits(entry));
        assertEquals(0x0FF0000000000000L, PageDataDescriptor.reservedBits(-1L));
        assertEquals(0, PageDataDescriptor.entry(entries, 1));
        assertEquals(8 + 3 * 8 + 2 * 4096, PageDataDescriptor.bodyLength(3, 2));
    }

    @Test
    void tscInfo() {
        TscInfo tsc = new TscInfo(0x11, 0x2222, 0x3333333333L, 0x44);
        ByteBuffer b = dirty(TscInfoDescriptor.LENGTH);
        TscInfoDescriptor.encode(b, AT, tsc);
        assertEquals(tsc, TscInfoDescriptor.decode(b, AT));
        assertEquals(0, TscInfoDescriptor.reserved(b, AT));
        assertEquals(0x3333333333L, le(b).getLong(AT + 8));
        untouchedAround(b, TscInfoDescriptor.LENGTH);
        le(b).putInt(AT + 20, 9);
        assertEquals(9, TscInfoDescriptor.reserved(b, AT));
        byte[] plain = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putInt(tsc.mode()).putInt(tsc.khz())
                .putLong(tsc.nsec()).putInt(tsc.incarnation()).putInt(0).array();
        assertArrayEquals(plain, TscInfoDescriptor.toBytes(tsc));
    }

    @Test
    void hvmParams() {
        List<HvmParam> params = List.of(new HvmParam(1, 0x1111), new HvmParam(0x7fffffffffffffffL, -2));
        int length = (int) HvmParamsDescriptor.bodyLength(params.size());
        assertEquals(8 + 32, length);
        ByteBuffer b = dirty(length);
        HvmParamsDescriptor.encode(b, AT, params);
        assertEquals(2, HvmParamsDescriptor.count(b, AT));
        assertEquals(0, HvmParamsDescriptor.reserved(b, AT));
        ByteBuffer entries = b.slice(AT + HvmParamsDescriptor.ENTRIES_OFFSET, 32);
        assertEquals(params.get(0), HvmParamsDescriptor.entry(entries, 0));
        assertEquals(params.get(1), HvmParamsDescriptor.entry(entries, 1));
        assertEquals(-2, le(b).getLong(AT + 8 + 16 + 8));
        untouchedAround(b, length);
        le(b).putInt(AT, -1).putInt(AT + 4, 3);
        assertEquals(0xffffffffL, HvmParamsDescriptor.count(b, AT));
        assertEquals(3, HvmParamsDescriptor.reserved(b, AT));
        assertArrayEquals(Arrays.copyOfRange(b.array(), AT + 8, AT + length), Arrays.copyOfRange(HvmParamsDescriptor.toBytes(params), 8, length));
    }

    @Test
    void pvRecords() {
        ByteBuffer b = dirty(PvInfoDescriptor.LENGTH);
        PvInfoDescriptor.encode(b, AT, 8, 4);
        assertEquals(8, PvInfoDescriptor.guestWidth(b, AT));
        assertEquals(4, PvInfoDescriptor.ptLevels(b, AT));
        assertEquals(0, PvInfoDescriptor.reserved(b, AT));
        untouchedAround(b, PvInfoDescriptor.LENGTH);
        b.put(AT + 2, (byte) 1).put(AT + 7, (byte) 0x80);
        assertEquals(0x800000000001L, PvInfoDescriptor.reserved(b, AT));
        b.put(AT, (byte) 0xF4);
        assertEquals(0xF4, PvInfoDescriptor.guestWidth(b, AT));
        assertTrue(PvInfoDescriptor.validCombination(4, 3));
        assertTrue(PvInfoDescriptor.validCombination(8, 4));
        assertFalse(PvInfoDescriptor.validCombination(8, 3));
        assertFalse(PvInfoDescriptor.validCombination(4, 4));

        ByteBuffer v = dirty(PvVcpuDescriptor.HEADER_LENGTH);
        PvVcpuDescriptor.encodeHeader(v, AT, 0x12345);
        assertEquals(0x12345, PvVcpuDescriptor.vcpuId(v, AT));
        assertEquals(0, PvVcpuDescriptor.reserved(v, AT));
        untouchedAround(v, PvVcpuDescriptor.HEADER_LENGTH);
        le(v).putInt(AT + 4, 6);
        assertEquals(6, PvVcpuDescriptor.reserved(v, AT));

        ByteBuffer p = dirty(PvP2mFramesDescriptor.HEADER_LENGTH);
        le(p).putInt(AT, 0x80000001).putInt(AT + 4, 0x80000002);
        assertEquals(0x80000001L, PvP2mFramesDescriptor.startPfn(p, AT));
        assertEquals(0x80000002L, PvP2mFramesDescriptor.endPfn(p, AT));
        assertEquals(1, PvP2mFramesDescriptor.frames(0, 511, 8));
        assertEquals(2, PvP2mFramesDescriptor.frames(511, 512, 8));
        assertEquals(2, PvP2mFramesDescriptor.frames(1000, 1100, 4));
        assertEquals(2, PvP2mFramesDescriptor.frames(1024, 2047, 8));
        assertEquals(8 + 16, PvP2mFramesDescriptor.bodyLength(2));
    }

    @Test
    void cpuPolicies() {
        ByteBuffer c = ByteBuffer.allocate(2 * CpuPolicyDescriptor.CPUID_LENGTH);
        CpuPolicyDescriptor.putCpuid(c, 1, 7, 1, 0xa, 0xb, 0xc, 0xd);
        ByteBuffer l = le(c);
        assertEquals(List.of(7, 1, 0xa, 0xb, 0xc, 0xd), List.of(l.getInt(24), l.getInt(28), l.getInt(32), l.getInt(36), l.getInt(40), l.getInt(44)));
        assertEquals(0, l.getLong(0));

        ByteBuffer m = ByteBuffer.allocate(2 * CpuPolicyDescriptor.MSR_LENGTH);
        CpuPolicyDescriptor.putMsr(m, 1, 0xc0000080, 3, 0x0123456789abcdefL);
        assertEquals(0xc0000080, CpuPolicyDescriptor.msrIndex(m, 1));
        assertEquals(3, CpuPolicyDescriptor.msrFlags(m, 1));
        assertEquals(0x0123456789abcdefL, le(m).getLong(24));
        assertEquals(0, CpuPolicyDescriptor.msrIndex(m, 0));
        assertEquals(2, new StreamRecord.CpuidPolicy(c.array()).leaves());
        assertEquals(2, new StreamRecord.MsrPolicy(m.array()).entries());
    }

    @Test
    void libxlBodies() {
        ByteBuffer e = dirty(EmulatorDescriptor.HEADER_LENGTH);
        EmulatorDescriptor.encodeHeader(e, AT, EmulatorDescriptor.EMULATOR_QEMU_UPSTREAM, 0x77);
        assertEquals(2, EmulatorDescriptor.emulatorId(e, AT));
        assertEquals(0x77, EmulatorDescriptor.index(e, AT));
        assertEquals(0x77, le(e).getInt(AT + 4));
        untouchedAround(e, EmulatorDescriptor.HEADER_LENGTH);
        assertEquals("unknown", EmulatorDescriptor.emulatorName(0));
        assertEquals("qemu traditional", EmulatorDescriptor.emulatorName(1));
        assertEquals("qemu upstream", EmulatorDescriptor.emulatorName(2));
        assertEquals("reserved", EmulatorDescriptor.emulatorName(3));

        ByteBuffer s = dirty(CheckpointStateDescriptor.LENGTH);
        CheckpointStateDescriptor.encode(s, AT, 0x03020100);
        assertEquals(0x03020100, CheckpointStateDescriptor.controlId(s, AT));
        assertEquals(0x03020100, le(s).getInt(AT));
        untouchedAround(s, CheckpointStateDescriptor.LENGTH);
    }

    @Test
    void hvmContextSaveRecords() {
        byte[] blob = HvmContext.build(0x0102030405060708L, 0x906ea, 2_400_000, List.of(new HvmContext.Entry(2, 3, new byte[] {9})));
        ByteBuffer b = le(ByteBuffer.wrap(blob));
        assertEquals(HvmContext.TYPE_HEADER, b.getShort(0));
        assertEquals(HvmContext.HEADER_PAYLOAD_SIZE, b.getInt(4));
        assertEquals(HvmContext.HEADER_MAGIC, b.getInt(8));
        assertEquals(HvmContext.HEADER_VERSION, b.getInt(12));
        assertEquals(0x0102030405060708L, b.getLong(16));
        assertEquals(0x906ea, b.getInt(24));
        assertEquals(2_400_000, b.getInt(28));
        assertEquals(2, b.getShort(32));
        assertEquals(3, b.getShort(34));
        assertEquals(1, b.getInt(36));
        assertEquals(9, b.get(40));
        assertEquals(HvmContext.TYPE_END, b.getShort(41));
        assertEquals(0, b.getInt(45));
        assertEquals(49, blob.length);
        List<HvmContext.Entry> entries = HvmContext.parse(blob);
        assertEquals(3, entries.size());
        assertEquals(3, entries.get(1).instance());
        assertArrayEquals(new byte[] {9}, entries.get(1).payload());
    }

    @Test
    void namesComeFromTheTypes() {
        assertEquals("x86 PV", DomainType.nameOf(1));
        assertEquals("x86 HVM", DomainType.nameOf(2));
        assertEquals("x86 PVH", DomainType.nameOf(3));
        assertEquals("ARM", DomainType.nameOf(4));
        assertEquals("reserved", DomainType.nameOf(0));
        assertNull(DomainType.ofCode(3));
        assertEquals(List.of("NOTAB", "L1TAB", "L2TAB", "L3TAB", "L4TAB", "INVALID(5)", "INVALID(6)", "INVALID(7)", "INVALID(8)",
                "L1TAB|PIN", "L2TAB|PIN", "L3TAB|PIN", "L4TAB|PIN", "BROKEN", "XALLOC", "XTAB", "INVALID(16)"),
                java.util.stream.IntStream.rangeClosed(0, 16).mapToObj(PageType::name).toList());
        assertEquals(List.of(true, true, true, true, true, false, false, false, false, true, true, true, true, true, true, true, false),
                java.util.stream.IntStream.rangeClosed(0, 16).mapToObj(PageType::isValid).toList());
        assertFalse(PageType.isValid(-1));
        assertEquals(List.of(false, false, false, false, false, false, false, false, false, true, true, true, true, false),
                java.util.stream.IntStream.rangeClosed(0, 13).mapToObj(PageType::isPinnedTable).toList());
        assertTrue(RecordType.isKnown(RecordType.END));
        assertTrue(RecordType.isKnown(RecordType.X86_MSR_POLICY | RecordDescriptor.OPTIONAL));
        assertFalse(RecordType.isKnown(0x13));
        assertFalse(RecordType.isKnown(-1));
        assertEquals("X86_MSR_POLICY(optional)", RecordType.name(RecordType.X86_MSR_POLICY | RecordDescriptor.OPTIONAL));
        assertEquals("UNKNOWN(0x80000013)", RecordType.name(0x80000013));
        assertEquals("LIBXL_END", StreamReader.Layer.LIBXL.recordName(0));
        assertEquals("END", StreamReader.Layer.LIBXC.recordName(0));
        assertEquals("CHECKPOINT_STATE", LibxlRecordType.name(5));
        assertEquals("LIBXL_UNKNOWN(0x00000006)", LibxlRecordType.name(6));
    }
}
