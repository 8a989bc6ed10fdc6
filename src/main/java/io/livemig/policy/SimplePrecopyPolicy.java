package io.livemig.policy;

/**
 * Xen's built-in policy ({@code simple_precopy_policy} in xg_sr_save.c): stop and copy when the
 * known dirty count is below a target, or once the iteration cap is reached; otherwise continue.
 * It never aborts.
 *
 * @param maxIterations iteration at which precopy ends (Xen: 5)
 * @param dirtyTarget   stop when fewer pages than this are dirty (Xen: 50)
 */
public record SimplePrecopyPolicy(int maxIterations, long dirtyTarget) implements PrecopyPolicy {

    /** Xen's constants: at most 5 live rounds, stop below 50 dirty pages. */
    public static final SimplePrecopyPolicy XEN_DEFAULT = new SimplePrecopyPolicy(5, 50);

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when {@code maxIterations} or {@code dirtyTarget} is negative
     */
    public SimplePrecopyPolicy {
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations < 0: " + maxIterations);
        }
        if (dirtyTarget < 0) {
            throw new IllegalArgumentException("dirtyTarget < 0: " + dirtyTarget);
        }
    }

    @Override
    public Decision decide(PrecopyStats stats) {
        boolean fewDirty = stats.dirtyCount() >= 0 && stats.dirtyCount() < dirtyTarget;
        return fewDirty || stats.iteration() >= maxIterations ? Decision.STOP_AND_COPY : Decision.CONTINUE_PRECOPY;
    }
}
