package org.example.livemighost;

import io.livemig.engine.RoundStats;
import io.livemig.engine.SaveListener;
import io.livemig.engine.SaveResult;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A host's listener: it prints each round and keeps what it heard. */
public final class RecordingListener implements SaveListener {
    private final List<RoundStats> rounds = new CopyOnWriteArrayList<>();
    private volatile Instant suspendedAt;
    private volatile SaveResult completed;

    @Override
    public void roundFinished(RoundStats round) {
        rounds.add(round);
        System.out.printf("round %d (%s): %d pages in %d ms%n", round.iteration(), round.live() ? "live" : "suspended",
                round.pagesSent(), round.nanos() / 1_000_000);
    }

    @Override
    public void suspended(Instant at) {
        suspendedAt = at;
    }

    @Override
    public void completed(SaveResult result) {
        completed = result;
    }

    public List<RoundStats> rounds() {
        return List.copyOf(rounds);
    }

    public Instant suspendedAt() {
        return suspendedAt;
    }

    public SaveResult completed() {
        return completed;
    }
}
