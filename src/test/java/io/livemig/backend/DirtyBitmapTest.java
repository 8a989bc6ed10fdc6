package io.livemig.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirtyBitmapTest {

    @Test
    void bitOrderIsXensByteAddressedLeastSignificantBitFirst() {
        try (Arena arena = Arena.ofConfined()) {
            DirtyBitmap b = DirtyBitmap.allocate(arena, 100);
            b.set(0);
            b.set(9);
            b.set(63);
            b.set(64);
            assertEquals((byte) 0x01, b.segment().get(ValueLayout.JAVA_BYTE, 0));
            assertEquals((byte) 0x02, b.segment().get(ValueLayout.JAVA_BYTE, 1));
            assertEquals((byte) 0x80, b.segment().get(ValueLayout.JAVA_BYTE, 7));
            assertEquals((byte) 0x01, b.segment().get(ValueLayout.JAVA_BYTE, 8));
            assertEquals(16, b.segment().byteSize());
            assertEquals(4, b.count());
        }
    }

    @Test
    void setAllMarksExactlyThePfns() {
        try (Arena arena = Arena.ofConfined()) {
            DirtyBitmap b = DirtyBitmap.allocate(arena, 130);
            b.setAll();
            assertEquals(130, b.count());
            assertEquals(0b11L, b.word(2));
            assertTrue(b.test(129));
            long[] out = new long[1000];
            assertEquals(130, b.collect(out, 1000));
            assertEquals(129, out[129]);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 1000, 1024})
    void collectReturnsEverySetPfnInOrderAcrossBatches(int batch) {
        Random r = new Random(batch);
        long pfns = 70_001;
        try (Arena arena = Arena.ofConfined()) {
            DirtyBitmap b = DirtyBitmap.allocate(arena, pfns);
            BitSet expected = new BitSet();
            for (int i = 0; i < 5000; i++) {
                int p = r.nextInt((int) pfns);
                expected.set(p);
                b.set(p);
            }
            b.set(pfns - 1);
            expected.set((int) pfns - 1);
            List<Long> got = new ArrayList<>();
            long[] out = new long[batch];
            b.rewind();
            int n;
            while ((n = b.collect(out, batch)) > 0) {
                assertTrue(n <= batch);
                for (int i = 0; i < n; i++) {
                    got.add(out[i]);
                }
            }
            assertEquals(expected.stream().mapToObj(Long::valueOf).toList(), got);
            assertEquals(0, b.collect(out, batch), "exhausted until rewound");
            b.rewind();
            assertEquals(Math.min(batch, expected.cardinality()), b.collect(out, batch));
        }
    }

    @Test
    void bitsPastTheLastPfnAreNeverReported() {
        try (Arena arena = Arena.ofConfined()) {
            DirtyBitmap b = DirtyBitmap.allocate(arena, 70);
            b.setWord(1, -1L); // garbage beyond pfn 69 in the last word
            long[] out = new long[128];
            assertEquals(6, b.collect(out, 128));
            assertEquals(69, out[5]);
            assertEquals(6, b.count());
        }
    }

    @Test
    void orAndClear() {
        try (Arena arena = Arena.ofConfined()) {
            DirtyBitmap a = DirtyBitmap.allocate(arena, 200);
            DirtyBitmap d = DirtyBitmap.allocate(arena, 200);
            a.set(1);
            d.set(150);
            a.or(d);
            assertTrue(a.test(150));
            assertEquals(2, a.count());
            a.clear(1);
            assertFalse(a.test(1));
            a.clearAll();
            assertEquals(0, a.count());
        }
    }
}
