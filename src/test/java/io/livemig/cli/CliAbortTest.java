package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** An aborted save: exit 1, the source runs again, and what it left behind is never taken for a stream. */
@Timeout(60)
class CliAbortTest {
    @TempDir
    Path dir;

    @Test
    void abortedSaveLeavesTheSourceRunningAndAPartialStreamThatIsRejected() throws Exception {
        Path stream = dir.resolve("aborted.stream");
        Path result = dir.resolve("save.properties");
        Cli.Run save = Cli.run("save", "--sim", "16M", "--policy", "abort:iteration=1", "--to", stream.toString(),
                "--keep-partial", "--result-file", result.toString());
        assertEquals(Main.EXIT_FAILURE, save.exit(), save::describe);
        String error = save.oneErrorLine();
        assertTrue(error.startsWith("livemig save: Abort precopy loop: the policy answered ABORT at iteration 1"), error);
        assertTrue(error.contains("; the source domain sim-16M runs on, log-dirty off; the partial stream is in "
                + dir.resolve("aborted.stream.partial")), error);
        assertTrue(save.out().contains("policy: ABORT at iteration 1"), save::describe);
        assertFalse(save.out().contains("source digest at suspend"), save::describe);
        assertFalse(save.out().contains("domain suspended"), save::describe);

        ResultFile written = ResultFile.read(result);
        assertEquals("aborted", written.get("result"));
        assertEquals("policy", written.get("decidedBy"));
        assertEquals(error.substring("livemig save: ".length()), written.get("error"));
        assertEquals(1, written.rounds().size());

        // The first round went out (every page), then nothing: no END record; the name was never written.
        assertFalse(Files.exists(stream), "an aborted save leaves nothing under the target's name");
        stream = dir.resolve("aborted.stream.partial");
        assertTrue(Files.size(stream) > 16L << 20, "partial stream of " + Files.size(stream) + " bytes");

        Cli.Run receive = Cli.run("receive", "--from", stream.toString());
        assertEquals(Main.EXIT_FAILURE, receive.exit(), receive::describe);
        assertFalse(receive.out().contains("destination digest"), receive::describe);
        String receiveError = receive.oneErrorLine();
        String fault = "record \\d+ at offset " + Files.size(stream) + ": stream truncated: it ends here, before the libxc END record";
        assertTrue(receiveError.matches("livemig receive: " + fault + "; destination NOT complete"), receiveError);

        Cli.Run inspect = Cli.run("inspect", stream.toString());
        assertEquals(Main.EXIT_FAILURE, inspect.exit(), inspect::describe);
        String inspectError = inspect.oneErrorLine();
        assertTrue(inspectError.matches("livemig inspect: INVALID: " + fault), inspectError);
        assertFalse(inspect.out().contains("INVALID"), "the verdict is printed once, on stderr: " + inspect.describe());
    }
}
