package io.livemig.backend.xen;

import io.livemig.posix.Errno;
import io.livemig.backend.DomainException;
import io.livemig.backend.xen.bindings.ErrnoCapture;
import java.lang.foreign.MemorySegment;

/**
 * A call into the Xen libraries failed: names the C function, its key arguments and the errno it
 * left, for example {@code xc_logdirty_control(domid 5, CLEAN) failed: errno 22 (EINVAL: Invalid argument)}.
 */
public class XenCallException extends DomainException {
    private final String call;
    private final String arguments;
    private final int errno;

    /**
     * @param call      the C function, "xc_logdirty_control"
     * @param arguments its key arguments as text, "domid 5, CLEAN" (may be empty)
     * @param errno     the errno the call left (0 when it set none)
     */
    public XenCallException(String call, String arguments, int errno) {
        this(call, arguments, errno, "");
    }

    /** As {@link #XenCallException(String, String, int)}, with {@code detail} appended to the message ("; ..."). */
    public XenCallException(String call, String arguments, int errno, String detail) {
        super(message(call, arguments, errno, detail));
        this.call = call;
        this.arguments = arguments;
        this.errno = errno;
    }

    /**
     * The failure of the native call that has just returned with {@code callState}: its name, key
     * arguments and the errno it captured. Read right after the call, before any other call with
     * the same call state.
     */
    static XenCallException failed(MemorySegment callState, String call, String arguments) {
        return new XenCallException(call, arguments, ErrnoCapture.errno(callState));
    }

    /** As {@link #failed(MemorySegment, String, String)}, with {@code detail} appended to the message. */
    static XenCallException failed(MemorySegment callState, String call, String arguments, String detail) {
        return new XenCallException(call, arguments, ErrnoCapture.errno(callState), detail);
    }

    static String message(String call, String arguments, int errno, String detail) {
        StringBuilder m = new StringBuilder(call).append('(').append(arguments).append(") failed");
        if (errno != 0) {
            m.append(": ").append(Errno.describe(errno));
        }
        if (!detail.isEmpty()) {
            m.append("; ").append(detail);
        }
        return m.toString();
    }

    /** The C function that failed. */
    public String call() {
        return call;
    }

    /** Its key arguments as text. */
    public String arguments() {
        return arguments;
    }

    public int errno() {
        return errno;
    }

    /** "EINVAL" (or "errno N" for a value Linux does not define). */
    public String errnoName() {
        return Errno.name(errno);
    }
}
