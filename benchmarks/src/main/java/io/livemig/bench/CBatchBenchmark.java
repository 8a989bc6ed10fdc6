package io.livemig.bench;

import java.io.IOException;
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
 * The same PAGE_DATA records, from the same guest memory to the same file descriptor, written by
 * the C reference of Xen's write_batch + writev_exact ({@code xenref_write_batch}):
 * {@code iov=perPage} is Xen 4.17 (an iovec per page), {@code iov=merged} newer Xen (adjacent
 * pages in one iovec). The records are byte for byte those of {@link JavaBatchBenchmark} (a test
 * checks it). Batch 4096 goes beyond Xen's MAX_BATCH_SIZE and exists on the C side only, to show
 * what a larger batch would buy (writev_exact then splits at IOV_MAX).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m"})
public class CBatchBenchmark {
    @Param({"devnull", "pipe", "tcp", "file"})
    public String sink;

    @Param({"64", "256", "1024", "4096"})
    public int batch;

    @Param({"perPage", "merged"})
    public String iov;

    private GuestPages guest;
    private OutputSink output;
    private MemorySegment writer;
    private MemorySegment memory;
    private boolean merged;
    private int fd;
    private int nextBatch;

    @Setup(Level.Trial)
    public void open() throws IOException {
        merged = BatchShape.merged(iov);
        guest = GuestPages.create(GuestPages.DEFAULT_PAGES, batch);
        memory = guest.segment();
        output = OutputSink.open(sink, true);
        fd = output.fd();
        int nonBlocking = XenRef.fdNonBlocking(fd);
        if (nonBlocking != 0) {
            throw new IllegalStateException("the " + sink + " descriptor " + fd + (nonBlocking > 0
                    ? " is non-blocking: Xen's writev_exact would fail with EAGAIN" : " cannot be inspected: errno " + -nonBlocking));
        }
        writer = XenRef.newWriter(batch);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        try {
            output.close();
        } finally {
            XenRef.freeWriter(writer);
            guest.close();
        }
    }

    @Benchmark
    public long writeRecord(ThreadAllocation allocation) {
        allocation.records++;
        int index = nextBatch;
        nextBatch = index + 1 == guest.batches() ? 0 : index + 1;
        long written = XenRef.writeBatch(writer, fd, memory, (long) index * batch, batch, merged);
        if (written < 0) {
            throw new IllegalStateException("xenref_write_batch to " + sink + " failed: errno " + -written);
        }
        output.written(written);
        return written;
    }
}
