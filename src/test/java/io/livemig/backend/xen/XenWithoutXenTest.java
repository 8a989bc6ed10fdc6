package io.livemig.backend.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.testing.RequiredTool;
import io.livemig.testing.TestJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening Xen on a machine without it (this one: libxen-dev installed, no /dev/xen/privcmd), each
 * time in a child JVM ({@link XenChildProbe}) so that its stderr can be read: one clear result, no
 * crash, and none of the libraries' own stderr logging.
 */
class XenWithoutXenTest {
    private static final String FIX = "install Debian's libxen-dev (or libxenmisc4.17), or point --xen-lib at the libraries";

    @TempDir
    Path tmp;

    private record Child(int exit, List<String> out, String err) {
        String describe() {
            return "exit " + exit + "\n--- stdout:\n" + String.join("\n", out) + "\n--- stderr:\n" + err;
        }
    }

    private Child run(String... args) throws IOException, InterruptedException {
        List<String> command = TestJvm.command(List.of("--illegal-native-access=deny", "-Xmx64m", "-XX:TieredStopAtLevel=1"),
                XenChildProbe.class, List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not finish within 60 s");
        }
        return new Child(p.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Not a missing tool but the machine: in a Xen dom0 opening Xen succeeds (XenLabTest covers that). */
    private static void assumeNoXen() {
        Assumptions.assumeFalse(Files.exists(XenHost.PRIVCMD), "not run on a Xen dom0: this machine has " + XenHost.PRIVCMD);
    }

    @Test
    void withoutPrivcmdTheMessageSaysRunInDom0() throws Exception {
        assumeNoXen();
        RequiredTool.require(RequiredTool.XEN_DEV);
        Child c = run("open");
        assertEquals(0, c.exit(), c::describe);
        assertEquals("UNAVAILABLE Xen is not available: not running in a Xen dom0 (no /dev/xen/privcmd); run as root in dom0",
                c.out().getFirst(), c::describe);
        assertEquals("", c.err(), "stderr must stay empty: " + c.describe());
    }

    @Test
    void aLibraryDirectoryWithoutLibxenctrlIsNamed() throws Exception {
        Path empty = Files.createDirectory(tmp.resolve("lib"));
        Child c = run("open", empty.toString());
        assertEquals(0, c.exit(), c::describe);
        assertEquals(List.of("UNAVAILABLE Xen is not available: no libxenctrl.so.4.17 in " + empty + "; " + FIX), c.out(), c::describe);
        assertEquals("", c.err(), c::describe);
    }

    @Test
    void aLibraryDirectoryThatDoesNotExistIsNamed() throws Exception {
        Path missing = tmp.resolve("no-such-dir");
        Child c = run("open", missing.toString());
        assertEquals(List.of("UNAVAILABLE Xen is not available: --xen-lib " + missing
                + " is not a directory; point --xen-lib at the directory holding libxenctrl.so.4.17"), c.out(), c::describe);
        assertEquals("", c.err(), c::describe);
    }

    @Test
    void librariesAreLoadedFromTheGivenDirectory() throws Exception {
        assumeNoXen();
        RequiredTool.require(RequiredTool.XEN_DEV);
        Path lib = Files.createDirectory(tmp.resolve("xen-lib"));
        try (Stream<Path> system = Files.list(RequiredTool.XEN_LIBRARY_DIR)) {
            for (Path so : system.filter(p -> p.getFileName().toString().matches("libxen[a-z]*\\.so\\.[0-9.]+")).toList()) {
                Files.copy(so, lib.resolve(so.getFileName())); // follows symlinks: real files under the soname
            }
        }
        Child c = run("open", lib.toString());
        assertEquals("UNAVAILABLE Xen is not available: not running in a Xen dom0 (no /dev/xen/privcmd); run as root in dom0",
                c.out().getFirst(), c::describe);
        assertEquals(List.of("MAPPED " + lib.resolve("libxenctrl.so.4.17")), c.out().subList(1, c.out().size()), c::describe);
        assertEquals("", c.err(), c::describe);
    }

    @Test
    void theQuietLoggerSilencesTheLibrariesWhileErrnoIsStillCaptured() throws Exception {
        assumeNoXen();
        RequiredTool.require(RequiredTool.XEN_DEV);
        Child quiet = run("xc-open", "quiet");
        assertEquals(List.of("NULL errno 2"), quiet.out(), quiet::describe);
        assertEquals("", quiet.err(), quiet::describe);

        // without it, libxenctrl creates its own logger, which prints the failure on stderr
        Child noisy = run("xc-open", "default");
        assertEquals(List.of("NULL errno 2"), noisy.out(), noisy::describe);
        assertTrue(noisy.err().contains("Could not obtain handle on privileged command interface"), noisy::describe);
    }
}
