package io.livemig.transport;

import io.livemig.posix.NativeAccess;
import io.livemig.posix.Libc;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLException;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Where a save writes its stream: a file, standard output, or a TCP connection to a receiver.
 *
 * <p>{@link #channel()} is an {@link FdChannel}: the raw descriptor of the file, standard output or
 * TCP socket, written with {@code writev}/{@code sendmsg} through FFM, page buffers handed to the
 * kernel as they are (zero-copy from guest memory, nothing allocated per write). With
 * {@link TargetOptions#tls()} it is a TLS channel over a JDK socket instead, which copies:
 * encryption needs it. A channel is interruptible: interrupting a thread blocked in a write
 * closes it.
 *
 * <p>A stream is complete only when {@link #commit()} says so. A regular file is written as a
 * hidden temporary file beside its name ({@code .NAME.livemig-PID}) and renamed onto the name by
 * {@code commit()}, so that a save that fails, is aborted or is interrupted never leaves a
 * truncated stream under the name, nor touches a good one that was there; {@link #close()}
 * without {@code commit()} removes the temporary file, or keeps it as {@code NAME.partial} when
 * {@link TargetOptions#keepPartial()} asks. Devices and pipes ({@code /dev/null}, a FIFO) are
 * written in place.
 *
 * <p>Standard output: the stream owns file descriptor 1 from {@link #open} on, so {@code System.out}
 * is pointed at standard error, where a stray print cannot corrupt the stream. Closing the target
 * leaves descriptor 1 open (the process's exit closes it); fsync does not apply to it.
 */
public final class StreamTarget implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(StreamTarget.class);
    /** Pause between refused connection attempts: short, the receiver is expected within seconds. */
    private static final long RETRY_PAUSE_NANOS = 100_000_000L;
    /** How long the TLS handshake with a receiver may take. */
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    private final Endpoint endpoint;
    private final GatheringByteChannel channel;
    private final String description;
    private final boolean fsync;
    /** The temporary file a regular file target is written to, or null (written in place). */
    private final Path temporary;
    private final boolean keepPartial;
    private boolean committed;
    private boolean closed;
    private Path partialKept;

    private StreamTarget(Endpoint endpoint, GatheringByteChannel channel, String description, boolean fsync) {
        this(endpoint, channel, description, fsync, null, false);
    }

    private StreamTarget(Endpoint endpoint, GatheringByteChannel channel, String description, boolean fsync, Path temporary,
                         boolean keepPartial) {
        this.endpoint = endpoint;
        this.channel = channel;
        this.description = description;
        this.fsync = fsync;
        this.temporary = temporary;
        this.keepPartial = keepPartial;
    }

    /**
     * Opens the endpoint for writing: creates the temporary file of a file target (see the class
     * comment; a device or pipe is opened in place), takes over standard output, or connects to a TCP receiver (retrying refused and timed-out attempts for up to
     * {@link TargetOptions#retryWindow()}, each attempt bounded by {@link TargetOptions#connectTimeout()}).
     *
     * @param endpoint where the stream goes
     * @param options  how to write a file or connect to a receiver (what does not apply to the endpoint is ignored)
     * @return the open target
     * @throws IllegalArgumentException for a TCP endpoint with port 0 (only a listener can pick a port)
     * @throws IOException              naming the file or host:port and the cause
     */
    public static StreamTarget open(Endpoint endpoint, TargetOptions options) throws IOException {
        NativeAccess.require();
        return switch (endpoint) {
            case Endpoint.Stdio stdio -> openStdout(stdio);
            case Endpoint.File file -> openFile(file, options);
            case Endpoint.Tcp tcp -> connect(tcp, options);
        };
    }

    private static StreamTarget openStdout(Endpoint.Stdio endpoint) {
        System.out.flush();
        System.setOut(System.err);
        return new StreamTarget(endpoint, FdChannel.standardOutput(), "stdout", false);
    }

    private static StreamTarget openFile(Endpoint.File endpoint, TargetOptions options) throws IOException {
        Path path = endpoint.path();
        String description = "file " + path.toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            throw new IOException("cannot write " + description + ": it is a directory");
        }
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            // a device or a pipe: nothing to replace, nothing to rename
            try {
                return new StreamTarget(endpoint, FdChannel.open(path, Libc.O_WRONLY, 0), description, false);
            } catch (IOException e) {
                throw new IOException("cannot write " + description + ": " + Net.reason(e), e);
            }
        }
        Path absolute = path.toAbsolutePath();
        Path parent = absolute.getParent();
        Path temporary = parent.resolve("." + absolute.getFileName() + ".livemig-" + ProcessHandle.current().pid());
        try {
            FdChannel file = FdChannel.open(temporary, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC | Libc.O_NOFOLLOW, 0666);
            return new StreamTarget(endpoint, file, description, options.fsync(), temporary, options.keepPartial());
        } catch (NoSuchFileException e) {
            if (!Files.isDirectory(parent)) {
                throw new IOException("cannot create " + description + ": directory " + parent + " does not exist", e);
            }
            throw new IOException("cannot create " + description + ": directory " + parent
                    + " does not take new files (the kernel answered ENOENT)", e);
        } catch (IOException e) {
            throw new IOException("cannot create " + description + ": " + Net.reason(e), e);
        }
    }

    private static StreamTarget connect(Endpoint.Tcp endpoint, TargetOptions options) throws IOException {
        if (endpoint.port() == 0) {
            throw new IllegalArgumentException("cannot send to " + endpoint.text()
                    + ": port 0 only means 'pick a free port' for a receiver; give the receiver's port");
        }
        InetSocketAddress address = Net.resolve(endpoint);
        String target = Net.hostPort(address);
        int attemptMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, options.connectTimeout().toMillis()));
        long start = System.nanoTime();
        long deadline = start + options.retryWindow().toNanos();
        int attempts = 0;
        while (true) {
            attempts++;
            IOException failure;
            try {
                return options.tls() == null
                        ? connectPlain(endpoint, address, target, attemptMillis, options, attempts)
                        : connectTls(endpoint, address, target, attemptMillis, options, attempts);
            } catch (ConnectException | SocketTimeoutException e) {
                failure = e;
            } catch (ClosedByInterruptException e) {
                throw interrupted(target, e);
            } catch (SSLException e) {
                // the peer answered but failed (or refused) the TLS handshake: no point retrying
                throw e;
            } catch (IOException e) {
                throw new IOException("cannot connect to " + target + ": " + Net.reason(e), e);
            }
            if (Thread.currentThread().isInterrupted()) {
                throw interrupted(target, failure);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw connectFailure(target, failure, options, attempts);
            }
            LOG.debug("attempt {} to connect to {} failed ({}), retrying", attempts, target, Net.reason(failure));
            try {
                long pause = Math.min(RETRY_PAUSE_NANOS, left);
                Thread.sleep(pause / 1_000_000L, (int) (pause % 1_000_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw interrupted(target, e);
            }
        }
    }

    /** A plain TCP connection on its raw descriptor (FdChannel sets the socket options before connecting). */
    private static StreamTarget connectPlain(Endpoint.Tcp endpoint, InetSocketAddress address, String target, int attemptMillis,
                                             TargetOptions options, int attempts) throws IOException {
        FdChannel socket = FdChannel.connect(address, attemptMillis, options.sendBufferBytes());
        try {
            LOG.info("connected to {} from {} after {} attempt(s)", target, Net.hostPort(socket.localAddress()), attempts);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return new StreamTarget(endpoint, socket, "tcp " + target, false);
    }

    /** A TLS connection: the JDK's SSLEngine over a JDK socket (encryption copies anyway). */
    private static StreamTarget connectTls(Endpoint.Tcp endpoint, InetSocketAddress address, String target, int attemptMillis,
                                           TargetOptions options, int attempts) throws IOException {
        SocketChannel socket = SocketChannel.open(address.getAddress() instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            // Set before connecting: the buffer size bounds the window scale negotiated in the handshake.
            socket.setOption(StandardSocketOptions.SO_SNDBUF, options.sendBufferBytes());
            // Nagle stays on: the stream is large writes, never small request/response exchanges.
            socket.setOption(StandardSocketOptions.TCP_NODELAY, false);
            // A vanished receiver host then fails the save instead of hanging it.
            socket.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            socket.socket().connect(address, attemptMillis);
            LOG.info("connected to {} from {} after {} attempt(s)", target,
                    Net.hostPort((InetSocketAddress) socket.getLocalAddress()), attempts);
            TlsChannel tls = TlsChannel.open(options.tls(), socket.socket(), "receiver " + target, false,
                    HANDSHAKE_TIMEOUT, Duration.ZERO);
            LOG.info("the receiver {} authenticated as {}", target, tls.peerSubject());
            return new StreamTarget(endpoint, tls, "tls " + target, false);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static IOException connectFailure(String target, IOException last, TargetOptions options, int attempts) {
        String retries = options.retryWindow().isZero()
                ? ""
                : " after " + Net.seconds(options.retryWindow()) + " of retries (" + attempts + " attempts)";
        IOException e = last instanceof ConnectException
                ? new ConnectException("connection refused by " + target + retries)
                : new SocketTimeoutException("no answer from " + target + " within the "
                        + Net.seconds(options.connectTimeout()) + " connect timeout" + retries);
        e.initCause(last);
        return e;
    }

    private static InterruptedIOException interrupted(String target, Exception cause) {
        InterruptedIOException e = new InterruptedIOException("interrupted while connecting to " + target);
        e.initCause(cause);
        return e;
    }

    /**
     * The channel to write the stream to: an {@link FdChannel}, or a TLS channel over a socket.
     *
     * @return the stream's channel
     */
    public GatheringByteChannel channel() {
        return channel;
    }

    /**
     * The connection's other direction, for a protocol in which the receiver answers (xl's
     * migration protocol): the same socket's {@link FdChannel}, or the TLS channel. Reads wait without
     * limit; closing the target (from any thread) ends a read in progress.
     *
     * @return the channel to read the receiver's replies from
     * @throws IllegalStateException for a file or standard output, which carry one direction only
     */
    public ScatteringByteChannel replies() {
        if (channel instanceof ScatteringByteChannel connection && endpoint instanceof Endpoint.Tcp) {
            return connection;
        }
        throw new IllegalStateException(description + " carries the stream one way: no replies come back on it");
    }

    /**
     * The endpoint this target was opened on, as given.
     *
     * @return the endpoint passed to {@link #open}
     */
    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * For logs: "file /tmp/x.stream", "stdout", "tcp 127.0.0.1:4567".
     *
     * @return what the target is, for messages
     */
    public String description() {
        return description;
    }

    /**
     * The stream is complete: a file is forced to disk when fsync was asked for, closed and renamed
     * onto its name (with its directory entry forced too, so that it survives a crash); then the
     * target is closed as by {@link #close()}.
     *
     * @throws IOException naming the target when flushing, closing or renaming fails; the name then
     *                     keeps what it held before
     */
    public void commit() throws IOException {
        if (closed) {
            throw new IOException(description + " is already closed");
        }
        committed = true;
        close();
    }

    /**
     * Where the partial stream of a file target that was closed without {@link #commit()} was kept
     * ({@link TargetOptions#keepPartial()}); empty when it was removed, committed, or is not a file.
     *
     * @return the {@code NAME.partial} path, or empty
     */
    public Optional<Path> partialKept() {
        return Optional.ofNullable(partialKept);
    }

    /**
     * Finishes the target. After {@link #commit()}: a file is in place, a connection is shut down
     * for output (the receiver sees end of stream after the last byte) and closed. Without it: a
     * file target's temporary file is removed (or kept as {@code NAME.partial}), and the name keeps
     * what it held; a connection is closed the same way. Closing twice does nothing.
     *
     * @throws IOException naming the target when flushing or closing fails (for a file, the data may not be on disk)
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (endpoint instanceof Endpoint.File file) {
            if (temporary == null) {
                closeFile((FdChannel) channel, file.path(), false);
            } else if (committed) {
                closeFile((FdChannel) channel, file.path(), true);
            } else {
                discard((FdChannel) channel, file.path());
            }
        } else if (channel instanceof FdChannel socket && endpoint instanceof Endpoint.Tcp) {
            closeSocket(socket);
        } else if (channel instanceof TlsChannel tls) {
            try {
                if (committed) {
                    tls.finishSending();
                } else {
                    tls.close();
                }
            } catch (IOException e) {
                throw new IOException("closing " + description + " failed: " + Net.reason(e), e);
            }
        }
        // stdout: descriptor 1 stays open, see the class comment
    }

    private void closeFile(FdChannel file, Path path, boolean rename) throws IOException {
        try (file) {
            if (fsync) {
                file.force();
            }
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw new IOException("closing " + description + " failed: " + Net.reason(e), e);
        }
        if (rename) {
            try {
                Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                Files.deleteIfExists(temporary);
                throw new IOException("renaming " + temporary + " onto " + description + " failed: " + Net.reason(e), e);
            }
        }
        if (fsync) {
            Path directory = path.toAbsolutePath().getParent();
            try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                throw new IOException("forcing directory " + directory + " of " + description + " to disk failed: "
                        + Net.reason(e), e);
            }
        }
    }

    /** An incomplete stream: its temporary file goes, or becomes NAME.partial when asked. */
    private void discard(FdChannel file, Path path) throws IOException {
        try {
            file.close();
        } finally {
            if (keepPartial) {
                Path partial = path.resolveSibling(path.getFileName() + ".partial");
                Files.move(temporary, partial, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                partialKept = partial;
            } else {
                Files.deleteIfExists(temporary);
            }
        }
    }

    private void closeSocket(FdChannel socket) throws IOException {
        try (socket) {
            if (socket.isOpen()) { // a cut stream was closed already
                socket.shutdownOutput();
            }
        } catch (IOException e) {
            throw new IOException("closing " + description + " failed: " + Net.reason(e), e);
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
