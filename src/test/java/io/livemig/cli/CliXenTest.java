package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `save --domid` and `migrate` of a Xen domain on a machine that is not a Xen dom0: one clear line, exit 1, nothing written, no crash. */
class CliXenTest {
    @TempDir
    Path dir;

    @Test
    void withoutPrivcmdTheSaveSaysSoInOneLine() {
        Path stream = dir.resolve("x.stream");
        Cli.Run r = Cli.run("save", "--domid", "5", "--to", stream.toString());
        assertEquals(1, r.exit(), r::describe);
        String line = r.oneErrorLine();
        assertTrue(line.startsWith("livemig save: Xen is not available: "), line);
        // this machine has the libraries (libxen-dev) or not; either way the line says what is missing
        assertTrue(line.contains("/dev/xen/privcmd") || line.contains("libxenctrl.so.4.17"), line);
        assertFalse(Files.exists(stream), "nothing is written before the domain is opened");
    }

    @Test
    void aLibraryDirectoryWithoutTheLibrariesIsNamed() {
        Cli.Run r = Cli.run("save", "--domid", "5", "--xen-lib", dir.toString(), "--to", dir.resolve("x").toString());
        assertEquals(1, r.exit(), r::describe);
        String line = r.oneErrorLine();
        assertTrue(line.contains("no libxenctrl.so.4.17 in " + dir), line);
        assertTrue(line.contains("--xen-lib"), line);
    }

    @Test
    void simulatedGuestOptionsDoNotApplyToARealDomain() {
        Cli.Run r = Cli.run("save", "--domid", "5", "--workload", "idle", "--to", dir.resolve("x").toString());
        assertEquals(2, r.exit(), r::describe);
        assertTrue(r.oneErrorLine().contains("do not apply to --domid"));
        Cli.Run both = Cli.run("save", "--domid", "5", "--sim", "1G", "--to", dir.resolve("x").toString());
        assertEquals(2, both.exit(), both::describe);
        assertTrue(both.oneErrorLine().contains("mutually exclusive"));
    }

    @Test
    void aMigrationOfAXenDomainSaysSoTooBeforeAnyReceiverIsStarted() throws Exception {
        Path ran = dir.resolve("ran");
        Cli.Run r = Cli.run("migrate", "-s", "touch " + ran + "; exec cat", "web", "dst");
        assertEquals(1, r.exit(), r::describe);
        String line = r.oneErrorLine();
        assertTrue(line.startsWith("livemig migrate: Xen is not available: "), line);
        assertFalse(Files.exists(ran), "no receiving command was started");
        Cli.Run sim = Cli.run("migrate", "--workload", "idle", "web", "dst");
        assertEquals(2, sim.exit(), sim::describe);
        assertEquals("livemig migrate: --workload, --seed, --no-prefill and --populated describe a simulated guest; they do not apply to a Xen"
                + " domain", sim.oneErrorLine());
    }
}
