package io.livemig.backend.sim;

import io.livemig.backend.DestinationDomain;
import io.livemig.backend.DirtyBitmap;
import io.livemig.backend.PageSink;
import io.livemig.stream.DeviceState;
import io.livemig.stream.StaticState;
import io.livemig.util.Sizes;

/**
 * A simulated domain to restore into: empty guest memory ({@link GuestMemory}) that the restore
 * populates page by page as Xen's restore does, the platform state it applies, and whether the
 * stream completed. Its {@link #destinationDigest()} is compared with the source's
 * {@link SimDomain#sourceDigest()}.
 *
 * <p>Thread use: the restore's methods come from the one restoring thread; the results are read
 * once it has finished. {@link #close()} unmaps the memory.
 */
public final class SimDestination extends SimGuest implements DestinationDomain {
    private final DirtyBitmap populated;
    private long populatedCount;
    private long highestPopulated = -1;
    private volatile StaticState appliedStaticState;
    private volatile DeviceState appliedDeviceState;
    private volatile boolean complete;

    private SimDestination(SimDomainConfig config, GuestMemory memory) {
        super(config, memory);
        try {
            this.populated = DirtyBitmap.allocate(aux, pageCount);
        } catch (RuntimeException | Error e) {
            aux.close();
            throw e;
        }
    }

    /**
     * Maps empty memory of the configured size (the source's settings, such as prefill or a
     * workload, are refused by {@link SimDomainConfig#createDestination()}).
     *
     * @throws InsufficientMemoryException before anything is mapped, when the domain's bookkeeping
     *                                     is more than this process can take
     */
    static SimDestination create(SimDomainConfig config) {
        return SimGuest.create(config, memory -> new SimDestination(config, memory));
    }

    /**
     * Allocates all guest memory now, as Xen's domain builder does for a destination before the
     * stream arrives, so that restoring pays no page faults (costly in a VM). The memory stays
     * zero. Returns false when the kernel cannot do it in one call (pages then fault in as written).
     *
     * @throws InsufficientMemoryException before any page is touched, when the whole domain is more
     *                                     than this process can take
     * @return true when all pages were allocated now, false when they will fault in as written
     * @throws io.livemig.backend.DomainException naming madvise and errno when the memory cannot be
     *                                            allocated
     */
    public boolean preallocate() {
        InsufficientMemoryException.check("preallocating a domain of " + Sizes.format(config.byteSize()), config.byteSize());
        return memory.populate();
    }

    /** The destination's capacity: a stream's pfns must be below the page count. */
    @Override
    public long pfnLimit() {
        return pageCount;
    }

    @Override
    public synchronized PageSink openPageSink(int maxBatch) {
        checkOpen();
        return new SimPageSink(this, memory, maxBatch);
    }

    /**
     * Records {@code pfn} (below {@link #pfnLimit()}) as populated. Its memory needs no scrubbing:
     * nothing writes to a page before it is populated, so it is still zero.
     */
    void populate(long pfn) {
        final DirtyBitmap bits = populated;
        if (bits.test(pfn)) {
            return;
        }
        bits.set(pfn);
        populatedCount++;
        if (pfn > highestPopulated) {
            highestPopulated = pfn;
        }
    }

    /**
     * Pages populated by the page sinks (read once the restore has finished).
     *
     * @return the number of distinct pfns populated
     */
    public long populatedPageCount() {
        return populatedCount;
    }

    /**
     * The highest populated pfn, -1 when none.
     *
     * @return the pfn, or -1
     */
    public long highestPopulatedPfn() {
        return highestPopulated;
    }

    /**
     * Whether a page sink has populated {@code pfn}.
     *
     * @param pfn the guest frame number; one outside the domain is never populated
     * @return true when populated
     */
    public boolean isPopulated(long pfn) {
        return pfn >= 0 && pfn < pageCount && populated.test(pfn);
    }

    @Override
    public void applyStaticState(StaticState state) {
        checkOpen();
        appliedStaticState = state;
    }

    @Override
    public void applyDeviceState(DeviceState state) {
        checkOpen();
        appliedDeviceState = state;
    }

    /**
     * What {@link #applyStaticState} received, null before.
     *
     * @return the last static state applied, or null
     */
    public StaticState appliedStaticState() {
        return appliedStaticState;
    }

    /**
     * What {@link #applyDeviceState} received, null before.
     *
     * @return the last device state applied, or null
     */
    public DeviceState appliedDeviceState() {
        return appliedDeviceState;
    }

    @Override
    public void markComplete() {
        checkOpen();
        complete = true;
    }

    @Override
    public boolean isComplete() {
        return complete;
    }

    /**
     * {@link MemoryDigest} of the populated pfns: the digest of a destination. Unpopulated pfns
     * read as zeros and zero pages do not count, so this is the digest of [0, highest populated
     * pfn + 1) without touching the pages nothing was written to.
     *
     * @return the digest, 64 lowercase hex digits
     * @throws io.livemig.backend.DomainException when the domain is closed
     */
    public String destinationDigest() {
        checkOpen();
        return MemoryDigest.ofPages(mem, populated, highestPopulated + 1);
    }
}
