package io.livemig.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a libxc format v3 stream (optionally inside a libxl stream) to a channel, every header
 * and record body through its descriptor. Records are framed and zero-padded here; PAGE_DATA goes
 * through {@link PageDataWriter}, which shares this writer's {@link ChannelOutput}.
 */
public final class StreamWriter {
    private final ChannelOutput out;
    private final boolean libxl;
    /** Reused for headers and small records; bodies larger than it are written from their own buffers. */
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(4096);
    private final ByteBuffer[] pair = new ByteBuffer[2];
    private final ByteBuffer padding = ByteBuffer.allocateDirect(RecordDescriptor.ALIGNMENT);
    private long records;

    /**
     * A writer of one stream to {@code out}; nothing is written before the first call.
     *
     * @param out   where the stream goes
     * @param libxl wrap the libxc stream in the libxl format (libxl header, LIBXC_CONTEXT, ..., libxl END)
     */
    public StreamWriter(ChannelOutput out, boolean libxl) {
        this.out = out;
        this.libxl = libxl;
    }

    /**
     * Writes an xl save-file header and its optional data, as xl does before it hands the file to
     * libxl for the stream (then a libxl stream must follow).
     *
     * @param out    where the save file goes
     * @param header the header's values, as {@link XlSaveHeader#forConfig} builds them
     * @throws IOException when the channel fails
     */
    public static void writeXlHeader(ChannelOutput out, XlSaveHeader header) throws IOException {
        out.writeFully(header.encode());
    }

    /**
     * The output this writer writes to, which {@link PageDataWriter} shares.
     *
     * @return the output given to the constructor
     */
    public ChannelOutput output() {
        return out;
    }

    /**
     * Number of libxc records written so far.
     *
     * @return the count, PAGE_DATA records written by a {@link PageDataWriter} included
     */
    public long records() {
        return records;
    }

    /** Counts a record written by another writer on the same output (PAGE_DATA). */
    void countRecord() {
        records++;
    }

    /**
     * Writes the libxl header and LIBXC_CONTEXT when wrapping, then the libxc image and domain headers.
     *
     * @param type     the domain type the domain header names
     * @param xenMajor the saving host's Xen major version
     * @param xenMinor the saving host's Xen minor version
     * @throws IOException when the channel fails
     */
    public void writeHeaders(DomainType type, int xenMajor, int xenMinor) throws IOException {
        ByteBuffer b = scratch.clear();
        int at = 0;
        if (libxl) {
            LibxlHeaderDescriptor.encode(b, at);
            at += LibxlHeaderDescriptor.LENGTH;
            RecordDescriptor.encodeHeader(b, at, LibxlRecordType.LIBXC_CONTEXT, 0);
            at += RecordDescriptor.HEADER_LENGTH;
        }
        ImageHeaderDescriptor.encode(b, at);
        at += ImageHeaderDescriptor.LENGTH;
        DomainHeaderDescriptor.encode(b, at, type, xenMajor, xenMinor);
        at += DomainHeaderDescriptor.LENGTH;
        out.writeFully(b.limit(at));
    }

    /**
     * Writes a record whose body is the remaining bytes of {@code body}, then its padding.
     *
     * @param type the record type
     * @param body the body, consumed: its position ends at its limit
     * @throws IllegalArgumentException when the body exceeds {@link RecordDescriptor#MAX_BODY_LENGTH} bytes
     * @throws IOException              when the channel fails
     */
    public void writeRecord(int type, ByteBuffer body) throws IOException {
        int length = body.remaining();
        if (length > RecordDescriptor.MAX_BODY_LENGTH) {
            throw new IllegalArgumentException(RecordType.name(type) + " body of " + length + " bytes exceeds the 128 MiB record limit");
        }
        ByteBuffer header = scratch.clear().limit(RecordDescriptor.HEADER_LENGTH);
        RecordDescriptor.encodeHeader(header, 0, type, length);
        pair[0] = header;
        pair[1] = body;
        out.writeFully(pair, 0, 2);
        pair[1] = null;
        out.writeFully(padding.clear().limit(RecordDescriptor.paddingFor(length)));
        records++;
    }

    /**
     * Writes a record whose body is {@code body}, then its padding.
     *
     * @param type the record type
     * @param body the body
     * @throws IllegalArgumentException when the body exceeds {@link RecordDescriptor#MAX_BODY_LENGTH} bytes
     * @throws IOException              when the channel fails
     */
    public void writeRecord(int type, byte[] body) throws IOException {
        writeRecord(type, ByteBuffer.wrap(body));
    }

    /**
     * Writes a record with an empty body (END, STATIC_DATA_END, VERIFY, CHECKPOINT).
     *
     * @param type the record type
     * @throws IOException when the channel fails
     */
    public void writeEmptyRecord(int type) throws IOException {
        writeRecord(type, ByteBuffer.allocate(0));
    }

    /**
     * X86_PV_INFO (x86 PV only), the CPUID and MSR policy records (when non-empty), then STATIC_DATA_END.
     *
     * @param state the static state; its X86_PV_INFO null for x86 HVM
     * @throws IOException when the channel fails
     */
    public void writeStaticState(StaticState state) throws IOException {
        if (state.pvInfo() != null) {
            ByteBuffer b = ByteBuffer.allocate(PvInfoDescriptor.LENGTH);
            PvInfoDescriptor.encode(b, 0, state.pvInfo().guestWidth(), state.pvInfo().ptLevels());
            writeRecord(RecordType.X86_PV_INFO, b);
        }
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
     *
     * @param state the x86 HVM device state
     * @throws IOException when the channel fails
     */
    public void writeDeviceState(DeviceState state) throws IOException {
        writeRecord(RecordType.X86_TSC_INFO, TscInfoDescriptor.toBytes(state.tsc()));
        writeRecord(RecordType.HVM_CONTEXT, state.hvmContext());
        List<HvmParam> nonZero = new ArrayList<>(state.hvmParams().size());
        for (HvmParam p : state.hvmParams()) {
            if (p.value() != 0) {
                nonZero.add(p);
            }
        }
        if (!nonZero.isEmpty()) {
            writeRecord(RecordType.HVM_PARAMS, HvmParamsDescriptor.toBytes(nonZero));
        }
    }

    /** A libxl emulator record: the emulator sub-header (emulator, index 0), the data, padding. */
    private void writeEmulatorRecord(int type, int emulatorId, byte[] data) throws IOException {
        int length = EmulatorDescriptor.HEADER_LENGTH + data.length;
        ByteBuffer header = scratch.clear().limit(RecordDescriptor.HEADER_LENGTH + EmulatorDescriptor.HEADER_LENGTH);
        RecordDescriptor.encodeHeader(header, 0, type, length);
        EmulatorDescriptor.encodeHeader(header, RecordDescriptor.HEADER_LENGTH, emulatorId, 0);
        pair[0] = header;
        pair[1] = ByteBuffer.wrap(data);
        out.writeFully(pair, 0, 2);
        pair[1] = null;
        out.writeFully(padding.clear().limit(RecordDescriptor.paddingFor(length)));
    }

    /**
     * X86_PV_P2M_FRAMES, which an x86 PV stream carries right after STATIC_DATA_END (x86_pv_start_of_stream).
     *
     * @param frames the pfns of the guest's p2m frames
     * @throws IllegalArgumentException when the record would exceed {@link RecordDescriptor#MAX_BODY_LENGTH} bytes
     * @throws IOException              when the channel fails
     */
    public void writeP2mFrames(P2mFrameList frames) throws IOException {
        writeRecord(RecordType.X86_PV_P2M_FRAMES, frames.toBytes());
    }

    /**
     * X86_TSC_INFO, SHARED_INFO and the vCPU records, as Xen's x86 PV save ends (x86_pv_end_of_checkpoint).
     *
     * @param state the x86 PV device state
     * @throws IOException when the channel fails
     */
    public void writePvDeviceState(PvDeviceState state) throws IOException {
        writeRecord(RecordType.X86_TSC_INFO, TscInfoDescriptor.toBytes(state.tsc()));
        writeRecord(RecordType.SHARED_INFO, state.sharedInfo());
        for (PvVcpuContext vcpu : state.vcpus()) {
            writeRecord(vcpu.recordType(), vcpu.toBytes());
        }
    }

    /**
     * The libxc END record, then the libxl END record when wrapping.
     *
     * @throws IOException when the channel fails
     */
    public void writeEnd() throws IOException {
        writeEnd(null);
    }

    /**
     * The libxc END record; then, when wrapping, the device model's records (if {@code deviceModel}
     * is not null) and the libxl END record, as libxl_stream_write.c ends an HVM domain's stream.
     *
     * @param deviceModel the HVM device model's state, or null for none
     * @throws IllegalStateException when there is device model state but no libxl layer to carry it
     * @throws IOException           when the channel fails
     */
    public void writeEnd(DeviceModelState deviceModel) throws IOException {
        if (deviceModel != null && !libxl) {
            throw new IllegalStateException("the device model's state travels in the libxl stream: write the libxl or xl format");
        }
        writeEmptyRecord(RecordType.END);
        if (deviceModel != null) {
            if (deviceModel.xenstoreData().length > 0) {
                writeEmulatorRecord(LibxlRecordType.EMULATOR_XENSTORE_DATA, deviceModel.emulatorId(), deviceModel.xenstoreData());
            }
            writeEmulatorRecord(LibxlRecordType.EMULATOR_CONTEXT, deviceModel.emulatorId(), deviceModel.context());
        }
        if (libxl) {
            ByteBuffer b = scratch.clear().limit(RecordDescriptor.HEADER_LENGTH);
            RecordDescriptor.encodeHeader(b, 0, LibxlRecordType.END, 0);
            out.writeFully(b);
        }
    }
}
