package io.livemig.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * A wall-clock budget for precopy: once the save has run for {@code budget} (the engine's
 * clock, {@link PrecopyMetrics#elapsedNanos()}), end it with {@code atExpiry}: stop and copy
 * whatever is left (Cloud Hypervisor's switch-over after its timeout) or abort and leave the guest
 * running where it is (OpenStack's and Cloud Hypervisor's cancel). Until then it continues.
 *
 * @param budget   how long precopy may run
 * @param atExpiry {@link Decision#STOP_AND_COPY} or {@link Decision#ABORT}
 */
public record DeadlinePolicy(Duration budget, Decision atExpiry) implements MeasuredPrecopyPolicy {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when {@code budget} is negative or {@code atExpiry} is
     *                                  {@link Decision#CONTINUE_PRECOPY}
     */
    public DeadlinePolicy {
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(atExpiry, "atExpiry");
        if (budget.isNegative()) {
            throw new IllegalArgumentException("deadline < 0: " + budget);
        }
        if (atExpiry == Decision.CONTINUE_PRECOPY) {
            throw new IllegalArgumentException("a deadline ends precopy: STOP_AND_COPY or ABORT, not CONTINUE_PRECOPY");
        }
    }

    @Override
    public Decision decide(PrecopyStats stats, PrecopyMetrics metrics) {
        return metrics.elapsedNanos() >= budget.toNanos() ? atExpiry : Decision.CONTINUE_PRECOPY;
    }
}
