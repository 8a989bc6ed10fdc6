package io.livemig.stream;

import java.nio.ByteBuffer;

/**
 * The body of the X86_PV_VCPU_BASIC, _EXTENDED, _XSAVE and _MSRS records: a vcpu header and that
 * vcpu's context of the record's kind. Little-endian.
 *
 * <pre>
 *     0     1     2     3     4     5     6     7 octet
 *    +-----------------------+-----------------------+
 *    | vcpu_id               | reserved              |
 *    +-----------------------+-----------------------+
 *    | context ...                                   |
 *    ...                                             ...
 * </pre>
 */
public final class PvVcpuDescriptor {
    private PvVcpuDescriptor() {
    }

    /** Offset of vcpu_id, a u32. */
    public static final int VCPU_ID_OFFSET = 0;
    /** Offset of a reserved u32, zero. */
    public static final int RESERVED_OFFSET = 4;
    /** Offset of the context. */
    public static final int CONTEXT_OFFSET = 8;
    /** Octets of the vcpu header, before the context. */
    public static final int HEADER_LENGTH = 8;
    /** A BASIC context of a 64-bit guest: sizeof(vcpu_guest_context_x86_64_t). */
    public static final int BASIC_64_LENGTH = 5168;
    /** A BASIC context of a 32-bit guest: sizeof(vcpu_guest_context_x86_32_t). */
    public static final int BASIC_32_LENGTH = 2800;
    /** The largest EXTENDED context (struct xen_domctl_ext_vcpucontext). */
    public static final int EXTENDED_MAX = 128;
    /** The smallest XSAVE context: xfeature mask and size. */
    public static final int XSAVE_MIN = 16;
    /** MSRS: {u32 index, u32 reserved, u64 value} entries. */
    public static final int MSR_LENGTH = 16;

    /**
     * Writes a vcpu header at {@code at}, reserved zero.
     *
     * @param b      the buffer to write into
     * @param at     the body's offset in {@code b}
     * @param vcpuId the vCPU
     */
    public static void encodeHeader(ByteBuffer b, int at, int vcpuId) {
        Fields.putU32le(b, at, VCPU_ID_OFFSET, vcpuId);
        Fields.putU32le(b, at, RESERVED_OFFSET, 0);
    }

    /**
     * The length of a non-empty BASIC context for a guest of {@code guestWidth} octets (X86_PV_INFO's 8 or 4).
     *
     * @param guestWidth the guest's word size in octets
     * @return {@link #BASIC_64_LENGTH} for 8, else {@link #BASIC_32_LENGTH}, in octets
     */
    public static int basicLength(int guestWidth) {
        return guestWidth == 8 ? BASIC_64_LENGTH : BASIC_32_LENGTH;
    }

    /**
     * The vcpu_id field.
     *
     * @param b  the buffer holding the body
     * @param at the body's offset in {@code b}
     * @return the vCPU, a u32 in an int
     */
    public static int vcpuId(ByteBuffer b, int at) {
        return Fields.u32le(b, at, VCPU_ID_OFFSET);
    }

    /**
     * The reserved field.
     *
     * @param b  the buffer holding the body
     * @param at the body's offset in {@code b}
     * @return the reserved u32, 0 in a valid body
     */
    public static int reserved(ByteBuffer b, int at) {
        return Fields.u32le(b, at, RESERVED_OFFSET);
    }
}
