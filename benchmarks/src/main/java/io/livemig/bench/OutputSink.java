package io.livemig.bench;

import io.livemig.transport.Endpoint;
import io.livemig.transport.SourceOptions;
import io.livemig.transport.StreamSource;
import io.livemig.transport.StreamTarget;
import io.livemig.transport.TargetOptions;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ReadableByteChannel;
import java.util.Locale;

/**
 * Where the batch benchmarks write their PAGE_DATA records, opened the way livemig opens its
 * outputs, and the same file descriptor for the Java and the C writer:
 * <ul>
 *   <li>{@code devnull}: {@code /dev/null} through {@link StreamTarget} (a {@code FileChannel});</li>
 *   <li>{@code pipe}: a {@link Pipe} (a real pipe(2), 64 KiB), drained by a reader thread, like
 *       {@code livemig save --to - | ssh ...};</li>
 *   <li>{@code tcp}: loopback TCP, livemig's {@link StreamSource} listening and {@link StreamTarget}
 *       connecting (with their 4 MiB socket buffers), drained by a reader thread.</li>
 * </ul>
 * The C writer gets the Java channel's own descriptor ({@link #fd()}), found once by reflection
 * (the JVM needs {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens
 * java.base/java.io=ALL-UNNAMED}); so both writers use the same kind of descriptor with the same
 * options, drained by the same reader.
 */
public final class OutputSink implements AutoCloseable {
    /** The reader's buffer: 1 MiB per read(2), direct so the JDK reads straight into it. */
    private static final int DRAIN_BUFFER = 1 << 20;

    private final String kind;
    private final GatheringByteChannel channel;
    private final AutoCloseable writerEnd;
    private final ReadableByteChannel readerEnd;
    private final AutoCloseable readerOwner;
    private final Thread drain;
    private final int fd;
    private volatile long drained;
    private volatile Throwable drainFailure;

    private OutputSink(String kind, GatheringByteChannel channel, AutoCloseable writerEnd, ReadableByteChannel readerEnd,
                       AutoCloseable readerOwner) {
        this.kind = kind;
        this.channel = channel;
        this.writerEnd = writerEnd;
        this.readerEnd = readerEnd;
        this.readerOwner = readerOwner;
        this.fd = fdOf(channel);
        this.drain = readerEnd == null ? null : Thread.ofPlatform().daemon().name("drain-" + kind).start(this::drainLoop);
    }

    /** Opens a sink of kind devnull, pipe or tcp. */
    public static OutputSink open(String kind) throws IOException {
        switch (kind.toLowerCase(Locale.ROOT)) {
            case "devnull" -> {
                StreamTarget target = StreamTarget.open(Endpoint.parse("/dev/null"), TargetOptions.defaults());
                return new OutputSink("devnull", target.channel(), target, null, null);
            }
            case "pipe" -> {
                Pipe pipe = Pipe.open();
                return new OutputSink("pipe", pipe.sink(), pipe.sink(), pipe.source(), pipe.source());
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
                return new OutputSink("tcp", target.channel(), target, accepted, source);
            }
            default -> throw new IllegalArgumentException("output sink '" + kind + "': expected devnull, pipe or tcp");
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

    /**
     * The file descriptor behind a JDK channel: {@code sun.nio.ch.SelChImpl.getFDVal()} for sockets
     * and pipes, the {@code fd} field of {@code FileChannelImpl} for files.
     */
    static int fdOf(Channel channel) {
        try {
            Class<?> selectable = Class.forName("sun.nio.ch.SelChImpl");
            if (selectable.isInstance(channel)) {
                return (int) selectable.getMethod("getFDVal").invoke(channel);
            }
            Field fdField = findField(channel.getClass(), "fd");
            fdField.setAccessible(true);
            FileDescriptor descriptor = (FileDescriptor) fdField.get(channel);
            Field raw = FileDescriptor.class.getDeclaredField("fd");
            raw.setAccessible(true);
            return raw.getInt(descriptor);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot find the file descriptor of a " + channel.getClass().getName()
                    + " (run the JVM with --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED): " + e, e);
        }
    }

    private static Field findField(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }
}
