package io.livemig.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.sim.SimDestination;
import io.livemig.backend.sim.SimDomain;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.policy.Decision;
import io.livemig.policy.PrecopyPolicy;
import java.io.ByteArrayInputStream;
import java.nio.channels.Channels;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No silent hole: a page the backend cannot map (DEFERRED) goes out as a hole, is retried in a
 * pass made with the domain suspended, and fails the save, naming its pfn, when it still cannot be
 * mapped there. The same for a live save (the final pass) and a non-live one (a second pass).
 */
class DeferredPagesTest {
    private static final long P = 1000;

    private static SaveOptions options(boolean live) {
        return SaveOptions.builder().live(live).policy(PrecopyPolicy.xenDefault()).build();
    }

    @ParameterizedTest(name = "live {0}")
    @ValueSource(booleans = {true, false})
    void aPageDeferredOnceIsSentInThePassMadeSuspended(boolean live) throws Exception {
        ScriptedDomain d = new ScriptedDomain(P, List.of(Set.of()), Set.of());
        d.deferrals.put(7L, 1);
        d.deferrals.put(900L, 1);
        SaveResult r = new SaveEngine(d, new CapturingChannel(), options(live)).save();

        RoundStats first = r.rounds().getFirst();
        assertEquals(2, first.deferred());
        assertEquals(P - 2, first.pagesSent());
        assertEquals(P, first.entriesSent());
        RoundStats last = r.rounds().getLast();
        assertFalse(last.live());
        assertEquals(2, last.iteration(), live ? "the final pass, after the one live round" : "the retry, after the first pass");
        assertEquals(2, last.dirtyPages());
        assertEquals(2, last.pagesSent());
        assertEquals(0, last.deferred());
        List<Long> mapped = d.mappedPerPass.getLast();
        assertEquals(List.of(7L, 900L), mapped.subList(mapped.size() - 2, mapped.size()));
        assertTrue(d.calls.contains("deviceState"));
    }

    @ParameterizedTest(name = "live {0}")
    @ValueSource(booleans = {true, false})
    void aPageThatStillCannotBeMappedSuspendedFailsTheSaveNamingIt(boolean live) {
        ScriptedDomain d = new ScriptedDomain(P, List.of(Set.of()), Set.of());
        d.deferrals.put(7L, 2);
        d.deferrals.put(900L, 2);
        d.deferrals.put(901L, 1);
        SaveException e = assertThrows(SaveException.class, () -> new SaveEngine(d, new CapturingChannel(), options(live)).save());

        assertFalse(e instanceof SaveAbortedException);
        assertTrue(e.getMessage().contains("2 pages could still not be mapped with the domain suspended: pfns 0x7, 0x384"),
                e.getMessage());
        assertEquals(3, e.partialResult().rounds().getFirst().deferred());
        assertEquals(2, e.partialResult().rounds().getLast().deferred());
        assertFalse(d.calls.contains("deviceState"), "no END after a hole");
        assertEquals(List.of("off", "resume"), d.calls.subList(d.calls.size() - 2, d.calls.size()));
        assertFalse(d.isSuspended());
        assertFalse(d.logDirtyEnabled());
    }

    /** The error names the first 16 pfns still deferred and says how many more there are, if any. */
    @ParameterizedTest(name = "live {0}")
    @ValueSource(booleans = {true, false})
    void theFailureNamesAtMost16Pfns(boolean live) {
        String first16 = "pfns 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73";
        ScriptedDomain sixteen = new ScriptedDomain(P, List.of(Set.of()), Set.of());
        for (long p = 100; p < 116; p++) {
            sixteen.deferrals.put(p, 2);
        }
        SaveException e16 = assertThrows(SaveException.class, () -> new SaveEngine(sixteen, new CapturingChannel(), options(live)).save());
        assertTrue(e16.getMessage().contains("16 pages could still not be mapped"), e16.getMessage());
        assertTrue(e16.getMessage().endsWith(": " + first16), e16.getMessage());

        ScriptedDomain twenty = new ScriptedDomain(P, List.of(Set.of()), Set.of());
        for (long p = 100; p < 120; p++) {
            twenty.deferrals.put(p, 2);
        }
        SaveException e20 = assertThrows(SaveException.class, () -> new SaveEngine(twenty, new CapturingChannel(), options(live)).save());
        assertTrue(e20.getMessage().contains("20 pages could still not be mapped"), e20.getMessage());
        assertTrue(e20.getMessage().endsWith(": " + first16 + " and 4 more"), e20.getMessage());
    }

    /** Through a simulated domain and a restore: the destination has every page, none left a hole. */
    @ParameterizedTest(name = "live {0}")
    @ValueSource(booleans = {true, false})
    void aSimulatedGuestWithDeferredPagesArrivesWhole(boolean live) throws Exception {
        try (SimDomain src = SimDomainConfig.builder().pages(4096).seed(3).prefill(true).deferred(1, 0, 5, 4095).create();
             SimDestination dst = SimDomainConfig.builder().pages(4096).createDestination()) {
            CapturingChannel stream = new CapturingChannel();
            SaveOptions options = SaveOptions.builder().live(live).policy(stats -> Decision.STOP_AND_COPY).build();
            SaveResult r = new SaveEngine(src, stream, options).save();
            assertEquals(3, r.rounds().getFirst().deferred());
            assertEquals(3, r.rounds().getLast().pagesSent());
            assertNotNull(new RestoreEngine(dst, true).restore(Channels.newChannel(new ByteArrayInputStream(stream.toByteArray()))));
            assertEquals(-1, dst.firstDifferentPfn(src));
            assertEquals(src.sourceDigest(), dst.destinationDigest());
        }
    }

    @ParameterizedTest(name = "live {0}")
    @ValueSource(booleans = {true, false})
    void aSimulatedGuestWhosePagesStayDeferredIsNotSaved(boolean live) {
        try (SimDomain src = SimDomainConfig.builder().pages(64).prefill(true).deferred(2, 9, 63).create()) {
            SaveOptions options = SaveOptions.builder().live(live).policy(stats -> Decision.STOP_AND_COPY).build();
            SaveException e = assertThrows(SaveException.class, () -> new SaveEngine(src, new CapturingChannel(), options).save());
            assertTrue(e.getMessage().contains("could still not be mapped with the domain suspended: pfns 0x9, 0x3f"), e.getMessage());
            assertFalse(src.isSuspended());
            assertFalse(src.logDirtyEnabled());
        }
    }
}
