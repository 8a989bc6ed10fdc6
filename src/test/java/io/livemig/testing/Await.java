package io.livemig.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How tests wait: poll a condition until it holds, failing at a deadline, never sleep a fixed time
 * and hope. Between polls the thread parks briefly, so that the threads it waits for (a simulated
 * guest's writers, on a loaded machine) get the core.
 */
public final class Await {
    /** Long enough for a loaded 2-core machine; a condition that holds returns at once anyway. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    private static final long POLL_NANOS = 200_000;

    private Await() {
    }

    /** Returns once {@code condition} holds; fails after {@link #DEFAULT_TIMEOUT} naming {@code what} was awaited. */
    public static void until(BooleanSupplier condition, String what) {
        until(condition, DEFAULT_TIMEOUT, what);
    }

    /** Returns once {@code condition} holds; fails after {@code timeout} naming {@code what} was awaited. */
    public static void until(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
