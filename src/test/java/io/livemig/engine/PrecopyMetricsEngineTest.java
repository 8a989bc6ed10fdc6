package io.livemig.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.policy.Decision;
import io.livemig.policy.DeadlinePolicy;
import io.livemig.policy.DowntimePolicy;
import io.livemig.policy.MeasuredPrecopyPolicy;
import io.livemig.policy.PrecopyControl;
import io.livemig.policy.PrecopyMetrics;
import io.livemig.policy.PrecopyPolicy;
import io.livemig.policy.PrecopyStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the engine measures for its policy, on a manual clock: time passes only while bytes cross
 * a link of known bandwidth (or while the rate limiter waits), so every number is known.
 */
class PrecopyMetricsEngineTest {
    private static final long P = 1000;
    /** 1000 pages of stream per second. */
    private static final double LINK = 1000.0 * PrecopyMetrics.STREAM_BYTES_PER_PAGE;

    private static SaveResult save(ScriptedDomain d, ManualClock clock, double link, SaveOptions.Builder options)
            throws SaveException {
        return new SaveEngine(d, new TimedChannel(clock, link), options.clock(clock).build()).save();
    }

    private static void close(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= Math.abs(expected) * 1e-6 + 1, what + ": expected " + expected + ", got " + actual);
    }

    @Test
    void theEngineMeasuresRoundsBandwidthDirtyRateAndRemainingPages() throws Exception {
        ScriptedDomain d = new ScriptedDomain(P, List.of(ScriptedDomain.range(0, 400), ScriptedDomain.range(0, 100)), Set.of());
        ManualClock clock = new ManualClock();
        List<PrecopyMetrics> seen = new ArrayList<>();
        MeasuredPrecopyPolicy policy = (stats, m) -> {
            seen.add(m);
            return stats.iteration() >= 2 && !stats.dirtyCountKnown() ? Decision.STOP_AND_COPY : Decision.CONTINUE_PRECOPY;
        };
        SaveResult r = save(d, clock, LINK, SaveOptions.builder().policy(policy));
        assertEquals(seen, r.consultations().stream().map(PolicyConsultation::metrics).toList(),
                "the result keeps what the policy saw");
        RoundStats first = r.rounds().get(0);
        RoundStats second = r.rounds().get(1);

        PrecopyMetrics start = seen.get(0); // (0, 0, P): nothing sent yet
        assertEquals(-1, start.roundBandwidth());
        assertEquals(-1, start.windowBandwidth());
        assertEquals(-1, start.dirtyRate());
        assertEquals(P, start.remainingPages());
        assertEquals(0, start.roundNanos());
        assertTrue(start.elapsedNanos() > 0, "the headers took time on the link");

        PrecopyMetrics afterFirst = seen.get(1); // (1, P, -1): no fetch yet, so no rate, nothing to estimate from
        assertEquals(first.nanos(), afterFirst.roundNanos());
        assertEquals(first.bytes(), afterFirst.roundBytes());
        close(LINK, afterFirst.roundBandwidth(), "round bandwidth");
        close(LINK, afterFirst.windowBandwidth(), "window bandwidth");
        assertEquals(-1, afterFirst.dirtyRate());
        assertEquals(-1, afterFirst.remainingPages());
        assertEquals(-1, afterFirst.estimatedDowntimeNanos());

        PrecopyMetrics beforeSecond = seen.get(2); // (1, P, 400): the fetch came one round after log-dirty was enabled
        assertEquals(400, beforeSecond.remainingPages());
        close(400 * 1e9 / first.nanos(), beforeSecond.dirtyRate(), "dirty rate");
        close(400.0 * PrecopyMetrics.STREAM_BYTES_PER_PAGE * 1e9 / LINK, beforeSecond.estimatedDowntimeNanos(), "estimated downtime");

        PrecopyMetrics afterSecond = seen.get(3); // (2, P + 400, -1): the previous round moves back
        assertEquals(second.nanos(), afterSecond.roundNanos());
        assertEquals(second.bytes(), afterSecond.roundBytes());
        assertEquals(first.nanos(), afterSecond.previousRoundNanos());
        assertEquals(first.bytes(), afterSecond.previousRoundBytes());
        // the rate of the last fetch times the time since it: 400 pages per round-1 time, for a round-2 time
        close(Math.round(beforeSecond.dirtyRate() * second.nanos() / 1e9), afterSecond.remainingPages(), "estimated remaining");
        assertEquals(afterSecond.elapsedNanos() - beforeSecond.elapsedNanos(), second.nanos(), "time passes only on the link");
        assertEquals(4, seen.size());
    }

    @Test
    void theWindowBandwidthFollowsTheRecentLink() throws Exception {
        // one second of window; a 4-second first round at LINK; then the link gets 4x faster
        ScriptedDomain d = new ScriptedDomain(4 * P, List.of(ScriptedDomain.range(0, 2000), Set.of()), Set.of());
        ManualClock clock = new ManualClock();
        TimedChannel[] link = {new TimedChannel(clock, LINK)};
        List<PrecopyMetrics> seen = new ArrayList<>();
        GatheringChannelSwitch channel = new GatheringChannelSwitch(link);
        MeasuredPrecopyPolicy policy = (stats, m) -> {
            seen.add(m);
            if (stats.iteration() == 1 && stats.dirtyCountKnown()) {
                link[0] = new TimedChannel(clock, 4 * LINK);
            }
            return stats.iteration() >= 2 ? Decision.STOP_AND_COPY : Decision.CONTINUE_PRECOPY;
        };
        SaveResult r = new SaveEngine(d, channel, SaveOptions.builder().policy(policy).clock(clock)
                .bandwidthWindow(Duration.ofSeconds(1)).build()).save();
        PrecopyMetrics afterSecond = seen.get(3);
        close(4 * LINK, afterSecond.roundBandwidth(), "second round");
        // the second round took 0.5 s; the window's other half is the end of the first round
        double expected = (r.rounds().get(1).bytes() + LINK * (1e9 - r.rounds().get(1).nanos()) / 1e9) / 1.0;
        assertTrue(Math.abs(afterSecond.windowBandwidth() - expected) < expected * 0.05,
                "window bandwidth " + afterSecond.windowBandwidth() + ", expected about " + expected);
    }

    @Test
    void aDowntimePolicyStopsWhenTheMeasuredEstimateFits() throws Exception {
        // 400 pages at 1000 pages/s: 400 ms, then 100 pages: 100 ms
        ScriptedDomain d = new ScriptedDomain(P, List.of(ScriptedDomain.range(0, 400), ScriptedDomain.range(0, 100)), Set.of());
        SaveResult r = save(d, new ManualClock(), LINK, SaveOptions.builder().policy(new DowntimePolicy(Duration.ofMillis(150))));
        assertEquals(Decision.STOP_AND_COPY, r.consultations().getLast().decision());
        assertEquals(new PrecopyStats(2, 1400, 100), r.consultations().getLast().stats());
        assertEquals(3, r.liveRounds(), "the round it stops at is still sent live");
    }

    @Test
    void aDeadlineOnTheEnginesClockAborts() {
        ScriptedDomain d = new ScriptedDomain(P, List.of(ScriptedDomain.range(0, 900), ScriptedDomain.range(0, 900),
                ScriptedDomain.range(0, 900)), Set.of());
        // each round of about 1000 pages takes about a second on this link
        SaveException e = assertThrows(SaveException.class, () -> save(d, new ManualClock(), LINK,
                SaveOptions.builder().policy(new DeadlinePolicy(Duration.ofMillis(2500), Decision.ABORT))));
        assertInstanceOf(SaveAbortedException.class, e);
        PolicyConsultation last = e.partialResult().consultations().getLast();
        assertEquals(Decision.ABORT, last.decision());
        assertEquals(new PrecopyStats(3, 2800, -1), last.stats());
        List<PolicyConsultation> cs = e.partialResult().consultations();
        assertTrue(cs.getLast().metrics().elapsedNanos() >= 2_500_000_000L);
        assertTrue(cs.get(cs.size() - 2).metrics().elapsedNanos() < 2_500_000_000L);
    }

    @Test
    void theRateLimitCapsTheSendLoopAndPoliciesSeeIt() throws Exception {
        ScriptedDomain d = new ScriptedDomain(P, List.of(), Set.of());
        ManualClock clock = new ManualClock();
        long limit = 500L * PrecopyMetrics.STREAM_BYTES_PER_PAGE; // half the link
        List<PrecopyMetrics> seen = new ArrayList<>();
        SaveResult r = save(d, clock, LINK, SaveOptions.builder().maxBandwidth(limit).policy((MeasuredPrecopyPolicy) (s, m) -> {
            seen.add(m);
            return Decision.STOP_AND_COPY;
        }));
        assertEquals(limit, seen.getFirst().bandwidthLimit());
        assertEquals(limit, r.maxBandwidth());
        RoundStats first = r.rounds().getFirst();
        // a burst of 64 KiB goes at link speed; the rest at the limit
        double expected = (first.bytes() - RateLimiter.defaultBurst(limit)) * 1e9 / limit;
        assertTrue(Math.abs(first.nanos() - expected) < 0.02 * expected + 5e6, "round took " + first.nanos() + " ns, expected about " + expected);
        assertTrue(clock.slept > 0);
    }

    @Test
    void theLimitSparesTheSuspendedRoundUnlessAskedAndEachRoundRecordsItsLimit() throws Exception {
        long limit = 250L * PrecopyMetrics.STREAM_BYTES_PER_PAGE; // a quarter of the link
        PrecopyPolicy oneRound = (PrecopyPolicy) s -> Decision.STOP_AND_COPY;

        ScriptedDomain d = new ScriptedDomain(P, List.of(), ScriptedDomain.range(0, 500));
        SaveResult r = save(d, new ManualClock(), LINK, SaveOptions.builder().maxBandwidth(limit).policy(oneRound));
        RoundStats live = r.rounds().get(0);
        RoundStats suspended = r.rounds().get(1);
        assertEquals(List.of(limit, 0L), List.of(live.bandwidthLimit(), suspended.bandwidthLimit()));
        close(LINK, suspended.bytesPerSecond(), "the suspended round goes at the link's speed");
        assertTrue(live.bytesPerSecond() < 0.3 * LINK, "the live round is limited: " + live.bytesPerSecond());
        assertEquals(0, r.maxBandwidthSuspended());

        ScriptedDomain d2 = new ScriptedDomain(P, List.of(), ScriptedDomain.range(0, 500));
        SaveResult r2 = save(d2, new ManualClock(), LINK, SaveOptions.builder().maxBandwidth(limit)
                .maxBandwidthSuspended(limit).policy(oneRound));
        RoundStats limited = r2.rounds().get(1);
        assertEquals(limit, limited.bandwidthLimit());
        double expected = (limited.bytes() - RateLimiter.defaultBurst(limit)) * 1e9 / limit;
        assertTrue(Math.abs(limited.nanos() - expected) < 0.02 * expected + 5e6,
                "asked for, the suspended round is limited too: " + limited.nanos() + " ns, expected about " + expected);
        assertEquals(limit, r2.maxBandwidthSuspended());
    }

    @Test
    void aControlForcesTheNextConsultationAndChangesTheTarget() throws Exception {
        ScriptedDomain d = new ScriptedDomain(P, List.of(ScriptedDomain.range(0, 400), ScriptedDomain.range(0, 300),
                ScriptedDomain.range(0, 200)), Set.of());
        PrecopyControl control = new PrecopyControl();
        ManualClock clock = new ManualClock();
        // the operator asks for a stop while round 2 is being sent
        SaveListener operator = new SaveListener() {
            @Override
            public void roundStarted(int iteration, boolean live, long dirtyPages) {
                if (iteration == 2) {
                    control.requestStopAndCopy();
                }
            }
        };
        SaveResult r = save(d, clock, LINK, SaveOptions.builder().policy(PrecopyPolicy.xenDefault()).control(control).listener(operator));
        assertEquals(new PrecopyStats(2, 1400, -1), r.consultations().getLast().stats(), "the consultation right after round 2");
        assertEquals(Decision.STOP_AND_COPY, r.consultations().getLast().decision());
        assertTrue(control.status().forced());
        assertEquals(2, r.liveRounds());

        ScriptedDomain d2 = new ScriptedDomain(P, List.of(ScriptedDomain.range(0, 400), ScriptedDomain.range(0, 300)), Set.of());
        PrecopyControl c2 = new PrecopyControl();
        c2.setDowntimeTarget(Duration.ofMillis(350));
        SaveResult r2 = save(d2, new ManualClock(), LINK, SaveOptions.builder().policy(PrecopyPolicy.xenDefault()).control(c2));
        // 400 known pages at 1000 pages/s do not fit; after round 2 (0.4 s) the estimate is
        // 400 pages/s (round 1's rate) x 0.4 s = 160 pages: 160 ms fits
        assertEquals(List.of(Decision.CONTINUE_PRECOPY, Decision.CONTINUE_PRECOPY, Decision.CONTINUE_PRECOPY,
                Decision.STOP_AND_COPY), r2.consultations().stream().map(PolicyConsultation::decision).toList());
        assertEquals(new PrecopyStats(2, 1400, -1), r2.consultations().getLast().stats());
        assertEquals(160, c2.status().metrics().remainingPages(), 1);
        assertEquals(350_000_000L, c2.status().metrics().downtimeTargetNanos());
        assertTrue(!c2.status().forced());
    }
}
