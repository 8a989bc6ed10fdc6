package io.livemig.engine;

/**
 * One pass over the dirty bitmap.
 *
 * @param iteration   1-based pass number; the final (suspended) pass follows the last live one, and
 *                    in a non-live save a pass over the pages the first could not map follows it
 * @param live        false for a pass made while the domain is suspended
 * @param dirtyPages  pages the bitmap named for this pass (plus the deferred pages, in a suspended pass)
 * @param entriesSent PAGE_DATA entries written (holes and deferred pages included)
 * @param pagesSent   pages of data written
 * @param deferred    pages that could not be mapped, sent as holes and deferred to a pass made suspended
 * @param records     PAGE_DATA records written
 * @param bytes       stream bytes written during the pass
 * @param nanos       duration of the pass
 * @param bandwidthLimit the sending limit in force during the pass, bytes per second; 0 for none
 * @param verify      the verify pass of Xen's debug mode ({@link SaveOptions#verify()}): every page once more
 *                    after the final pass, which the receiver compares instead of writing
 * @param throttle    the highest CPU throttle of the guest in force during the pass, 0..99 % (0: none;
 *                    see {@link SaveOptions#throttle()})
 */
public record RoundStats(int iteration, boolean live, long dirtyPages, long entriesSent, long pagesSent,
                         long deferred, long records, long bytes, long nanos, long bandwidthLimit, boolean verify,
                         int throttle) {

    /**
     * A pass of a guest that was not throttled.
     *
     * @param iteration      1-based pass number
     * @param live           false for a pass made while the domain is suspended
     * @param dirtyPages     pages the bitmap named for this pass (plus the deferred pages, in a suspended pass)
     * @param entriesSent    PAGE_DATA entries written (holes and deferred pages included)
     * @param pagesSent      pages of data written
     * @param deferred       pages that could not be mapped, sent as holes and deferred to a pass made suspended
     * @param records        PAGE_DATA records written
     * @param bytes          stream bytes written during the pass
     * @param nanos          duration of the pass, in nanoseconds
     * @param bandwidthLimit the sending limit in force during the pass, bytes per second; 0 for none
     * @param verify         true for the verify pass
     */
    public RoundStats(int iteration, boolean live, long dirtyPages, long entriesSent, long pagesSent,
                      long deferred, long records, long bytes, long nanos, long bandwidthLimit, boolean verify) {
        this(iteration, live, dirtyPages, entriesSent, pagesSent, deferred, records, bytes, nanos, bandwidthLimit, verify, 0);
    }

    /**
     * A pass that sends pages to be written (not a verify pass).
     *
     * @param iteration      1-based pass number
     * @param live           false for a pass made while the domain is suspended
     * @param dirtyPages     pages the bitmap named for this pass (plus the deferred pages, in a suspended pass)
     * @param entriesSent    PAGE_DATA entries written (holes and deferred pages included)
     * @param pagesSent      pages of data written
     * @param deferred       pages that could not be mapped, sent as holes and deferred to a pass made suspended
     * @param records        PAGE_DATA records written
     * @param bytes          stream bytes written during the pass
     * @param nanos          duration of the pass, in nanoseconds
     * @param bandwidthLimit the sending limit in force during the pass, bytes per second; 0 for none
     */
    public RoundStats(int iteration, boolean live, long dirtyPages, long entriesSent, long pagesSent,
                      long deferred, long records, long bytes, long nanos, long bandwidthLimit) {
        this(iteration, live, dirtyPages, entriesSent, pagesSent, deferred, records, bytes, nanos, bandwidthLimit, false, 0);
    }

    /**
     * Bytes per second during the pass (0 for an empty pass).
     *
     * @return {@code bytes} over {@code nanos}, per second; 0 when {@code nanos} is 0
     */
    public double bytesPerSecond() {
        return nanos == 0 ? 0 : bytes * 1e9 / nanos;
    }
}
