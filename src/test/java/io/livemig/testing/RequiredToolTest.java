package io.livemig.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A tool that is here lets a test run, one left out skips it with a reason, one that is missing fails it. */
class RequiredToolTest {
    @TempDir
    Path dir;

    private static final Function<RequiredTool, RequiredTool.Found> ALL_HERE = t -> RequiredTool.Found.yes();
    private static final Function<RequiredTool, RequiredTool.Found> NO_CHROMIUM = t -> t == RequiredTool.CHROMIUM
            ? RequiredTool.Found.no("no chromium on PATH") : RequiredTool.Found.yes();

    @Test
    void aToolThatIsHereLetsTheTestRun() {
        RequiredTool.require(Set.of(), ALL_HERE, RequiredTool.CHROMIUM, RequiredTool.GCC);
    }

    @Test
    void aMissingToolFailsTheTestNamingItTheInstallCommandAndTheOptOut() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> RequiredTool.require(Set.of(), NO_CHROMIUM, RequiredTool.GCC, RequiredTool.CHROMIUM));
        String m = e.getMessage();
        assertTrue(m.contains("chromium: a headless Chromium"), m);
        assertTrue(m.contains("is missing: no chromium on PATH"), m);
        assertTrue(m.contains("apt-get install -y chromium"), m);
        assertTrue(m.contains("scripts/test installs all of it when run as root"), m);
        assertTrue(m.endsWith("LIVEMIG_TEST_WITHOUT=chromium"), m);
        assertFalse(m.contains("gcc"), "only what is missing: " + m);
    }

    @Test
    void everyMissingToolIsNamedInOneFailure() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> RequiredTool.require(Set.of(),
                t -> RequiredTool.Found.no("absent"), RequiredTool.ROOT, RequiredTool.XEN_VERIFIER));
        String m = e.getMessage();
        assertTrue(m.contains("root: root, which network namespaces need is missing: absent; get it with: run the tests as root"), m);
        assertTrue(m.contains("get it with: scripts/verify-with-xen --fetch --locate"), m);
        assertTrue(m.endsWith("LIVEMIG_TEST_WITHOUT=root,xen-verifier"), m);
    }

    @Test
    void aToolLeftOutSkipsTheTestWithTheReason() {
        TestAbortedException e = assertThrows(TestAbortedException.class, () -> RequiredTool.require(
                EnumSet.of(RequiredTool.CHROMIUM, RequiredTool.XEN_DEV), NO_CHROMIUM, RequiredTool.GCC, RequiredTool.CHROMIUM));
        assertEquals("not run: LIVEMIG_TEST_WITHOUT=chromium (a headless Chromium, which renders the HTML report)", e.getMessage());
    }

    @Test
    void leavingOutIsCheckedBeforeTheToolsAreLookedFor() {
        assertThrows(TestAbortedException.class, () -> RequiredTool.require(EnumSet.of(RequiredTool.XEN_VERIFIER), t -> {
            throw new AssertionError("looked for " + t);
        }, RequiredTool.XEN_VERIFIER));
    }

    @Test
    void theOptOutTakesTheToolNamesAndRefusesOthers() {
        assertEquals(EnumSet.of(RequiredTool.CHROMIUM, RequiredTool.XEN_DEV, RequiredTool.ROOT), RequiredTool.without(" chromium,xen-dev,,root"));
        assertEquals(Set.of(), RequiredTool.without(null));
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> RequiredTool.without("chromium,xen,CHROMIUM"));
        assertTrue(e.getMessage().startsWith("LIVEMIG_TEST_WITHOUT names what is not a tool of the suite: xen, CHROMIUM (the names are: gcc,"),
                e.getMessage());
    }

    @Test
    void chromiumIsLivemigChromiumWhenSetOrElseOnThePath() throws Exception {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        Path browser = Files.createFile(bin.resolve("chromium"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertEquals(browser, RequiredTool.CHROMIUM.locate(Map.of("PATH", "/nonexistent:" + bin)).path());
        assertFalse(RequiredTool.CHROMIUM.locate(Map.of("PATH", "/nonexistent")).present());

        Path other = Files.createFile(dir.resolve("my-chrome"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        assertEquals(other, RequiredTool.CHROMIUM.locate(Map.of("PATH", bin.toString(), "LIVEMIG_CHROMIUM", other.toString())).path());
        RequiredTool.Found nowhere = RequiredTool.CHROMIUM.locate(Map.of("PATH", bin.toString(), "LIVEMIG_CHROMIUM", "/nowhere/chromium"));
        assertFalse(nowhere.present(), "LIVEMIG_CHROMIUM is taken as it is, not PATH");
        assertEquals("LIVEMIG_CHROMIUM=/nowhere/chromium is not an executable file", nowhere.why());

        Files.createFile(dir.resolve("gcc"));
        assertFalse(RequiredTool.GCC.locate(Map.of("PATH", dir.toString())).present(), "a file that is not executable is no gcc");
    }

    @Test
    void theVerifierIsWhatVerifyWithXenLocates() throws Exception {
        // An empty cache and a verifier named by $XEN_VERIFY_STREAM that does not exist: not found, with the script's reason.
        RequiredTool.Found f = RequiredTool.XEN_VERIFIER.locate(Map.of("PATH", System.getenv("PATH"), "HOME", dir.toString(),
                "XEN_VERIFY_STREAM", dir.resolve("none").toString()));
        assertFalse(f.present());
        assertTrue(f.why().startsWith("scripts/verify-with-xen --locate: exit 3: "), f.why());
        assertTrue(f.why().contains(dir.resolve("none") + " does not exist"), f.why());
    }
}
