package io.livemig.stream;

import java.nio.ByteBuffer;

/**
 * The bodies of X86_CPUID_POLICY and X86_MSR_POLICY: arrays of Xen's xen_cpuid_leaf and
 * xen_msr_entry. Little-endian.
 *
 * <pre>
 * CPUID leaf:
 *     0     1     2     3     4     5     6     7 octet
 *    +-----------------------+-----------------------+
 *    | leaf                  | subleaf               |
 *    +-----------------------+-----------------------+
 *    | a                     | b                     |
 *    +-----------------------+-----------------------+
 *    | c                     | d                     |
 *    +-----------------------+-----------------------+
 *
 * MSR entry:
 *    +-----------------------+-----------------------+
 *    | index                 | flags (zero)          |
 *    +-----------------------+-----------------------+
 *    | value                                         |
 *    +-----------------------------------------------+
 * </pre>
 */
public final class CpuPolicyDescriptor {
    private CpuPolicyDescriptor() {
    }

    public static final int CPUID_LEAF_OFFSET = 0;
    public static final int CPUID_SUBLEAF_OFFSET = 4;
    public static final int CPUID_A_OFFSET = 8;
    public static final int CPUID_LENGTH = 24;

    public static final int MSR_INDEX_OFFSET = 0;
    public static final int MSR_FLAGS_OFFSET = 4;
    public static final int MSR_VALUE_OFFSET = 8;
    public static final int MSR_LENGTH = 16;

    /** Writes CPUID leaf {@code i} of an array; {@code abcd} are the four result registers. */
    public static void putCpuid(ByteBuffer b, int i, int leaf, int subleaf, int... abcd) {
        int at = i * CPUID_LENGTH;
        Fields.putU32le(b, at, CPUID_LEAF_OFFSET, leaf);
        Fields.putU32le(b, at, CPUID_SUBLEAF_OFFSET, subleaf);
        for (int r = 0; r < 4; r++) {
            Fields.putU32le(b, at, CPUID_A_OFFSET + Integer.BYTES * r, abcd[r]);
        }
    }

    /** Writes MSR entry {@code i} of an array. */
    public static void putMsr(ByteBuffer b, int i, int index, int flags, long value) {
        int at = i * MSR_LENGTH;
        Fields.putU32le(b, at, MSR_INDEX_OFFSET, index);
        Fields.putU32le(b, at, MSR_FLAGS_OFFSET, flags);
        Fields.putU64le(b, at, MSR_VALUE_OFFSET, value);
    }

    public static int msrIndex(ByteBuffer b, int i) {
        return Fields.u32le(b, i * MSR_LENGTH, MSR_INDEX_OFFSET);
    }

    public static int msrFlags(ByteBuffer b, int i) {
        return Fields.u32le(b, i * MSR_LENGTH, MSR_FLAGS_OFFSET);
    }
}
