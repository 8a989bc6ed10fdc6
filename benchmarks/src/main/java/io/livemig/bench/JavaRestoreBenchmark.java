package io.livemig.bench;

import io.livemig.backend.PageSink;
import io.livemig.backend.sim.SimDestination;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.stream.PageData;
import io.livemig.stream.StreamReader;
import io.livemig.stream.StreamRecord;
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
 * PAGE_DATA records from a pipe or a loopback socket into a preallocated destination, through
 * livemig's restore path: the core's {@link StreamReader} over an {@link io.livemig.transport.FdChannel}
 * returns the record (its header and entries read and checked), the destination's
 * {@link PageSink#mapForWrite} (a {@link SimDestination} preallocated as Xen's domain builder
 * does: populated bit per pfn, one writable view per run of adjacent pfns) maps the pages and
 * {@link PageData#readInto} scatters the page data straight into them, then the views are
 * dropped and unmapped: what {@code RestoreEngine}'s PAGE_DATA step does, line for line. One
 * operation = one record of {@code batch} pages; {@link RestoreFeed} writes them from a C thread.
 *
 * <p>{@code pfns=adjacent}: a record's pfns are one run (one buffer, the common case of a first
 * pass); {@code pfns=strided}: no two adjacent (one buffer per page, FdChannel's per-buffer path).
 * The destination (256 MiB) is written all over, every page once per cycle.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m"})
public class JavaRestoreBenchmark {
    @Param({"pipe", "tcp"})
    public String source;

    @Param({"64", "256", "1024"})
    public int batch;

    @Param({"adjacent", "strided"})
    public String pfns;

    private SimDestination destination;
    private PageSink sink;
    private RestoreFeed feed;
    private StreamReader reader;
    private ByteBuffer[] pages;

    @Setup(Level.Trial)
    public void open() throws IOException {
        destination = SimDomainConfig.builder().name("destination")
                .size((long) GuestPages.DEFAULT_PAGES * GuestPages.PAGE_SIZE).createDestination();
        try {
            destination.preallocate();
            sink = destination.openPageSink(batch);
            pages = new ByteBuffer[batch];
            feed = RestoreFeed.start(source, batch, RestoreFeed.stride(pfns), destination.pfnLimit(), true);
            reader = new StreamReader(feed.receiver(), destination.pfnLimit(), false);
            StreamRecord first = reader.next();
            if (!(first instanceof StreamRecord.StaticDataEnd)) {
                throw new IllegalStateException("the feed's prelude should end with STATIC_DATA_END, the reader returned " + first);
            }
        } catch (IOException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** The feeder and the receiving end the records come from. */
    RestoreFeed feed() {
        return feed;
    }

    /** The destination the records went to (for the tests). */
    SimDestination destination() {
        return destination;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        try {
            if (feed != null) {
                feed.close();
            }
        } finally {
            if (sink != null) {
                sink.close();
            }
            destination.close();
        }
    }

    @Benchmark
    public int readRecord(ThreadAllocation allocation) throws IOException {
        allocation.records++;
        if (!(reader.next() instanceof PageData record)) {
            throw new IllegalStateException("the feed carries PAGE_DATA records only");
        }
        // RestoreEngine's pageData, without its error wrapping (which allocates only on failure)
        final ByteBuffer[] bufs = pages;
        int mapped = sink.mapForWrite(record.pfns(), record.types(), record.count(), bufs);
        try {
            record.readInto(bufs, mapped);
        } finally {
            Arrays.fill(bufs, 0, mapped, null);
            sink.unmap();
        }
        return record.dataPages();
    }
}
