package io.livemig.backend.xen;

import io.livemig.backend.xen.bindings.xc_domaininfo_t;
import io.livemig.backend.xen.bindings.xen_arch_domainconfig;
import io.livemig.backend.xen.bindings.xenctrl_h;
import java.lang.foreign.MemorySegment;

/**
 * What xc_domain_getinfolist says of a domain (a {@code xc_domaininfo_t}), by value.
 *
 * @param domid          the domain id
 * @param flags          XEN_DOMINF_* bits; the shutdown reason sits in bits 16..23
 * @param totPages       pages the domain owns
 * @param maxPages       its memory limit in pages
 * @param nrOnlineVcpus  vCPUs online
 * @param maxVcpuId      the highest vCPU id
 * @param emulationFlags x86 XEN_X86_EMU_* flags (0 or LAPIC only for PVH, all for HVM)
 * @param sharedInfoFrame the machine frame of the domain's shared info page (a PV save maps it)
 * @param cpupool        the id of the cpupool the domain runs in (its scheduler is the pool's)
 */
public record XenDomainInfo(int domid, int flags, long totPages, long maxPages, int nrOnlineVcpus, int maxVcpuId,
                            int emulationFlags, long sharedInfoFrame, int cpupool) {

    /** Reads a {@code xc_domaininfo_t}. */
    static XenDomainInfo read(MemorySegment info) {
        return new XenDomainInfo(Short.toUnsignedInt(xc_domaininfo_t.domain(info)), xc_domaininfo_t.flags(info),
                xc_domaininfo_t.tot_pages(info), xc_domaininfo_t.max_pages(info), xc_domaininfo_t.nr_online_vcpus(info),
                xc_domaininfo_t.max_vcpu_id(info), xen_arch_domainconfig.emulation_flags(xc_domaininfo_t.arch_config(info)),
                xc_domaininfo_t.shared_info_frame(info), xc_domaininfo_t.cpupool(info));
    }

    /**
     * How many vCPUs the domain has, online or not: its highest vCPU id + 1.
     *
     * @return the vCPU count
     */
    public int vcpus() {
        return maxVcpuId + 1;
    }

    /**
     * An HVM guest whose platform Xen emulates beyond the local APIC (HVM: a device model in dom0), not PVH.
     *
     * @return true for HVM, false for PVH and PV
     */
    public boolean emulatedPlatform() {
        return hvm() && (emulationFlags & ~xenctrl_h.XEN_X86_EMU_LAPIC()) != 0;
    }

    /**
     * Scheduled to die (XEN_DOMINF_dying).
     *
     * @return true when the flag is set
     */
    public boolean dying() {
        return (flags & xenctrl_h.XEN_DOMINF_dying()) != 0;
    }

    /**
     * An HVM container: HVM or PVH (XEN_DOMINF_hvm_guest).
     *
     * @return true for HVM and PVH, false for PV
     */
    public boolean hvm() {
        return (flags & xenctrl_h.XEN_DOMINF_hvm_guest()) != 0;
    }

    /**
     * The guest has shut down, for {@link #shutdownReason()} (XEN_DOMINF_shutdown).
     *
     * @return true when the flag is set
     */
    public boolean shutdown() {
        return (flags & xenctrl_h.XEN_DOMINF_shutdown()) != 0;
    }

    /**
     * Paused by the toolstack (XEN_DOMINF_paused).
     *
     * @return true when the flag is set
     */
    public boolean paused() {
        return (flags & xenctrl_h.XEN_DOMINF_paused()) != 0;
    }

    /**
     * Some vCPU is running right now (XEN_DOMINF_running).
     *
     * @return true when the flag is set
     */
    public boolean running() {
        return (flags & xenctrl_h.XEN_DOMINF_running()) != 0;
    }

    /**
     * SHUTDOWN_* code, meaningful when {@link #shutdown()}.
     *
     * @return bits 16..23 of the flags
     */
    public int shutdownReason() {
        return (flags >>> xenctrl_h.XEN_DOMINF_shutdownshift()) & xenctrl_h.XEN_DOMINF_shutdownmask();
    }

    /**
     * Shut down with reason SHUTDOWN_suspend: what a save needs before its last pass.
     *
     * @return true when shut down for suspend
     */
    public boolean suspended() {
        return shutdown() && shutdownReason() == xenctrl_h.SHUTDOWN_suspend();
    }

    /**
     * "poweroff", "reboot", "suspend", "crash", "watchdog", "soft_reset" or "reason N".
     *
     * @param reason a SHUTDOWN_* code, as from {@link #shutdownReason()}
     * @return the reason's name, for messages
     */
    public static String shutdownReasonName(int reason) {
        return switch (reason) {
            case 0 -> "poweroff";
            case 1 -> "reboot";
            case 2 -> "suspend";
            case 3 -> "crash";
            case 4 -> "watchdog";
            case 5 -> "soft_reset";
            default -> "reason " + reason;
        };
    }

    /**
     * "running", "paused", "suspended", "shut down (crash)", "dying"... for messages.
     *
     * @return the domain's state in words
     */
    public String state() {
        if (dying()) {
            return "dying";
        }
        if (shutdown()) {
            return suspended() ? "suspended" : "shut down (" + shutdownReasonName(shutdownReason()) + ")";
        }
        return paused() ? "paused" : "running";
    }
}
