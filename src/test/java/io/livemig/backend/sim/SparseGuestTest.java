package io.livemig.backend.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.DirtyBitmap;
import io.livemig.backend.DomainException;
import io.livemig.backend.PageMapper;
import io.livemig.stream.PageType;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * A sparse guest (SimDomainConfig.Builder.populated): only the first pages are memory, the pfns
 * above are unpopulated, XTAB to the mapper, untouched by the prefill and the writers, and cost
 * no memory. What lets scripts/bench --scale migrate a guest of 1 TiB of pfns on a smaller machine.
 */
class SparseGuestTest {
    @Test
    void pfnsAboveThePopulatedSizeAreXtabZeroAndFree() throws Exception {
        SimDomainConfig config = SimDomainConfig.builder().size("64M").populated(1L << 20).seed(5).prefill(true)
                .workload("uniform:rate=max").build();
        assertEquals(256, config.populatedPages());
        assertTrue(config.sparse());
        assertEquals((1L << 20) + 3 * DirtyBitmap.byteSizeFor(16384), config.memoryNeeded(),
                "a prefilled sparse guest costs its populated part and its bitmaps");
        long[] pfns = {254, 255, 256, 257, 16383};
        int[] types = new int[5];
        ByteBuffer[] pages = new ByteBuffer[5];
        try (SimDomain d = config.create(); PageMapper m = d.openPageMapper(8)) {
            Thread.sleep(50); // the writer runs over the whole pfn range, skipping the unpopulated part
            d.suspend();
            assertTrue(d.writeCount() > 0, "the writer wrote");
            assertEquals(1, m.map(pfns, 5, types, pages));
            assertEquals(PageType.NOTAB, types[0]);
            assertEquals(PageType.NOTAB, types[1]);
            assertEquals(PageType.XTAB, types[2]);
            assertEquals(PageType.XTAB, types[3]);
            assertEquals(PageType.XTAB, types[4]);
            assertEquals(2 * 4096, pages[0].remaining(), "the two populated pages, merged");
            m.unmap();
            assertFalse(MemoryDigest.isZeroPage(d.memory(), 255 * 4096L), "prefilled");
            for (long pfn = 256; pfn < d.pfnCount(); pfn++) {
                assertTrue(MemoryDigest.isZeroPage(d.memory(), pfn * 4096L), "unpopulated pfn " + pfn + " stays zero");
            }
            assertEquals(MemoryDigest.of(d.memory(), d.pfnCount()), d.sourceDigest(),
                    "the digest over the populated part equals the digest over every pfn");
            d.resume();
            DomainException hole = assertThrows(DomainException.class, () -> d.write(300, 0, 1));
            assertEquals("sim-64M: pfn 300 is a hole, not guest memory", hole.getMessage());
        }
    }

    @Test
    void thePopulatedSizeIsCheckedAndBelongsToASource() {
        IllegalArgumentException larger = assertThrows(IllegalArgumentException.class,
                () -> SimDomainConfig.builder().size("1M").populated(2L << 20).build());
        assertEquals("populated size 2.0 MiB is larger than the domain's 1.0 MiB", larger.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimDomainConfig.builder().size("1M").populated(4095));
        assertEquals(256, SimDomainConfig.builder().size("1M").build().populatedPages(), "default: the whole guest");
        assertFalse(SimDomainConfig.builder().size("1M").populated(1L << 20).build().sparse());
        IllegalArgumentException destination = assertThrows(IllegalArgumentException.class,
                () -> SimDomainConfig.builder().size("1M").populated(4096).createDestination());
        assertEquals("sim-1M: a populated limit is a source's setting; a destination starts empty", destination.getMessage());
    }
}
