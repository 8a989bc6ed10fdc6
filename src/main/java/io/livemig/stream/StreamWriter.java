package io.livemig.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes a libxc format v3 stream (optionally inside a libxl stream) to a channel. Records are
 * framed and zero-padded here; PAGE_DATA goes through {@link PageDataWriter}, which shares this
 * writer's {@link ChannelOutput}.
 */
public final class StreamWriter {
    private final ChannelOutput out;
    private final boolean libxl;
    /** Reused for small records; grown for large bodies (HVM context) only. */
    private ByteBuffer scratch = ByteBuffer.allocateDirect(4096).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer[] pair = new ByteBuffer[2];
    private final ByteBuffer padding = ByteBuffer.allocateDirect(8);
    private long records;

    /**
     * @param out   where the stream goes
     * @param libxl wrap the libxc stream in the libxl format (libxl header, LIBXC_CONTEXT, ..., libxl END)
     */
    public StreamWriter(ChannelOutput out, boolean libxl) {
        this.out = out;
        this.libxl = libxl;
    }

    public ChannelOutput output() {
        return out;
    }

    /** Number of libxc records written so far. */
    public long records() {
        return records;
    }

    /** Counts a record written by another writer on the same output (PAGE_DATA). */
    void countRecord() {
        records++;
    }

    /** Writes the libxl header and LIBXC_CONTEXT when wrapping, then the libxc image and domain headers. */
    public void writeHeaders(DomainType type, int xenMajor, int xenMinor) throws IOException {
        ByteBuffer b = scratch.clear();
        if (libxl) {
            b.order(ByteOrder.BIG_ENDIAN).putLong(LibxlFormat.MAGIC).putInt(LibxlFormat.VERSION).putInt(0);
            b.order(ByteOrder.LITTLE_ENDIAN).putInt(LibxlFormat.REC_LIBXC_CONTEXT).putInt(0);
        }
        b.order(ByteOrder.BIG_ENDIAN)
                .putLong(StreamFormat.IHDR_MARKER)
                .putInt(StreamFormat.IHDR_ID)
                .putInt(StreamFormat.IHDR_VERSION)
                .putShort((short) 0) // options: little-endian
                .putShort((short) 0)
                .putInt(0);
        b.order(ByteOrder.LITTLE_ENDIAN)
                .putInt(type.code())
                .putShort((short) StreamFormat.PAGE_SHIFT)
                .putShort((short) 0)
                .putInt(xenMajor)
                .putInt(xenMinor);
        out.writeFully(b.flip());
    }

    /** Writes a record whose body is the remaining bytes of {@code body}, then its padding. */
    public void writeRecord(int type, ByteBuffer body) throws IOException {
        int length = body.remaining();
        if (length > StreamFormat.MAX_RECORD_BODY) {
            throw new IllegalArgumentException(RecordType.name(type) + " body of " + length + " bytes exceeds the 128 MiB record limit");
        }
        ByteBuffer header = scratch.clear();
        header.order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(length).flip();
        pair[0] = header;
        pair[1] = body;
        out.writeFully(pair, 0, 2);
        pair[1] = null;
        int pad = StreamFormat.paddingFor(length);
        if (pad > 0) {
            out.writeFully(padding.clear().limit(pad));
        }
        records++;
    }

    public void writeRecord(int type, byte[] body) throws IOException {
        writeRecord(type, ByteBuffer.wrap(body));
    }

    public void writeEmptyRecord(int type) throws IOException {
        writeRecord(type, ByteBuffer.allocate(0));
    }

    /** CPUID and MSR policy records (when non-empty), then STATIC_DATA_END. */
    public void writeStaticState(StaticState state) throws IOException {
        if (state.cpuidPolicy().length > 0) {
            writeRecord(RecordType.X86_CPUID_POLICY, state.cpuidPolicy());
        }
        if (state.msrPolicy().length > 0) {
            writeRecord(RecordType.X86_MSR_POLICY, state.msrPolicy());
        }
        writeEmptyRecord(RecordType.STATIC_DATA_END);
    }

    /**
     * X86_TSC_INFO, HVM_CONTEXT, HVM_PARAMS, as Xen's x86 HVM save ends (x86_hvm_end_of_checkpoint).
     * Like Xen's write_hvm_params, HVM_PARAMS carries only the params whose value is not zero, in
     * the order given, and is omitted when none is left.
     */
    public void writeDeviceState(DeviceState state) throws IOException {
        writeRecord(RecordType.X86_TSC_INFO, state.tsc().toBytes());
        writeRecord(RecordType.HVM_CONTEXT, state.hvmContext());
        List<HvmParam> params = state.hvmParams();
        int nonZero = 0;
        for (HvmParam p : params) {
            if (p.value() != 0) {
                nonZero++;
            }
        }
        if (nonZero > 0) {
            ByteBuffer body = ByteBuffer.allocate(8 + 16 * nonZero).order(ByteOrder.LITTLE_ENDIAN);
            body.putInt(nonZero).putInt(0);
            for (HvmParam p : params) {
                if (p.value() != 0) {
                    body.putLong(p.index()).putLong(p.value());
                }
            }
            writeRecord(RecordType.HVM_PARAMS, body.flip());
        }
    }

    /** The libxc END record, then the libxl END record when wrapping. */
    public void writeEnd() throws IOException {
        writeEmptyRecord(RecordType.END);
        if (libxl) {
            ByteBuffer b = scratch.clear().order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(LibxlFormat.REC_END).putInt(0);
            out.writeFully(b.flip());
        }
    }
}
