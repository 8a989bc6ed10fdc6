package io.livemig.backend.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.livemig.backend.DomainException;
import io.livemig.backend.xen.bindings.ErrnoCapture;
import io.livemig.posix.Errno;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The CPU throttle (auto-converge's) against a real Xen 4.17 hypervisor: run in dom0 with the
 * lab's running guest, never in the normal suite (tag {@code xen-lab}; the system properties of
 * {@link XenLabTest}). The cap each step leaves is read back through the scheduler's own get call,
 * not through the throttle.
 */
@Tag("xen-lab")
@EnabledIfSystemProperty(named = XenLabTest.DOMID_PROPERTY, matches = ".+",
        disabledReason = "runs only in the Xen lab, given -Dlivemig.xen.domid=N")
class XenThrottleLabTest {

    @Test
    void aThrottleCapsTheGuestAndRestoreGivesItsOwnCapBack() throws Exception {
        int domid = domid();
        try (XenHost host = XenHost.open(Optional.ofNullable(System.getProperty(XenLabTest.LIB_PROPERTY)).map(Path::of));
             XenDomain d = XenDomain.open(host, domid)) {
            XenCpuThrottle throttle = (XenCpuThrottle) d.openCpuThrottle();
            System.out.printf("XENLAB throttle: %s, weight %d%n", throttle.describe(), throttle.weight());
            int[] before = read(host, domid, throttle.scheduler());
            String state = d.info().state();
            assertEquals(throttle.weight(), before[0], "weight read at open");
            assertEquals(throttle.originalCap(), before[1], "cap read at open");
            try {
                for (int percent : new int[] {50, 99, 20}) {
                    throttle.set(percent);
                    int[] now = read(host, domid, throttle.scheduler());
                    int expected = XenCpuThrottle.capFor(percent, throttle.originalCap(), throttle.vcpus());
                    System.out.printf("XENLAB throttle %d %%: cap %d (expected %d), weight %d%n", percent, now[1], expected, now[0]);
                    assertEquals(expected, now[1], "the cap at " + percent + " %");
                    assertEquals(before[0], now[0], "the weight at " + percent + " %");
                    assertEquals(state, d.info().state(), "a cap is no pause: the guest's state at " + percent + " %");
                }
            } finally {
                throttle.restore();
            }
            int[] after = read(host, domid, throttle.scheduler());
            System.out.printf("XENLAB throttle restored: cap %d, weight %d%n", after[1], after[0]);
            assertEquals(before[1], after[1], "the cap after the restore");
            assertEquals(before[0], after[0], "the weight after the restore");
            assertEquals(0, throttle.percent());
        }
    }

    private static int domid() {
        String id = System.getProperty(XenLabTest.DOMID_PROPERTY);
        try {
            return Integer.parseInt(id.trim());
        } catch (NumberFormatException e) {
            return fail("-D" + XenLabTest.DOMID_PROPERTY + "=" + id + ": expected the domid of the lab's running guest");
        }
    }

    /** {weight, cap} from xc_sched_credit2_domain_get or xc_sched_credit_domain_get. */
    private static int[] read(XenHost host, int domid, XenCpuThrottle.Scheduler scheduler) {
        long stamp = host.enter();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = ErrnoCapture.allocate(arena);
            MemorySegment params = scheduler.allocate(arena);
            if (scheduler.get(callState, host.xch(), domid, params) != 0) {
                throw new DomainException("the " + scheduler.label() + " get call for domid " + domid + " failed: "
                        + Errno.describe(ErrnoCapture.errno(callState)));
            }
            return new int[] {scheduler.weight(params), scheduler.cap(params)};
        } finally {
            host.exit(stamp);
        }
    }
}
