package io.livemig.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PolicyTest {

    @ParameterizedTest(name = "({0}, {1}, {2}) -> {3}")
    @CsvSource({
            "0, 0, 262144, CONTINUE_PRECOPY",
            "1, 262144, -1, CONTINUE_PRECOPY",
            "1, 262144, 50, CONTINUE_PRECOPY",
            "1, 262144, 49, STOP_AND_COPY",
            "1, 262144, 0, STOP_AND_COPY",
            "4, 300000, -1, CONTINUE_PRECOPY",
            "4, 300000, 100000, CONTINUE_PRECOPY",
            "5, 300000, -1, STOP_AND_COPY",
            "5, 300000, 100000, STOP_AND_COPY",
            "9, 300000, 100000, STOP_AND_COPY",
    })
    void xensSimplePolicy(int iteration, long total, long dirty, Decision expected) {
        assertEquals(expected, PrecopyPolicy.xenDefault().decide(new PrecopyStats(iteration, total, dirty)));
    }

    @Test
    void specs() {
        assertEquals(SimplePrecopyPolicy.XEN_DEFAULT, PolicySpec.parse("xen"));
        assertEquals(new SimplePrecopyPolicy(8, 100), PolicySpec.parse("xen:iterations=8,dirty=100"));
        assertEquals(Decision.STOP_AND_COPY, PolicySpec.parse("stop-now").decide(new PrecopyStats(0, 0, 10)));
        PrecopyPolicy abort = PolicySpec.parse("abort:iteration=2");
        assertEquals(Decision.CONTINUE_PRECOPY, abort.decide(new PrecopyStats(1, 10, 5)));
        assertEquals(Decision.ABORT, abort.decide(new PrecopyStats(2, 10, -1)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "fast | unknown policy 'fast'",
            "xen:iterations=x | iterations=x",
            "xen:iterations=-1 | iterations=-1",
            "xen:colour=red | unknown policy parameter 'colour'",
            "xen:iterations | not name=value",
    })
    void badSpecsNameTheProblem(String spec, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PolicySpec.parse(spec));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void statsRejectImpossibleValues() {
        assertThrows(IllegalArgumentException.class, () -> new PrecopyStats(0, 0, -2));
        assertThrows(IllegalArgumentException.class, () -> new PrecopyStats(-1, 0, 0));
        assertEquals(Decision.ABORT, Decision.ofXenCode(-1));
        assertEquals(1, Decision.STOP_AND_COPY.xenCode());
    }
}
