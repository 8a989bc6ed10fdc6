package io.livemig.backend.xen;

import io.livemig.backend.CpuThrottle;
import io.livemig.backend.DomainException;
import io.livemig.backend.xen.bindings.ErrnoCapture;
import io.livemig.backend.xen.bindings.xc_cpupoolinfo_t;
import io.livemig.backend.xen.bindings.xen_domctl_sched_credit;
import io.livemig.backend.xen.bindings.xen_domctl_sched_credit2;
import io.livemig.backend.xen.bindings.xenctrl_h;
import io.livemig.posix.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The {@link CpuThrottle} of a Xen guest: its cap in the credit or credit2 scheduler of its
 * cpupool, the only means Xen 4.17 has to hold a running domain below the CPU time it would get.
 *
 * <h2>The cap</h2>
 * Xen's cap is the CPU time the whole domain may use, as a percentage of one physical CPU (100 is
 * one CPU, 200 two); 0 means no cap. A throttle of {@code p} % takes {@code p} % of what the
 * domain may use away ({@link #capFor}): with no cap of its own, a domain of {@code n} vCPUs may
 * use {@code n} CPUs and gets the cap {@code n × (100 − p)}; with its own cap {@code c}, it gets
 * {@code c × (100 − p) / 100}; at least 1 either way, and {@code c} again at {@code p = 0}. The
 * weight is written back as it was read: only the cap changes.
 *
 * <h2>What each call does</h2>
 * <ul>
 *   <li>{@link #open}: the pool's scheduler from xc_cpupool_getinfo (of the domain's cpupool, from
 *       xc_domain_getinfolist; freed with xc_cpupool_infofree), then the domain's weight and cap
 *       from xc_sched_credit2_domain_get or xc_sched_credit_domain_get. Any other scheduler
 *       (RTDS, null, ARINC 653) has no cap: refused with a {@link DomainException}.</li>
 *   <li>{@link #set}: xc_sched_credit2_domain_set (or _credit_) with the weight read at open and
 *       the new cap; logged at INFO.</li>
 *   <li>{@link #restore()}: the same with the cap read at open, unless nothing but that cap has
 *       been written; a domain that no longer exists (ESRCH) needs nothing restored.</li>
 * </ul>
 * Every failing call is a {@link XenCallException} naming the call, the domid and errno.
 *
 * <p>Thread use: any thread (the methods are synchronized); the engine calls it from the saving
 * thread. It needs the Xen connection open, not the {@link XenDomain} it came from.
 */
final class XenCpuThrottle implements CpuThrottle {
    private static final Logger LOG = LogManager.getLogger(XenCpuThrottle.class);
    /**
     * The highest cap written: a cap is a uint16_t, and credit's putinfo takes 0xFFFF for "leave
     * the cap as it is".
     */
    static final int MAX_CAP = 0xFFFE;

    /** The schedulers that have a cap, with their calls. */
    enum Scheduler {
        CREDIT("credit", "xc_sched_credit_domain_get", "xc_sched_credit_domain_set"),
        CREDIT2("credit2", "xc_sched_credit2_domain_get", "xc_sched_credit2_domain_set");

        private final String label;
        private final String getCall;
        private final String setCall;

        Scheduler(String label, String getCall, String setCall) {
            this.label = label;
            this.getCall = getCall;
            this.setCall = setCall;
        }

        /** The scheduler of XEN_SCHEDULER_* {@code id}, or null when it has no cap. */
        static Scheduler of(int id) {
            if (id == xenctrl_h.XEN_SCHEDULER_CREDIT2()) {
                return CREDIT2;
            }
            return id == xenctrl_h.XEN_SCHEDULER_CREDIT() ? CREDIT : null;
        }

        /** "credit2", as xl names it. */
        String label() {
            return label;
        }

        /** Reads the domain's weight and cap into {@code params}; 0 on success, as the C call. */
        int get(MemorySegment callState, MemorySegment xch, int domid, MemorySegment params) {
            return this == CREDIT2 ? xenctrl_h.xc_sched_credit2_domain_get(callState, xch, domid, params)
                    : xenctrl_h.xc_sched_credit_domain_get(callState, xch, domid, params);
        }

        /** Writes {@code params} as the domain's weight and cap; 0 on success, as the C call. */
        int set(MemorySegment callState, MemorySegment xch, int domid, MemorySegment params) {
            return this == CREDIT2 ? xenctrl_h.xc_sched_credit2_domain_set(callState, xch, domid, params)
                    : xenctrl_h.xc_sched_credit_domain_set(callState, xch, domid, params);
        }

        /** A zeroed xen_domctl_sched_credit2 or xen_domctl_sched_credit. */
        MemorySegment allocate(Arena arena) {
            return this == CREDIT2 ? xen_domctl_sched_credit2.allocate(arena) : xen_domctl_sched_credit.allocate(arena);
        }

        int weight(MemorySegment params) {
            return Short.toUnsignedInt(this == CREDIT2 ? xen_domctl_sched_credit2.weight(params) : xen_domctl_sched_credit.weight(params));
        }

        int cap(MemorySegment params) {
            return Short.toUnsignedInt(this == CREDIT2 ? xen_domctl_sched_credit2.cap(params) : xen_domctl_sched_credit.cap(params));
        }

        void write(MemorySegment params, int weight, int cap) {
            if (this == CREDIT2) {
                xen_domctl_sched_credit2.weight(params, (short) weight);
                xen_domctl_sched_credit2.cap(params, (short) cap);
            } else {
                xen_domctl_sched_credit.weight(params, (short) weight);
                xen_domctl_sched_credit.cap(params, (short) cap);
            }
        }
    }

    private final XenHost host;
    private final int domid;
    private final String name;
    private final Scheduler scheduler;
    private final int weight;
    private final int originalCap;
    private final int vcpus;
    private int percent;
    /** False once a cap other than the original may be in force, until the original is written back. */
    private boolean original = true;

    private XenCpuThrottle(XenHost host, int domid, Scheduler scheduler, int weight, int originalCap, int vcpus) {
        this.host = host;
        this.domid = domid;
        this.name = "domid " + domid;
        this.scheduler = scheduler;
        this.weight = weight;
        this.originalCap = originalCap;
        this.vcpus = vcpus;
    }

    /**
     * The throttle of the domain {@code info} describes, remembering its weight and cap.
     *
     * @throws DomainException   when the domain's cpupool runs a scheduler without caps, or is gone
     * @throws XenCallException  when a call fails
     */
    static XenCpuThrottle open(XenHost host, XenDomainInfo info) {
        Objects.requireNonNull(host, "host");
        int domid = info.domid();
        String name = "domid " + domid;
        XenCpuThrottle throttle = host.held(() -> {
            try (Arena call = Arena.ofConfined()) {
                MemorySegment callState = ErrnoCapture.allocate(call);
                int schedulerId = poolScheduler(host, callState, info.cpupool(), name);
                Scheduler scheduler = Scheduler.of(schedulerId);
                if (scheduler == null) {
                    throw new DomainException(name + " cannot be throttled: its cpupool " + Integer.toUnsignedString(info.cpupool())
                            + " runs the " + schedulerName(schedulerId) + " scheduler, and the CPU throttle (auto-converge)"
                            + " works through the cap of the credit or credit2 scheduler");
                }
                MemorySegment params = scheduler.allocate(call);
                if (scheduler.get(callState, host.xch(), domid, params) != 0) {
                    throw XenCallException.failed(callState, scheduler.getCall, name);
                }
                return new XenCpuThrottle(host, domid, scheduler, scheduler.weight(params), scheduler.cap(params), info.vcpus());
            }
        });
        LOG.info("CPU throttle opened: the {}", throttle.describe());
        return throttle;
    }

    /** The XEN_SCHEDULER_* of cpupool {@code pool}; the caller holds the connection. */
    @SuppressWarnings("restricted") // xc_cpupool_getinfo returns one xc_cpupoolinfo_t, which it allocated
    private static int poolScheduler(XenHost host, MemorySegment callState, int pool, String name) {
        MemorySegment returned = xenctrl_h.xc_cpupool_getinfo(callState, host.xch(), pool);
        if (returned.equals(MemorySegment.NULL)) {
            throw XenCallException.failed(callState, "xc_cpupool_getinfo", "pool " + Integer.toUnsignedString(pool) + " of " + name);
        }
        try {
            MemorySegment info = returned.reinterpret(xc_cpupoolinfo_t.sizeof());
            // Xen answers with the first pool whose id is at least the one asked for
            int found = xc_cpupoolinfo_t.cpupool_id(info);
            if (found != pool) {
                throw new DomainException("the cpupool of " + name + ", " + Integer.toUnsignedString(pool)
                        + ", no longer exists (xc_cpupool_getinfo gave pool " + Integer.toUnsignedString(found) + ")");
            }
            return xc_cpupoolinfo_t.sched_id(info);
        } finally {
            xenctrl_h.xc_cpupool_infofree(host.xch(), returned);
        }
    }

    /** "credit", "credit2", "arinc653", "rtds", "null" (xl's names), or "scheduler N". */
    static String schedulerName(int id) {
        if (id == xenctrl_h.XEN_SCHEDULER_CREDIT()) {
            return "credit";
        } else if (id == xenctrl_h.XEN_SCHEDULER_CREDIT2()) {
            return "credit2";
        } else if (id == xenctrl_h.XEN_SCHEDULER_ARINC653()) {
            return "arinc653";
        } else if (id == xenctrl_h.XEN_SCHEDULER_RTDS()) {
            return "rtds";
        } else if (id == xenctrl_h.XEN_SCHEDULER_NULL()) {
            return "null";
        }
        return "scheduler " + id;
    }

    /**
     * The cap that takes {@code percent} % of its CPU time from a domain of {@code vcpus} vCPUs
     * whose own cap is {@code originalCap} (0: none): {@code originalCap} at 0 %; otherwise
     * {@code vcpus × (100 − percent)} without a cap of its own, {@code originalCap × (100 −
     * percent) / 100} with one; never below 1 (0 would lift the cap) nor above {@link #MAX_CAP}.
     *
     * @throws IllegalArgumentException for a percentage outside 0..{@value CpuThrottle#MAX_PERCENT},
     *                                  a cap outside 0..65535 or fewer than one vCPU
     */
    static int capFor(int percent, int originalCap, int vcpus) {
        CpuThrottle.checkPercent(percent);
        if (originalCap < 0 || originalCap > 0xFFFF) {
            throw new IllegalArgumentException("a cap is 0..65535, not " + originalCap);
        }
        if (vcpus < 1) {
            throw new IllegalArgumentException("a domain has at least one vCPU, not " + vcpus);
        }
        if (percent == 0) {
            return originalCap;
        }
        long left = 100 - percent;
        long cap = originalCap == 0 ? vcpus * left : originalCap * left / 100;
        return Math.clamp(cap, 1, MAX_CAP);
    }

    @Override
    public synchronized int percent() {
        return percent;
    }

    @Override
    public synchronized void set(int percent) {
        int cap = capFor(percent, originalCap, vcpus);
        if (cap != originalCap) {
            original = false;
        }
        write(cap);
        this.percent = percent;
        if (cap == originalCap) {
            original = true;
        }
        LOG.info("{}: CPU throttle {} %: {} cap {} (originally {}; {})", name, percent, scheduler.label, cap, capText(originalCap),
                vcpuText());
    }

    @Override
    public synchronized void restore() {
        if (original) {
            return;
        }
        try {
            write(originalCap);
            LOG.info("{}: CPU throttle off: {} cap {} again", name, scheduler.label, capText(originalCap));
        } catch (XenCallException e) {
            if (e.errno() != Errno.ESRCH) {
                throw e; // the throttle stays in force: a later restore() tries again
            }
            LOG.info("{} no longer exists: its {} cap needs no restoring", name, scheduler.label);
        }
        original = true;
        percent = 0;
    }

    /** Writes the weight read at open and {@code cap}. */
    private void write(int cap) {
        host.held(() -> {
            try (Arena call = Arena.ofConfined()) {
                MemorySegment callState = ErrnoCapture.allocate(call);
                MemorySegment params = scheduler.allocate(call);
                scheduler.write(params, weight, cap);
                if (scheduler.set(callState, host.xch(), domid, params) != 0) {
                    throw XenCallException.failed(callState, scheduler.setCall, name + ", weight " + weight + ", cap " + cap);
                }
            }
        });
    }

    /** "credit2 cap of domid 5 (originally 0, none; 2 vCPUs)". */
    @Override
    public String describe() {
        return scheduler.label + " cap of " + name + " (originally " + capText(originalCap) + "; " + vcpuText() + ")";
    }

    @Override
    public String toString() {
        return describe();
    }

    private static String capText(int cap) {
        return cap == 0 ? "0, none" : String.valueOf(cap);
    }

    private String vcpuText() {
        return vcpus + (vcpus == 1 ? " vCPU" : " vCPUs");
    }

    // ---- for tests

    Scheduler scheduler() {
        return scheduler;
    }

    int originalCap() {
        return originalCap;
    }

    int weight() {
        return weight;
    }

    int vcpus() {
        return vcpus;
    }
}
