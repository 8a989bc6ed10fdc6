package io.livemig.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.policy.Decision;
import io.livemig.policy.PolicySpec;
import io.livemig.policy.PrecopyControl;
import io.livemig.policy.PrecopyMetrics;
import io.livemig.policy.PrecopyPolicy;
import io.livemig.policy.PrecopyStats;
import io.livemig.policy.ThrottleStrategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The throttle strategy beside the policy: consulted after every consultation that continues
 * precopy, with the policy's own values; its throttle applied before the next round and recorded
 * per round; the operator's fixed throttle applied between two batches; and the domain's own
 * setting back on every way out of a save.
 */
class SaveThrottleTest {
    private static final long P = 4096;
    private static final int BATCH = 64;
    /** The domain's own setting: not 0, so that "restored" and "never throttled" differ. */
    private static final int ORIGINAL = 7;

    private static ScriptedDomain domain() {
        ScriptedDomain d = new ScriptedDomain(P, List.of(ScriptedDomain.range(0, 1000), ScriptedDomain.range(0, 900),
                ScriptedDomain.range(0, 800), ScriptedDomain.range(0, 700), ScriptedDomain.range(0, 600)),
                ScriptedDomain.range(0, 100));
        d.originalThrottle = ORIGINAL;
        return d;
    }

    /** A strategy that adds 10 % at every consultation with a fetched dirty count, and records what it saw. */
    private static final class Stepping implements ThrottleStrategy {
        final List<PrecopyStats> seen = new ArrayList<>();
        final List<PrecopyMetrics> metrics = new ArrayList<>();

        @Override
        public int throttle(PrecopyStats stats, PrecopyMetrics m, int current) {
            seen.add(stats);
            metrics.add(m);
            return stats.dirtyCountKnown() && stats.iteration() > 0 ? current + 10 : current;
        }
    }

    private static SaveOptions.Builder options(PrecopyPolicy policy) {
        return SaveOptions.builder().policy(policy).batchSize(BATCH);
    }

    private static void assertRestored(ScriptedDomain d) {
        assertEquals(ORIGINAL, d.throttle, "the domain's own setting is back");
        assertTrue(d.calls.contains("restore-throttle"), d.calls::toString);
        assertTrue(d.calls.lastIndexOf("restore-throttle") < d.calls.lastIndexOf("off"),
                "restored before log-dirty goes off: " + d.calls);
        assertFalse(d.logDirtyEnabled(), "log-dirty is off");
    }

    @Test
    void theStrategyIsConsultedAfterEveryContinueWithWhatThePolicySaw() throws Exception {
        ScriptedDomain d = domain();
        Stepping strategy = new Stepping();
        SaveResult r = new SaveEngine(d, new CapturingChannel(), options(PrecopyPolicy.xenDefault()).throttle(strategy).build()).save();

        List<PolicyConsultation> continued = r.consultations().stream()
                .filter(c -> c.decision() == Decision.CONTINUE_PRECOPY).toList();
        assertEquals(continued.stream().map(PolicyConsultation::stats).toList(), strategy.seen);
        assertEquals(continued.stream().map(PolicyConsultation::metrics).toList(), strategy.metrics);
        // Xen's default stops at iteration 5: rounds 1..5 live, the suspended one after
        assertEquals(List.of(0, 10, 20, 30, 40, 0), r.rounds().stream().map(RoundStats::throttle).toList(),
                "the throttle decided after fetch k is in force for round k + 1; the suspended round has none");
        int firstSet = d.calls.indexOf("throttle 10");
        assertEquals("clean", d.calls.get(firstSet - 1), "applied right after the fetch it answers: " + d.calls);
        assertEquals(0, d.calls.indexOf("open-throttle"), "opened before anything else: " + d.calls);
        assertRestored(d);
        assertEquals("suspend", d.calls.get(d.calls.indexOf("restore-throttle") + 1),
                "the guest suspends unthrottled (a Xen guest runs its own suspend code): " + d.calls);
    }

    /** Every way out of a save, each with the same strategy at work until then. */
    static Stream<Arguments> exits() {
        return Stream.of(
                Arguments.of("the policy's ABORT", (Consumer<Setup>) s -> s.policy = PolicySpec.parse("abort:iteration=3")),
                Arguments.of("a failed fetch", (Consumer<Setup>) s -> s.domain.failOnClean = 2),
                Arguments.of("a failed mapping", (Consumer<Setup>) s -> s.domain.failOnMapCall = 4096 / BATCH + 20),
                Arguments.of("a failed write", (Consumer<Setup>) s -> s.channel = new CapturingChannel(Integer.MAX_VALUE, 18L << 20)),
                Arguments.of("a failed throttle", (Consumer<Setup>) s -> s.domain.failOnThrottleSet = 1),
                Arguments.of("an interruption (a signal)", (Consumer<Setup>) s -> s.interruptAtRound = 3),
                Arguments.of("the operator's abort", (Consumer<Setup>) s -> s.abortAtRound = 2),
                Arguments.of("a failing strategy", (Consumer<Setup>) s -> s.strategy = (st, m, c) -> {
                    if (st.iteration() == 2) {
                        throw new IllegalStateException("strategy bug");
                    }
                    return st.dirtyCountKnown() && st.iteration() > 0 ? c + 10 : c;
                }),
                Arguments.of("a strategy answering 100 %", (Consumer<Setup>) s -> s.strategy = (st, m, c) ->
                        st.dirtyCountKnown() && st.iteration() > 0 ? c + 50 : c));
    }

    static final class Setup {
        final ScriptedDomain domain = domain();
        PrecopyPolicy policy = PrecopyPolicy.xenDefault();
        CapturingChannel channel = new CapturingChannel();
        ThrottleStrategy strategy = new Stepping();
        int interruptAtRound = -1;
        int abortAtRound = -1;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exits")
    void theDomainsOwnSettingIsBackOnEveryWayOut(String exit, Consumer<Setup> arrange) {
        Setup s = new Setup();
        arrange.accept(s);
        PrecopyControl control = new PrecopyControl();
        SaveListener operator = new SaveListener() {
            @Override
            public void roundStarted(int iteration, boolean live, long dirtyPages) {
                if (iteration == s.interruptAtRound) {
                    control.interrupt("SIGTERM");
                }
                if (iteration == s.abortAtRound) {
                    control.requestAbort("test abort");
                }
            }
        };
        SaveOptions o = options(s.policy).throttle(s.strategy).control(control).listener(operator).build();
        SaveException e = assertThrows(SaveException.class, () -> new SaveEngine(s.domain, s.channel, o).save());
        assertTrue(s.domain.calls.stream().anyMatch(c -> c.startsWith("throttle ")),
                exit + ": the guest was throttled before the save ended: " + s.domain.calls);
        assertRestored(s.domain);
        assertFalse(s.domain.isSuspended(), exit + ": the domain runs again");
        assertEquals(0, control.throttle(), "the control says the throttle is off");
        if (exit.contains("strategy")) {
            assertInstanceOf(SaveAbortedException.class, e);
            assertTrue(e.getMessage().startsWith("the throttle strategy "), e.getMessage());
        }
    }

    @Test
    void aRestoreAtExitPutsTheSettingBackAtOnceAndNoThrottleFollows() throws Exception {
        ScriptedDomain d = domain();
        SaveEngine[] engine = new SaveEngine[1];
        int[] atRestore = new int[1];
        SaveListener exiting = new SaveListener() {
            @Override
            public void roundStarted(int iteration, boolean live, long dirtyPages) {
                if (iteration == 3) {
                    engine[0].restoreThrottleAtExit(); // as a second signal does, before the process halts
                    atRestore[0] = d.throttle;
                }
            }
        };
        engine[0] = new SaveEngine(d, new CapturingChannel(), options(PrecopyPolicy.xenDefault()).throttle(new Stepping())
                .listener(exiting).build());
        engine[0].save();
        assertEquals(ORIGINAL, atRestore[0], "restored when asked");
        List<String> after = d.calls.subList(d.calls.indexOf("restore-throttle"), d.calls.size());
        assertTrue(after.stream().noneMatch(c -> c.startsWith("throttle ")), "nothing throttled afterwards: " + d.calls);
    }

    @Test
    void aStrategyAnswerOutsideTheRangeIsNamed() {
        ScriptedDomain d = domain();
        SaveOptions o = options(PrecopyPolicy.xenDefault()).throttle((st, m, c) -> st.iteration() == 1 ? -5 : c).build();
        SaveAbortedException e = assertThrows(SaveAbortedException.class, () -> new SaveEngine(d, new CapturingChannel(), o).save());
        assertEquals("the throttle strategy answered -5% at iteration 1 (dirty count unknown, 4096 written): outside 0..99 %",
                e.getMessage());
        assertEquals(ORIGINAL, d.throttle);
    }

    @Test
    void aDomainThatCannotBeThrottledFailsASaveGivenAStrategyBeforeLogDirty() {
        ScriptedDomain d = domain();
        d.throttleAvailable = false;
        SaveException e = assertThrows(SaveException.class,
                () -> new SaveEngine(d, new CapturingChannel(), options(PrecopyPolicy.xenDefault()).throttle(new Stepping()).build()).save());
        assertTrue(e.getMessage().contains("scripted cannot be throttled"), e.getMessage());
        assertFalse(d.calls.contains("enable"), "log-dirty never on: " + d.calls);
        assertFalse(d.isSuspended());
    }

    @Test
    void theOperatorsThrottleAppliesBetweenTwoBatchesAndHoldsUntilAuto() throws Exception {
        ScriptedDomain d = domain();
        PrecopyControl control = new PrecopyControl();
        Stepping strategy = new Stepping();
        List<String> heard = new ArrayList<>();
        SaveListener operator = new SaveListener() {
            @Override
            public void pagesSent(int iteration, long sentInRound, long dirtyPages) {
                if (iteration == 1 && sentInRound == 1024) {
                    control.setThrottle(60); // in the middle of round 1
                }
            }

            @Override
            public void roundFinished(RoundStats round) {
                if (round.iteration() == 3) {
                    control.throttleAuto();
                }
            }

            @Override
            public void throttled(int iteration, int from, int to, boolean byOperator) {
                heard.add(iteration + ":" + from + "->" + to + (byOperator ? " operator" : " strategy"));
            }
        };
        SaveResult r = new SaveEngine(d, new CapturingChannel(),
                options(PrecopyPolicy.xenDefault()).throttle(strategy).control(control).listener(operator).build()).save();
        assertEquals(List.of(60, 60, 60, 70, 80, 0), r.rounds().stream().map(RoundStats::throttle).toList());
        assertEquals(List.of("1:0->60 operator", "3:60->70 strategy", "4:70->80 strategy"), heard);
        assertTrue(strategy.seen.stream().noneMatch(s -> s.iteration() >= 1 && s.iteration() < 3),
                "the strategy is not asked while the operator's throttle holds: " + strategy.seen);
        assertRestored(d);
    }

    @Test
    void theOperatorCanThrottleASaveGivenNoStrategyAndTurnItOff() throws Exception {
        ScriptedDomain d = domain();
        PrecopyControl control = new PrecopyControl();
        SaveListener operator = new SaveListener() {
            @Override
            public void roundStarted(int iteration, boolean live, long dirtyPages) {
                if (iteration == 2) {
                    control.setThrottle(40);
                } else if (iteration == 4) {
                    control.setThrottle(0);
                }
            }
        };
        SaveResult r = new SaveEngine(d, new CapturingChannel(),
                options(PrecopyPolicy.xenDefault()).control(control).listener(operator).build()).save();
        assertEquals(List.of(0, 40, 40, 40, 0, 0), r.rounds().stream().map(RoundStats::throttle).toList(),
                "round 4 started at 40 % and was set to 0 inside it (a round records its highest)");
        assertRestored(d);
    }

    @Test
    void anOperatorsThrottleOnADomainThatCannotBeThrottledDoesNotFailTheSave() throws Exception {
        ScriptedDomain d = domain();
        d.throttleAvailable = false;
        PrecopyControl control = new PrecopyControl();
        control.setThrottle(50);
        SaveResult r = new SaveEngine(d, new CapturingChannel(), options(PrecopyPolicy.xenDefault()).control(control).build()).save();
        assertTrue(r.rounds().stream().allMatch(s -> s.throttle() == 0));
        assertEquals(0, control.throttle());
        assertFalse(d.logDirtyEnabled());
    }

    @Test
    void aNonLiveSaveRefusesAStrategy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SaveOptions.builder().live(false).throttle(new Stepping()).build());
        assertEquals("a throttle strategy applies to a live save: a non-live one suspends the guest first", e.getMessage());
    }

    @Test
    void aSaveWithoutStrategyOrOperatorNeverTouchesTheThrottle() throws Exception {
        ScriptedDomain d = domain();
        new SaveEngine(d, new CapturingChannel(), options(PrecopyPolicy.xenDefault()).control(new PrecopyControl()).build()).save();
        assertFalse(d.calls.contains("open-throttle"), d.calls::toString);
        assertEquals(Set.of(), Set.copyOf(d.calls.stream().filter(c -> c.contains("throttle")).toList()));
    }
}
