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
    /** The C function that failed. */
    private final String call;
    /** Its key arguments as text, possibly empty. */
    private final String arguments;
    /** The errno the call left, 0 when it set none. */
    private final int errno;

    /**
     * A failed call without further detail.
     *
     * @param call      the C function, "xc_logdirty_control"
     * @param arguments its key arguments as text, "domid 5, CLEAN" (may be empty)
     * @param errno     the errno the call left (0 when it set none)
     */
    public XenCallException(String call, String arguments, int errno) {
        this(call, arguments, errno, "");
    }

    /**
     * As {@link #XenCallException(String, String, int)}, with {@code detail} appended to the message ("; ...").
     *
     * @param call      the C function, "xc_logdirty_control"
     * @param arguments its key arguments as text, "domid 5, CLEAN" (may be empty)
     * @param errno     the errno the call left (0 when it set none)
     * @param detail    more about the failure, or empty for none
     */
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

    /**
     * The C function that failed.
     *
     * @return the function's name, "xc_logdirty_control"
     */
    public String call() {
        return call;
    }

    /**
     * Its key arguments as text.
     *
     * @return the arguments, "domid 5, CLEAN", possibly empty
     */
    public String arguments() {
        return arguments;
    }

    /**
     * The errno the call left.
     *
     * @return the errno, 0 when the call set none
     */
    public int errno() {
        return errno;
    }

    /**
     * "EINVAL" (or "errno N" for a value Linux does not define).
     *
     * @return the symbolic name, or "errno N"
     */
    public String errnoName() {
        return Errno.name(errno);
    }
}
