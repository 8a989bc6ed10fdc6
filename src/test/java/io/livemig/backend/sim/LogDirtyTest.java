package io.livemig.backend.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.DirtyBitmap;
import io.livemig.backend.DomainException;
import io.livemig.backend.PageMapper;
import io.livemig.backend.PageSink;
import io.livemig.stream.PageType;
import io.livemig.testing.Await;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class LogDirtyTest {
    private Arena arena;
    private SimDomain domain;
    private DirtyBitmap bitmap;

    @BeforeEach
    void setUp() {
        arena = Arena.ofConfined();
        domain = SimDomainConfig.builder().pages(1000).create();
        bitmap = domain.allocateDirtyBitmap(arena);
    }

    @AfterEach
    void tearDown() {
        domain.close();
        arena.close();
    }

    private static long[] dirtyPfns(DirtyBitmap b) {
        long[] out = new long[(int) b.pfnCount()];
        b.rewind();
        int n = b.collect(out, out.length);
        return java.util.Arrays.copyOf(out, n);
    }

    @Test
    void nothingIsMarkedBeforeTrackingStarts() {
        assertFalse(domain.logDirtyEnabled());
        domain.write(5, 0, 1);
        assertEquals(0, domain.peekDirtyBitmap(bitmap));
        domain.enableLogDirty();
        assertTrue(domain.logDirtyEnabled());
        assertEquals(0, domain.cleanDirtyBitmap(bitmap));
    }

    @Test
    void cleanFetchesAndClears() {
        domain.enableLogDirty();
        domain.write(3, 8, 1);
        domain.write(64, 0, 2);
        domain.write(999, 4088, 3);
        domain.write(64, 16, 4);
        bitmap.setAll(); // overwritten, not or-ed
        assertEquals(3, domain.cleanDirtyBitmap(bitmap));
        assertArrayEquals(new long[] {3, 64, 999}, dirtyPfns(bitmap));
        assertEquals(0, domain.cleanDirtyBitmap(bitmap));
        assertArrayEquals(new long[0], dirtyPfns(bitmap));
    }

    @Test
    void peekDoesNotClear() {
        domain.enableLogDirty();
        domain.write(7, 0, 1);
        domain.write(500, 0, 1);
        assertEquals(2, domain.peekDirtyBitmap(bitmap));
        assertEquals(2, domain.peekDirtyBitmap(bitmap));
        assertArrayEquals(new long[] {7, 500}, dirtyPfns(bitmap));
        assertEquals(2, domain.cleanDirtyBitmap(bitmap));
    }

    @Test
    void finalRefusesARunningDomainAndWorksSuspended() {
        domain.enableLogDirty();
        domain.write(42, 0, 1);
        DomainException e = assertThrows(DomainException.class, () -> domain.finalDirtyBitmap(bitmap));
        assertEquals("sim-4000K: final dirty bitmap asked of a running domain (suspend it first)", e.getMessage());
        domain.suspend();
        assertEquals(1, domain.finalDirtyBitmap(bitmap));
        assertArrayEquals(new long[] {42}, dirtyPfns(bitmap));
        assertEquals(0, domain.finalDirtyBitmap(bitmap));
    }

    @Test
    void offStopsMarkingAndDropsMarks() {
        domain.enableLogDirty();
        domain.write(1, 0, 1);
        domain.disableLogDirty();
        assertFalse(domain.logDirtyEnabled());
        assertEquals(0, domain.peekDirtyBitmap(bitmap), "off drops the marks");
        domain.write(2, 0, 1);
        assertEquals(0, domain.peekDirtyBitmap(bitmap), "no marking while off");
        domain.disableLogDirty(); // harmless when off
        domain.enableLogDirty();
        domain.write(3, 0, 1);
        assertArrayEquals(new long[] {3}, dirtyPfns(bitmapAfterPeek()));
    }

    private DirtyBitmap bitmapAfterPeek() {
        domain.peekDirtyBitmap(bitmap);
        return bitmap;
    }

    @Test
    void enablingAgainRestartsWithNothingMarked() {
        domain.enableLogDirty();
        domain.write(9, 0, 1);
        domain.enableLogDirty();
        assertEquals(0, domain.peekDirtyBitmap(bitmap));
    }

    @Test
    void bitsPastTheLastPfnAreNeverSet() {
        try (SimDomain busy = SimDomainConfig.builder().pages(1000).workload("uniform:rate=max,writers=2").startSuspended(true).create()) {
            busy.enableLogDirty();
            busy.resume();
            DirtyBitmap b = busy.allocateDirtyBitmap(arena);
            // until every pfn has been written at least once (1000 pages at full speed: milliseconds)
            Await.until(() -> busy.peekDirtyBitmap(b) == 1000, "every pfn has been written");
            busy.suspend();
            assertEquals(1000, busy.finalDirtyBitmap(b));
            assertEquals(16, b.wordCount());
            assertEquals((1L << 40) - 1, b.word(15), "1000 = 15 * 64 + 40: only the low 40 bits of the last word");
        }
    }

    @Test
    void wrongSizedBitmapIsRefused() {
        DirtyBitmap other = DirtyBitmap.allocate(arena, 999);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> domain.cleanDirtyBitmap(other));
        assertEquals("dirty bitmap for 999 pfns, the domain has 1000", e.getMessage());
    }

    /**
     * Precopy through the backend alone, with writers at full speed: copy all pages, then
     * repeatedly clean and copy the pages reported, then suspend and copy the final set. Memory must
     * end identical: no write is lost between a write and its mark. Repeated because a lost
     * write needs a clean to fall between a write and its mark (marking before writing fails
     * about one run in ten).
     */
    @RepeatedTest(8)
    void precopyLosesNoWrite() {
        try (SimDomain source = SimDomainConfig.builder().size("16M").seed(5).prefill(true).workload("uniform:rate=max,writers=2")
                .startSuspended(true).create();
             SimDestination destination = SimDomainConfig.builder().size("16M").createDestination();
             PageMapper mapper = source.openPageMapper(1024);
             PageSink sink = destination.openPageSink(1024)) {
            DirtyBitmap dirty = source.allocateDirtyBitmap(arena);
            source.enableLogDirty();
            source.resume();
            dirty.setAll();
            long sent = copy(dirty, mapper, sink);
            for (int round = 0; round < 5; round++) {
                // On a loaded machine the writers may not get a core during a short copy: make sure
                // each round has writes to lose (they race with the copy whenever they do run).
                awaitMoreWrites(source, 500);
                source.cleanDirtyBitmap(dirty);
                sent += copy(dirty, mapper, sink);
            }
            source.suspend();
            long writes = source.writeCount();
            source.finalDirtyBitmap(dirty);
            copy(dirty, mapper, sink);
            source.disableLogDirty();
            assertTrue(writes > 1000, "writers ran during the rounds: " + writes);
            assertTrue(sent >= 4096, "every page went out at least once");
            assertEquals(-1, source.firstDifferentPfn(destination));
            assertEquals(source.sourceDigest(), destination.destinationDigest());
        }
    }

    private static void awaitMoreWrites(SimDomain domain, long more) {
        long target = domain.writeCount() + more;
        Await.until(() -> domain.writeCount() >= target, "the writers have made " + more + " more writes");
    }

    private static long copy(DirtyBitmap dirty, PageMapper mapper, PageSink sink) {
        long[] pfns = new long[1024];
        int[] types = new int[1024];
        ByteBuffer[] from = new ByteBuffer[1024];
        ByteBuffer[] to = new ByteBuffer[1024];
        long pages = 0;
        dirty.rewind();
        int n;
        while ((n = dirty.collect(pfns, 1024)) > 0) {
            int buffers = mapper.map(pfns, n, types, from);
            for (int i = 0; i < n; i++) {
                assertEquals(PageType.NOTAB, types[i]);
            }
            assertEquals(buffers, sink.mapForWrite(pfns, types, n, to));
            for (int i = 0; i < buffers; i++) {
                to[i].put(from[i]);
            }
            sink.unmap();
            mapper.unmap();
            pages += n;
        }
        return pages;
    }
}
