package io.livemig.bench;

import io.livemig.posix.Libc;
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
 * livemig's PAGE_DATA writer and the C reference taking turns on one sink: one guest, one
 * {@link OutputSink} and its reader. {@link JavaBatchBenchmark}'s writer (the engine's merged
 * pages) and {@code xenref_write_batch} (merged runs: the faster C path) write whole records
 * alternately, each for {@value TakingTurns#TURN_MILLIS} ms of its own writing time, and
 * each record's time is counted to the writer that wrote it ({@link Turns}). As for the receivers
 * ({@link PairedRestoreBenchmark}): the separate benchmarks run in separate JVMs, each with its own
 * connection, and a TCP cell moves between forks by more than the 5 % the target allows.
 *
 * <p>A pipe is non-blocking for livemig's writer (as livemig opens its FIFOs) and blocking for
 * Xen's ({@code writev_exact} fails on EAGAIN): a change of turn sets {@code O_NONBLOCK} the
 * writer's way (outside the counted time). A socket stays blocking: livemig sends with
 * {@code MSG_DONTWAIT}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m"})
public class PairedBatchBenchmark extends TakingTurns {
    @Param({"devnull", "pipe", "tcp", "file"})
    public String sink;

    @Param({"64", "256", "1024"})
    public int batch;

    private JavaBatchBenchmark java;
    private final ThreadAllocation notCounted = new ThreadAllocation(); // the Java writer counts records here; Turns counts them for the report
    private MemorySegment cWriter;
    private MemorySegment memory;
    private OutputSink output;
    private Arena arena;
    private MemorySegment capture;
    private int fd;
    private boolean pipe;
    private int nextCBatch;

    @Setup(Level.Trial)
    public void open() throws IOException {
        java = new JavaBatchBenchmark();
        java.sink = sink;
        java.batch = batch;
        java.iov = "merged";
        java.open();
        try {
            arena = Arena.ofConfined();
            capture = Libc.captureState(arena);
            output = java.output();
            memory = java.guest().segment();
            fd = output.fd();
            pipe = output.kind().equals("pipe");
            int nonBlocking = XenRef.fdNonBlocking(fd);
            if (nonBlocking != (pipe ? 1 : 0)) {
                throw new IllegalStateException("the " + sink + " descriptor " + fd + (nonBlocking < 0
                        ? " cannot be inspected: errno " + -nonBlocking : " is " + (nonBlocking > 0 ? "" : "not ") + "non-blocking"));
            }
            cWriter = XenRef.newWriter(batch);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        try {
            java.close();
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            if (cWriter != null) {
                XenRef.freeWriter(cWriter);
                cWriter = null;
            }
            if (arena != null) {
                arena.close();
                arena = null;
            }
        }
    }

    /** The descriptor both writers write (for the tests). */
    int fd() {
        return fd;
    }

    /** The sink both write to (for the tests). */
    OutputSink output() {
        return output;
    }

    @Benchmark
    public int writeRecord(Turns turns) throws IOException {
        return record(turns);
    }

    @Override
    int javaRecord() throws IOException {
        return java.writeRecord(notCounted);
    }

    @Override
    int cRecord() {
        int index = nextCBatch;
        nextCBatch = index + 1 == java.guest().batches() ? 0 : index + 1;
        long written = XenRef.writeBatch(cWriter, fd, memory, (long) index * batch, batch, true);
        if (written < 0) {
            throw new IllegalStateException("xenref_write_batch to " + sink + " failed: errno " + -written);
        }
        output.written(written);
        return batch;
    }

    /** A pipe set the way the next writer writes (between records: a writer writes whole records). */
    @Override
    void turnChanging(boolean toJava) {
        if (pipe) {
            setNonBlocking(toJava);
        }
    }

    private void setNonBlocking(boolean on) {
        try {
            int flags = (int) Libc.FCNTL.invokeExact(capture, fd, Libc.F_GETFL, 0);
            if (flags == -1 || (int) Libc.FCNTL.invokeExact(capture, fd, Libc.F_SETFL,
                    on ? flags | Libc.O_NONBLOCK : flags & ~Libc.O_NONBLOCK) == -1) {
                throw new IllegalStateException("fcntl(F_SETFL) of the pipe " + fd + " failed: errno " + Libc.errno(capture));
            }
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
