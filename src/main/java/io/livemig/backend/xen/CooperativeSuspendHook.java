package io.livemig.backend.xen;

import io.livemig.backend.DomainException;
import io.livemig.backend.xen.bindings.xenctrl_h;
import java.time.Duration;
import java.util.Objects;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Suspends a guest the way libxl does for {@code xl save} and {@code xl migrate}
 * (tools/libs/light/libxl_dom_suspend.c):
 * <ul>
 *   <li>a PV guest, or an HVM/PVH guest with PV drivers (HVM_PARAM_CALLBACK_IRQ set), is asked
 *       through xenstore: "suspend" is written to {@code /local/domain/<domid>/control/shutdown};
 *       the guest acknowledges by clearing the node. Without an acknowledgement within the timeout,
 *       the request is withdrawn in a transaction (unless the guest acknowledged at the last
 *       moment) and the suspend fails;</li>
 *   <li>an HVM guest without PV drivers cannot be asked: the domain is shut down with reason
 *       suspend directly (xc_domain_shutdown(SHUTDOWN_suspend)).</li>
 * </ul>
 * Then it waits, up to the timeout again, until the domain has shut down with reason suspend.
 * libxl's event-channel variant (for guests that publish a suspend event channel) is not used:
 * Linux guests do not publish one.
 */
public final class CooperativeSuspendHook implements SuspendHook {
    private static final Logger LOG = LogManager.getLogger(CooperativeSuspendHook.class);
    /** libxl's timeout for each of the two waits. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private static final long FIRST_POLL_NANOS = 200_000;
    private static final long MAX_POLL_NANOS = 10_000_000;
    private static final String SUSPEND = "suspend";

    private final Duration timeout;

    /**
     * A cooperative suspend that waits up to {@code timeout} for the guest's acknowledgement, and
     * again for the domain to shut down with reason suspend.
     *
     * @param timeout the limit of each wait, positive ({@link #DEFAULT_TIMEOUT} is libxl's)
     * @throws NullPointerException     when {@code timeout} is null
     * @throws IllegalArgumentException when {@code timeout} is zero or negative
     */
    public CooperativeSuspendHook(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("suspend timeout must be positive: " + timeout);
        }
        this.timeout = timeout;
    }

    /**
     * The limit of each of the two waits.
     *
     * @return the timeout given at construction
     */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public void suspend(XenDomain domain) {
        XenDomainInfo info = domain.info();
        if (info.suspended()) {
            return;
        }
        if (info.shutdown() || info.dying()) {
            throw new DomainException(domain.name() + " is " + info.state() + ": it cannot be suspended");
        }
        if (info.paused()) {
            throw new DomainException(domain.name() + " is paused, so it cannot answer a suspend request; unpause it (xl unpause) first");
        }
        boolean pvControl = !info.hvm() || domain.hvmParam(xenctrl_h.HVM_PARAM_CALLBACK_IRQ()) != 0;
        if (pvControl) {
            requestThroughXenstore(domain);
        } else {
            LOG.debug("{}: HVM guest without PV drivers, shutting it down for suspend", domain.name());
            domain.shutdownForSuspend();
        }
        waitUntilSuspended(domain);
    }

    private void requestThroughXenstore(XenDomain domain) {
        XenStore xs = domain.host().xenstore();
        String path = xs.domainPath(domain.domid()) + "/control/shutdown";
        LOG.debug("{}: writing \"suspend\" to {}", domain.name(), path);
        xs.write(0, path, SUSPEND);
        long deadline = System.nanoTime() + timeout.toNanos();
        long poll = FIRST_POLL_NANOS;
        while (!acknowledged(xs.read(0, path))) {
            if (System.nanoTime() - deadline > 0) {
                withdraw(domain, xs, path);
                return;
            }
            poll = pause(domain, poll);
        }
        LOG.debug("{}: the guest acknowledged the suspend request", domain.name());
    }

    /** libxl's domain_suspend_pvcontrol_acked: anything but "suspend", including no node, is an acknowledgement. */
    static boolean acknowledged(String value) {
        return !SUSPEND.equals(value);
    }

    /**
     * Withdraws the request, unless the guest acknowledged it meanwhile (then returns normally and
     * the wait for the suspend follows); otherwise fails.
     */
    private void withdraw(XenDomain domain, XenStore xs, String path) {
        while (true) {
            int t = xs.startTransaction();
            String value = xs.read(t, path);
            if (acknowledged(value)) {
                xs.endTransaction(t, true);
                LOG.debug("{}: the guest acknowledged the suspend request at the last moment", domain.name());
                return;
            }
            xs.write(t, path, "");
            if (xs.endTransaction(t, false)) {
                throw new DomainException(domain.name() + " did not acknowledge the suspend request within " + seconds()
                        + " (" + path + " still said \"suspend\"); the request was withdrawn");
            }
        }
    }

    private void waitUntilSuspended(XenDomain domain) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long poll = FIRST_POLL_NANOS;
        while (true) {
            XenDomainInfo info = domain.info();
            if (info.shutdown()) {
                if (info.suspended()) {
                    return;
                }
                throw new DomainException(domain.name() + " shut down with reason "
                        + XenDomainInfo.shutdownReasonName(info.shutdownReason()) + " instead of suspending");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new DomainException(domain.name() + " did not suspend within " + seconds() + " (it is " + info.state() + ")");
            }
            poll = pause(domain, poll);
        }
    }

    private String seconds() {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }

    /** Sleeps {@code nanos}; returns the next, longer, pause. */
    private static long pause(XenDomain domain, long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DomainException("interrupted while waiting for " + domain.name() + " to suspend", e);
        }
        return Math.min(MAX_POLL_NANOS, nanos * 2);
    }
}
