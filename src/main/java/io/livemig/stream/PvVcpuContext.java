package io.livemig.stream;

import java.util.Objects;

/**
 * One vCPU record of an x86 PV save: X86_PV_VCPU_BASIC, _EXTENDED, _XSAVE or _MSRS
 * ({@link PvVcpuDescriptor}) for vCPU {@code vcpuId}, the context as the hypervisor gave it (with
 * BASIC's frame numbers already turned into pfns).
 *
 * @param recordType one of the four record types
 * @param vcpuId     the vCPU
 * @param context    the bytes after the vcpu header; not copied
 */
public record PvVcpuContext(int recordType, int vcpuId, byte[] context) {
    /**
     * Checks the record type and the vCPU id.
     *
     * @param recordType one of the four record types
     * @param vcpuId     the vCPU
     * @param context    the bytes after the vcpu header; not copied
     * @throws IllegalArgumentException when {@code recordType} is not an x86 PV vCPU record type
     *                                  or {@code vcpuId} is negative
     */
    public PvVcpuContext {
        Objects.requireNonNull(context, "context");
        if (recordType != RecordType.X86_PV_VCPU_BASIC && recordType != RecordType.X86_PV_VCPU_EXTENDED
                && recordType != RecordType.X86_PV_VCPU_XSAVE && recordType != RecordType.X86_PV_VCPU_MSRS) {
            throw new IllegalArgumentException(RecordType.name(recordType) + " is not an x86 PV vCPU record");
        }
        if (vcpuId < 0) {
            throw new IllegalArgumentException("vcpu id " + vcpuId);
        }
    }

    /**
     * The record body: vcpu header, then the context.
     *
     * @return a new array of {@link PvVcpuDescriptor#HEADER_LENGTH} + {@code context.length} bytes
     */
    public byte[] toBytes() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(PvVcpuDescriptor.HEADER_LENGTH + context.length);
        PvVcpuDescriptor.encodeHeader(b, 0, vcpuId);
        b.put(PvVcpuDescriptor.CONTEXT_OFFSET, context);
        return b.array();
    }
}
