package io.livemig.backend.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.DomainException;
import io.livemig.backend.PageMapper;
import io.livemig.stream.PageType;
import java.lang.foreign.MemorySegment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapperTest {
    private final long[] pfns = new long[1024];
    private final int[] types = new int[1024];
    private final ByteBuffer[] pages = new ByteBuffer[1024];

    private int map(PageMapper m, long... batch) {
        System.arraycopy(batch, 0, pfns, 0, batch.length);
        return m.map(pfns, batch.length, types, pages);
    }

    private static void assertViews(SimDomain d, ByteBuffer b, long firstPfn, int count) {
        assertEquals(count * 4096, b.remaining(), "pages in the buffer starting at pfn " + firstPfn);
        assertTrue(b.isDirect() && b.isReadOnly());
        MemorySegment expected = d.memory().asSlice(firstPfn * 4096, count * 4096L);
        assertEquals(-1, MemorySegment.ofBuffer(b).mismatch(expected), "buffer equals memory at pfn " + firstPfn);
    }

    @Test
    void buffersViewMemoryAndMergeAdjacentPages() {
        try (SimDomain d = SimDomainConfig.builder().size("4M").seed(9).prefill(true).create();
             PageMapper m = d.openPageMapper(1024)) {
            int n = map(m, 0, 1, 2, 10, 12, 13, 1023);
            assertEquals(4, n);
            for (int i = 0; i < 7; i++) {
                assertEquals(PageType.NOTAB, types[i]);
            }
            assertViews(d, pages[0], 0, 3);
            assertViews(d, pages[1], 10, 1);
            assertViews(d, pages[2], 12, 2);
            assertViews(d, pages[3], 1023, 1);
            assertEquals(SimDomain.prefillWord(9, 12, 1), pages[2].duplicate().order(ByteOrder.nativeOrder()).getLong(pages[2].position() + 8));
            m.unmap();
        }
    }

    @Test
    void buffersGoStraightIntoAGatheringChannelWrite(@TempDir Path dir) throws IOException {
        try (SimDomain d = SimDomainConfig.builder().size("4M").seed(2).prefill(true).create();
             PageMapper m = d.openPageMapper(16);
             FileChannel out = FileChannel.open(dir.resolve("pages"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.READ)) {
            int n = map(m, 3, 4, 9);
            assertEquals(2, n);
            long written = 0;
            while (written < 3 * 4096) {
                written += out.write(pages, 0, n);
            }
            m.unmap();
            ByteBuffer back = ByteBuffer.allocate(3 * 4096);
            out.read(back, 0);
            MemorySegment file = MemorySegment.ofArray(back.array());
            assertEquals(-1, MemorySegment.mismatch(file, 0, 8192, d.memory(), 3 * 4096, 5 * 4096));
            assertEquals(-1, MemorySegment.mismatch(file, 8192, 12288, d.memory(), 9 * 4096, 10 * 4096));
        }
    }

    @Test
    void buffersAreViewsNotCopies() {
        try (SimDomain d = SimDomainConfig.builder().size("4M").create(); PageMapper m = d.openPageMapper(16)) {
            assertEquals(1, map(m, 7));
            ByteBuffer view = pages[0].duplicate().order(ByteOrder.nativeOrder());
            int at = view.position() + 64;
            assertEquals(0, view.getLong(at));
            d.write(7, 64, 0x1234);
            assertEquals(0x1234, view.getLong(at));
            m.unmap();
        }
    }

    @Test
    void holesAreXtabAndDeferredPfnsAreDeferredTheConfiguredNumberOfTimes() {
        try (SimDomain d = SimDomainConfig.builder().pages(64).prefill(true).holes(5, 6).deferred(2, 7).create();
             PageMapper m = d.openPageMapper(64)) {
            for (int round = 0; round < 2; round++) {
                assertEquals(2, map(m, 4, 5, 6, 7, 8));
                assertArrayEquals(new int[] {PageType.NOTAB, PageType.XTAB, PageType.XTAB, PageMapper.DEFERRED, PageType.NOTAB},
                        java.util.Arrays.copyOf(types, 5));
                assertViews(d, pages[0], 4, 1);
                assertViews(d, pages[1], 8, 1);
                m.unmap();
            }
            assertEquals(2, map(m, 4, 5, 6, 7, 8));
            assertEquals(PageType.NOTAB, types[3], "mapped on the third try");
            assertViews(d, pages[1], 7, 2);
            m.unmap();
            assertTrue(MemoryDigest.isZeroPage(d.memory(), 5 * 4096L), "prefill leaves holes zero");
        }
    }

    @Test
    void runsDoNotCrossARegion() {
        // 2 GiB without prefill: nothing is touched
        try (SimDomain d = SimDomainConfig.builder().size("2G").create(); PageMapper m = d.openPageMapper(8)) {
            long edge = GuestMemory.REGION_PAGES;
            assertEquals(2, map(m, edge - 2, edge - 1, edge, edge + 1));
            assertEquals(2 * 4096, pages[0].remaining());
            assertEquals(2 * 4096, pages[1].remaining());
            d.write(edge, 0, 77);
            assertEquals(77, pages[1].duplicate().order(ByteOrder.nativeOrder()).getLong(pages[1].position()));
            m.unmap();
        }
    }

    @Test
    void misuseIsReported() {
        try (SimDomain d = SimDomainConfig.builder().pages(64).create(); PageMapper m = d.openPageMapper(4)) {
            DomainException tooMany = assertThrows(DomainException.class, () -> map(m, 1, 2, 3, 4, 5));
            assertEquals("sim-256K: batch of 5 pfns, the mapper takes 1..4", tooMany.getMessage());
            DomainException outside = assertThrows(DomainException.class, () -> map(m, 1, 64));
            assertEquals("sim-256K: pfn 64 (batch entry 1) outside 0..63", outside.getMessage());
            map(m, 1);
            DomainException twice = assertThrows(DomainException.class, () -> map(m, 2));
            assertEquals("sim-256K: map called while the previous batch is still mapped (unmap it first)", twice.getMessage());
            m.unmap();
            map(m, 2);
            PageMapper closed = d.openPageMapper(4);
            closed.close();
            assertEquals("sim-256K: page mapper is closed", assertThrows(DomainException.class, () -> map(closed, 2)).getMessage());
        }
    }

    @Test
    void steadyStateMappingDoesNotAllocate() {
        // 3 GiB, untouched: batches spread over three regions
        try (SimDomain d = SimDomainConfig.builder().size("3G").holes(100, 300_000).create(); PageMapper m = d.openPageMapper(1024)) {
            long[][] batches = new long[8][];
            SplittableRandom random = new SplittableRandom(3);
            for (int b = 0; b < batches.length; b++) {
                long[] batch = new long[1024];
                long pfn = random.nextLong(d.pfnCount() - 4096);
                for (int i = 0; i < batch.length; i++) {
                    pfn += random.nextInt(3) == 0 ? 2 : 1; // runs with gaps
                    batch[i] = pfn;
                }
                batches[b] = batch;
            }
            batches[0][0] = 100; // a hole
            long mapped = 0;
            for (int i = 0; i < 2_000; i++) {
                mapped += m.map(batches[i % 8], 1024, types, pages);
                m.unmap();
            }
            long before = Allocations.allocatedSoFar();
            for (int i = 0; i < 20_000; i++) {
                mapped += m.map(batches[i % 8], 1024, types, pages);
                m.unmap();
            }
            long allocated = Allocations.allocatedSoFar() - before;
            assertTrue(mapped > 0);
            assertTrue(allocated < 4096, allocated + " bytes allocated over 20000 batches");
        }
    }
}
