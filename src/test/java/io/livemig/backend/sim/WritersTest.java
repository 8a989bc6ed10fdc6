package io.livemig.backend.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.DirtyBitmap;
import io.livemig.backend.DomainException;
import io.livemig.testing.Await;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WritersTest {
    private Arena arena;

    @BeforeEach
    void setUp() {
        arena = Arena.ofConfined();
    }

    @AfterEach
    void tearDown() {
        arena.close();
    }

    private static byte[] snapshot(SimDomain d) {
        return d.memory().toArray(ValueLayout.JAVA_BYTE);
    }

    /**
     * Starts the suspended domain with tracking on, lets it run until its writers have done at
     * least {@code minWrites} (a count, not a time, so a busy machine does not change the
     * outcome), suspends it and returns the final dirty bitmap.
     */
    private DirtyBitmap runTracked(SimDomain d, long minWrites) {
        DirtyBitmap b = d.allocateDirtyBitmap(arena);
        d.enableLogDirty();
        d.resume();
        awaitWrites(d, minWrites);
        d.suspend();
        d.finalDirtyBitmap(b);
        return b;
    }

    @Test
    void writersChangeRealBytesAndMarkExactlyThosePages() {
        try (SimDomain d = SimDomainConfig.builder().size("4M").seed(11).prefill(true).workload("uniform:rate=20000")
                .startSuspended(true).create()) {
            byte[] before = snapshot(d);
            DirtyBitmap dirty = runTracked(d, 1000);
            byte[] after = snapshot(d);
            int changed = 0;
            for (int pfn = 0; pfn < 1024; pfn++) {
                boolean differs = MemorySegment.mismatch(MemorySegment.ofArray(before), pfn * 4096L, pfn * 4096L + 4096,
                        MemorySegment.ofArray(after), pfn * 4096L, pfn * 4096L + 4096) >= 0;
                assertEquals(differs, dirty.test(pfn), "pfn " + pfn + ": changed and dirty agree");
                changed += differs ? 1 : 0;
            }
            assertTrue(changed > 500, "pages changed: " + changed);
            assertTrue(d.writeCount() >= changed);
        }
    }

    /** Returns once the writers have made at least {@code writes} writes in all. */
    private static void awaitWrites(SimDomain d, long writes) {
        Await.until(() -> d.writeCount() >= writes, d.name() + "'s writers have made " + writes + " writes (they made "
                + d.writeCount() + " when it started)");
    }

    /** The writer threads of {@code d} that are still alive. */
    private static long writerThreads(SimDomain d) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("sim-writer-" + d.name() + "-") && t.isAlive()).count();
    }

    @Test
    void writersKeepToTheirRate() {
        try (SimDomain d = SimDomainConfig.builder().size("4M").workload("uniform:rate=5000").startSuspended(true).create()) {
            long t0 = System.nanoTime();
            d.resume();
            awaitWrites(d, 1500); // about 0.3 s at the rate
            d.suspend();
            double seconds = (System.nanoTime() - t0) / 1e9;
            long writes = d.writeCount();
            assertTrue(writes >= 1500);
            assertTrue(writes <= 5000 * seconds + 50, writes + " writes in " + seconds + " s at 5000/s");
        }
    }

    @Test
    void suspendStopsEveryChangeAndResumeRestarts() {
        try (SimDomain d = SimDomainConfig.builder().size("8M").workload("uniform:rate=max,writers=2").create()) {
            assertTrue(d.writersRunning());
            awaitWrites(d, 1);
            d.suspend();
            assertTrue(d.isSuspended());
            assertFalse(d.writersRunning());
            // suspend returns once the writer threads have ended: nothing is left that could write
            assertEquals(0, writerThreads(d));
            long writes = d.writeCount();
            byte[] frozen = snapshot(d);
            assertArrayEquals(frozen, snapshot(d), "memory does not change while suspended");
            assertEquals(writes, d.writeCount());
            d.suspend(); // idempotent
            DomainException e = assertThrows(DomainException.class, () -> d.write(0, 0, 1));
            assertEquals("sim-8M: write to pfn 0 while the domain is suspended", e.getMessage());

            d.resume();
            assertFalse(d.isSuspended());
            d.resume(); // idempotent
            assertEquals(2, writerThreads(d));
            awaitWrites(d, writes + 1);
            d.suspend();
            assertNotEquals(java.util.Arrays.hashCode(frozen), java.util.Arrays.hashCode(snapshot(d)));
        }
    }

    @Test
    void uniformDirtiesPagesAllOverTheMemory() {
        try (SimDomain d = SimDomainConfig.builder().size("16M").workload("uniform:rate=20000").startSuspended(true).create()) {
            DirtyBitmap dirty = runTracked(d, 1000);
            int[] quarters = new int[4];
            for (long pfn = 0; pfn < 4096; pfn++) {
                if (dirty.test(pfn)) {
                    quarters[(int) (pfn / 1024)]++;
                }
            }
            for (int q : quarters) {
                assertTrue(q > 10, java.util.Arrays.toString(quarters));
            }
        }
    }

    @Test
    void hotsetDirtiesTheHotSetMostDensely() {
        try (SimDomain d = SimDomainConfig.builder().size("16M").workload("hotset:rate=5000,hot=5%,share=90%").startSuspended(true)
                .create()) {
            DirtyBitmap dirty = runTracked(d, 800);
            long hotPages = Workload.parse("hotset:hot=5%").hotPages(4096);
            long hot = 0;
            long cold = 0;
            for (long pfn = 0; pfn < 4096; pfn++) {
                if (dirty.test(pfn)) {
                    if (pfn < hotPages) {
                        hot++;
                    } else {
                        cold++;
                    }
                }
            }
            double hotDensity = hot / (double) hotPages;
            double coldDensity = cold / (double) (4096 - hotPages);
            assertTrue(hot > 0 && hotDensity > 4 * coldDensity, "hot " + hot + "/" + hotPages + ", cold " + cold);
        }
    }

    @Test
    void sweepDirtiesConsecutivePagesFromZero() {
        try (SimDomain d = SimDomainConfig.builder().size("64M").workload("sweep:rate=20000").startSuspended(true).create()) {
            DirtyBitmap dirty = runTracked(d, 500);
            long writes = d.writeCount();
            assertTrue(writes >= 500 && writes < 16384, "writes " + writes);
            assertEquals(writes, dirty.count());
            long[] pfns = new long[(int) writes + 1];
            dirty.rewind();
            assertEquals(writes, dirty.collect(pfns, pfns.length));
            for (int i = 0; i < writes; i++) {
                assertEquals(i, pfns[i]);
            }
        }
    }

    @Test
    void writersSkipHoles() {
        try (SimDomain d = SimDomainConfig.builder().pages(64).holes(10, 11, 63).workload("uniform:rate=max").startSuspended(true).create()) {
            DirtyBitmap dirty = runTracked(d, 100_000);
            assertEquals(61, dirty.count());
            assertFalse(dirty.test(10) || dirty.test(11) || dirty.test(63));
            assertTrue(MemoryDigest.isZeroPage(d.memory(), 10 * 4096L));
        }
    }

    @Test
    void closeStopsTheWriters() {
        SimDomain d = SimDomainConfig.builder().size("4M").workload("uniform:rate=max").create();
        awaitWrites(d, 1);
        d.close();
        assertFalse(d.writersRunning());
        assertEquals(0, writerThreads(d));
        assertTrue(d.isClosed());
        d.close(); // idempotent
        assertEquals("sim-4M: domain is closed", assertThrows(DomainException.class, d::suspend).getMessage());
    }
}
