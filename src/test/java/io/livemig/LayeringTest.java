package io.livemig;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Dependencies point one way: policy (pure Java) &lt;- engine -&gt; backend SPI &lt;- backend.sim /
 * backend.xen; stream and transport are leaves the engine and backends use; posix (the libc calls on
 * raw descriptors) is a leaf below transport and backend.xen; relay sits on transport only;
 * migrate (xl's protocol) sits above the engine, beside the commands.
 */
class LayeringTest {
    private static final Path MAIN = Path.of("src/main/java/io/livemig");

    private static List<String> offenders(String pkg, String... forbidden) {
        Path dir = MAIN.resolve(pkg.replace('.', '/'));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream()
                            .filter(line -> line.startsWith("import "))
                            .filter(line -> Stream.of(forbidden).anyMatch(line::contains))
                            .map(line -> MAIN.relativize(p) + ": " + line);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void policyIsPureJava() {
        assertEquals(List.of(), offenders("policy", "java.lang.foreign", "io.livemig.engine", "io.livemig.backend",
                "io.livemig.stream", "io.livemig.transport", "io.livemig.cli"));
    }

    @Test
    void streamAndTransportAreLeaves() {
        assertEquals(List.of(), offenders("stream", "io.livemig.engine", "io.livemig.backend", "io.livemig.cli",
                "io.livemig.transport", "io.livemig.policy"));
        assertEquals(List.of(), offenders("transport", "io.livemig.engine", "io.livemig.backend", "io.livemig.cli"));
        assertEquals(List.of(), offenders("posix", "io.livemig.engine", "io.livemig.backend", "io.livemig.cli",
                "io.livemig.transport", "io.livemig.stream", "io.livemig.policy", "io.livemig.migrate"));
    }

    @Test
    void theRelayCarriesBytesAndKnowsNothingOfTheStream() {
        assertEquals(List.of(), offenders("relay", "io.livemig.engine", "io.livemig.backend", "io.livemig.cli",
                "io.livemig.stream", "io.livemig.policy"));
    }

    @Test
    void theEngineKnowsOnlyTheBackendSpi() {
        assertEquals(List.of(), offenders("engine", "io.livemig.backend.sim", "io.livemig.backend.xen", "io.livemig.cli",
                "io.livemig.transport"));
        assertEquals(List.of(), offenders("backend.sim", "io.livemig.engine", "io.livemig.cli", "io.livemig.backend.xen"));
    }

    /** The migration protocol drives the engine over the backend SPI; the commands wire it to a concrete domain. */
    @Test
    void theMigrationProtocolKnowsOnlyTheBackendSpi() {
        assertEquals(List.of(), offenders("migrate", "io.livemig.backend.sim", "io.livemig.backend.xen", "io.livemig.cli"));
        for (String below : List.of("policy", "engine", "backend", "stream", "transport", "util")) {
            assertEquals(List.of(), offenders(below, "io.livemig.migrate"), below + " must not know the migration protocol");
        }
    }

    @Test
    void generatedBindingsAreImportedOnlyByTheXenBackend() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<String> users = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !MAIN.relativize(p).toString().startsWith("backend/xen"))
                    .filter(p -> {
                        try {
                            return Files.readString(p).contains("import io.livemig.backend.xen.bindings");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }).map(Path::toString).toList();
            assertEquals(List.of(), users);
        }
    }
}
