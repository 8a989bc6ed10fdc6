package io.livemig.backend.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.DomainException;
import io.livemig.backend.PageMapper;
import io.livemig.backend.PageSink;
import io.livemig.stream.DeviceState;
import io.livemig.stream.PageType;
import io.livemig.stream.StaticState;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DestinationTest {
    private final long[] pfns = new long[1024];
    private final int[] types = new int[1024];
    private final ByteBuffer[] pages = new ByteBuffer[1024];

    @Test
    void populatesTracksAndHandsOutWritableViews() {
        try (SimDestination d = SimDomainConfig.builder().size("4M").createDestination(); PageSink sink = d.openPageSink(16)) {
            assertEquals(1024, d.pfnLimit());
            assertEquals(-1, d.highestPopulatedPfn());
            long[] batch = {3, 4, 5, 9, 700};
            int[] batchTypes = {PageType.NOTAB, PageType.NOTAB, PageType.XTAB, PageType.XALLOC, PageType.L1TAB};
            System.arraycopy(batch, 0, pfns, 0, 5);
            System.arraycopy(batchTypes, 0, types, 0, 5);
            int n = sink.mapForWrite(pfns, types, 5, pages);
            assertEquals(2, n);
            assertEquals(2 * 4096, pages[0].remaining());
            assertEquals(4096, pages[1].remaining());
            assertFalse(pages[0].isReadOnly());
            byte[] data = new byte[3 * 4096];
            Arrays.fill(data, (byte) 0x5A);
            pages[0].put(data, 0, 8192);
            pages[1].put(data, 0, 4096);
            sink.unmap();
            assertEquals(4, d.populatedPageCount(), "XTAB is not populated, XALLOC is");
            assertTrue(d.isPopulated(3) && d.isPopulated(4) && d.isPopulated(9) && d.isPopulated(700));
            assertFalse(d.isPopulated(5));
            assertEquals(700, d.highestPopulatedPfn());
            assertEquals((byte) 0x5A, d.memory().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 700 * 4096L + 4095));

            // VERIFY: read-only views of the current data, nothing populated
            pfns[0] = 4;
            pfns[1] = 800;
            types[0] = PageType.NOTAB;
            types[1] = PageType.NOTAB;
            assertEquals(2, sink.mapForRead(pfns, types, 2, pages));
            assertTrue(pages[0].isReadOnly());
            assertEquals((byte) 0x5A, pages[0].get(pages[0].position()));
            assertEquals(0, pages[1].get(pages[1].position()));
            assertFalse(d.isPopulated(800));
            assertEquals(4, d.populatedPageCount());
        }
    }

    @Test
    void refusesPfnsBeyondTheLimitAndInvalidTypes() {
        try (SimDestination d = SimDomainConfig.builder().pages(64).name("dst").createDestination(); PageSink sink = d.openPageSink(4)) {
            pfns[0] = 64;
            types[0] = PageType.NOTAB;
            DomainException beyond = assertThrows(DomainException.class, () -> sink.mapForWrite(pfns, types, 1, pages));
            assertEquals("dst: pfn 64 (batch entry 0) beyond the destination's limit of 64 pfns", beyond.getMessage());
            pfns[0] = 1;
            types[0] = 6;
            DomainException invalid = assertThrows(DomainException.class, () -> sink.mapForWrite(pfns, types, 1, pages));
            assertEquals("dst: pfn 1 (batch entry 0) has invalid page type 6", invalid.getMessage());
            assertEquals(0, d.populatedPageCount());
        }
    }

    @Test
    void copiedDomainHasTheSameDigestAndNoDifferentPage() {
        try (SimDomain source = SimDomainConfig.builder().size("8M").seed(21).prefill(true).holes(2047).create();
             SimDestination destination = SimDomainConfig.builder().size("64M").createDestination();
             PageMapper mapper = source.openPageMapper(1024);
             PageSink sink = destination.openPageSink(1024)) {
            for (long first = 0; first < source.pfnCount(); first += 1024) {
                for (int i = 0; i < 1024; i++) {
                    pfns[i] = first + i;
                }
                int n = mapper.map(pfns, 1024, types, pages);
                ByteBuffer[] to = new ByteBuffer[1024];
                assertEquals(n, sink.mapForWrite(pfns, types, 1024, to));
                for (int i = 0; i < n; i++) {
                    to[i].put(pages[i]);
                }
                sink.unmap();
                mapper.unmap();
            }
            assertEquals(2046, destination.highestPopulatedPfn(), "the last pfn is a hole");
            assertEquals(2047, destination.populatedPageCount());
            assertEquals(source.sourceDigest(), destination.destinationDigest());
            assertEquals(-1, source.firstDifferentPfn(destination));

            pfns[0] = 1500;
            types[0] = PageType.NOTAB;
            assertEquals(1, sink.mapForWrite(pfns, types, 1, pages));
            pages[0].putLong(pages[0].position() + 8, 1);
            sink.unmap();
            assertEquals(1500, source.firstDifferentPfn(destination));
            assertNotEquals(source.sourceDigest(), destination.destinationDigest());
        }
    }

    @Test
    void storesStateAndCompletion() {
        try (SimDomain source = SimDomainConfig.builder().pages(64).startSuspended(true).create();
             SimDestination d = SimDomainConfig.builder().pages(64).createDestination()) {
            assertNull(d.appliedStaticState());
            assertNull(d.appliedDeviceState());
            assertFalse(d.isComplete());
            StaticState s = source.staticState();
            DeviceState dev = source.deviceState();
            d.applyStaticState(s);
            d.applyDeviceState(dev);
            d.markComplete();
            assertSame(s, d.appliedStaticState());
            assertSame(dev, d.appliedDeviceState());
            assertTrue(d.isComplete());
        }
    }

    @Test
    void pagesPopulatedWithoutDataAreZero() {
        try (SimDestination d = SimDomainConfig.builder().pages(64).createDestination(); PageSink sink = d.openPageSink(4)) {
            pfns[0] = 10;
            types[0] = PageType.XALLOC;
            assertEquals(0, sink.mapForWrite(pfns, types, 1, pages));
            assertTrue(d.isPopulated(10));
            assertTrue(MemoryDigest.isZeroPage(d.memory(), 10 * 4096L));
        }
    }

    @Test
    void aDestinationHasNoSourceSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimDomainConfig.builder().pages(64).name("dst").workload("uniform").createDestination());
        assertTrue(e.getMessage().startsWith("dst: workload uniform"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SimDomainConfig.builder().pages(64).prefill(true).createDestination());
        assertThrows(IllegalArgumentException.class, () -> SimDomainConfig.builder().pages(64).holes(3).createDestination());
    }

    @Test
    void steadyStateSinkDoesNotAllocate() {
        try (SimDestination d = SimDomainConfig.builder().size("16M").createDestination(); PageSink sink = d.openPageSink(1024)) {
            long[][] batches = new long[4][1024];
            int[] batchTypes = new int[1024];
            for (int b = 0; b < 4; b++) {
                for (int i = 0; i < 1024; i++) {
                    batches[b][i] = b * 512 + i + (i / 100);
                }
            }
            batchTypes[17] = PageType.XTAB;
            long buffers = 0;
            for (int i = 0; i < 2_000; i++) {
                buffers += sink.mapForWrite(batches[i % 4], batchTypes, 1024, pages);
                buffers += sink.mapForRead(batches[i % 4], batchTypes, 1024, pages);
                sink.unmap();
            }
            long before = Allocations.allocatedSoFar();
            for (int i = 0; i < 20_000; i++) {
                buffers += sink.mapForWrite(batches[i % 4], batchTypes, 1024, pages);
                buffers += sink.mapForRead(batches[i % 4], batchTypes, 1024, pages);
                sink.unmap();
            }
            long allocated = Allocations.allocatedSoFar() - before;
            assertTrue(buffers > 0);
            assertTrue(allocated < 4096, allocated + " bytes allocated over 20000 batches");
        }
    }
}
