package io.livemig.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The C reference of Xen's save loops ({@code src/main/c/xenref.c}, built by gcc during the
 * benchmarks' build) bound through FFM: one library lookup, static final downcall handles.
 *
 * <p>The library is {@code -Dlivemig.bench.lib=PATH} when given, else the copy packaged in the jar
 * ({@code /native/libxenref.so}), extracted once into a temporary file.
 *
 * <p>The scans are bound with {@link Linker.Option#critical(boolean) critical(false)}: they only
 * read and write native memory, never block and never call back, so the thread-state transition
 * can be skipped (a long scan then delays safepoints for its duration, which a benchmark can
 * afford). The batch writer calls {@code writev}, which blocks on a full pipe or socket, so it is
 * bound as an ordinary downcall.
 */
@SuppressWarnings("restricted") // loading a library and calling into it is this class's purpose
public final class XenRef {
    /** Xen's MAX_BATCH_SIZE: the scans flush every 1024 pfns. */
    public static final int MAX_BATCH_SIZE = 1024;

    /** {@code struct xenref_sink}: where the scans hand their batches. */
    public static final StructLayout SINK = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("pfn_sum"),
            ValueLayout.JAVA_LONG.withName("pfns"),
            ValueLayout.JAVA_LONG.withName("batches"),
            ValueLayout.ADDRESS.withName("record"),
            ValueLayout.JAVA_LONG.withName("record_cap"));
    private static final long SINK_PFNS = SINK.byteOffset(MemoryLayout.PathElement.groupElement("pfns"));
    private static final long SINK_BATCHES = SINK.byteOffset(MemoryLayout.PathElement.groupElement("batches"));
    private static final long SINK_RECORD = SINK.byteOffset(MemoryLayout.PathElement.groupElement("record"));
    private static final long SINK_RECORD_CAP = SINK.byteOffset(MemoryLayout.PathElement.groupElement("record_cap"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBRARY = SymbolLookup.libraryLookup(libraryPath(), Arena.global());

    private static final FunctionDescriptor SCAN = FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.ADDRESS);
    private static final MethodHandle SCAN_PER_BIT = downcall("xenref_scan_per_bit", SCAN, Linker.Option.critical(false));
    private static final MethodHandle SCAN_WORD_CTZ = downcall("xenref_scan_word_ctz", SCAN, Linker.Option.critical(false));
    private static final MethodHandle WRITER_NEW = downcall("xenref_writer_new",
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle WRITER_FREE = downcall("xenref_writer_free",
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
    private static final MethodHandle WRITE_BATCH = downcall("xenref_write_batch",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle FD_NONBLOCKING = downcall("xenref_fd_nonblocking",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    // the restore side: the receiver blocks in read/readv, the feeder's join waits for a thread
    private static final MethodHandle READER_NEW = downcall("xenref_reader_new",
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
    private static final MethodHandle READER_FREE = downcall("xenref_reader_free",
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
    private static final MethodHandle READ_PAGE_DATA = downcall("xenref_read_page_data",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT));
    private static final MethodHandle FEEDER_START = downcall("xenref_feeder_start",
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle FEEDER_RECORDS = downcall("xenref_feeder_records",
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    private static final MethodHandle FEEDER_STOP = downcall("xenref_feeder_stop",
            FunctionDescriptor.ofVoid(ValueLayout.ADDRESS));
    private static final MethodHandle FEEDER_JOIN = downcall("xenref_feeder_join",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final MethodHandle TCP_LISTEN = downcall("xenref_tcp_listen",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    private static final MethodHandle TCP_ACCEPT = downcall("xenref_tcp_accept",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle SWAP_RECEIVE_OPTIONS = downcall("xenref_swap_receive_options",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
    /** struct xenref_receive_options: int SO_RCVLOWAT, then a struct timeval SO_RCVTIMEO at offset 8. */
    public static final long RECEIVE_OPTIONS_BYTES = 24;
    private static final MethodHandle CLOSE = downcall("xenref_close",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private XenRef() {
    }

    private static MethodHandle downcall(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LIBRARY.find(name)
                .orElseThrow(() -> new IllegalStateException("the C reference library has no symbol " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    private static Path libraryPath() {
        String given = System.getProperty("livemig.bench.lib");
        if (given != null && !given.isBlank()) {
            Path p = Path.of(given);
            if (!Files.isRegularFile(p)) {
                throw new IllegalStateException("-Dlivemig.bench.lib=" + given + ": no such file");
            }
            return p;
        }
        try (InputStream in = XenRef.class.getResourceAsStream("/native/libxenref.so")) {
            if (in == null) {
                throw new IllegalStateException("/native/libxenref.so is not on the class path: build the benchmarks with "
                        + "Maven (gcc compiles src/main/c/xenref.c) or give -Dlivemig.bench.lib=PATH");
            }
            Path tmp = Files.createTempFile("livemig-xenref", ".so");
            tmp.toFile().deleteOnExit();
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return tmp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the C reference library: " + e.getMessage(), e);
        }
    }

    /** A zeroed sink; {@code record}, when not NULL, receives every flushed pfn (room for {@code recordCap}). */
    public static MemorySegment newSink(Arena arena, MemorySegment record, long recordCap) {
        MemorySegment sink = arena.allocate(SINK);
        sink.set(ValueLayout.ADDRESS, SINK_RECORD, record);
        sink.set(ValueLayout.JAVA_LONG, SINK_RECORD_CAP, recordCap);
        return sink;
    }

    /** Clears the sink's sums and counts (keeps the record buffer). */
    public static void resetSink(MemorySegment sink) {
        sink.set(ValueLayout.JAVA_LONG, 0, 0L);
        sink.set(ValueLayout.JAVA_LONG, SINK_PFNS, 0L);
        sink.set(ValueLayout.JAVA_LONG, SINK_BATCHES, 0L);
    }

    public static long sinkPfns(MemorySegment sink) {
        return sink.get(ValueLayout.JAVA_LONG, SINK_PFNS);
    }

    public static long sinkBatches(MemorySegment sink) {
        return sink.get(ValueLayout.JAVA_LONG, SINK_BATCHES);
    }

    /** Xen's send_dirty_pages loop (test_bit per pfn); returns the sink's pfn sum. */
    public static long scanPerBit(MemorySegment bitmap, long pfnCount, MemorySegment batch, MemorySegment sink) {
        try {
            return (long) SCAN_PER_BIT.invokeExact(bitmap, pfnCount, batch, sink);
        } catch (Throwable t) {
            throw new IllegalStateException("xenref_scan_per_bit failed", t);
        }
    }

    /** The C word-at-a-time scan with count-trailing-zeros; returns the sink's pfn sum. */
    public static long scanWordCtz(MemorySegment bitmap, long pfnCount, MemorySegment batch, MemorySegment sink) {
        try {
            return (long) SCAN_WORD_CTZ.invokeExact(bitmap, pfnCount, batch, sink);
        } catch (Throwable t) {
            throw new IllegalStateException("xenref_scan_word_ctz failed", t);
        }
    }

    /** A C batch writer for batches of up to {@code maxBatch} pfns; free it with {@link #freeWriter}. */
    public static MemorySegment newWriter(int maxBatch) {
        MemorySegment w;
        try {
            w = (MemorySegment) WRITER_NEW.invokeExact(maxBatch);
        } catch (Throwable t) {
            throw new IllegalStateException("xenref_writer_new failed", t);
        }
        if (w.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("xenref_writer_new(" + maxBatch + ") returned NULL (out of memory or batch 0)");
        }
        return w;
    }

    public static void freeWriter(MemorySegment writer) {
        try {
            WRITER_FREE.invokeExact(writer);
        } catch (Throwable t) {
            throw new IllegalStateException("xenref_writer_free failed", t);
        }
    }

    /**
     * Writes one PAGE_DATA record of pfns {@code firstPfn .. firstPfn + count - 1} from {@code guest}
     * to {@code fd} as Xen's write_batch does, per-page iovecs or merged runs.
     *
     * @return the record's bytes, or -errno
     */
    public static long writeBatch(MemorySegment writer, int fd, MemorySegment guest, long firstPfn, int count, boolean merge) {
        try {
            return (long) WRITE_BATCH.invokeExact(writer, fd, guest, firstPfn, count, merge ? 1 : 0);
        } catch (Throwable t) {
            throw new IllegalStateException("xenref_write_batch failed", t);
        }
    }

    /** 1 when {@code fd} is non-blocking, 0 when blocking, -errno when fcntl fails. */
    public static int fdNonBlocking(int fd) {
        try {
            return (int) FD_NONBLOCKING.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException("xenref_fd_nonblocking failed", t);
        }
    }

    // ---- the restore side

    /**
     * A C receiver for records of up to {@code maxBatch} entries into a destination of
     * {@code destinationPages} pages (its populated bitmap); free it with {@link #freeReader}.
     */
    public static MemorySegment newReader(int maxBatch, long destinationPages) {
        MemorySegment r;
        try {
            r = (MemorySegment) READER_NEW.invokeExact(maxBatch, destinationPages);
        } catch (Throwable t) {
            throw new IllegalStateException("xenref_reader_new failed", t);
        }
        if (r.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("xenref_reader_new(" + maxBatch + ") returned NULL (out of memory or batch 0)");
        }
        return r;
    }

    public static void freeReader(MemorySegment reader) {
        try {
            READER_FREE.invokeExact(reader);
        } catch (Throwable t) {
            throw new IllegalStateException("xenref_reader_free failed", t);
        }
    }

    /**
     * Receives one PAGE_DATA record from {@code fd} into {@code destination} (pfn p at p * 4096, the
     * reader's page count) as
     * Xen's restore reads it: read_exact of the headers and entries, one readv scattering the
     * pages, an iovec per page or adjacent pages merged.
     *
     * @return the data pages written, or -errno (-EINVAL: malformed record, -ERANGE: pfn beyond the destination)
     */
    public static long readPageData(MemorySegment reader, int fd, MemorySegment destination, boolean merge) {
        try {
            return (long) READ_PAGE_DATA.invokeExact(reader, fd, destination, merge ? 1 : 0);
        } catch (Throwable t) {
            throw new IllegalStateException("xenref_read_page_data failed", t);
        }
    }

    /**
     * Starts the C feeder thread: {@code prelude} (may be empty), then PAGE_DATA records without end
     * into {@code fd} (blocking); see {@link RestoreFeed} for the records' pfns and data.
     */
    public static MemorySegment startFeeder(int fd, int batch, int stride, long destinationPages, MemorySegment pool,
                                            long poolPages, MemorySegment prelude) {
        MemorySegment f;
        try {
            f = (MemorySegment) FEEDER_START.invokeExact(fd, batch, stride, destinationPages, pool, poolPages, prelude,
                    prelude.byteSize());
        } catch (Throwable t) {
            throw new IllegalStateException("xenref_feeder_start failed", t);
        }
        if (f.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("xenref_feeder_start refused batch " + batch + ", stride " + stride + ", "
                    + destinationPages + " destination pages, " + poolPages + " pool pages (or no memory, no thread)");
        }
        return f;
    }

    /** Records the feeder has written completely. */
    public static long feederRecords(MemorySegment feeder) {
        try {
            return (long) FEEDER_RECORDS.invokeExact(feeder);
        } catch (Throwable t) {
            throw new IllegalStateException("xenref_feeder_records failed", t);
        }
    }

    /** Asks the feeder to stop after its current record (close the reading end next, then {@link #joinFeeder}). */
    public static void stopFeeder(MemorySegment feeder) {
        try {
            FEEDER_STOP.invokeExact(feeder);
        } catch (Throwable t) {
            throw new IllegalStateException("xenref_feeder_stop failed", t);
        }
    }

    /** Waits for the feeder thread and frees it; the errno it stopped on (0, or EPIPE/ECONNRESET once the reader closed). */
    public static int joinFeeder(MemorySegment feeder) {
        try {
            return (int) FEEDER_JOIN.invokeExact(feeder);
        } catch (Throwable t) {
            throw new IllegalStateException("xenref_feeder_join failed", t);
        }
    }

    /** A listening TCP socket on 127.0.0.1; {@code port[0]} receives its port. Returns the descriptor or -errno. */
    public static int tcpListen(MemorySegment port) {
        try {
            return (int) TCP_LISTEN.invokeExact(port);
        } catch (Throwable t) {
            throw new IllegalStateException("xenref_tcp_listen failed", t);
        }
    }

    /** accept(2) with the connection's SO_SNDBUF set (0: the default); the descriptor or -errno. */
    public static int tcpAccept(int listener, int sendBufferBytes) {
        try {
            return (int) TCP_ACCEPT.invokeExact(listener, sendBufferBytes);
        } catch (Throwable t) {
            throw new IllegalStateException("xenref_tcp_accept failed", t);
        }
    }

    /**
     * A new struct xenref_receive_options in {@code arena} holding the kernel's defaults
     * (SO_RCVLOWAT 1, no SO_RCVTIMEO), for {@link #swapReceiveOptions}.
     */
    public static MemorySegment defaultReceiveOptions(Arena arena) {
        MemorySegment o = arena.allocate(RECEIVE_OPTIONS_BYTES, 8);
        o.set(ValueLayout.JAVA_INT, 0, 1);
        return o;
    }

    /** Swaps a socket's SO_RCVLOWAT and SO_RCVTIMEO with those in {@code options}; 0 or -errno. */
    public static int swapReceiveOptions(int fd, MemorySegment options) {
        try {
            return (int) SWAP_RECEIVE_OPTIONS.invokeExact(fd, options);
        } catch (Throwable t) {
            throw new IllegalStateException("xenref_swap_receive_options failed", t);
        }
    }

    /** close(2) of a descriptor made by the C side; 0 or -errno. */
    public static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException("xenref_close failed", t);
        }
    }
}
