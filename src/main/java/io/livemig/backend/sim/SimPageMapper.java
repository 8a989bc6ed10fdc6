package io.livemig.backend.sim;

import io.livemig.backend.DomainException;
import io.livemig.backend.PageMapper;
import io.livemig.stream.PageType;
import java.nio.ByteBuffer;

/**
 * A {@link PageMapper} over a {@link SimDomain}: ordinary pages are NOTAB, holes XTAB, and pfns
 * configured to fail transiently are {@link PageMapper#DEFERRED} as many times as configured.
 * Buffers are read-only views of guest memory; adjacent pfns in one region share a buffer. No
 * allocation per page or per batch once every (slot, region) pair has been used.
 *
 * <p>The pairing is checked: a second {@link #map} before {@link #unmap()} is an error, as it
 * would leak a foreign mapping with Xen.
 */
final class SimPageMapper implements PageMapper {
    private final SimDomain domain;
    private final int maxBatch;
    private final long pfnCount;
    private final PageViews views;
    private boolean mapped;
    private boolean closed;

    SimPageMapper(SimDomain domain, GuestMemory memory, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("page mapper batch size " + maxBatch + " < 1");
        }
        this.domain = domain;
        this.maxBatch = maxBatch;
        this.pfnCount = memory.pageCount();
        this.views = new PageViews(memory, false, maxBatch);
    }

    @Override
    public int map(long[] pfns, int count, int[] types, ByteBuffer[] pages) {
        if (closed) {
            throw new DomainException(domain.name() + ": page mapper is closed");
        }
        if (mapped) {
            throw new DomainException(domain.name() + ": map called while the previous batch is still mapped (unmap it first)");
        }
        if (count < 1 || count > maxBatch) {
            throw new DomainException(domain.name() + ": batch of " + count + " pfns, the mapper takes 1.." + maxBatch);
        }
        domain.checkOpen();
        final long limit = pfnCount;
        final PageViews v = views;
        v.start(pages);
        for (int i = 0; i < count; i++) {
            long pfn = pfns[i];
            if (pfn < 0 || pfn >= limit) {
                throw new DomainException(domain.name() + ": pfn " + pfn + " (batch entry " + i + ") outside 0.." + (limit - 1));
            }
            int type = domain.sourcePageType(pfn);
            types[i] = type;
            if (type != PageType.NOTAB) {
                continue; // XTAB or DEFERRED: no data
            }
            v.add(pfn);
        }
        mapped = true;
        return v.end();
    }

    @Override
    public void unmap() {
        mapped = false;
    }

    @Override
    public void close() {
        mapped = false;
        closed = true;
    }
}
