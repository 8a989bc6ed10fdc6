package io.livemig.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livemig.policy.PrecopyMetrics;
import io.livemig.policy.PrecopyStats;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The round's bookkeeping on a manual clock: progress steps, the stats it adds up to, the meter's points, the limit. */
class RoundAccountTest {

    @Test
    void progressIsDueEvery1024EntriesSinceTheLastReportAndTheRoundAddsUp() throws Exception {
        ManualClock clock = new ManualClock();
        PrecopyMeter meter = new PrecopyMeter(4096, 0, 1_000_000);
        meter.started(clock.now);
        RoundAccount account = new RoundAccount(clock, meter);
        long stream = 100;
        for (int round = 1; round <= 2; round++) {
            long roundStart = stream;
            account.start(round, true, 4000, null, stream);
            List<Boolean> due = new ArrayList<>();
            List<Long> entries = new ArrayList<>();
            for (int batch : new int[] {512, 512, 600, 500, 500, 500, 876}) {
                clock.advance(1000);
                stream += 10L * batch;
                due.add(account.batchSent(batch, batch - 10, 10, stream));
                entries.add(account.entries());
            }
            // due at 1024 (reached exactly), then at the first count from 1024 + 1024 on (2124),
            // then from 2124 + 1024 on (4000)
            assertEquals(List.of(false, true, false, true, false, false, true), due, "round " + round);
            assertEquals(List.of(512L, 1024L, 1624L, 2124L, 2624L, 3124L, 4000L), entries, "round " + round);
            clock.advance(500);
            stream += 64;
            RoundStats stats = account.finish(stream);
            assertEquals(new RoundStats(round, true, 4000, 4000, 4000 - 7 * 10, 7 * 10, 7, stream - roundStart, 7500, 0), stats);
            assertEquals(40_064, stats.bytes());
        }
    }

    @Test
    void everyBatchIsAPointOfTheMetersBandwidthCurve() throws Exception {
        ManualClock clock = new ManualClock();
        PrecopyMeter meter = new PrecopyMeter(4096, 0, 16_000); // a point every microsecond at most
        meter.started(clock.now);
        RoundAccount account = new RoundAccount(clock, meter);
        account.start(1, true, 2000, null, 700); // after 700 bytes of headers
        long bytes = 700;
        for (int k = 1; k <= 20; k++) {
            clock.advance(1000);
            bytes += k <= 10 ? 100 : 300;
            account.batchSent(100, 100, 0, bytes);
        }
        account.finish(bytes);
        // 10 us at 100 bytes/us, then 10 us at 300: the window's 16 us start after 400 bytes
        assertEquals((4000 - 400) * 1e9 / 16_000, meter.windowBandwidth());
        PrecopyMetrics metrics = meter.metrics(clock.now, new PrecopyStats(1, 2000, PrecopyStats.UNKNOWN), PrecopyMetrics.UNKNOWN);
        assertEquals(20_000, metrics.roundNanos());
        assertEquals(4000, metrics.roundBytes(), "the headers before the round are not the round's");
    }

    @Test
    void aLimitedRoundWaitsForTheBytesSinceThePreviousBatchAndRecordsItsLimit() throws Exception {
        ManualClock clock = new ManualClock();
        PrecopyMeter meter = new PrecopyMeter(4096, 0, 1_000_000);
        meter.started(clock.now);
        RoundAccount account = new RoundAccount(clock, meter);
        RateLimiter limiter = new RateLimiter(1_000_000_000L, 1000, clock); // a byte per nanosecond, a bucket of 1000
        account.start(1, false, 20, limiter, 500);
        account.batchSent(10, 10, 0, 3500); // 3000 bytes: the bucket's 1000, then 2000 ns of waiting
        assertEquals(2000, clock.slept);
        account.batchSent(10, 10, 0, 6500); // 3000 more from an empty bucket
        assertEquals(5000, clock.slept);
        RoundStats stats = account.finish(6500);
        assertEquals(new RoundStats(1, false, 20, 20, 20, 0, 2, 6000, 5000, 1_000_000_000L), stats);
    }
}
