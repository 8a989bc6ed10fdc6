package io.livemig.backend.xen;

import io.livemig.posix.Errno;
import io.livemig.backend.DomainException;
import io.livemig.backend.xen.bindings.ErrnoCapture;
import io.livemig.backend.xen.bindings.arch_shared_info;
import io.livemig.backend.xen.bindings.cpu_user_regs;
import io.livemig.backend.xen.bindings.shared_info;
import io.livemig.backend.xen.bindings.vcpu_guest_context;
import io.livemig.backend.xen.bindings.xc_hypercall_buffer_t;
import io.livemig.backend.xen.bindings.xc_vcpuinfo_t;
import io.livemig.backend.xen.bindings.xen_domctl;
import io.livemig.backend.xen.bindings.xen_domctl_ext_vcpucontext;
import io.livemig.backend.xen.bindings.xen_domctl_vcpu_msrs;
import io.livemig.backend.xen.bindings.xen_domctl_vcpuextstate;
import io.livemig.backend.xen.bindings.xenctrl_h;
import io.livemig.backend.xen.bindings.xenforeignmemory_h;
import io.livemig.stream.P2mFrameList;
import io.livemig.stream.PageTableEntry;
import io.livemig.stream.PageType;
import io.livemig.stream.PvVcpuContext;
import io.livemig.stream.PvVcpuDescriptor;
import io.livemig.stream.RecordType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What Xen's x86 PV save knows of a 64-bit PV guest (xg_sr_save_x86_pv.c, xg_sr_common_x86_pv.c):
 * the machine-to-physical table (m2p, Xen's, mapped read-only from DOMID_XEN), the guest's shared
 * info page, and its physical-to-machine table (p2m), found as Xen finds it: through the linear p2m
 * list when the guest published one (shared info's p2m_cr3 and p2m_vaddr, walked through the
 * guest's own page tables) or else the three-level frame-list tree (pfn_to_mfn_frame_list_list).
 * With them it turns machine frame numbers into pfns where the stream needs pfns: in page tables
 * ({@link #normalise}), in the vCPU context ({@link #vcpuRecords}) and in the list of p2m frames.
 *
 * <p>32-bit PV guests (guest width 4, PAE page tables, the compat m2p) are refused when opened.
 * The caller holds the Xen connection ({@link XenHost#enter}) around every method; the mappings
 * stay until {@link #close()}.
 */
final class XenPvGuest implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(XenPvGuest.class);
    static final int PAGE_SHIFT = 12;
    static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    static final long INVALID_MFN = -1L;
    static final int GUEST_WIDTH = 8;
    static final int PT_LEVELS = 4;
    /** p2m entries per page for a 64-bit guest. */
    private static final long FPP = PAGE_SIZE / GUEST_WIDTH;
    // xg_sr_common_x86_pv.h and xg_private.h (Xen's private tool headers, not installed)
    static final long HYPERVISOR_VIRT_START = 0xFFFF800000000000L;
    static final long HYPERVISOR_VIRT_END = 0xFFFF87FFFFFFFFFFL;
    /** L4 slots of Xen's own mappings in a 64-bit guest's L4 tables: 256..271. */
    static final int XEN_L4_FIRST = (int) (HYPERVISOR_VIRT_START >>> 39) & 511;
    static final int XEN_L4_LAST = (int) (HYPERVISOR_VIRT_END >>> 39) & 511;
    private static final int M2P_SHIFT = 21;
    /** FIRST_RESERVED_GDT_ENTRY: a guest's GDT ends below Xen's reserved GDT pages (14 pages of 512 entries). */
    static final long FIRST_RESERVED_GDT_ENTRY = 14L * 512;
    /** The most p2m frames accepted (a 2^32-pfn guest: the record's end_pfn is 32 bits). */
    private static final long MAX_P2M_FRAMES = (1L << 32) / FPP;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG;

    /** What {@link #normalise} says of a page table. */
    enum Normalised { DONE, RETRY_LATER }

    private final XenHost host;
    private final int domid;
    private final String name;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment callState;
    private final List<MemorySegment> mappings = new ArrayList<>();
    private long maxMfn;
    private MemorySegment m2p;
    private MemorySegment sharedInfo;
    private long maxPfn;
    private MemorySegment p2m;
    private long[] p2mPfns;
    /** The p2m list's generation at the last check; -1 (~0) for a frame-list tree, which has none. */
    private long p2mGeneration = -1;

    private XenPvGuest(XenHost host, int domid, String name) {
        this.host = host;
        this.domid = domid;
        this.name = name;
        this.callState = ErrnoCapture.allocate(arena);
    }

    /**
     * x86_pv_setup: the guest's width, the m2p, the shared info at machine frame
     * {@code sharedInfoFrame}, the p2m. The caller holds the connection.
     *
     * @throws DomainException when the guest is not a 64-bit PV guest or a table is not what Xen accepts
     */
    static XenPvGuest open(XenHost host, int domid, String name, long sharedInfoFrame) {
        XenPvGuest guest = new XenPvGuest(host, domid, name);
        try {
            guest.checkWidth();
            guest.mapM2p();
            guest.sharedInfo = guest.map(domid, new long[] {sharedInfoFrame}, "the shared info frame");
            guest.mapP2m();
            return guest;
        } catch (RuntimeException | Error e) {
            guest.close();
            throw e;
        }
    }

    // ---- x86_pv_domain_info, x86_pv_map_m2p

    private void checkWidth() {
        MemorySegment width = arena.allocate(ValueLayout.JAVA_INT);
        if (xenctrl_h.xc_domain_get_guest_width(callState, host.xch(), domid, width) != 0) {
            throw XenCallException.failed(callState, "xc_domain_get_guest_width", name);
        }
        int bytes = width.get(ValueLayout.JAVA_INT, 0);
        if (bytes == 4) {
            throw new DomainException(name + " is a 32-bit PV guest: livemig saves 64-bit PV guests only "
                    + "(a 32-bit one needs the compat m2p and PAE page tables); save it with xl save");
        }
        if (bytes != GUEST_WIDTH) {
            throw new DomainException(name + ": invalid guest width " + bytes * 8 + ", expected 32 or 64");
        }
    }

    private void mapM2p() {
        MemorySegment out = arena.allocate(U64);
        if (xenctrl_h.xc_maximum_ram_page(callState, host.xch(), out) < 0) {
            throw XenCallException.failed(callState, "xc_maximum_ram_page", "");
        }
        maxMfn = out.get(U64, 0);
        if (maxMfn <= 0 || maxMfn > (1L << 40)) {
            throw new DomainException("xc_maximum_ram_page gave " + Long.toUnsignedString(maxMfn) + ", expected 1..2^40");
        }
        long chunkBytes = 1L << M2P_SHIFT;
        long chunks = (maxMfn * 8 + chunkBytes - 1) >>> M2P_SHIFT;
        MemorySegment extents = arena.allocate(U64, chunks);
        if (xenctrl_h.xc_machphys_mfn_list(callState, host.xch(), chunks, extents) != 0) {
            throw XenCallException.failed(callState, "xc_machphys_mfn_list", chunks + " chunks");
        }
        int pagesPerChunk = (int) (chunkBytes >>> PAGE_SHIFT);
        long[] frames = new long[Math.toIntExact(chunks * pagesPerChunk)];
        for (int c = 0; c < chunks; c++) {
            long first = extents.getAtIndex(U64, c);
            for (int p = 0; p < pagesPerChunk; p++) {
                frames[c * pagesPerChunk + p] = first + p;
            }
        }
        m2p = map(xenctrl_h.DOMID_XEN(), frames, "the m2p (" + chunks + " chunks of 2 MiB)");
        LOG.debug("{}: max_mfn {}, m2p of {} chunks", name, hex(maxMfn), chunks);
    }

    // ---- the p2m (map_p2m, map_p2m_tree, map_p2m_list, map_p2m_leaves)

    private long arch(long fieldOffset) {
        return sharedInfo.get(U64, shared_info.arch$offset() + fieldOffset);
    }

    private void mapP2m() {
        long shinfoMaxPfn = arch(arch_shared_info.max_pfn$offset());
        if (shinfoMaxPfn < 1 || shinfoMaxPfn > (1L << 32)) {
            throw new DomainException(name + ": the shared info's max_pfn is " + Long.toUnsignedString(shinfoMaxPfn)
                    + ", expected 1..2^32 (the guest has not published its p2m)");
        }
        maxPfn = shinfoMaxPfn - 1;
        long p2mCr3 = arch(arch_shared_info.p2m_cr3$offset());
        if (p2mCr3 != 0) {
            mapP2mList(p2mCr3);
        } else {
            mapP2mTree();
        }
    }

    private void mapP2mTree() {
        long fllEntries = maxPfn / (FPP * FPP) + 1;
        if (fllEntries > FPP) {
            throw new DomainException(name + ": max_pfn " + hex(maxPfn) + " too large for p2m tree");
        }
        long fllMfn = arch(arch_shared_info.pfn_to_mfn_frame_list_list$offset());
        if (fllMfn == 0 || Long.compareUnsigned(fllMfn, maxMfn) > 0) {
            throw new DomainException(name + ": bad mfn " + hex(fllMfn) + " for the p2m frame list list");
        }
        long[] fll;
        MemorySegment guestFll = map(domid, new long[] {fllMfn}, "the p2m frame list list");
        try {
            fll = guestFll.asSlice(0, fllEntries * 8).toArray(U64);
        } finally {
            unmap(guestFll);
        }
        long savedMfn = 0;
        int savedX = 0;
        for (int x = 0; x < fll.length; x++) {
            if (fll[x] == 0 || Long.compareUnsigned(fll[x], maxMfn) > 0) {
                throw new DomainException(name + ": bad mfn " + hex(fll[x]) + " at index " + x + " (of " + fll.length
                        + ") in the p2m frame list list");
            }
            if (fll[x] != savedMfn) {
                savedMfn = fll[x];
                savedX = x;
            }
        }
        // trailing entries all the same: they map nothing but invalid entries (Xen's reasoning)
        long lowerMax = (savedX + 1) * FPP * FPP - 1;
        if (lowerMax < maxPfn) {
            maxPfn = lowerMax;
            fllEntries = maxPfn / (FPP * FPP) + 1;
        }
        long flEntries = maxPfn / FPP + 1;
        long[] fl;
        MemorySegment guestFl = map(domid, java.util.Arrays.copyOf(fll, (int) fllEntries), "the p2m frame list");
        try {
            fl = guestFl.asSlice(0, flEntries * 8).toArray(U64);
        } finally {
            unmap(guestFl);
        }
        for (int x = 0; x < fl.length; x++) {
            if (fl[x] == 0 || Long.compareUnsigned(fl[x], maxMfn) > 0) {
                throw new DomainException(name + ": bad mfn " + hex(fl[x]) + " at index " + x + " (of " + fl.length
                        + ") in the p2m frame list");
            }
        }
        mapP2mLeaves(fl);
    }

    private void mapP2mList(long p2mCr3) {
        long p2mMfn = p2mCr3 >>> PAGE_SHIFT;
        if (Long.compareUnsigned(p2mMfn, maxMfn) > 0) {
            throw new DomainException(name + ": bad p2m_cr3 value " + hex(p2mCr3));
        }
        p2mGeneration = arch(arch_shared_info.p2m_generation$offset());
        long p2mVaddr = arch(arch_shared_info.p2m_vaddr$offset());
        long frames = maxPfn / FPP + 1;
        long p2mEnd = p2mVaddr + frames * PAGE_SIZE - 1;
        final long mask = 0x0000_FFFF_FFFF_FFFFL;
        if (!canonical(p2mVaddr) || !canonical(p2mEnd) || Long.compareUnsigned(p2mEnd, p2mVaddr) < 0
                || (Long.compareUnsigned(p2mVaddr, HYPERVISOR_VIRT_END) <= 0 && Long.compareUnsigned(p2mEnd, HYPERVISOR_VIRT_START) > 0)) {
            throw new DomainException(name + ": bad virtual p2m address range " + hex(p2mVaddr) + "-" + hex(p2mEnd));
        }
        LOG.debug("{}: p2m list from {} to {}, root at mfn {}, max_pfn {}", name, hex(p2mVaddr), hex(p2mEnd), hex(p2mMfn), hex(maxPfn));
        long[] mfns = {p2mMfn};
        long off = 0;
        long idxStart = 0;
        long idxEnd = 0;
        long savedMfn = 0;
        long savedIdx = 0;
        for (int level = PT_LEVELS; level > 0; level--) {
            MemorySegment ptes = map(domid, java.util.Arrays.copyOf(mfns, (int) (idxEnd - idxStart + 1)),
                    "page tables of the p2m list (level " + level + ")");
            try {
                int shift = level * 9 + 3;
                idxStart = ((p2mVaddr - off) & mask) >>> shift;
                idxEnd = ((p2mEnd - off) & mask) >>> shift;
                mfns = new long[Math.toIntExact(idxEnd - idxStart + 1)];
                for (long idx = idxStart; idx <= idxEnd; idx++) {
                    long mfn = PageTableEntry.frame(ptes.getAtIndex(U64, idx));
                    if (mfn == 0 || Long.compareUnsigned(mfn, maxMfn) > 0) {
                        throw new DomainException(name + ": bad mfn " + hex(mfn) + " during the page table walk for vaddr "
                                + hex(off + (idx << shift)) + " at level " + level + " of the p2m list");
                    }
                    mfns[(int) (idx - idxStart)] = mfn;
                    if (level == 2 && mfn != savedMfn) {
                        savedMfn = mfn;
                        savedIdx = idx - idxStart;
                    }
                }
                if (level == 2) {
                    // as map_p2m_list: trailing L2 entries that repeat one L1 map only invalid entries
                    if (savedIdx == idxEnd) {
                        savedIdx++;
                    }
                    long lowerMax = (savedIdx << 9) * FPP - 1;
                    if (lowerMax < maxPfn) {
                        maxPfn = lowerMax;
                        frames = (maxPfn + FPP) / FPP;
                        p2mEnd = p2mVaddr + frames * PAGE_SIZE - 1;
                        idxEnd = idxStart + savedIdx;
                    }
                }
                off = p2mVaddr & ((mask >>> shift) << shift);
            } finally {
                unmap(ptes);
            }
        }
        mapP2mLeaves(java.util.Arrays.copyOf(mfns, (int) (idxEnd - idxStart + 1)));
    }

    private static boolean canonical(long vaddr) {
        return (vaddr >> 47) == (vaddr >> 63);
    }

    private void mapP2mLeaves(long[] mfns) {
        if (mfns.length > MAX_P2M_FRAMES) {
            throw new DomainException(name + ": a p2m of " + mfns.length + " frames");
        }
        p2m = map(domid, mfns, "the " + mfns.length + " p2m frames");
        p2mPfns = new long[mfns.length];
        for (int x = 0; x < mfns.length; x++) {
            if (!inPseudophysmap(mfns[x])) {
                throw new DomainException(name + ": bad mfn in p2m_frame_list[" + x + "]: " + describeMfn(mfns[x]));
            }
            p2mPfns[x] = mfnToPfn(mfns[x]);
        }
    }

    // ---- lookups (xg_sr_common_x86_pv.c)

    /** The p2m's size: pfns 0 .. maxPfn. */
    long p2mSize() {
        return maxPfn + 1;
    }

    /** p2m[pfn]: the mfn of a pfn, or {@link #INVALID_MFN} for a pfn without memory (ballooned out). */
    long pfnToMfn(long pfn) {
        return p2m.getAtIndex(U64, pfn);
    }

    long mfnToPfn(long mfn) {
        return m2p.getAtIndex(U64, mfn);
    }

    /** mfn_in_pseudophysmap: the m2p and the guest's p2m agree on this frame. */
    boolean inPseudophysmap(long mfn) {
        if (Long.compareUnsigned(mfn, maxMfn) > 0 || mfn >= m2p.byteSize() >>> 3) {
            return false;
        }
        long pfn = m2p.getAtIndex(U64, mfn);
        return Long.compareUnsigned(pfn, maxPfn) <= 0 && p2m.getAtIndex(U64, pfn) == mfn;
    }

    /** dump_bad_pseudophysmap_entry, as one clause. */
    String describeMfn(long mfn) {
        StringBuilder s = new StringBuilder("mfn ").append(hex(mfn)).append(" (max ").append(hex(maxMfn));
        if (Long.compareUnsigned(mfn, maxMfn) <= 0 && mfn < m2p.byteSize() >>> 3) {
            long pfn = m2p.getAtIndex(U64, mfn);
            s.append("; m2p gives pfn ").append(hex(pfn));
            if (Long.compareUnsigned(pfn, maxPfn) <= 0) {
                s.append(", whose p2m entry is mfn ").append(hex(p2m.getAtIndex(U64, pfn)));
            } else {
                s.append(", beyond max_pfn ").append(hex(maxPfn));
            }
        }
        return s.append(") is not in the guest's pseudo-physical map").toString();
    }

    /** X86_PV_P2M_FRAMES: the pfns of the p2m's frames. */
    P2mFrameList p2mFrames() {
        return new P2mFrameList(maxPfn, p2mPfns.clone());
    }

    /**
     * get_p2m_generation: for a p2m list, fails when the guest's p2m_generation differs from the
     * last one seen (and remembers the new one), as x86_pv_check_vm_state_p2m_list does.
     */
    void checkP2mGeneration() {
        if (p2mGeneration == -1) {
            return;
        }
        long now = arch(arch_shared_info.p2m_generation$offset());
        long before = p2mGeneration;
        p2mGeneration = now;
        if (now != before) {
            throw new DomainException(name + ": the guest changed its p2m during the live save (p2m_generation "
                    + Long.toUnsignedString(before) + " -> " + Long.toUnsignedString(now) + "); migration aborted, as Xen aborts it");
        }
    }

    /** A copy of the shared info page, for SHARED_INFO. */
    byte[] sharedInfoPage() {
        return sharedInfo.asSlice(0, PAGE_SIZE).toArray(ValueLayout.JAVA_BYTE);
    }

    // ---- page tables (normalise_pagetable)

    /**
     * Copies the page table at {@code src + srcOffset} (of stream type {@code type}, L1TAB..L4TAB, pinned or not)
     * to {@code dst + dstOffset} with every present entry's mfn turned into its pfn and Xen's own L4 slots
     * cleared, as normalise_pagetable does for a 64-bit guest.
     *
     * @param running whether the guest may still change its tables: an entry Xen cannot translate
     *                then asks for the page to be sent again later ({@link Normalised#RETRY_LATER})
     * @throws DomainException for a superpage, or an untranslatable entry once the guest is suspended
     */
    Normalised normalise(MemorySegment src, long srcOffset, MemorySegment dst, long dstOffset, int type, long pfn, boolean running) {
        int level = type & ~PageType.LPINTAB;
        int xenFirst = level == PageType.L4TAB ? XEN_L4_FIRST : -1;
        int xenLast = level == PageType.L4TAB ? XEN_L4_LAST : -1;
        final MemorySegment table = m2p;
        final long m2pEntries = table.byteSize() >>> 3;
        final long max = maxMfn;
        final long lastPfn = maxPfn;
        final MemorySegment map = p2m;
        for (int i = 0; i < PageTableEntry.ENTRIES; i++) {
            long pte = src.get(U64, srcOffset + 8L * i);
            if (i >= xenFirst && i <= xenLast) {
                pte = 0; // Xen's mappings: the destination's Xen puts its own
            }
            if ((pte & PageTableEntry.PRESENT) != 0) {
                long mfn = PageTableEntry.frame(pte);
                if (level > PageType.L1TAB && (pte & PageTableEntry.PSE) != 0) {
                    throw new DomainException(String.format("%s: pfn %#x (%s) entry %d maps a superpage (pte %#018x): "
                            + "PV superpages cannot be migrated", name, pfn, PageType.name(type), i, pte));
                }
                long entryPfn;
                if (mfn > max || mfn >= m2pEntries || Long.compareUnsigned(entryPfn = table.getAtIndex(U64, mfn), lastPfn) > 0
                        || map.getAtIndex(U64, entryPfn) != mfn) {
                    if (running) {
                        return Normalised.RETRY_LATER;
                    }
                    throw new DomainException(String.format("%s: pfn %#x (%s) entry %d: %s", name, pfn, PageType.name(type), i, describeMfn(mfn)));
                }
                pte = PageTableEntry.withFrame(pte, entryPfn);
            }
            dst.set(U64, dstOffset + 8L * i, pte);
        }
        return Normalised.DONE;
    }

    // ---- vCPUs (write_all_vcpu_information)

    /**
     * The vCPU records of every online vCPU of a suspended guest, in Xen's order: BASIC (frame
     * numbers turned into pfns), then EXTENDED, XSAVE and MSRS where the hypervisor has that state.
     */
    List<PvVcpuContext> vcpuRecords(int maxVcpuId) {
        List<PvVcpuContext> records = new ArrayList<>();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment info = xc_vcpuinfo_t.allocate(call);
            MemorySegment context = vcpu_guest_context.allocate(call);
            MemorySegment domctl = xen_domctl.allocate(call);
            for (int id = 0; id <= maxVcpuId; id++) {
                if (xenctrl_h.xc_vcpu_getinfo(callState, host.xch(), domid, id, info) != 0) {
                    throw XenCallException.failed(callState, "xc_vcpu_getinfo", name + ", vcpu " + id);
                }
                if (xc_vcpuinfo_t.online(info) == 0) {
                    continue;
                }
                records.add(new PvVcpuContext(RecordType.X86_PV_VCPU_BASIC, id, basic(context, id)));
                byte[] extended = extended(domctl, id);
                if (extended != null) {
                    records.add(new PvVcpuContext(RecordType.X86_PV_VCPU_EXTENDED, id, extended));
                }
                byte[] xsave = xsave(domctl, id);
                if (xsave != null) {
                    records.add(new PvVcpuContext(RecordType.X86_PV_VCPU_XSAVE, id, xsave));
                }
                byte[] msrs = msrs(domctl, id);
                if (msrs != null) {
                    records.add(new PvVcpuContext(RecordType.X86_PV_VCPU_MSRS, id, msrs));
                }
            }
        }
        return records;
    }

    /** write_one_vcpu_basic: the context, with the suspend record, GDT frames, cr3 and cr1 as pfns. */
    private byte[] basic(MemorySegment context, int id) {
        context.fill((byte) 0);
        if (xenctrl_h.xc_vcpu_getcontext(callState, host.xch(), domid, id, context) != 0) {
            throw XenCallException.failed(callState, "xc_vcpu_getcontext", name + ", vcpu " + id);
        }
        if (id == 0) {
            // vCPU 0's rdx holds the mfn of the start info page (the "suspend record")
            MemorySegment regs = vcpu_guest_context.user_regs(context);
            long mfn = cpu_user_regs.rdx(regs);
            cpu_user_regs.rdx(regs, pfnOf(mfn, "vcpu0's suspend record"));
        }
        long gdtEntries = vcpu_guest_context.gdt_ents(context);
        if (Long.compareUnsigned(gdtEntries, FIRST_RESERVED_GDT_ENTRY) > 0) {
            throw new DomainException(name + ": vcpu" + id + "'s GDT has " + Long.toUnsignedString(gdtEntries)
                    + " entries, more than the " + FIRST_RESERVED_GDT_ENTRY + " a guest may have");
        }
        long gdtFrames = (gdtEntries + 511) / 512;
        for (int i = 0; i < gdtFrames; i++) {
            long mfn = vcpu_guest_context.gdt_frames(context, i);
            vcpu_guest_context.gdt_frames(context, i, pfnOf(mfn, "frame " + i + " of vcpu" + id + "'s GDT"));
        }
        long cr3 = vcpu_guest_context.ctrlreg(context, 3);
        vcpu_guest_context.ctrlreg(context, 3, pfnOf(cr3 >>> PAGE_SHIFT, "vcpu" + id + "'s cr3") << PAGE_SHIFT);
        long cr1 = vcpu_guest_context.ctrlreg(context, 1);
        if (cr1 != 0) {
            // 64-bit guests: cr1 holds the user-mode page tables
            vcpu_guest_context.ctrlreg(context, 1, 1 | pfnOf(cr1 >>> PAGE_SHIFT, "vcpu" + id + "'s cr1") << PAGE_SHIFT);
        }
        return context.toArray(ValueLayout.JAVA_BYTE);
    }

    private long pfnOf(long mfn, String what) {
        if (!inPseudophysmap(mfn)) {
            throw new DomainException(name + ": bad mfn for " + what + ": " + describeMfn(mfn));
        }
        return mfnToPfn(mfn);
    }

    private MemorySegment domctl(MemorySegment domctl, int cmd, int vcpu) {
        domctl.fill((byte) 0);
        xen_domctl.cmd(domctl, cmd);
        xen_domctl.domain(domctl, (short) domid);
        MemorySegment u = xen_domctl.u(domctl);
        u.set(ValueLayout.JAVA_INT, 0, vcpu); // every vCPU domctl starts with its vcpu
        return u;
    }

    private void call(MemorySegment domctl, String what, int vcpu) {
        if (xenctrl_h.xc_domctl(callState, host.xch(), domctl) < 0) {
            throw XenCallException.failed(callState, "xc_domctl", name + ", " + what + ", vcpu " + vcpu);
        }
    }

    /** write_one_vcpu_extended: the first {@code size} bytes of xen_domctl_ext_vcpucontext, or null when empty. */
    private byte[] extended(MemorySegment domctl, int id) {
        MemorySegment u = domctl(domctl, xenctrl_h.XEN_DOMCTL_get_ext_vcpucontext(), id);
        call(domctl, "XEN_DOMCTL_get_ext_vcpucontext", id);
        int size = xen_domctl_ext_vcpucontext.size(u);
        if (size == 0) {
            return null;
        }
        if (size < 0 || size > Math.min(PvVcpuDescriptor.EXTENDED_MAX, xen_domctl_ext_vcpucontext.sizeof())) {
            throw new DomainException(name + ": XEN_DOMCTL_get_ext_vcpucontext gave a context of " + Integer.toUnsignedString(size)
                    + " bytes for vcpu " + id + ", expected at most " + xen_domctl_ext_vcpucontext.sizeof());
        }
        return u.asSlice(0, size).toArray(ValueLayout.JAVA_BYTE);
    }

    /** write_one_vcpu_xsave: the xsave area, or null when the vCPU has none. */
    private byte[] xsave(MemorySegment domctl, int id) {
        MemorySegment u = domctl(domctl, xenctrl_h.XEN_DOMCTL_getvcpuextstate(), id);
        call(domctl, "XEN_DOMCTL_getvcpuextstate (size)", id);
        if (xen_domctl_vcpuextstate.xfeature_mask(u) == 0) {
            return null;
        }
        long size = xen_domctl_vcpuextstate.size(u);
        if (size <= 0 || size > (1 << 20)) {
            throw new DomainException(name + ": XEN_DOMCTL_getvcpuextstate announced " + Long.toUnsignedString(size)
                    + " bytes of xsave state for vcpu " + id + ", expected 1..1 MiB");
        }
        return withBuffer(size, buffer -> {
            xen_domctl_vcpuextstate.buffer(u, buffer.address());
            call(domctl, "XEN_DOMCTL_getvcpuextstate", id);
            long got = xen_domctl_vcpuextstate.size(u);
            if (got == 0) {
                return null;
            }
            if (got < 0 || got > size) {
                throw new DomainException(name + ": XEN_DOMCTL_getvcpuextstate wrote " + Long.toUnsignedString(got)
                        + " bytes into a buffer of " + size + " for vcpu " + id);
            }
            return buffer.asSlice(0, got).toArray(ValueLayout.JAVA_BYTE);
        });
    }

    /** write_one_vcpu_msrs: the vCPU's MSRs ({u32 index, u32 reserved, u64 value}), or null when it has none. */
    private byte[] msrs(MemorySegment domctl, int id) {
        MemorySegment u = domctl(domctl, xenctrl_h.XEN_DOMCTL_get_vcpu_msrs(), id);
        call(domctl, "XEN_DOMCTL_get_vcpu_msrs (count)", id);
        long count = Integer.toUnsignedLong(xen_domctl_vcpu_msrs.msr_count(u));
        if (count == 0) {
            return null;
        }
        if (count > 4096) {
            throw new DomainException(name + ": XEN_DOMCTL_get_vcpu_msrs announced " + count + " MSRs for vcpu " + id + ", expected at most 4096");
        }
        long bytes = count * PvVcpuDescriptor.MSR_LENGTH;
        return withBuffer(bytes, buffer -> {
            xen_domctl_vcpu_msrs.msrs(u, buffer.address());
            call(domctl, "XEN_DOMCTL_get_vcpu_msrs", id);
            long got = Integer.toUnsignedLong(xen_domctl_vcpu_msrs.msr_count(u));
            if (got == 0) {
                return null;
            }
            if (got > count) {
                throw new DomainException(name + ": XEN_DOMCTL_get_vcpu_msrs wrote " + got + " MSRs into room for " + count + " for vcpu " + id);
            }
            return buffer.asSlice(0, got * PvVcpuDescriptor.MSR_LENGTH).toArray(ValueLayout.JAVA_BYTE);
        });
    }

    private interface BufferUse {
        byte[] use(MemorySegment buffer);
    }

    /** Runs {@code use} with a zeroed hypercall buffer of at least {@code bytes} (the hypervisor writes only into those). */
    @SuppressWarnings("restricted") // the buffer is exactly pages * 4096 bytes
    private byte[] withBuffer(long bytes, BufferUse use) {
        int pages = (int) ((bytes + PAGE_SIZE - 1) >>> PAGE_SHIFT);
        try (Arena descriptorArena = Arena.ofConfined()) {
            MemorySegment descriptor = xc_hypercall_buffer_t.allocate(descriptorArena);
            xc_hypercall_buffer_t.ubuf(descriptor, MemorySegment.ofAddress(-1L));
            MemorySegment buffer = xenctrl_h.xc__hypercall_buffer_alloc_pages(callState, host.xch(), descriptor, pages);
            if (buffer.equals(MemorySegment.NULL)) {
                throw XenCallException.failed(callState, "xc__hypercall_buffer_alloc_pages", pages + " pages for " + name);
            }
            try {
                MemorySegment view = buffer.reinterpret((long) pages << PAGE_SHIFT);
                view.fill((byte) 0);
                return use.use(view);
            } finally {
                xenctrl_h.xc__hypercall_buffer_free_pages(host.xch(), descriptor, pages);
            }
        }
    }

    // ---- foreign mappings

    /** Maps {@code frames} of domain {@code dom} read-only, all or nothing (xc_map_foreign_pages). */
    @SuppressWarnings("restricted") // the mapping is frames.length pages
    private MemorySegment map(int dom, long[] frames, String what) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment array = call.allocateFrom(U64, frames);
            MemorySegment errors = call.allocate(ValueLayout.JAVA_INT, frames.length);
            MemorySegment mapping = xenforeignmemory_h.xenforeignmemory_map2(callState, host.fmem(), dom, MemorySegment.NULL,
                    xenforeignmemory_h.PROT_READ(), 0, frames.length, array, errors);
            if (mapping.equals(MemorySegment.NULL)) {
                throw XenCallException.failed(callState, "xenforeignmemory_map", "domid " + dom + ", " + what + ", " + frames.length + " frames");
            }
            MemorySegment pages = mapping.reinterpret((long) frames.length << PAGE_SHIFT);
            mappings.add(pages);
            for (int i = 0; i < frames.length; i++) {
                int err = errors.getAtIndex(ValueLayout.JAVA_INT, i);
                if (err != 0) {
                    XenCallException e = new XenCallException("xenforeignmemory_map", "domid " + dom + ", " + what + ", mfn "
                            + hex(frames[i]), -err);
                    unmap(pages);
                    throw e;
                }
            }
            return pages.asReadOnly();
        }
    }

    private void unmap(MemorySegment pages) {
        for (int i = 0; i < mappings.size(); i++) {
            if (mappings.get(i).address() == pages.address()) {
                MemorySegment m = mappings.remove(i);
                if (xenforeignmemory_h.xenforeignmemory_unmap(callState, host.fmem(), m, m.byteSize() >>> PAGE_SHIFT) != 0) {
                    LOG.warn("{}: xenforeignmemory_unmap of {} pages failed: {}", name, m.byteSize() >>> PAGE_SHIFT,
                            Errno.describe(ErrnoCapture.errno(callState)));
                }
                return;
            }
        }
    }

    /** Unmaps the m2p, the shared info and the p2m. The caller holds the connection (or it is already closed). */
    @Override
    public void close() {
        if (host.isOpen()) {
            while (!mappings.isEmpty()) {
                unmap(mappings.getLast());
            }
        }
        mappings.clear();
        arena.close();
    }

    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
