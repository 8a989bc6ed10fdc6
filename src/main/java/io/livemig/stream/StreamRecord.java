package io.livemig.stream;

import java.util.List;

/**
 * What {@link StreamReader#next()} returns: one record of the stream, read, checked and decoded,
 * one class per kind of record. Where it is (index, offset, layer, type) the reader says until
 * the next call. Kinds without fields are single instances; {@link PageData} is the reader's own,
 * reused for every PAGE_DATA record (nothing is allocated per batch).
 */
public sealed interface StreamRecord permits PageData, StreamRecord.End, StreamRecord.StaticDataEnd,
        StreamRecord.CpuidPolicy, StreamRecord.MsrPolicy, StreamRecord.PvInfo, StreamRecord.PvP2mFrames,
        StreamRecord.PvVcpu, StreamRecord.SharedInfo, StreamRecord.Tsc, StreamRecord.HvmContextBlob,
        StreamRecord.HvmParams, StreamRecord.Toolstack, StreamRecord.Verify, StreamRecord.Checkpoint,
        StreamRecord.DirtyPfnList, StreamRecord.Skipped, StreamRecord.LibxcContext, StreamRecord.LibxlEnd,
        StreamRecord.EmulatorXenstoreData, StreamRecord.EmulatorContext, StreamRecord.CheckpointEnd,
        StreamRecord.CheckpointState {

    // ------------------------------------------------------------------ libxc records

    /** The libxc stream's END. */
    record End() implements StreamRecord {
        static final End INSTANCE = new End();
    }

    /** STATIC_DATA_END: what precedes it (the CPU policies) is complete. */
    record StaticDataEnd() implements StreamRecord {
        static final StaticDataEnd INSTANCE = new StaticDataEnd();
    }

    /**
     * X86_CPUID_POLICY: the body, a copy ({@link CpuPolicyDescriptor}).
     *
     * @param body the record body, {@link CpuPolicyDescriptor#CPUID_LENGTH} bytes per entry
     */
    record CpuidPolicy(byte[] body) implements StreamRecord {
        /**
         * The number of CPUID entries.
         *
         * @return the body's entries, one per leaf and subleaf
         */
        public int leaves() {
            return body.length / CpuPolicyDescriptor.CPUID_LENGTH;
        }
    }

    /**
     * X86_MSR_POLICY: the body, a copy, every entry's flags zero ({@link CpuPolicyDescriptor}).
     *
     * @param body the record body, {@link CpuPolicyDescriptor#MSR_LENGTH} bytes per entry
     */
    record MsrPolicy(byte[] body) implements StreamRecord {
        /**
         * The number of MSR entries.
         *
         * @return the body's entries, one per MSR
         */
        public int entries() {
            return body.length / CpuPolicyDescriptor.MSR_LENGTH;
        }
    }

    /**
     * X86_PV_INFO.
     *
     * @param guestWidth the guest's word size in octets, 4 or 8
     * @param ptLevels   the guest's page-table levels, 3 or 4
     */
    record PvInfo(int guestWidth, int ptLevels) implements StreamRecord {
    }

    /**
     * X86_PV_P2M_FRAMES: the pfn range and the number of frames that map it.
     *
     * @param startPfn the first pfn the p2m frames cover
     * @param endPfn   the last pfn the p2m frames cover (inclusive)
     * @param frames   the number of p2m frames (frame pfns in the body)
     */
    record PvP2mFrames(long startPfn, long endPfn, long frames) implements StreamRecord {
    }

    /**
     * X86_PV_VCPU_BASIC, _EXTENDED, _XSAVE or _MSRS ({@code type}) for one vcpu.
     *
     * @param type          the record type
     * @param vcpuId        the vCPU, a u32 in an int
     * @param contextLength bytes of context after the vcpu header (checked, not kept)
     */
    record PvVcpu(int type, int vcpuId, int contextLength) implements StreamRecord {
    }

    /** SHARED_INFO (the page is skipped). */
    record SharedInfo() implements StreamRecord {
        static final SharedInfo INSTANCE = new SharedInfo();
    }

    /**
     * X86_TSC_INFO.
     *
     * @param info the record's values
     */
    record Tsc(TscInfo info) implements StreamRecord {
    }

    /**
     * HVM_CONTEXT: the blob (owned by this record) and its save records.
     *
     * @param blob    the record body, the hypervisor's HVM save blob
     * @param entries the blob's save records, in blob order
     */
    record HvmContextBlob(byte[] blob, List<HvmContext.Entry> entries) implements StreamRecord {
    }

    /**
     * HVM_PARAMS: the params, every index below {@link StreamReader#MAX_HVM_PARAMS}.
     *
     * @param params the params in stream order, unmodifiable
     */
    record HvmParams(List<HvmParam> params) implements StreamRecord {
    }

    /**
     * TOOLSTACK, deprecated (the blob is skipped).
     *
     * @param length bytes of blob
     */
    record Toolstack(int length) implements StreamRecord {
    }

    /** VERIFY: PAGE_DATA from here on is to be compared with the destination, not written. */
    record Verify() implements StreamRecord {
        static final Verify INSTANCE = new Verify();
    }

    /** CHECKPOINT (Remus/COLO): in a libxl stream, libxl records follow until CHECKPOINT_END. */
    record Checkpoint() implements StreamRecord {
        static final Checkpoint INSTANCE = new Checkpoint();
    }

    /**
     * CHECKPOINT_DIRTY_PFN_LIST (COLO's back channel; the pfns are skipped).
     *
     * @param pfns the number of pfns in the list
     */
    record DirtyPfnList(int pfns) implements StreamRecord {
    }

    /**
     * An unknown optional record of either layer, skipped.
     *
     * @param layer  the layer the record belongs to
     * @param type   the record type field, optional bit set
     * @param length bytes of body, padding excluded
     */
    record Skipped(StreamReader.Layer layer, int type, int length) implements StreamRecord {
    }

    // ------------------------------------------------------------------ libxl records

    /**
     * LIBXC_CONTEXT: the libxc stream, whose headers were read and checked, follows.
     *
     * @param header the libxc stream's image and domain headers
     */
    record LibxcContext(LibxcHeader header) implements StreamRecord {
    }

    /** The libxl stream's END. */
    record LibxlEnd() implements StreamRecord {
        static final LibxlEnd INSTANCE = new LibxlEnd();
    }

    /**
     * EMULATOR_XENSTORE_DATA: the emulator and the number of key/value pairs (checked, not kept).
     *
     * @param emulatorId the emulator ({@link EmulatorDescriptor#EMULATOR_QEMU_UPSTREAM} and so on)
     * @param index      the emulator header's index of this emulator for the domain
     * @param pairs      the number of key/value pairs
     */
    record EmulatorXenstoreData(int emulatorId, int index, int pairs) implements StreamRecord {
    }

    /**
     * EMULATOR_CONTEXT: the emulator and the length of its state (skipped).
     *
     * @param emulatorId  the emulator ({@link EmulatorDescriptor#EMULATOR_QEMU_UPSTREAM} and so on)
     * @param index       the emulator header's index of this emulator for the domain
     * @param stateLength bytes of emulator state after the emulator header
     */
    record EmulatorContext(int emulatorId, int index, int stateLength) implements StreamRecord {
    }

    /** CHECKPOINT_END: back to the libxc stream. */
    record CheckpointEnd() implements StreamRecord {
        static final CheckpointEnd INSTANCE = new CheckpointEnd();
    }

    /**
     * CHECKPOINT_STATE (COLO).
     *
     * @param controlId the COLO control id
     */
    record CheckpointState(int controlId) implements StreamRecord {
    }
}
