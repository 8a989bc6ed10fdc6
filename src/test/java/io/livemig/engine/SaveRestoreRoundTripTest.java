package io.livemig.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.sim.SimDestination;
import io.livemig.backend.sim.SimDomain;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.backend.sim.Workload;
import io.livemig.policy.Decision;
import io.livemig.policy.PrecopyPolicy;
import io.livemig.policy.PrecopyStats;
import io.livemig.policy.SimplePrecopyPolicy;
import io.livemig.stream.StreamFormatException;
import io.livemig.transport.Endpoint;
import io.livemig.transport.SourceOptions;
import io.livemig.transport.StreamSource;
import io.livemig.transport.StreamTarget;
import io.livemig.transport.TargetOptions;
import io.livemig.testing.Await;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Save a simulated guest while its writers run, restore the stream into a second simulated
 * domain, and compare: the destination must equal the source at suspend, page for page, with the
 * same device state. Every decision path, over a file, a pipe and TCP, with many seeds.
 */
class SaveRestoreRoundTripTest {
    private static final long PAGES = 4096; // 16 MiB

    @TempDir
    Path tmp;

    enum Transport { FILE, PIPE, TCP }

    /** A decision path: the workload that leads there, the policy, and what must have happened. */
    enum Path_ {
        /** A quiet guest: Xen's policy stops on a small dirty count before the iteration cap. */
        STOP_ON_DIRTY_COUNT("uniform:rate=20", PrecopyPolicy.xenDefault(), 10),
        /** A guest that writes faster than the rounds shrink: Xen's policy stops at iteration 5. */
        STOP_ON_ITERATION_CAP("uniform:rate=max", PrecopyPolicy.xenDefault(), 100),
        /** A hot set with a custom policy: more rounds than Xen, stop on bytes sent. */
        CUSTOM_POLICY("hotset:rate=100000", stats -> stats.iteration() >= 8 || stats.totalWritten() > 3 * PAGES
                ? Decision.STOP_AND_COPY : Decision.CONTINUE_PRECOPY, 0),
        /** A sweep, with a policy configured like an operator would. */
        SWEEP_CONFIGURED("sweep:rate=200000", new SimplePrecopyPolicy(3, 10), 0);

        final String workload;
        final PrecopyPolicy policy;
        /**
         * Pages the test itself writes after each live round, besides the concurrent writers: on a
         * loaded 2-core machine a writer thread can miss a whole short round, and the path under
         * test must not depend on the scheduler.
         */
        final int pagesWrittenPerRound;

        Path_(String workload, PrecopyPolicy policy, int pagesWrittenPerRound) {
            this.workload = workload;
            this.policy = policy;
            this.pagesWrittenPerRound = pagesWrittenPerRound;
        }
    }

    static Stream<Arguments> completingMigrations() {
        return Stream.of(Transport.values()).flatMap(t -> Stream.of(Path_.values())
                .flatMap(p -> Stream.of(1L, 2L, 3L, 42L).map(seed -> Arguments.of(t, p, seed))));
    }

    private static SimDomain source(String workload, long seed) {
        Workload w = Workload.parse(workload.equals("idle") ? workload : workload + ",seed=" + seed);
        return SimDomainConfig.builder().name("source").pages(PAGES).seed(seed).prefill(true).workload(w).create();
    }

    private static SimDestination destination() {
        return SimDomainConfig.builder().name("destination").pages(PAGES).createDestination();
    }

    @ParameterizedTest(name = "{0} {1} seed {2}")
    @MethodSource("completingMigrations")
    void destinationEqualsSourceAtSuspend(Transport transport, Path_ path, long seed) throws Exception {
        try (SimDomain src = source(path.workload, seed); SimDestination dst = destination()) {
            awaitWrites(src, path);
            SaveOptions options = SaveOptions.builder().policy(path.policy).batchSize(seed == 3 ? 100 : 1024)
                    .libxlFraming(seed == 2).listener(dirtier(src, path.pagesWrittenPerRound, seed)).build();
            Outcome o = migrate(transport, src, dst, options);
            SaveResult saved = o.saved();
            assertNotNull(saved, "save failed: " + o.saveError());
            assertNotNull(o.restored(), "restore failed: " + o.restoreError());

            assertTrue(src.isSuspended(), "the source stays suspended after a save");
            assertFalse(src.logDirtyEnabled());
            assertEquals(-1, dst.firstDifferentPfn(src), "first differing pfn");
            assertEquals(src.sourceDigest(), dst.destinationDigest());
            assertEquals(PAGES, dst.populatedPageCount());
            assertTrue(dst.isComplete());
            assertArrayEquals(src.deviceState().hvmContext(), dst.appliedDeviceState().hvmContext());
            assertEquals(src.deviceState().tsc(), dst.appliedDeviceState().tsc());
            assertEquals(src.deviceState().hvmParams(), dst.appliedDeviceState().hvmParams());
            assertArrayEquals(src.staticState().cpuidPolicy(), dst.appliedStaticState().cpuidPolicy());
            assertEquals(saved.pagesSent(), o.restored().pagesWritten());

            List<PolicyConsultation> seen = saved.consultations();
            PrecopyStats last = seen.getLast().stats();
            assertEquals(Decision.STOP_AND_COPY, seen.getLast().decision());
            switch (path) {
                case STOP_ON_DIRTY_COUNT -> {
                    assertTrue(last.dirtyCount() >= 0 && last.dirtyCount() < 50 && last.iteration() < 5, "stopped at " + last);
                }
                case STOP_ON_ITERATION_CAP -> {
                    assertEquals(5, last.iteration(), "stopped at " + last);
                    assertEquals(5, saved.liveRounds());
                }
                case CUSTOM_POLICY -> assertTrue(last.iteration() >= 8 || last.totalWritten() > 3 * PAGES, "stopped at " + last);
                case SWEEP_CONFIGURED -> assertTrue(last.iteration() == 3 || last.dirtyCount() < 10, "stopped at " + last);
            }
        }
    }

    static Stream<Arguments> abortingMigrations() {
        PrecopyPolicy beforeRound = stats -> stats.iteration() == 2 && stats.dirtyCountKnown() ? Decision.ABORT : Decision.CONTINUE_PRECOPY;
        PrecopyPolicy afterRound = stats -> stats.iteration() == 1 && !stats.dirtyCountKnown() ? Decision.ABORT : Decision.CONTINUE_PRECOPY;
        PrecopyPolicy atOnce = stats -> Decision.ABORT;
        return Stream.of(Transport.values()).flatMap(t -> Stream.of(
                Arguments.of(t, "before the third round", beforeRound, 2),
                Arguments.of(t, "after the first round", afterRound, 1),
                Arguments.of(t, "before any round", atOnce, 0)));
    }

    @ParameterizedTest(name = "{0} ABORT {1}")
    @MethodSource("abortingMigrations")
    void abortLeavesTheSourceRunningAndTheDestinationIncomplete(Transport transport, String when, PrecopyPolicy policy,
                                                                int roundsSent) throws Exception {
        try (SimDomain src = source("uniform:rate=50000", 7); SimDestination dst = destination()) {
            awaitWrites(src, Path_.STOP_ON_DIRTY_COUNT);
            // the dirtier makes sure the round after the first one has pages to send
            Outcome o = migrate(transport, src, dst, SaveOptions.builder().policy(policy).listener(dirtier(src, 20, 7)).build());
            SaveAbortedException e = assertInstanceOf(SaveAbortedException.class, o.saveError());
            assertTrue(e.getMessage().startsWith("Abort precopy loop"), e.getMessage());
            assertEquals(roundsSent, e.partialResult().rounds().size());
            assertFalse(src.isSuspended(), "the source runs again");
            assertFalse(src.logDirtyEnabled(), "log-dirty is off");
            long writes = src.writeCount();
            Await.until(() -> src.writeCount() > writes, "the source's writers run again");
            assertInstanceOf(StreamFormatException.class, o.restoreError(), "restore error: " + o.restoreError());
            assertFalse(dst.isComplete(), "an aborted stream never completes the destination");
        }
    }

    // ---------------------------------------------------------------- plumbing

    /** Writes {@code pages} distinct pages of the running source after each live round. */
    private static SaveListener dirtier(SimDomain src, int pages, long seed) {
        java.util.Random random = new java.util.Random(seed);
        return new SaveListener() {
            @Override
            public void roundFinished(RoundStats round) {
                if (!round.live()) {
                    return;
                }
                long first = random.nextLong(PAGES - pages);
                for (int i = 0; i < pages; i++) {
                    src.write(first + i, 8 * random.nextInt(512), random.nextLong() | 1);
                }
            }
        };
    }

    record Outcome(SaveResult saved, Throwable saveError, RestoreResult restored, Throwable restoreError) {
    }

    private Outcome migrate(Transport transport, SimDomain src, SimDestination dst, SaveOptions options) throws Exception {
        return switch (transport) {
            case FILE -> {
                Path file = tmp.resolve("stream");
                SaveResult saved = null;
                Throwable saveError = null;
                try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    saved = new SaveEngine(src, out, options).save();
                } catch (SaveException e) {
                    saveError = e;
                }
                RestoreResult restored = null;
                Throwable restoreError = null;
                try (FileChannel in = FileChannel.open(file)) {
                    restored = new RestoreEngine(dst, true).restore(in);
                } catch (IOException e) {
                    restoreError = e;
                }
                yield new Outcome(saved, saveError, restored, restoreError);
            }
            case PIPE -> {
                Pipe pipe = Pipe.open();
                CompletableFuture<Object> receiving = CompletableFuture.supplyAsync(() -> {
                    try (Pipe.SourceChannel in = pipe.source()) {
                        return new RestoreEngine(dst, true).restore(in);
                    } catch (IOException e) {
                        return e;
                    }
                });
                yield finish(receiving, () -> {
                    try (Pipe.SinkChannel out = pipe.sink()) {
                        return new SaveEngine(src, out, options).save();
                    }
                });
            }
            case TCP -> {
                StreamSource listener = StreamSource.open(Endpoint.parse("tcp:127.0.0.1:0"), SourceOptions.defaults());
                int port = listener.listeningEndpoint().orElseThrow().port();
                CompletableFuture<Object> receiving = CompletableFuture.supplyAsync(() -> {
                    try (listener) {
                        return new RestoreEngine(dst, false).restore(listener.channel());
                    } catch (IOException e) {
                        return e;
                    }
                });
                yield finish(receiving, () -> {
                    try (StreamTarget out = StreamTarget.open(Endpoint.parse("tcp:127.0.0.1:" + port), TargetOptions.defaults())) {
                        return new SaveEngine(src, out.channel(), options).save();
                    }
                });
            }
        };
    }

    interface Save {
        SaveResult run() throws SaveException, IOException;
    }

    private static Outcome finish(CompletableFuture<Object> receiving, Save save) throws InterruptedException {
        SaveResult saved = null;
        Throwable saveError = null;
        try {
            saved = save.run();
        } catch (SaveException | IOException e) {
            saveError = e;
        }
        Object r;
        try {
            r = receiving.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            r = e;
        }
        return r instanceof RestoreResult rr ? new Outcome(saved, saveError, rr, null)
                : new Outcome(saved, saveError, null, (Throwable) r);
    }

    /** Lets the writers get going, so the first round races with real writes. */
    private static void awaitWrites(SimDomain src, Path_ path) {
        Await.until(() -> src.writeCount() > 50, "the writers of " + path.workload + " start");
    }
}
