package io.livemig.engine;

import java.util.concurrent.locks.LockSupport;

/**
 * The engine's time source: what it measures rounds, bandwidth and the policy's elapsed time
 * with, and how the rate limiter waits. Injectable so that tests decide what time it is; a test
 * clock's {@link #sleepNanos} simply advances its time.
 */
public interface NanoClock {

    /**
     * A monotonic time in nanoseconds, as {@link System#nanoTime()}.
     *
     * @return nanoseconds since an arbitrary origin; only differences mean anything
     */
    long nanoTime();

    /**
     * Waits about {@code nanos}; may return early (callers check the time again).
     *
     * @param nanos how long to wait, in nanoseconds
     * @throws InterruptedException when the thread is interrupted while it waits
     */
    void sleepNanos(long nanos) throws InterruptedException;

    /** {@link System#nanoTime()} and {@link LockSupport#parkNanos(long)}. */
    NanoClock SYSTEM = new NanoClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleepNanos(long nanos) throws InterruptedException {
            LockSupport.parkNanos(nanos);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for the bandwidth limit");
            }
        }

        @Override
        public String toString() {
            return "system clock";
        }
    };
}
