package io.livemig.backend.xen;

import io.livemig.posix.Errno;
import io.livemig.posix.Libc;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
 * <p>The calls and layouts are {@link Libc}'s; the stand-in QMP server of the tests receives
 * descriptors through the same ones.
 */
final class UnixSocket implements AutoCloseable {
    private static final int SEND_FLAGS = Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL;

    private final int fd;
    private final String peer;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment capture = Libc.captureState(arena);
    private final MemorySegment pollfd = arena.allocate(Libc.POLLFD);
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
            MemorySegment state = Libc.captureState(call);
            int fd = (int) Libc.SOCKET.invokeExact(state, Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
            if (fd < 0) {
                throw Libc.failure("socket(AF_UNIX)", state);
            }
            MemorySegment address = Libc.sockaddrUnix(call, name);
            int rc = (int) Libc.CONNECT.invokeExact(state, fd, address, (int) Libc.SOCKADDR_UN.byteSize());
            if (rc != 0) {
                IOException e = Libc.failure("connect(" + path + ")", state);
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

    /** Opens {@code path} for writing as libxl opens QEMU's save file (created 0600, here also truncated). */
    static int openForWriting(Path path) throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment state = Libc.captureState(call);
            int fd = (int) Libc.OPEN.invokeExact(state, call.allocateFrom(path.toString()), Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC | Libc.O_CLOEXEC, 0600);
            if (fd < 0) {
                throw Libc.failure("open(" + path + ")", state);
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
        Libc.close(fd);
    }

    /**
     * Sends all of {@code bytes} before {@code deadline} (System.nanoTime); with {@code passFd} >= 0
     * the first byte carries that descriptor (Libc.SCM_RIGHTS), as libxl sends a QMP command's payload.
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
                    await(Libc.POLLOUT, deadline);
                }
            }
        }
        while (offset < bytes.length) {
            int chunk = (int) Math.min(buffer.byteSize(), bytes.length - offset);
            MemorySegment.copy(bytes, offset, buffer, ValueLayout.JAVA_BYTE, 0, chunk);
            long n;
            try {
                n = (long) Libc.SEND.invokeExact(capture, fd, buffer, (long) chunk, SEND_FLAGS);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (n < 0) {
                int errno = Libc.errno(capture);
                if (errno == Errno.EINTR) {
                    continue;
                }
                if (errno != Errno.EAGAIN) {
                    throw Libc.failure("send to " + peer, capture);
                }
                await(Libc.POLLOUT, deadline);
                continue;
            }
            offset += (int) n;
        }
    }

    /** sendmsg of one byte with one descriptor in Libc.SCM_RIGHTS; 0 when the socket would block. */
    private long sendFirstByteWith(byte first, int passFd) throws IOException {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment data = call.allocate(1);
            data.set(ValueLayout.JAVA_BYTE, 0, first);
            MemorySegment iov = call.allocate(Libc.IOVEC);
            iov.set(ValueLayout.ADDRESS, 0, data);
            iov.set(ValueLayout.JAVA_LONG, 8, 1);
            MemorySegment control = call.allocate(Libc.CMSG_ONE_FD);
            control.set(ValueLayout.JAVA_LONG, 0, Libc.CMSG_LEN_ONE_FD);
            control.set(ValueLayout.JAVA_INT, Libc.CMSG_LEVEL, Libc.SOL_SOCKET);
            control.set(ValueLayout.JAVA_INT, Libc.CMSG_TYPE, Libc.SCM_RIGHTS);
            control.set(ValueLayout.JAVA_INT, Libc.CMSG_FD, passFd);
            MemorySegment message = call.allocate(Libc.MSGHDR);
            message.set(ValueLayout.ADDRESS, Libc.MSG_IOV, iov);
            message.set(ValueLayout.JAVA_LONG, Libc.MSG_IOVLEN, 1);
            message.set(ValueLayout.ADDRESS, Libc.MSG_CONTROL, control);
            message.set(ValueLayout.JAVA_LONG, Libc.MSG_CONTROLLEN, Libc.CMSG_ONE_FD.byteSize());
            while (true) {
                long n = (long) Libc.SENDMSG.invokeExact(capture, fd, message, SEND_FLAGS);
                if (n >= 0) {
                    return n;
                }
                int errno = Libc.errno(capture);
                if (errno == Errno.EAGAIN) {
                    return 0;
                }
                if (errno != Errno.EINTR) {
                    throw Libc.failure("sendmsg(SCM_RIGHTS) to " + peer, capture);
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
                n = (long) Libc.RECV.invokeExact(capture, fd, buffer, Math.min(buffer.byteSize(), into.length), Libc.MSG_DONTWAIT);
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
            int errno = Libc.errno(capture);
            if (errno == Errno.EAGAIN) {
                await(Libc.POLLIN, deadline);
            } else if (errno != Errno.EINTR) {
                throw Libc.failure("recv from " + peer, capture);
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
                rc = (int) Libc.POLL.invokeExact(capture, pollfd, 1L, (int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
            if (rc > 0) {
                return; // readable, writable, or an error or hang-up that the next call reports
            }
            if (rc < 0 && Libc.errno(capture) != Errno.EINTR) {
                throw Libc.failure("poll on " + peer, capture);
            }
        }
    }

    /** No progress before the deadline. */
    static final class SocketTimeout extends IOException {
        SocketTimeout() {
            super("timed out");
        }
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
