package io.livemig.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.engine.PolicyConsultation.DecidedBy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A result's times, for a save that finished and one that did not, and the words reports use. */
class SaveResultTest {
    private static final Instant STARTED = Instant.parse("2025-01-02T03:04:05Z");

    private static SaveResult result(Instant started, Instant suspendedAt, Instant endWrittenAt) {
        return new SaveResult("d", 1, true, List.of(), List.of(), 0, 0, 0, 0, started, suspendedAt, endWrittenAt, 0, 0);
    }

    @Test
    void aFinishedSaveTakesUntilEndAndIsDownFromTheSuspend() {
        SaveResult r = result(STARTED, STARTED.plusSeconds(5), STARTED.plusMillis(5250));
        assertEquals(Duration.ofMillis(5250), r.totalTime());
        assertEquals(Duration.ofMillis(250), r.downtime());
    }

    @Test
    void withoutASuspendOrAnEndThereIsNoDowntimeAndTheTimeRunsToNow() {
        assertEquals(Duration.ZERO, result(STARTED, null, STARTED.plusSeconds(5)).downtime(), "never suspended");
        assertEquals(Duration.ZERO, result(STARTED, STARTED.plusSeconds(5), null).downtime(), "suspended, END never written");
        Instant anHourAgo = Instant.now().minusSeconds(3600);
        Duration total = result(anHourAgo, null, null).totalTime();
        assertTrue(total.compareTo(Duration.ofHours(1)) >= 0 && total.compareTo(Duration.ofMinutes(61)) < 0,
                "a save started an hour ago that did not finish: " + total);
    }

    @Test
    void whoDecidedIsAWordInReports() {
        assertEquals("policy", DecidedBy.POLICY.word());
        assertEquals("operator", DecidedBy.OPERATOR.word());
    }
}
