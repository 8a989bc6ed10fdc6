package io.livemig.stream;

/**
 * Records a save sends before STATIC_DATA_END: for an x86 PV guest its X86_PV_INFO first, then the
 * domain's CPUID and MSR policies, as raw record bodies ({@link CpuPolicyDescriptor}), as Xen's
 * static_data ops write them. Either policy may be empty, in which case its record is not written.
 *
 * @param cpuidPolicy X86_CPUID_POLICY body: {u32 leaf, subleaf, a, b, c, d}[], 24 bytes each
 * @param msrPolicy   X86_MSR_POLICY body: {u32 index, u32 flags, u64 value}[], 16 bytes each
 * @param pvInfo      the X86_PV_INFO of an x86 PV guest; null for x86 HVM
 */
public record StaticState(byte[] cpuidPolicy, byte[] msrPolicy, StreamRecord.PvInfo pvInfo) {
    /** Bytes per CPUID policy entry. */
    public static final int CPUID_ENTRY_SIZE = CpuPolicyDescriptor.CPUID_LENGTH;
    /** Bytes per MSR policy entry. */
    public static final int MSR_ENTRY_SIZE = CpuPolicyDescriptor.MSR_LENGTH;
    /** No policies and no X86_PV_INFO: an x86 HVM save that writes only STATIC_DATA_END. */
    public static final StaticState NONE = new StaticState(new byte[0], new byte[0]);

    /**
     * Checks the policies' lengths and the PV info's combination.
     *
     * @param cpuidPolicy X86_CPUID_POLICY body: {u32 leaf, subleaf, a, b, c, d}[], 24 bytes each
     * @param msrPolicy   X86_MSR_POLICY body: {u32 index, u32 flags, u64 value}[], 16 bytes each
     * @param pvInfo      the X86_PV_INFO of an x86 PV guest; null for x86 HVM
     * @throws IllegalArgumentException when a policy's length is not a multiple of its entry size,
     *                                  or the guest width and page-table levels do not go together
     */
    public StaticState {
        if (cpuidPolicy.length % CPUID_ENTRY_SIZE != 0) {
            throw new IllegalArgumentException("CPUID policy length " + cpuidPolicy.length + " is not a multiple of " + CPUID_ENTRY_SIZE);
        }
        if (msrPolicy.length % MSR_ENTRY_SIZE != 0) {
            throw new IllegalArgumentException("MSR policy length " + msrPolicy.length + " is not a multiple of " + MSR_ENTRY_SIZE);
        }
        if (pvInfo != null && !PvInfoDescriptor.validCombination(pvInfo.guestWidth(), pvInfo.ptLevels())) {
            throw new IllegalArgumentException("x86 PV guest width " + pvInfo.guestWidth() + " with " + pvInfo.ptLevels()
                    + " page-table levels (expected 8 with 4, or 4 with 3)");
        }
    }

    /**
     * The static state of an x86 HVM guest.
     *
     * @param cpuidPolicy X86_CPUID_POLICY body, 24 bytes per entry; empty for none
     * @param msrPolicy   X86_MSR_POLICY body, 16 bytes per entry; empty for none
     */
    public StaticState(byte[] cpuidPolicy, byte[] msrPolicy) {
        this(cpuidPolicy, msrPolicy, null);
    }
}
