package io.livemig.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The body decoders of libxc records (PAGE_DATA's is {@link PageData#decode}): each reads one
 * record's body through the input, checks it against its descriptor and returns its value.
 * Where a record may stand in the stream is {@link LibxcRules}' part.
 */
final class LibxcBodies {
    private final StreamInput input;
    private final ErrorLocation location;

    LibxcBodies(StreamInput input, ErrorLocation location) {
        this.input = input;
        this.location = location;
    }

    StreamRecord.CpuidPolicy cpuidPolicy(int length) throws IOException {
        return new StreamRecord.CpuidPolicy(policyBody(length, CpuPolicyDescriptor.CPUID_LENGTH));
    }

    StreamRecord.MsrPolicy msrPolicy(int length) throws IOException {
        byte[] body = policyBody(length, CpuPolicyDescriptor.MSR_LENGTH);
        ByteBuffer b = ByteBuffer.wrap(body);
        for (int i = 0; i < body.length / CpuPolicyDescriptor.MSR_LENGTH; i++) {
            int flags = CpuPolicyDescriptor.msrFlags(b, i);
            if (flags != 0) {
                throw location.fail(String.format("entry %d (MSR 0x%08x) has flags 0x%08x, expected 0", i, CpuPolicyDescriptor.msrIndex(b, i), flags));
            }
        }
        return new StreamRecord.MsrPolicy(body);
    }

    private byte[] policyBody(int length, int entryLength) throws IOException {
        if (length == 0 || length % entryLength != 0) {
            throw location.fail("body length " + length + " is not a non-zero multiple of " + entryLength);
        }
        ByteBuffer b = input.readBody(length, "body"); // a multiple of 8 bytes: no padding
        byte[] copy = new byte[length];
        b.get(0, copy);
        return copy;
    }

    StreamRecord.PvInfo pvInfo(int length) throws IOException {
        location.requireLength(length, PvInfoDescriptor.LENGTH);
        ByteBuffer b = input.readBody(length, "body");
        int width = PvInfoDescriptor.guestWidth(b, 0);
        int levels = PvInfoDescriptor.ptLevels(b, 0);
        if (!PvInfoDescriptor.validCombination(width, levels)) {
            throw location.fail("guest_width " + width + " with pt_levels " + levels + " is not a valid combination (4/3 or 8/4)");
        }
        location.requireZero(PvInfoDescriptor.reserved(b, 0), PvInfoDescriptor.RESERVED_LENGTH);
        return new StreamRecord.PvInfo(width, levels);
    }

    StreamRecord.PvP2mFrames p2mFrames(int length, int guestWidth) throws IOException {
        location.requireAtLeast(length, PvP2mFramesDescriptor.HEADER_LENGTH, "start/end header");
        ByteBuffer b = input.readBody(length, "body"); // its padding, if any, is refused below with the length
        long start = PvP2mFramesDescriptor.startPfn(b, 0);
        long end = PvP2mFramesDescriptor.endPfn(b, 0);
        if (start > end) {
            throw location.fail(String.format("start_pfn 0x%x exceeds end_pfn 0x%x", start, end));
        }
        long frames = PvP2mFramesDescriptor.frames(start, end, guestWidth);
        long expected = PvP2mFramesDescriptor.bodyLength(frames);
        if (length != expected) {
            throw location.fail(String.format("body length %d does not match %d + %d*%d = %d for pfns 0x%x..0x%x", length,
                    PvP2mFramesDescriptor.HEADER_LENGTH, PvP2mFramesDescriptor.FRAME_LENGTH, frames, expected, start, end));
        }
        return new StreamRecord.PvP2mFrames(start, end, frames);
    }

    /** A vCPU record of an x86 PV guest of {@code guestWidth} octets (from X86_PV_INFO). */
    StreamRecord.PvVcpu pvVcpu(int type, int length, int guestWidth) throws IOException {
        location.requireAtLeast(length, PvVcpuDescriptor.HEADER_LENGTH, "vcpu header");
        ByteBuffer b = input.readBody(length, "body");
        input.readPadding(length);
        int vcpu = PvVcpuDescriptor.vcpuId(b, 0);
        location.requireZero(PvVcpuDescriptor.reserved(b, 0), Integer.BYTES);
        int context = length - PvVcpuDescriptor.HEADER_LENGTH;
        if (context > 0) {
            switch (type) {
                case RecordType.X86_PV_VCPU_EXTENDED -> {
                    if (context > PvVcpuDescriptor.EXTENDED_MAX) {
                        throw vcpuFault(vcpu, "extended context of " + context + " bytes exceeds " + PvVcpuDescriptor.EXTENDED_MAX);
                    }
                }
                case RecordType.X86_PV_VCPU_XSAVE -> {
                    if (context < PvVcpuDescriptor.XSAVE_MIN) {
                        throw vcpuFault(vcpu, "xsave context of " + context + " bytes is below " + PvVcpuDescriptor.XSAVE_MIN);
                    }
                }
                case RecordType.X86_PV_VCPU_MSRS -> {
                    if (context % PvVcpuDescriptor.MSR_LENGTH != 0) {
                        throw vcpuFault(vcpu, "MSR payload of " + context + " bytes is not a multiple of " + PvVcpuDescriptor.MSR_LENGTH);
                    }
                }
                default -> {
                    // BASIC: one vcpu_guest_context of the guest's width, as Xen's handle_x86_pv_vcpu_blob requires
                    int expected = PvVcpuDescriptor.basicLength(guestWidth);
                    if (context != expected) {
                        throw vcpuFault(vcpu, "basic context of " + context + " bytes, expected " + expected
                                + " (vcpu_guest_context of a " + (guestWidth * Byte.SIZE) + "-bit guest)");
                    }
                }
            }
        }
        return new StreamRecord.PvVcpu(type, vcpu, context);
    }

    private StreamFormatException vcpuFault(int vcpu, String what) {
        return location.fail("vcpu " + Integer.toUnsignedString(vcpu) + " " + what);
    }

    StreamRecord.SharedInfo sharedInfo(int length) throws IOException {
        location.requireLength(length, StreamFormat.PAGE_SIZE);
        input.skip(length, "shared info");
        return StreamRecord.SharedInfo.INSTANCE;
    }

    StreamRecord.Tsc tsc(int length) throws IOException {
        location.requireLength(length, TscInfoDescriptor.LENGTH);
        ByteBuffer b = input.readBody(length, "body");
        location.requireZero(TscInfoDescriptor.reserved(b, 0), Integer.BYTES);
        return new StreamRecord.Tsc(TscInfoDescriptor.decode(b, 0));
    }

    StreamRecord.HvmContextBlob hvmContext(int length) throws IOException {
        if (length == 0) {
            throw location.fail("empty HVM context");
        }
        ByteBuffer b = input.readBody(length, "body");
        input.readPadding(length);
        byte[] blob = new byte[length];
        b.get(0, blob);
        try {
            return new StreamRecord.HvmContextBlob(blob, HvmContext.parse(blob));
        } catch (IllegalArgumentException e) {
            throw location.fail(e.getMessage());
        }
    }

    StreamRecord.HvmParams hvmParams(int length) throws IOException {
        location.requireAtLeast(length, HvmParamsDescriptor.HEADER_LENGTH, "count header");
        ByteBuffer h = input.readHeader(0, HvmParamsDescriptor.HEADER_LENGTH, "HVM_PARAMS header");
        long count = HvmParamsDescriptor.count(h, 0);
        int reserved = HvmParamsDescriptor.reserved(h, 0);
        long expected = HvmParamsDescriptor.bodyLength(count);
        if (length != expected) {
            throw location.fail("count " + count + " needs a body of " + expected + " bytes, the record has " + length);
        }
        location.requireZero(reserved, Integer.BYTES);
        if (count > StreamReader.MAX_HVM_PARAMS) {
            throw location.fail("count " + count + " exceeds the limit of " + StreamReader.MAX_HVM_PARAMS + " params per record");
        }
        ByteBuffer entries = input.readBody(length - HvmParamsDescriptor.HEADER_LENGTH, "params");
        List<HvmParam> params = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            HvmParam p = HvmParamsDescriptor.entry(entries, i);
            if (Long.compareUnsigned(p.index(), StreamReader.MAX_HVM_PARAMS) >= 0) {
                throw location.fail("param " + i + " has index " + Long.toUnsignedString(p.index()) + ", beyond the limit of "
                        + (StreamReader.MAX_HVM_PARAMS - 1) + " (Xen 4.17 defines 39 HVM params and refuses others)");
            }
            params.add(p);
        }
        return new StreamRecord.HvmParams(List.copyOf(params));
    }

    StreamRecord.Toolstack toolstack(int length) throws IOException {
        input.skip(length, "toolstack blob");
        input.readPadding(length);
        return new StreamRecord.Toolstack(length);
    }

    StreamRecord.DirtyPfnList dirtyPfnList(int length) throws IOException {
        if (length % Long.BYTES != 0) {
            throw location.fail("body length " + length + " is not a multiple of " + Long.BYTES + " (u64 pfns)");
        }
        input.skip(length, "dirty pfn list");
        return new StreamRecord.DirtyPfnList(length / Long.BYTES);
    }
}
