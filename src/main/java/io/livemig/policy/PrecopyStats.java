package io.livemig.policy;

/**
 * What the precopy policy is told at each consultation, passed by value (Xen's
 * {@code struct precopy_stats}).
 *
 * @param iteration    number of completed live rounds; 0 before the first send
 * @param totalWritten sum of the dirty counts of all rounds sent so far, in pages (the first
 *                     round counts every pfn, whether or not it carries data)
 * @param dirtyCount   pages dirty and about to be sent in the coming round, or {@link #UNKNOWN}
 *                     right after a round, before the dirty bitmap has been fetched again
 */
public record PrecopyStats(int iteration, long totalWritten, long dirtyCount) {

    /** {@link #dirtyCount()} when the bitmap has not been fetched since the last round. */
    public static final long UNKNOWN = -1;

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when {@code iteration} or {@code totalWritten} is negative, or
     *                                  {@code dirtyCount} is below -1
     */
    public PrecopyStats {
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration < 0: " + iteration);
        }
        if (totalWritten < 0) {
            throw new IllegalArgumentException("totalWritten < 0: " + totalWritten);
        }
        if (dirtyCount < UNKNOWN) {
            throw new IllegalArgumentException("dirtyCount < -1: " + dirtyCount);
        }
    }

    /**
     * True when the dirty count is known (the "before a round" consultation).
     *
     * @return whether {@code dirtyCount} is not {@link #UNKNOWN}
     */
    public boolean dirtyCountKnown() {
        return dirtyCount != UNKNOWN;
    }

    @Override
    public String toString() {
        return "(iteration " + iteration + ", totalWritten " + totalWritten + ", dirtyCount " + dirtyCount + ")";
    }
}
