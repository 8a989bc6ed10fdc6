package io.livemig.bench;

import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Bytes allocated by the benchmark thread itself, per iteration, next to the records it wrote:
 * both reported as rates (JMH operations counters), so {@code allocatedBytes / records} is the
 * writer's own allocation per record. {@code -prof gc}'s {@code gc.alloc.rate.norm} counts every
 * thread of the JVM (JMH's own, the reader thread), a background of about 0.2 MB/s that
 * dominates when a record takes milliseconds (pipe, TCP); this counter does not see it.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class ThreadAllocation {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Records written in this iteration. */
    public long records;
    /** Bytes the benchmark thread allocated in this iteration. */
    public long allocatedBytes;

    private long start;

    @Setup(Level.Iteration)
    public void begin() {
        records = 0;
        allocatedBytes = 0;
        start = THREADS.getCurrentThreadAllocatedBytes();
    }

    @TearDown(Level.Iteration)
    public void end() {
        allocatedBytes = THREADS.getCurrentThreadAllocatedBytes() - start;
    }
}
