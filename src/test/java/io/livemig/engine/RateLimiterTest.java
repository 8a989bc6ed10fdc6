package io.livemig.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InterruptedIOException;
import org.junit.jupiter.api.Test;

/** The token bucket on a manual clock: sending takes no time, only the limiter's waits do. */
class RateLimiterTest {

    @Test
    void aFullBucketLetsABurstThroughThenHoldsTheRate() throws Exception {
        ManualClock clock = new ManualClock();
        RateLimiter limiter = new RateLimiter(1_000_000, 100_000, clock);
        limiter.sent(100_000);
        assertEquals(0, clock.slept, "the burst fits the bucket");
        limiter.sent(1);
        assertEquals(1_000, clock.slept, "1 byte over at 1 MB/s: 1 us");
        for (int i = 0; i < 100; i++) {
            limiter.sent(10_000);
        }
        // 1 000 001 bytes beyond the bucket at 1 MB/s
        assertEquals(1_000_001_000L, clock.slept);
        assertEquals(clock.slept, limiter.waitedNanos());
    }

    @Test
    void idleTimeRefillsTheBucketUpToItsSizeOnly() throws Exception {
        ManualClock clock = new ManualClock();
        RateLimiter limiter = new RateLimiter(1_000_000, 100_000, clock);
        limiter.sent(100_000);
        clock.advance(10_000_000_000L); // ten idle seconds
        limiter.sent(150_000, clock.now);
        assertEquals(50_000_000L, clock.slept, "only the bucket's 100 000 bytes were saved up");
    }

    @Test
    void theAverageRateNeverExceedsTheLimit() throws Exception {
        ManualClock clock = new ManualClock();
        long start = clock.now;
        RateLimiter limiter = new RateLimiter(100 << 20, RateLimiter.defaultBurst(100 << 20), clock);
        long total = 0;
        for (int i = 0; i < 1000; i++) {
            limiter.sent(4 << 20); // a 1024-page record
            total += 4 << 20;
            clock.advance(1_000_000); // each write itself takes 1 ms
            double seconds = (clock.now - start) / 1e9;
            assertTrue(total - RateLimiter.defaultBurst(100 << 20) <= (100 << 20) * seconds + (4 << 20),
                    "after " + total + " bytes in " + seconds + " s");
        }
        double rate = total / ((clock.now - start) / 1e9);
        // the only excess is the bucket's first burst: 5 MiB over 40 s
        assertTrue(rate <= (100 << 20) + RateLimiter.defaultBurst(100 << 20) / seconds(clock.now - start) + 1
                && rate > (100 << 20) * 0.99, "average " + rate);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    @Test
    void writeTimeIsCreditedIdleTimeOnlyUpToTheBucket() throws Exception {
        ManualClock clock = new ManualClock();
        RateLimiter limiter = new RateLimiter(1_000_000, 100_000, clock);
        limiter.sent(100_000);
        // a write of 1 000 000 bytes that itself took half a second on a slow link
        long started = clock.now;
        clock.advance(500_000_000L);
        long after = limiter.sent(1_000_000, started);
        assertEquals(500_000_000L, clock.slept, "the second half of the megabyte's second");
        assertEquals(clock.now, after);
        // ten idle seconds, then a write that took no time: only the bucket was saved up
        clock.advance(10_000_000_000L);
        limiter.sent(300_000, clock.now);
        assertEquals(500_000_000L + 200_000_000L, clock.slept);
    }

    @Test
    void anInterruptedWaitIsAnInterruptedIoError() {
        NanoClock interrupting = new NanoClock() {
            @Override
            public long nanoTime() {
                return 0;
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                throw new InterruptedException();
            }
        };
        RateLimiter limiter = new RateLimiter(1000, 1000, interrupting);
        assertThrows(InterruptedIOException.class, () -> limiter.sent(5000));
        assertTrue(Thread.interrupted(), "the interrupt is kept");
    }

    @Test
    void limitsMustBePositive() {
        ManualClock clock = new ManualClock();
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, 1, clock));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1, 0, clock));
        assertThrows(IllegalArgumentException.class, () -> SaveOptions.builder().maxBandwidth(-1));
        RateLimiter smallest = new RateLimiter(1, 1, clock);
        assertEquals(1, smallest.bytesPerSecond());
    }
}
