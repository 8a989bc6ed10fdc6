package io.livemig.bench;

import io.livemig.stream.ChannelOutput;
import io.livemig.stream.DomainType;
import io.livemig.stream.RecordType;
import io.livemig.stream.StreamWriter;
import io.livemig.transport.FdChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Locale;

/**
 * The sending end of the receive benchmarks: a C thread ({@code xenref_feeder_*}) writing an
 * endless stream of valid PAGE_DATA records into a descriptor, the same feeder for the Java and
 * the C receiver, so that the sending costs the same and allocates nothing in the JVM. The
 * receiving end is an {@link FdChannel} (the Java receiver reads it, the C one reads its
 * {@link FdChannel#fd() descriptor}):
 * <ul>
 *   <li>{@code pipe}: a pipe(2) (64 KiB), both ends blocking (the C feeder and Xen's read_exact
 *       expect it; livemig's restore reads standard input blocking too);</li>
 *   <li>{@code tcp}: loopback TCP; the receiver is {@link FdChannel#connect} (blocking, receives
 *       with MSG_DONTWAIT), the feeder the accepted connection with a 4 MiB send buffer.</li>
 * </ul>
 *
 * <p>Records: batch {@code batch} ordinary pages each; record {@code r} of a cycle of
 * {@code destinationPages / batch} records has the pfns {@link #pfn}: {@code pfns=adjacent}
 * (stride 1) gives runs {@code r * batch + k}, which the destination maps as one buffer per record;
 * {@code pfns=strided} (stride 2) every other pfn, first the even then the odd ones, so that no two
 * pages of a record are adjacent (one buffer, one iovec per page on both sides). A cycle writes
 * every destination page once. The data of entry {@code k} is page {@code (r * batch + k) % }
 * {@value #POOL_PAGES} of a 4 MiB pool that stays in the cache (the feeder is cheap; the receiver
 * writes all of the 256 MiB destination; {@link #newPool} and {@link #poolPage} let the tests check it).
 *
 * <p>For the Java receiver, whose {@code StreamReader} checks a whole stream, the feeder first
 * writes a prelude made by the core's {@link StreamWriter}: the libxc image and domain headers
 * (x86 HVM, Xen 4.17) and STATIC_DATA_END. The C receiver reads records only.
 */
public final class RestoreFeed implements AutoCloseable {
    /** The pool of page data: 1024 pages (4 MiB), a multiple of every batch size. */
    public static final int POOL_PAGES = 1024;
    private static final int PAGE_SIZE = GuestPages.PAGE_SIZE;
    private static final int TCP_SEND_BUFFER = 4 << 20;
    private static final int EPIPE = 32;
    private static final int ECONNRESET = 104;

    private final String kind;
    private final Arena arena;
    private final FdChannel receiver;
    private final FdChannel pipeWriteEnd;
    private final int feedFd;
    private MemorySegment feeder;

    private RestoreFeed(String kind, Arena arena, FdChannel receiver, FdChannel pipeWriteEnd, int feedFd) {
        this.kind = kind;
        this.arena = arena;
        this.receiver = receiver;
        this.pipeWriteEnd = pipeWriteEnd;
        this.feedFd = feedFd;
    }

    /** The {@code pfns} parameter: 1 for adjacent, 2 for strided. */
    public static int stride(String pfns) {
        return switch (pfns.toLowerCase(Locale.ROOT)) {
            case "adjacent" -> 1;
            case "strided" -> 2;
            default -> throw new IllegalArgumentException("pfns '" + pfns + "': expected adjacent or strided");
        };
    }

    /**
     * Opens a source ({@code pipe} or {@code tcp}) and starts the feeder on it.
     *
     * @param withPrelude the stream's headers first (for livemig's StreamReader)
     */
    public static RestoreFeed start(String source, int batch, int stride, long destinationPages, boolean withPrelude)
            throws IOException {
        Arena arena = Arena.ofShared();
        RestoreFeed feed = null;
        try {
            MemorySegment pool = newPool(arena);
            byte[] preludeBytes = withPrelude ? prelude() : new byte[0];
            MemorySegment prelude = arena.allocate(Math.max(1, preludeBytes.length)).asSlice(0, preludeBytes.length);
            MemorySegment.copy(preludeBytes, 0, prelude, ValueLayout.JAVA_BYTE, 0, preludeBytes.length);
            feed = open(source, arena);
            feed.feeder = XenRef.startFeeder(feed.feedFd, batch, stride, destinationPages, pool, POOL_PAGES, prelude);
            return feed;
        } catch (IOException | RuntimeException | Error e) {
            if (feed != null) {
                feed.closeQuietly();
            } else {
                arena.close();
            }
            throw e;
        }
    }

    private static RestoreFeed open(String source, Arena arena) throws IOException {
        switch (source.toLowerCase(Locale.ROOT)) {
            case "pipe" -> {
                FdChannel[] pipe = FdChannel.pipe(true);
                return new RestoreFeed("pipe", arena, pipe[0], pipe[1], pipe[1].fd());
            }
            case "tcp" -> {
                MemorySegment port = arena.allocate(ValueLayout.JAVA_INT);
                int listener = XenRef.tcpListen(port);
                if (listener < 0) {
                    throw new IOException("loopback listen failed: errno " + -listener);
                }
                try {
                    InetSocketAddress where = new InetSocketAddress(InetAddress.getLoopbackAddress(), port.get(ValueLayout.JAVA_INT, 0));
                    FdChannel receiver = FdChannel.connect(where, 5_000, TCP_SEND_BUFFER);
                    int accepted = XenRef.tcpAccept(listener, TCP_SEND_BUFFER); // the connection is in the backlog
                    if (accepted < 0) {
                        receiver.close();
                        throw new IOException("loopback accept failed: errno " + -accepted);
                    }
                    return new RestoreFeed("tcp", arena, receiver, null, accepted);
                } finally {
                    XenRef.close(listener);
                }
            }
            default -> throw new IllegalArgumentException("source '" + source + "': expected pipe or tcp");
        }
    }

    /**
     * The pool of page data the feeder sends, {@value #POOL_PAGES} pages: page {@code q} is 0x5A
     * bytes with a stamp of {@code q} in its first and its last 8 bytes.
     */
    public static MemorySegment newPool(Arena arena) {
        MemorySegment pool = arena.allocate((long) POOL_PAGES * PAGE_SIZE, PAGE_SIZE);
        pool.fill((byte) 0x5A);
        for (int q = 0; q < POOL_PAGES; q++) {
            pool.set(ValueLayout.JAVA_LONG_UNALIGNED, (long) q * PAGE_SIZE, q * 0x9E3779B97F4A7C15L | 1);
            pool.set(ValueLayout.JAVA_LONG_UNALIGNED, (long) q * PAGE_SIZE + PAGE_SIZE - 8, ~(long) q);
        }
        return pool;
    }

    /** The image and domain headers and STATIC_DATA_END, written by the core's StreamWriter. */
    static byte[] prelude() throws IOException {
        ByteCollector bytes = new ByteCollector();
        StreamWriter w = new StreamWriter(new ChannelOutput(bytes), false);
        w.writeHeaders(DomainType.X86_HVM, 4, 17);
        w.writeEmptyRecord(RecordType.STATIC_DATA_END);
        return bytes.out.toByteArray();
    }

    /** Record {@code r}'s pfn {@code k} (the same formula as xenref_feeder_pfn). */
    public static long pfn(long destinationPages, int batch, int stride, long r, int k) {
        long records = destinationPages / batch;
        long part = records / stride;
        long inCycle = r % records;
        return (long) stride * ((inCycle % part) * batch + k) + inCycle / part;
    }

    /** The pool page record {@code r}'s entry {@code k} carries. */
    public static int poolPage(int batch, long r, int k) {
        return (int) ((r * batch + k) % POOL_PAGES);
    }

    public String kind() {
        return kind;
    }

    /** The receiving end (read it, or give its descriptor to the C receiver). */
    public FdChannel receiver() {
        return receiver;
    }

    /** Records the feeder has written completely so far. */
    public long recordsFed() {
        return XenRef.feederRecords(feeder);
    }

    /** Stops the feeder: the flag, the reading end closed (ends a blocked writev), the thread joined. */
    @Override
    public void close() throws IOException {
        int error = 0;
        try {
            if (feeder != null) {
                XenRef.stopFeeder(feeder);
            }
            receiver.close();
            if (feeder != null) {
                error = XenRef.joinFeeder(feeder);
                feeder = null;
            }
        } finally {
            if (pipeWriteEnd != null) {
                pipeWriteEnd.close();
            } else {
                XenRef.close(feedFd);
            }
            arena.close();
        }
        // EPIPE and ECONNRESET: the reader closed, which is how the feeder is stopped
        if (error != 0 && error != EPIPE && error != ECONNRESET) {
            throw new IOException("the " + kind + " feeder failed: errno " + error);
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            // the start already failed; that failure is the one reported
        }
    }

    /** A channel collecting what is written, for the prelude. */
    private static final class ByteCollector implements GatheringByteChannel {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            byte[] b = new byte[n];
            src.get(b);
            out.write(b, 0, n);
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += write(srcs[i]);
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
