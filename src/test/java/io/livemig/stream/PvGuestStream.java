package io.livemig.stream;

import io.livemig.backend.sim.MemoryDigest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stream of a 64-bit x86 PV guest laid out as Xen 4.17's save writes it (X86_PV_INFO and the
 * CPU policy, STATIC_DATA_END, X86_PV_P2M_FRAMES, page passes, X86_TSC_INFO, SHARED_INFO, per
 * vCPU BASIC/EXTENDED/XSAVE/MSRS, END), built with {@link StreamWriter} and
 * {@link PageDataWriter} through {@link StreamBytes}. The guest has a p2m of {@link #P2M_SIZE}
 * pfns and one chain of page tables: the pinned L4 at {@link #L4} maps the L3 at {@link #L3},
 * which maps the L2 at {@link #L2}, which maps the L1s at {@link #L1A} and {@link #L1B}, which
 * map the {@link #DATA_PAGES} data pages from {@link #DATA}. Tests change the tables' entries
 * ({@link #l1a} ...) before {@link #firstPass()}, or send pages again after it.
 */
public final class PvGuestStream {
    /** Pfns in the p2m: one p2m frame of a 64-bit guest. */
    public static final int P2M_SIZE = 0x200;
    public static final long L4 = 0x10;
    public static final long L3 = 0x11;
    public static final long L2 = 0x12;
    public static final long L1A = 0x13;
    public static final long L1B = 0x14;
    public static final long DATA = 0x100;
    public static final int DATA_PAGES = 64;
    /** A pfn sent as XTAB only (ballooned out): never populated. */
    public static final long BALLOONED = 0x1fe;
    /** The pfn the guest's p2m frame is said to live in. */
    public static final long P2M_FRAME = 0x1f0;
    public static final int VCPUS = 2;
    /** Present, writable, user, accessed, dirty: no PSE. */
    public static final long FLAGS = 0x67;
    public static final long PSE = 0x80;
    private static final int ENTRIES = 512;
    private static final int BATCH = 256;

    public final long[] l4 = new long[ENTRIES];
    public final long[] l3 = new long[ENTRIES];
    public final long[] l2 = new long[ENTRIES];
    public final long[] l1a = new long[ENTRIES];
    public final long[] l1b = new long[ENTRIES];

    private final StreamBytes s;
    /** The last copy of every page sent with data, by pfn. */
    private final TreeMap<Long, byte[]> last = new TreeMap<>();
    private final List<Long> sentPfns = new ArrayList<>();
    private final List<Integer> sentTypes = new ArrayList<>();
    private final List<byte[]> sentData = new ArrayList<>();
    private long endIndex;
    private long endOffset;

    public PvGuestStream(boolean libxl) {
        s = new StreamBytes(libxl);
        l4[0] = pte(L3);
        l3[0] = pte(L2);
        l2[0] = pte(L1A);
        l2[1] = pte(L1B);
        for (int i = 0; i < DATA_PAGES / 2; i++) {
            l1a[i] = pte(DATA + i);
            l1b[i] = pte(DATA + DATA_PAGES / 2 + i);
        }
        l1a[200] = 0xffff_ffff_ffff_f000L; // not present: whatever it holds is no reference
        l1a[201] = pte(DATA) | PSE; // bit 7 of an L1 entry is PAT, not a superpage
        l1b[511] = pte(L4); // a read-only view of a page table is an ordinary reference
    }

    /** A present entry for {@code pfn} (Xen's pte_to_frame reads bits 12..51). */
    public static long pte(long pfn) {
        return pfn << 12 | FLAGS;
    }

    /** A page table's page: 512 little-endian entries. */
    public static byte[] table(long[] ptes) {
        ByteBuffer b = ByteBuffer.allocate(StreamFormat.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (long pte : ptes) {
            b.putLong(pte);
        }
        return b.array();
    }

    public StreamBytes bytes() {
        return s;
    }

    /**
     * Headers, static data, X86_PV_P2M_FRAMES, and a first pass over every pfn of the p2m: the
     * tables with their types (the L4 pinned), {@link #BALLOONED} as XTAB, the rest NOTAB.
     */
    public PvGuestStream firstPass() throws IOException {
        s.headers(DomainType.X86_PV).pvStaticState().p2mFrames(0, P2M_SIZE - 1, P2M_FRAME);
        for (long pfn = 0; pfn < P2M_SIZE; pfn++) {
            int type = firstType(pfn);
            add(pfn, type, type == PageType.XTAB ? null : firstContent(pfn));
            if (sentPfns.size() == BATCH) {
                flush();
            }
        }
        flush();
        return this;
    }

    private int firstType(long pfn) {
        if (pfn == L4) {
            return PageType.L4TAB_PINNED;
        }
        if (pfn == L3) {
            return PageType.L3TAB;
        }
        if (pfn == L2) {
            return PageType.L2TAB;
        }
        if (pfn == L1A || pfn == L1B) {
            return PageType.L1TAB;
        }
        return pfn == BALLOONED ? PageType.XTAB : PageType.NOTAB;
    }

    private byte[] firstContent(long pfn) {
        if (pfn == L4) {
            return table(l4);
        }
        if (pfn == L3) {
            return table(l3);
        }
        if (pfn == L2) {
            return table(l2);
        }
        if (pfn == L1A) {
            return table(l1a);
        }
        if (pfn == L1B) {
            return table(l1b);
        }
        return StreamBytes.page(pfn, 0);
    }

    /** One PAGE_DATA record of a later pass: the pages given, with their types and contents (null for no data). */
    public PvGuestStream pass(long[] pfns, int[] types, byte[][] contents) throws IOException {
        for (int i = 0; i < pfns.length; i++) {
            add(pfns[i], types[i], contents[i]);
        }
        flush();
        return this;
    }

    /** A page sent again in a record of its own. */
    public PvGuestStream resend(long pfn, int type, byte[] content) throws IOException {
        return pass(new long[] {pfn}, new int[] {type}, new byte[][] {content});
    }

    private void add(long pfn, int type, byte[] content) {
        sentPfns.add(pfn);
        sentTypes.add(type);
        if (PageType.carriesData(type)) {
            sentData.add(content);
            last.put(pfn, content);
        }
    }

    private void flush() throws IOException {
        if (sentPfns.isEmpty()) {
            return;
        }
        long[] pfns = sentPfns.stream().mapToLong(Long::longValue).toArray();
        int[] types = sentTypes.stream().mapToInt(Integer::intValue).toArray();
        s.pages(pfns, types, sentData.toArray(byte[][]::new));
        sentPfns.clear();
        sentTypes.clear();
        sentData.clear();
    }

    /** X86_TSC_INFO, SHARED_INFO, the records of {@link #VCPUS} vCPUs, END; returns the stream. */
    public byte[] finish() throws IOException {
        s.pvDeviceState(VCPUS);
        endIndex = s.index();
        endOffset = s.offset();
        return s.end().bytes();
    }

    /** Index of the libxc END record. */
    public long endIndex() {
        return endIndex;
    }

    /** Offset of the libxc END record. */
    public long endOffset() {
        return endOffset;
    }

    /** The last copy of every page sent with data. */
    public Map<Long, byte[]> lastCopies() {
        return last;
    }

    /** The digest ({@link MemoryDigest}) of a destination holding exactly the last copies. */
    public String expectedDigest() {
        MemoryDigest.Accumulator acc = new MemoryDigest.Accumulator();
        last.forEach((pfn, page) -> acc.add(pfn, ByteBuffer.wrap(page)));
        return acc.finish();
    }
}
