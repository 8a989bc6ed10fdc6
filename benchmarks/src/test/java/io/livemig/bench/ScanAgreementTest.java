package io.livemig.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.DirtyBitmap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The three scans of the benchmark (core Java, C word scan, Xen's per-bit loop) find the same pfns in the same batches. */
class ScanAgreementTest {

    @ParameterizedTest
    @CsvSource({"70001, 0.01, uniform", "70001, 1, uniform", "70001, 10, clustered", "65536, 50, uniform",
            "65536, 100, clustered", "4100, 100, uniform", "1000000, 0.01, clustered", "64, 0, uniform"})
    void allThreeScansReturnTheSamePfnsInTheSameBatches(long pfns, String percent, String pattern) {
        try (Arena arena = Arena.ofConfined()) {
            DirtyBitmap bitmap = BitmapPatterns.generate(arena, pfns, BitmapPatterns.fractionOf(percent), pattern);
            long[] java = javaScan(bitmap);
            assertEquals(bitmap.count(), java.length);
            assertArrayEquals(java, cScan(arena, bitmap, true), "C word scan");
            assertArrayEquals(java, cScan(arena, bitmap, false), "Xen per-bit loop");
        }
    }

    @Test
    void bitsPastTheLastPfnAreIgnoredByEveryScan() {
        try (Arena arena = Arena.ofConfined()) {
            DirtyBitmap bitmap = DirtyBitmap.allocate(arena, 100); // 2 words, 28 bits of padding
            bitmap.setWord(1, -1L);   // pfns 64..99 dirty, and the padding bits too
            bitmap.set(3);
            long[] expected = new long[37];
            expected[0] = 3;
            for (int i = 1; i < 37; i++) {
                expected[i] = 63 + i;
            }
            assertArrayEquals(expected, javaScan(bitmap));
            assertArrayEquals(expected, cScan(arena, bitmap, true));
            assertArrayEquals(expected, cScan(arena, bitmap, false));
        }
    }

    @Test
    void flushesComeEvery1024PfnsAsInXen() {
        try (Arena arena = Arena.ofConfined()) {
            DirtyBitmap bitmap = DirtyBitmap.allocate(arena, 3000);
            bitmap.setAll();
            MemorySegment sink = XenRef.newSink(arena, MemorySegment.NULL, 0);
            MemorySegment batch = arena.allocate(8L * XenRef.MAX_BATCH_SIZE);
            long sum = XenRef.scanPerBit(bitmap.segment(), 3000, batch, sink);
            assertEquals(2999L * 3000 / 2, sum);
            assertEquals(3000, XenRef.sinkPfns(sink));
            assertEquals(3, XenRef.sinkBatches(sink)); // 1024 + 1024 + 952
            XenRef.resetSink(sink);
            assertEquals(sum, XenRef.scanWordCtz(bitmap.segment(), 3000, batch, sink));
            assertEquals(3, XenRef.sinkBatches(sink));
        }
    }

    @Test
    void theBenchmarkSetupChecksAgreementAndItsScansReturnThePfnSum() {
        BitmapScanBenchmark b = new BitmapScanBenchmark();
        b.guest = "64MiB";
        b.dirtyPercent = "10";
        b.pattern = "clustered";
        b.generate(); // throws when the scans disagree
        try {
            long sum = b.javaCollect();
            assertTrue(sum > 0);
            assertEquals(sum, b.cWordCtz());
            assertEquals(sum, b.xenPerBit());
        } finally {
            b.release();
        }
    }

    static long[] javaScan(DirtyBitmap bitmap) {
        long[] all = new long[(int) bitmap.pfnCount()];
        long[] batch = new long[XenRef.MAX_BATCH_SIZE];
        bitmap.rewind();
        int total = 0;
        int n;
        while ((n = bitmap.collect(batch, XenRef.MAX_BATCH_SIZE)) > 0) {
            System.arraycopy(batch, 0, all, total, n);
            total += n;
        }
        return Arrays.copyOf(all, total);
    }

    static long[] cScan(Arena arena, DirtyBitmap bitmap, boolean words) {
        long cap = bitmap.pfnCount();
        MemorySegment record = arena.allocate(Math.max(8, cap * 8));
        MemorySegment sink = XenRef.newSink(arena, record, cap);
        MemorySegment batch = arena.allocate(8L * XenRef.MAX_BATCH_SIZE);
        long sum = words
                ? XenRef.scanWordCtz(bitmap.segment(), bitmap.pfnCount(), batch, sink)
                : XenRef.scanPerBit(bitmap.segment(), bitmap.pfnCount(), batch, sink);
        long[] pfns = record.asSlice(0, XenRef.sinkPfns(sink) * 8).toArray(ValueLayout.JAVA_LONG);
        assertEquals(Arrays.stream(pfns).sum(), sum, "the sink's sum is the sum of the pfns it was handed");
        return pfns;
    }
}
