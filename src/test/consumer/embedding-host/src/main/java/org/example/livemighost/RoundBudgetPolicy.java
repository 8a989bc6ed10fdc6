package org.example.livemighost;

import io.livemig.policy.Decision;
import io.livemig.policy.PrecopyPolicy;
import io.livemig.policy.PrecopyStats;
import java.util.ArrayList;
import java.util.List;

/**
 * A host's own policy: stop and copy once a round leaves fewer than {@code dirtyThreshold} pages or
 * after {@code maxRounds} rounds, whichever comes first. It keeps every consultation it saw.
 */
public final class RoundBudgetPolicy implements PrecopyPolicy {
    private final int maxRounds;
    private final long dirtyThreshold;
    private final List<PrecopyStats> seen = new ArrayList<>();

    public RoundBudgetPolicy(int maxRounds, long dirtyThreshold) {
        this.maxRounds = maxRounds;
        this.dirtyThreshold = dirtyThreshold;
    }

    @Override
    public Decision decide(PrecopyStats stats) {
        seen.add(stats);
        if (stats.dirtyCount() >= 0 && stats.dirtyCount() < dirtyThreshold) {
            return Decision.STOP_AND_COPY;
        }
        return stats.iteration() >= maxRounds ? Decision.STOP_AND_COPY : Decision.CONTINUE_PRECOPY;
    }

    /** Every consultation, in order. */
    public List<PrecopyStats> seen() {
        return List.copyOf(seen);
    }
}
