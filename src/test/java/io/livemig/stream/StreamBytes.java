package io.livemig.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds migration streams for tests with the project's {@link StreamWriter} and
 * {@link PageDataWriter}, plus hand-made pieces (xl header, libxl records, malformed records),
 * remembering each record's index and offset for the expected error messages.
 */
public final class StreamBytes {
    public static final int XEN_MAJOR = 4;
    public static final int XEN_MINOR = 17;
    /** Two CPUID leaves. */
    public static final byte[] CPUID = cpuid();
    /** One MSR entry with flags 0. */
    public static final byte[] MSR = msr(0);
    public static final TscInfo TSC = new TscInfo(0, 2_400_000, 123_456_789L, 3);
    public static final byte[] HVM_CONTEXT = HvmContext.build(0x1234L, 0x906ea, 2_400_000, List.of(
            new HvmContext.Entry(HvmContext.TYPE_CPU, 0, filled(64, 1)),
            new HvmContext.Entry(HvmContext.TYPE_CPU, 1, filled(64, 2)),
            new HvmContext.Entry(5, 0, filled(24, 3))));
    public static final List<HvmParam> PARAMS = List.of(new HvmParam(HvmParam.STORE_PFN, 0xfeffc), new HvmParam(HvmParam.CONSOLE_PFN, 0xfeffd));

    private final ByteChannels.Sink out = new ByteChannels.Sink();
    private final boolean libxl;
    private final StreamWriter writer;
    private final PageDataWriter pages;
    private long nextIndex;
    private long lastOffset;

    /** A stream writer; {@code libxl} wraps the libxc stream in a libxl stream (header and LIBXC_CONTEXT count as written by {@link #headers}). */
    public StreamBytes(boolean libxl) {
        writer = new StreamWriter(new ChannelOutput(out), libxl);
        pages = new PageDataWriter(writer, StreamFormat.MAX_BATCH_SIZE);
        this.libxl = libxl;
    }

    public static StreamBytes raw() {
        return new StreamBytes(false);
    }

    public static StreamBytes libxl() {
        return new StreamBytes(true);
    }

    /** Offset the next record will have. */
    public long offset() {
        return out.size();
    }

    /** Index the next record will have. */
    public long index() {
        return nextIndex;
    }

    /** Offset of the record written last. */
    public long lastOffset() {
        return lastOffset;
    }

    /** Index of the record written last. */
    public long lastIndex() {
        return nextIndex - 1;
    }

    public byte[] bytes() {
        return out.toByteArray();
    }

    public ByteChannels.Sink sink() {
        return out;
    }

    /** Image and domain headers (after the libxl header and LIBXC_CONTEXT when wrapping). */
    public StreamBytes headers(DomainType type) throws IOException {
        writer.writeHeaders(type, XEN_MAJOR, XEN_MINOR);
        if (libxl) {
            nextIndex++; // LIBXC_CONTEXT
        }
        return this;
    }

    public StreamBytes record(int type, byte[] body) throws IOException {
        mark();
        writer.writeRecord(type, body);
        return this;
    }

    public StreamBytes empty(int type) throws IOException {
        return record(type, new byte[0]);
    }

    /** CPUID, MSR and STATIC_DATA_END, as Xen 4.14+ sends them. */
    public StreamBytes staticState() throws IOException {
        record(RecordType.X86_CPUID_POLICY, CPUID);
        record(RecordType.X86_MSR_POLICY, MSR);
        return empty(RecordType.STATIC_DATA_END);
    }

    /** One PAGE_DATA record; data pages hold {@link #page(long, int)} of generation {@code gen}. */
    public StreamBytes pageData(long[] pfns, int[] types, int gen) throws IOException {
        mark();
        ByteBuffer[] data = new ByteBuffer[pfns.length];
        int n = 0;
        for (int i = 0; i < pfns.length; i++) {
            if (PageType.carriesData(types[i])) {
                data[n++] = ByteBuffer.wrap(page(pfns[i], gen));
            }
        }
        pages.write(pfns, types, pfns.length, data, n);
        return this;
    }

    /** PAGE_DATA of NOTAB pages {@code first .. first+count-1}. */
    public StreamBytes pageRange(long first, int count, int gen) throws IOException {
        long[] pfns = new long[count];
        int[] types = new int[count];
        for (int i = 0; i < count; i++) {
            pfns[i] = first + i;
        }
        return pageData(pfns, types, gen);
    }

    /** X86_PV_INFO, encoded by {@link PvInfoDescriptor}. */
    public StreamBytes pvInfo(int guestWidth, int ptLevels) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(PvInfoDescriptor.LENGTH);
        PvInfoDescriptor.encode(b, 0, guestWidth, ptLevels);
        return record(RecordType.X86_PV_INFO, b.array());
    }

    /** The static data of a 64-bit x86 PV guest as Xen 4.17 sends them: X86_PV_INFO (8/4), CPUID, MSR, STATIC_DATA_END. */
    public StreamBytes pvStaticState() throws IOException {
        pvInfo(8, 4);
        return staticState();
    }

    /** X86_PV_P2M_FRAMES of a 64-bit guest for pfns {@code start..end}; frame i is said to live in pfn {@code firstFramePfn + i}. */
    public StreamBytes p2mFrames(long start, long end, long firstFramePfn) throws IOException {
        long frames = PvP2mFramesDescriptor.frames(start, end, 8);
        ByteBuffer b = ByteBuffer.allocate((int) PvP2mFramesDescriptor.bodyLength(frames)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(PvP2mFramesDescriptor.START_PFN_OFFSET, (int) start).putInt(PvP2mFramesDescriptor.END_PFN_OFFSET, (int) end);
        for (int i = 0; i < frames; i++) {
            b.putLong(PvP2mFramesDescriptor.FRAMES_OFFSET + i * PvP2mFramesDescriptor.FRAME_LENGTH, firstFramePfn + i);
        }
        return record(RecordType.X86_PV_P2M_FRAMES, b.array());
    }

    /** An X86_PV_VCPU_* record: the vcpu header ({@link PvVcpuDescriptor}) and {@code context}. */
    public StreamBytes pvVcpu(int type, int vcpuId, byte[] context) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(PvVcpuDescriptor.HEADER_LENGTH + context.length);
        PvVcpuDescriptor.encodeHeader(b, 0, vcpuId);
        return record(type, b.put(PvVcpuDescriptor.CONTEXT_OFFSET, context).array());
    }

    /**
     * What Xen 4.17's x86 PV save sends after the last page pass: X86_TSC_INFO, SHARED_INFO, and
     * per vCPU BASIC (a 64-bit context), EXTENDED, XSAVE, MSRS.
     */
    public StreamBytes pvDeviceState(int vcpus) throws IOException {
        record(RecordType.X86_TSC_INFO, TscInfoDescriptor.toBytes(TSC));
        record(RecordType.SHARED_INFO, filled(StreamFormat.PAGE_SIZE, 0x5a));
        for (int v = 0; v < vcpus; v++) {
            pvVcpu(RecordType.X86_PV_VCPU_BASIC, v, filled(PvVcpuDescriptor.BASIC_64_LENGTH, v + 1));
            pvVcpu(RecordType.X86_PV_VCPU_EXTENDED, v, filled(PvVcpuDescriptor.EXTENDED_MAX, 2));
            pvVcpu(RecordType.X86_PV_VCPU_XSAVE, v, filled(PvVcpuDescriptor.XSAVE_MIN + 512, 3));
            pvVcpu(RecordType.X86_PV_VCPU_MSRS, v, new byte[2 * PvVcpuDescriptor.MSR_LENGTH]);
        }
        return this;
    }

    /** One PAGE_DATA record whose data-carrying entries hold {@code data[i]} (page i of the record, in entry order). */
    public StreamBytes pages(long[] pfns, int[] types, byte[][] data) throws IOException {
        mark();
        ByteBuffer[] buffers = new ByteBuffer[data.length];
        for (int i = 0; i < data.length; i++) {
            buffers[i] = ByteBuffer.wrap(data[i]);
        }
        pages.write(pfns, types, pfns.length, buffers, buffers.length);
        return this;
    }

    /** TSC info, HVM context, HVM params. */
    public StreamBytes deviceState() throws IOException {
        record(RecordType.X86_TSC_INFO, TscInfoDescriptor.toBytes(TSC));
        record(RecordType.HVM_CONTEXT, HVM_CONTEXT);
        return record(RecordType.HVM_PARAMS, params(PARAMS));
    }

    /** The libxc END (and the libxl END when wrapping). */
    public StreamBytes end() throws IOException {
        mark();
        writer.writeEnd();
        if (libxl) {
            nextIndex++;
        }
        return this;
    }

    /** A record framed by hand: header, body, padding as given (to write malformed records). */
    public StreamBytes rawRecord(int type, long length, byte[] bodyAndPadding) {
        mark();
        ByteBuffer h = ByteBuffer.allocate(RecordDescriptor.HEADER_LENGTH);
        RecordDescriptor.encodeHeader(h, 0, type, (int) length);
        out.put(h.array());
        out.put(bodyAndPadding);
        return this;
    }

    /** A libxl record (header, body, zero padding). */
    public StreamBytes libxlRecord(int type, byte[] body) {
        byte[] padded = new byte[body.length + RecordDescriptor.paddingFor(body.length)];
        System.arraycopy(body, 0, padded, 0, body.length);
        return rawRecord(type, body.length, padded);
    }

    private void mark() {
        lastOffset = out.size();
        nextIndex++;
    }

    /** Deterministic page content for {@code pfn} in pass {@code gen}. */
    public static byte[] page(long pfn, int gen) {
        byte[] p = new byte[StreamFormat.PAGE_SIZE];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (pfn * 31 + i * 7 + gen * 13 + (i >> 8));
        }
        return p;
    }

    public static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    public static byte[] params(List<HvmParam> params) {
        return HvmParamsDescriptor.toBytes(params);
    }

    private static byte[] cpuid() {
        ByteBuffer b = ByteBuffer.allocate(2 * CpuPolicyDescriptor.CPUID_LENGTH);
        CpuPolicyDescriptor.putCpuid(b, 0, 0, 0, 0xd, 0x756e6547, 0x6c65746e, 0x49656e69);
        CpuPolicyDescriptor.putCpuid(b, 1, 1, 0, 0x906ea, 0x800, 0x7ffafbbf, 0xbfebfbff);
        return b.array();
    }

    public static byte[] msr(int flags) {
        ByteBuffer b = ByteBuffer.allocate(CpuPolicyDescriptor.MSR_LENGTH);
        CpuPolicyDescriptor.putMsr(b, 0, 0xce, flags, 0x80000000L);
        return b.array();
    }

    /** An xl save-file header with the given mandatory flags and config (NUL-terminated as xl writes it). */
    public static byte[] xlHeader(int mandatoryFlags, String config) {
        byte[] text = (config + "\0").getBytes(StandardCharsets.UTF_8);
        return new XlSaveHeader(mandatoryFlags, 0, XlHeaderDescriptor.CONFIG_OFFSET + text.length, text).encode().array();
    }

    /** An emulator record body: {@code u32 id | u32 index | data}. */
    public static byte[] emulatorBody(int id, int index, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(EmulatorDescriptor.HEADER_LENGTH + data.length);
        EmulatorDescriptor.encodeHeader(b, 0, id, index);
        return b.put(EmulatorDescriptor.DATA_OFFSET, data).array();
    }
}
