package io.livemig.backend.sim;

import io.livemig.backend.DomainException;
import io.livemig.backend.PageSink;
import io.livemig.stream.PageType;
import java.nio.ByteBuffer;

/**
 * A {@link PageSink} into a {@link SimDestination}: populates pfns as Xen's restore does (every entry
 * but XTAB and BROKEN), hands out writable views for the data-carrying ones and read-only views
 * for VERIFY. Adjacent pfns in one region share a buffer; no allocation per page or per batch
 * once every (slot, region) pair has been used.
 */
final class SimPageSink implements PageSink {
    private final SimDestination domain;
    private final int maxBatch;
    private final long pfnLimit;
    private final PageViews writeViews;
    private final PageViews readViews;
    private boolean closed;

    SimPageSink(SimDestination domain, GuestMemory memory, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("page sink batch size " + maxBatch + " < 1");
        }
        this.domain = domain;
        this.maxBatch = maxBatch;
        this.pfnLimit = memory.pageCount();
        this.writeViews = new PageViews(memory, true, maxBatch);
        this.readViews = new PageViews(memory, false, maxBatch);
    }

    @Override
    public int mapForWrite(long[] pfns, int[] types, int count, ByteBuffer[] pages) {
        return map(pfns, types, count, pages, true);
    }

    @Override
    public int mapForRead(long[] pfns, int[] types, int count, ByteBuffer[] pages) {
        return map(pfns, types, count, pages, false);
    }

    private int map(long[] pfns, int[] types, int count, ByteBuffer[] pages, boolean write) {
        if (closed) {
            throw new DomainException(domain.name() + ": page sink is closed");
        }
        if (count < 1 || count > maxBatch) {
            throw new DomainException(domain.name() + ": batch of " + count + " pfns, the sink takes 1.." + maxBatch);
        }
        domain.checkOpen();
        final long limit = pfnLimit;
        final PageViews v = write ? writeViews : readViews;
        v.start(pages);
        for (int i = 0; i < count; i++) {
            long pfn = pfns[i];
            int type = types[i];
            if (pfn < 0 || pfn >= limit) {
                throw new DomainException(domain.name() + ": pfn " + pfn + " (batch entry " + i + ") beyond the destination's limit of "
                        + limit + " pfns");
            }
            if (!PageType.isValid(type)) {
                throw new DomainException(domain.name() + ": pfn " + pfn + " (batch entry " + i + ") has invalid page type " + type);
            }
            if (type == PageType.XTAB || type == PageType.BROKEN) {
                continue; // neither populated nor written, as in Xen's restore
            }
            if (write) {
                domain.populate(pfn);
            }
            if (!PageType.carriesData(type)) {
                continue;
            }
            v.add(pfn);
        }
        return v.end();
    }

    @Override
    public void unmap() {
        // views stay valid while the domain is open; nothing to release
    }

    @Override
    public void close() {
        closed = true;
    }
}
