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
                "--result-file", result.toString());
        assertEquals(Main.EXIT_FAILURE, save.exit(), save::describe);
        String error = save.oneErrorLine();
        assertTrue(error.startsWith("livemig save: Abort precopy loop"), error);
        assertTrue(save.out().contains("policy: ABORT at iteration 1"), save::describe);
        assertTrue(save.out().contains("source domain running, log-dirty off"), save::describe);
        assertFalse(save.out().contains("source digest at suspend"), save::describe);
        assertFalse(save.out().contains("domain suspended"), save::describe);

        ResultFile written = ResultFile.read(result);
        assertEquals("aborted", written.get("result"));
        assertTrue(written.get("error").startsWith("Abort precopy loop"), written.get("error"));
        assertEquals(1, written.rounds().size());

        // The first round went out (every page), then nothing: no END record.
        assertTrue(Files.size(stream) > 16L << 20, "partial stream of " + Files.size(stream) + " bytes");

        Cli.Run receive = Cli.run("receive", "--from", stream.toString());
        assertEquals(Main.EXIT_FAILURE, receive.exit(), receive::describe);
        assertTrue(receive.out().contains("destination NOT complete"), receive::describe);
        assertFalse(receive.out().contains("destination digest"), receive::describe);
        String receiveError = receive.oneErrorLine();
        assertTrue(receiveError.matches("livemig receive: record \\d+ at offset " + Files.size(stream)
                + ": stream truncated: it ends here, before the libxc END record"), receiveError);

        Cli.Run inspect = Cli.run("inspect", stream.toString());
        assertEquals(Main.EXIT_FAILURE, inspect.exit(), inspect::describe);
        String inspectError = inspect.oneErrorLine();
        assertEquals(receiveError.replace("livemig receive:", "livemig inspect:"), inspectError);
        assertEquals("INVALID: " + inspectError.substring("livemig inspect: ".length()), inspect.out().lines().toList().getLast());
    }
}
