package io.livemig.policy;


/**
 * What the engine measured, handed to the policy by value beside Xen's three fields
 * ({@link PrecopyStats}) at every consultation. Times come from the engine's clock (injectable,
 * so tests are deterministic); a policy needs no clock of its own.
 *
 * <p>Unknown values are {@link #UNKNOWN} (-1): rates before anything was measured, the remaining
 * pages before the first fetch of the dirty bitmap, and so on. Policies treat an unknown value as
 * "not yet": a rule that needs it does not fire.
 *
 * @param elapsedNanos        since the save started
 * @param roundNanos          duration of the last live round sent, 0 before any
 * @param roundBytes          stream bytes of that round, 0 before any
 * @param previousRoundNanos  duration of the round before it, 0 when there is none
 * @param previousRoundBytes  stream bytes of the round before it, 0 when there is none
 * @param roundBandwidth      bytes per second of the last round, or UNKNOWN
 * @param windowBandwidth     bytes per second over the most recent sending time (about a second,
 *                            across round boundaries), or UNKNOWN
 * @param dirtyRate           pages per second the guest dirtied between the last two fetches of
 *                            the dirty bitmap (pages counted once however often written), or UNKNOWN
 * @param remainingPages      pages that stopping now would leave for the suspended pass: the
 *                            dirty count when it is known, otherwise the dirty rate times the time
 *                            since the last fetch (at most every pfn), or UNKNOWN
 * @param bandwidthLimit      the send loop's configured maximum, bytes per second, 0 for none
 * @param downtimeTargetNanos a downtime target set by the operator while the save runs (see
 *                            {@link PrecopyControl}), which replaces the targets of downtime
 *                            policies, or UNKNOWN when none was set
 */
public record PrecopyMetrics(long elapsedNanos, long roundNanos, long roundBytes, long previousRoundNanos,
                             long previousRoundBytes, double roundBandwidth, double windowBandwidth,
                             double dirtyRate, long remainingPages, long bandwidthLimit, long downtimeTargetNanos) {

    /** A value not measured (yet). */
    public static final long UNKNOWN = -1;
    /** Stream bytes one page costs: its 4096 bytes and its 8-byte PAGE_DATA entry. */
    public static final int STREAM_BYTES_PER_PAGE = 4096 + 8;

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when a time or a size is negative, {@code remainingPages} or
     *                                  {@code downtimeTargetNanos} is below -1, or {@code bandwidthLimit} is negative
     */
    public PrecopyMetrics {
        if (elapsedNanos < 0 || roundNanos < 0 || roundBytes < 0 || previousRoundNanos < 0 || previousRoundBytes < 0) {
            throw new IllegalArgumentException("negative time or size in " + describe(elapsedNanos, roundNanos, roundBytes,
                    previousRoundNanos, previousRoundBytes));
        }
        if (remainingPages < UNKNOWN || downtimeTargetNanos < UNKNOWN || bandwidthLimit < 0) {
            throw new IllegalArgumentException("remainingPages " + remainingPages + ", downtimeTargetNanos "
                    + downtimeTargetNanos + ", bandwidthLimit " + bandwidthLimit + ": below -1 or a negative limit");
        }
    }

    private static String describe(long... values) {
        return java.util.Arrays.toString(values);
    }

    /**
     * What a policy that is called outside an engine sees: nothing measured, the remaining pages
     * are the dirty count when the stats know it.
     *
     * @param stats Xen's fields at the consultation
     * @return no time, bytes, rates, limit or operator's target; the remaining pages from {@code stats}
     */
    public static PrecopyMetrics unmeasured(PrecopyStats stats) {
        return new PrecopyMetrics(0, 0, 0, 0, 0, UNKNOWN, UNKNOWN, UNKNOWN, stats.dirtyCount(), 0, UNKNOWN);
    }

    /**
     * The bandwidth to expect for the suspended pass, bytes per second: the recent window's, else
     * the last round's, else the configured limit; never above the limit. UNKNOWN when there is
     * neither a measurement nor a limit.
     *
     * @return bytes per second, or UNKNOWN
     */
    public double bandwidth() {
        double measured = windowBandwidth > 0 ? windowBandwidth : roundBandwidth > 0 ? roundBandwidth : UNKNOWN;
        if (bandwidthLimit > 0) {
            return measured == UNKNOWN ? bandwidthLimit : Math.min(measured, bandwidthLimit);
        }
        return measured;
    }

    /**
     * Stream bytes of the remaining pages, or UNKNOWN.
     *
     * @return {@code remainingPages} times {@link #STREAM_BYTES_PER_PAGE}, or UNKNOWN
     */
    public long remainingBytes() {
        return remainingPages < 0 ? UNKNOWN : remainingPages * STREAM_BYTES_PER_PAGE;
    }

    /**
     * Estimated downtime if precopy stopped now: remaining bytes over {@link #bandwidth()}; UNKNOWN when either is.
     *
     * @return nanoseconds, or UNKNOWN
     */
    public long estimatedDowntimeNanos() {
        return estimatedDowntimeNanos(bandwidth());
    }

    /**
     * Estimated downtime at a given bandwidth (bytes per second); UNKNOWN when the remaining pages or the bandwidth are.
     *
     * @param bytesPerSecond the bandwidth to assume; not more than 0 counts as unknown
     * @return nanoseconds, rounded up, or UNKNOWN
     */
    public long estimatedDowntimeNanos(double bytesPerSecond) {
        if (remainingPages < 0 || !(bytesPerSecond > 0)) {
            return UNKNOWN;
        }
        return (long) Math.ceil(remainingBytes() * 1e9 / bytesPerSecond);
    }


    /**
     * True when the operator set a downtime target that replaces the policies' own.
     *
     * @return whether {@code downtimeTargetNanos} is not UNKNOWN
     */
    public boolean downtimeTargetSet() {
        return downtimeTargetNanos >= 0;
    }

    /**
     * The same measurements with the operator's downtime target (UNKNOWN to clear it).
     *
     * @param nanos the operator's downtime target in nanoseconds, or UNKNOWN
     * @return a copy with that target
     */
    public PrecopyMetrics withDowntimeTarget(long nanos) {
        return new PrecopyMetrics(elapsedNanos, roundNanos, roundBytes, previousRoundNanos, previousRoundBytes,
                roundBandwidth, windowBandwidth, dirtyRate, remainingPages, bandwidthLimit, nanos);
    }
}
