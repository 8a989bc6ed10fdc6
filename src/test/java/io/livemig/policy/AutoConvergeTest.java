package io.livemig.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * QEMU's auto-converge on scripted measurements: what a run of fetches makes of the throttle.
 * Each fetch is (seconds since the save started, pages dirtied since the last fetch, stream bytes
 * of the round just sent), shown as the engine shows it: the "before" consultation of the next
 * round, after an "after" consultation with the count unknown.
 */
class AutoConvergeTest {
    private static final long MIB = 1 << 20;
    private static final long PAGE = 4096;

    /** One fetch: at {@code seconds}, {@code dirtyPages} dirtied while {@code sentBytes} were sent. */
    private record Fetch(double seconds, long dirtyPages, long sentBytes) {
    }

    private static Fetch fetch(double seconds, long dirtyPages, long sentBytes) {
        return new Fetch(seconds, dirtyPages, sentBytes);
    }

    /** The throttle after each fetch. */
    private static List<Integer> run(AutoConverge strategy, Fetch... fetches) {
        List<Integer> throttles = new ArrayList<>();
        int current = 0;
        long total = 0;
        // the first consultation: iteration 0, every pfn dirty; then nothing is measured yet
        current = strategy.throttle(new PrecopyStats(0, 0, 65536), PrecopyMetrics.unmeasured(new PrecopyStats(0, 0, 65536)), current);
        int iteration = 0;
        for (Fetch f : fetches) {
            iteration++;
            long nanos = (long) (f.seconds() * 1e9);
            total += f.sentBytes() / PAGE;
            PrecopyMetrics m = new PrecopyMetrics(nanos, 500_000_000L, f.sentBytes(), 0, 0, 1e8, 1e8, 1e4, f.dirtyPages(), 0, -1);
            int afterRound = strategy.throttle(new PrecopyStats(iteration, total, PrecopyStats.UNKNOWN), m, current);
            assertEquals(current, afterRound, "a consultation with the count unknown changes nothing");
            current = strategy.throttle(new PrecopyStats(iteration, total, f.dirtyPages()), m, current);
            throttles.add(current);
        }
        return throttles;
    }

    /** A period whose dirtied bytes are {@code share} of the bytes sent. */
    private static Fetch period(double atSeconds, double share) {
        long sent = 64 * MIB;
        return fetch(atSeconds, (long) (sent * share / PAGE), sent);
    }

    @Test
    void theSecondHighPeriodStartsTheThrottleAndEverySecondOneRaisesItUpToMax() {
        AutoConverge ac = new AutoConverge(20, 10, 45, 50);
        assertEquals(List.of(0, 20, 20, 30, 30, 40, 40, 45, 45, 45),
                run(ac, period(1, 0.9), period(2, 0.9), period(3, 0.9), period(4, 0.9), period(5, 0.9), period(6, 0.9),
                        period(7, 0.9), period(8, 0.9), period(9, 0.9), period(10, 0.9)));
    }

    @Test
    void aLowPeriodDoesNotResetTheCountOfHighOnes() {
        // QEMU counts high periods until a step; a low one in between does not start the count again
        assertEquals(List.of(0, 0, 0, 20), run(AutoConverge.qemuDefaults(),
                period(1, 0.9), period(2, 0.3), period(3, 0.2), period(4, 0.8)));
    }

    @Test
    void theTriggerIsAShareOfTheBytesSentAndExactlyTheShareIsNotHigh() {
        long sent = 64 * MIB;
        long half = sent / 2 / PAGE;
        assertEquals(List.of(0, 0), run(AutoConverge.qemuDefaults(), fetch(1, half, sent), fetch(2, half, sent)));
        assertEquals(List.of(0, 20), run(AutoConverge.qemuDefaults(), fetch(1, half + 1, sent), fetch(2, half + 1, sent)));
        assertEquals(List.of(0, 0), run(new AutoConverge(20, 10, 99, 80), period(1, 0.79), period(2, 0.79)));
        assertEquals(List.of(0, 20), run(new AutoConverge(20, 10, 99, 80), period(1, 0.81), period(2, 0.81)));
    }

    @Test
    void fetchesLessThanASecondApartAddUpToOnePeriod() {
        // 0.4 s rounds: periods end at 1.2 s and 2.4 s (each the first fetch a second after the last end)
        Fetch low = period(0, 0.2); // 20 % dirtied in each short round
        Fetch high = period(0, 1.5);
        List<Integer> t = run(AutoConverge.qemuDefaults(),
                fetch(0.4, high.dirtyPages(), high.sentBytes()), fetch(0.8, low.dirtyPages(), low.sentBytes()),
                fetch(1.2, low.dirtyPages(), low.sentBytes()), // period 1: (1.5 + 0.2 + 0.2) / 3 = 63 %: high
                fetch(1.6, high.dirtyPages(), high.sentBytes()), fetch(2.0, low.dirtyPages(), low.sentBytes()),
                fetch(2.4, low.dirtyPages(), low.sentBytes())); // period 2: high again: the first step
        assertEquals(List.of(0, 0, 0, 0, 0, 20), t);
    }

    @Test
    void anOperatorsThrottleIsWhereTheNextStepStartsFrom() {
        AutoConverge ac = AutoConverge.qemuDefaults();
        PrecopyMetrics m = new PrecopyMetrics(2_000_000_000L, 1, 64 * MIB, 0, 0, 1, 1, 1, 1, 0, -1);
        PrecopyStats high = new PrecopyStats(1, 1, 64 * MIB / PAGE);
        assertEquals(55, ac.throttle(high, m, 55));
        PrecopyMetrics later = new PrecopyMetrics(4_000_000_000L, 1, 64 * MIB, 0, 0, 1, 1, 1, 1, 0, -1);
        assertEquals(65, ac.throttle(new PrecopyStats(2, 2, 64 * MIB / PAGE), later, 55));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "'';20;10;99;50",
            "initial=30%;30;10;99;50",
            "step=5,max=60%;20;5;60;50",
            "trigger=80%, initial=10%;10;10;99;80",
            "INITIAL=25%;25;10;99;50"})
    void settingsParseWithQemusDefaultsForWhatIsNotGiven(String text, int initial, int step, int max, int trigger) {
        AutoConverge ac = AutoConverge.parse(text);
        assertEquals(List.of(initial, step, max, trigger), List.of(ac.initial(), ac.step(), ac.max(), ac.trigger()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "initial=0%;auto-converge initial must be 1..99 %, not 0 (in 'initial=0%')",
            "max=100%;auto-converge max must be 1..99 %, not 100 (in 'max=100%')",
            "trigger=0;auto-converge trigger must be 1..100 %, not 0 (in 'trigger=0')",
            "initial=50%,max=40%;auto-converge: initial 50% is above max 40% (in 'initial=50%,max=40%')",
            "speed=3;auto-converge setting 'speed=3': not one of initial=N%, step=N%, max=N%, trigger=N%",
            "initial;auto-converge setting 'initial': not one of initial=N%, step=N%, max=N%, trigger=N%",
            "step=ten;auto-converge step=ten: not a whole percentage (like 20%)",
            "step=5,step=6;auto-converge setting 'step' given twice"})
    void badSettingsAreNamed(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> AutoConverge.parse(text)).getMessage());
    }

    @Test
    void freshKeepsTheSettingsAndDropsTheState() {
        AutoConverge ac = AutoConverge.qemuDefaults();
        run(ac, period(1, 0.9)); // one high period counted
        assertEquals(List.of(0), run(ac.fresh(), period(1, 0.9)), "a fresh one needs two high periods again");
        assertEquals("auto-converge initial=20%,step=10%,max=99%,trigger=50%", ac.fresh().toString());
    }
}
