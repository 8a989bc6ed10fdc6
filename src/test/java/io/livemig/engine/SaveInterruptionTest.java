package io.livemig.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.engine.PolicyConsultation.DecidedBy;
import io.livemig.policy.Decision;
import io.livemig.policy.PrecopyControl;
import io.livemig.policy.PrecopyPolicy;
import io.livemig.policy.PrecopyStats;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Who ends a save, and where: the policy's ABORT and the operator's are told apart in the result
 * and the exception; an interruption stops a round between two batches (live or suspended), and
 * the domain then runs again with log-dirty off.
 */
class SaveInterruptionTest {
    private static final long P = 4096;
    private static final int BATCH = 64;

    private static SaveResult save(ScriptedDomain d, PrecopyPolicy policy, PrecopyControl control, SaveListener listener)
            throws SaveException {
        SaveOptions.Builder b = SaveOptions.builder().policy(policy).batchSize(BATCH).control(control);
        if (listener != null) {
            b.listener(listener);
        }
        return new SaveEngine(d, new CapturingChannel(), b.build()).save();
    }

    private static ScriptedDomain domain() {
        return new ScriptedDomain(P, List.of(ScriptedDomain.range(0, 1000), ScriptedDomain.range(0, 10)),
                ScriptedDomain.range(0, 2000));
    }

    private static void assertRunningWithLogDirtyOff(ScriptedDomain d) {
        assertFalse(d.isSuspended(), "the domain runs again");
        assertFalse(d.logDirtyEnabled(), "log-dirty is off");
    }

    @Test
    void anInterruptionStopsALiveRoundBetweenTwoBatches() {
        ScriptedDomain d = domain();
        PrecopyControl control = new PrecopyControl();
        SaveListener interrupter = new SaveListener() {
            @Override
            public void pagesSent(int iteration, long sentInRound, long dirtyPages) {
                control.interrupt("SIGINT"); // after the first 1024 pages of round 1
            }
        };
        SaveAbortedException e = assertThrows(SaveAbortedException.class,
                () -> save(d, PrecopyPolicy.xenDefault(), control, interrupter));
        assertEquals(DecidedBy.OPERATOR, e.decidedBy());
        assertEquals("SIGINT", e.reason());
        assertEquals("interrupted (SIGINT) in round 1 after 1024 of 4096 pages", e.getMessage());
        RoundStats partial = e.partialResult().rounds().getLast();
        assertEquals(1, partial.iteration());
        assertTrue(partial.live());
        assertEquals(1024, partial.pagesSent(), "the round ends at the batch boundary after the request");
        assertEquals(1024 / BATCH, partial.records());
        assertRunningWithLogDirtyOff(d);
        assertFalse(d.calls.contains("suspend"), "a live round's interruption never suspends: " + d.calls);
    }

    @Test
    void anInterruptionInTheSuspendedRoundResumesTheDomain() {
        ScriptedDomain d = domain();
        PrecopyControl control = new PrecopyControl();
        SaveListener interrupter = new SaveListener() {
            @Override
            public void suspended(Instant at) {
                control.interrupt("SIGTERM");
            }
        };
        SaveAbortedException e = assertThrows(SaveAbortedException.class,
                () -> save(d, PrecopyPolicy.xenDefault(), control, interrupter));
        assertEquals(DecidedBy.OPERATOR, e.decidedBy());
        assertTrue(e.getMessage().startsWith("interrupted (SIGTERM) in round "), e.getMessage());
        assertTrue(e.getMessage().contains(" (suspended) after 0 of "), e.getMessage());
        RoundStats last = e.partialResult().rounds().getLast();
        assertFalse(last.live());
        assertEquals(0, last.pagesSent());
        assertTrue(d.calls.contains("suspend"), d.calls::toString);
        assertRunningWithLogDirtyOff(d);
    }

    @Test
    void anInterruptionBeforeTheFirstConsultationAbortsThereAsTheOperator() {
        ScriptedDomain d = domain();
        PrecopyControl control = new PrecopyControl();
        control.interrupt("SIGINT");
        control.requestStopAndCopy("later request"); // an interruption cannot be undone
        SaveAbortedException e = assertThrows(SaveAbortedException.class,
                () -> save(d, PrecopyPolicy.xenDefault(), control, null));
        PolicyConsultation only = e.partialResult().consultations().getFirst();
        assertEquals(List.of(only), e.partialResult().consultations());
        assertEquals(new PrecopyStats(0, 0, P), only.stats());
        assertEquals(Decision.ABORT, only.decision());
        assertEquals(DecidedBy.OPERATOR, only.decidedBy());
        assertEquals("SIGINT", only.reason());
        assertTrue(e.getMessage().startsWith("Abort precopy loop: the operator aborted (SIGINT) at iteration 0"), e.getMessage());
        assertTrue(e.partialResult().rounds().isEmpty(), "nothing was sent");
        assertRunningWithLogDirtyOff(d);
    }

    @Test
    void theOperatorsAbortAndThePolicysAreToldApart() {
        ScriptedDomain byOperator = domain();
        PrecopyControl control = new PrecopyControl();
        SaveListener operator = new SaveListener() {
            @Override
            public void roundFinished(RoundStats round) {
                control.requestAbort("livemig control abort");
            }
        };
        SaveAbortedException o = assertThrows(SaveAbortedException.class,
                () -> save(byOperator, PrecopyPolicy.xenDefault(), control, operator));
        assertEquals(DecidedBy.OPERATOR, o.decidedBy());
        assertEquals("Abort precopy loop: the operator aborted (livemig control abort) at iteration 1 (dirty count unknown,"
                + " 4096 written)", o.getMessage());
        List<PolicyConsultation> cs = o.partialResult().consultations();
        assertEquals(List.of(DecidedBy.POLICY, DecidedBy.OPERATOR), cs.stream().map(PolicyConsultation::decidedBy).toList());
        assertRunningWithLogDirtyOff(byOperator);

        ScriptedDomain byPolicy = domain();
        SaveAbortedException p = assertThrows(SaveAbortedException.class,
                () -> save(byPolicy, s -> s.iteration() == 1 ? Decision.ABORT : Decision.CONTINUE_PRECOPY, new PrecopyControl(), null));
        assertEquals(DecidedBy.POLICY, p.decidedBy());
        assertEquals(null, p.reason());
        assertEquals("Abort precopy loop: the policy answered ABORT at iteration 1 (dirty count unknown, 4096 written)",
                p.getMessage());
        assertEquals(DecidedBy.POLICY, p.partialResult().consultations().getLast().decidedBy());
        assertRunningWithLogDirtyOff(byPolicy);
    }

    @Test
    void anOperatorsStopIsRecordedAsTheOperators() throws Exception {
        ScriptedDomain d = new ScriptedDomain(P, List.of(ScriptedDomain.range(0, 1000)), Set.of());
        PrecopyControl control = new PrecopyControl();
        control.requestStopAndCopy("livemig control stop");
        SaveResult r = save(d, PrecopyPolicy.xenDefault(), control, null);
        PolicyConsultation first = r.consultations().getFirst();
        assertEquals(Decision.STOP_AND_COPY, first.decision());
        assertEquals(DecidedBy.OPERATOR, first.decidedBy());
        assertEquals("livemig control stop", first.reason());
    }
}
