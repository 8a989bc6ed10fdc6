package io.livemig.backend.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class WriteSequenceTest {
    private static final long PAGES = 100_000;

    private static long[] triples(Workload w, int writer, int n) {
        WriteSequence s = new WriteSequence(w, PAGES, writer);
        long[] out = new long[3 * n];
        for (int i = 0; i < n; i++) {
            s.next();
            out[3 * i] = s.pfn();
            out[3 * i + 1] = s.offset();
            out[3 * i + 2] = s.value();
        }
        return out;
    }

    @Test
    void sameSeedAndWriterGiveTheSameWrites() {
        for (String spec : new String[] {"uniform:seed=7,writers=2", "hotset:seed=7,writers=2", "sweep:seed=7,writers=2"}) {
            Workload w = Workload.parse(spec);
            assertTrue(Arrays.equals(triples(w, 1, 10_000), triples(w, 1, 10_000)), spec);
            assertNotEquals(Arrays.hashCode(triples(w, 0, 1000)), Arrays.hashCode(triples(w, 1, 1000)), spec + ": writers 0 and 1 differ");
            Workload other = Workload.parse(spec.replace("seed=7", "seed=8"));
            assertNotEquals(Arrays.hashCode(triples(w, 1, 1000)), Arrays.hashCode(triples(other, 1, 1000)), spec + ": seeds 7 and 8 differ");
        }
    }

    @Test
    void sequenceDoesNotDependOnRateOrTiming() {
        long[] slow = triples(Workload.parse("uniform:rate=10,seed=3"), 0, 1000);
        long[] fast = triples(Workload.parse("uniform:rate=max,seed=3"), 0, 1000);
        assertTrue(Arrays.equals(slow, fast));
    }

    @Test
    void writesAreAlignedWordsThatNeverWriteZero() {
        long[] t = triples(Workload.parse("uniform"), 0, 20_000);
        int maxOffset = 0;
        for (int i = 0; i < t.length; i += 3) {
            assertTrue(t[i] >= 0 && t[i] < PAGES);
            assertEquals(0, t[i + 1] % 8);
            assertTrue(t[i + 1] >= 0 && t[i + 1] <= 4088);
            maxOffset = (int) Math.max(maxOffset, t[i + 1]);
            assertEquals(1, t[i + 2] & 1);
        }
        assertEquals(4088, maxOffset, "offsets cover the page");
    }

    @Test
    void uniformCoversTheWholeMemoryEvenly() {
        long[] t = triples(Workload.parse("uniform"), 0, 100_000);
        int[] tenths = new int[10];
        for (int i = 0; i < t.length; i += 3) {
            tenths[(int) (t[i] * 10 / PAGES)]++;
        }
        for (int c : tenths) {
            assertTrue(c > 9_400 && c < 10_600, Arrays.toString(tenths));
        }
    }

    @Test
    void hotsetSendsItsShareOfWritesToTheHotSet() {
        Workload w = Workload.parse("hotset:hot=5%,share=90%");
        WriteSequence s = new WriteSequence(w, PAGES, 0);
        assertEquals(5_000, s.hotPages());
        int hot = 0;
        int n = 100_000;
        long coldMin = Long.MAX_VALUE;
        long coldMax = 0;
        for (int i = 0; i < n; i++) {
            s.next();
            if (s.pfn() < 5_000) {
                hot++;
            } else {
                coldMin = Math.min(coldMin, s.pfn());
                coldMax = Math.max(coldMax, s.pfn());
            }
        }
        double share = hot / (double) n;
        assertTrue(share > 0.89 && share < 0.91, "hot share " + share);
        assertTrue(coldMin < 5_100 && coldMax > PAGES - 100, "cold writes spread over the rest: " + coldMin + ".." + coldMax);
    }

    @Test
    void sweepIsSequentialAndWrapsAround() {
        Workload w = Workload.parse("sweep:writers=4");
        WriteSequence s = new WriteSequence(w, PAGES, 3);
        s.next();
        assertEquals(75_000, s.pfn(), "writer 3 of 4 starts three quarters in");
        for (long expected = 75_001; expected < 75_001 + PAGES; expected++) {
            s.next();
            assertEquals(expected % PAGES, s.pfn());
        }
        WriteSequence first = new WriteSequence(w, PAGES, 0);
        first.next();
        assertEquals(0, first.pfn());
    }

    @Test
    void rejectsIdleAndBadWriterIndex() {
        assertThrows(IllegalArgumentException.class, () -> new WriteSequence(Workload.IDLE, PAGES, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WriteSequence(Workload.parse("uniform:writers=2"), PAGES, 2));
        assertEquals("writer index 2 outside 0..1", e.getMessage());
    }
}
