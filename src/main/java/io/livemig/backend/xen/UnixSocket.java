package io.livemig.backend.xen;

import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A connected {@code AF_UNIX} stream socket on its raw descriptor, through libc: what Java's own
 * Unix-domain channels cannot do here is pass a file descriptor ({@code SCM_RIGHTS}), which QMP's
 * {@code add-fd} takes, as libxl's {@code libxl__sendmsg_fds} sends it. Every wait is bounded with
 * {@code poll}; reads and writes never block ({@code MSG_DONTWAIT}) and never raise SIGPIPE
 * ({@code MSG_NOSIGNAL}). Each failure is an IOException naming the call and its errno, captured
 * at the call.
 *
 * <p>Layouts are x86-64 Linux's ({@code struct sockaddr_un}, {@code msghdr}, {@code cmsghdr},
 * {@code pollfd}); the stand-in QMP server's test receives descriptors through the same ones.
 */
final class UnixSocket implements AutoCloseable {
    static final int AF_UNIX = 1;
    static final int SOCK_STREAM = 1;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SCM_RIGHTS = 1;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_NOSIGNAL = 0x4000;
    static final short POLLIN = 0x1;
    static final short POLLOUT = 0x4;
    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int O_WRONLY = 0x1;
    static final int O_CREAT = 0x40;
    static final int O_TRUNC = 0x200;
    static final int O_CLOEXEC = 0x80000;

    /** struct sockaddr_un: sa_family_t sun_family; char sun_path[108]. */
    static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(108, ValueLayout.JAVA_BYTE).withName("sun_path"));
    /** struct iovec. */
    static final StructLayout IOVEC = MemoryLayout.structLayout(
            ValueLayout.ADDRESS.withName("iov_base"),
            ValueLayout.JAVA_LONG.withName("iov_len"));
    /** struct msghdr. */
    static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ValueLayout.ADDRESS.withName("msg_name"),
            ValueLayout.JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ValueLayout.ADDRESS.withName("msg_iov"),
            ValueLayout.JAVA_LONG.withName("msg_iovlen"),
            ValueLayout.ADDRESS.withName("msg_control"),
            ValueLayout.JAVA_LONG.withName("msg_controllen"),
            ValueLayout.JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4));
    /** struct cmsghdr followed by one int: CMSG_LEN(sizeof(int)) is 20, CMSG_SPACE 24. */
    static final StructLayout CMSG_ONE_FD = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("cmsg_len"),
            ValueLayout.JAVA_INT.withName("cmsg_level"),
            ValueLayout.JAVA_INT.withName("cmsg_type"),
            ValueLayout.JAVA_INT.withName("fd"),
            MemoryLayout.paddingLayout(4));
    static final long CMSG_LEN_ONE_FD = 20;
    /** struct pollfd. */
    static final StructLayout POLLFD = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("fd"),
            ValueLayout.JAVA_SHORT.withName("events"),
            ValueLayout.JAVA_SHORT.withName("revents"));

    static final long MSG_IOV = MSGHDR.byteOffset(PathElement.groupElement("msg_iov"));
    static final long MSG_IOVLEN = MSGHDR.byteOffset(PathElement.groupElement("msg_iovlen"));
    static final long MSG_CONTROL = MSGHDR.byteOffset(PathElement.groupElement("msg_control"));
    static final long MSG_CONTROLLEN = MSGHDR.byteOffset(PathElement.groupElement("msg_controllen"));
    static final long CMSG_LEVEL = CMSG_ONE_FD.byteOffset(PathElement.groupElement("cmsg_level"));
    static final long CMSG_TYPE = CMSG_ONE_FD.byteOffset(PathElement.groupElement("cmsg_type"));
    static final long CMSG_FD = CMSG_ONE_FD.byteOffset(PathElement.groupElement("fd"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(PathElement.groupElement("errno"));
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;
    private static final AddressLayout A = ValueLayout.ADDRESS;

    static final MethodHandle SOCKET = libc("socket", FunctionDescriptor.of(I, I, I, I));
    static final MethodHandle CONNECT = libc("connect", FunctionDescriptor.of(I, I, A, I));
    static final MethodHandle BIND = libc("bind", FunctionDescriptor.of(I, I, A, I));
    static final MethodHandle LISTEN = libc("listen", FunctionDescriptor.of(I, I, I));
    static final MethodHandle ACCEPT4 = libc("accept4", FunctionDescriptor.of(I, I, A, A, I));
    static final MethodHandle POLL = libc("poll", FunctionDescriptor.of(I, A, L, I));
    static final MethodHandle SEND = libc("send", FunctionDescriptor.of(L, I, A, L, I));
    static final MethodHandle RECV = libc("recv", FunctionDescriptor.of(L, I, A, L, I));
    static final MethodHandle SENDMSG = libc("sendmsg", FunctionDescriptor.of(L, I, A, I));
    static final MethodHandle RECVMSG = libc("recvmsg", FunctionDescriptor.of(L, I, A, I));
    static final MethodHandle OPEN = libc("open", FunctionDescriptor.of(I, A, I, I));
    static final MethodHandle CLOSE = libc("close", FunctionDescriptor.of(I, I));

    private final int fd;
    private final String peer;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment capture = arena.allocate(CAPTURE);
    private final MemorySegment pollfd = arena.allocate(POLLFD);
    private final MemorySegment buffer = arena.allocate(8192);
    private boolean closed;

    private UnixSocket(int fd, String peer) {
        this.fd = fd;
        this.peer = peer;
    }

    /** Connects to the socket at {@code path}; the descriptor is close-on-exec. */
    static UnixSocket connect(Path path) throws IOException {
        byte[] name = path.toString().getBytes(StandardCharsets.UTF_8);
        if (name.length >= 108) {
            throw new IOException("the socket path " + path + " is longer than 107 bytes (sockaddr_un)");
        }
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(CAPTURE);
            int fd = (int) SOCKET.invokeExact(state, AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw failure("socket(AF_UNIX)", state);
            }
            MemorySegment address = sockaddr(call, name);
            int rc = (int) CONNECT.invokeExact(state, fd, address, (int) SOCKADDR_UN.byteSize());
            if (rc != 0) {
                IOException e = failure("connect(" + path + ")", state);
                closeFd(fd);
                throw e;
            }
            return new UnixSocket(fd, path.toString());
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** A sockaddr_un naming {@code name} (shorter than 108 bytes), in {@code arena}. */
    static MemorySegment sockaddr(Arena arena, byte[] name) {
        MemorySegment address = arena.allocate(SOCKADDR_UN);
        address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(name, 0, address, ValueLayout.JAVA_BYTE, 2, name.length);
        return address;
    }

    /** Opens {@code path} for writing as libxl opens QEMU's save file (created 0600, here also truncated). */
    static int openForWriting(Path path) throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = call.allocate(CAPTURE);
            int fd = (int) OPEN.invokeExact(state, call.allocateFrom(path.toString()), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
            if (fd < 0) {
                throw failure("open(" + path + ")", state);
            }
            return fd;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** close(2), errors ignored: the descriptor is gone either way. */
    static void closeFd(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * Sends all of {@code bytes} before {@code deadline} (System.nanoTime); with {@code passFd} >= 0
     * the first byte carries that descriptor (SCM_RIGHTS), as libxl sends a QMP command's payload.
     *
     * @throws SocketTimeout when the peer does not take the bytes in time
     */
    void send(byte[] bytes, int passFd, long deadline) throws IOException {
        int offset = 0;
        if (passFd >= 0) {
            while (offset == 0) {
                long n = sendFirstByteWith(bytes[0], passFd);
                if (n > 0) {
                    offset = 1;
                } else {
                    await(POLLOUT, deadline);
                }
            }
        }
        while (offset < bytes.length) {
            int chunk = (int) Math.min(buffer.byteSize(), bytes.length - offset);
            MemorySegment.copy(bytes, offset, buffer, ValueLayout.JAVA_BYTE, 0, chunk);
            long n;
            try {
                n = (long) SEND.invokeExact(capture, fd, buffer, (long) chunk, MSG_DONTWAIT | MSG_NOSIGNAL);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (n < 0) {
                int errno = errno(capture);
                if (errno == EINTR) {
                    continue;
                }
                if (errno != EAGAIN) {
                    throw failure("send to " + peer, capture);
                }
                await(POLLOUT, deadline);
                continue;
            }
            offset += (int) n;
        }
    }

    /** sendmsg of one byte with one descriptor in SCM_RIGHTS; 0 when the socket would block. */
    private long sendFirstByteWith(byte first, int passFd) throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment data = call.allocate(1);
            data.set(ValueLayout.JAVA_BYTE, 0, first);
            MemorySegment iov = call.allocate(IOVEC);
            iov.set(ValueLayout.ADDRESS, 0, data);
            iov.set(ValueLayout.JAVA_LONG, 8, 1);
            MemorySegment control = call.allocate(CMSG_ONE_FD);
            control.set(ValueLayout.JAVA_LONG, 0, CMSG_LEN_ONE_FD);
            control.set(ValueLayout.JAVA_INT, CMSG_LEVEL, SOL_SOCKET);
            control.set(ValueLayout.JAVA_INT, CMSG_TYPE, SCM_RIGHTS);
            control.set(ValueLayout.JAVA_INT, CMSG_FD, passFd);
            MemorySegment message = call.allocate(MSGHDR);
            message.set(ValueLayout.ADDRESS, MSG_IOV, iov);
            message.set(ValueLayout.JAVA_LONG, MSG_IOVLEN, 1);
            message.set(ValueLayout.ADDRESS, MSG_CONTROL, control);
            message.set(ValueLayout.JAVA_LONG, MSG_CONTROLLEN, CMSG_ONE_FD.byteSize());
            while (true) {
                long n = (long) SENDMSG.invokeExact(capture, fd, message, MSG_DONTWAIT | MSG_NOSIGNAL);
                if (n >= 0) {
                    return n;
                }
                int errno = errno(capture);
                if (errno == EAGAIN) {
                    return 0;
                }
                if (errno != EINTR) {
                    throw failure("sendmsg(SCM_RIGHTS) to " + peer, capture);
                }
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * Reads what is there, at most {@code into.length} bytes, waiting until {@code deadline} for
     * the first; -1 at end of stream.
     *
     * @throws SocketTimeout when nothing arrives in time
     */
    int receive(byte[] into, long deadline) throws IOException {
        while (true) {
            long n;
            try {
                n = (long) RECV.invokeExact(capture, fd, buffer, Math.min(buffer.byteSize(), into.length), MSG_DONTWAIT);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (n > 0) {
                MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, into, 0, (int) n);
                return (int) n;
            }
            if (n == 0) {
                return -1;
            }
            int errno = errno(capture);
            if (errno == EAGAIN) {
                await(POLLIN, deadline);
            } else if (errno != EINTR) {
                throw failure("recv from " + peer, capture);
            }
        }
    }

    /** poll(2) for {@code events} until {@code deadline}. */
    private void await(short events, long deadline) throws IOException {
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeout();
            }
            pollfd.set(ValueLayout.JAVA_INT, 0, fd);
            pollfd.set(ValueLayout.JAVA_SHORT, 4, events);
            pollfd.set(ValueLayout.JAVA_SHORT, 6, (short) 0);
            int rc;
            try {
                rc = (int) POLL.invokeExact(capture, pollfd, 1L, (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (rc > 0) {
                return; // readable, writable, or an error or hang-up that the next call reports
            }
            if (rc < 0 && errno(capture) != EINTR) {
                throw failure("poll on " + peer, capture);
            }
        }
    }

    /** No progress before the deadline. */
    static final class SocketTimeout extends IOException {
        SocketTimeout() {
            super("timed out");
        }
    }

    static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    static IOException failure(String call, MemorySegment capture) {
        return new IOException(call + " failed: " + Errno.describe(errno(capture)));
    }

    static MemorySegment captureState(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    private static MethodHandle libc(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return name.equals("close") ? LINKER.downcallHandle(symbol, descriptor)
                : LINKER.downcallHandle(symbol, descriptor, Linker.Option.captureCallState("errno"));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeFd(fd);
        arena.close();
    }
}
