package io.livemig.backend.xen;

import io.livemig.backend.DomainException;
import java.time.Duration;

/**
 * How a save gets the guest to suspend itself (libxc's {@code suspend} callback). The hook returns
 * once the domain has shut down with reason SHUTDOWN_suspend; {@link XenDomain#suspend()} then
 * checks that it has, as Xen's save does. A hook may use {@link XenDomain#info()},
 * {@link XenDomain#hvmParam(int)} and {@link XenDomain#shutdownForSuspend()}.
 */
@FunctionalInterface
public interface SuspendHook {

    /**
     * Suspends {@code domain}.
     *
     * @param domain the domain to suspend, running or already suspended
     * @throws DomainException when the guest does not suspend
     */
    void suspend(XenDomain domain) throws DomainException;

    /**
     * The default: libxl's cooperative suspend (see {@link CooperativeSuspendHook}), 60 s per step.
     *
     * @return a cooperative hook with {@link CooperativeSuspendHook#DEFAULT_TIMEOUT}
     */
    static SuspendHook cooperative() {
        return new CooperativeSuspendHook(CooperativeSuspendHook.DEFAULT_TIMEOUT);
    }

    /**
     * The cooperative suspend with {@code timeout} for the guest's acknowledgement and again for its suspend.
     *
     * @param timeout the limit of each wait, positive
     * @return a cooperative hook with that timeout
     * @throws IllegalArgumentException when {@code timeout} is zero or negative
     */
    static SuspendHook cooperative(Duration timeout) {
        return new CooperativeSuspendHook(timeout);
    }
}
