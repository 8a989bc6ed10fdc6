package io.livemig.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PolicyTest {

    @ParameterizedTest(name = "({0}, {1}, {2}) -> {3}")
    @CsvSource({
            "0, 0, 262144, CONTINUE_PRECOPY",
            "1, 262144, -1, CONTINUE_PRECOPY",
            "1, 262144, 50, CONTINUE_PRECOPY",
            "1, 262144, 49, STOP_AND_COPY",
            "1, 262144, 0, STOP_AND_COPY",
            "4, 300000, -1, CONTINUE_PRECOPY",
            "4, 300000, 100000, CONTINUE_PRECOPY",
            "5, 300000, -1, STOP_AND_COPY",
            "5, 300000, 100000, STOP_AND_COPY",
            "9, 300000, 100000, STOP_AND_COPY",
    })
    void xensSimplePolicy(int iteration, long total, long dirty, Decision expected) {
        assertEquals(expected, PrecopyPolicy.xenDefault().decide(new PrecopyStats(iteration, total, dirty)));
    }

    @Test
    void specs() {
        assertEquals(SimplePrecopyPolicy.XEN_DEFAULT, PolicySpec.parse("xen"));
        assertEquals(new SimplePrecopyPolicy(8, 100), PolicySpec.parse("xen:iterations=8,dirty=100"));
        assertEquals(Decision.STOP_AND_COPY, PolicySpec.parse("stop-now").decide(new PrecopyStats(0, 0, 10)));
        PrecopyPolicy abort = PolicySpec.parse("abort:iteration=2");
        assertEquals(Decision.CONTINUE_PRECOPY, abort.decide(new PrecopyStats(1, 10, 5)));
        assertEquals(Decision.ABORT, abort.decide(new PrecopyStats(2, 10, -1)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "fast | unknown policy 'fast'",
            "xen:iterations=x | iterations=x",
            "xen:iterations=-1 | iterations=-1",
            "xen:colour=red | unknown policy parameter 'colour'",
            "xen:iterations | not name=value",
            "downtime | policy 'downtime' in 'downtime': 'downtime' needs a duration",
            "downtime=3xx | policy 'downtime=3xx' in 'downtime=3xx': not a duration: '3xx'",
            "downtime=300ms,deadline=10m:explode | unknown policy parameter 'explode' of 'deadline' in 'downtime=300ms,deadline=10m:explode'",
            "deadline=10m:stop:abort | policy 'deadline=10m:stop:abort' in 'deadline=10m:stop:abort': choose one of :stop and :abort",
            "downtime=300ms,,stall=3 | empty term in policy 'downtime=300ms,,stall=3'",
            "downtime=1s..100ms | the downtime target must rise: 1s..100ms",
            "downtime=300ms:bandwidth=fast | bandwidth=fast is not bytes per second",
            "stall=0 | stall needs at least 1 round",
            "stall=x | stall=x is not a count",
            "stall=3:progress=100% | progress=100% must be below 100%",
            "growth=lots | growth=lots is not a percentage",
            "downtime=300ms,speed=3 | unknown policy 'speed' in 'downtime=300ms,speed=3'",
            "xen=3 | 'xen' takes no value",
            "stall=3:tolerance=10%:tolerance=5% | policy parameter 'tolerance' given twice",
            // every form refuses what it does not know, and a value where it takes none
            "stop-now=1 | 'stop-now' takes no value",
            "stop-now:when=now | unknown policy parameter 'when' of 'stop-now'",
            "abort=2 | 'abort' takes no value",
            "abort:iteration=2,colour=red | unknown policy parameter 'colour' of 'abort'",
            "stall=3:colour=red | unknown policy parameter 'colour' of 'stall'",
            "growth=10%:colour=red | unknown policy parameter 'colour' of 'growth'",
            "downtime=300ms:colour=red | unknown policy parameter 'colour' of 'downtime'",
            "downtime=100ms..1s:colour=red | unknown policy parameter 'colour' of 'downtime'",
            "deadline=10m:stop=now | 'stop' takes no value",
            // the bounds of counts and durations
            "downtime=100ms..1s:steps=0 | steps=0 must be at least 1",
            "downtime=100ms..1s:every=0s | every=0s must be more than 0",
            "downtime=..1s | not a duration: ''",
            "downtime=300ms:bandwidth=0 | bandwidth=0 must be more than 0",
            "xen:dirty=2147483648 | dirty=2147483648 in 'xen:dirty=2147483648' is not a count",
            "stall=2147483648 | stall=2147483648 is not a count",
            "stall=-1 | stall=-1 is not a count",
            "growth=-1% | growth=-1% is not a percentage",
            "growth=Infinity | growth=Infinity is not a percentage",
    })
    void badSpecsNameTheProblem(String spec, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PolicySpec.parse(spec));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** The edges that are allowed: zero, equal ends, one step or round, the largest count. */
    @Test
    void theBoundsThemselvesAreAllowed() {
        assertEquals(new SimplePrecopyPolicy(0, Integer.MAX_VALUE), PolicySpec.parse("xen:iterations=0,dirty=2147483647"));
        assertEquals(Decision.ABORT, PolicySpec.parse("abort:iteration=0").decide(new PrecopyStats(0, 0, 10)));
        assertEquals(new DowntimeSteppingPolicy(Duration.ofMillis(300), Duration.ofMillis(300), 1, Duration.ofSeconds(30), 0),
                PolicySpec.parse("downtime=300ms..300ms:steps=1"));
        assertEquals(1, ((StallPolicy) PolicySpec.parse("stall=1")).rounds());
        assertEquals(Integer.MAX_VALUE, ((StallPolicy) PolicySpec.parse("stall=2147483647")).rounds());
        assertEquals(0, ((GrowthGuardPolicy) PolicySpec.parse("growth=0%")).percent(), 0);
        assertEquals(0, ((StallPolicy) PolicySpec.parse("stall=2:tolerance=0%:progress=0%")).tolerance(), 0);
        // and in the constructors
        new SimplePrecopyPolicy(0, 0);
        new DowntimeSteppingPolicy(Duration.ZERO, Duration.ZERO, 1, Duration.ofNanos(1), 0);
        new StallPolicy(1, 0, 0, Decision.ABORT);
        assertThrows(IllegalArgumentException.class, () -> new SimplePrecopyPolicy(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new SimplePrecopyPolicy(0, -1));
        assertThrows(IllegalArgumentException.class, () -> new StallPolicy(0, 0, 0, Decision.ABORT));
        assertThrows(IllegalArgumentException.class, () -> new StallPolicy(1, 0, 1, Decision.ABORT));
        assertThrows(IllegalArgumentException.class,
                () -> new DowntimeSteppingPolicy(Duration.ZERO, Duration.ZERO, 0, Duration.ofNanos(1), 0));
    }

    /** What logs and error lines show of policies and stats. */
    @Test
    void policiesAndStatsDescribeThemselves() {
        assertEquals("(iteration 2, totalWritten 100, dirtyCount -1)", new PrecopyStats(2, 100, -1).toString());
        assertEquals("GrowthGuardPolicy[percent=10.0, onGrowth=ABORT]", PolicySpec.parse("growth=10%:abort").toString());
        assertEquals("StallPolicy[rounds=3, tolerance=0.1, minProgress=0.05, onStall=STOP_AND_COPY]",
                PolicySpec.parse("stall=3").toString());
        assertEquals("controlled SimplePrecopyPolicy[maxIterations=5, dirtyTarget=50]",
                new PrecopyControl().wrap(PrecopyPolicy.xenDefault()).toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PrecopyMetrics(-1, 2, 3, 4, 5, 0, 0, 0, 0, 0, -1));
        assertEquals("negative time or size in [-1, 2, 3, 4, 5]", e.getMessage());
    }

    @Test
    void newSpecs() {
        assertEquals(new DowntimePolicy(Duration.ofMillis(300)), PolicySpec.parse("downtime=300ms"));
        assertEquals(new DowntimePolicy(Duration.ofMillis(300), 1L << 30), PolicySpec.parse("downtime=300ms:bandwidth=1G"));
        assertEquals(new DeadlinePolicy(Duration.ofMinutes(10), Decision.STOP_AND_COPY), PolicySpec.parse("deadline=10m"));
        assertEquals(new DeadlinePolicy(Duration.ofMinutes(10), Decision.ABORT), PolicySpec.parse("deadline=10m:abort"));
        assertEquals(new DowntimeSteppingPolicy(Duration.ofMillis(150), Duration.ofMillis(1050), 10, Duration.ofSeconds(30), 0),
                PolicySpec.parse("downtime=150ms..1050ms"));
        assertEquals(new DowntimeSteppingPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), 4, Duration.ofSeconds(5), 100 << 20),
                PolicySpec.parse("downtime=100ms..1s:steps=4:every=5s:bandwidth=100M"));
        StallPolicy stall = (StallPolicy) PolicySpec.parse("stall=4:abort:tolerance=5%");
        assertEquals(4, stall.rounds());
        assertEquals(0.05, stall.tolerance(), 1e-12);
        assertEquals(Decision.ABORT, stall.onStall());
        assertEquals(Decision.STOP_AND_COPY, ((StallPolicy) PolicySpec.parse("stall=3")).onStall());
        assertEquals(0.05, ((StallPolicy) PolicySpec.parse("stall=3")).minProgress(), 1e-12);
        assertEquals(0.02, ((StallPolicy) PolicySpec.parse("stall=3:progress=2%")).minProgress(), 1e-12);
        GrowthGuardPolicy growth = (GrowthGuardPolicy) PolicySpec.parse("growth=10%");
        assertEquals(10, growth.percent(), 1e-12);
        assertEquals(Decision.STOP_AND_COPY, growth.onGrowth());

        FirstDecisionPolicy combined = (FirstDecisionPolicy) PolicySpec.parse("downtime=300ms, deadline=10m:abort");
        assertEquals(List.of(new DowntimePolicy(Duration.ofMillis(300)), new DeadlinePolicy(Duration.ofMinutes(10), Decision.ABORT)),
                combined.policies());
        FirstDecisionPolicy legacyThenNew = (FirstDecisionPolicy) PolicySpec.parse("xen:iterations=8,dirty=100,deadline=1m");
        assertEquals(List.of(new SimplePrecopyPolicy(8, 100), new DeadlinePolicy(Duration.ofMinutes(1), Decision.STOP_AND_COPY)),
                legacyThenNew.policies());
    }

    @Test
    void statsRejectImpossibleValues() {
        assertThrows(IllegalArgumentException.class, () -> new PrecopyStats(0, 0, -2));
        assertThrows(IllegalArgumentException.class, () -> new PrecopyStats(-1, 0, 0));
        assertEquals(Decision.ABORT, Decision.ofXenCode(-1));
        assertEquals(1, Decision.STOP_AND_COPY.xenCode());
    }
}
