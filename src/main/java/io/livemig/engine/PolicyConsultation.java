package io.livemig.engine;

import io.livemig.policy.Decision;
import io.livemig.policy.PrecopyStats;

/** What the policy was shown and what it answered. */
public record PolicyConsultation(PrecopyStats stats, Decision decision) {
}
