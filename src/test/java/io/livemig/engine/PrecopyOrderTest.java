package io.livemig.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.policy.Decision;
import io.livemig.policy.PrecopyPolicy;
import io.livemig.policy.PrecopyStats;
import io.livemig.policy.SimplePrecopyPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The engine consults the policy in exactly Xen's order (reference section 1) and sends, in each
 * round, exactly the pages the bitmap named.
 */
class PrecopyOrderTest {
    private static final long P = 1000;
    private static final Decision C = Decision.CONTINUE_PRECOPY;
    private static final Decision S = Decision.STOP_AND_COPY;
    private static final Decision A = Decision.ABORT;

    /** What a consultation was shown and answered (the measurements aside). */
    private record Seen(PrecopyStats stats, Decision decision) {
    }

    private static Seen seen(int iteration, long total, long dirty, Decision d) {
        return new Seen(new PrecopyStats(iteration, total, dirty), d);
    }

    /** The result's consultations as Xen's fields and answers, each answered by the policy. */
    private static List<Seen> seen(List<PolicyConsultation> consultations) {
        List<Seen> out = new ArrayList<>();
        for (PolicyConsultation c : consultations) {
            assertEquals(PolicyConsultation.DecidedBy.POLICY, c.decidedBy(), c::toString);
            out.add(new Seen(c.stats(), c.decision()));
        }
        return out;
    }

    private static SaveResult save(ScriptedDomain domain, PrecopyPolicy policy) throws SaveException {
        return save(domain, policy, 1024);
    }

    private static SaveResult save(ScriptedDomain domain, PrecopyPolicy policy, int batch) throws SaveException {
        SaveOptions options = SaveOptions.builder().policy(policy).batchSize(batch).build();
        return new SaveEngine(domain, new CapturingChannel(), options).save();
    }

    private static List<Long> sentPerRound(SaveResult r) {
        List<Long> out = new ArrayList<>();
        for (RoundStats round : r.rounds()) {
            out.add(round.pagesSent());
        }
        return out;
    }

    @Test
    void workedExampleOfTheReferenceWithXensDefaultPolicy() throws Exception {
        ScriptedDomain d = new ScriptedDomain(P, List.of(
                ScriptedDomain.range(0, 400), ScriptedDomain.range(100, 400), ScriptedDomain.range(500, 700),
                ScriptedDomain.range(900, 1000), ScriptedDomain.range(0, 7)),
                ScriptedDomain.range(10, 30));
        SaveResult r = save(d, PrecopyPolicy.xenDefault());

        assertEquals(List.of(
                seen(0, 0, P, C),
                seen(1, 1000, -1, C), seen(1, 1000, 400, C),
                seen(2, 1400, -1, C), seen(2, 1400, 300, C),
                seen(3, 1700, -1, C), seen(3, 1700, 200, C),
                seen(4, 1900, -1, C), seen(4, 1900, 100, C),
                seen(5, 2000, -1, S)), seen(r.consultations()));
        // five live passes (P, d1..d4), then the suspended pass with the final dirty set
        assertEquals(List.of(1000L, 400L, 300L, 200L, 100L, 20L), sentPerRound(r));
        assertEquals(5, r.liveRounds());
        assertEquals(List.of("enable", "clean", "clean", "clean", "clean", "suspend", "final", "deviceState", "off"),
                d.calls);
        assertEquals(ScriptedDomain.range(10, 30), Set.copyOf(d.mappedPerPass.getLast()));
        assertEquals(List.of(1, 2, 3, 4, 5, 6), r.rounds().stream().map(RoundStats::iteration).toList());
        assertFalse(r.rounds().getLast().live());
        assertTrue(d.isSuspended(), "a saved domain stays suspended");
    }

    @Test
    void stopsOnASmallDirtyCountAndStillSendsThatRoundLive() throws Exception {
        ScriptedDomain d = new ScriptedDomain(P, List.of(ScriptedDomain.range(0, 30)), Set.of(5L));
        SaveResult r = save(d, PrecopyPolicy.xenDefault());
        assertEquals(List.of(seen(0, 0, P, C), seen(1, 1000, -1, C), seen(1, 1000, 30, S)), seen(r.consultations()));
        assertEquals(List.of(1000L, 30L, 1L), sentPerRound(r));
        assertEquals(List.of(true, true, false), r.rounds().stream().map(RoundStats::live).toList());
    }

    @Test
    void aRoundWithNothingDirtySendsNothing() throws Exception {
        ScriptedDomain d = new ScriptedDomain(P, List.of(Set.of()), Set.of());
        SaveResult r = save(d, PrecopyPolicy.xenDefault());
        assertEquals(List.of(seen(0, 0, P, C), seen(1, 1000, -1, C), seen(1, 1000, 0, S)), seen(r.consultations()));
        assertEquals(List.of(1000L, 0L), sentPerRound(r), "the zero round is skipped; the final pass is empty");
    }

    @Test
    void iterationCapOfAConfiguredSimplePolicy() throws Exception {
        ScriptedDomain d = new ScriptedDomain(P, List.of(ScriptedDomain.range(0, 500), ScriptedDomain.range(0, 500),
                ScriptedDomain.range(0, 500)), Set.of());
        SaveResult r = save(d, new SimplePrecopyPolicy(2, 50));
        assertEquals(List.of(seen(0, 0, P, C), seen(1, 1000, -1, C), seen(1, 1000, 500, C), seen(2, 1500, -1, S)),
                seen(r.consultations()));
        assertEquals(List.of(1000L, 500L, 0L), sentPerRound(r));
    }

    @Test
    void stopAndCopyAtTheFirstConsultationStillSendsEveryPageLive() throws Exception {
        ScriptedDomain d = new ScriptedDomain(P, List.of(), Set.of(1L, 2L));
        SaveResult r = save(d, stats -> S);
        assertEquals(List.of(seen(0, 0, P, S)), seen(r.consultations()));
        assertEquals(List.of(1000L, 2L), sentPerRound(r));
        assertEquals(List.of("enable", "suspend", "final", "deviceState", "off"), d.calls);
    }

    @Test
    void abortBeforeTheFirstRoundSendsNoPageAndLeavesTheDomainRunning() {
        ScriptedDomain d = new ScriptedDomain(P, List.of(), Set.of());
        SaveException e = assertThrows(SaveException.class, () -> save(d, stats -> A));
        assertInstanceOf(SaveAbortedException.class, e);
        assertTrue(e.getMessage().contains("Abort precopy loop"), e.getMessage());
        assertEquals(List.of(seen(0, 0, P, A)), seen(e.partialResult().consultations()));
        assertTrue(e.partialResult().rounds().isEmpty());
        assertEquals(List.of("enable", "off"), d.calls);
        assertFalse(d.isSuspended());
        assertFalse(d.logDirtyEnabled());
    }

    @Test
    void abortAfterARoundStopsBeforeTheNextFetch() {
        ScriptedDomain d = new ScriptedDomain(P, List.of(ScriptedDomain.range(0, 100)), Set.of());
        SaveException e = assertThrows(SaveAbortedException.class,
                () -> save(d, stats -> stats.iteration() == 1 && !stats.dirtyCountKnown() ? A : C));
        assertEquals(List.of(seen(0, 0, P, C), seen(1, 1000, -1, A)), seen(e.partialResult().consultations()));
        assertEquals(List.of(1000L), sentPerRound(e.partialResult()));
        assertFalse(d.calls.contains("clean"));
        assertFalse(d.calls.contains("suspend"));
        assertFalse(d.logDirtyEnabled());
        assertNull(e.partialResult().suspendedAt());
    }

    @Test
    void abortBeforeARoundDoesNotSendIt() {
        ScriptedDomain d = new ScriptedDomain(P, List.of(ScriptedDomain.range(0, 100)), Set.of());
        SaveException e = assertThrows(SaveAbortedException.class,
                () -> save(d, stats -> stats.dirtyCount() == 100 ? A : C));
        assertEquals(List.of(seen(0, 0, P, C), seen(1, 1000, -1, C), seen(1, 1000, 100, A)),
                seen(e.partialResult().consultations()));
        assertEquals(List.of(1000L), sentPerRound(e.partialResult()));
        assertEquals(List.of("enable", "clean"), d.calls.subList(0, 2));
        assertFalse(d.isSuspended());
    }

    @Test
    void aCustomPolicyCanRunMoreRoundsThanXen() throws Exception {
        List<Set<Long>> script = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            script.add(ScriptedDomain.range(i * 10, i * 10 + 5));
        }
        ScriptedDomain d = new ScriptedDomain(P, script, Set.of());
        SaveResult r = save(d, stats -> stats.iteration() >= 8 ? S : C);
        assertEquals(8, r.liveRounds());
        assertEquals(List.of(1000L, 5L, 5L, 5L, 5L, 5L, 5L, 5L, 0L), sentPerRound(r));
        assertEquals(8 * 2, r.consultations().size());
        assertEquals(new PrecopyStats(8, 1035, -1), r.consultations().getLast().stats());
    }

    @Test
    void aPolicyThatThrowsAbortsTheSaveWithItsCause() {
        ScriptedDomain d = new ScriptedDomain(P, List.of(), Set.of());
        SaveException e = assertThrows(SaveAbortedException.class, () -> save(d, stats -> {
            throw new IllegalStateException("operator went home");
        }));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertTrue(e.getMessage().contains("operator went home"));
        assertFalse(d.logDirtyEnabled());
    }

    @Test
    void aPolicyThatReturnsNullAbortsTheSave() {
        ScriptedDomain d = new ScriptedDomain(P, List.of(), Set.of());
        SaveException e = assertThrows(SaveAbortedException.class, () -> save(d, stats -> null));
        assertTrue(e.getMessage().contains("returned null"));
    }

    @Test
    void batchesNeverExceedTheConfiguredSize() throws Exception {
        ScriptedDomain d = new ScriptedDomain(P, List.of(ScriptedDomain.range(0, 250)), Set.of());
        SaveResult r = save(d, PrecopyPolicy.xenDefault(), 100);
        assertEquals(10, r.rounds().get(0).records());
        assertEquals(3, r.rounds().get(1).records());
    }

    @Test
    void holesAreSentWithoutData() throws Exception {
        ScriptedDomain d = new ScriptedDomain(P, List.of(Set.of()), Set.of());
        d.holes.add(3L);
        SaveResult r = save(d, PrecopyPolicy.xenDefault());
        assertEquals(999, r.rounds().get(0).pagesSent());
        assertEquals(1000, r.rounds().get(0).entriesSent());
    }

    @Test
    void nonLiveSaveSuspendsFirstAndNeverConsultsThePolicy() throws Exception {
        ScriptedDomain d = new ScriptedDomain(P, List.of(), Set.of());
        SaveOptions options = SaveOptions.builder().live(false).policy(stats -> {
            throw new AssertionError("consulted");
        }).build();
        SaveResult r = new SaveEngine(d, new CapturingChannel(), options).save();
        assertEquals(List.of("suspend", "deviceState", "off"), d.calls);
        assertEquals(List.of(1000L), sentPerRound(r));
        assertTrue(r.consultations().isEmpty());
    }

    @Test
    void aFailingFetchLeavesTheDomainRunningWithLogDirtyOff() {
        ScriptedDomain d = new ScriptedDomain(P, List.of(Set.of(1L)), Set.of());
        d.failOnClean = 0;
        SaveException e = assertThrows(SaveException.class, () -> save(d, PrecopyPolicy.xenDefault()));
        assertFalse(e instanceof SaveAbortedException);
        assertTrue(e.getMessage().contains("injected failure of clean 0"), e.getMessage());
        assertFalse(d.isSuspended());
        assertFalse(d.logDirtyEnabled());
    }

    @Test
    void aWriteFailureAfterSuspendResumesTheDomain() {
        ScriptedDomain d = new ScriptedDomain(P, List.of(Set.of()), ScriptedDomain.range(0, 100));
        long liveBytes = 40 + 8 + 16L * 0 + (1000 * 4096 + 1000 * 8 + 16) + 100;
        SaveOptions options = SaveOptions.builder().build();
        SaveException e = assertThrows(SaveException.class,
                () -> new SaveEngine(d, new CapturingChannel(Integer.MAX_VALUE, liveBytes), options).save());
        assertTrue(e.getMessage().contains("injected write failure"), e.getMessage());
        assertTrue(d.calls.contains("suspend"));
        assertEquals(List.of("off", "resume"), d.calls.subList(d.calls.size() - 2, d.calls.size()));
        assertFalse(d.isSuspended());
        assertFalse(d.logDirtyEnabled());
        assertTrue(e.partialResult().suspendedAt() != null);
    }

    @Test
    void aMappingFailureFailsTheSave() {
        ScriptedDomain d = new ScriptedDomain(P, List.of(), Set.of());
        d.failOnMapCall = 0;
        SaveException e = assertThrows(SaveException.class, () -> save(d, PrecopyPolicy.xenDefault()));
        assertTrue(e.getMessage().contains("injected mapping failure"));
        assertFalse(d.logDirtyEnabled());
    }

    @Test
    void shortWritesAreCompletedAndCounted() throws Exception {
        ScriptedDomain d1 = new ScriptedDomain(P, List.of(Set.of(3L)), Set.of(4L));
        ScriptedDomain d2 = new ScriptedDomain(P, List.of(Set.of(3L)), Set.of(4L));
        CapturingChannel whole = new CapturingChannel();
        CapturingChannel dribble = new CapturingChannel(1000, Long.MAX_VALUE);
        SaveResult a = new SaveEngine(d1, whole, SaveOptions.defaults()).save();
        SaveResult b = new SaveEngine(d2, dribble, SaveOptions.defaults()).save();
        assertEquals(0, a.shortWrites());
        assertTrue(b.shortWrites() > 1000, "short writes: " + b.shortWrites());
        assertEquals(a.bytesWritten(), b.bytesWritten());
        org.junit.jupiter.api.Assertions.assertArrayEquals(whole.toByteArray(), dribble.toByteArray());
    }
}
