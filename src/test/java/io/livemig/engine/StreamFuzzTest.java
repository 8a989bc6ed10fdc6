package io.livemig.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing (Jazzer) of what a receiver does with untrusted bytes: the inspector
 * (the reader alone, no pfn bound) and the restore into a simulated destination, on the same
 * input ({@link FuzzHarness}). Without {@code JAZZER_FUZZ} the test replays its corpus
 * ({@code src/test/resources/io/livemig/engine/StreamFuzzTestInputs/readAndRestore}: the seeds
 * {@link FuzzSeeds} writes with the project's writers and from Xen's own streams, and every input
 * that once failed); the {@code fuzz-stream-reader} surefire execution fuzzes it for a bounded
 * time, {@code scripts/fuzz} for longer.
 *
 * <p>What must hold for every input:
 * <ul>
 *   <li>no exception but {@code StreamFormatException}, whose message is one non-empty line naming
 *       a header or record ("... at offset N: ...");</li>
 *   <li>the destination is complete exactly when the restore returned, and the inspector accepts
 *       every stream the restore accepted;</li>
 *   <li>heap allocation bounded by what arrived, not by what lengths claim: for inspection and
 *       restore together at most 1 MiB, plus 8 KiB per record read (names, descriptions, the first
 *       body buffer), plus 16 bytes per input byte (bodies grow as bytes arrive, at most twice what
 *       arrived, then are decoded); an input over it is measured once more, since the first input
 *       down a path pays once for loading and instrumenting what it reaches;</li>
 *   <li>no hang: the fuzzing run fails an input that runs 10 s (libFuzzer's {@code -timeout}).</li>
 * </ul>
 *
 * <p>The harness and the project's classes run in an {@link InstrumentableClassLoader}, so that
 * Jazzer 0.24 can instrument them for coverage (see there).
 */
class StreamFuzzTest {
    private static final Consumer<byte[]> HARNESS = instrumentableHarness();

    @SuppressWarnings("unchecked")
    private static Consumer<byte[]> instrumentableHarness() {
        try {
            List<byte[]> seeds = new ArrayList<>();
            for (Path seed : seeds()) {
                seeds.add(Files.readAllBytes(seed));
            }
            ClassLoader loader = new InstrumentableClassLoader(StreamFuzzTest.class.getClassLoader());
            Class<?> harness = Class.forName(FuzzHarness.class.getName(), true, loader);
            return (Consumer<byte[]>) harness.getConstructor(byte[][].class).newInstance((Object) seeds.toArray(new byte[0][]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load the fuzz harness: " + e, e);
        }
    }

    @FuzzTest(maxDuration = "90s")
    void readAndRestore(byte[] input) {
        HARNESS.accept(input);
    }

    /** The seeds are valid streams: the corpus starts where the reader accepts. */
    @Test
    void everySeedIsAValidStreamThatRestores() throws IOException {
        List<Path> seeds = seeds();
        assertTrue(seeds.size() >= 6, "seeds in " + FuzzSeeds.inputsDirectory() + ": " + seeds);
        for (Path seed : seeds) {
            assertTrue(FuzzHarness.validAndRestored(Files.readAllBytes(seed)), seed.getFileName().toString());
        }
    }

    @Test
    void theHarnessRunsOnInstrumentableCopiesOfTheProjectsClasses() {
        assertNotSame(FuzzHarness.class, HARNESS.getClass(), "loaded by the instrumentable loader");
        assertEquals(InstrumentableClassLoader.class, HARNESS.getClass().getClassLoader().getClass());
        byte[] header = {(byte) 0xca, (byte) 0xfe, (byte) 0xba, (byte) 0xbe, 0, 0, 0, 69};
        InstrumentableClassLoader.lowerVersion(header);
        assertEquals(67, header[7]);
    }

    @Test
    void aMessageOnTwoLinesIsACrash() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> FuzzHarness.requireOneLineMessage("record 3 (PAGE_DATA) at offset 96: bad\nsecond line"));
        assertTrue(e.getMessage().contains("one line"), e.getMessage());
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
}
