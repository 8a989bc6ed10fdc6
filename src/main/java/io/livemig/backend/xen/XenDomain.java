package io.livemig.backend.xen;

import io.livemig.posix.Errno;
import io.livemig.backend.CpuThrottle;
import io.livemig.backend.DirtyBitmap;
import io.livemig.backend.DomainException;
import io.livemig.backend.PageMapper;
import io.livemig.backend.PvSourceDomain;
import io.livemig.backend.xen.bindings.ErrnoCapture;
import io.livemig.backend.xen.bindings.XenLibraries;
import io.livemig.backend.xen.bindings.xc_domaininfo_t;
import io.livemig.backend.xen.bindings.xc_hypercall_buffer_t;
import io.livemig.backend.xen.bindings.xc_shadow_op_stats_t;
import io.livemig.backend.xen.bindings.xen_cpuid_leaf_t;
import io.livemig.backend.xen.bindings.xen_msr_entry_t;
import io.livemig.backend.xen.bindings.xenctrl_h;
import io.livemig.backend.xen.bindings.xenguest_h;
import io.livemig.stream.DeviceModelState;
import io.livemig.stream.DeviceState;
import io.livemig.stream.DomainType;
import io.livemig.stream.HvmParam;
import io.livemig.stream.P2mFrameList;
import io.livemig.stream.PvDeviceState;
import io.livemig.stream.StreamRecord;
import io.livemig.stream.StaticState;
import io.livemig.stream.StreamFormat;
import io.livemig.stream.TscInfo;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A running Xen guest as a migration source: the {@link io.livemig.backend.SourceDomain} the save engine drives, on
 * the calls of Xen 4.17's save path (tools/libs/guest/xg_sr_save.c, xg_sr_save_x86_hvm.c and
 * xg_sr_save_x86_pv.c).
 *
 * <h2>Guests</h2>
 * HVM and PVH guests (XEN_DOMINF_hvm_guest), whose stream type is x86 HVM and whose pfns are their
 * gfns; and 64-bit PV guests, whose stream type is x86 PV: their pfns are translated to machine
 * frames through the guest's p2m, their page tables sent with pfns in place of machine frames,
 * and their vCPU and shared-info state sent as the PV records ({@link XenPvGuest}, the
 * {@link PvSourceDomain} methods). 32-bit PV guests are refused by {@link #open}.
 *
 * <h2>What each call does</h2>
 * <ul>
 *   <li>{@link #open}: xc_domain_getinfolist(first = domid, max = 1), checking that the domain
 *       returned is the one asked for and that it is neither dying nor shut down;
 *       {@link #pfnCount()} is xc_domain_nr_gpfns (the highest gfn + 1, Xen's p2m size for HVM) or,
 *       for a PV guest, the size of the guest's p2m (x86_pv_setup: the m2p, shared info and p2m
 *       are mapped read-only here, until {@link #close()});
 *       the Xen version for the domain header comes from xc_version(XENVER_version).</li>
 *   <li>{@link #staticState()}: the CPUID and MSR policy records, as write_x86_cpu_policy_records
 *       makes them (xc_cpu_policy_get_size, xc_cpu_policy_get_domain, xc_cpu_policy_serialise; in
 *       libxenguest).</li>
 *   <li>{@link #allocateDirtyBitmap}: the bitmap in a hypercall buffer
 *       (xc__hypercall_buffer_alloc_pages), viewed as a {@link MemorySegment} and scanned in place;
 *       freed when the caller's arena closes.</li>
 *   <li>Log-dirty: xc_logdirty_control with ENABLE_LOGDIRTY (if Xen refuses because it is already
 *       on, OFF and ENABLE again, as Xen's enable_logdirty does), CLEAN, PEEK, CLEAN with
 *       LOGDIRTY_FINAL, and OFF. Each fetch must cover the whole p2m; the count returned is the
 *       hypervisor's dirty counter (what Xen hands to the precopy policy), which may differ from
 *       the bits in the bitmap.</li>
 *   <li>{@link #openPageMapper}: see {@link XenPageMapper}.</li>
 *   <li>{@link #suspend()}: runs the {@link SuspendHook}, then checks the domain has shut down with
 *       reason SHUTDOWN_suspend. {@link #resume()}: xc_domain_resume(fast = 1), the suspend-cancel
 *       resume libxl uses when a save fails (the guest's suspend hypercall returns 1 and it carries
 *       on in the same domain), then xs_resume_domain.</li>
 *   <li>{@link #deviceState()}: TSC info (xc_domain_get_tsc_info), the HVM context
 *       (xc_domain_hvm_getcontext, size first), and the HVM params Xen 4.17 saves
 *       ({@link HvmParam#SAVED_BY_XEN}; zero values left out; any error fails, as in Xen).</li>
 *   <li>{@link #openCpuThrottle()}: the domain's cap in its cpupool's credit or credit2 scheduler
 *       ({@link XenCpuThrottle}).</li>
 * </ul>
 * Every failing call becomes a {@link XenCallException} naming the call, the domid and errno.
 *
 * <p>Thread use: the SPI methods from the saving thread; {@link #info()}, {@link #isSuspended()}
 * and {@link #close()} from any thread. {@link #suspend()} runs the hook without holding this
 * object's lock, so that {@link #close()} does not wait for a slow guest.
 */
public final class XenDomain implements PvSourceDomain, AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(XenDomain.class);
    /** Refused above this: the bitmap alone would be 128 GiB. */
    static final long MAX_PFNS = 1L << 40;
    /** Largest HVM context accepted (far above what Xen produces: a few KiB per vCPU). */
    static final int MAX_HVM_CONTEXT = 64 << 20;
    /** Largest CPUID or MSR policy accepted, in entries (Xen 4.17 has well under 200 of each). */
    static final int MAX_POLICY_ENTRIES = 1 << 16;
    private static final int PAGE_SHIFT = 12;

    private final XenHost host;
    private final int domid;
    private final String name;
    private final SuspendHook hook;
    private final Arena arena;
    private final MemorySegment callState;
    // out-parameters of the native calls, one per value
    private final MemorySegment info;
    private final MemorySegment logDirtyStats;
    private final MemorySegment gpfnCount;
    private final MemorySegment hvmParamValue;
    /** In: room for CPUID leaves; out: leaves written (or, from xc_cpu_policy_get_size, the most a policy has). */
    private final MemorySegment cpuidLeafCount;
    /** In: room for MSRs; out: MSRs written (or, from xc_cpu_policy_get_size, the most a policy has). */
    private final MemorySegment msrCount;
    private final MemorySegment tscMode;
    private final MemorySegment tscElapsedNanos;
    private final MemorySegment tscKhz;
    private final MemorySegment tscIncarnation;
    private long pfnCount;
    /** The PV guest's tables; null for HVM and PVH guests. */
    private XenPvGuest pv;
    /** An HVM guest's QEMU; null for PV and PVH guests. */
    private XenDeviceModel deviceModel;
    /** What the device model saved at the suspend. */
    private volatile DeviceModelState deviceModelState;
    /** Set once this object suspended the domain, until it resumes it: page-table faults are then final. */
    private volatile boolean suspendedHere;
    private StaticState staticState;
    private final List<HypercallBitmap> bitmaps = new ArrayList<>();
    private volatile boolean logDirtyOn;
    private volatile boolean closed;

    /** A dirty bitmap in a hypercall buffer: its descriptor (which libxenctrl reads) and pages. */
    private record HypercallBitmap(Arena descriptorArena, MemorySegment descriptor, long address, int pages) {
    }

    private XenDomain(XenHost host, int domid, SuspendHook hook) {
        this.host = host;
        this.domid = domid;
        this.name = "domid " + domid;
        this.hook = hook;
        this.arena = Arena.ofShared();
        this.callState = ErrnoCapture.allocate(arena);
        this.info = xc_domaininfo_t.allocate(arena);
        this.logDirtyStats = xc_shadow_op_stats_t.allocate(arena);
        this.gpfnCount = arena.allocate(ValueLayout.JAVA_LONG);
        this.hvmParamValue = arena.allocate(ValueLayout.JAVA_LONG);
        this.cpuidLeafCount = arena.allocate(ValueLayout.JAVA_INT);
        this.msrCount = arena.allocate(ValueLayout.JAVA_INT);
        this.tscMode = arena.allocate(ValueLayout.JAVA_INT);
        this.tscElapsedNanos = arena.allocate(ValueLayout.JAVA_LONG);
        this.tscKhz = arena.allocate(ValueLayout.JAVA_INT);
        this.tscIncarnation = arena.allocate(ValueLayout.JAVA_INT);
    }

    /**
     * {@link #open(XenHost, int, SuspendHook)} with the {@linkplain SuspendHook#cooperative() cooperative suspend}.
     *
     * @param host  the connection to the hypervisor
     * @param domid the guest's domain id
     * @return the domain, open for saving
     * @throws DomainException when there is no such domain, it cannot be saved, or a call fails
     */
    public static XenDomain open(XenHost host, int domid) {
        return open(host, domid, SuspendHook.cooperative());
    }

    /**
     * Opens a running guest for saving: HVM, PVH or 64-bit PV (32-bit PV guests are refused).
     *
     * @param host  the connection to the hypervisor
     * @param domid the guest's domain id, neither 0 (dom0) nor reserved
     * @param hook  how {@link #suspend()} gets the guest to suspend
     * @return the domain, open for saving
     * @throws DomainException when there is no such domain, it is not running, or it is a 32-bit PV guest
     */
    public static XenDomain open(XenHost host, int domid, SuspendHook hook) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(hook, "hook");
        checkGuestDomid(domid);
        XenDomain domain = new XenDomain(host, domid, hook);
        try {
            domain.check();
            return domain;
        } catch (RuntimeException | Error e) {
            domain.close();
            throw e;
        }
    }

    static void checkGuestDomid(int domid) {
        int reserved = xenctrl_h.DOMID_FIRST_RESERVED();
        if (domid == 0) {
            throw new DomainException("domid 0 is dom0, the control domain: it cannot be saved; give a guest's domid (1.." + (reserved - 1) + ")");
        }
        if (domid < 0 || domid >= reserved) {
            throw new DomainException("domid " + domid + " is not a guest domain id (1.." + (reserved - 1) + ")");
        }
    }

    private synchronized void check() {
        XenDomainInfo info = info();
        if (info.dying()) {
            throw new DomainException(name + " is dying: only a live domain can be saved");
        }
        if (info.shutdown()) {
            throw new DomainException(name + " is " + info.state() + ": only a live domain can be saved");
        }
        if (!info.hvm()) {
            pv = host.held(() -> XenPvGuest.open(host, domid, name, info.sharedInfoFrame()));
            pfnCount = pv.p2mSize();
            LOG.debug("{}: 64-bit PV guest, p2m of {} pfns, Xen {}.{}", name, pfnCount, host.xenMajor(), host.xenMinor());
            return;
        }
        deviceModel = XenDeviceModel.of(host, domid, name);
        if (deviceModel == null && info.emulatedPlatform()) {
            throw new DomainException(name + " is an HVM guest with emulated devices that libxl did not create (no /libxl/" + domid
                    + "/type): livemig cannot find its device model to save its state");
        }
        pfnCount = host.held(() -> {
            if (xenctrl_h.xc_domain_nr_gpfns(callState, host.xch(), domid, gpfnCount) < 0) {
                throw XenCallException.failed(callState, "xc_domain_nr_gpfns", name);
            }
            return gpfnCount.get(ValueLayout.JAVA_LONG, 0);
        });
        if (pfnCount < 1 || pfnCount > MAX_PFNS) {
            throw new DomainException(name + ": xc_domain_nr_gpfns gave " + Long.toUnsignedString(pfnCount) + " pfns, expected 1.." + MAX_PFNS);
        }
        LOG.debug("{}: {} pfns, {}, Xen {}.{}", name, pfnCount, info.state(), host.xenMajor(), host.xenMinor());
    }

    // ---- identity

    /**
     * The guest's domain id.
     *
     * @return the domid given to {@link #open}
     */
    public int domid() {
        return domid;
    }

    /**
     * The connection this domain was opened on.
     *
     * @return the host
     */
    public XenHost host() {
        return host;
    }

    /** "domid 5". */
    @Override
    public String name() {
        return name;
    }

    /** x86 HVM for HVM and PVH guests alike, x86 PV for PV guests. */
    @Override
    public DomainType type() {
        return pv != null ? DomainType.X86_PV : DomainType.X86_HVM;
    }

    @Override
    public long pfnCount() {
        return pfnCount;
    }

    @Override
    public int xenMajor() {
        return host.xenMajor();
    }

    @Override
    public int xenMinor() {
        return host.xenMinor();
    }

    /**
     * The domain's state now (xc_domain_getinfolist).
     *
     * @return what Xen says of the domain at this call
     * @throws DomainException when the domain no longer exists
     */
    public synchronized XenDomainInfo info() {
        checkOpen();
        return host.held(() -> {
            int n = xenctrl_h.xc_domain_getinfolist(callState, host.xch(), domid, 1, info);
            if (n < 0) {
                throw XenCallException.failed(callState, "xc_domain_getinfolist", "first domid " + domid + ", 1 domain");
            }
            XenDomainInfo read = n == 1 ? XenDomainInfo.read(info) : null;
            if (read == null || read.domid() != domid) {
                throw new DomainException("there is no domain with domid " + domid);
            }
            return read;
        });
    }

    /**
     * HVM param {@code index} (xc_hvm_param_get), for example HVM_PARAM_CALLBACK_IRQ.
     *
     * @param index the HVM_PARAM_* index
     * @return the param's value
     * @throws XenCallException when xc_hvm_param_get fails
     */
    public synchronized long hvmParam(int index) {
        checkOpen();
        return host.held(() -> readHvmParam(index));
    }

    private long readHvmParam(int index) {
        if (xenctrl_h.xc_hvm_param_get(callState, host.xch(), domid, index, hvmParamValue) != 0) {
            throw XenCallException.failed(callState, "xc_hvm_param_get", name + ", param " + index);
        }
        return hvmParamValue.get(ValueLayout.JAVA_LONG, 0);
    }

    /**
     * Shuts the domain down with reason SHUTDOWN_suspend (xc_domain_shutdown), without asking the
     * guest: libxl's way for an HVM guest without PV drivers.
     */
    public synchronized void shutdownForSuspend() {
        checkOpen();
        host.held(() -> {
            if (xenctrl_h.xc_domain_shutdown(callState, host.xch(), domid, xenctrl_h.SHUTDOWN_suspend()) != 0) {
                throw XenCallException.failed(callState, "xc_domain_shutdown", name + ", SHUTDOWN_suspend");
            }
        });
    }

    // ---- static state

    @Override
    public synchronized StaticState staticState() {
        checkOpen();
        if (staticState == null) {
            XenHost.require(XenLibraries.Library.XENGUEST);
            staticState = host.held(this::readCpuPolicy);
        }
        return staticState;
    }

    private StaticState readCpuPolicy() {
        MemorySegment xch = host.xch();
        if (xenguest_h.xc_cpu_policy_get_size(callState, xch, cpuidLeafCount, msrCount) < 0) {
            throw XenCallException.failed(callState, "xc_cpu_policy_get_size", "");
        }
        int maxLeaves = cpuidLeafCount.get(ValueLayout.JAVA_INT, 0);
        int maxMsrs = msrCount.get(ValueLayout.JAVA_INT, 0);
        if (maxLeaves < 0 || maxLeaves > MAX_POLICY_ENTRIES || maxMsrs < 0 || maxMsrs > MAX_POLICY_ENTRIES) {
            throw new DomainException("xc_cpu_policy_get_size gave " + Integer.toUnsignedString(maxLeaves) + " CPUID leaves and "
                    + Integer.toUnsignedString(maxMsrs) + " MSRs, expected at most " + MAX_POLICY_ENTRIES + " of each");
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment leaves = xen_cpuid_leaf_t.allocateArray(Math.max(1, maxLeaves), call);
            MemorySegment msrs = xen_msr_entry_t.allocateArray(Math.max(1, maxMsrs), call);
            MemorySegment policy = xenguest_h.xc_cpu_policy_init(callState);
            if (policy.equals(MemorySegment.NULL)) {
                throw XenCallException.failed(callState, "xc_cpu_policy_init", "");
            }
            try {
                if (xenguest_h.xc_cpu_policy_get_domain(callState, xch, domid, policy) != 0) {
                    throw XenCallException.failed(callState, "xc_cpu_policy_get_domain", name);
                }
                cpuidLeafCount.set(ValueLayout.JAVA_INT, 0, maxLeaves);
                msrCount.set(ValueLayout.JAVA_INT, 0, maxMsrs);
                if (xenguest_h.xc_cpu_policy_serialise(callState, xch, policy, leaves, cpuidLeafCount, msrs, msrCount) != 0) {
                    throw XenCallException.failed(callState, "xc_cpu_policy_serialise", name);
                }
            } finally {
                xenguest_h.xc_cpu_policy_destroy(policy);
            }
            int nLeaves = cpuidLeafCount.get(ValueLayout.JAVA_INT, 0);
            int nMsrs = msrCount.get(ValueLayout.JAVA_INT, 0);
            if (nLeaves < 0 || nLeaves > maxLeaves || nMsrs < 0 || nMsrs > maxMsrs) {
                throw new DomainException("xc_cpu_policy_serialise(" + name + ") gave " + Integer.toUnsignedString(nLeaves) + " leaves and "
                        + Integer.toUnsignedString(nMsrs) + " MSRs for room for " + maxLeaves + " and " + maxMsrs);
            }
            byte[] cpuid = leaves.asSlice(0, nLeaves * xen_cpuid_leaf_t.sizeof()).toArray(ValueLayout.JAVA_BYTE);
            byte[] msr = msrs.asSlice(0, nMsrs * xen_msr_entry_t.sizeof()).toArray(ValueLayout.JAVA_BYTE);
            LOG.debug("{}: CPU policy of {} CPUID leaves and {} MSRs", name, nLeaves, nMsrs);
            // x86_pv_static_data: X86_PV_INFO before the policy
            return new StaticState(cpuid, msr, pv != null ? new StreamRecord.PvInfo(XenPvGuest.GUEST_WIDTH, XenPvGuest.PT_LEVELS) : null);
        }
    }

    // ---- log-dirty

    /**
     * A zeroed bitmap for {@link #pfnCount()} pfns in a hypercall buffer, which the hypervisor
     * writes into. It is freed (xc__hypercall_buffer_free_pages) when {@code arena} closes; if the
     * Xen connection is closed first, its pages stay mapped until the process ends rather than
     * leave the segment pointing at freed memory.
     */
    @Override
    public synchronized DirtyBitmap allocateDirtyBitmap(Arena arena) {
        checkOpen();
        long bytes = DirtyBitmap.byteSizeFor(pfnCount);
        int pages = (int) ((bytes + (1 << PAGE_SHIFT) - 1) >>> PAGE_SHIFT);
        Arena descriptorArena = Arena.ofShared();
        MemorySegment descriptor = xc_hypercall_buffer_t.allocate(descriptorArena);
        // DECLARE_HYPERCALL_BUFFER: no bounce buffer (ubuf = (void *)-1)
        xc_hypercall_buffer_t.ubuf(descriptor, MemorySegment.ofAddress(-1L));
        MemorySegment buffer = host.held(() -> {
            MemorySegment allocated = xenctrl_h.xc__hypercall_buffer_alloc_pages(callState, host.xch(), descriptor, pages);
            if (allocated.equals(MemorySegment.NULL)) {
                XenCallException failure = XenCallException.failed(callState, "xc__hypercall_buffer_alloc_pages",
                        pages + " pages for the dirty bitmap of " + name);
                descriptorArena.close();
                throw failure;
            }
            return allocated;
        });
        HypercallBitmap bitmap = new HypercallBitmap(descriptorArena, descriptor, buffer.address(), pages);
        MemorySegment bits;
        try {
            bits = view(buffer, (long) pages << PAGE_SHIFT, arena, bitmap);
        } catch (RuntimeException e) {
            free(bitmap);
            throw e;
        }
        // xencall hands out recycled buffers: clear it
        bits.fill((byte) 0);
        bitmaps.add(bitmap);
        return DirtyBitmap.wrap(bits, pfnCount);
    }

    @SuppressWarnings("restricted") // the hypercall buffer is exactly pages * 4096 bytes
    private MemorySegment view(MemorySegment buffer, long size, Arena owner, HypercallBitmap bitmap) {
        return buffer.reinterpret(size, owner, s -> free(bitmap));
    }

    /** Frees a bitmap's pages while the connection is open; runs when the arena of the bitmap closes. */
    private void free(HypercallBitmap bitmap) {
        synchronized (this) {
            bitmaps.remove(bitmap);
        }
        try {
            host.held(() -> xenctrl_h.xc__hypercall_buffer_free_pages(host.xch(), bitmap.descriptor(), bitmap.pages()));
            bitmap.descriptorArena().close();
        } catch (DomainException closedConnection) {
            LOG.debug("{}: the Xen connection is closed; the {} pages of a dirty bitmap stay mapped", name, bitmap.pages());
        }
    }

    private HypercallBitmap bitmapFor(DirtyBitmap bitmap) {
        long address = bitmap.segment().address();
        for (HypercallBitmap b : bitmaps) {
            if (b.address() == address) {
                if (bitmap.pfnCount() != pfnCount) {
                    throw new DomainException(name + ": a dirty bitmap of " + bitmap.pfnCount() + " pfns for a p2m of " + pfnCount);
                }
                return b;
            }
        }
        throw new DomainException(name + ": the dirty bitmap does not come from allocateDirtyBitmap of this domain "
                + "(the hypervisor writes only into hypercall buffers)");
    }

    @Override
    public synchronized void enableLogDirty() {
        checkOpen();
        if (deviceModel != null) {
            deviceModel.globalDirtyLog(true); // before Xen's, as x86_hvm_setup
        }
        host.held(this::turnLogDirtyOn);
    }

    /** Xen's enable_logdirty; the caller holds the connection. */
    private void turnLogDirtyOn() {
        if (control(xenctrl_h.XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY()) >= 0) {
            logDirtyOn = true;
            return;
        }
        // Xen refuses ENABLE while log-dirty is on (e.g. left on by a failed save): OFF, then ENABLE again
        int first = ErrnoCapture.errno(callState);
        if (control(xenctrl_h.XEN_DOMCTL_SHADOW_OP_OFF()) < 0) {
            throw XenCallException.failed(callState, "xc_logdirty_control", name + ", OFF",
                    "tried after ENABLE_LOGDIRTY failed with " + Errno.describe(first));
        }
        if (control(xenctrl_h.XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY()) < 0) {
            throw XenCallException.failed(callState, "xc_logdirty_control", name + ", ENABLE_LOGDIRTY",
                    "the first attempt failed with " + Errno.describe(first) + ", then OFF succeeded");
        }
        logDirtyOn = true;
        LOG.debug("{}: log-dirty was refused ({}), turned off and on again", name, Errno.describe(first));
    }

    @Override
    public synchronized long cleanDirtyBitmap(DirtyBitmap into) {
        checkOpen();
        return fetch(xenctrl_h.XEN_DOMCTL_SHADOW_OP_CLEAN(), 0, into, "CLEAN");
    }

    @Override
    public synchronized long peekDirtyBitmap(DirtyBitmap into) {
        checkOpen();
        return fetch(xenctrl_h.XEN_DOMCTL_SHADOW_OP_PEEK(), 0, into, "PEEK");
    }

    @Override
    public synchronized long finalDirtyBitmap(DirtyBitmap into) {
        checkOpen();
        XenDomainInfo info = info();
        if (!info.suspended()) {
            throw new DomainException(name + ": the final dirty bitmap was asked of a " + info.state() + " domain (suspend it first)");
        }
        return fetch(xenctrl_h.XEN_DOMCTL_SHADOW_OP_CLEAN(), xenctrl_h.XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL(), into, "CLEAN, LOGDIRTY_FINAL");
    }

    /** One fetch of the bitmap over the whole p2m; returns the hypervisor's dirty count. */
    private long fetch(int op, int mode, DirtyBitmap into, String what) {
        HypercallBitmap bitmap = bitmapFor(into);
        return host.held(() -> {
            xc_shadow_op_stats_t.fault_count(logDirtyStats, 0);
            xc_shadow_op_stats_t.dirty_count(logDirtyStats, 0);
            long covered = xenctrl_h.xc_logdirty_control(callState, host.xch(), domid, op, bitmap.descriptor(), pfnCount, mode,
                    logDirtyStats);
            if (covered < 0) {
                throw XenCallException.failed(callState, "xc_logdirty_control", name + ", " + what);
            }
            if (covered != pfnCount) {
                throw new DomainException("xc_logdirty_control(" + name + ", " + what + ") covered " + covered
                        + " pfns, not the whole p2m of " + pfnCount);
            }
            return Integer.toUnsignedLong(xc_shadow_op_stats_t.dirty_count(logDirtyStats));
        });
    }

    /** xc_logdirty_control without a bitmap (ENABLE_LOGDIRTY, OFF); the caller holds the connection. */
    private long control(int op) {
        return xenctrl_h.xc_logdirty_control(callState, host.xch(), domid, op, MemorySegment.NULL, 0L, 0, MemorySegment.NULL);
    }

    /** Log-dirty OFF; a domain that no longer exists has none. Does nothing once this object is closed. */
    @Override
    public synchronized void disableLogDirty() {
        if (closed) {
            return;
        }
        host.held(this::turnLogDirtyOff);
        if (deviceModel != null) {
            deviceModel.globalDirtyLog(false); // as x86_hvm_cleanup
        }
    }

    /** Log-dirty OFF; the caller holds the connection. */
    private void turnLogDirtyOff() {
        if (control(xenctrl_h.XEN_DOMCTL_SHADOW_OP_OFF()) < 0) {
            int errno = ErrnoCapture.errno(callState);
            if (errno != Errno.ESRCH) {
                throw new XenCallException("xc_logdirty_control", name + ", OFF", errno);
            }
            LOG.debug("{} no longer exists: no log-dirty to turn off", name);
        }
        logDirtyOn = false;
    }

    /** Whether this object turned log-dirty on and has not turned it off since. */
    @Override
    public boolean logDirtyEnabled() {
        return logDirtyOn;
    }

    // ---- pages

    /** A mapper for batches of at most {@code maxBatch} (1..1024, the limit of xc_get_pfn_type_batch) pfns. */
    @Override
    public synchronized PageMapper openPageMapper(int maxBatch) {
        checkOpen();
        if (maxBatch < 1 || maxBatch > StreamFormat.MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch size must be 1.." + StreamFormat.MAX_BATCH_SIZE + ": " + maxBatch);
        }
        return new XenPageMapper(host, name, domid, pfnCount, maxBatch, pv, () -> suspendedHere);
    }

    // ---- suspend / resume

    /**
     * Runs the suspend hook unless the domain is already suspended, then checks that it has shut
     * down with reason SHUTDOWN_suspend (Xen's suspend_domain check).
     */
    @Override
    public void suspend() {
        checkOpen();
        XenDomainInfo before = info();
        if (before.suspended()) {
            LOG.debug("{} is already suspended", name);
            return;
        }
        if (before.shutdown() || before.dying()) {
            throw new DomainException(name + " is " + before.state() + ": it cannot be suspended");
        }
        hook.suspend(this);
        XenDomainInfo after = info();
        if (!after.suspended()) {
            throw new DomainException(name + " has not been suspended: shutdown " + (after.shutdown() ? 1 : 0) + ", reason "
                    + after.shutdownReason() + " (it is " + after.state() + ")");
        }
        suspendedHere = true;
        LOG.debug("{} suspended", name);
        if (deviceModel != null) {
            // as libxl once the guest is suspended: the emulator stops (no more DMA into guest
            // memory) and saves its state; for a live migration when log-dirty is on
            deviceModelState = deviceModel.stopAndSave(logDirtyOn);
        }
    }

    /**
     * Lets a suspended domain run again in place: xc_domain_resume with fast = 1 (the guest sees its
     * suspend cancelled), then xs_resume_domain. Does nothing for a domain that is not shut down.
     */
    @Override
    public void resume() {
        checkOpen();
        XenDomainInfo info = info();
        if (!info.shutdown()) {
            resumeDeviceModel();
            return;
        }
        if (!info.suspended()) {
            throw new DomainException(name + " is " + info.state() + ": only a suspended domain can be resumed");
        }
        XenHost.require(XenLibraries.Library.XENGUEST);
        synchronized (this) {
            host.held(() -> {
                if (xenguest_h.xc_domain_resume(callState, host.xch(), domid, 1) != 0) {
                    throw XenCallException.failed(callState, "xc_domain_resume", name + ", fast 1");
                }
            });
        }
        try {
            host.xenstore().resumeDomain(domid);
        } catch (DomainException e) {
            throw new DomainException(name + " runs again, but xenstored could not be told: " + e.getMessage(), e);
        }
        suspendedHere = false;
        XenDomainInfo after = info();
        if (after.shutdown()) {
            throw new DomainException(name + " is still " + after.state() + " after xc_domain_resume");
        }
        resumeDeviceModel();
        LOG.debug("{} resumed", name);
    }

    /** Shut down with reason suspend; false as well when the domain can no longer be asked (it is gone). */
    @Override
    public boolean isSuspended() {
        try {
            return info().suspended();
        } catch (DomainException e) {
            LOG.warn("{}: cannot tell whether it is suspended: {}", name, e.getMessage());
            return false;
        }
    }

    // ---- device state

    @Override
    public synchronized DeviceState deviceState() {
        checkOpen();
        if (pv != null) {
            throw new DomainException(name + " is a PV guest: its device state is pvDeviceState()");
        }
        XenDomainInfo info = info();
        if (!info.suspended()) {
            throw new DomainException(name + ": the device state was asked of a " + info.state() + " domain (suspend it first)");
        }
        return host.held(() -> new DeviceState(tscInfo(), hvmContext(), hvmParams()));
    }

    // ---- device model

    private void resumeDeviceModel() {
        if (deviceModel != null) {
            try {
                deviceModel.resume();
            } catch (DomainException e) {
                throw new DomainException(name + " runs again, but its device model does not: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public boolean hasDeviceModel() {
        return deviceModel != null;
    }

    /** The state the device model saved at the suspend (upstream QEMU), or null. */
    @Override
    public DeviceModelState deviceModelState() {
        if (deviceModel != null && deviceModelState == null) {
            throw new DomainException(name + ": the device model's state was asked before the domain was suspended");
        }
        return deviceModelState;
    }

    // ---- CPU throttle

    /**
     * A throttle of the domain's vCPUs through its scheduler cap ({@link XenCpuThrottle}), which
     * remembers the weight and cap the domain has now. It outlives this object: it needs only the
     * Xen connection.
     *
     * @throws DomainException when the domain's cpupool runs a scheduler without caps (neither
     *                         credit nor credit2), or a call fails ({@link XenCallException})
     */
    @Override
    public synchronized CpuThrottle openCpuThrottle() {
        checkOpen();
        return XenCpuThrottle.open(host, info());
    }

    // ---- x86 PV

    private XenPvGuest pv() {
        checkOpen();
        if (pv == null) {
            throw new DomainException(name + " is not a PV guest");
        }
        return pv;
    }

    @Override
    public synchronized P2mFrameList p2mFrames() {
        return pv().p2mFrames();
    }

    @Override
    public synchronized void checkVmState(boolean live) {
        XenPvGuest guest = pv();
        if (live) {
            host.held(guest::checkP2mGeneration);
        }
    }

    /** x86_pv_end_of_checkpoint: TSC info, the shared info page, the records of every online vCPU. */
    @Override
    public synchronized PvDeviceState pvDeviceState() {
        XenPvGuest guest = pv();
        XenDomainInfo info = info();
        if (!info.suspended()) {
            throw new DomainException(name + ": the device state was asked of a " + info.state() + " domain (suspend it first)");
        }
        return host.held(() -> new PvDeviceState(tscInfo(), guest.sharedInfoPage(), guest.vcpuRecords(info.maxVcpuId())));
    }

    private TscInfo tscInfo() {
        if (xenctrl_h.xc_domain_get_tsc_info(callState, host.xch(), domid, tscMode, tscElapsedNanos, tscKhz, tscIncarnation) < 0) {
            throw XenCallException.failed(callState, "xc_domain_get_tsc_info", name);
        }
        return new TscInfo(tscMode.get(ValueLayout.JAVA_INT, 0), tscKhz.get(ValueLayout.JAVA_INT, 0),
                tscElapsedNanos.get(ValueLayout.JAVA_LONG, 0), tscIncarnation.get(ValueLayout.JAVA_INT, 0));
    }

    private byte[] hvmContext() {
        int size = xenctrl_h.xc_domain_hvm_getcontext(callState, host.xch(), domid, MemorySegment.NULL, 0);
        if (size < 0) {
            throw XenCallException.failed(callState, "xc_domain_hvm_getcontext", name + ", size query");
        }
        if (size == 0 || size > MAX_HVM_CONTEXT) {
            throw new DomainException("xc_domain_hvm_getcontext(" + name + ") announced " + size + " bytes, expected 1.." + MAX_HVM_CONTEXT);
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment buffer = call.allocate(size);
            int length = xenctrl_h.xc_domain_hvm_getcontext(callState, host.xch(), domid, buffer, size);
            if (length < 0) {
                throw XenCallException.failed(callState, "xc_domain_hvm_getcontext", name + ", " + size + " bytes");
            }
            if (length == 0 || length > size) {
                throw new DomainException("xc_domain_hvm_getcontext(" + name + ") returned " + length + " bytes for a buffer of " + size);
            }
            return buffer.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    private List<HvmParam> hvmParams() {
        List<HvmParam> params = new ArrayList<>(HvmParam.SAVED_BY_XEN.size());
        for (int index : HvmParam.SAVED_BY_XEN) {
            long value = readHvmParam(index);
            if (value != 0) {
                params.add(new HvmParam(index, value));
            }
        }
        return params;
    }

    // ---- life cycle

    private void checkOpen() {
        if (closed) {
            throw new DomainException(name + ": this XenDomain is closed");
        }
    }

    /**
     * Turns log-dirty off if this object left it on, and releases this object's native memory.
     * The domain itself keeps running (or stays suspended). Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (logDirtyOn && host.isOpen()) {
            try {
                host.held(this::turnLogDirtyOff);
            } catch (DomainException e) {
                LOG.warn("{}: could not turn log-dirty off: {}", name, e.getMessage());
            }
        }
        if (deviceModel != null && deviceModel.globalDirtyLog()) {
            try {
                deviceModel.globalDirtyLog(false);
            } catch (DomainException e) {
                LOG.warn("{}: could not turn the device model's dirty log off: {}", name, e.getMessage());
            }
        }
        if (pv != null) {
            XenPvGuest guest = pv;
            try {
                host.held(guest::close);
            } catch (DomainException closedConnection) {
                guest.close();
            }
        }
        arena.close();
    }
}
