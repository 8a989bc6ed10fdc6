package io.livemig.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The target form of auto-converge on round numbers: a link of 10 000 pages a second (41 040 000
 * stream bytes), so that a round of D pages lasts D / 10 000 s and a 250 ms target holds 2 500 pages.
 */
class TargetThrottleTest {
    private static final double LINK = 10_000.0 * PrecopyMetrics.STREAM_BYTES_PER_PAGE;

    private static PrecopyMetrics measured(double dirtyRate, long operatorTargetNanos) {
        return new PrecopyMetrics(3_000_000_000L, 1_000_000_000L, 1, 0, 0, LINK, LINK, dirtyRate, 1, 0, operatorTargetNanos);
    }

    private static int throttle(TargetThrottle t, long dirtyCount, double dirtyRate, int current) {
        return t.throttle(new PrecopyStats(2, 50_000, dirtyCount), measured(dirtyRate, PrecopyMetrics.UNKNOWN), current);
    }

    @ParameterizedTest(name = "{0} pages next, dirtied at {1}/s under {2}%: {3}%")
    @CsvSource({
            // next round 1 s: 2 500 pages/s may be dirtied; 10 000/s must lose 75 %
            "10000, 10000, 0, 75",
            // the same guest measured under 50 %: 5 000/s is 10 000/s unthrottled
            "10000, 5000, 50, 75",
            // already slow enough: no throttle (a throttle in force is lifted)
            "10000, 2000, 0, 0",
            "10000, 1000, 50, 0",
            // a round of 0.5 s: 5 000 pages/s may be dirtied
            "5000, 10000, 0, 50",
            // the max: 1 000 000/s would need 100 %
            "10000, 1000000, 0, 90"})
    void justEnoughForTheNextRoundsLeftoversToFit(long dirtyCount, double dirtyRate, int current, int expected) {
        assertEquals(expected, throttle(new TargetThrottle(Duration.ofMillis(250), 90), dirtyCount, dirtyRate, current));
    }

    @Test
    void theOperatorsDowntimeTargetReplacesItsOwn() {
        TargetThrottle t = new TargetThrottle(Duration.ofMillis(250), 99);
        assertEquals(50, t.throttle(new PrecopyStats(2, 1, 10_000), measured(10_000, 500_000_000L), 0));
    }

    @Test
    void nothingChangesBeforeARateAndABandwidthAreMeasured() {
        TargetThrottle t = new TargetThrottle(Duration.ofMillis(250), 99);
        PrecopyStats fetched = new PrecopyStats(1, 1, 10_000);
        assertEquals(30, t.throttle(fetched, new PrecopyMetrics(1, 1, 1, 0, 0, -1, -1, 10_000, 1, 0, -1), 30), "no bandwidth");
        assertEquals(30, t.throttle(fetched, measured(PrecopyMetrics.UNKNOWN, -1), 30), "no dirty rate");
        assertEquals(30, t.throttle(new PrecopyStats(1, 1, PrecopyStats.UNKNOWN), measured(10_000, -1), 30), "count unknown");
        assertEquals(30, t.throttle(new PrecopyStats(0, 0, 10_000), measured(10_000, -1), 30), "the first consultation");
    }

    @Test
    void theSpecPicksTheFormAndNamesWhatIsWrong() {
        TargetThrottle t = assertInstanceOf(TargetThrottle.class, ThrottleSpec.parse("target=300ms, max=80%"));
        assertEquals(Duration.ofMillis(300), t.target());
        assertEquals(80, t.max());
        assertInstanceOf(AutoConverge.class, ThrottleSpec.parse(""));
        assertInstanceOf(AutoConverge.class, ThrottleSpec.parse("max=80%"));
        assertEquals("auto-converge step=: the target form throttles in one step; initial, step and trigger belong to QEMU's staircase",
                assertThrows(IllegalArgumentException.class, () -> ThrottleSpec.parse("target=1s,step=5")).getMessage());
        assertEquals("auto-converge setting 'fast': the target form takes target=DURATION and max=N%",
                assertThrows(IllegalArgumentException.class, () -> ThrottleSpec.parse("target=1s,fast")).getMessage());
        assertEquals("auto-converge target must be more than 0, not PT0S",
                assertThrows(IllegalArgumentException.class, () -> ThrottleSpec.parse("target=0ms")).getMessage());
    }
}
