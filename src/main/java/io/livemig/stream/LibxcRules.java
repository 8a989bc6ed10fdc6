package io.livemig.stream;

/**
 * Where libxc records may stand, for one libxc stream: STATIC_DATA_END before any page (inferred
 * at the first PAGE_DATA, X86_PV_P2M_FRAMES or END of a v2 stream, which has none), the CPU
 * policies before it and at most once each, X86_PV_INFO once, in the static data, and before the
 * PV records that depend on it, X86_PV_P2M_FRAMES before the pages of an x86 PV stream (their
 * pfns must lie in its p2m), records of the other domain type refused as Xen's restore refuses a
 * mandatory record its x86 PV or HVM ops do not handle, and at END the records the domain type
 * cannot do without.
 */
final class LibxcRules {
    private static final String INFERRED = "inferred at the first PAGE_DATA of this v2 stream";
    private static final String INFERRED_AT_IT = "inferred: a v2 stream has no STATIC_DATA_END";

    private final ErrorLocation location;
    private final LibxcHeader header;
    private boolean staticDataEnd;
    private boolean staticDataEndInferred;
    private boolean cpuidSeen;
    private boolean msrSeen;
    private boolean pvInfoSeen;
    private int pvGuestWidth;
    /** Pfns the x86 PV p2m covers (the largest X86_PV_P2M_FRAMES end_pfn + 1); 0 before the first. */
    private long p2mSize;
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
            requirePvInfoInStaticData(what + " ends the static data (" + INFERRED_AT_IT + ")");
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
        requirePvInfoInStaticData("STATIC_DATA_END");
        staticDataEnd = true;
    }

    /**
     * X86_PV_INFO is static data of an x86 PV stream (the specification's layout): it must come
     * before {@code end}. Being once only, it is then never after it either.
     */
    private void requirePvInfoInStaticData(String end) throws StreamFormatException {
        if (isPv() && !pvInfoSeen) {
            throw location.fail(end + " without X86_PV_INFO before it: an x86 PV stream carries it in its static data");
        }
    }

    private boolean isPv() {
        return header.domainType() == DomainType.X86_PV;
    }

    /**
     * A record only Xen's x86 PV restore handles (x86_pv_process_record): its x86 HVM restore
     * finds it a mandatory record it does not handle and fails.
     */
    void pvOnly() throws StreamFormatException {
        if (!isPv()) {
            throw location.fail("an x86 PV record in an " + header.domainType().displayName()
                    + " stream: Xen's x86 HVM restore refuses it (mandatory record not handled)");
        }
    }

    /** A record only Xen's x86 HVM restore handles (x86_hvm_process_record); its x86 PV restore refuses it. */
    void hvmOnly() throws StreamFormatException {
        if (isPv()) {
            throw location.fail("an x86 HVM record in an " + header.domainType().displayName()
                    + " stream: Xen's x86 PV restore refuses it (mandatory record not handled)");
        }
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

    /** An X86_PV_P2M_FRAMES record: the p2m grows to cover its end_pfn, as Xen's expand_p2m does. */
    void p2mFrames(StreamRecord.PvP2mFrames frames) {
        p2mSize = Math.max(p2mSize, frames.endPfn() + 1);
    }

    /**
     * PAGE_DATA pfns must be below this: the p2m's size in an x86 PV stream (Xen's pfn_is_valid
     * is {@code pfn <= max_pfn}, and its p2m is empty until X86_PV_P2M_FRAMES), no bound of its
     * own in an x86 HVM stream.
     */
    long pagePfnLimit() throws StreamFormatException {
        if (!isPv()) {
            return Long.MAX_VALUE;
        }
        if (p2mSize == 0) {
            throw location.fail("PAGE_DATA before X86_PV_P2M_FRAMES: an x86 PV stream's pages must lie in its p2m, which that record sizes");
        }
        return p2mSize;
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
