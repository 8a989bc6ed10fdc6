package io.livemig.bench;

import io.livemig.transport.Endpoint;
import io.livemig.transport.SourceOptions;
import io.livemig.transport.StreamSource;
import io.livemig.transport.StreamTarget;
import io.livemig.transport.TargetOptions;
import io.livemig.posix.Libc;
import io.livemig.transport.FdChannel;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where the batch benchmarks write their PAGE_DATA records, opened the way livemig opens its
 * outputs, and the same kind of file descriptor for the Java and the C writer:
 * <ul>
 *   <li>{@code devnull}: {@code /dev/null} through {@link StreamTarget} (an {@link FdChannel});</li>
 *   <li>{@code pipe}: a pipe(2) (64 KiB), drained by a reader thread, like
 *       {@code livemig save --to - | ssh ...}: non-blocking for the Java writer (as livemig opens
 *       its FIFOs), blocking for the C one (Xen's writev_exact fails on EAGAIN);</li>
 *   <li>{@code tcp}: loopback TCP, livemig's {@link StreamSource} listening and {@link StreamTarget}
 *       connecting (with their 4 MiB socket buffers), drained by a reader thread; the descriptor
 *       is blocking (livemig sends with MSG_DONTWAIT), so the C writer uses it as it is;</li>
 *   <li>{@code file}: a file in tmpfs ({@code /dev/shm}), the copy into the page cache alone;
 *       {@link #written(long)} rewinds it to offset 0 every {@value #FILE_WRAP_BYTES} bytes, for
 *       both writers alike, so that it stays small.</li>
 * </ul>
 * The C writer gets the channel's own descriptor ({@link #fd()}).
 */
public final class OutputSink implements AutoCloseable {
    /** The reader's buffer: 1 MiB per read(2), direct so that it is read into without a copy. */
    private static final int DRAIN_BUFFER = 1 << 20;
    /** The tmpfs file wraps around at this size. */
    static final long FILE_WRAP_BYTES = 256L << 20;

    private final String kind;
    private final GatheringByteChannel channel;
    private final AutoCloseable writerEnd;
    private final ReadableByteChannel readerEnd;
    private final AutoCloseable readerOwner;
    private final Thread drain;
    private final int fd;
    private final Path file;
    private long sinceRewind;
    private volatile long drained;
    private volatile Throwable drainFailure;

    private OutputSink(String kind, GatheringByteChannel channel, AutoCloseable writerEnd, ReadableByteChannel readerEnd,
                       AutoCloseable readerOwner, Path file) {
        this.kind = kind;
        this.channel = channel;
        this.writerEnd = writerEnd;
        this.readerEnd = readerEnd;
        this.readerOwner = readerOwner;
        this.file = file;
        this.fd = ((FdChannel) channel).fd();
        this.drain = readerEnd == null ? null : Thread.ofPlatform().daemon().name("drain-" + kind).start(this::drainLoop);
    }

    /** Opens a sink of kind devnull, pipe, tcp or file for the Java writer. */
    public static OutputSink open(String kind) throws IOException {
        return open(kind, false);
    }

    /** Opens a sink; {@code forC}: its descriptor blocking, as the C reference of Xen's writer needs it. */
    public static OutputSink open(String kind, boolean forC) throws IOException {
        switch (kind.toLowerCase(Locale.ROOT)) {
            case "devnull" -> {
                StreamTarget target = StreamTarget.open(Endpoint.parse("/dev/null"), TargetOptions.defaults());
                return new OutputSink("devnull", target.channel(), target, null, null, null);
            }
            case "pipe" -> {
                FdChannel[] pipe = FdChannel.pipe(forC);
                return new OutputSink("pipe", pipe[1], pipe[1], pipe[0], pipe[0], null);
            }
            case "tcp" -> {
                StreamSource source = StreamSource.open(Endpoint.Tcp.loopback(0), SourceOptions.defaults());
                StreamTarget target;
                ReadableByteChannel accepted;
                try {
                    Endpoint.Tcp where = source.listeningEndpoint()
                            .orElseThrow(() -> new IOException("the loopback listener has no port"));
                    target = StreamTarget.open(where, TargetOptions.defaults());
                    accepted = source.channel(); // the connection is already in the backlog
                } catch (IOException | RuntimeException e) {
                    source.close();
                    throw e;
                }
                return new OutputSink("tcp", target.channel(), target, accepted, source, null);
            }
            case "file" -> {
                Path path = Files.createTempFile(Path.of("/dev/shm"), "livemig-bench-", ".stream");
                FdChannel out = FdChannel.open(path, Libc.O_WRONLY | Libc.O_TRUNC, 0600);
                return new OutputSink("file", out, out, null, null, path);
            }
            default -> throw new IllegalArgumentException("output sink '" + kind + "': expected devnull, pipe, tcp or file");
        }
    }

    /**
     * After each record: {@code bytes} more were written. The tmpfs file goes back to offset 0
     * every {@value #FILE_WRAP_BYTES} bytes (one lseek, the same for both writers).
     */
    public void written(long bytes) {
        if (file == null) {
            return;
        }
        sinceRewind += bytes;
        if (sinceRewind >= FILE_WRAP_BYTES) {
            sinceRewind = 0;
            try (Arena call = Arena.ofConfined()) {
                long at = (long) Libc.LSEEK.invokeExact(Libc.captureState(call), fd, 0L, 0);
                if (at != 0) {
                    throw new IllegalStateException("lseek of the tmpfs sink failed");
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    private void drainLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(DRAIN_BUFFER);
        long total = 0;
        try {
            int n;
            while ((n = readerEnd.read(buffer.clear())) >= 0) {
                total += n;
                drained = total;
            }
        } catch (IOException e) {
            if (readerEnd.isOpen()) {
                drainFailure = e;
            }
        } catch (RuntimeException | Error e) {
            drainFailure = e;
        }
    }

    public String kind() {
        return kind;
    }

    /** The channel the Java writer writes to. */
    public GatheringByteChannel channel() {
        return channel;
    }

    /** The same channel's file descriptor, for the C writer. */
    public int fd() {
        return fd;
    }

    /** Bytes the reader has taken out so far (0 for /dev/null). */
    public long drained() {
        return drained;
    }

    /** Closes the writing end, lets the reader see end of stream, waits for it, closes the rest. */
    @Override
    public void close() throws Exception {
        Exception failure = null;
        try {
            writerEnd.close();
        } catch (Exception e) {
            failure = e;
        }
        if (drain != null) {
            drain.join(10_000);
            if (drain.isAlive()) {
                readerEnd.close(); // unblocks a reader that did not see end of stream
                drain.join(10_000);
            }
        }
        try {
            if (readerOwner != null) {
                readerOwner.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (Exception e) {
            if (failure == null) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        Throwable drainError = drainFailure;
        if (drainError != null) {
            throw new IOException("the " + kind + " reader failed: " + drainError, drainError);
        }
    }
}
