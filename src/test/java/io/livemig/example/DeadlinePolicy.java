package io.livemig.example;

import io.livemig.policy.Decision;
import io.livemig.policy.PrecopyPolicy;
import io.livemig.policy.PrecopyStats;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Xen's rule, but precopy never runs longer than a budget: then stop and copy what is left. */
public final class DeadlinePolicy implements PrecopyPolicy {
    private final PrecopyPolicy xen = PrecopyPolicy.xenDefault();
    private final Clock clock;
    private final Duration budget;
    private Instant deadline;

    public DeadlinePolicy(Duration budget, Clock clock) {
        this.budget = budget;
        this.clock = clock;
    }

    @Override
    public Decision decide(PrecopyStats stats) {
        if (deadline == null) {
            deadline = clock.instant().plus(budget); // first consultation: the save has started
        }
        if (!clock.instant().isBefore(deadline)) {
            return Decision.STOP_AND_COPY;
        }
        return xen.decide(stats);
    }
}
