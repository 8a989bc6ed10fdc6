package io.livemig.backend.xen;

import io.livemig.posix.NativeAccess;
import io.livemig.backend.DomainException;
import io.livemig.backend.xen.bindings.ErrnoCapture;
import io.livemig.backend.xen.bindings.XenLibraries;
import io.livemig.backend.xen.bindings.XenLibraryException;
import io.livemig.backend.xen.bindings.xenctrl_h;
import io.livemig.backend.xen.bindings.xenforeignmemory_h;
import io.livemig.backend.xen.bindings.xentoollog_h;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.StampedLock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A connection to the Xen hypervisor from dom0: the libxenctrl interface ({@code xc_interface}),
 * a foreign-memory handle ({@code xenforeignmemory_handle}) and, when first needed, a xenstore
 * connection, all closed by {@link #close()} in reverse order. Domains are opened on it with
 * {@link XenDomain#open}.
 *
 * <p>{@link #open} checks, in this order, that the libraries load (by soname, or from the
 * {@code --xen-lib} directory), that {@code /dev/xen/privcmd} exists and is usable and, where
 * xenfs is mounted, that this is dom0; only then does it call {@code xc_interface_open}. Each
 * failure is a {@link XenUnavailableException} with a one-line message. The libraries' own
 * stderr logging is replaced by a quiet logger ({@link XenLogger}).
 *
 * <p>Thread use: any thread. Native calls made through this connection hold a read lock that
 * {@link #close()} takes for writing, so closing waits for calls in flight and later calls fail
 * with a {@link DomainException} instead of using freed handles.
 */
public final class XenHost implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(XenHost.class);
    static final Path PRIVCMD = Path.of("/dev/xen/privcmd");
    static final Path CAPABILITIES = Path.of("/proc/xen/capabilities");

    private final Arena arena;
    private final MemorySegment callState;
    private final MemorySegment logger;
    private final MemorySegment xch;
    private final MemorySegment fmem;
    private final int xenMajor;
    private final int xenMinor;
    private final Optional<Path> libraryDirectory;
    private final StampedLock lock = new StampedLock();
    private volatile boolean closed;
    private XenStore xenstore;

    private XenHost(Arena arena, MemorySegment callState, MemorySegment logger, MemorySegment xch, MemorySegment fmem,
                    int version, Optional<Path> libraryDirectory) {
        this.arena = arena;
        this.callState = callState;
        this.logger = logger;
        this.xch = xch;
        this.fmem = fmem;
        this.xenMajor = version >>> 16;
        this.xenMinor = version & 0xFFFF;
        this.libraryDirectory = libraryDirectory;
    }

    /**
     * Connects to the hypervisor.
     *
     * @param libraryDirectory where to load the Xen libraries from (the CLI's {@code --xen-lib});
     *                         empty for the system library path
     * @throws XenUnavailableException when a library is missing, this is not dom0, or privileges lack
     * @return the open connection
     * @throws XenUnavailableException when a library is missing, this is not dom0, or privileges lack
     * @throws XenCallException        when a library call fails for another reason
     */
    public static XenHost open(Optional<Path> libraryDirectory) {
        return open(libraryDirectory, PRIVCMD, CAPABILITIES);
    }

    /** {@link #open(Optional)} with the dom0 checks made on other paths (for tests against a stand-in library). */
    static XenHost open(Optional<Path> libraryDirectory, Path privcmd, Path capabilities) {
        NativeAccess.require();
        try {
            XenLibraries.useDirectory(libraryDirectory);
        } catch (XenLibraryException e) {
            throw XenUnavailableException.library(e, installHint(XenLibraries.Library.XENCTRL));
        }
        require(XenLibraries.Library.XENCTRL);
        require(XenLibraries.Library.XENFOREIGNMEMORY);
        require(XenLibraries.Library.XENTOOLLOG);
        checkDom0(privcmd, capabilities);

        Arena arena = Arena.ofShared();
        MemorySegment callState = ErrnoCapture.allocate(arena);
        MemorySegment logger = MemorySegment.NULL;
        MemorySegment xch = MemorySegment.NULL;
        MemorySegment fmem = MemorySegment.NULL;
        try {
            logger = XenLogger.create(callState);
            xch = xenctrl_h.xc_interface_open(callState, logger, logger, 0);
            if (xch.equals(MemorySegment.NULL)) {
                throw XenUnavailableException.interfaceOpenFailed(ErrnoCapture.errno(callState), privcmd);
            }
            fmem = xenforeignmemory_h.xenforeignmemory_open(callState, logger, 0);
            if (fmem.equals(MemorySegment.NULL)) {
                throw XenCallException.failed(callState, "xenforeignmemory_open", "");
            }
            int version = xenctrl_h.xc_version(callState, xch, xenctrl_h.XENVER_version(), MemorySegment.NULL);
            if (version < 0) {
                throw XenCallException.failed(callState, "xc_version", "XENVER_version");
            }
            XenHost host = new XenHost(arena, callState, logger, xch, fmem, version, XenLibraries.directory());
            LOG.debug("Connected to Xen {}.{}{}", host.xenMajor, host.xenMinor,
                    host.libraryDirectory.map(d -> " with the libraries of " + d).orElse(""));
            return host;
        } catch (RuntimeException | Error e) {
            release(callState, fmem, xch, logger);
            arena.close();
            throw e;
        }
    }

    /**
     * Fails unless this process can drive Xen: {@code privcmd} must exist and be readable and
     * writable, and {@code capabilities}, where it can be read (xenfs mounted), must say
     * {@code control_d}.
     */
    static void checkDom0(Path privcmd, Path capabilities) {
        if (!Files.exists(privcmd)) {
            throw XenUnavailableException.noPrivcmd(privcmd);
        }
        if (!Files.isReadable(privcmd) || !Files.isWritable(privcmd)) {
            throw XenUnavailableException.privcmdDenied(privcmd);
        }
        if (Files.isReadable(capabilities)) {
            String caps;
            try {
                caps = Files.readString(capabilities, StandardCharsets.US_ASCII);
            } catch (IOException e) {
                LOG.debug("{} could not be read ({}); not checking for dom0", capabilities, e.toString());
                return;
            }
            if (!caps.contains("control_d")) {
                throw XenUnavailableException.notDom0(capabilities);
            }
        }
    }

    /** Loads {@code library} if it is not loaded yet. */
    static void require(XenLibraries.Library library) {
        try {
            XenLibraries.lookup(library);
        } catch (XenLibraryException e) {
            throw XenUnavailableException.library(e, installHint(library));
        }
    }

    private static String installHint(XenLibraries.Library library) {
        return "libxen-dev (or " + library.debianPackage() + ")";
    }

    /**
     * The hypervisor's version, from xc_version(XENVER_version).
     *
     * @return the major version, 4 for Xen 4.17
     */
    public int xenMajor() {
        return xenMajor;
    }

    /**
     * The hypervisor's minor version, from xc_version(XENVER_version).
     *
     * @return the minor version, 17 for Xen 4.17
     */
    public int xenMinor() {
        return xenMinor;
    }

    /**
     * Where the libraries were loaded from; empty for the system library path.
     *
     * @return the {@code --xen-lib} directory in use, or empty
     */
    public Optional<Path> libraryDirectory() {
        return libraryDirectory;
    }

    /**
     * Whether the connection is usable: {@link #close()} has not been called.
     *
     * @return true until closed
     */
    public boolean isOpen() {
        return !closed;
    }

    // ---- for the backend's native calls

    /** Starts a native call through this connection; pair with {@link #exit}. Not reentrant. */
    long enter() {
        long stamp = lock.readLock();
        if (closed) {
            lock.unlockRead(stamp);
            throw new DomainException("the Xen connection is closed");
        }
        return stamp;
    }

    void exit(long stamp) {
        lock.unlockRead(stamp);
    }

    /** Native calls made while the connection is held open. */
    @FunctionalInterface
    interface HeldCall<T> {
        T call();
    }

    /** As {@link HeldCall}, for calls that return nothing. */
    @FunctionalInterface
    interface HeldAction {
        void run();
    }

    /**
     * Makes {@code calls} between {@link #enter} and {@link #exit} and returns what they return.
     * Capturing lambdas allocate: per-batch paths call enter and exit themselves.
     */
    <T> T held(HeldCall<T> calls) {
        long stamp = enter();
        try {
            return calls.call();
        } finally {
            exit(stamp);
        }
    }

    /** As {@link #held(HeldCall)}, for calls that return nothing. */
    void held(HeldAction calls) {
        long stamp = enter();
        try {
            calls.run();
        } finally {
            exit(stamp);
        }
    }

    /** The xc_interface handle; use between {@link #enter} and {@link #exit}. */
    MemorySegment xch() {
        return xch;
    }

    /** The xenforeignmemory handle; use between {@link #enter} and {@link #exit}. */
    MemorySegment fmem() {
        return fmem;
    }

    /** The xenstore connection, opened on first use (loads libxenstore). Call outside {@link #enter}. */
    synchronized XenStore xenstore() {
        if (closed) {
            throw new DomainException("the Xen connection is closed");
        }
        if (xenstore == null) {
            require(XenLibraries.Library.XENSTORE);
            xenstore = XenStore.open(this);
        }
        return xenstore;
    }

    /**
     * Closes the xenstore connection, the foreign-memory handle, the xc_interface and the logger,
     * after native calls in flight have returned. Idempotent. Failures are logged, not thrown.
     */
    @Override
    public void close() {
        long stamp = lock.writeLock();
        XenStore xs;
        try {
            if (closed) {
                return;
            }
            closed = true;
            synchronized (this) {
                xs = xenstore;
                xenstore = null;
            }
            if (xs != null) {
                xs.closeHandle();
            }
            release(callState, fmem, xch, logger);
        } finally {
            lock.unlockWrite(stamp);
        }
        arena.close();
        LOG.debug("Closed the Xen connection");
    }

    private static void release(MemorySegment callState, MemorySegment fmem, MemorySegment xch, MemorySegment logger) {
        if (!fmem.equals(MemorySegment.NULL) && xenforeignmemory_h.xenforeignmemory_close(callState, fmem) != 0) {
            LOG.warn("{}", XenCallException.message("xenforeignmemory_close", "", ErrnoCapture.errno(callState), ""));
        }
        if (!xch.equals(MemorySegment.NULL) && xenctrl_h.xc_interface_close(callState, xch) != 0) {
            LOG.warn("{}", XenCallException.message("xc_interface_close", "", ErrnoCapture.errno(callState), ""));
        }
        if (!logger.equals(MemorySegment.NULL)) {
            xentoollog_h.xtl_logger_destroy(logger);
        }
    }
}
