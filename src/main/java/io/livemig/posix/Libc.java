package io.livemig.posix;

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

/**
 * The libc calls livemig makes on raw file descriptors through FFM, in one place: descriptors
 * (open, close, mkfifo, pipe2, fcntl, fsync, lseek), I/O (read, write, readv, writev, send, recv, sendmsg,
 * recvmsg), sockets (socket, connect, bind, listen, accept4, shutdown, setsockopt, getsockopt,
 * getsockname) and poll. Every handle but close's captures errno at the call
 * ({@link #captureState(Arena)} gives the segment to pass first); {@link #failure} turns it into
 * one IOException naming the call and the errno; errno values are named in {@link Errno}.
 *
 * <p>Constants and layouts are x86-64 Linux's (glibc): struct iovec, msghdr, cmsghdr with one
 * descriptor, pollfd, sockaddr_un, sockaddr_in, sockaddr_in6. Handles are {@code static final}, so
 * calls through them in hot loops compile to direct calls.
 */
public final class Libc {
    public static final int O_RDONLY = 0x0;
    public static final int O_WRONLY = 0x1;
    public static final int O_RDWR = 0x2;
    public static final int O_CREAT = 0x40;
    public static final int O_EXCL = 0x80;
    public static final int O_TRUNC = 0x200;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_NOFOLLOW = 0x20000;
    public static final int O_CLOEXEC = 0x80000;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;

    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_ERROR = 4;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_KEEPALIVE = 9;
    /** int: the bytes a blocking receive waits for (capped by the kernel at half the receive buffer). */
    public static final int SO_RCVLOWAT = 18;
    /** struct timeval {long tv_sec; long tv_usec;} on x86_64. */
    public static final int SO_RCVTIMEO = 20;
    public static final int SCM_RIGHTS = 1;
    public static final int IPPROTO_TCP = 6;
    public static final int TCP_NODELAY = 1;
    public static final int TCP_INFO = 11;
    /** tcpi_state (the first byte of struct tcp_info) of a connection reset, timed out or closed on both sides. */
    public static final int TCP_CLOSE = 7;
    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final short POLLIN = 0x1;
    public static final short POLLOUT = 0x4;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;
    /** Linux's limit on iovecs per call (writev, readv, sendmsg). */
    public static final int IOV_MAX = 1024;

    /** struct iovec: void *iov_base; size_t iov_len. */
    public static final StructLayout IOVEC = MemoryLayout.structLayout(
            ValueLayout.ADDRESS.withName("iov_base"),
            ValueLayout.JAVA_LONG.withName("iov_len"));
    /** struct msghdr. */
    public static final StructLayout MSGHDR = MemoryLayout.structLayout(
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
    public static final StructLayout CMSG_ONE_FD = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("cmsg_len"),
            ValueLayout.JAVA_INT.withName("cmsg_level"),
            ValueLayout.JAVA_INT.withName("cmsg_type"),
            ValueLayout.JAVA_INT.withName("fd"),
            MemoryLayout.paddingLayout(4));
    public static final long CMSG_LEN_ONE_FD = 20;
    /** struct pollfd: int fd; short events; short revents. */
    public static final StructLayout POLLFD = MemoryLayout.structLayout(
            ValueLayout.JAVA_INT.withName("fd"),
            ValueLayout.JAVA_SHORT.withName("events"),
            ValueLayout.JAVA_SHORT.withName("revents"));
    /** struct sockaddr_un: sa_family_t sun_family; char sun_path[108]. */
    public static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(108, ValueLayout.JAVA_BYTE).withName("sun_path"));
    /** sizeof(struct sockaddr_in), sizeof(struct sockaddr_in6), sizeof(struct sockaddr_storage). */
    public static final int SOCKADDR_IN_SIZE = 16;
    public static final int SOCKADDR_IN6_SIZE = 28;
    public static final int SOCKADDR_STORAGE_SIZE = 128;

    public static final long MSG_IOV = MSGHDR.byteOffset(PathElement.groupElement("msg_iov"));
    public static final long MSG_IOVLEN = MSGHDR.byteOffset(PathElement.groupElement("msg_iovlen"));
    public static final long MSG_CONTROL = MSGHDR.byteOffset(PathElement.groupElement("msg_control"));
    public static final long MSG_CONTROLLEN = MSGHDR.byteOffset(PathElement.groupElement("msg_controllen"));
    public static final long CMSG_LEVEL = CMSG_ONE_FD.byteOffset(PathElement.groupElement("cmsg_level"));
    public static final long CMSG_TYPE = CMSG_ONE_FD.byteOffset(PathElement.groupElement("cmsg_type"));
    public static final long CMSG_FD = CMSG_ONE_FD.byteOffset(PathElement.groupElement("fd"));

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(PathElement.groupElement("errno"));
    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final ValueLayout.OfLong L = ValueLayout.JAVA_LONG;
    private static final AddressLayout A = ValueLayout.ADDRESS;

    // Each takes the capture segment first, then the C arguments.
    static {
        NativeAccess.require();
    }

    public static final MethodHandle OPEN = capturing("open", FunctionDescriptor.of(I, A, I, I));
    public static final MethodHandle MKFIFO = capturing("mkfifo", FunctionDescriptor.of(I, A, I));
    public static final MethodHandle PIPE2 = capturing("pipe2", FunctionDescriptor.of(I, A, I));
    public static final MethodHandle FCNTL = capturing("fcntl", FunctionDescriptor.of(I, I, I, I));
    public static final MethodHandle FSYNC = capturing("fsync", FunctionDescriptor.of(I, I));
    public static final MethodHandle LSEEK = capturing("lseek", FunctionDescriptor.of(L, I, L, I));
    public static final MethodHandle READ = capturing("read", FunctionDescriptor.of(L, I, A, L));
    public static final MethodHandle WRITE = capturing("write", FunctionDescriptor.of(L, I, A, L));
    public static final MethodHandle READV = capturing("readv", FunctionDescriptor.of(L, I, A, I));
    public static final MethodHandle WRITEV = capturing("writev", FunctionDescriptor.of(L, I, A, I));
    public static final MethodHandle SEND = capturing("send", FunctionDescriptor.of(L, I, A, L, I));
    public static final MethodHandle RECV = capturing("recv", FunctionDescriptor.of(L, I, A, L, I));
    public static final MethodHandle SENDMSG = capturing("sendmsg", FunctionDescriptor.of(L, I, A, I));
    public static final MethodHandle RECVMSG = capturing("recvmsg", FunctionDescriptor.of(L, I, A, I));
    public static final MethodHandle SOCKET = capturing("socket", FunctionDescriptor.of(I, I, I, I));
    public static final MethodHandle CONNECT = capturing("connect", FunctionDescriptor.of(I, I, A, I));
    public static final MethodHandle BIND = capturing("bind", FunctionDescriptor.of(I, I, A, I));
    public static final MethodHandle LISTEN = capturing("listen", FunctionDescriptor.of(I, I, I));
    public static final MethodHandle ACCEPT4 = capturing("accept4", FunctionDescriptor.of(I, I, A, A, I));
    public static final MethodHandle SHUTDOWN = capturing("shutdown", FunctionDescriptor.of(I, I, I));
    public static final MethodHandle SETSOCKOPT = capturing("setsockopt", FunctionDescriptor.of(I, I, I, I, A, I));
    public static final MethodHandle GETSOCKOPT = capturing("getsockopt", FunctionDescriptor.of(I, I, I, I, A, A));
    public static final MethodHandle GETSOCKNAME = capturing("getsockname", FunctionDescriptor.of(I, I, A, A));
    public static final MethodHandle POLL = capturing("poll", FunctionDescriptor.of(I, A, L, I));

    // The record path's calls again, without the capture segment: the linker slices that segment on
    // every call, and only C2's escape analysis, when it inlines the whole call, removes the slice
    // (C1, or a C2 compilation that keeps the call out of line, allocates 40 B per call: one per
    // PAGE_DATA record). A failed call of these transferred nothing, so its caller waits until the
    // descriptor is ready (most failures are EAGAIN) and repeats it, with the capturing handle above
    // if it fails again (see FdChannel).
    public static final MethodHandle READV_NO_ERRNO = plain("readv", FunctionDescriptor.of(L, I, A, I));
    public static final MethodHandle WRITEV_NO_ERRNO = plain("writev", FunctionDescriptor.of(L, I, A, I));
    public static final MethodHandle SENDMSG_NO_ERRNO = plain("sendmsg", FunctionDescriptor.of(L, I, A, I));
    public static final MethodHandle RECVMSG_NO_ERRNO = plain("recvmsg", FunctionDescriptor.of(L, I, A, I));
    public static final MethodHandle POLL_NO_ERRNO = plain("poll", FunctionDescriptor.of(I, A, L, I));
    /** setsockopt(2) for a socket's receive mark, set about twice per record; a failure is repeated with capture. */
    public static final MethodHandle SETSOCKOPT_NO_ERRNO = plain("setsockopt", FunctionDescriptor.of(I, I, I, I, A, I));
    /** close(2) without errno: the descriptor is gone whatever it answers. */
    private static final MethodHandle CLOSE = LINKER.downcallHandle(symbol("close"), FunctionDescriptor.of(I, I));

    private Libc() {
    }

    /** A segment for the errno the calls capture. */
    public static MemorySegment captureState(Arena arena) {
        return arena.allocate(CAPTURE);
    }

    /** The errno the last call through {@code capture} left. */
    public static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** "CALL failed: errno N (NAME: text)". */
    public static IOException failure(String call, MemorySegment capture) {
        return failure(call, errno(capture));
    }

    public static IOException failure(String call, int errno) {
        return new IOException(call + " failed: " + Errno.describe(errno));
    }

    /** close(2); errors ignored, the descriptor is released either way on Linux. */
    public static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** A sockaddr_un naming {@code name} (shorter than 108 bytes), in {@code arena}. */
    public static MemorySegment sockaddrUnix(Arena arena, byte[] name) {
        if (name.length >= 108) {
            throw new IllegalArgumentException("a Unix socket path of " + name.length + " bytes: at most 107 fit sockaddr_un");
        }
        MemorySegment address = arena.allocate(SOCKADDR_UN);
        address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
        MemorySegment.copy(name, 0, address, ValueLayout.JAVA_BYTE, 2, name.length);
        return address;
    }

    /** Rethrows what a downcall can throw: its declared Throwable is only ever these. */
    public static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException(t);
    }

    private static MethodHandle capturing(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor, Linker.Option.captureCallState("errno"));
    }

    private static MethodHandle plain(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor);
    }

    private static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    }
}
