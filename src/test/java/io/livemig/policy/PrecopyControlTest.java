package io.livemig.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PrecopyControlTest {
    private static final PrecopyStats STATS = new PrecopyStats(2, 100, 5000);
    /** 5000 pages at 100 MiB/s: 196 ms. */
    private static final PrecopyMetrics METRICS = PolicyDecisionsTest.metrics(1000, 100 << 20, 5000);

    @Test
    void aForcedDecisionAnswersTheNextConsultationWithoutAskingThePolicy() {
        PrecopyControl control = new PrecopyControl();
        int[] asked = {0};
        PrecopyPolicy policy = control.wrap(s -> {
            asked[0]++;
            return Decision.CONTINUE_PRECOPY;
        });
        assertNull(control.status());
        assertEquals(Decision.CONTINUE_PRECOPY, policy.decide(STATS, METRICS));
        assertFalse(control.status().forced());
        control.requestStopAndCopy();
        control.requestAbort(); // the operator changes their mind: the last request wins
        assertEquals(Decision.ABORT, control.pendingDecision());
        assertEquals(Decision.ABORT, policy.decide(STATS, METRICS));
        assertEquals(1, asked[0]);
        assertTrue(control.status().forced());
        assertEquals(Decision.ABORT, control.status().decision());
        assertEquals(STATS, control.status().stats());
    }

    @Test
    void aDowntimeTargetReplacesThePolicysAndStopsAnyPolicy() {
        PrecopyControl control = new PrecopyControl();
        PrecopyPolicy downtime = control.wrap(new DowntimePolicy(Duration.ofMillis(300)));
        assertEquals(Decision.STOP_AND_COPY, downtime.decide(STATS, METRICS));
        control.setDowntimeTarget(Duration.ofMillis(100));
        assertEquals(Decision.CONTINUE_PRECOPY, downtime.decide(STATS, METRICS), "196 ms does not fit 100 ms");
        assertEquals(100_000_000L, control.status().metrics().downtimeTargetNanos());

        PrecopyControl other = new PrecopyControl();
        PrecopyPolicy xen = other.wrap(PrecopyPolicy.xenDefault());
        assertEquals(Decision.CONTINUE_PRECOPY, xen.decide(STATS, METRICS));
        other.setDowntimeTarget(Duration.ofMillis(200));
        assertEquals(Decision.STOP_AND_COPY, xen.decide(STATS, METRICS), "196 ms fits 200 ms whatever Xen's rule says");
        assertFalse(other.status().forced());
    }

    @Test
    void aZeroTargetIsATargetAndFitsOnlyNothingLeft() {
        PrecopyControl control = new PrecopyControl();
        control.setDowntimeTarget(Duration.ZERO);
        PrecopyPolicy xen = control.wrap(s -> Decision.CONTINUE_PRECOPY);
        assertEquals(Decision.CONTINUE_PRECOPY, xen.decide(STATS, METRICS), "196 ms does not fit 0");
        assertEquals(0, control.status().metrics().downtimeTargetNanos());
        assertEquals(Decision.STOP_AND_COPY, xen.decide(new PrecopyStats(3, 100, 0), PolicyDecisionsTest.metrics(1000, 100 << 20, 0)),
                "nothing left fits a zero target");
        // a target the engine already put into the metrics is the one used
        PrecopyControl other = new PrecopyControl();
        other.setDowntimeTarget(Duration.ofSeconds(10));
        assertEquals(Decision.CONTINUE_PRECOPY, other.wrap(s -> Decision.CONTINUE_PRECOPY).decide(STATS, METRICS.withDowntimeTarget(0)));
    }

    @Test
    void anInterruptionOutlivesLaterRequestsAndNeedsAReason() {
        PrecopyControl control = new PrecopyControl();
        assertNull(control.interruption());
        assertNull(control.pendingDecision());
        control.requestStopAndCopy("operator");
        assertEquals(Decision.STOP_AND_COPY, control.pendingDecision());
        control.interrupt("SIGINT");
        control.requestStopAndCopy("a later stop");
        control.interrupt("SIGTERM");
        assertEquals("SIGINT", control.interruption(), "the first interruption is the one");
        assertEquals(Decision.ABORT, control.pendingDecision());
        PrecopyControl.Status s = control.consult(st -> Decision.CONTINUE_PRECOPY, STATS, METRICS);
        assertEquals(Decision.ABORT, s.decision());
        assertTrue(s.forced());
        assertEquals("SIGINT", s.reason());
        assertThrows(NullPointerException.class, () -> new PrecopyControl().interrupt(null));
        assertThrows(NullPointerException.class, () -> new PrecopyControl().requestAbort(null));
    }

    @Test
    void requestsFromAnotherThreadAreSeen() throws Exception {
        PrecopyControl control = new PrecopyControl();
        PrecopyPolicy policy = control.wrap(PrecopyPolicy.xenDefault());
        CountDownLatch done = new CountDownLatch(1);
        Thread.ofPlatform().start(() -> {
            control.requestStopAndCopy();
            done.countDown();
        });
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(Decision.STOP_AND_COPY, policy.decide(new PrecopyStats(0, 0, 100_000), METRICS));
    }
}
