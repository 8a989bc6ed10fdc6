package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.util.HostMemory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest or a destination larger than the memory this process can take is refused before
 * anything is allocated, with one line saying how much was asked, how much is available and what
 * to do. Child JVMs told that only 256 MiB are available ({@value HostMemory#OVERRIDE_PROPERTY}),
 * so that no test needs a machine larger than the sizes it tries.
 */
@Timeout(60)
class CliMemoryTest {
    private static final List<String> SMALL_MACHINE = List.of("-D" + HostMemory.OVERRIDE_PROPERTY + "=256M");

    @TempDir
    Path dir;

    record Child(int exit, String out, String err) {
        String oneLine() {
            List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
            assertEquals(1, lines.size(), () -> "one line on stderr:\n" + err);
            Cli.assertNoStackTrace(err);
            return lines.getFirst();
        }
    }

    private Child run(String... args) throws Exception {
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = new ProcessBuilder(Cli.childCommand(SMALL_MACHINE, args)).redirectOutput(out.toFile())
                .redirectError(err.toFile()).start();
        int exit = Cli.await(p, 50, String.join(" ", args), out, err);
        return new Child(exit, Cli.read(out), Cli.read(err));
    }

    @Test
    void aPrefilledGuestLargerThanTheMachineIsRefusedBeforeItIsFilled() throws Exception {
        Path target = dir.resolve("big.stream");
        Child c = run("save", "--sim", "1G", "--to", target.toString());
        assertEquals(Main.EXIT_USAGE, c.exit(), c::toString);
        assertEquals("livemig save: --sim 1G: a prefilled simulated guest of 1.0 GiB needs 1.0 GiB of memory and 256.0 MiB"
                + " available (-Dlivemig.memory.available) is less; add --no-prefill (pages then cost memory only when"
                + " written) or give a size below 256.0 MiB", c.oneLine());
        assertEquals("", c.out(), "nothing was filled");
        assertFalse(Files.exists(target));
    }

    @Test
    void theSameGuestWithoutPrefillCostsOnlyWhatIsTouched() throws Exception {
        Child c = run("save", "--sim", "1G", "--no-prefill", "--workload", "idle", "--to", "/dev/null");
        assertEquals(0, c.exit(), c::toString);
        assertTrue(c.out().contains("saving sim-1G: 262144 pages"), c::toString);
        assertTrue(c.out().contains("saved: 1 live round + 1 suspended round, 262144 pages"), c::toString);
    }

    @Test
    void aGuestWhoseBookkeepingAloneIsTooLargeIsRefusedEvenWithoutPrefill() throws Exception {
        // three bitmaps of a bit per page: 96 MiB per TiB, 9 GiB for 96 TiB
        Child c = run("save", "--sim", "96T", "--no-prefill", "--to", "/dev/null");
        assertEquals(Main.EXIT_USAGE, c.exit(), c::toString);
        assertEquals("livemig save: --sim 96T: a simulated guest of 96.0 TiB needs 9.0 GiB of memory and 256.0 MiB"
                + " available (-Dlivemig.memory.available) is less; give a smaller size", c.oneLine());
    }

    @Test
    void aPreallocatedDestinationLargerThanTheMachineIsRefusedBeforeListening() throws Exception {
        Child c = run("receive", "--from", "tcp:127.0.0.1:0", "--capacity", "1G", "--preallocate");
        assertEquals(Main.EXIT_USAGE, c.exit(), c::toString);
        assertTrue(c.oneLine().startsWith("livemig receive: --capacity 1G --preallocate: a domain of 1.0 GiB allocated at once"
                + " needs 1.0 GiB of memory and 256.0 MiB available (-Dlivemig.memory.available) is less; drop --preallocate"
                + " (pages then cost memory as they arrive) or give a --capacity below 256.0 MiB"), c::toString);
        assertFalse(c.out().contains("listening"), c::toString);
    }

    @Test
    void theDemoCountsBothOfItsProcesses() throws Exception {
        Child c = run("demo", "--size", "192M");
        assertEquals(Main.EXIT_USAGE, c.exit(), c::toString);
        assertEquals("livemig demo: --size 192M: the demo's sender and receiver need 384.0 MiB of memory and 256.0 MiB"
                + " available (-Dlivemig.memory.available) is less; give a smaller --size", c.oneLine());
        assertEquals("", c.out(), "no child was started");
    }
}
