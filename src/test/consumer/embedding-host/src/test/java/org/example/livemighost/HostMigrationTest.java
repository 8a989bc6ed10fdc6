package org.example.livemighost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.engine.PolicyConsultation;
import io.livemig.engine.RoundStats;
import io.livemig.engine.SaveAbortedException;
import io.livemig.engine.SaveException;
import io.livemig.policy.Decision;
import io.livemig.policy.PrecopyStats;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a host does with livemig, run on the module path against the installed artifact. */
class HostMigrationTest {

    @Test
    void livemigIsANamedModuleWithNativeAccess() {
        Module livemig = SimDomainConfig.class.getModule();
        assertTrue(livemig.isNamed(), "livemig is on the module path");
        assertEquals("io.livemig", livemig.getName());
        assertTrue(livemig.isNativeAccessEnabled(), "--enable-native-access=io.livemig");
        assertFalse(HostMigrationTest.class.getModule().isNativeAccessEnabled(), "the host itself has no native access");
        assertFalse(livemig.isExported("io.livemig.backend.xen.bindings"), "the generated bindings stay internal");
        assertFalse(livemig.isExported("io.livemig.cli"), "the command line is not API");
        assertTrue(ModuleLayer.boot().findModule("info.picocli").isEmpty(), "picocli is the CLI's alone: not here");
    }

    @Test
    void aBusyGuestMigratesOverAPipeWithTheHostsPolicyAndListener() throws Exception {
        for (long seed : new long[] {1, 2, 3}) {
            SimDomainConfig config = SimDomainConfig.builder().size("32M").prefill(true).seed(seed)
                    .workload("hotset:rate=20000").build();
            RoundBudgetPolicy policy = new RoundBudgetPolicy(4, 16);
            RecordingListener listener = new RecordingListener();

            HostMigration.Outcome outcome = HostMigration.migrate(config, policy, listener);

            assertTrue(outcome.digestsMatch(), "seed " + seed + ": the destination equals the source at suspend");
            assertEquals(outcome.save().pagesSent(), outcome.restore().pagesWritten(), "every page sent was restored");
            List<PrecopyStats> seen = policy.seen();
            assertEquals(new PrecopyStats(0, 0, config.pageCount()), seen.getFirst(), "Xen's first consultation");
            assertTrue(seen.size() >= 2 && seen.get(1).dirtyCount() == -1, "the 'after' consultation: dirtyCount unknown");
            List<RoundStats> rounds = listener.rounds();
            assertEquals(outcome.save().rounds(), rounds, "the listener heard every round");
            assertFalse(rounds.getLast().live(), "the last round ran suspended");
            assertNotNull(listener.suspendedAt());
            assertEquals(outcome.save(), listener.completed());
        }
    }

    @Test
    void anAbortingPolicyLeavesNoHalfResult() throws Exception {
        SimDomainConfig config = SimDomainConfig.builder().size("16M").workload("uniform:rate=20000").build();
        SaveException e = assertThrows(SaveException.class,
                () -> HostMigration.migrate(config, stats -> stats.iteration() >= 2 ? Decision.ABORT : Decision.CONTINUE_PRECOPY,
                        new RecordingListener()));
        SaveAbortedException aborted = assertInstanceOfAborted(e);
        assertEquals(PolicyConsultation.DecidedBy.POLICY, aborted.decidedBy());
    }

    private static SaveAbortedException assertInstanceOfAborted(SaveException e) {
        assertTrue(e instanceof SaveAbortedException, () -> "aborted, not " + e);
        return (SaveAbortedException) e;
    }
}
