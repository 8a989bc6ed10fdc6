package io.livemig.backend.xen;

import io.livemig.posix.Errno;
import io.livemig.backend.DomainException;
import io.livemig.backend.xen.bindings.ErrnoCapture;
import io.livemig.backend.xen.bindings.xenstore_h;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * A connection to xenstored (libxenstore), owned by a {@link XenHost}: the few operations the
 * cooperative suspend and the resume need. Every call holds the host's read lock.
 */
final class XenStore {
    /** XENSTORE_PAYLOAD_MAX: no value or path is longer. */
    static final int MAX_PAYLOAD = 4096;

    private final XenHost host;
    private final Arena arena;
    private final MemorySegment callState;
    private final MemorySegment length;
    private final MemorySegment handle;

    private XenStore(XenHost host, Arena arena, MemorySegment callState, MemorySegment handle) {
        this.host = host;
        this.arena = arena;
        this.callState = callState;
        this.length = arena.allocate(ValueLayout.JAVA_INT);
        this.handle = handle;
    }

    static XenStore open(XenHost host) {
        Arena arena = Arena.ofShared();
        MemorySegment callState = ErrnoCapture.allocate(arena);
        MemorySegment handle = xenstore_h.xs_open(callState, 0L);
        if (handle.equals(MemorySegment.NULL)) {
            int errno = ErrnoCapture.errno(callState);
            arena.close();
            throw new XenCallException("xs_open", "0", errno, "is xenstored running?");
        }
        return new XenStore(host, arena, callState, handle);
    }

    /** "/local/domain/5" (xs_get_domain_path). */
    synchronized String domainPath(int domid) {
        return host.held(() -> {
            MemorySegment path = xenstore_h.xs_get_domain_path(callState, handle, domid);
            if (path.equals(MemorySegment.NULL)) {
                throw XenCallException.failed(callState, "xs_get_domain_path", "domid " + domid);
            }
            try {
                return NativeStrings.read(path, MAX_PAYLOAD, "xs_get_domain_path(domid " + domid + ")");
            } finally {
                xenstore_h.free(path);
            }
        });
    }

    /** The value at {@code path}, or null when the node does not exist (xs_read). */
    synchronized String read(int transaction, String path) {
        return host.held(() -> {
            try (Arena call = Arena.ofConfined()) {
                MemorySegment value = xenstore_h.xs_read(callState, handle, transaction, call.allocateFrom(path), length);
                if (value.equals(MemorySegment.NULL)) {
                    int errno = ErrnoCapture.errno(callState);
                    if (errno == Errno.ENOENT) {
                        return null;
                    }
                    throw new XenCallException("xs_read", path, errno);
                }
                try {
                    int n = length.get(ValueLayout.JAVA_INT, 0);
                    if (n < 0 || n > MAX_PAYLOAD) {
                        throw new DomainException("xs_read(" + path + ") returned " + Integer.toUnsignedString(n)
                                + " bytes, more than xenstore's limit of " + MAX_PAYLOAD);
                    }
                    return NativeStrings.read(value, n);
                } finally {
                    xenstore_h.free(value);
                }
            }
        });
    }

    /** The names of the children of {@code path}, or null when the node does not exist (xs_directory). */
    @SuppressWarnings("restricted") // xs_directory returns num pointers to C strings
    synchronized java.util.List<String> directory(int transaction, String path) {
        return host.held(() -> {
            try (Arena call = Arena.ofConfined()) {
                MemorySegment names = xenstore_h.xs_directory(callState, handle, transaction, call.allocateFrom(path), length);
                if (names.equals(MemorySegment.NULL)) {
                    int errno = ErrnoCapture.errno(callState);
                    if (errno == Errno.ENOENT) {
                        return null;
                    }
                    throw new XenCallException("xs_directory", path, errno);
                }
                try {
                    int n = length.get(ValueLayout.JAVA_INT, 0);
                    if (n < 0 || n > MAX_PAYLOAD) {
                        throw new DomainException("xs_directory(" + path + ") returned " + Integer.toUnsignedString(n) + " entries");
                    }
                    MemorySegment array = names.reinterpret((long) n * ValueLayout.ADDRESS.byteSize());
                    java.util.List<String> children = new java.util.ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        children.add(NativeStrings.read(array.getAtIndex(ValueLayout.ADDRESS, i), MAX_PAYLOAD, "xs_directory(" + path + ")"));
                    }
                    return children;
                } finally {
                    xenstore_h.free(names);
                }
            }
        });
    }

    /** Writes {@code value} at {@code path} (xs_write). */
    synchronized void write(int transaction, String path, String value) {
        host.held(() -> {
            try (Arena call = Arena.ofConfined()) {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                MemorySegment data = call.allocate(Math.max(1, bytes.length));
                MemorySegment.copy(bytes, 0, data, ValueLayout.JAVA_BYTE, 0, bytes.length);
                if (!xenstore_h.xs_write(callState, handle, transaction, call.allocateFrom(path), data, bytes.length)) {
                    throw XenCallException.failed(callState, "xs_write", path + ", \"" + value + "\"");
                }
            }
        });
    }

    /** A new transaction (xs_transaction_start). */
    synchronized int startTransaction() {
        return host.held(() -> {
            int t = xenstore_h.xs_transaction_start(callState, handle);
            if (t == xenstore_h.XBT_NULL()) {
                throw XenCallException.failed(callState, "xs_transaction_start", "");
            }
            return t;
        });
    }

    /**
     * Commits (or with {@code abort} abandons) a transaction (xs_transaction_end); false when the
     * commit lost a race with another writer (EAGAIN) and must be retried.
     */
    synchronized boolean endTransaction(int transaction, boolean abort) {
        return host.held(() -> {
            if (xenstore_h.xs_transaction_end(callState, handle, transaction, abort)) {
                return true;
            }
            int errno = ErrnoCapture.errno(callState);
            if (errno == Errno.EAGAIN && !abort) {
                return false;
            }
            throw new XenCallException("xs_transaction_end", abort ? "abort" : "commit", errno);
        });
    }

    /** Tells xenstored the domain runs again after a suspend (xs_resume_domain), as libxl does. */
    synchronized void resumeDomain(int domid) {
        host.held(() -> {
            if (!xenstore_h.xs_resume_domain(callState, handle, domid)) {
                throw XenCallException.failed(callState, "xs_resume_domain", "domid " + domid);
            }
        });
    }

    /** Called by the host under its write lock. */
    void closeHandle() {
        xenstore_h.xs_close(handle);
        arena.close();
    }
}
