package io.livemig.stream;

/**
 * Where libxc records may stand, for one libxc stream: STATIC_DATA_END before any page (inferred
 * at the first PAGE_DATA, X86_PV_P2M_FRAMES or END of a v2 stream, which has none), the CPU
 * policies before it and at most once each, X86_PV_INFO once and before the PV records that
 * depend on it, and at END the records the domain type cannot do without.
 */
final class LibxcRules {
    private static final String INFERRED = "inferred at the first PAGE_DATA of this v2 stream";

    private final ErrorLocation location;
    private final LibxcHeader header;
    private boolean staticDataEnd;
    private boolean staticDataEndInferred;
    private boolean cpuidSeen;
    private boolean msrSeen;
    private boolean pvInfoSeen;
    private int pvGuestWidth;
    private boolean vcpu0BasicSeen;
    private boolean hvmContextSeen;
    private boolean verify;

    LibxcRules(ErrorLocation location, LibxcHeader header) {
        this.location = location;
        this.header = header;
    }

    /**
     * A record that needs the static data complete ({@code what} names it).
     *
     * @return true when a v2 stream's static data is inferred to end at this record
     */
    boolean staticDataEndsBefore(String what) throws StreamFormatException {
        if (staticDataEnd) {
            return false;
        }
        if (header.version() < ImageHeaderDescriptor.VERSION) {
            staticDataEnd = true;
            staticDataEndInferred = true;
            return true;
        }
        throw location.fail(what + " before STATIC_DATA_END (mandatory first in a v3 stream)");
    }

    void staticDataEnd() throws StreamFormatException {
        if (staticDataEnd) {
            throw location.fail(staticDataEndInferred
                    ? "STATIC_DATA_END after the static data already ended (" + INFERRED + ")"
                    : "second STATIC_DATA_END");
        }
        staticDataEnd = true;
    }

    void cpuPolicy(int type) throws StreamFormatException {
        if (staticDataEnd) {
            throw location.fail("CPU policy after STATIC_DATA_END" + (staticDataEndInferred ? " (" + INFERRED + ")" : ""));
        }
        boolean cpuid = type == RecordType.X86_CPUID_POLICY;
        if (cpuid ? cpuidSeen : msrSeen) {
            throw location.fail("second " + RecordType.name(type) + " record");
        }
        if (cpuid) {
            cpuidSeen = true;
        } else {
            msrSeen = true;
        }
    }

    void beforePvInfo() throws StreamFormatException {
        if (pvInfoSeen) {
            throw location.fail("second X86_PV_INFO record");
        }
    }

    void pvInfo(StreamRecord.PvInfo info) {
        pvInfoSeen = true;
        pvGuestWidth = info.guestWidth();
    }

    /** A record that needs X86_PV_INFO before it. */
    void requirePvInfo(String what) throws StreamFormatException {
        if (!pvInfoSeen) {
            throw location.fail(what + " before X86_PV_INFO");
        }
    }

    /** The guest width from X86_PV_INFO, 0 before it. */
    int pvGuestWidth() {
        return pvGuestWidth;
    }

    void pvVcpu(StreamRecord.PvVcpu vcpu) {
        if (vcpu.type() == RecordType.X86_PV_VCPU_BASIC && vcpu.vcpuId() == 0 && vcpu.contextLength() > 0) {
            vcpu0BasicSeen = true;
        }
    }

    void hvmContext() {
        hvmContextSeen = true;
    }

    void verify() {
        verify = true;
    }

    /** A VERIFY record was read: PAGE_DATA from here on is for comparison. */
    boolean verifying() {
        return verify;
    }

    /**
     * The libxc END: static data ended, and the domain type's mandatory records came.
     *
     * @return true when a v2 stream's static data is inferred to end here
     */
    boolean end() throws StreamFormatException {
        if (!staticDataEnd && header.version() >= ImageHeaderDescriptor.VERSION) {
            throw location.fail("END without STATIC_DATA_END (mandatory in a v3 stream)");
        }
        boolean inferred = staticDataEndsBefore("END");
        if (header.domainType() == DomainType.X86_HVM && !hvmContextSeen) {
            throw location.fail("END without HVM_CONTEXT: an x86 HVM stream must carry the hypervisor's HVM context");
        }
        if (header.domainType() == DomainType.X86_PV) {
            if (!pvInfoSeen) {
                throw location.fail("END without X86_PV_INFO: an x86 PV stream must carry it");
            }
            if (!vcpu0BasicSeen) {
                throw location.fail("END without X86_PV_VCPU_BASIC for vcpu 0");
            }
        }
        return inferred;
    }
}
