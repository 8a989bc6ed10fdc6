package io.livemig.backend.xen;

import io.livemig.posix.Errno;
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
import java.util.function.BooleanSupplier;

/**
 * Xen's write_batch. For an HVM/PVH guest (pfn = gfn): the batch's page types with
 * xc_get_pfn_type_batch, then one read-only xenforeignmemory_map of the pages that carry data,
 * handed out as buffers straight over the mapping ({@link MappedPageViews}); unmap with
 * xenforeignmemory_unmap.
 *
 * <p>A page whose mapping fails with EAGAIN (paged out or being shared) is reported as
 * {@link PageMapper#DEFERRED}, as libxc did for pages it could not map yet; any other mapping
 * error fails the batch, as Xen 4.17 does. All native arrays are allocated once per mapper.
 *
 * <p>For a PV guest ({@link XenPvGuest}) the gfns are machine frames: each pfn is looked up in
 * the guest's p2m first (a pfn without a frame, ballooned out, is {@link PageMapper#DEFERRED}, as
 * Xen defers it), types and mappings are asked for the frames, and page tables are handed out as
 * normalised copies in a scratch area (x86_pv_normalise_page). A table that cannot be normalised
 * while the guest runs (it is changing it) is deferred; once the domain is suspended that fails
 * the batch, naming the pfn.
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
    /** The PV guest's tables, or null for HVM/PVH. */
    private final XenPvGuest pv;
    /** Whether the domain was suspended by the save (page-table faults are then final). */
    private final BooleanSupplier suspended;
    /** PV: the machine frame of each batch entry ({@link XenPvGuest#INVALID_MFN} for none). */
    private final MemorySegment mfnArray;
    /** PV: copies of the batch's page tables, page i for batch entry i. */
    private final MemorySegment scratch;
    /** The address the views are based at, as the segment handed to map (hint) and unmap. */
    private MemorySegment base = MemorySegment.NULL;
    /** PV: the current mapping, maxBatch pages, for reading page tables to normalise. */
    private MemorySegment mapped = MemorySegment.NULL;
    private long mappedPages;
    private boolean closed;

    XenPageMapper(XenHost host, String name, int domid, long pfnCount, int maxBatch) {
        this(host, name, domid, pfnCount, maxBatch, null, () -> false);
    }

    XenPageMapper(XenHost host, String name, int domid, long pfnCount, int maxBatch, XenPvGuest pv, BooleanSupplier suspended) {
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
        this.pv = pv;
        this.suspended = suspended;
        if (pv != null) {
            this.mfnArray = arena.allocate(U64, maxBatch);
            this.scratch = arena.allocate((long) maxBatch << MappedPageViews.PAGE_SHIFT, 1 << MappedPageViews.PAGE_SHIFT);
            this.views = new MappedPageViews(maxBatch, scratch.asReadOnly().asByteBuffer());
        } else {
            this.mfnArray = null;
            this.scratch = null;
            this.views = new MappedPageViews(maxBatch);
        }
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
        final XenPvGuest guest = pv;
        if (guest != null) {
            final MemorySegment mfns = mfnArray;
            for (int i = 0; i < count; i++) {
                long mfn = guest.pfnToMfn(pfns[i]);
                mfns.setAtIndex(U64, i, mfn);
                typesIn.setAtIndex(U64, i, mfn);
            }
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
                if (guest != null && mfnArray.getAtIndex(U64, i) == XenPvGuest.INVALID_MFN) {
                    types[i] = PageType.XTAB; // no frame: deferred below, once the mapped pages are collected
                    continue;
                }
                types[i] = type;
                if (PageType.carriesData(type)) {
                    frames.setAtIndex(U64, dataPages++, guest != null ? mfnArray.getAtIndex(U64, i) : pfns[i]);
                }
            }
            views.start(pages);
            if (dataPages == 0) {
                return deferFrameless(count, types, views.end());
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
                if (pv != null) {
                    mapped = whole(mapping);
                }
            }
            mappedPages = dataPages;
            try {
                return deferFrameless(count, types, collect(pfns, count, types));
            } catch (RuntimeException e) {
                views.release();
                unmapHeld();
                throw e;
            }
        } finally {
            host.exit(stamp);
        }
    }

    /**
     * PV: a pfn whose p2m entry has no frame (likely ballooned out) is deferred while the guest
     * runs, as Xen defers it: sent as XTAB now, again in the final pass, where (the guest being
     * suspended) it stays XTAB. Returns {@code buffers}.
     */
    private int deferFrameless(int count, int[] types, int buffers) {
        if (pv != null && !suspended.getAsBoolean()) {
            final MemorySegment mfns = mfnArray;
            for (int i = 0; i < count; i++) {
                if (mfns.getAtIndex(U64, i) == XenPvGuest.INVALID_MFN) {
                    types[i] = DEFERRED;
                }
            }
        }
        return buffers;
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
                if (pv != null && isPageTable(types[i])) {
                    addPageTable(i, slot, pfns[i], types);
                } else {
                    views.add(slot);
                }
            } else if (-err == Errno.EAGAIN) {
                types[i] = DEFERRED;
            } else {
                throw new XenCallException("xenforeignmemory_map", "domid " + domid + ", pfn 0x" + Long.toHexString(pfns[i]), -err);
            }
            slot++;
        }
        return views.end();
    }

    private static boolean isPageTable(int type) {
        int level = type & ~PageType.LPINTAB;
        return level >= PageType.L1TAB && level <= PageType.L4TAB && type != PageType.LPINTAB;
    }

    /** Normalises the page table in mapping slot {@code slot} into scratch page {@code i}, or defers it. */
    private void addPageTable(int i, int slot, long pfn, int[] types) {
        long pageBytes = 1L << MappedPageViews.PAGE_SHIFT;
        if (pv.normalise(mapped, slot * pageBytes, scratch, i * pageBytes, types[i], pfn, !suspended.getAsBoolean())
                == XenPvGuest.Normalised.DONE) {
            views.add(views.scratchBase() + i);
        } else {
            types[i] = DEFERRED;
        }
    }

    @SuppressWarnings("restricted") // the mapping is maxBatch pages at most; only mapped slots are read
    private MemorySegment whole(MemorySegment mapping) {
        return mapping.reinterpret((long) maxBatch << MappedPageViews.PAGE_SHIFT);
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
