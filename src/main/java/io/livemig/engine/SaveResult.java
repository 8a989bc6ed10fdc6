package io.livemig.engine;

import io.livemig.policy.PrecopyMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a save did: its rounds, what the policy saw, bytes and times. Complete for a successful
 * save; for a failed one (see {@link SaveException#partialResult()}) it covers what happened
 * before the failure.
 *
 * @param domainName     the source domain
 * @param pfnCount       the domain's p2m size
 * @param live           whether precopy rounds ran
 * @param rounds         every pass over the bitmap, the final suspended one last
 * @param consultations  every policy consultation, in order
 * @param bytesWritten   stream bytes written
 * @param records        libxc records written
 * @param writeCalls     write calls on the channel
 * @param shortWrites    writes that the channel took only part of (and that were completed)
 * @param started        when the save started
 * @param suspendedAt    when the domain was suspended, or null
 * @param endWrittenAt   when the END record had been written, or null
 * @param metrics        the measurements shown to the policy, one per consultation, in the same order
 * @param maxBandwidth   the send loop's configured maximum in bytes per second, 0 for none
 */
public record SaveResult(String domainName, long pfnCount, boolean live, List<RoundStats> rounds,
                         List<PolicyConsultation> consultations, long bytesWritten, long records,
                         long writeCalls, long shortWrites, Instant started, Instant suspendedAt,
                         Instant endWrittenAt, List<PrecopyMetrics> metrics, long maxBandwidth) {

    public SaveResult {
        rounds = List.copyOf(rounds);
        consultations = List.copyOf(consultations);
        metrics = List.copyOf(metrics);
        if (!metrics.isEmpty() && metrics.size() != consultations.size()) {
            throw new IllegalArgumentException(metrics.size() + " metrics for " + consultations.size() + " consultations");
        }
    }

    /** A result without measurements (as before they existed). */
    public SaveResult(String domainName, long pfnCount, boolean live, List<RoundStats> rounds,
                      List<PolicyConsultation> consultations, long bytesWritten, long records, long writeCalls,
                      long shortWrites, Instant started, Instant suspendedAt, Instant endWrittenAt) {
        this(domainName, pfnCount, live, rounds, consultations, bytesWritten, records, writeCalls, shortWrites, started,
                suspendedAt, endWrittenAt, List.of(), 0);
    }

    /** Live precopy rounds (the final pass not counted). */
    public int liveRounds() {
        return (int) rounds.stream().filter(RoundStats::live).count();
    }

    public long pagesSent() {
        return rounds.stream().mapToLong(RoundStats::pagesSent).sum();
    }

    /** From the start to END written, or to now when the save did not finish. */
    public Duration totalTime() {
        return Duration.between(started, endWrittenAt != null ? endWrittenAt : Instant.now());
    }

    /** From suspend to END written, as the sender sees it (the receiver adds the last bytes in flight). */
    public Duration downtime() {
        if (suspendedAt == null || endWrittenAt == null) {
            return Duration.ZERO;
        }
        return Duration.between(suspendedAt, endWrittenAt);
    }
}
