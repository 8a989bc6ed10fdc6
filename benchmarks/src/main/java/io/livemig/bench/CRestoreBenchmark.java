package io.livemig.bench;

import io.livemig.backend.sim.GuestMemory;
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
 * The same PAGE_DATA records, from the same feeder through the same kind of descriptor, received
 * by the C reference ({@code xenref_read_page_data}): read_exact of the record and PAGE_DATA
 * headers and of the entries, handle_page_data's checks, a populated bit per pfn, then one
 * readv_exact scattering the page data into the destination ({@code iov=perPage}: an iovec per
 * page; {@code iov=merged}: adjacent pages in one). The destination is the core's
 * {@link GuestMemory}, 256 MiB, preallocated as {@code SimDestination.preallocate} does. Xen
 * 4.17 itself reads the whole record into a malloc'd buffer and copies each page out of it;
 * reading straight into guest memory, as here, is that loop's best case.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m"})
public class CRestoreBenchmark {
    @Param({"pipe", "tcp"})
    public String source;

    @Param({"64", "256", "1024"})
    public int batch;

    @Param({"adjacent", "strided"})
    public String pfns;

    @Param({"perPage", "merged"})
    public String iov;

    private GuestMemory destination;
    private MemorySegment memory;
    private RestoreFeed feed;
    private MemorySegment reader;
    private boolean merged;
    private int fd;

    @Setup(Level.Trial)
    public void open() throws IOException {
        merged = BatchShape.merged(iov);
        destination = GuestMemory.map(GuestPages.DEFAULT_PAGES);
        try {
            destination.populate();
            memory = destination.segment();
            reader = XenRef.newReader(batch, destination.pageCount());
            feed = RestoreFeed.start(source, batch, RestoreFeed.stride(pfns), destination.pageCount(), false);
            fd = feed.receiver().fd();
            int nonBlocking = XenRef.fdNonBlocking(fd);
            if (nonBlocking != 0) {
                throw new IllegalStateException("the " + source + " descriptor " + fd + (nonBlocking > 0
                        ? " is non-blocking: Xen's read_exact would fail with EAGAIN" : " cannot be inspected: errno " + -nonBlocking));
            }
        } catch (IOException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** The destination memory (for the tests). */
    MemorySegment memory() {
        return memory;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        try {
            if (feed != null) {
                feed.close();
            }
        } finally {
            if (reader != null) {
                XenRef.freeReader(reader);
            }
            destination.close();
        }
    }

    @Benchmark
    public long readRecord(ThreadAllocation allocation) {
        allocation.records++;
        long pages = XenRef.readPageData(reader, fd, memory, merged);
        if (pages != batch) {
            throw new IllegalStateException("xenref_read_page_data from " + source + " returned " + pages
                    + (pages < 0 ? " (-errno)" : " pages, not " + batch));
        }
        return pages;
    }
}
