package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing good is lost, nothing half-written is left: a save to a file replaces the name only
 * after END; a failed or aborted one leaves what was there (and keeps its partial stream only when
 * asked, as NAME.partial).
 */
@Timeout(60)
class CliTargetFileTest {
    @TempDir
    Path dir;

    private Path good() throws IOException {
        Path target = dir.resolve("x.stream");
        Cli.ok("save", "--sim", "64K", "--to", target.toString());
        assertEquals("valid", Cli.ok("inspect", "--quiet", target.toString()).out().split(":")[0]);
        return target;
    }

    @Test
    void anAbortedSaveLeavesTheGoodStreamOfTheSameName() throws Exception {
        Path target = good();
        byte[] before = Files.readAllBytes(target);
        Cli.Run r = Cli.run("save", "--sim", "1M", "--policy", "abort:iteration=1", "--to", target.toString());
        assertEquals(Main.EXIT_FAILURE, r.exit(), r::describe);
        assertTrue(r.oneErrorLine().endsWith("; " + target + " was left as it was"), r::describe);
        assertArrayEquals(before, Files.readAllBytes(target));
        assertEquals(List.of("x.stream"), names());
    }

    @Test
    void aFailedSaveToANewNameCreatesNothing() throws Exception {
        Path target = dir.resolve("new.stream");
        Cli.Run r = Cli.run("save", "--sim", "1M", "--policy", "abort:iteration=1", "--to", target.toString());
        assertEquals(Main.EXIT_FAILURE, r.exit(), r::describe);
        assertTrue(r.oneErrorLine().endsWith("; " + target + " was not created"), r::describe);
        assertEquals(List.of(), names());
    }

    @Test
    void thePartialStreamIsKeptOnlyWhenAskedAndUnderANameThatSaysSo() throws Exception {
        Path target = good();
        byte[] before = Files.readAllBytes(target);
        Cli.Run r = Cli.run("save", "--sim", "1M", "--policy", "abort:iteration=1", "--keep-partial", "--to", target.toString());
        assertEquals(Main.EXIT_FAILURE, r.exit(), r::describe);
        Path partial = dir.resolve("x.stream.partial");
        assertTrue(r.oneErrorLine().endsWith("; the partial stream is in " + partial), r::describe);
        assertArrayEquals(before, Files.readAllBytes(target));
        assertEquals(List.of("x.stream", "x.stream.partial"), names());
        Cli.Run inspect = Cli.run("inspect", "--quiet", partial.toString());
        assertTrue(inspect.oneErrorLine().contains("stream truncated"), inspect::describe);
    }

    @Test
    void aCompletedSaveReplacesTheNameAndLeavesNothingElse() throws Exception {
        Path target = good();
        byte[] before = Files.readAllBytes(target);
        Cli.ok("save", "--sim", "1M", "--to", target.toString());
        assertTrue(Files.size(target) > before.length, "the 1 MiB guest's stream replaced the 64 KiB one");
        assertEquals(List.of("x.stream"), names());
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
