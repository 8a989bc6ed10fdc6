package io.livemig.bench;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * livemig's receiver and the C reference taking turns on one stream: one feeder, one pipe or
 * connection, one destination. {@link JavaRestoreBenchmark}'s reader and {@link CRestoreBenchmark}'s
 * ({@code xenref_read_page_data}, adjacent pages merged: the faster C path) read whole records
 * alternately, each for {@value TakingTurns#TURN_MILLIS} ms of its own reading time, and each record's time is
 * counted to the reader that read it ({@link Turns}). The ratio of the two rates is then measured
 * under the same conditions: the separate benchmarks run in separate JVMs, each with its own
 * connection and memory, and on this 2-core VM a fork of either moves by 10-20 % against another
 * fork of the same benchmark, more than the 5 % the target allows.
 *
 * <p>On a socket each reader has its own receive options: livemig's reader sets a low-water mark
 * and receive slices ({@code SO_RCVLOWAT}, {@code SO_RCVTIMEO}), Xen's read loop runs with the
 * kernel's defaults. A change of turn swaps them (outside the counted time), so neither reader
 * runs with the other's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m"})
public class PairedRestoreBenchmark extends TakingTurns {

    @Param({"pipe", "tcp"})
    public String source;

    @Param({"64", "256", "1024"})
    public int batch;

    @Param({"adjacent", "strided"})
    public String pfns;

    private JavaRestoreBenchmark java;
    private final ThreadAllocation notCounted = new ThreadAllocation(); // the Java reader counts records here; Turns counts them for the report
    private Arena arena;
    private MemorySegment cReader;
    private MemorySegment memory;
    private MemorySegment otherOptions; // the receive options of the reader whose turn it is not
    private int fd;
    private boolean socket;

    @Setup(Level.Trial)
    public void open() throws IOException {
        java = new JavaRestoreBenchmark();
        java.source = source;
        java.batch = batch;
        java.pfns = pfns;
        java.open();
        try {
            arena = Arena.ofConfined();
            MemorySegment view = java.destination().memory(); // read-only: the C reader writes through the address
            memory = MemorySegment.ofAddress(view.address()).reinterpret(view.byteSize());
            cReader = XenRef.newReader(batch, java.destination().pfnLimit());
            fd = java.feed().receiver().fd();
            socket = java.feed().kind().equals("tcp");
            otherOptions = XenRef.defaultReceiveOptions(arena);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        try {
            java.close();
        } finally {
            if (cReader != null) {
                XenRef.freeReader(cReader);
                cReader = null;
            }
            if (arena != null) {
                arena.close();
                arena = null;
            }
        }
    }

    /** The C reader's destination (for the tests): the Java reader's, written through its address. */
    MemorySegment memory() {
        return memory;
    }

    /** The descriptor both readers read (for the tests). */
    int fd() {
        return fd;
    }

    @Benchmark
    public int readRecord(Turns turns) throws IOException {
        return record(turns);
    }

    @Override
    int javaRecord() throws IOException {
        return java.readRecord(notCounted);
    }

    @Override
    int cRecord() {
        long pages = XenRef.readPageData(cReader, fd, memory, true);
        if (pages != batch) {
            throw new IllegalStateException("xenref_read_page_data from " + source + " returned " + pages
                    + (pages < 0 ? " (-errno)" : " pages, not " + batch));
        }
        return batch;
    }

    /** The other reader's receive options (at a record boundary: a reader reads whole records). */
    @Override
    void turnChanging(boolean toJava) {
        if (socket) {
            int error = XenRef.swapReceiveOptions(fd, otherOptions);
            if (error != 0) {
                throw new IllegalStateException("swapping the receive options of the " + source + " descriptor " + fd
                        + " failed: errno " + -error);
            }
        }
    }
}
