package io.livemig.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.sim.SimDomain;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.engine.SaveEngine;
import io.livemig.engine.SaveListener;
import io.livemig.engine.SaveOptions;
import io.livemig.engine.SaveResult;
import io.livemig.policy.Decision;
import io.livemig.policy.PolicySpec;
import io.livemig.policy.PrecopyControl;
import io.livemig.policy.PrecopyStats;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's examples, compiled and run so that they stay true. */
class EmbeddingExampleTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void deadlinePolicyStopsWhenTheBudgetIsSpent() {
        ManualClock clock = new ManualClock();
        DeadlinePolicy policy = new DeadlinePolicy(Duration.ofSeconds(30), clock);
        assertEquals(Decision.CONTINUE_PRECOPY, policy.decide(new PrecopyStats(0, 0, 262144)));
        clock.now = clock.now.plusSeconds(29);
        assertEquals(Decision.CONTINUE_PRECOPY, policy.decide(new PrecopyStats(1, 262144, -1)));
        clock.now = clock.now.plusSeconds(1);
        assertEquals(Decision.STOP_AND_COPY, policy.decide(new PrecopyStats(1, 262144, 90000)));
        assertEquals(Decision.STOP_AND_COPY, new DeadlinePolicy(Duration.ofHours(1), clock)
                .decide(new PrecopyStats(5, 1, -1)), "Xen's iteration cap still applies");
    }

    @Test
    void embeddingTheEngine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("guest.stream");
        // --- README: embedding ---
        SimDomainConfig config = SimDomainConfig.builder().size("64M").prefill(true).workload("hotset:rate=20000").build();
        try (SimDomain guest = config.create();
             FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            SaveOptions options = SaveOptions.builder()
                    .policy(new DeadlinePolicy(Duration.ofSeconds(30), Clock.systemUTC()))
                    .listener(new SaveListener() {
                        @Override
                        public void pagesSent(int iteration, long sent, long dirty) {
                            System.out.printf("round %d: %d/%d%n", iteration, sent, dirty);
                        }
                    })
                    .build();
            SaveResult result = new SaveEngine(guest, out, options).save(); // throws SaveException on failure or ABORT
            System.out.printf("%d live rounds, downtime %d ms%n", result.liveRounds(), result.downtime().toMillis());
            // --- end ---
            assertTrue(result.liveRounds() >= 1);
            assertEquals(Files.size(file), result.bytesWritten());
        }
    }

    @Test
    void controllingASaveFromAnotherThread(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("controlled.stream");
        SimDomainConfig config = SimDomainConfig.builder().size("16M").workload("uniform:rate=20000").build();
        try (SimDomain guest = config.create();
             FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            // --- README: control ---
            PrecopyControl control = new PrecopyControl();
            SaveOptions options = SaveOptions.builder()
                    .policy(PolicySpec.parse("downtime=300ms,stall=4,deadline=10m:abort"))
                    .maxBandwidth(64L << 20)               // bytes per second
                    .control(control)
                    .build();
            Thread operator = Thread.ofPlatform().start(() -> {
                // any thread, while the save runs; the engine acts at its next policy consultation
                control.setDowntimeTarget(Duration.ofMillis(500));
                control.requestStopAndCopy();
            });
            SaveResult result = new SaveEngine(guest, out, options).save();
            // --- end ---
            operator.join();
            assertEquals(Decision.STOP_AND_COPY, result.consultations().getLast().decision());
            assertEquals(64L << 20, result.maxBandwidth());
        }
    }
}
