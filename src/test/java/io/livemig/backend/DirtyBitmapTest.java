package io.livemig.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
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
            long[] out = new long[batch + 32];
            Arrays.fill(out, batch, out.length, -7L);
            b.rewind();
            int n;
            while ((n = b.collect(out, batch)) > 0) {
                assertTrue(n <= batch);
                for (int i = 0; i < n; i++) {
                    got.add(out[i]);
                }
                for (int i = batch; i < out.length; i++) {
                    assertEquals(-7L, out[i], "slot " + i + " past a batch of " + batch);
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

    /**
     * Every word shape (1, 3, 4, 5, about 8, 16, 17, about 32, 64 bits: each way a word's bits go out)
     * in every position of a batch, in blocks drained both ways (two blocks without a zero word, then
     * blocks with every other word zero), with a partial last word; nothing is written past the batch.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 7, 63, 64, 1023, 1024})
    void collectAgreesWithABitSetForMixedDensitiesAndEveryBatchSize(int batch) {
        long pfns = 64L * 4 * DirtyBitmap.BLOCK_WORDS + 37; // a partial last word
        try (Arena arena = Arena.ofConfined()) {
            DirtyBitmap b = DirtyBitmap.allocate(arena, pfns);
            Random r = new Random(batch * 31L);
            BitSet expected = new BitSet();
            for (long w = 0; w < b.wordCount(); w++) {
                long shape = switch ((int) (w % 9)) {
                    case 0 -> 0b111L << r.nextInt(62);                 // exactly three
                    case 1 -> 1L << r.nextInt(64);                    // one bit
                    case 2 -> r.nextLong() & r.nextLong() & r.nextLong(); // about 8 bits
                    case 3 -> -1L;                                     // all 64
                    case 4 -> 0b1111L << r.nextInt(60);                // exactly four
                    case 5 -> 0b11111L << r.nextInt(59);               // exactly five
                    case 6 -> 0xFFFFL << r.nextInt(49);                // exactly sixteen
                    case 7 -> 0x1FFFFL << r.nextInt(48);               // exactly seventeen
                    default -> r.nextLong();                           // about 32
                };
                boolean everyWordSet = w < 2L * DirtyBitmap.BLOCK_WORDS;
                b.setWord(w, everyWordSet || w % 2 == 0 ? shape : 0L);
            }
            for (long p = 0; p < pfns; p++) {
                if ((b.word(p >>> 6) & (1L << (p & 63))) != 0) {
                    expected.set((int) p);
                }
            }
            List<Long> got = new ArrayList<>();
            long[] out = new long[batch + 32];
            Arrays.fill(out, batch, out.length, -7L);
            b.rewind();
            int n;
            while ((n = b.collect(out, batch)) > 0) {
                assertTrue(n <= batch);
                for (int i = 0; i < n; i++) {
                    got.add(out[i]);
                }
                for (int i = batch; i < out.length; i++) {
                    assertEquals(-7L, out[i], "slot " + i + " past a batch of " + batch);
                }
            }
            assertEquals(expected.stream().mapToObj(Long::valueOf).toList(), got);
            assertEquals(expected.cardinality(), b.count());
        }
    }

    @Test
    void aPartialLastWordIsMaskedAfterARunOfSetWords() {
        try (Arena arena = Arena.ofConfined()) {
            DirtyBitmap b = DirtyBitmap.allocate(arena, 64 * 3 + 5);
            b.setWord(0, 1L);
            b.setWord(1, 1L << 63);
            b.setWord(2, 0);
            b.setWord(3, -1L); // only pfns 192..196 exist
            long[] out = new long[100];
            assertEquals(7, b.collect(out, 100));
            assertArrayEquals(new long[] {0, 127, 192, 193, 194, 195, 196}, Arrays.copyOf(out, 7));
            assertEquals(0, b.collect(out, 100));
        }
    }

    @Test
    void aBatchEndingInsideAWordResumesAtTheNextBit() {
        try (Arena arena = Arena.ofConfined()) {
            DirtyBitmap b = DirtyBitmap.allocate(arena, 64 * 4);
            b.setWord(0, 1L);
            b.setWord(1, 0xFF00L); // eight bits, the batch ends after five of them
            b.setWord(2, 0b101L);
            long[] out = new long[6];
            assertEquals(6, b.collect(out, 6));
            assertArrayEquals(new long[] {0, 72, 73, 74, 75, 76}, out);
            assertEquals(5, b.collect(out, 6));
            assertArrayEquals(new long[] {77, 78, 79, 128, 130}, Arrays.copyOf(out, 5));
            assertEquals(0, b.collect(out, 6));
        }
    }

    @Test
    void aScanCrossesItsBlocksWithoutLosingABit() {
        long pfns = 64L * (2 * DirtyBitmap.BLOCK_WORDS + 3) + 9;
        long[] set = {0, 64L * DirtyBitmap.BLOCK_WORDS - 1, 64L * DirtyBitmap.BLOCK_WORDS, 64L * DirtyBitmap.BLOCK_WORDS + 63,
            128L * DirtyBitmap.BLOCK_WORDS + 5, pfns - 1};
        try (Arena arena = Arena.ofConfined()) {
            DirtyBitmap b = DirtyBitmap.allocate(arena, pfns);
            for (long p : set) {
                b.set(p);
            }
            long[] out = new long[4];
            List<Long> got = new ArrayList<>();
            int n;
            while ((n = b.collect(out, 4)) > 0) {
                for (int i = 0; i < n; i++) {
                    got.add(out[i]);
                }
            }
            assertEquals(Arrays.stream(set).boxed().toList(), got);
        }
    }

    /** Dense, sparse, empty and dense blocks in turn (both ways of listing a block), garbage past the last pfn. */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 64, 1024})
    void blocksListedEitherWayAgreeWithABitSet(int batch) {
        int block = DirtyBitmap.BLOCK_WORDS;
        long pfns = 64L * (4 * block + 10) + 13;
        try (Arena arena = Arena.ofConfined()) {
            DirtyBitmap b = DirtyBitmap.allocate(arena, pfns);
            Random r = new Random(batch);
            for (long w = 0; w < b.wordCount(); w++) {
                int which = (int) (w / block);
                long word = switch (which) {
                    case 0, 2, 4 -> r.nextLong() & r.nextLong(); // dense: every word listed without a branch
                    case 1 -> w % 50 == 3 ? 1L << r.nextInt(64) : 0; // sparse: a few words
                    default -> 0L; // empty
                };
                b.setWord(w, word);
            }
            b.setWord(b.wordCount() - 1, -1L); // only 13 pfns of the last word exist
            BitSet expected = setPfns(b);
            for (int pass = 0; pass < 2; pass++) { // a rewound scan starts over in the sparse mode
                assertEquals(expected.stream().mapToObj(Long::valueOf).toList(), collectAll(b, batch));
            }
        }
    }

    /**
     * A sparse listing reads {@value DirtyBitmap#SPARSE_LIST_WORDS} words at a time and tests four
     * at once: a non-zero word in each place of a group of four, a group of four non-zero words,
     * the last word of one listing and the first of the next, and a last listing of seven words
     * (a group and three words on their own) whose last word has bits past the last pfn.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 64, 1024})
    void aSparseListingFindsANonZeroWordInEveryPlaceOfItsGroups(int batch) {
        int listing = DirtyBitmap.SPARSE_LIST_WORDS;
        long words = 2L * listing + 7;
        long pfns = 64 * (words - 1) + 13;
        try (Arena arena = Arena.ofConfined()) {
            DirtyBitmap b = DirtyBitmap.allocate(arena, pfns);
            long[] nonZero = {0, 9, 18, 27, 40, 41, 42, 43, 100, 103, listing - 1, listing, listing + 2,
                2L * listing + 3, 2L * listing + 4, 2L * listing + 5, words - 1};
            for (long w : nonZero) {
                b.setWord(w, w == words - 1 ? -1L : (1L << (w % 64)) | (w % 3 == 0 ? 1L << 63 : 0));
            }
            BitSet expected = setPfns(b);
            for (int pass = 0; pass < 2; pass++) {
                assertEquals(expected.stream().mapToObj(Long::valueOf).toList(), collectAll(b, batch));
            }
        }
    }

    /**
     * A sparse listing first lists its groups of four with a non-zero word, then their words: a
     * listing where every group has one (in a different place each), read sparse twice (at the
     * start, and after a dense block and an empty one), lists them all.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 5, 1024})
    void aSparseListingWhoseEveryGroupHasANonZeroWordListsThemAll(int batch) {
        int listing = DirtyBitmap.SPARSE_LIST_WORDS;
        int block = DirtyBitmap.BLOCK_WORDS;
        long words = 2L * listing + 2L * block;
        try (Arena arena = Arena.ofConfined()) {
            DirtyBitmap b = DirtyBitmap.allocate(arena, 64 * words);
            for (long w = 0; w < words; w++) {
                boolean empty = w >= listing + block && w < listing + 2L * block; // the block that makes the scan sparse again
                boolean grouped = w < listing || w >= listing + 2L * block;
                long place = (w / 4) % 4; // the non-zero word's place in its group
                long word = empty ? 0L : grouped ? (w % 4 == place ? 1L << (w % 61) | 1L << 62 : 0L) : -1L;
                b.setWord(w, word);
            }
            BitSet expected = setPfns(b);
            assertEquals(2 * (2 * (listing / 4)) + 64 * block, expected.cardinality());
            for (int pass = 0; pass < 2; pass++) {
                assertEquals(expected.stream().mapToObj(Long::valueOf).toList(), collectAll(b, batch));
            }
        }
    }

    /**
     * Many seeds of stretches of every kind (empty, one word in thousands, 1 %, clustered runs,
     * half, full) in random order and lengths: the scan goes from sparse to dense listings and back
     * at any word, and agrees with a bit set at every batch size.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24})
    void stretchesOfEveryDensityInAnyOrderAgreeWithABitSet(int seed) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L);
        long words = 1 + r.nextInt(4 * DirtyBitmap.SPARSE_LIST_WORDS);
        long pfns = 64 * words - r.nextInt(64);
        try (Arena arena = Arena.ofConfined()) {
            DirtyBitmap b = DirtyBitmap.allocate(arena, pfns);
            for (long w = 0; w < words; ) {
                long end = Math.min(words, w + 1 + r.nextInt(3 * DirtyBitmap.SPARSE_LIST_WORDS / 2));
                int kind = r.nextInt(6);
                for (; w < end; w++) {
                    long word = switch (kind) {
                        case 0 -> 0L;
                        case 1 -> r.nextInt(3000) == 0 ? 1L << r.nextInt(64) : 0L;
                        case 2 -> r.nextInt(2) == 0 ? 1L << r.nextInt(64) : 0L;
                        case 3 -> r.nextInt(40) == 0 ? (-1L >>> r.nextInt(64)) << r.nextInt(64) : 0L; // a run of bits
                        case 4 -> r.nextLong();
                        default -> -1L;
                    };
                    b.setWord(w, word);
                }
            }
            BitSet expected = setPfns(b);
            int batch = new int[] {1, 2, 5, 64, 1024}[r.nextInt(5)];
            for (int pass = 0; pass < 2; pass++) {
                assertEquals(expected.stream().mapToObj(Long::valueOf).toList(), collectAll(b, batch), "seed " + seed + ", batch " + batch);
            }
        }
    }

    /** The pfns whose bits are set, read a bit at a time. */
    private static BitSet setPfns(DirtyBitmap b) {
        BitSet set = new BitSet();
        for (long p = 0; p < b.pfnCount(); p++) {
            if ((b.word(p >>> 6) & (1L << (p & 63))) != 0) {
                set.set(Math.toIntExact(p));
            }
        }
        return set;
    }

    /** A scan from the start in batches of {@code batch}. */
    private static List<Long> collectAll(DirtyBitmap b, int batch) {
        List<Long> got = new ArrayList<>();
        long[] out = new long[batch];
        b.rewind();
        int n;
        while ((n = b.collect(out, batch)) > 0) {
            for (int i = 0; i < n; i++) {
                got.add(out[i]);
            }
        }
        return got;
    }

    @Test
    void aBatchMustFitItsArray() {
        try (Arena arena = Arena.ofConfined()) {
            DirtyBitmap b = DirtyBitmap.allocate(arena, 128);
            b.setAll();
            assertThrows(IllegalArgumentException.class, () -> b.collect(new long[4], 5));
            assertThrows(IllegalArgumentException.class, () -> b.collect(new long[4], 0));
            assertEquals(4, b.collect(new long[8], 4));
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
