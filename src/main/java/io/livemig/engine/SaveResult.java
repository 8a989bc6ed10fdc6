package io.livemig.engine;

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
 * @param consultations  every policy consultation, in order: what it was shown, answered, and who answered
 * @param bytesWritten   stream bytes written
 * @param records        libxc records written
 * @param writeCalls     write calls on the channel
 * @param shortWrites    writes that the channel took only part of (and that were completed)
 * @param started        when the save started
 * @param suspendedAt    when the domain was suspended, or null
 * @param endWrittenAt   when the END record had been written, or null
 * @param maxBandwidth   the limit on rounds sent while the guest runs, bytes per second, 0 for none
 * @param maxBandwidthSuspended the limit on rounds sent while it is suspended, bytes per second, 0 for none
 */
public record SaveResult(String domainName, long pfnCount, boolean live, List<RoundStats> rounds,
                         List<PolicyConsultation> consultations, long bytesWritten, long records,
                         long writeCalls, long shortWrites, Instant started, Instant suspendedAt,
                         Instant endWrittenAt, long maxBandwidth, long maxBandwidthSuspended) {

    /** Copies the lists. */
    public SaveResult {
        rounds = List.copyOf(rounds);
        consultations = List.copyOf(consultations);
    }

    /**
     * Live precopy rounds (the final pass not counted).
     *
     * @return the number of rounds sent while the domain ran
     */
    public int liveRounds() {
        return (int) rounds.stream().filter(RoundStats::live).count();
    }

    /**
     * Pages of data sent, over every pass (the verify pass included).
     *
     * @return the sum of {@link RoundStats#pagesSent()}
     */
    public long pagesSent() {
        return rounds.stream().mapToLong(RoundStats::pagesSent).sum();
    }

    /**
     * From the start to END written, or to now when the save did not finish.
     *
     * @return the save's duration so far
     */
    public Duration totalTime() {
        return Duration.between(started, endWrittenAt != null ? endWrittenAt : Instant.now());
    }

    /**
     * From suspend to END written, as the sender sees it (the receiver adds the last bytes in flight).
     *
     * @return the downtime, or zero when the domain was not suspended or END was not written
     */
    public Duration downtime() {
        if (suspendedAt == null || endWrittenAt == null) {
            return Duration.ZERO;
        }
        return Duration.between(suspendedAt, endWrittenAt);
    }
}
