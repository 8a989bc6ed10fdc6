package io.livemig.backend.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.xen.bindings.xc_domaininfo_t;
import io.livemig.backend.xen.bindings.xen_arch_domainconfig;
import io.livemig.backend.xen.bindings.xenctrl_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Decoding a xc_domaininfo_t as xc_domain_getinfolist fills it. */
class XenDomainInfoTest {

    private static XenDomainInfo decode(int domid, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = xc_domaininfo_t.allocate(arena);
            xc_domaininfo_t.domain(info, (short) domid);
            xc_domaininfo_t.flags(info, flags);
            xc_domaininfo_t.tot_pages(info, 32768);
            xc_domaininfo_t.max_pages(info, 33024);
            xc_domaininfo_t.nr_online_vcpus(info, 2);
            xc_domaininfo_t.max_vcpu_id(info, 1);
            xc_domaininfo_t.shared_info_frame(info, 0x1234);
            xc_domaininfo_t.cpupool(info, 3);
            xen_arch_domainconfig.emulation_flags(xc_domaininfo_t.arch_config(info), 0x1);
            return XenDomainInfo.read(info);
        }
    }

    @Test
    void aRunningPvhGuest() {
        XenDomainInfo i = decode(5, xenctrl_h.XEN_DOMINF_hvm_guest() | xenctrl_h.XEN_DOMINF_running());
        assertEquals(new XenDomainInfo(5, 0x22, 32768, 33024, 2, 1, 1, 0x1234, 3), i);
        assertEquals(2, i.vcpus());
        assertTrue(i.hvm());
        assertTrue(i.running());
        assertFalse(i.shutdown());
        assertFalse(i.suspended());
        assertEquals("running", i.state());
    }

    @Test
    void theShutdownReasonSitsAboveBit16() {
        int suspended = xenctrl_h.XEN_DOMINF_hvm_guest() | xenctrl_h.XEN_DOMINF_shutdown()
                | (xenctrl_h.SHUTDOWN_suspend() << xenctrl_h.XEN_DOMINF_shutdownshift());
        XenDomainInfo s = decode(7, suspended);
        assertTrue(s.suspended());
        assertEquals(2, s.shutdownReason());
        assertEquals("suspended", s.state());

        XenDomainInfo crashed = decode(7, xenctrl_h.XEN_DOMINF_shutdown() | (xenctrl_h.SHUTDOWN_crash() << 16));
        assertFalse(crashed.suspended());
        assertEquals("shut down (crash)", crashed.state());
        // a reason without the shutdown flag means nothing
        assertFalse(decode(7, xenctrl_h.SHUTDOWN_suspend() << 16).suspended());
    }

    @Test
    void domidsAboveShortMaxAreUnsigned() {
        assertEquals(32751, decode(32751, 0).domid());
        assertEquals(40000, decode(40000, 0).domid());
    }

    @Test
    void otherStates() {
        assertEquals("paused", decode(3, xenctrl_h.XEN_DOMINF_paused()).state());
        assertEquals("dying", decode(3, xenctrl_h.XEN_DOMINF_dying() | xenctrl_h.XEN_DOMINF_shutdown()).state());
        assertFalse(decode(3, 0).hvm());
    }

    @Test
    void shutdownReasonNames() {
        assertEquals("poweroff", XenDomainInfo.shutdownReasonName(xenctrl_h.SHUTDOWN_poweroff()));
        assertEquals("reboot", XenDomainInfo.shutdownReasonName(xenctrl_h.SHUTDOWN_reboot()));
        assertEquals("suspend", XenDomainInfo.shutdownReasonName(xenctrl_h.SHUTDOWN_suspend()));
        assertEquals("crash", XenDomainInfo.shutdownReasonName(xenctrl_h.SHUTDOWN_crash()));
        assertEquals("watchdog", XenDomainInfo.shutdownReasonName(xenctrl_h.SHUTDOWN_watchdog()));
        assertEquals("soft_reset", XenDomainInfo.shutdownReasonName(xenctrl_h.SHUTDOWN_soft_reset()));
        assertEquals("reason 9", XenDomainInfo.shutdownReasonName(9));
    }
}
