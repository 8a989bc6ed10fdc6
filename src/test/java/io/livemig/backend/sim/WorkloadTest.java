package io.livemig.backend.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkloadTest {

    @Test
    void patternsAloneGiveTheirDefaults() {
        assertEquals(Workload.IDLE, Workload.parse("idle"));
        Workload uniform = Workload.parse("uniform");
        assertEquals(WritePattern.UNIFORM, uniform.pattern());
        assertEquals(10_000, uniform.pagesPerSecond());
        assertEquals(1, uniform.writers());
        assertEquals(1, uniform.seed());
        Workload hotset = Workload.parse("hotset");
        assertEquals(20_000, hotset.pagesPerSecond());
        assertEquals(0.05, hotset.hotFraction());
        assertEquals(0.90, hotset.hotShare());
        assertEquals(50_000, Workload.parse("sweep").pagesPerSecond());
        assertEquals(WritePattern.SWEEP, Workload.parse(" SWEEP ").pattern());
    }

    @Test
    void parametersOverrideDefaults() {
        Workload w = Workload.parse("hotset:rate=20000,hot=2.5%,share=0.75,writers=3,seed=0x10");
        assertEquals(new Workload(WritePattern.HOTSET, 20_000, 3, 16, 0.025, 0.75), w);
        assertEquals(50_000, Workload.parse("uniform:rate=50k").pagesPerSecond());
        assertEquals(2_000_000, Workload.parse("uniform:rate=2M").pagesPerSecond());
        Workload max = Workload.parse("uniform:rate=max,writers=2,seed=7");
        assertTrue(max.unlimited());
        assertEquals(2, max.writers());
        assertEquals(7, max.seed());
        assertEquals(-3, Workload.parse("sweep:seed=-3").seed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"idle", "uniform", "uniform:rate=max,writers=4,seed=-9", "hotset:rate=123,hot=12.5%,share=100%",
            "hotset:hot=0.1%,share=0%", "sweep:rate=100000"})
    void specRoundTrips(String spec) {
        Workload w = Workload.parse(spec);
        assertEquals(w, Workload.parse(w.spec()));
    }

    @Test
    void canonicalSpecIsReadable() {
        assertEquals("hotset:rate=20000,hot=5%,share=90%,writers=1,seed=1", Workload.parse("hotset").spec());
        assertEquals("uniform:rate=max,writers=2,seed=7", Workload.parse("uniform:rate=max,writers=2,seed=7").spec());
    }

    @Test
    void rateIsSplitOverWriters() {
        Workload w = Workload.parse("uniform:rate=10,writers=3");
        assertEquals(4, w.writerRate(0));
        assertEquals(3, w.writerRate(1));
        assertEquals(3, w.writerRate(2));
        assertEquals(Workload.UNLIMITED, Workload.parse("uniform:rate=max,writers=3").writerRate(2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|empty workload spec",
            "bursty|unknown pattern 'bursty' (idle, uniform, hotset, sweep)",
            "idle:rate=5|idle takes no parameters",
            "uniform:|no parameters after ':'",
            "uniform:hot=5%|unknown parameter 'hot' for uniform (takes rate, writers, seed)",
            "sweep:speed=3|unknown parameter 'speed' for sweep",
            "uniform:rate|parameter 'rate' has no value",
            "uniform:rate=1,rate=2|parameter 'rate' given twice",
            "uniform:rate=abc|rate must be a positive number of pages per second (e.g. 50000, 50k, 2m) or 'max', got 'abc'",
            "uniform:rate=0|rate must be a positive number",
            "uniform:rate=-5|rate must be a positive number",
            "uniform:writers=0|writers must be 1..64, got '0'",
            "uniform:writers=65|writers must be 1..64, got '65'",
            "uniform:seed=x1|seed must be a decimal or 0x-hex 64-bit integer, got 'x1'",
            "hotset:hot=0%|hot must be in (0%, 100%], got '0%'",
            "hotset:hot=150%|hot must be a percentage (5%) or a fraction (0.05) in [0%, 100%], got '150%'",
            "hotset:share=-1%|share must be a percentage",
            "hotset:share=lots|share must be a percentage",
            "uniform:rate=5,,writers=1|empty parameter",
    })
    void badSpecsNameTheProblem(String spec, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Workload.parse(spec));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        if (!spec.isEmpty()) {
            assertTrue(e.getMessage().startsWith("workload '" + spec + "'"), e.getMessage());
        }
    }

    @Test
    void hotSetSizeIsAtLeastOnePage() {
        Workload w = Workload.parse("hotset:hot=5%");
        assertEquals(1, w.hotPages(10));
        assertEquals(205, w.hotPages(4096));
        assertEquals(16, Workload.parse("hotset:hot=100%").hotPages(16));
    }
}
