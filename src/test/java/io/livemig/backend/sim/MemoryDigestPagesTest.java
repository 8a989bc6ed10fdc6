package io.livemig.backend.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.livemig.backend.DirtyBitmap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** MemoryDigest.ofPages: the digest of the pages named by a bitmap equals the digest of all pages when the rest are zero. */
class MemoryDigestPagesTest {
    private static final int PAGE = 4096;

    @Test
    void namedPagesDigestLikeTheWholeRangeWhenTheRestIsZero() {
        try (Arena arena = Arena.ofConfined()) {
            long pages = 300;
            MemorySegment memory = arena.allocate(pages * PAGE, PAGE);
            DirtyBitmap bits = DirtyBitmap.allocate(arena, pages);
            long[] written = {0, 1, 63, 64, 65, 128, 200, 299};
            for (long pfn : written) {
                memory.set(ValueLayout.JAVA_LONG, pfn * PAGE + 8 * (pfn % 500), 0x1234_5678_9abcL ^ pfn);
                bits.set(pfn);
            }
            // a named page that is zero counts as zero, as in the whole-range digest
            bits.set(94);
            assertEquals(MemoryDigest.of(memory, pages), MemoryDigest.ofPages(memory, bits, pages));
            assertEquals(MemoryDigest.of(memory, 129), MemoryDigest.ofPages(memory, bits, 129));

            // a non-zero page the bitmap does not name is left out
            memory.set(ValueLayout.JAVA_LONG, 150L * PAGE, 7);
            assertNotEquals(MemoryDigest.of(memory, pages), MemoryDigest.ofPages(memory, bits, pages));
            assertThrows(IllegalArgumentException.class, () -> MemoryDigest.ofPages(memory, bits, pages + 1));
        }
    }

    /**
     * Pages named in three 1 GiB regions of a 2.5 GiB reservation, at the regions' edges: the same
     * digest as the whole range read region by region (the rest reads as the kernel's zero page).
     */
    @Test
    void namedPagesAcrossRegionsDigestLikeTheWholeRange() {
        long pages = 2 * GuestMemory.REGION_PAGES + GuestMemory.REGION_PAGES / 2;
        try (GuestMemory guest = GuestMemory.map(pages); Arena arena = Arena.ofConfined()) {
            MemorySegment memory = guest.segment();
            DirtyBitmap bits = DirtyBitmap.allocate(arena, pages);
            long[] written = {3, GuestMemory.REGION_PAGES - 1, GuestMemory.REGION_PAGES, GuestMemory.REGION_PAGES + 1,
                    2 * GuestMemory.REGION_PAGES + 7, pages - 1};
            for (int i = 0; i < written.length; i++) {
                memory.set(ValueLayout.JAVA_LONG, written[i] * PAGE + 16 * i, written[i] * 31 + 5);
                bits.set(written[i]);
            }
            assertEquals(MemoryDigest.of(memory, pages), MemoryDigest.ofPages(memory, bits, pages));
            memory.set(ValueLayout.JAVA_LONG, (GuestMemory.REGION_PAGES + 1) * PAGE + 4000, 1);
            assertEquals(MemoryDigest.of(memory, pages), MemoryDigest.ofPages(memory, bits, pages));
            bits.clear(GuestMemory.REGION_PAGES + 1);
            assertNotEquals(MemoryDigest.of(memory, pages), MemoryDigest.ofPages(memory, bits, pages),
                    "a non-zero page left out of the bitmap");
        }
    }
}
