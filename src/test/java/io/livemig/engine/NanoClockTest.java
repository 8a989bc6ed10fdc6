package io.livemig.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The system clock: System.nanoTime(), a wait that parks the thread, an interrupt that ends it. */
class NanoClockTest {

    @Test
    void theSystemClockReadsSystemNanoTime() {
        long before = System.nanoTime();
        long t = NanoClock.SYSTEM.nanoTime();
        long after = System.nanoTime();
        assertTrue(before <= t && t <= after, before + " <= " + t + " <= " + after);
        assertEquals("system clock", NanoClock.SYSTEM.toString());
    }

    /** A wait may end early, so callers check the time and wait again, as the rate limiter does: a few calls, not a spin. */
    @Test
    void theSystemClockWaitsRatherThanSpins() throws InterruptedException {
        long wait = 2_000_000;
        long start = System.nanoTime();
        int calls = 0;
        for (long left = wait; left > 0; left = wait - (System.nanoTime() - start)) {
            NanoClock.SYSTEM.sleepNanos(left);
            calls++;
        }
        assertTrue(calls <= 10, calls + " calls to wait 2 ms");
    }

    @Test
    void anInterruptEndsTheWaitAndIsReportedOnce() {
        Thread.currentThread().interrupt();
        long start = System.nanoTime();
        assertThrows(InterruptedException.class, () -> NanoClock.SYSTEM.sleepNanos(60_000_000_000L));
        assertTrue(System.nanoTime() - start < 30_000_000_000L, "the minute's wait ended at once");
        assertFalse(Thread.interrupted(), "the exception carries the interrupt; the flag is cleared");
    }
}
