package io.livemig.stream;

/**
 * libxc record types (docs/specs/libxc-migration-stream.pandoc, xg_sr_stream_format.h), each
 * with the descriptor of its body. Bit 31 ({@link RecordDescriptor#OPTIONAL}) marks a record a
 * restorer may skip.
 */
public final class RecordType {
    private RecordType() {
    }

    /** Empty, last record of the stream. */
    public static final int END = 0x00;
    /** {@link PageDataDescriptor}. */
    public static final int PAGE_DATA = 0x01;
    /** {@link PvInfoDescriptor}. */
    public static final int X86_PV_INFO = 0x02;
    /** {@link PvP2mFramesDescriptor}. */
    public static final int X86_PV_P2M_FRAMES = 0x03;
    /** {@link PvVcpuDescriptor} (also EXTENDED, XSAVE, MSRS). */
    public static final int X86_PV_VCPU_BASIC = 0x04;
    /** {@link PvVcpuDescriptor}: a vCPU's extended context. */
    public static final int X86_PV_VCPU_EXTENDED = 0x05;
    /** {@link PvVcpuDescriptor}: a vCPU's XSAVE state. */
    public static final int X86_PV_VCPU_XSAVE = 0x06;
    /** Exactly 4096 bytes. */
    public static final int SHARED_INFO = 0x07;
    /** {@link TscInfoDescriptor}. */
    public static final int X86_TSC_INFO = 0x08;
    /** The hypervisor's HVM save blob ({@link HvmContext}), non-empty. */
    public static final int HVM_CONTEXT = 0x09;
    /** {@link HvmParamsDescriptor}. */
    public static final int HVM_PARAMS = 0x0A;
    /** Deprecated toolstack blob. */
    public static final int TOOLSTACK = 0x0B;
    /** {@link PvVcpuDescriptor}: a vCPU's MSRs. */
    public static final int X86_PV_VCPU_MSRS = 0x0C;
    /** Empty: following PAGE_DATA records are compared, not written. */
    public static final int VERIFY = 0x0D;
    /** Empty (Remus / COLO). */
    public static final int CHECKPOINT = 0x0E;
    /** u64 pfn[] (COLO back channel). */
    public static final int CHECKPOINT_DIRTY_PFN_LIST = 0x0F;
    /** Empty; mandatory in v3 before any PAGE_DATA. */
    public static final int STATIC_DATA_END = 0x10;
    /** {@link CpuPolicyDescriptor}: CPUID leaves. */
    public static final int X86_CPUID_POLICY = 0x11;
    /** {@link CpuPolicyDescriptor}: MSR entries. */
    public static final int X86_MSR_POLICY = 0x12;

    /**
     * True when bit 31 marks the record as optional.
     *
     * @param type the record type field
     * @return whether a restorer may skip the record when it does not know it
     */
    public static boolean isOptional(int type) {
        return (type & RecordDescriptor.OPTIONAL) != 0;
    }

    /**
     * True for the record types this implementation knows (optional bit ignored).
     *
     * @param type the record type field
     * @return whether the type is one of END..X86_MSR_POLICY
     */
    public static boolean isKnown(int type) {
        int t = type & ~RecordDescriptor.OPTIONAL;
        return t >= END && t <= X86_MSR_POLICY;
    }

    /**
     * Xen's name for a record type, or "UNKNOWN(0x...)".
     *
     * @param type the record type field
     * @return the name, with "(optional)" appended when a known type has the optional bit
     */
    public static String name(int type) {
        String base = switch (type & ~RecordDescriptor.OPTIONAL) {
            case END -> "END";
            case PAGE_DATA -> "PAGE_DATA";
            case X86_PV_INFO -> "X86_PV_INFO";
            case X86_PV_P2M_FRAMES -> "X86_PV_P2M_FRAMES";
            case X86_PV_VCPU_BASIC -> "X86_PV_VCPU_BASIC";
            case X86_PV_VCPU_EXTENDED -> "X86_PV_VCPU_EXTENDED";
            case X86_PV_VCPU_XSAVE -> "X86_PV_VCPU_XSAVE";
            case SHARED_INFO -> "SHARED_INFO";
            case X86_TSC_INFO -> "X86_TSC_INFO";
            case HVM_CONTEXT -> "HVM_CONTEXT";
            case HVM_PARAMS -> "HVM_PARAMS";
            case TOOLSTACK -> "TOOLSTACK";
            case X86_PV_VCPU_MSRS -> "X86_PV_VCPU_MSRS";
            case VERIFY -> "VERIFY";
            case CHECKPOINT -> "CHECKPOINT";
            case CHECKPOINT_DIRTY_PFN_LIST -> "CHECKPOINT_DIRTY_PFN_LIST";
            case STATIC_DATA_END -> "STATIC_DATA_END";
            case X86_CPUID_POLICY -> "X86_CPUID_POLICY";
            case X86_MSR_POLICY -> "X86_MSR_POLICY";
            default -> String.format("UNKNOWN(0x%08x)", type);
        };
        return isOptional(type) && isKnown(type) ? base + "(optional)" : base;
    }
}
