package io.livemig.backend.sim;

import io.livemig.backend.DomainException;
import io.livemig.posix.NativeAccess;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import org.apache.logging.log4j.LogManager;
import java.nio.ByteBuffer;

/**
 * A guest's pseudo-physical memory: {@code pageCount} pages of 4096 bytes from one anonymous
 * private mapping ({@code mmap(NULL, size, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0)}),
 * so pages cost nothing until touched and no swap is reserved: a domain of tens of GiB can be
 * created on a small machine. Unmapped by {@link #close()}.
 *
 * <p>The segment belongs to a shared arena closed before the unmap, so a use after close fails
 * with an {@link IllegalStateException} instead of touching unmapped memory. The memory is also
 * cut into regions of at most 1 GiB ({@link #REGION_PAGES} pages), each with a read-only and a
 * writable {@link ByteBuffer} view made once, from which page views are duplicated.
 */
@SuppressWarnings("restricted") // native calls and reinterpreting their results are this class's purpose
public final class GuestMemory implements AutoCloseable {
    /** log2 of {@link #PAGE_SIZE}: shifts a pfn to its byte offset. */
    public static final int PAGE_SHIFT = 12;
    /** Bytes in a page: 4096. */
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    /** log2 of the pages per region: a region's ByteBuffer must fit an int capacity, so 1 GiB. */
    public static final int REGION_PAGE_SHIFT = 30 - PAGE_SHIFT;
    /** Pages in a full region: 262144, 1 GiB (the last region may be shorter). */
    public static final long REGION_PAGES = 1L << REGION_PAGE_SHIFT;
    /** Largest page count accepted: pfns are 52 bits in a stream, and 4 PiB is far beyond any mapping. */
    public static final long MAX_PAGES = 1L << 40;

    // Linux mmap(2) constants (identical on x86_64 and aarch64)
    private static final int PROT_READ = 0x1;
    private static final int PROT_WRITE = 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_NORESERVE = 0x4000;
    private static final long MAP_FAILED = -1L;
    private static final int MADV_HUGEPAGE = 14;
    private static final int MADV_POPULATE_WRITE = 23;
    private static final int EINVAL = 22;

    static {
        NativeAccess.require();
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset), errno captured. */
    private static final MethodHandle MMAP = LINKER.downcallHandle(
            LINKER.defaultLookup().find("mmap").orElseThrow(() -> new ExceptionInInitializerError("no mmap in the C library")),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG),
            Linker.Option.captureCallState("errno"));
    /** int munmap(void *addr, size_t length), errno captured. */
    private static final MethodHandle MUNMAP = LINKER.downcallHandle(
            LINKER.defaultLookup().find("munmap").orElseThrow(() -> new ExceptionInInitializerError("no munmap in the C library")),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
            Linker.Option.captureCallState("errno"));
    /** int madvise(void *addr, size_t length, int advice), errno captured. */
    private static final MethodHandle MADVISE = LINKER.downcallHandle(
            LINKER.defaultLookup().find("madvise").orElseThrow(() -> new ExceptionInInitializerError("no madvise in the C library")),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));
    /** char *strerror(int errnum), for readable errors. */
    private static final MethodHandle STRERROR = LINKER.downcallHandle(
            LINKER.defaultLookup().find("strerror").orElseThrow(() -> new ExceptionInInitializerError("no strerror in the C library")),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));

    private final Arena arena;
    private final MemorySegment segment;
    private final MemorySegment address;
    private final long pageCount;
    private final ByteBuffer[] readOnlyRegions;
    private final ByteBuffer[] writableRegions;
    private boolean closed;

    private GuestMemory(Arena arena, MemorySegment address, long pageCount) {
        this.arena = arena;
        this.address = address;
        this.pageCount = pageCount;
        this.segment = address.reinterpret(pageCount << PAGE_SHIFT, arena, null);
        int regions = (int) ((pageCount + REGION_PAGES - 1) >>> REGION_PAGE_SHIFT);
        readOnlyRegions = new ByteBuffer[regions];
        writableRegions = new ByteBuffer[regions];
        for (int r = 0; r < regions; r++) {
            long first = (long) r << REGION_PAGE_SHIFT;
            long pages = Math.min(REGION_PAGES, pageCount - first);
            MemorySegment region = segment.asSlice(first << PAGE_SHIFT, pages << PAGE_SHIFT);
            writableRegions[r] = region.asByteBuffer();
            readOnlyRegions[r] = region.asReadOnly().asByteBuffer();
        }
    }

    /**
     * Maps {@code pageCount} zero pages.
     *
     * @param pageCount pages to map, 1 to {@link #MAX_PAGES}
     * @return the new memory, all zeros
     * @throws IllegalArgumentException when {@code pageCount} is out of range
     * @throws DomainException naming mmap, the size and errno when the mapping fails
     */
    public static GuestMemory map(long pageCount) {
        if (pageCount < 1 || pageCount > MAX_PAGES) {
            throw new IllegalArgumentException("guest memory of " + pageCount + " pages: must be 1.." + MAX_PAGES);
        }
        long bytes = pageCount << PAGE_SHIFT;
        MemorySegment address;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(CALL_STATE);
            try {
                address = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, bytes, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0L);
            } catch (Throwable t) {
                throw new DomainException("mmap of " + bytes + " bytes could not be called", t);
            }
            if (address.address() == MAP_FAILED) {
                throw new DomainException("mmap(NULL, " + bytes + ", PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0) failed: "
                        + describeErrno((int) ERRNO.get(state, 0L)));
            }
        }
        adviseHugePages(address, bytes);
        Arena arena = Arena.ofShared();
        try {
            return new GuestMemory(arena, address, pageCount);
        } catch (RuntimeException | Error e) {
            arena.close();
            unmap(address, bytes);
            throw e;
        }
    }

    /**
     * Asks for transparent huge pages (where THP is in "madvise" mode): first touches then fault in
     * 2 MiB at a time, hundreds of times fewer page faults when a guest is prefilled or a
     * destination fills up, which matters in a VM where one fault costs microseconds. Best effort:
     * a kernel without THP refuses, and nothing else changes.
     */
    private static void adviseHugePages(MemorySegment address, long bytes) {
        try (Arena call = Arena.ofConfined()) {
            int rc = (int) MADVISE.invokeExact(call.allocate(CALL_STATE), address, bytes, MADV_HUGEPAGE);
            if (rc != 0) {
                LogManager.getLogger(GuestMemory.class).debug("madvise(MADV_HUGEPAGE) refused; using small pages");
            }
        } catch (Throwable t) {
            LogManager.getLogger(GuestMemory.class).debug("madvise(MADV_HUGEPAGE) could not be called: {}", t.toString());
        }
    }

    static String describeErrno(int errno) {
        String text;
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            text = s.equals(MemorySegment.NULL) ? "unknown error" : s.reinterpret(256).getString(0);
        } catch (Throwable t) {
            text = "strerror failed: " + t;
        }
        return "errno " + errno + " (" + text + ")";
    }

    private static void unmap(MemorySegment address, long bytes) {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(CALL_STATE);
            int rc;
            try {
                rc = (int) MUNMAP.invokeExact(state, address, bytes);
            } catch (Throwable t) {
                throw new DomainException("munmap of " + bytes + " bytes could not be called", t);
            }
            if (rc != 0) {
                throw new DomainException("munmap(0x" + Long.toHexString(address.address()) + ", " + bytes + ") failed: "
                        + describeErrno((int) ERRNO.get(state, 0L)));
            }
        }
    }

    /**
     * Allocates every page now (MADV_POPULATE_WRITE), before a caller writes all of them: one
     * system call instead of a page fault per page, several times faster where faults are dear
     * (in a VM). Returns false when the kernel is older than 5.14 and does not know the advice;
     * the pages are then allocated by the writes themselves.
     *
     * @return true when the pages were allocated, false when the kernel does not know the advice
     * @throws DomainException naming madvise and errno when the memory cannot be allocated
     */
    public boolean populate() {
        return populate(pageCount);
    }

    /**
     * As {@link #populate()}, for the first {@code pages} pages only.
     *
     * @param pages how many pages to allocate from pfn 0, 0 to {@link #pageCount()}
     * @return true when the pages were allocated (or {@code pages} is 0), false when the kernel
     *         does not know the advice
     * @throws IllegalArgumentException when {@code pages} is out of range
     * @throws DomainException naming madvise and errno when the memory cannot be allocated
     */
    public boolean populate(long pages) {
        if (pages < 0 || pages > pageCount) {
            throw new IllegalArgumentException("populate " + pages + " pages of " + pageCount);
        }
        if (pages == 0) {
            return true;
        }
        long bytes = pages << PAGE_SHIFT;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(CALL_STATE);
            int rc;
            try {
                rc = (int) MADVISE.invokeExact(state, address, bytes, MADV_POPULATE_WRITE);
            } catch (Throwable t) {
                throw new DomainException("madvise of " + bytes + " bytes could not be called", t);
            }
            if (rc == 0) {
                return true;
            }
            int errno = (int) ERRNO.get(state, 0L);
            if (errno == EINVAL) {
                return false;
            }
            throw new DomainException("madvise(0x" + Long.toHexString(address.address()) + ", " + bytes + ", MADV_POPULATE_WRITE) failed: "
                    + describeErrno(errno));
        }
    }

    /**
     * The whole memory, writable: page p is bytes [p * 4096, (p + 1) * 4096).
     *
     * @return a segment of {@link #byteSize()} bytes, unusable once closed
     */
    public MemorySegment segment() {
        return segment;
    }

    /**
     * Size in pages.
     *
     * @return the number of 4096-byte pages mapped
     */
    public long pageCount() {
        return pageCount;
    }

    /**
     * Size in bytes.
     *
     * @return {@link #pageCount()} * 4096
     */
    public long byteSize() {
        return pageCount << PAGE_SHIFT;
    }

    int regionCount() {
        return writableRegions.length;
    }

    /** Region {@code r}'s view, shared: callers duplicate it before changing position or limit. */
    ByteBuffer regionView(int r, boolean writable) {
        return writable ? writableRegions[r] : readOnlyRegions[r];
    }

    /** Closes the arena (later accesses fail cleanly), then unmaps. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        arena.close();
        unmap(address, pageCount << PAGE_SHIFT);
    }

    /**
     * Whether {@link #close()} has run.
     *
     * @return true once {@link #close()} has been called, even if its unmap failed
     */
    public synchronized boolean isClosed() {
        return closed;
    }
}
