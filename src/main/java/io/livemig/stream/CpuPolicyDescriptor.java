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

    /** Offset of leaf in a CPUID leaf entry. */
    public static final int CPUID_LEAF_OFFSET = 0;
    /** Offset of subleaf in a CPUID leaf entry. */
    public static final int CPUID_SUBLEAF_OFFSET = 4;
    /** Offset of register a in a CPUID leaf entry; b, c and d follow, 4 bytes each. */
    public static final int CPUID_A_OFFSET = 8;
    /** Length of a CPUID leaf entry in bytes. */
    public static final int CPUID_LENGTH = 24;

    /** Offset of index in an MSR entry. */
    public static final int MSR_INDEX_OFFSET = 0;
    /** Offset of flags in an MSR entry. */
    public static final int MSR_FLAGS_OFFSET = 4;
    /** Offset of value in an MSR entry. */
    public static final int MSR_VALUE_OFFSET = 8;
    /** Length of an MSR entry in bytes. */
    public static final int MSR_LENGTH = 16;

    /**
     * Writes CPUID leaf {@code i} of an array; {@code abcd} are the four result registers.
     *
     * @param b       the array, starting at entry 0
     * @param i       the entry's index in the array
     * @param leaf    the CPUID leaf
     * @param subleaf the CPUID subleaf
     * @param abcd    the values of a, b, c and d, in that order (four values)
     */
    public static void putCpuid(ByteBuffer b, int i, int leaf, int subleaf, int... abcd) {
        int at = i * CPUID_LENGTH;
        Fields.putU32le(b, at, CPUID_LEAF_OFFSET, leaf);
        Fields.putU32le(b, at, CPUID_SUBLEAF_OFFSET, subleaf);
        for (int r = 0; r < 4; r++) {
            Fields.putU32le(b, at, CPUID_A_OFFSET + Integer.BYTES * r, abcd[r]);
        }
    }

    /**
     * Writes MSR entry {@code i} of an array.
     *
     * @param b     the array, starting at entry 0
     * @param i     the entry's index in the array
     * @param index the MSR's index
     * @param flags the flags field, which Xen requires to be zero
     * @param value the MSR's value
     */
    public static void putMsr(ByteBuffer b, int i, int index, int flags, long value) {
        int at = i * MSR_LENGTH;
        Fields.putU32le(b, at, MSR_INDEX_OFFSET, index);
        Fields.putU32le(b, at, MSR_FLAGS_OFFSET, flags);
        Fields.putU64le(b, at, MSR_VALUE_OFFSET, value);
    }

    /**
     * The index field of MSR entry {@code i} of an array.
     *
     * @param b the array, starting at entry 0
     * @param i the entry's index in the array
     * @return the MSR's index
     */
    public static int msrIndex(ByteBuffer b, int i) {
        return Fields.u32le(b, i * MSR_LENGTH, MSR_INDEX_OFFSET);
    }

    /**
     * The flags field of MSR entry {@code i} of an array.
     *
     * @param b the array, starting at entry 0
     * @param i the entry's index in the array
     * @return the flags, zero in a valid entry
     */
    public static int msrFlags(ByteBuffer b, int i) {
        return Fields.u32le(b, i * MSR_LENGTH, MSR_FLAGS_OFFSET);
    }
}
