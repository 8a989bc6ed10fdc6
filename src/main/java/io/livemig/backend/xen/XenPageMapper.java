package io.livemig.backend.xen;

import io.livemig.backend.DomainException;
import io.livemig.backend.PageMapper;
import io.livemig.backend.xen.bindings.ErrnoCapture;
import io.livemig.backend.xen.bindings.xenctrl_h;
import io.livemig.backend.xen.bindings.xenforeignmemory_h;
import io.livemig.stream.PageType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;

/**
 * Xen's write_batch, for an HVM/PVH guest (pfn = gfn): the batch's page types with
 * xc_get_pfn_type_batch, then one read-only xenforeignmemory_map of the pages that carry data,
 * handed out as buffers straight over the mapping ({@link MappedPageViews}); unmap with
 * xenforeignmemory_unmap.
 *
 * <p>A page whose mapping fails with EAGAIN (paged out or being shared) is reported as
 * {@link PageMapper#DEFERRED}, as libxc did for pages it could not map yet; any other mapping
 * error fails the batch, as Xen 4.17 does. All native arrays are allocated once per mapper.
 */
final class XenPageMapper implements PageMapper {
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt S32 = ValueLayout.JAVA_INT;

    private final XenHost host;
    private final String name;
    private final int domid;
    private final long pfnCount;
    private final int maxBatch;
    private final Arena arena;
    private final MemorySegment callState;
    /** pfns in, PFINFO types out (xc_get_pfn_type_batch). */
    private final MemorySegment typeArray;
    /** the gfns of the data pages, for the mapping. */
    private final MemorySegment frameArray;
    /** per-page mapping errors (negative errno values). */
    private final MemorySegment errorArray;
    private final MappedPageViews views;
    /** The address the views are based at, as the segment handed to map (hint) and unmap. */
    private MemorySegment base = MemorySegment.NULL;
    private long mappedPages;
    private boolean closed;

    XenPageMapper(XenHost host, String name, int domid, long pfnCount, int maxBatch) {
        this.host = host;
        this.name = name;
        this.domid = domid;
        this.pfnCount = pfnCount;
        this.maxBatch = maxBatch;
        this.arena = Arena.ofShared();
        this.callState = ErrnoCapture.allocate(arena);
        this.typeArray = arena.allocate(U64, maxBatch);
        this.frameArray = arena.allocate(U64, maxBatch);
        this.errorArray = arena.allocate(S32, maxBatch);
        this.views = new MappedPageViews(maxBatch);
    }

    @Override
    public int map(long[] pfns, int count, int[] types, ByteBuffer[] pages) {
        if (closed) {
            throw new IllegalStateException(name + ": the page mapper is closed");
        }
        if (mappedPages != 0) {
            throw new IllegalStateException(name + ": map called while the previous batch is still mapped (unmap it first)");
        }
        if (count < 1 || count > maxBatch) {
            throw new IllegalArgumentException(name + ": batch of " + count + " pfns, expected 1.." + maxBatch);
        }
        final MemorySegment typesIn = typeArray;
        final long limit = pfnCount;
        for (int i = 0; i < count; i++) {
            long pfn = pfns[i];
            if (pfn < 0 || pfn >= limit) {
                throw new DomainException(name + ": pfn " + pfn + " (batch entry " + i + ") outside 0.." + (limit - 1));
            }
            typesIn.setAtIndex(U64, i, pfn);
        }
        long stamp = host.enter(); // not host.held: a capturing lambda would allocate per batch
        try {
            if (xenctrl_h.xc_get_pfn_type_batch(callState, host.xch(), domid, count, typesIn) != 0) {
                throw XenCallException.failed(callState, "xc_get_pfn_type_batch", batch(count, pfns[0]));
            }
            final MemorySegment frames = frameArray;
            int dataPages = 0;
            for (int i = 0; i < count; i++) {
                long pfinfo = typesIn.getAtIndex(U64, i);
                if (!PageTypes.isKnown(pfinfo)) {
                    throw new DomainException(String.format("%s: xc_get_pfn_type_batch returned the unknown type %#x for pfn %#x",
                            name, pfinfo, pfns[i]));
                }
                int type = PageTypes.streamType(pfinfo);
                types[i] = type;
                if (PageType.carriesData(type)) {
                    frames.setAtIndex(U64, dataPages++, pfns[i]);
                }
            }
            views.start(pages);
            if (dataPages == 0) {
                return views.end();
            }
            MemorySegment mapping = xenforeignmemory_h.xenforeignmemory_map2(callState, host.fmem(), domid, base,
                    xenforeignmemory_h.PROT_READ(), 0, dataPages, frames, errorArray);
            if (mapping.equals(MemorySegment.NULL)) {
                throw XenCallException.failed(callState, "xenforeignmemory_map", batch(dataPages, frames.getAtIndex(U64, 0)) + ", PROT_READ");
            }
            long address = mapping.address();
            if (!views.isBasedAt(address)) {
                views.rebase(address, view(mapping));
                base = mapping;
            }
            mappedPages = dataPages;
            try {
                return collect(pfns, count, types);
            } catch (RuntimeException e) {
                views.release();
                unmapHeld();
                throw e;
            }
        } finally {
            host.exit(stamp);
        }
    }

    /** Hands the mapped pages to the views; marks pages that could not be mapped yet as deferred. */
    private int collect(long[] pfns, int count, int[] types) {
        final MemorySegment errors = errorArray;
        int slot = 0;
        for (int i = 0; i < count; i++) {
            if (!PageType.carriesData(types[i])) {
                continue;
            }
            int err = errors.getAtIndex(S32, slot);
            if (err == 0) {
                views.add(slot);
            } else if (-err == Errno.EAGAIN) {
                types[i] = DEFERRED;
            } else {
                throw new XenCallException("xenforeignmemory_map", "domid " + domid + ", pfn 0x" + Long.toHexString(pfns[i]), -err);
            }
            slot++;
        }
        return views.end();
    }

    @SuppressWarnings("restricted") // the mapping is maxBatch pages at most; views never reach past the mapped pages
    private ByteBuffer view(MemorySegment mapping) {
        return mapping.reinterpret((long) maxBatch << MappedPageViews.PAGE_SHIFT).asReadOnly().asByteBuffer();
    }

    @Override
    public void unmap() {
        if (mappedPages == 0) {
            return;
        }
        views.release(); // first: even if the connection is gone, the buffers must stop showing the mapping
        long stamp = host.enter();
        try {
            unmapHeld();
        } finally {
            host.exit(stamp);
        }
    }

    /** Unmaps the current batch, whose buffers the caller has released; the caller holds the connection. */
    private void unmapHeld() {
        long pages = mappedPages;
        mappedPages = 0;
        if (xenforeignmemory_h.xenforeignmemory_unmap(callState, host.fmem(), base, pages) != 0) {
            throw XenCallException.failed(callState, "xenforeignmemory_unmap", "domid " + domid + ", " + pages + " pages");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            unmap();
        } finally {
            closed = true;
            arena.close();
        }
    }

    private String batch(int n, long firstPfn) {
        return "domid " + domid + ", " + n + " pfns from 0x" + Long.toHexString(firstPfn);
    }
}
