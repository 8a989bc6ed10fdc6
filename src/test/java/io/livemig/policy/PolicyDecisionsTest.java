package io.livemig.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every policy's decisions on scripted stats and measurements. Rows are consultations in the
 * engine's order; stateful policies see them as one save.
 */
class PolicyDecisionsTest {
    private static final Decision C = Decision.CONTINUE_PRECOPY;
    private static final Decision S = Decision.STOP_AND_COPY;
    private static final Decision A = Decision.ABORT;
    private static final long MS = 1_000_000L;
    private static final long MIB = 1 << 20;

    /** Measurements with an elapsed time, a bandwidth (bytes/s; -1 unknown), remaining pages and a limit. */
    static PrecopyMetrics metrics(long elapsedMs, double bandwidth, long remaining, long limit) {
        return new PrecopyMetrics(elapsedMs * MS, 0, 0, 0, 0, bandwidth, bandwidth, -1, remaining, limit, -1);
    }

    static PrecopyMetrics metrics(long elapsedMs, double bandwidth, long remaining) {
        return metrics(elapsedMs, bandwidth, remaining, 0);
    }

    /** Feeds (iteration, dirty) before-consultations with fixed measurements; returns the decisions. */
    static List<Decision> rounds(PrecopyPolicy p, long... dirtyPerRound) {
        List<Decision> out = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < dirtyPerRound.length; i++) {
            PrecopyStats stats = new PrecopyStats(i, total, dirtyPerRound[i]);
            out.add(p.decide(stats, metrics(0, -1, dirtyPerRound[i])));
            total += dirtyPerRound[i];
        }
        return out;
    }

    @ParameterizedTest(name = "{0} pages at {1} B/s, limit {2}, switchover {3} -> {5}")
    @CsvSource({
            // remaining, bandwidth, limit, switchover, target ms, expected
            "-1,     104857600, 0,         0,         300, CONTINUE_PRECOPY",  // remaining unknown
            "1000,   -1,        0,         0,         300, CONTINUE_PRECOPY",  // nothing measured, no limit
            "1000,   -1,        104857600, 0,         300, STOP_AND_COPY",     // the limit stands in for a measurement: 39 ms
            "7665,   104857600, 0,         0,         300, STOP_AND_COPY",     // 7665 * 4104 B at 100 MiB/s = 299.98 ms
            "7666,   104857600, 0,         0,         300, CONTINUE_PRECOPY",  // 300.02 ms
            "7666,   209715200, 0,         0,         300, STOP_AND_COPY",     // twice the bandwidth
            "7666,   209715200, 104857600, 0,         300, CONTINUE_PRECOPY",  // the limit caps the measurement
            "7666,   10,        0,         209715200, 300, STOP_AND_COPY",     // user-given switchover bandwidth wins
            "0,      10,        0,         0,         0,   STOP_AND_COPY",     // nothing left: zero downtime fits zero
    })
    void downtimeTarget(long remaining, double bandwidth, long limit, long switchover, long targetMs, Decision expected) {
        DowntimePolicy p = new DowntimePolicy(Duration.ofMillis(targetMs), switchover);
        assertEquals(expected, p.decide(new PrecopyStats(2, 5000, remaining), metrics(1000, bandwidth, remaining, limit)));
    }

    @Test
    void anOperatorTargetReplacesThePolicysTarget() {
        DowntimePolicy p = new DowntimePolicy(Duration.ofMillis(300));
        PrecopyMetrics m = metrics(1000, 100 * MIB, 5000); // 196 ms
        assertEquals(S, p.decide(new PrecopyStats(2, 1, 5000), m));
        assertEquals(C, p.decide(new PrecopyStats(2, 1, 5000), m.withDowntimeTarget(100 * MS)));
        assertEquals(S, new DowntimePolicy(Duration.ofMillis(10)).decide(new PrecopyStats(2, 1, 5000), m.withDowntimeTarget(200 * MS)));
    }

    @ParameterizedTest(name = "{0} ms of 10 s, {1} -> {2}")
    @CsvSource({
            "0,     STOP_AND_COPY, CONTINUE_PRECOPY",
            "9999,  STOP_AND_COPY, CONTINUE_PRECOPY",
            "10000, STOP_AND_COPY, STOP_AND_COPY",
            "60000, STOP_AND_COPY, STOP_AND_COPY",
            "9999,  ABORT,         CONTINUE_PRECOPY",
            "10000, ABORT,         ABORT",
    })
    void deadline(long elapsedMs, Decision atExpiry, Decision expected) {
        DeadlinePolicy p = new DeadlinePolicy(Duration.ofSeconds(10), atExpiry);
        assertEquals(expected, p.decide(new PrecopyStats(3, 1, -1), metrics(elapsedMs, 1, 1)));
        assertEquals(expected, p.decide(new PrecopyStats(3, 1, 50), metrics(elapsedMs, 1, 50)));
    }

    @Test
    void deadlineRejectsContinue() {
        assertThrows(IllegalArgumentException.class, () -> new DeadlinePolicy(Duration.ofSeconds(1), C));
    }

    @Test
    void stallSwitchesOverNearTheLowestPoint() {
        // round 0 = every pfn; from round 1 the count falls to 400, then stalls for 3 rounds,
        // then the policy waits for a count within 10% of 400 (440 is, 450 is not).
        assertEquals(List.of(C, C, C, C, C, C, S),
                rounds(new StallPolicy(3, 0.10, S), 1000, 800, 400, 500, 420, 450, 440));
        // the stall round itself is near the lowest: stop at once
        assertEquals(List.of(C, C, C, C, S), rounds(new StallPolicy(2, 0.10, S), 1000, 500, 400, 600, 430));
        // never near again: stop after another 2 rounds anyway
        assertEquals(List.of(C, C, C, C, C, S),
                rounds(new StallPolicy(2, 0.10, S), 1000, 400, 900, 900, 900, 900));
        // falling all the time: never a stall
        assertEquals(List.of(C, C, C, C, C, C), rounds(new StallPolicy(1, 0, S), 1000, 600, 500, 400, 300, 200));
    }

    @Test
    void aSlowCreepTowardsAFixedPointIsAStall() {
        // a uniform writer at 1.5 x the link, measured: each round a little smaller, never small
        long[] creep = {32768, 24815, 21966, 20549, 19689, 19240, 18873, 18744};
        // 19689 is not 5% below 20549, nor 19240 below 19689: stalled after 2 rounds, and 19240 is the lowest
        assertEquals(List.of(C, C, C, C, C, S), rounds(new StallPolicy(2, 0.10, 0.05, S), java.util.Arrays.copyOf(creep, 6)));
        // counting every new low as progress, it never stalls
        assertEquals(List.of(C, C, C, C, C, C, C, C), rounds(new StallPolicy(2, 0.10, 0, S), creep));
    }

    /** Which bandwidth the estimate takes, and its edges. */
    @Test
    void theEstimateTakesTheWindowElseTheRoundElseTheLimitAndNeverDividesByZero() {
        // window, round, dirty rate, remaining, limit, target
        assertEquals(300, m(300, 200, 0, 0).bandwidth(), 0, "the window first");
        assertEquals(200, m(0, 200, 0, 0).bandwidth(), 0, "an empty window: the round");
        assertEquals(100, m(0, 200, 10, 100).bandwidth(), 0, "never above the limit");
        assertEquals(100, m(0, 0, 10, 100).bandwidth(), 0, "nothing measured: the limit");
        assertEquals(PrecopyMetrics.UNKNOWN, m(0, 0, 10, 0).bandwidth(), 0, "nothing at all: unknown");
        assertEquals(PrecopyMetrics.UNKNOWN, m(0, 0, 10, 0).estimatedDowntimeNanos());
        assertEquals(PrecopyMetrics.UNKNOWN, m(300, 0, 10, 0).estimatedDowntimeNanos(0), "no division by zero");
        assertEquals(PrecopyMetrics.UNKNOWN, m(300, 0, -1, 0).estimatedDowntimeNanos(), "remaining unknown");
        assertEquals(1_000_000_000L, m(PrecopyMetrics.STREAM_BYTES_PER_PAGE, 0, 1, 0).estimatedDowntimeNanos());
        assertEquals(0, m(300, 0, 0, 0).estimatedDowntimeNanos(), "nothing left: no downtime");
        assertTrue(m(300, 0, 0, 0).withDowntimeTarget(0).downtimeTargetSet(), "a zero target is set");
        assertTrue(!m(300, 0, 0, 0).downtimeTargetSet());
    }

    private static PrecopyMetrics m(double window, double round, long remaining, long limit) {
        return new PrecopyMetrics(0, 0, 0, 0, 0, round, window, -1, remaining, limit, PrecopyMetrics.UNKNOWN);
    }

    @Test
    void progressMeansFallingStrictlyBelowTheThreshold() {
        // the lowest is 1000; 5% below it is 950: 950 itself is no progress, 949 is
        assertEquals(List.of(C, C, S), rounds(new StallPolicy(1, 0.10, 0.05, S), 2000, 1000, 950));
        assertEquals(List.of(C, C, C, C), rounds(new StallPolicy(1, 0.10, 0.05, S), 2000, 1000, 949, 901));
    }

    @Test
    void stallCanAbort() {
        assertEquals(List.of(C, C, C, A), rounds(new StallPolicy(2, 0.10, A), 1000, 400, 400, 401));
    }

    @Test
    void stallIgnoresConsultationsWithoutACount() {
        StallPolicy p = new StallPolicy(1, 0, S);
        assertEquals(List.of(C, C), rounds(p, 1000, 400));
        for (int i = 0; i < 5; i++) {
            assertEquals(C, p.decide(new PrecopyStats(2, 1, -1), metrics(0, -1, -1)));
        }
        assertEquals(S, p.decide(new PrecopyStats(2, 1, 400), metrics(0, -1, 400)));
        assertEquals(400, p.lowest());
    }

    @ParameterizedTest(name = "{0} then {1} at {2}% -> {3}")
    @CsvSource({
            "1000, 1100, 10, CONTINUE_PRECOPY",  // exactly 10% is not more than 10%
            "1000, 1101, 10, STOP_AND_COPY",
            "1000, 500,  10, CONTINUE_PRECOPY",
            "0,    500,  10, CONTINUE_PRECOPY",  // nothing to compare with
            "1000, 1001, 0,  STOP_AND_COPY",
    })
    void growthGuard(long previous, long current, double percent, Decision expected) {
        GrowthGuardPolicy p = new GrowthGuardPolicy(percent, S);
        assertEquals(List.of(C, C, expected), rounds(p, 4000, previous, current));
    }

    @Test
    void growthGuardSkipsUnknownCountsAndCanAbort() {
        GrowthGuardPolicy p = new GrowthGuardPolicy(10, A);
        assertEquals(C, p.decide(new PrecopyStats(1, 1, 100), metrics(0, -1, 100)));
        assertEquals(C, p.decide(new PrecopyStats(2, 1, -1), metrics(0, -1, -1)));
        assertEquals(A, p.decide(new PrecopyStats(2, 1, 200), metrics(0, -1, 200)));
    }

    @ParameterizedTest(name = "after {0} ms the target is {1} ms")
    @CsvSource({
            "0,      150",
            "29999,  150",
            "30000,  240",
            "150000, 600",
            "300000, 1050",
            "900000, 1050",
    })
    void downtimeStepsUpOverTime(long elapsedMs, long targetMs) {
        DowntimeSteppingPolicy p = new DowntimeSteppingPolicy(Duration.ofMillis(150), Duration.ofMillis(1050), 10,
                Duration.ofSeconds(30), 0);
        assertEquals(targetMs * MS, p.targetNanos(elapsedMs * MS));
        // at 100 MiB/s, 1 ms is 25.55 pages: just under the target stops, just over continues
        long fitting = (long) Math.floor(targetMs * MS * (100.0 * MIB) / 1e9 / PrecopyMetrics.STREAM_BYTES_PER_PAGE);
        assertEquals(S, p.decide(new PrecopyStats(3, 1, fitting), metrics(elapsedMs, 100 * MIB, fitting)));
        assertEquals(C, p.decide(new PrecopyStats(3, 1, fitting + 30), metrics(elapsedMs, 100 * MIB, fitting + 30)));
    }

    @Test
    void firstDecisionWinsInOrder() {
        PrecopyPolicy stop = s -> S;
        PrecopyPolicy abort = s -> A;
        PrecopyPolicy cont = s -> C;
        PrecopyStats stats = new PrecopyStats(1, 1, 1);
        assertEquals(S, FirstDecisionPolicy.of(cont, stop, abort).decide(stats));
        assertEquals(A, FirstDecisionPolicy.of(cont, abort, stop).decide(stats));
        assertEquals(C, FirstDecisionPolicy.of(cont, cont).decide(stats));
        List<String> asked = new ArrayList<>();
        FirstDecisionPolicy.of(s -> { asked.add("a"); return S; }, s -> { asked.add("b"); return C; }).decide(stats);
        assertEquals(List.of("a"), asked, "the policies after the deciding one are not asked");
    }

    @Test
    void aCombinatorNamesAPolicyThatReturnsNull() {
        PrecopyPolicy broken = new PrecopyPolicy() {
            @Override
            public Decision decide(PrecopyStats stats) {
                return null;
            }

            @Override
            public String toString() {
                return "broken policy";
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> FirstDecisionPolicy.of(broken).decide(new PrecopyStats(0, 0, 1)));
        assertEquals("broken policy returned null", e.getMessage());
    }

    @Test
    void combinatorsPassTheMeasurementsOn() {
        PrecopyPolicy combined = FirstDecisionPolicy.of(PrecopyPolicy.xenDefault(), new DeadlinePolicy(Duration.ofSeconds(5), A));
        assertEquals(C, combined.decide(new PrecopyStats(1, 1, 100), metrics(4999, -1, 100)));
        assertEquals(A, combined.decide(new PrecopyStats(1, 1, 100), metrics(5000, -1, 100)));
        assertEquals(S, combined.decide(new PrecopyStats(1, 1, 10), metrics(5000, -1, 10)), "Xen's rule comes first");
    }

    @Test
    void aXenPolicyIgnoresTheMeasurements() {
        assertEquals(C, PrecopyPolicy.xenDefault().decide(new PrecopyStats(1, 1, 100), metrics(1_000_000, 1, 100)));
    }

    @Test
    void metricsEstimateTheDowntime() {
        PrecopyMetrics m = new PrecopyMetrics(0, 0, 0, 0, 0, 50.0 * MIB, 100.0 * MIB, 10, 25600, 0, -1);
        assertEquals(100.0 * MIB, m.bandwidth(), "the window's bandwidth before the round's");
        assertEquals(25600L * 4104, m.remainingBytes());
        assertEquals((long) Math.ceil(25600.0 * 4104 * 1e9 / (100.0 * MIB)), m.estimatedDowntimeNanos());
        PrecopyMetrics roundOnly = new PrecopyMetrics(0, 0, 0, 0, 0, 50.0 * MIB, -1, 10, 25600, 0, -1);
        assertEquals(50.0 * MIB, roundOnly.bandwidth());
        PrecopyMetrics capped = new PrecopyMetrics(0, 0, 0, 0, 0, 50.0 * MIB, 100.0 * MIB, 10, 25600, 10 * MIB, -1);
        assertEquals(10.0 * MIB, capped.bandwidth());
        PrecopyMetrics none = PrecopyMetrics.unmeasured(new PrecopyStats(1, 1, -1));
        assertEquals(-1, none.bandwidth());
        assertEquals(-1, none.estimatedDowntimeNanos());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new PrecopyMetrics(-1, 0, 0, 0, 0, 1, 1, 1, 1, 0, -1)).getMessage().contains("negative"));
    }
}
