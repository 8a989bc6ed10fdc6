package io.livemig.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.DomainException;
import io.livemig.policy.Decision;
import io.livemig.policy.PrecopyPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a host application hears of a save, call by call: a live save, a non-live one, one the
 * policy aborts and one that fails on a domain that will not resume. 2100 pfns in batches of 512:
 * progress after 1024 and 2048 pages of the first round.
 */
class SaveListenerTest {
    private static final long P = 2100;

    /** Each call as a line, and what it carried. */
    private static final class Recording implements SaveListener {
        final List<String> calls = new ArrayList<>();
        final List<PolicyConsultation> consultations = new ArrayList<>();
        final List<RoundStats> rounds = new ArrayList<>();
        Instant suspendedAt;
        SaveResult completed;
        SaveException failed;

        @Override
        public void consulted(PolicyConsultation c) {
            calls.add("consulted " + c.stats() + " " + c.decision() + " by " + c.decidedBy().word());
            consultations.add(c);
        }

        @Override
        public void roundStarted(int iteration, boolean live, long dirtyPages) {
            calls.add("roundStarted " + iteration + (live ? " live " : " suspended ") + dirtyPages);
        }

        @Override
        public void pagesSent(int iteration, long sentInRound, long dirtyPages) {
            calls.add("pagesSent " + iteration + " " + sentInRound + "/" + dirtyPages);
        }

        @Override
        public void roundFinished(RoundStats round) {
            calls.add("roundFinished " + round.iteration() + " " + round.entriesSent());
            rounds.add(round);
        }

        @Override
        public void suspended(Instant at) {
            calls.add("suspended");
            suspendedAt = at;
        }

        @Override
        public void completed(SaveResult result) {
            calls.add("completed");
            completed = result;
        }

        @Override
        public void failed(SaveException error) {
            calls.add("failed");
            failed = error;
        }
    }

    private static SaveEngine engine(ScriptedDomain d, boolean live, PrecopyPolicy policy, Recording listener) {
        return new SaveEngine(d, new CapturingChannel(),
                SaveOptions.builder().live(live).policy(policy).batchSize(512).listener(listener).build());
    }

    private static ScriptedDomain domain() {
        // the first fetch finds 10 dirty pages, the final one 5
        return new ScriptedDomain(P, List.of(ScriptedDomain.range(0, 10)), ScriptedDomain.range(100, 105));
    }

    @Test
    void aLiveSave() throws Exception {
        ScriptedDomain d = domain();
        Recording l = new Recording();
        SaveResult r = engine(d, true, PrecopyPolicy.xenDefault(), l).save();
        assertEquals(List.of(
                "consulted (iteration 0, totalWritten 0, dirtyCount 2100) CONTINUE_PRECOPY by policy",
                "roundStarted 1 live 2100",
                "pagesSent 1 1024/2100",
                "pagesSent 1 2048/2100",
                "roundFinished 1 2100",
                "consulted (iteration 1, totalWritten 2100, dirtyCount -1) CONTINUE_PRECOPY by policy",
                "consulted (iteration 1, totalWritten 2100, dirtyCount 10) STOP_AND_COPY by policy",
                "roundStarted 2 live 10",
                "roundFinished 2 10",
                "suspended",
                "roundStarted 3 suspended 5",
                "roundFinished 3 5",
                "completed"), l.calls);
        assertEquals(r.consultations(), l.consultations, "each consultation as the result keeps it");
        assertEquals(r.rounds(), l.rounds);
        assertEquals(r.suspendedAt(), l.suspendedAt);
        assertSame(r, l.completed, "the result the save returns");
    }

    @Test
    void aNonLiveSaveConsultsNoPolicy() throws Exception {
        ScriptedDomain d = domain();
        Recording l = new Recording();
        SaveResult r = engine(d, false, stats -> {
            throw new AssertionError("consulted");
        }, l).save();
        assertEquals(List.of(
                "suspended",
                "roundStarted 1 suspended 2100",
                "pagesSent 1 1024/2100",
                "pagesSent 1 2048/2100",
                "roundFinished 1 2100",
                "completed"), l.calls);
        assertSame(r, l.completed);
        assertEquals(r.rounds(), l.rounds);
    }

    @Test
    void anAbortedSave() {
        ScriptedDomain d = domain();
        Recording l = new Recording();
        PrecopyPolicy abortAfterOneRound = stats -> stats.iteration() >= 1 ? Decision.ABORT : Decision.CONTINUE_PRECOPY;
        SaveAbortedException e = assertThrows(SaveAbortedException.class, () -> engine(d, true, abortAfterOneRound, l).save());
        assertEquals(List.of(
                "consulted (iteration 0, totalWritten 0, dirtyCount 2100) CONTINUE_PRECOPY by policy",
                "roundStarted 1 live 2100",
                "pagesSent 1 1024/2100",
                "pagesSent 1 2048/2100",
                "roundFinished 1 2100",
                "consulted (iteration 1, totalWritten 2100, dirtyCount -1) ABORT by policy",
                "failed"), l.calls);
        assertSame(e, l.failed, "the exception the save throws");
        assertEquals(e.partialResult().consultations(), l.consultations);
        assertFalse(d.calls.contains("suspend"));
    }

    @Test
    void aDomainThatWillNotResumeAfterAFailureIsNamedInTheFailure() {
        ScriptedDomain d = domain();
        d.failOnMapCall = 0;
        d.resumeFailure = new DomainException("resume refused");
        Recording l = new Recording();
        SaveException e = assertThrows(SaveException.class, () -> engine(d, false, PrecopyPolicy.xenDefault(), l).save());
        assertInstanceOf(DomainException.class, e.getCause());
        assertTrue(e.getMessage().contains("injected mapping failure"), e.getMessage());
        assertArrayEquals(new Throwable[] {d.resumeFailure}, e.getSuppressed(), "the failure to resume travels with the save's");
        assertEquals(List.of("suspended", "roundStarted 1 suspended 2100", "failed"), l.calls);
        assertSame(e, l.failed);
        assertEquals(List.of("suspend", "off", "resume"), d.calls.subList(d.calls.size() - 3, d.calls.size()));
        assertTrue(d.isSuspended(), "it could not be resumed");
        assertFalse(d.logDirtyEnabled());
    }
}
