package io.livemig.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What each side of a paired benchmark ({@link PairedRestoreBenchmark}, {@link PairedBatchBenchmark})
 * did in one iteration: its records and the nanoseconds of its own turns. The report divides one
 * by the other per side and iteration, and judges the median of the iterations' Java / C ratios.
 */
@AuxCounters(AuxCounters.Type.EVENTS)
@State(Scope.Thread)
public class Turns {
    public long javaRecords;
    public long javaNanos;
    public long cRecords;
    public long cNanos;

    /** Counts a record that took {@code nanos} to the side whose turn it was. */
    void count(boolean java, long nanos) {
        if (java) {
            javaRecords++;
            javaNanos += nanos;
        } else {
            cRecords++;
            cNanos += nanos;
        }
    }

    @Setup(Level.Iteration)
    public void clear() {
        javaRecords = 0;
        javaNanos = 0;
        cRecords = 0;
        cNanos = 0;
    }
}
