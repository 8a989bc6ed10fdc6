package io.livemig.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.livemig.policy.PrecopyMetrics;
import io.livemig.policy.PrecopyStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The meter alone, driven with scripted times and stream bytes, so that every value it reports
 * can be worked out by hand. The window is 16 us of sending time, so a sample is kept at most
 * every microsecond (a sixteenth of it); rates are bytes per nanosecond times 1e9.
 */
class PrecopyMeterTest {
    private static final long PFNS = 1000;
    private static final long WINDOW = 16_000;
    /** An arbitrary start, so that no time is 0. */
    private static final long T0 = 7_000_000_000L;
    private static final PrecopyStats AFTER_A_ROUND = new PrecopyStats(1, PFNS, PrecopyStats.UNKNOWN);

    private static PrecopyMeter meter() {
        PrecopyMeter m = new PrecopyMeter(PFNS, 0, WINDOW);
        m.started(T0);
        return m;
    }

    /** What a policy sees at {@code now} right after a round (dirty count unknown), without a downtime target. */
    private static PrecopyMetrics at(PrecopyMeter m, long now) {
        return m.metrics(now, AFTER_A_ROUND, PrecopyMetrics.UNKNOWN);
    }

    /** A round from {@code start} to {@code end} without batches in between, starting with {@code bytes} in the stream and sending {@code sent}. */
    private static void round(PrecopyMeter m, long start, long end, long bytes, long sent, boolean live) {
        m.roundStarted(start, bytes);
        m.roundFinished(end, bytes + sent, live);
    }

    @Test
    void beforeAnyDataEverythingMeasuredIsUnknown() {
        PrecopyMeter m = new PrecopyMeter(PFNS, 5000, WINDOW);
        m.started(T0);
        m.logDirtyEnabled(T0 + 10);
        PrecopyMetrics unknownCount = m.metrics(T0 + 500, new PrecopyStats(0, 0, PrecopyStats.UNKNOWN), 300_000_000L);
        assertEquals(new PrecopyMetrics(500, 0, 0, 0, 0, -1, -1, -1, -1, 5000, 300_000_000L), unknownCount);
        PrecopyMetrics knownCount = m.metrics(T0 + 500, new PrecopyStats(0, 0, PFNS), PrecopyMetrics.UNKNOWN);
        assertEquals(PFNS, knownCount.remainingPages(), "a known dirty count is the remaining pages");
        assertEquals(-1, knownCount.downtimeTargetNanos());
    }

    @Test
    void aUniformRateIsMeasuredOnSendingTimeOnlyNotOnThePausesBetweenRounds() {
        PrecopyMeter m = meter();
        // round 1: 300 bytes of headers before it, then 8 batches of 200 bytes, one per microsecond
        m.roundStarted(T0 + 100, 300);
        for (int k = 1; k <= 8; k++) {
            m.batchSent(T0 + 100 + 1000 * k, 300 + 200 * k);
        }
        m.roundFinished(T0 + 8100, 1900, true);
        PrecopyMetrics first = at(m, T0 + 8100);
        assertEquals(8100, first.elapsedNanos());
        assertEquals(8000, first.roundNanos());
        assertEquals(1600, first.roundBytes());
        assertEquals(0, first.previousRoundNanos());
        assertEquals(0, first.previousRoundBytes());
        assertEquals(2e8, first.roundBandwidth(), "1600 bytes in 8 us");
        assertEquals(2e8, first.windowBandwidth(), "the window is longer than all of the sending time: all of it");

        // 41.9 us of pause, then round 2: 4 batches of 200 bytes, one per microsecond
        m.roundStarted(T0 + 50_000, 1900);
        for (int k = 1; k <= 4; k++) {
            m.batchSent(T0 + 50_000 + 1000 * k, 1900 + 200 * k);
        }
        m.roundFinished(T0 + 54_000, 2700, true);
        PrecopyMetrics second = at(m, T0 + 60_000);
        assertEquals(60_000, second.elapsedNanos());
        assertEquals(4000, second.roundNanos());
        assertEquals(800, second.roundBytes());
        assertEquals(8000, second.previousRoundNanos());
        assertEquals(1600, second.previousRoundBytes());
        assertEquals(2e8, second.roundBandwidth());
        assertEquals(2e8, second.windowBandwidth(), "2400 bytes in 12 us of sending; the pause is not counted");
    }

    @Test
    void theWindowStartsBetweenTwoSamplesAtTheInterpolatedBytes() {
        PrecopyMeter m = meter();
        round(m, T0, T0 + 10_000, 0, 1000, true); // 0.1 byte/ns
        assertEquals(1e8, m.windowBandwidth(), "10 us of sending, shorter than the window: all of it");
        round(m, T0 + 30_000, T0 + 40_000, 1000, 3000, true); // 0.3 byte/ns
        // 20 us of sending: the window starts at 4 us, inside round 1, where 400 bytes had been sent
        assertEquals((4000 - 400) * 1e9 / 16_000, m.windowBandwidth());
        assertEquals(2.25e8, m.windowBandwidth());
        PrecopyMetrics metrics = at(m, T0 + 40_000);
        assertEquals(3e8, metrics.roundBandwidth());
        assertEquals(10_000, metrics.previousRoundNanos());
        assertEquals(1000, metrics.previousRoundBytes());
    }

    @Test
    void batchesAreSampledEverySixteenthOfTheWindowSoTheWindowStartFollowsTheRateInsideARound() {
        PrecopyMeter m = meter();
        round(m, T0 + 200, T0 + 4200, 100, 400, true); // 4 us, 400 bytes, after 100 bytes of headers
        // round 2: a batch every 500 ns, alternately 100 and 300 bytes: a sample every other batch
        long start = T0 + 100_000;
        long bytes = 500;
        m.roundStarted(start, bytes);
        for (int j = 1; j <= 65; j++) {
            bytes += j % 2 == 1 ? 100 : 300;
            m.batchSent(start + 500L * j, bytes);
        }
        m.roundFinished(start + 32_500, bytes, true);
        assertEquals(500 + 12_900, bytes);
        // 36.5 us of sending, 13 300 bytes; the window starts 16.5 us into round 2, between the
        // samples at 16 us (400 + 6400 bytes) and 17 us (400 + 6800): 7000 bytes by interpolation
        assertEquals((13_300 - 7000) * 1e9 / 16_000, m.windowBandwidth());
        assertEquals(3.9375e8, m.windowBandwidth());
        PrecopyMetrics metrics = at(m, start + 32_500);
        assertEquals(32_500, metrics.roundNanos());
        assertEquals(12_900, metrics.roundBytes());
        assertEquals(12_900 * 1e9 / 32_500, metrics.roundBandwidth());
    }

    /**
     * One round of {@code n} batches, one per microsecond, batch k carrying 10 k bytes, and half a
     * microsecond more: n + 2 samples with the start's, which the ring of 64 holds, or overflows
     * just past its end, or wraps more than three times. The window starts half-way through batch
     * n - 15; the 16 us from there carry 160 n - 1120 bytes.
     */
    @ParameterizedTest(name = "{0} batches")
    @ValueSource(ints = {20, 70, 200})
    void theRingKeepsTheNewestSamples(int n) {
        PrecopyMeter m = meter();
        m.roundStarted(T0, 0);
        long bytes = 0;
        for (int k = 1; k <= n; k++) {
            bytes += 10L * k;
            m.batchSent(T0 + 1000L * k, bytes);
        }
        m.roundFinished(T0 + 1000L * n + 500, bytes + 5L * (n + 1), true);
        assertEquals((160 * n - 1120) * 1e9 / 16_000, m.windowBandwidth());
        assertEquals((n - 7) * 1e7, m.windowBandwidth());
    }

    @Test
    void roundsThatTakeNoSendingTimeLeaveTheWindowAsItWas() {
        PrecopyMeter m = meter();
        m.roundStarted(T0, 0);
        for (int k = 1; k <= 20; k++) {
            m.batchSent(T0 + 1000L * k, k <= 10 ? 100L * k : 1000 + 300L * (k - 10));
        }
        m.roundFinished(T0 + 20_000, 4000, true);
        // 10 us at 100 bytes/us, 10 us at 300: the window starts at 4 us, after 400 bytes
        assertEquals(2.25e8, m.windowBandwidth());
        for (int r = 0; r < 100; r++) {
            round(m, T0 + 30_000 + 10 * r, T0 + 30_000 + 10 * r, 4000, 0, true);
        }
        assertEquals(2.25e8, m.windowBandwidth(), "100 empty rounds later: one point for all of them");
    }

    /**
     * Every round ends with a point, however short the round: 100 rounds of 10 ns must not push
     * the window's start out of the ring, which keeps its points a sixteenth of the window apart.
     */
    @Test
    void manyShortRoundsDoNotShortenTheWindow() {
        PrecopyMeter m = meter();
        m.roundStarted(T0, 0);
        for (int k = 1; k <= 20; k++) {
            m.batchSent(T0 + 1000L * k, 100L * k);
        }
        m.roundFinished(T0 + 20_000, 2000, true); // 20 us at 0.1 byte/ns
        for (int r = 0; r < 100; r++) {
            round(m, T0 + 100_000 + 1000 * r, T0 + 100_000 + 1000 * r + 10, 2000 + 10 * r, 10, true); // 10 ns at 1 byte/ns
        }
        // 21 us of sending, 3000 bytes; the window starts at 5 us, inside the first round, after 500 bytes
        assertEquals((3000 - 500) * 1e9 / 16_000, m.windowBandwidth());
        assertEquals(1.5625e8, m.windowBandwidth());
    }

    @Test
    void theWindowIsMoreThanZeroAndAShortOneSamplesEveryNanosecond() {
        assertThrows(IllegalArgumentException.class, () -> new PrecopyMeter(PFNS, 0, 0));
        PrecopyMeter m = new PrecopyMeter(PFNS, 0, 1);
        m.started(T0);
        m.roundStarted(T0, 0);
        for (int k = 1; k <= 10; k++) {
            m.batchSent(T0 + k, k * (k + 1) / 2); // k bytes in the k-th nanosecond
        }
        m.roundFinished(T0 + 10, 55, true);
        assertEquals(1e10, m.windowBandwidth(), "the last nanosecond's 10 bytes");
    }

    @Test
    void aRoundMadeSuspendedCountsForTheWindowButIsNotTheLastRound() {
        PrecopyMeter m = meter();
        round(m, T0, T0 + 4000, 0, 400, true);
        round(m, T0 + 10_000, T0 + 12_000, 400, 600, true);
        round(m, T0 + 20_000, T0 + 21_000, 1000, 1000, false);
        PrecopyMetrics metrics = at(m, T0 + 21_000);
        assertEquals(2000, metrics.roundNanos(), "the last live round");
        assertEquals(600, metrics.roundBytes());
        assertEquals(4000, metrics.previousRoundNanos());
        assertEquals(400, metrics.previousRoundBytes());
        assertEquals(3e8, metrics.roundBandwidth());
        assertEquals(2000 * 1e9 / 7000, metrics.windowBandwidth(), "2000 bytes in the three rounds' 7 us");
    }

    @Test
    void theDirtyRateIsMeasuredBetweenFetchesAndEstimatesTheRemainingPagesUpToEveryPfn() {
        PrecopyMeter m = meter();
        m.logDirtyEnabled(T0);
        assertEquals(-1, at(m, T0 + 1000).dirtyRate());
        assertEquals(-1, at(m, T0 + 1000).remainingPages(), "no fetch yet: nothing to estimate from");

        m.fetched(T0 + 2000, 50);
        assertEquals(2.5e7, at(m, T0 + 2000).dirtyRate(), "50 pages in 2 us since log-dirty was enabled");
        m.fetched(T0 + 6000, 300);
        assertEquals(7.5e7, at(m, T0 + 6000).dirtyRate(), "300 pages in the 4 us since the previous fetch");
        m.fetched(T0 + 6000, 7);
        assertEquals(7.5e7, at(m, T0 + 6000).dirtyRate(), "no time since the previous fetch: no new rate");

        assertEquals(0, at(m, T0 + 6000).remainingPages(), "no time since the fetch, nothing dirtied yet");
        assertEquals(150, at(m, T0 + 8000).remainingPages(), "0.075 pages/ns for the 2 us since the fetch");
        assertEquals(PFNS, at(m, T0 + 6000 + 1_000_000).remainingPages(), "75 000 pages estimated: at most every pfn");
        assertEquals(42, m.metrics(T0 + 8000, new PrecopyStats(1, PFNS, 42), PrecopyMetrics.UNKNOWN).remainingPages(),
                "a known dirty count is not estimated");

        m.fetched(T0 + 7000, 0);
        assertEquals(0.0, at(m, T0 + 9000).dirtyRate());
        assertEquals(0, at(m, T0 + 9000).remainingPages(), "a guest that dirtied nothing leaves nothing");
    }

    @Test
    void withoutLogDirtyEnabledTheFirstFetchOnlyStartsTheMeasurement() {
        PrecopyMeter m = meter();
        m.fetched(T0 + 1000, 10);
        assertEquals(-1, at(m, T0 + 1000).dirtyRate());
        m.fetched(T0 + 3000, 20);
        assertEquals(1e7, at(m, T0 + 3000).dirtyRate());
    }

    /** A NanoClock is System.nanoTime()'s kind of time, whose origin is arbitrary: it may be negative. */
    @Test
    void theDirtyRateIsMeasuredOnAClockThatReadsNegativeTimes() {
        PrecopyMeter m = new PrecopyMeter(PFNS, 0, WINDOW);
        m.started(-9000);
        m.logDirtyEnabled(-8000);
        m.fetched(-6000, 50);
        assertEquals(2.5e7, at(m, -6000).dirtyRate());
        assertEquals(25, at(m, -5000).remainingPages());
    }
}
