package io.livemig.transport;

import io.livemig.posix.NativeAccess;
import io.livemig.posix.Errno;
import io.livemig.posix.Libc;
import io.livemig.stream.FillingChannel;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.GatheringByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A byte channel on a raw file descriptor, through libc ({@link Libc}): what the stream leaves
 * through when it goes to a file, standard output, a pipe or a plain TCP connection.
 *
 * <p><b>Gathering writes, no copy, no allocation.</b> {@link #write(ByteBuffer[], int, int)} is one
 * {@code writev(2)} ({@code sendmsg(2)} with {@code MSG_NOSIGNAL} on a socket) over an off-heap
 * iovec array allocated once per channel, filled with the addresses of the buffers as they are:
 * page buffers that view guest memory go to the kernel straight from it, and nothing is allocated
 * per call (the JDK's own channels allocate 40 B per buffer that has a memory session). Heap
 * buffers, which have no stable address, are copied into a scratch area first. At most
 * {@link Libc#IOV_MAX} buffers go into one call, as in Xen's {@code writev_exact}; a short write is
 * returned as such, and the buffers' positions tell how far it got, as for any
 * {@link GatheringByteChannel}.
 *
 * <pre>
 *   iov[0]  { address of srcs[offset] at its position, its remaining bytes }
 *   iov[1]  { address of srcs[offset + 1] ...                              }
 *   ...     up to min(length, IOV_MAX) entries, off-heap, reused by every call
 * </pre>
 *
 * <p><b>Waiting.</b> Nothing blocks in the kernel where it could wait for long: a socket is sent
 * to with {@code MSG_DONTWAIT} (the descriptor itself stays blocking, as a C peer sharing it
 * expects) and received from in blocking calls that end after {@value #POLL_SLICE_MILLIS} ms
 * without data ({@code SO_RCVTIMEO}, set at the first receive; a read to fill, {@link #readToFill},
 * also waits for a low-water mark), a pipe livemig opens is
 * non-blocking, and a call that would block waits in {@code poll(2)} in slices of
 * {@value #POLL_SLICE_MILLIS} ms, so that, as with the JDK's channels, interrupting the waiting
 * thread closes the channel ({@link ClosedByInterruptException}) and closing it from another
 * thread ends the wait ({@link AsynchronousCloseException}). Standard
 * output keeps the blocking mode it was given (its open file description is shared with other
 * processes): it waits in {@code poll} too, then writes. Regular files never wait.
 *
 * <p>Errno is captured at each failed call; a failure is one IOException naming the call, the
 * channel and the errno ("writev to pipe ...: errno 32 (EPIPE: Broken pipe)"). The calls of the
 * record path (writev, sendmsg, readv, recvmsg, poll, the receive mark's setsockopt) go first without errno capture, which costs
 * an object per call that only some compilations remove; one that fails transferred nothing and is
 * repeated, capturing errno, after a wait until the descriptor is ready (most failures are
 * EAGAIN; an error makes it ready at once); what the repeat returns is the result. So a socket's
 * asynchronous error (ECONNRESET), which the kernel reports once, shows on a send as what follows
 * it (EPIPE). A socket's receive is a blocking call, repeated at once with capture; when that
 * repeat finds the end of the stream, the connection's TCP state tells a reset or a timeout
 * (CLOSE: the failed call met it) from a peer that ended the stream (CLOSE_WAIT), so that a
 * reset is not taken for the end of the stream.
 */
public final class FdChannel implements GatheringByteChannel, FillingChannel {
    /** How long one poll(2) waits before the interrupt and close checks. */
    static final int POLL_SLICE_MILLIS = 100;
    /** The scratch area for heap buffers, per direction. */
    private static final int SCRATCH_BYTES = 64 * 1024;
    private static final long IOVEC_BYTES = Libc.IOVEC.byteSize();
    /**
     * The lowest low-water mark: reads to fill of less than twice this go without one. A mark
     * costs two setsockopt calls per record, and at 256 KiB of page data (batch 64) it measured
     * no gain in interleaved rounds (RestoreBenchmark, TCP).
     */
    private static final int RECEIVE_MARK_FLOOR = 256 * 1024;
    /** The highest: a read to fill wakes when this much has come, so that copying overlaps the rest of the transfer. */
    private static final int RECEIVE_MARK_CEILING = 512 * 1024;

    private enum Kind { FILE, PIPE, SOCKET, LISTENER, STDOUT }


    private final int fd;
    private final Kind kind;
    private final String description;
    /** For errors of the waits, made once: nothing is built per call. */
    private final String writeWhat;
    private final String readWhat;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean closed;

    // The writing side's native memory (one writer at a time, as for any GatheringByteChannel).
    private final MemorySegment writeIov;
    private final MemorySegment writeMessage;
    private final MemorySegment writeCapture;
    private final MemorySegment writePoll;
    private MemorySegment writeScratch;
    private final ByteBuffer[] writeOne = new ByteBuffer[1];
    private final AddressTable writeAddresses = new AddressTable();
    // The reading side's (one reader at a time), its own table: reader and writer may be two threads.
    private final MemorySegment readIov;
    private final MemorySegment readMessage;
    private final MemorySegment readCapture;
    private final MemorySegment readPoll;
    private final MemorySegment readMark;
    private MemorySegment readScratch;
    private final ByteBuffer[] readOne = new ByteBuffer[1];
    private boolean receiveSliced; // SO_RCVTIMEO set (sockets only, at the first receive)
    private int receiveMark = 1; // SO_RCVLOWAT now: 1 (the kernel's default) but inside reads to fill
    /** The peer of an accepted connection. */
    private InetSocketAddress peer;
    private final AddressTable readAddresses = new AddressTable();

    private FdChannel(int fd, Kind kind, String description) {
        this.fd = fd;
        this.kind = kind;
        this.description = description;
        this.writeWhat = "write to " + description;
        this.readWhat = "read from " + description;
        Arena arena = Arena.ofAuto(); // freed with the channel: a late reader may still hold it after close
        this.writeIov = arena.allocate(IOVEC_BYTES * Libc.IOV_MAX, 8);
        this.writeMessage = arena.allocate(Libc.MSGHDR);
        this.writeCapture = Libc.captureState(arena);
        this.writePoll = arena.allocate(Libc.POLLFD);
        this.readIov = arena.allocate(IOVEC_BYTES * Libc.IOV_MAX, 8); // a restore's batch of pages in one readv
        this.readMessage = arena.allocate(Libc.MSGHDR);
        readMessage.set(ValueLayout.ADDRESS, Libc.MSG_IOV, readIov);
        this.readCapture = Libc.captureState(arena);
        this.readPoll = arena.allocate(Libc.POLLFD);
        this.readMark = arena.allocate(ValueLayout.JAVA_INT);
        writeMessage.set(ValueLayout.ADDRESS, Libc.MSG_IOV, writeIov);
    }

    // ---- opening

    /**
     * Opens {@code path} with open(2) {@code flags} (O_CLOEXEC is added) and {@code mode} for new
     * files. A FIFO is made non-blocking once open (opening it waited for its reader).
     *
     * @param path  the file to open
     * @param flags open(2) flags ({@code Libc.O_WRONLY}, {@code O_CREAT}, ...)
     * @param mode  the permission bits of a file that O_CREAT creates, before the umask
     * @return a channel on the new descriptor
     * @throws NoSuchFileException        (ENOENT) naming the path
     * @throws AccessDeniedException      (EACCES, EPERM) naming the path
     * @throws FileAlreadyExistsException (EEXIST) naming the path
     * @throws FileSystemException        naming the path and the errno's text, for other errnos
     * @throws IOException                when a FIFO cannot be made non-blocking
     */
    public static FdChannel open(Path path, int flags, int mode) throws IOException {
        NativeAccess.require();
        String name = path.toString();
        int fd;
        try (Arena call = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureState(call);
            while (true) {
                fd = (int) Libc.OPEN.invokeExact(capture, call.allocateFrom(name), flags | Libc.O_CLOEXEC, mode);
                if (fd >= 0) {
                    break;
                }
                int errno = Libc.errno(capture);
                if (errno != Errno.EINTR) {
                    throw fileError(name, errno);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        boolean fifo = isFifo(path);
        FdChannel channel = new FdChannel(fd, fifo ? Kind.PIPE : Kind.FILE, (fifo ? "pipe " : "file ") + name);
        if (fifo) {
            channel.setNonBlocking();
        }
        return channel;
    }

    /**
     * Standard output, descriptor 1: never closed by {@link #close()}, its blocking mode left as it is.
     *
     * @return a channel on descriptor 1
     */
    public static FdChannel standardOutput() {
        NativeAccess.require();
        return new FdChannel(1, Kind.STDOUT, "stdout");
    }

    /**
     * A pipe(2), both ends non-blocking: {@code [read end, write end]}.
     *
     * @return the read end at index 0, the write end at index 1
     * @throws IOException when pipe2(2) fails, with its errno
     */
    public static FdChannel[] pipe() throws IOException {
        return pipe(false);
    }

    /**
     * A pipe(2): {@code [read end, write end]}, non-blocking unless {@code blocking} (for a C writer
     * that shares the descriptor and expects it blocking, as Xen's writev_exact does; this side
     * then blocks in the kernel and is not interruptible).
     *
     * @param blocking whether both ends stay blocking
     * @return the read end at index 0, the write end at index 1
     * @throws IOException when pipe2(2) fails, with its errno
     */
    public static FdChannel[] pipe(boolean blocking) throws IOException {
        NativeAccess.require();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureState(call);
            MemorySegment fds = call.allocate(ValueLayout.JAVA_INT, 2);
            if ((int) Libc.PIPE2.invokeExact(capture, fds, (blocking ? 0 : Libc.O_NONBLOCK) | Libc.O_CLOEXEC) != 0) {
                throw Libc.failure("pipe2", capture);
            }
            int r = fds.getAtIndex(ValueLayout.JAVA_INT, 0);
            int w = fds.getAtIndex(ValueLayout.JAVA_INT, 1);
            return new FdChannel[] {new FdChannel(r, Kind.PIPE, "pipe " + r + " (read end)"),
                    new FdChannel(w, Kind.PIPE, "pipe " + w + " (write end)")};
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * Connects a TCP socket to {@code address} within {@code timeoutMillis}, with the send buffer
     * set first (it bounds the window scale negotiated in the handshake), keep-alive on (a vanished
     * peer host fails the transfer instead of hanging it) and Nagle on (the stream is large writes).
     *
     * @param address         the peer's resolved address
     * @param timeoutMillis   the longest the connection may take, in milliseconds
     * @param sendBufferBytes SO_SNDBUF to request, in bytes
     * @return the connected socket, blocking
     * @throws ConnectException       when the peer refuses
     * @throws SocketTimeoutException when it does not answer in time
     * @throws ClosedByInterruptException when the thread is interrupted meanwhile
     * @throws IOException            when the address is unresolved or another socket call fails
     */
    public static FdChannel connect(InetSocketAddress address, int timeoutMillis, int sendBufferBytes) throws IOException {
        NativeAccess.require();
        // non-blocking while it connects (the timeout), blocking after (see the class comment)
        int fd = nonBlockingTcpSocket(address);
        String target = Net.hostPort(address);
        boolean v6 = address.getAddress() instanceof Inet6Address;
        FdChannel channel = new FdChannel(fd, Kind.SOCKET, "tcp " + target);
        try {
            channel.setIntOption(Libc.SOL_SOCKET, Libc.SO_SNDBUF, sendBufferBytes, "SO_SNDBUF");
            channel.setIntOption(Libc.SOL_SOCKET, Libc.SO_KEEPALIVE, 1, "SO_KEEPALIVE");
            channel.setIntOption(Libc.IPPROTO_TCP, Libc.TCP_NODELAY, 0, "TCP_NODELAY");
            channel.finishConnect(address, v6, timeoutMillis, target);
            channel.setBlocking(true);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** socket(2) of a non-blocking, close-on-exec TCP socket for {@code address}'s family. */
    private static int nonBlockingTcpSocket(InetSocketAddress address) throws IOException {
        InetAddress ip = address.getAddress();
        if (ip == null) {
            throw new UnknownHostException(address.getHostString());
        }
        boolean v6 = ip instanceof Inet6Address;
        String where = Net.hostPort(address);
        try (Arena call = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureState(call);
            int fd = (int) Libc.SOCKET.invokeExact(capture, v6 ? Libc.AF_INET6 : Libc.AF_INET,
                    Libc.SOCK_STREAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw Libc.failure("socket for " + where, capture);
            }
            return fd;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private void finishConnect(InetSocketAddress address, boolean v6, int timeoutMillis, String target) throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureState(call);
            MemorySegment sockaddr = sockaddr(call, address, v6);
            int rc = (int) Libc.CONNECT.invokeExact(capture, fd, sockaddr, (int) sockaddr.byteSize());
            int errno = rc == 0 ? 0 : Libc.errno(capture);
            if (errno == Errno.EINPROGRESS || errno == Errno.EINTR) {
                long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
                if (!await(Libc.POLLOUT, deadline, writePoll, writeCapture, "connect to " + target)) {
                    throw new SocketTimeoutException("connect to " + target + " timed out");
                }
                errno = intOption(Libc.SOL_SOCKET, Libc.SO_ERROR, "SO_ERROR");
            }
            if (errno == Errno.ECONNREFUSED) {
                throw new ConnectException("Connection refused");
            }
            if (errno == Errno.ETIMEDOUT) {
                throw new SocketTimeoutException("connect to " + target + " timed out");
            }
            if (errno != 0) {
                throw Libc.failure("connect to " + target, errno);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /** struct sockaddr_in or sockaddr_in6 for {@code address}. */
    private static MemorySegment sockaddr(Arena arena, InetSocketAddress address, boolean v6) {
        byte[] ip = address.getAddress().getAddress();
        MemorySegment s = arena.allocate(v6 ? Libc.SOCKADDR_IN6_SIZE : Libc.SOCKADDR_IN_SIZE, 4);
        s.set(ValueLayout.JAVA_SHORT, 0, (short) (v6 ? Libc.AF_INET6 : Libc.AF_INET));
        s.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) address.getPort());
        if (v6) {
            MemorySegment.copy(ip, 0, s, ValueLayout.JAVA_BYTE, 8, 16);
            s.set(ValueLayout.JAVA_INT, 24, ((Inet6Address) address.getAddress()).getScopeId());
        } else {
            MemorySegment.copy(ip, 0, s, ValueLayout.JAVA_BYTE, 4, 4);
        }
        return s;
    }

    /**
     * The socket's local address (getsockname(2)), or null for what is not an IP socket.
     *
     * @return the bound address and port; null for a file, pipe or standard output
     * @throws IOException when getsockname(2) fails
     */
    public InetSocketAddress localAddress() throws IOException {
        if (kind != Kind.SOCKET && kind != Kind.LISTENER) {
            return null;
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureState(call);
            MemorySegment s = call.allocate(Libc.SOCKADDR_STORAGE_SIZE, 8);
            MemorySegment length = call.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, Libc.SOCKADDR_STORAGE_SIZE);
            if ((int) Libc.GETSOCKNAME.invokeExact(capture, fd, s, length) != 0) {
                throw Libc.failure("getsockname of " + description, capture);
            }
            return socketAddress(s);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * The peer of a socket {@link #accept} returned; null for any other channel.
     *
     * @return the peer's address and port, or null
     */
    public InetSocketAddress remoteAddress() {
        return peer;
    }

    /** The address in a struct sockaddr_in or sockaddr_in6. */
    private static InetSocketAddress socketAddress(MemorySegment s) throws UnknownHostException {
        int family = s.get(ValueLayout.JAVA_SHORT, 0);
        int port = Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 2));
        byte[] ip = family == Libc.AF_INET6 ? s.asSlice(8, 16).toArray(ValueLayout.JAVA_BYTE) : s.asSlice(4, 4).toArray(ValueLayout.JAVA_BYTE);
        return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    }

    // ---- listening

    /**
     * A TCP socket listening on {@code address} (port 0: a free one, see {@link #localAddress()}),
     * with SO_REUSEADDR as the JDK's listeners have it, and SO_RCVBUF set before listen(2): the
     * connections inherit it, and it bounds the window scale negotiated in their handshakes. The
     * listener itself is not read or written; {@link #accept} gives the connections.
     *
     * @param address            the address to bind, port 0 for a free one
     * @param receiveBufferBytes SO_RCVBUF to request for the connections, in bytes
     * @param backlog            listen(2)'s backlog: connections the kernel queues before they are accepted
     * @return the listening socket
     * @throws java.net.BindException whose message is the errno's text ("Address already in use")
     *                                when the address cannot be bound
     */
    public static FdChannel listen(InetSocketAddress address, int receiveBufferBytes, int backlog) throws IOException {
        NativeAccess.require();
        int fd = nonBlockingTcpSocket(address); // accept waits in poll slices, as every other wait here
        String where = Net.hostPort(address);
        boolean v6 = address.getAddress() instanceof Inet6Address;
        FdChannel channel = new FdChannel(fd, Kind.LISTENER, "tcp listener " + where);
        try {
            channel.setIntOption(Libc.SOL_SOCKET, Libc.SO_REUSEADDR, 1, "SO_REUSEADDR");
            channel.setIntOption(Libc.SOL_SOCKET, Libc.SO_RCVBUF, receiveBufferBytes, "SO_RCVBUF");
            try (Arena call = Arena.ofConfined()) {
                MemorySegment capture = Libc.captureState(call);
                MemorySegment sockaddr = sockaddr(call, address, v6);
                if ((int) Libc.BIND.invokeExact(capture, fd, sockaddr, (int) sockaddr.byteSize()) != 0) {
                    throw new java.net.BindException(Errno.text(Libc.errno(capture)));
                }
                if ((int) Libc.LISTEN.invokeExact(capture, fd, backlog) != 0) {
                    throw Libc.failure("listen on " + where, capture);
                }
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Accepts one connection on a listener of {@link #listen}, waiting up to {@code timeoutMillis}
     * (0: no limit) in poll slices: an interrupt closes the listener, a close from another thread
     * ends the wait ({@link AsynchronousCloseException}). The connection is blocking and sends and
     * receives as a socket of {@link #connect} does, with keep-alive on (a vanished peer host
     * fails the transfer instead of hanging it); {@link #remoteAddress()} names the peer.
     *
     * @param timeoutMillis the longest to wait, in milliseconds; 0 waits without limit
     * @return the accepted connection
     * @throws SocketTimeoutException when nobody connected in time
     * @throws IllegalStateException  when this channel is not a listener
     */
    public FdChannel accept(long timeoutMillis) throws IOException {
        if (kind != Kind.LISTENER) {
            throw new IllegalStateException(description + " is not a listener");
        }
        begin();
        try {
            long deadline = timeoutMillis == 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutMillis * 1_000_000L;
            try (Arena call = Arena.ofConfined()) {
                MemorySegment capture = Libc.captureState(call);
                MemorySegment s = call.allocate(Libc.SOCKADDR_STORAGE_SIZE, 8);
                MemorySegment length = call.allocate(ValueLayout.JAVA_INT);
                while (true) {
                    length.set(ValueLayout.JAVA_INT, 0, Libc.SOCKADDR_STORAGE_SIZE);
                    int accepted = (int) Libc.ACCEPT4.invokeExact(capture, fd, s, length, Libc.SOCK_CLOEXEC);
                    if (accepted >= 0) {
                        InetSocketAddress from;
                        try {
                            from = socketAddress(s);
                        } catch (UnknownHostException e) {
                            Libc.close(accepted);
                            throw e;
                        }
                        FdChannel connection = new FdChannel(accepted, Kind.SOCKET, "tcp connection from " + Net.hostPort(from));
                        connection.peer = from;
                        try {
                            connection.setIntOption(Libc.SOL_SOCKET, Libc.SO_KEEPALIVE, 1, "SO_KEEPALIVE");
                        } catch (IOException | RuntimeException e) {
                            connection.close();
                            throw e;
                        }
                        return connection;
                    }
                    int errno = Libc.errno(capture);
                    if (errno != Errno.EAGAIN && errno != Errno.EINTR && errno != Errno.ECONNABORTED) {
                        checkOpen();
                        throw Libc.failure("accept on " + description, errno);
                    }
                    // nobody yet, or a connection reset before it was accepted: wait on
                    if (!await(Libc.POLLIN, deadline, readPoll, readCapture, "accept on " + description)) {
                        throw new SocketTimeoutException("Accept timed out");
                    }
                }
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
        } finally {
            end();
        }
    }

    // ---- writing

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, srcs.length);
        begin();
        try {
            final MemorySegment iov = writeIov;
            int count = 0;
            long scratchUsed = 0;
            long want = 0;
            for (int i = offset, end = offset + length; i < end && count < Libc.IOV_MAX; i++) {
                ByteBuffer b = srcs[i];
                int remaining = b.remaining();
                if (remaining == 0) {
                    continue;
                }
                long address;
                if (b.isDirect()) {
                    address = writeAddresses.addressOf(b);
                } else {
                    MemorySegment scratch = writeScratch();
                    int fits = (int) Math.min(remaining, SCRATCH_BYTES - scratchUsed);
                    if (fits == 0) {
                        break;
                    }
                    MemorySegment.copy(MemorySegment.ofBuffer(b), 0, scratch, scratchUsed, fits);
                    address = scratch.address() + scratchUsed;
                    scratchUsed += fits;
                    remaining = fits;
                }
                long at = (long) count * IOVEC_BYTES;
                iov.set(ValueLayout.JAVA_LONG, at, address);
                iov.set(ValueLayout.JAVA_LONG, at + 8, remaining);
                count++;
                want += remaining;
                if (!b.isDirect() && remaining < b.remaining()) {
                    break; // the scratch area is full: the rest next call
                }
            }
            if (count == 0) {
                return 0;
            }
            long n = writeIovecs(count, want);
            advance(srcs, offset, length, n);
            return n;
        } finally {
            end();
        }
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        ByteBuffer[] one = writeOne;
        one[0] = src;
        try {
            return (int) write(one, 0, 1);
        } finally {
            one[0] = null;
        }
    }

    /**
     * One writev/sendmsg of iov[0 .. count), waiting while it would block; the bytes written (> 0).
     * A failed call is followed by a wait for room before errno is learnt: most failures are
     * EAGAIN, and an error makes the descriptor ready at once, so the call after the wait fails
     * again and is the one repeated with errno capture (see the class comment).
     */
    private long writeIovecs(int count, long want) throws IOException {
        final MemorySegment capture = writeCapture;
        boolean waited = false; // the previous call failed and the descriptor was ready since
        while (true) {
            long n;
            try {
                if (kind == Kind.SOCKET) {
                    writeMessage.set(ValueLayout.JAVA_LONG, Libc.MSG_IOVLEN, count);
                    n = (long) Libc.SENDMSG_NO_ERRNO.invokeExact(fd, writeMessage, Libc.MSG_NOSIGNAL | Libc.MSG_DONTWAIT);
                    if (n < 0 && waited) {
                        n = (long) Libc.SENDMSG.invokeExact(capture, fd, writeMessage, Libc.MSG_NOSIGNAL | Libc.MSG_DONTWAIT);
                    }
                } else {
                    if (kind == Kind.STDOUT) {
                        await(Libc.POLLOUT, Long.MAX_VALUE, writePoll, capture, writeWhat);
                    }
                    n = (long) Libc.WRITEV_NO_ERRNO.invokeExact(fd, writeIov, count);
                    if (n < 0 && waited) {
                        n = (long) Libc.WRITEV.invokeExact(capture, fd, writeIov, count);
                    }
                }
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (n > 0) {
                return n;
            }
            if (n < 0 && !waited) {
                await(Libc.POLLOUT, Long.MAX_VALUE, writePoll, capture, writeWhat);
                waited = true;
                checkOpen();
                continue;
            }
            waited = false;
            int errno = n == 0 ? Errno.EAGAIN : Libc.errno(capture);
            if (errno == Errno.EAGAIN) {
                await(Libc.POLLOUT, Long.MAX_VALUE, writePoll, capture, writeWhat);
            } else if (errno != Errno.EINTR) {
                checkOpen(); // a close from another thread shut the socket down under this call
                throw Libc.failure((kind == Kind.SOCKET ? "sendmsg to " : "writev to ") + description
                        + " (" + want + " bytes in " + count + " buffers)", errno);
            }
            checkOpen();
        }
    }

    /**
     * The native address of a direct buffer's position. {@code MemorySegment.ofBuffer} is the only
     * public way to it, and it makes a segment (and, for a buffer of {@code allocateDirect}, a
     * session object) that the JIT removes only when it compiles the whole call tree in one piece,
     * which it does not always do. So the base address of each buffer is kept, by identity, in a
     * small table: the buffers a save writes again and again (a record's headers and entry array,
     * the backend's page views, a batch of them at most: 1025 buffers in 16384 slots), and the
     * destination's page views a restore reads into, cost one lookup each, and only a buffer seen
     * for the first time (or pushed out by another) pays for the segment. The table is kept a
     * sixteenth full for a batch of 1024 pages, so that runs of taken slots stay far shorter than
     * its 16 probes: a buffer that finds every probed slot taken pushes another out, and two such
     * buffers would push each other out on every record. The table holds the buffers it knows
     * until they are pushed out or the channel is closed; its arrays (192 KiB) are made at the
     * first lookup. One table per direction, each used by one thread at a time.
     */
    private static final class AddressTable {
        private static final int SLOTS = 16384;
        private static final int PROBES = 16;
        private ByteBuffer[] known;
        private long[] bases;

        long addressOf(ByteBuffer direct) {
            ByteBuffer[] k = known;
            if (k == null) {
                k = known = new ByteBuffer[SLOTS];
                bases = new long[SLOTS];
            }
            final int home = System.identityHashCode(direct) & (SLOTS - 1);
            int slot = home;
            for (int probe = 0; probe < PROBES; probe++, slot = (slot + 1) & (SLOTS - 1)) {
                ByteBuffer b = k[slot];
                if (b == direct) {
                    return bases[slot] + direct.position();
                }
                if (b == null) {
                    break;
                }
            }
            if (k[slot] != null) {
                slot = home; // every probed slot holds another buffer: this one takes the first
            }
            long address = MemorySegment.ofBuffer(direct).address();
            bases[slot] = address - direct.position();
            k[slot] = direct;
            return address;
        }

        void clear() {
            known = null;
            bases = null;
        }
    }

    /** Moves the buffers' positions past the {@code n} bytes written. */
    private static void advance(ByteBuffer[] srcs, int offset, int length, long n) {
        for (int i = offset, end = offset + length; i < end && n > 0; i++) {
            ByteBuffer b = srcs[i];
            int take = (int) Math.min(b.remaining(), n);
            b.position(b.position() + take);
            n -= take;
        }
    }

    private MemorySegment writeScratch() {
        MemorySegment s = writeScratch;
        if (s == null) {
            s = writeScratch = Arena.ofAuto().allocate(SCRATCH_BYTES, 4096);
        }
        return s;
    }

    // ---- reading

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ByteBuffer[] one = readOne;
        one[0] = dst;
        try {
            return (int) read(one, 0, 1);
        } finally {
            one[0] = null;
        }
    }

    @Override
    public long read(ByteBuffer[] dsts) throws IOException {
        return read(dsts, 0, dsts.length);
    }

    /** One readv(2) (recvmsg on a socket) into the buffers; -1 at end of stream. */
    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return read(dsts, offset, length, false);
    }

    /**
     * One readv(2) as {@link #read(ByteBuffer[], int, int)}; a socket's receive waits until a
     * low-water mark ({@code SO_RCVLOWAT}) has come rather than waking for every few segments.
     * The mark is at most half the buffers' bytes: the kernel copies what is queued when the call
     * starts, then sleeps until {@code mark} more bytes are queued, and only when what was queued
     * is below the mark, so at least {@code total - mark >= mark} bytes of this read are still to
     * come. A mark above that would wait for bytes beyond the read, which at a pause of the sender
     * (the end of a round, the suspend) hold the read until a wait slice ends. The mark changes
     * only when it must, and is 1 for every other read.
     */
    @Override
    public long readToFill(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return read(dsts, offset, length, true);
    }

    private long read(ByteBuffer[] dsts, int offset, int length, boolean toFill) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, dsts.length);
        begin();
        try {
            final MemorySegment iov = readIov;
            long readIovMax = readIov.byteSize() / IOVEC_BYTES;
            int count = 0;
            long total = 0;
            boolean heap = false;
            for (int i = offset, end = offset + length; i < end && count < readIovMax; i++) {
                ByteBuffer b = dsts[i];
                if (b.isReadOnly()) {
                    throw new IllegalArgumentException("read into a read-only buffer");
                }
                int remaining = b.remaining();
                if (remaining == 0) {
                    continue;
                }
                long address;
                if (b.isDirect()) {
                    address = readAddresses.addressOf(b); // the destination's page views, again and again
                } else {
                    if (count > 0) {
                        break; // a heap buffer goes alone, through the scratch area
                    }
                    address = readScratch().address();
                    remaining = Math.min(remaining, SCRATCH_BYTES);
                    heap = true;
                }
                long at = (long) count * IOVEC_BYTES;
                iov.set(ValueLayout.JAVA_LONG, at, address);
                iov.set(ValueLayout.JAVA_LONG, at + 8, remaining);
                total += remaining;
                count++;
                if (heap) {
                    break;
                }
            }
            if (count == 0) {
                return 0;
            }
            if (kind == Kind.SOCKET) {
                long half = total >>> 1;
                int mark = receiveMark;
                if (toFill && half >= RECEIVE_MARK_FLOOR) {
                    if (mark < RECEIVE_MARK_FLOOR || mark > half) {
                        markReceives((int) Math.min(half, RECEIVE_MARK_CEILING));
                    }
                } else if (mark != 1) {
                    markReceives(1);
                }
            }
            long n = readIovecs(count);
            if (n <= 0) {
                return -1;
            }
            if (heap) {
                ByteBuffer b = firstWithRoom(dsts, offset, length);
                MemorySegment.copy(readScratch, 0, MemorySegment.ofBuffer(b), 0, n);
            }
            advance(dsts, offset, length, n);
            return n;
        } finally {
            end();
        }
    }

    private static ByteBuffer firstWithRoom(ByteBuffer[] dsts, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i].hasRemaining()) {
                return dsts[i];
            }
        }
        throw new IllegalStateException("no buffer with room");
    }

    /** One readv/recvmsg into iov[0 .. count); waits as {@link #writeIovecs} does. The bytes read, 0 at the end. */
    private long readIovecs(int count) throws IOException {
        final MemorySegment capture = readCapture;
        boolean waited = false;
        boolean failedBefore = false; // a socket's receive failed without errno, then was repeated
        while (true) {
            long n;
            try {
                if (kind == Kind.SOCKET) {
                    if (!receiveSliced) {
                        sliceReceives();
                    }
                    readMessage.set(ValueLayout.JAVA_LONG, Libc.MSG_IOVLEN, count);
                    n = (long) Libc.RECVMSG_NO_ERRNO.invokeExact(fd, readMessage, 0);
                    if (n < 0) {
                        // a receive slice ended without data, or the connection broke: once more,
                        // capturing errno (a blocking call: no wait before it)
                        checkInterrupt();
                        failedBefore = true;
                        n = (long) Libc.RECVMSG.invokeExact(capture, fd, readMessage, 0);
                    }
                    waited = n < 0; // errno is known
                } else {
                    n = (long) Libc.READV_NO_ERRNO.invokeExact(fd, readIov, count);
                    if (n < 0 && waited) {
                        n = (long) Libc.READV.invokeExact(capture, fd, readIov, count);
                    }
                }
            } catch (IOException | RuntimeException | Error e) {
                throw e; // the interrupt check's
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (n > 0) {
                return n;
            }
            if (n == 0) {
                checkOpen(); // end of stream, unless a close from another thread shut the socket down
                if (failedBefore && tcpState() == Libc.TCP_CLOSE) {
                    // the failed call met a reset or a timeout, which the kernel reports once; a
                    // peer that ended the stream leaves the connection in CLOSE_WAIT instead
                    throw new java.net.SocketException("recvmsg from " + description + " failed: Connection reset or timed out"
                            + " (the connection is closed, TCP state CLOSE)");
                }
                return 0;
            }
            if (!waited) {
                // a non-blocking descriptor is empty, or an error
                await(Libc.POLLIN, Long.MAX_VALUE, readPoll, capture, readWhat);
                waited = true;
                checkOpen();
                continue;
            }
            waited = false;
            int errno = Libc.errno(capture);
            if (errno == Errno.EAGAIN && kind == Kind.SOCKET) {
                checkInterrupt(); // a receive slice ended with no data; close() would have woken it
            } else if (errno == Errno.EAGAIN) {
                await(Libc.POLLIN, Long.MAX_VALUE, readPoll, capture, readWhat);
            } else if (errno != Errno.EINTR) {
                checkOpen();
                throw Libc.failure((kind == Kind.SOCKET ? "recvmsg from " : "readv from ") + description, errno);
            }
            checkOpen();
        }
    }

    private MemorySegment readScratch() {
        MemorySegment s = readScratch;
        if (s == null) {
            s = readScratch = Arena.ofAuto().allocate(SCRATCH_BYTES, 4096);
        }
        return s;
    }

    // ---- waiting, closing

    /**
     * Waits in poll(2) slices until the descriptor is ready for {@code events} or {@code deadline}
     * passes (false); an interrupt closes the channel, a close from another thread ends the wait.
     */
    private boolean await(short events, long deadline, MemorySegment pollfd, MemorySegment capture, String what) throws IOException {
        while (true) {
            checkInterrupt();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            pollfd.set(ValueLayout.JAVA_INT, 0, fd);
            pollfd.set(ValueLayout.JAVA_SHORT, 4, events);
            pollfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
            int slice = (int) Math.min(POLL_SLICE_MILLIS, Math.max(1, left / 1_000_000));
            int rc;
            try {
                rc = (int) Libc.POLL_NO_ERRNO.invokeExact(pollfd, 1L, slice);
                if (rc < 0) {
                    rc = (int) Libc.POLL.invokeExact(capture, pollfd, 1L, slice);
                }
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
            if (rc > 0) {
                return true; // ready, or an error or hang-up that the next call reports
            }
            if (rc < 0 && Libc.errno(capture) != Errno.EINTR) {
                throw Libc.failure("poll before " + what, capture);
            }
        }
    }

    private void begin() throws ClosedChannelException {
        inFlight.incrementAndGet();
        if (closed) {
            end();
            throw new ClosedChannelException();
        }
    }

    private void end() {
        if (inFlight.decrementAndGet() == 0 && closed) {
            release();
        }
    }

    /** An interrupted thread closes the channel (as the JDK's channels do); a closed channel ends the call. */
    private void checkInterrupt() throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            close();
            throw new ClosedByInterruptException();
        }
        checkOpen();
    }

    /**
     * SO_RCVTIMEO of one poll slice, set at the first receive: a socket is received from in
     * blocking calls, which return as soon as data is there. With MSG_DONTWAIT and poll, a
     * reader that keeps up with its sender pays three system calls per read, and at batch 64
     * received less than half of what the C reader did (JMH, RestoreBenchmark). The slice keeps
     * interrupts working; close() shuts the socket down, which ends a receive at once.
     */
    private void sliceReceives() throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureState(call);
            MemorySegment timeval = call.allocate(16, 8);
            timeval.set(ValueLayout.JAVA_LONG, 0, 0);
            timeval.set(ValueLayout.JAVA_LONG, 8, POLL_SLICE_MILLIS * 1000L);
            if ((int) Libc.SETSOCKOPT.invokeExact(capture, fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeval, 16) != 0) {
                throw Libc.failure("setsockopt(SO_RCVTIMEO) of " + description, capture);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        receiveSliced = true;
    }

    /** Sets SO_RCVLOWAT (see {@link #readToFill}). */
    private void markReceives(int mark) throws IOException {
        try {
            MemorySegment value = readMark;
            value.set(ValueLayout.JAVA_INT, 0, mark);
            // without errno first, as the record path's other calls (Libc: the capture allocates)
            if ((int) Libc.SETSOCKOPT_NO_ERRNO.invokeExact(fd, Libc.SOL_SOCKET, Libc.SO_RCVLOWAT, value, 4) != 0
                    && (int) Libc.SETSOCKOPT.invokeExact(readCapture, fd, Libc.SOL_SOCKET, Libc.SO_RCVLOWAT, value, 4) != 0) {
                throw Libc.failure("setsockopt(SO_RCVLOWAT, " + mark + ") of " + description, readCapture);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        receiveMark = mark;
    }

    /** tcpi_state of the connection (TCP_INFO), or -1 when it cannot be read. */
    private int tcpState() {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureState(call);
            MemorySegment info = call.allocate(256, 8);
            MemorySegment length = call.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, 256);
            if ((int) Libc.GETSOCKOPT.invokeExact(capture, fd, Libc.IPPROTO_TCP, Libc.TCP_INFO, info, length) != 0) {
                return -1;
            }
            return Byte.toUnsignedInt(info.get(ValueLayout.JAVA_BYTE, 0));
        } catch (Throwable t) {
            return -1;
        }
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new AsynchronousCloseException();
        }
    }

    private void release() {
        if (released.compareAndSet(false, true)) {
            writeAddresses.clear();
            readAddresses.clear();
            if (kind != Kind.STDOUT) {
                Libc.close(fd);
            }
        }
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    /**
     * Closes the channel: the descriptor is released once no call is in progress on it (a socket
     * is shut down first, which ends such calls at once; others end within a poll slice).
     * Standard output's descriptor stays open.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (kind == Kind.SOCKET && inFlight.get() > 0) {
            shutdown(Libc.SHUT_RDWR);
        }
        if (inFlight.get() == 0) {
            release();
        }
    }

    /**
     * shutdown(2) of the output side of a socket: the peer sees end of stream after the last byte.
     * Does nothing on a channel that is not a connected socket.
     *
     * @throws IOException when the channel is closed or shutdown(2) fails (not when the peer is gone)
     */
    public void shutdownOutput() throws IOException {
        if (kind != Kind.SOCKET) {
            return;
        }
        begin();
        try {
            try (Arena call = Arena.ofConfined()) {
                MemorySegment capture = Libc.captureState(call);
                if ((int) Libc.SHUTDOWN.invokeExact(capture, fd, Libc.SHUT_WR) != 0 && Libc.errno(capture) != Errno.ENOTCONN) {
                    throw Libc.failure("shutdown of " + description, capture); // ENOTCONN: the peer is gone already
                }
            } catch (IOException | RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw Libc.rethrow(t);
            }
        } finally {
            end();
        }
    }

    /**
     * The socket's send buffer as the kernel reports it (SO_SNDBUF: Linux doubles what was asked).
     *
     * @return the send buffer's size in bytes
     * @throws IOException when getsockopt(2) fails (on what is not a socket, say)
     */
    public int sendBufferBytes() throws IOException {
        return intOption(Libc.SOL_SOCKET, Libc.SO_SNDBUF, "SO_SNDBUF");
    }

    /** getsockopt(2) of an int option. */
    private int intOption(int level, int option, String name) throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureState(call);
            MemorySegment value = call.allocate(ValueLayout.JAVA_INT);
            MemorySegment length = call.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, 4);
            if ((int) Libc.GETSOCKOPT.invokeExact(capture, fd, level, option, value, length) != 0) {
                throw Libc.failure("getsockopt(" + name + ") of " + description, capture);
            }
            return value.get(ValueLayout.JAVA_INT, 0);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private void shutdown(int how) {
        try (Arena call = Arena.ofConfined()) {
            int ignored = (int) Libc.SHUTDOWN.invokeExact(Libc.captureState(call), fd, how);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * fsync(2): the file's data and metadata on disk.
     *
     * @throws IOException when the channel is closed or fsync(2) fails
     */
    public void force() throws IOException {
        begin();
        try (Arena call = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureState(call);
            if ((int) Libc.FSYNC.invokeExact(capture, fd) != 0) {
                throw Libc.failure("fsync of " + description, capture);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        } finally {
            end();
        }
    }

    private void setNonBlocking() throws IOException {
        setBlocking(false);
    }

    private void setBlocking(boolean blocking) throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureState(call);
            int flags = (int) Libc.FCNTL.invokeExact(capture, fd, Libc.F_GETFL, 0);
            int wanted = blocking ? flags & ~Libc.O_NONBLOCK : flags | Libc.O_NONBLOCK;
            if (flags < 0 || (int) Libc.FCNTL.invokeExact(capture, fd, Libc.F_SETFL, wanted) < 0) {
                IOException e = Libc.failure("fcntl(O_NONBLOCK) of " + description, capture);
                close();
                throw e;
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private void setIntOption(int level, int option, int value, String name) throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureState(call);
            MemorySegment v = call.allocate(ValueLayout.JAVA_INT);
            v.set(ValueLayout.JAVA_INT, 0, value);
            if ((int) Libc.SETSOCKOPT.invokeExact(capture, fd, level, option, v, 4) != 0) {
                throw Libc.failure("setsockopt(" + name + ") of " + description, capture);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    private static boolean isFifo(Path path) {
        try {
            Object mode = java.nio.file.Files.getAttribute(path, "unix:mode");
            return mode instanceof Integer m && (m & 0170000) == 0010000;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** As the JDK reports a failed open: the exception type by errno, the path, errno's text. */
    private static IOException fileError(String path, int errno) {
        return switch (errno) {
            case Errno.ENOENT -> new NoSuchFileException(path);
            case Errno.EPERM, Errno.EACCES -> new AccessDeniedException(path);
            case Errno.EEXIST -> new FileAlreadyExistsException(path);
            default -> new FileSystemException(path, null, Errno.text(errno));
        };
    }

    /**
     * The raw descriptor (for a C reference writer in the benchmarks, say); valid until closed.
     *
     * @return the file descriptor number
     */
    public int fd() {
        return fd;
    }

    /**
     * "file /tmp/x", "pipe /run/fifo", "tcp 127.0.0.1:4567", "stdout".
     *
     * @return what the descriptor is, for messages
     */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }
}
