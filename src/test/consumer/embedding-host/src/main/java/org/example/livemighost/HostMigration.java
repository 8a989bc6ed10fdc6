package org.example.livemighost;

import io.livemig.backend.sim.SimDestination;
import io.livemig.backend.sim.SimDomain;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.engine.RestoreEngine;
import io.livemig.engine.RestoreResult;
import io.livemig.engine.SaveEngine;
import io.livemig.engine.SaveOptions;
import io.livemig.engine.SaveResult;
import io.livemig.policy.PrecopyPolicy;
import io.livemig.engine.SaveListener;
import io.livemig.transport.FdChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Live-migrates a simulated guest whose writers keep dirtying it, over a pipe, into a simulated
 * destination restored by {@link RestoreEngine} on another thread; then compares the source's
 * memory at suspend with the destination's.
 */
public final class HostMigration {

    /** What a migration gave: both results and both digests. */
    public record Outcome(SaveResult save, RestoreResult restore, String sourceDigest, String destinationDigest) {
        public boolean digestsMatch() {
            return sourceDigest.equals(destinationDigest);
        }
    }

    private HostMigration() {
    }

    public static Outcome migrate(SimDomainConfig config, PrecopyPolicy policy, SaveListener listener) throws Exception {
        FdChannel[] pipe = FdChannel.pipe();
        try (SimDomain source = config.create();
             SimDestination destination = SimDomainConfig.builder().name("destination").pages(config.pageCount())
                     .createDestination();
             FdChannel readEnd = pipe[0];
             FdChannel writeEnd = pipe[1]) {
            CompletableFuture<RestoreResult> restored = CompletableFuture.supplyAsync(() -> {
                try {
                    return new RestoreEngine(destination, true).restore(readEnd);
                } catch (Exception e) {
                    throw new IllegalStateException("restore failed: " + e.getMessage(), e);
                }
            });
            SaveResult saved;
            try (writeEnd) {
                saved = new SaveEngine(source, writeEnd, SaveOptions.builder().policy(policy).listener(listener).build()).save();
            }
            RestoreResult restore;
            try {
                restore = restored.get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
            }
            // the source stays suspended after a save that completed: its memory is the memory at suspend
            return new Outcome(saved, restore, source.sourceDigest(), destination.destinationDigest());
        }
    }

    public static void main(String[] args) throws Exception {
        SimDomainConfig config = SimDomainConfig.builder().size(args.length > 0 ? args[0] : "64M").prefill(true)
                .workload("hotset:rate=20000").build();
        Outcome outcome = migrate(config, new RoundBudgetPolicy(8, 64), new RecordingListener());
        System.out.printf("%d live rounds, %d pages sent, downtime %d ms%n", outcome.save().liveRounds(),
                outcome.save().pagesSent(), outcome.save().downtime().toMillis());
        System.out.println(outcome.digestsMatch() ? "digests MATCH" : "digests DIFFER");
        System.exit(outcome.digestsMatch() ? 0 : 1);
    }
}
