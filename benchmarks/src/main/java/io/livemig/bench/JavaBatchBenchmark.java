package io.livemig.bench;

import io.livemig.stream.ChannelOutput;
import io.livemig.stream.PageDataWriter;
import io.livemig.stream.PageType;
import io.livemig.stream.StreamWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
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
 * PAGE_DATA records from guest memory through the core's writer, as the save engine writes them:
 * {@link PageDataWriter} over {@link StreamWriter} / {@link ChannelOutput}, one gathering write
 * per record, page buffers that view guest memory (no copy). One operation = one record of
 * {@code batch} ordinary pages; the report turns records per second into pages per second and
 * GB/s, and {@code -prof gc} gives the bytes allocated per record.
 *
 * <p>{@code iov=perPage}: one buffer per page (the shape of Xen 4.17's iovecs), buffer {@code k}
 * of every record the same view object re-aimed at its page, as the backends' page views are;
 * {@code iov=merged}: one buffer for the batch's adjacent pages, which is what the simulated
 * domain's page mapper hands the engine for adjacent pfns (and newer Xen's merged iovecs).
 * Batches stop at 1024: Xen's MAX_BATCH_SIZE, which the writer, the engine and the reader enforce.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m"})
public class JavaBatchBenchmark {
    @Param({"devnull", "pipe", "tcp", "file"})
    public String sink;

    @Param({"64", "256", "1024"})
    public int batch;

    @Param({"perPage", "merged"})
    public String iov;

    private GuestPages guest;
    private OutputSink output;
    private PageDataWriter writer;
    private boolean merged;
    private long[] pfns;
    private int[] types;
    private ByteBuffer[] pages;
    private int nextBatch;

    @Setup(Level.Trial)
    public void open() throws IOException {
        merged = BatchShape.merged(iov);
        guest = GuestPages.create(GuestPages.DEFAULT_PAGES, batch);
        output = OutputSink.open(sink);
        writer = new PageDataWriter(new StreamWriter(new ChannelOutput(output.channel()), false), batch);
        pfns = new long[batch];
        types = new int[batch];
        Arrays.fill(types, PageType.NOTAB);
        pages = new ByteBuffer[batch];
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        try {
            output.close();
        } finally {
            guest.close();
        }
    }

    /** The sink the writer writes to (for {@link PairedBatchBenchmark}, which writes to it too). */
    OutputSink output() {
        return output;
    }

    /** The guest memory the records' pages come from. */
    GuestPages guest() {
        return guest;
    }

    @Benchmark
    public int writeRecord(ThreadAllocation allocation) throws IOException {
        allocation.records++;
        final int n = batch;
        int index = nextBatch;
        nextBatch = index + 1 == guest.batches() ? 0 : index + 1;
        final int first = index * n;
        final long[] p = pfns;
        for (int k = 0; k < n; k++) {
            p[k] = first + k;
        }
        final ByteBuffer[] bufs = pages;
        int buffers;
        if (merged) {
            bufs[0] = guest.run(index);
            buffers = 1;
        } else {
            for (int k = 0; k < n; k++) {
                bufs[k] = guest.pageAt(k, first + k);
            }
            buffers = n;
        }
        int sent = writer.write(p, types, n, bufs, buffers);
        output.written((long) sent << 12);
        return sent;
    }
}
