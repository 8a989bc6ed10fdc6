package io.livemig.backend.sim;

import java.lang.management.ManagementFactory;

/** Bytes allocated by the current thread, from HotSpot's per-thread counter. */
final class Allocations {
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() {
    }

    static long allocatedSoFar() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }
}
