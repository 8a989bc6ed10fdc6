package io.livemig.bench;

import io.livemig.backend.DirtyBitmap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One whole pass over a dirty bitmap, collecting the dirty pfns into batches of 1024 and handing
 * each batch to a sink (sum of its pfns), the way a save round walks the bitmap:
 * <ul>
 *   <li>{@code javaCollect}: the core's {@link DirtyBitmap#rewind()} / {@link DirtyBitmap#collect(long[], int)},
 *       the code the save engine runs;</li>
 *   <li>{@code cWordCtz}: C, 64 bits at a time, zero words skipped, count-trailing-zeros;</li>
 *   <li>{@code xenPerBit}: C, Xen's send_dirty_pages loop: test_bit on every pfn.</li>
 * </ul>
 * All three read the same off-heap bitmap (the core's, in a confined arena as the engine allocates
 * it), generated once per trial by {@link BitmapPatterns}. The setup checks that the three agree on
 * the number and the sum of the pfns before anything is measured. Score: time per pass; the report
 * divides it by the bitmap's words and by its dirty pages.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "-Xms256m", "-Xmx256m"})
public class BitmapScanBenchmark {
    /** Guest memory: 4GiB = 2^20 pfns, 64GiB = 2^24, 1TiB = 2^28 (a 32 MiB bitmap). */
    @Param({"4GiB", "64GiB", "1TiB"})
    public String guest;

    /** Share of dirty pfns, in percent. */
    @Param({"0.01", "1", "10", "50", "100"})
    public String dirtyPercent;

    @Param({"uniform", "clustered"})
    public String pattern;

    private Arena arena;
    private DirtyBitmap bitmap;
    private MemorySegment bits;
    private long pfnCount;
    private final long[] batch = new long[XenRef.MAX_BATCH_SIZE];
    private final JavaSink javaSink = new JavaSink();
    private MemorySegment cBatch;
    private MemorySegment cSink;

    /** The Java side's counterpart of struct xenref_sink. */
    static final class JavaSink {
        long pfnSum;
        long pfns;
        long batches;
    }

    @Setup(Level.Trial)
    public void generate() {
        arena = Arena.ofConfined();
        pfnCount = BitmapPatterns.pfnsOf(guest);
        bitmap = BitmapPatterns.generate(arena, pfnCount, BitmapPatterns.fractionOf(dirtyPercent), pattern);
        bits = bitmap.segment();
        cBatch = arena.allocate((long) XenRef.MAX_BATCH_SIZE * Long.BYTES, 64);
        cSink = XenRef.newSink(arena, MemorySegment.NULL, 0);
        checkAgreement();
    }

    private void checkAgreement() {
        long expected = bitmap.count();
        long javaSum = javaCollect();
        long javaPfns = javaSink.pfns;
        long wordSum = cWordCtz();
        long wordPfns = XenRef.sinkPfns(cSink);
        long bitSum = xenPerBit();
        long bitPfns = XenRef.sinkPfns(cSink);
        if (javaPfns != expected || wordPfns != expected || bitPfns != expected || javaSum != wordSum || wordSum != bitSum) {
            throw new IllegalStateException(String.format(
                    "scans disagree on %s %s%% %s: bitmap count %d; java %d pfns sum %d; C word %d pfns sum %d; Xen per-bit %d pfns sum %d",
                    guest, dirtyPercent, pattern, expected, javaPfns, javaSum, wordPfns, wordSum, bitPfns, bitSum));
        }
    }

    @TearDown(Level.Trial)
    public void release() {
        arena.close();
    }

    @Benchmark
    public long javaCollect() {
        final DirtyBitmap b = bitmap;
        final long[] out = batch;
        final JavaSink sink = javaSink;
        sink.pfnSum = 0;
        sink.pfns = 0;
        sink.batches = 0;
        b.rewind();
        int n;
        while ((n = b.collect(out, XenRef.MAX_BATCH_SIZE)) > 0) {
            flush(sink, out, n);
        }
        return sink.pfnSum;
    }

    /** Not inlined, like the C flush: a real call per batch on both sides. */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static void flush(JavaSink sink, long[] batch, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += batch[i];
        }
        sink.pfnSum += sum;
        sink.pfns += n;
        sink.batches++;
    }

    @Benchmark
    public long cWordCtz() {
        XenRef.resetSink(cSink);
        return XenRef.scanWordCtz(bits, pfnCount, cBatch, cSink);
    }

    @Benchmark
    public long xenPerBit() {
        XenRef.resetSink(cSink);
        return XenRef.scanPerBit(bits, pfnCount, cBatch, cSink);
    }
}
