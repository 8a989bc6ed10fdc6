package io.livemig.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.livemig.backend.sim.SimDomain;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.stream.InspectionReport;
import io.livemig.stream.StreamFormatException;
import io.livemig.stream.StreamInspector;
import io.livemig.stream.StreamReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing (Jazzer) of what a receiver does with untrusted bytes: the inspector
 * (the reader alone, no pfn bound) and the restore into a simulated destination, on the same
 * input. Without {@code JAZZER_FUZZ} the test replays its corpus
 * ({@code src/test/resources/io/livemig/engine/StreamFuzzTestInputs/readAndRestore}: the seeds
 * {@link FuzzSeeds} writes with the project's writers and from Xen's own streams, and every input
 * that once failed); the {@code fuzz-stream-reader} surefire execution fuzzes it for a bounded
 * time, {@code scripts/fuzz} for longer.
 *
 * <p>What must hold for every input:
 * <ul>
 *   <li>no exception but {@link StreamFormatException}, whose message is one non-empty line naming
 *       a header or record ("... at offset N: ...");</li>
 *   <li>the destination is complete exactly when the restore returned, and the inspector accepts
 *       every stream the restore accepted;</li>
 *   <li>heap allocation bounded by what arrived, not by what lengths claim: for inspection and
 *       restore together at most {@value #FIXED_ALLOCATION_BOUND} bytes, plus
 *       {@value #ALLOCATION_PER_RECORD} per record read (names, descriptions, the first body
 *       buffer), plus {@value #ALLOCATION_PER_INPUT_BYTE} per input byte (bodies grow as bytes
 *       arrive, at most twice what arrived, then are decoded);</li>
 *   <li>no hang: the fuzzing run fails an input that runs 10 s (libFuzzer's {@code -timeout}).</li>
 * </ul>
 */
class StreamFuzzTest {
    /** The destination: 4 GiB of pfns (Xen's special pages sit just below 4 GiB), mapped lazily. */
    static final long DESTINATION_PAGES = 1L << 20;
    static final long FIXED_ALLOCATION_BOUND = 1L << 20;
    static final long ALLOCATION_PER_RECORD = 8L << 10;
    static final long ALLOCATION_PER_INPUT_BYTE = 16;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static {
        // Class loading and first-call initialisation allocate once; keep them out of the first input's count.
        try {
            for (Path seed : seeds()) {
                readAndRestoreUnchecked(Files.readAllBytes(seed));
            }
            readAndRestoreUnchecked(new byte[0]);
            readAndRestoreUnchecked(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "90s")
    void readAndRestore(byte[] input) throws IOException {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Outcome outcome = readAndRestoreUnchecked(input);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        if (outcome.inspectionError != null) {
            requireOneLineMessage(outcome.inspectionError);
        }
        if (outcome.restoreError != null) {
            requireOneLineMessage(outcome.restoreError.getMessage());
            assertFalse(outcome.destinationComplete, "destination marked complete despite: " + outcome.restoreError.getMessage());
        } else {
            assertTrue(outcome.destinationComplete, "restore returned but the destination is not complete");
            assertNull(outcome.inspectionError, "the restore accepted a stream the inspector refused");
        }
        long bound = FIXED_ALLOCATION_BOUND + ALLOCATION_PER_RECORD * outcome.records + ALLOCATION_PER_INPUT_BYTE * input.length;
        assertTrue(allocated <= bound, "reading " + input.length + " bytes (" + outcome.records + " records) allocated "
                + allocated + " B, bound " + bound + " B");
    }

    /** The seeds are valid streams: the corpus starts where the reader accepts. */
    @Test
    void everySeedIsAValidStreamThatRestores() throws IOException {
        List<Path> seeds = seeds();
        assertTrue(seeds.size() >= 6, "seeds in " + FuzzSeeds.inputsDirectory() + ": " + seeds);
        for (Path seed : seeds) {
            Outcome outcome = readAndRestoreUnchecked(Files.readAllBytes(seed));
            assertNull(outcome.inspectionError, seed.getFileName().toString());
            assertNull(outcome.restoreError, () -> seed.getFileName() + ": " + outcome.restoreError.getMessage());
            assertTrue(outcome.destinationComplete, seed.getFileName().toString());
        }
    }

    @Test
    void aCrashIsAnythingButAStreamFormatException() {
        // The harness itself must be able to fail: a message that spans lines is refused.
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> requireOneLineMessage("record 3 (PAGE_DATA) at offset 96: bad\nsecond line"));
        assertTrue(e.getMessage().contains("one line"), e.getMessage());
        assertEquals(0, FIXED_ALLOCATION_BOUND % 4096);
    }

    private record Outcome(String inspectionError, StreamFormatException restoreError, boolean destinationComplete, long records) {
    }

    private static Outcome readAndRestoreUnchecked(byte[] input) throws IOException {
        InspectionReport report = StreamInspector.inspect(new BytesChannel(input), StreamReader.NO_PFN_LIMIT, true);
        try (SimDomain destination = SimDomainConfig.builder().pages(DESTINATION_PAGES).startSuspended(true).create()) {
            StreamFormatException error = null;
            try {
                new RestoreEngine(destination, true).restore(new BytesChannel(input));
            } catch (StreamFormatException e) {
                error = e;
            }
            // records the reader started on: those listed, and the one that failed
            return new Outcome(report.error(), error, destination.isComplete(), report.records().size() + 1L);
        }
    }

    private static void requireOneLineMessage(String message) {
        if (message == null || message.isBlank()) {
            fail("a StreamFormatException without a message");
        }
        if (message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
            fail("the error is not one line: " + message);
        }
        if (!message.contains(" at offset ")) {
            fail("the error names no offset: " + message);
        }
    }

    static List<Path> seeds() throws IOException {
        Path dir = FuzzSeeds.inputsDirectory();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(FuzzSeeds.SEED_PREFIX)).sorted().toList();
        }
    }

    /** The input as a blocking channel, in reads of at most 4 KiB (a socket's share) to vary the reader's paths. */
    static final class BytesChannel implements ReadableByteChannel {
        private final byte[] data;
        private int at;

        BytesChannel(byte[] data) {
            this.data = data;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (at == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(dst.remaining(), data.length - at), 4096);
            dst.put(data, at, n);
            at += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
