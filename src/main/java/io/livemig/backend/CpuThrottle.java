package io.livemig.backend;

/**
 * A source domain's vCPUs slowed down on purpose, so that a guest dirtying memory faster than the
 * link carries it can converge (QEMU's auto-converge, a CPU cap in Xen's credit schedulers). The
 * throttle is a percentage of the CPU time the guest would otherwise get that is taken away: 0
 * leaves the guest as it was configured, 99 lets it run 1 % of that time.
 *
 * <p>Obtained from {@link SourceDomain#openCpuThrottle()}, which remembers the domain's own
 * setting (Xen: its scheduler cap); {@link #restore()} puts that setting back. The engine calls
 * {@link #restore()} on every way out of a save (success, failure, ABORT, interruption), so that a
 * source that stays runs as it did before. Called from the saving thread only.
 */
public interface CpuThrottle {
    /** The highest throttle: the guest keeps at least 1 % of its CPU time. */
    int MAX_PERCENT = 99;

    /**
     * The throttle now in force, 0..{@value #MAX_PERCENT}.
     *
     * @return the percentage of the guest's CPU time taken away
     */
    int percent();

    /**
     * Takes {@code percent} % of its CPU time from the guest from now on; 0 puts the domain's own
     * setting back.
     *
     * @param percent the percentage of CPU time to take away, 0..{@value #MAX_PERCENT}
     * @throws IllegalArgumentException outside 0..{@value #MAX_PERCENT}
     * @throws DomainException          when the domain refuses it
     */
    void set(int percent);

    /** Puts back the setting the domain had when this throttle was opened; harmless when already done. */
    void restore();

    /**
     * What the throttle acts on, for logs and errors ("credit2 cap of domid 5, originally 0 (none), 2 vCPUs").
     *
     * @return one line naming the mechanism, the domain and its original setting
     */
    String describe();

    /**
     * Checks a throttle percentage.
     *
     * @param percent the percentage to check
     * @return {@code percent}, unchanged
     * @throws IllegalArgumentException outside 0..{@value #MAX_PERCENT}
     */
    static int checkPercent(int percent) {
        if (percent < 0 || percent > MAX_PERCENT) {
            throw new IllegalArgumentException("CPU throttle must be 0.." + MAX_PERCENT + " %, not " + percent);
        }
        return percent;
    }
}
