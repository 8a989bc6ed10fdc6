package io.livemig.backend.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.CpuThrottle;
import io.livemig.backend.DirtyBitmap;
import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;

/**
 * The simulated domain's CPU throttle: taking p % of the writers' time takes p % of the pages
 * they dirty, for paced and unpaced writers, and restoring it gives their rate back. Rates are
 * compared within one test (the same machine, seconds apart), with wide margins: the point is
 * that the dirty rate falls with the cap, not its exact figure.
 */
class WriterThrottleTest {

    /** Pages marked dirty in the log over {@code millis}, after a short settling time at the new throttle. */
    private static long dirtiedIn(SimDomain d, DirtyBitmap bitmap, long millis) throws InterruptedException {
        Thread.sleep(50); // the writers take the new throttle at their next chunk
        d.cleanDirtyBitmap(bitmap);
        Thread.sleep(millis);
        return d.cleanDirtyBitmap(bitmap);
    }

    @Test
    void aPacedWritersDirtyRateFallsWithTheThrottleAndComesBackWhenRestored() throws Exception {
        // 65536 pfns and 20000 writes/s: over 0.5 s nearly every write dirties a new page
        try (SimDomain d = SimDomainConfig.builder().size("256M").workload("uniform:rate=20000").create();
             Arena arena = Arena.ofConfined()) {
            DirtyBitmap bitmap = d.allocateDirtyBitmap(arena);
            d.enableLogDirty();
            CpuThrottle throttle = d.openCpuThrottle();
            long free = dirtiedIn(d, bitmap, 500);
            throttle.set(75);
            assertEquals(75, d.writerThrottle());
            long throttled = dirtiedIn(d, bitmap, 500);
            throttle.restore();
            assertEquals(0, throttle.percent());
            long restored = dirtiedIn(d, bitmap, 500);
            // about 9300, 2450 and 9300 pages expected
            assertTrue(free > 6000, "unthrottled: " + free);
            assertTrue(throttled < free * 0.45, "75 % throttled: " + throttled + " pages vs " + free);
            assertTrue(throttled > 0, "a throttled writer still writes");
            assertTrue(restored > throttled * 2, "restored: " + restored + " vs throttled " + throttled);
        }
    }

    /** Writes made over {@code millis} (an unpaced writer dirties every page of a small guest at once: count writes). */
    private static long writesIn(SimDomain d, long millis) throws InterruptedException {
        Thread.sleep(50);
        long before = d.writeCount();
        Thread.sleep(millis);
        return d.writeCount() - before;
    }

    @Test
    void anUnpacedWriterSleepsItsShareOfTheTime() throws Exception {
        try (SimDomain d = SimDomainConfig.builder().size("16M").workload("uniform:rate=max").create()) {
            CpuThrottle throttle = d.openCpuThrottle();
            long free = writesIn(d, 300);
            throttle.set(90);
            long throttled = writesIn(d, 300);
            throttle.restore();
            assertTrue(throttled < free * 0.35, "90 % throttled: " + throttled + " writes vs " + free);
            assertTrue(throttled > 0, "a throttled writer still writes");
        }
    }

    @Test
    void aThrottleOutsideTheRangeIsRefusedAndTheDomainsOwnSettingIsWhatRestoreGivesBack() {
        try (SimDomain d = SimDomainConfig.builder().pages(64).workload("idle").create()) {
            CpuThrottle first = d.openCpuThrottle();
            assertEquals("CPU throttle must be 0..99 %, not 100",
                    assertThrows(IllegalArgumentException.class, () -> first.set(100)).getMessage());
            first.set(30);
            CpuThrottle second = d.openCpuThrottle(); // a second save of a domain left throttled
            second.set(60);
            second.restore();
            assertEquals(30, d.writerThrottle(), "the setting the domain had when the throttle was opened");
            first.restore();
            assertEquals(0, d.writerThrottle());
        }
    }
}
