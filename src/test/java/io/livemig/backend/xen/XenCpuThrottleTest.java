package io.livemig.backend.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.livemig.backend.CpuThrottle;
import org.junit.jupiter.api.Test;

/** The throttle's cap arithmetic and scheduler names, without Xen (FakeXenTest and XenLabTest make the calls). */
class XenCpuThrottleTest {

    @Test
    void withoutACapOfItsOwnTheDomainMayUseOneCpuPerVcpu() {
        assertEquals(80, XenCpuThrottle.capFor(20, 0, 1));
        assertEquals(50, XenCpuThrottle.capFor(50, 0, 1));
        assertEquals(100, XenCpuThrottle.capFor(50, 0, 2));
        assertEquals(300, XenCpuThrottle.capFor(25, 0, 4));
    }

    @Test
    void aCapOfItsOwnIsScaled() {
        assertEquals(75, XenCpuThrottle.capFor(50, 150, 2));
        assertEquals(40, XenCpuThrottle.capFor(50, 80, 1));
        assertEquals(63, XenCpuThrottle.capFor(10, 70, 1)); // 70 * 90 / 100, rounded down
    }

    @Test
    void noThrottleIsTheDomainsOwnCap() {
        assertEquals(0, XenCpuThrottle.capFor(0, 0, 1));
        assertEquals(0, XenCpuThrottle.capFor(0, 0, 64));
        assertEquals(150, XenCpuThrottle.capFor(0, 150, 2));
    }

    @Test
    void theHighestThrottleLeavesOnePercentAndNeverLiftsTheCap() {
        assertEquals(1, XenCpuThrottle.capFor(CpuThrottle.MAX_PERCENT, 0, 1));
        assertEquals(8, XenCpuThrottle.capFor(99, 0, 8));
        assertEquals(1, XenCpuThrottle.capFor(99, 150, 2)); // 1.5 rounded down
        // 50 * 1 / 100 is 0, which Xen reads as no cap at all
        assertEquals(1, XenCpuThrottle.capFor(99, 50, 1));
        assertEquals(1, XenCpuThrottle.capFor(99, 1, 1));
    }

    @Test
    void manyVcpusStayWithinAUint16Cap() {
        assertEquals(128 * 90, XenCpuThrottle.capFor(10, 0, 128));
        assertEquals(4096, XenCpuThrottle.capFor(99, 0, 4096));
        // 4096 vCPUs at 1 %: 405504 does not fit; the highest cap credit takes as a cap is written
        assertEquals(XenCpuThrottle.MAX_CAP, XenCpuThrottle.capFor(1, 0, 4096));
        assertEquals(32767, XenCpuThrottle.capFor(50, 65535, 1024));
    }

    @Test
    void outOfRangeArgumentsAreRefused() {
        assertEquals("CPU throttle must be 0..99 %, not 100",
                assertThrows(IllegalArgumentException.class, () -> XenCpuThrottle.capFor(100, 0, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> XenCpuThrottle.capFor(-1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> XenCpuThrottle.capFor(50, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> XenCpuThrottle.capFor(50, 65536, 1));
        assertThrows(IllegalArgumentException.class, () -> XenCpuThrottle.capFor(50, -1, 1));
    }

    @Test
    void schedulersAreNamedAsXlNamesThem() {
        assertEquals("credit", XenCpuThrottle.schedulerName(5));
        assertEquals("credit2", XenCpuThrottle.schedulerName(6));
        assertEquals("arinc653", XenCpuThrottle.schedulerName(7));
        assertEquals("rtds", XenCpuThrottle.schedulerName(8));
        assertEquals("null", XenCpuThrottle.schedulerName(9));
        assertEquals("scheduler 4", XenCpuThrottle.schedulerName(4));
        assertEquals(XenCpuThrottle.Scheduler.CREDIT, XenCpuThrottle.Scheduler.of(5));
        assertEquals(XenCpuThrottle.Scheduler.CREDIT2, XenCpuThrottle.Scheduler.of(6));
        assertNull(XenCpuThrottle.Scheduler.of(8));
        assertNull(XenCpuThrottle.Scheduler.of(9));
    }
}
