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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole Xen backend on this machine, without Xen: the stand-in libraries of
 * src/test/c/fake_xen.c (one libfakexen.so holding the state, and one shim per Xen soname that
 * needs it) are built with gcc and loaded from their directory, as with --xen-lib, in a child JVM
 * ({@link FakeXenChild}). A live save with the save engine must restore page for page to the
 * stand-in guest's memory at suspend; an abort and a failure after the suspend must leave the
 * guest running with log-dirty off and nothing mapped; misuse must fail with clear messages.
 * What the stand-in cannot show (the real hypervisor's behaviour) is left to XenLabTest.
 */
class FakeXenTest {
    private static final List<String> SONAMES = List.of("libxenctrl.so.4.17", "libxenguest.so.4.17", "libxenforeignmemory.so.1",
            "libxentoollog.so.1", "libxenstore.so.4");
    private static Path lib;

    @TempDir
    Path tmp;

    @BeforeAll
    static void buildTheStandIn() throws IOException, InterruptedException {
        RequiredTool.require(RequiredTool.GCC, RequiredTool.LIBC_DEV, RequiredTool.XEN_DEV);
        Path gcc = RequiredTool.GCC.path();
        lib = Path.of("target", "fake-xen").toAbsolutePath();
        Files.createDirectories(lib);
        Path log = lib.resolve("gcc.log");
        run(List.of(gcc.toString(), "-std=gnu11", "-Wall", "-Werror", "-shared", "-fPIC", "-pthread", "-I", "native-headers",
                "-o", lib.resolve("libfakexen.so").toString(), "-Wl,-soname,libfakexen.so", "src/test/c/fake_xen.c"), log);
        for (String soname : SONAMES) {
            run(List.of(gcc.toString(), "-shared", "-fPIC", "-o", lib.resolve(soname).toString(), "-Wl,-soname," + soname,
                    "-Wl,--no-as-needed", "-L" + lib, "-lfakexen", "-Wl,-rpath,$ORIGIN", "-x", "c", "/dev/null"), log);
        }
    }

    private static String run(List<String> command, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + " failed:\n" + output);
        return output;
    }

    private String child(String... args) throws IOException, InterruptedException {
        return child(FakeXenChild.class, args);
    }

    private String child(Class<?> main, String... args) throws IOException, InterruptedException {
        Path privcmd = Files.writeString(tmp.resolve("privcmd"), "");
        List<String> childArgs = new ArrayList<>(List.of(lib.toString(), privcmd.toString()));
        childArgs.addAll(List.of(args));
        List<String> command = TestJvm.command(List.of("--illegal-native-access=deny", "-Xmx256m", "-XX:TieredStopAtLevel=1"),
                main, childArgs);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the child JVM did not finish within 120 s");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> "child " + String.join(" ", args) + " failed:\n" + stdout + stderr);
        return stdout;
    }

    @Test
    void aLiveSaveRestoresToTheGuestsMemoryAtSuspend() throws Exception {
        Path stream = tmp.resolve("stream");
        String out = child("save", stream.toString());
        assertTrue(out.startsWith("PASS save: "), out);
    }

    @Test
    void xensVerifierAcceptsTheStreamOfALiveSave() throws Exception {
        RequiredTool.require(RequiredTool.PYTHON3, RequiredTool.XEN_VERIFIER);
        Path stream = tmp.resolve("stream");
        String out = child("save", stream.toString());
        assertTrue(out.startsWith("PASS save: "), out);
        assertXensVerifierAccepts(stream);
    }

    private static void assertXensVerifierAccepts(Path stream) throws IOException, InterruptedException {
        Process verify = new ProcessBuilder("scripts/verify-with-xen", stream.toString()).redirectErrorStream(true).start();
        String report = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(verify.waitFor(120, TimeUnit.SECONDS), "verify-with-xen did not finish");
        assertEquals(0, verify.exitValue(), () -> "Xen's verifier refused the stream:\n" + report);
    }

    @Test
    void anAbortLeavesTheGuestRunningWithLogDirtyOff() throws Exception {
        assertEquals("PASS abort\n", child("abort"));
    }

    @Test
    void aFailureAfterTheSuspendResumesTheGuest() throws Exception {
        assertEquals("PASS fail-after-suspend\n", child("fail-after-suspend"));
    }

    @Test
    void aLivePvSaveSendsXensRecordsAndNormalisedPageTables() throws Exception {
        String out = child(FakeXenPvChild.class, "pv-save", tmp.resolve("pv-stream").toString());
        assertTrue(out.startsWith("PASS pv-save: "), out);
    }

    @Test
    void aPvGuestWithAFrameListTreeSavesNotLive() throws Exception {
        String out = child(FakeXenPvChild.class, "pv-save-tree", tmp.resolve("pv-stream").toString());
        assertTrue(out.startsWith("PASS pv-save-tree: "), out);
    }

    @Test
    void everyPolicyDecisionBatchSizeAndFramingWorksForAPvGuest() throws Exception {
        assertEquals("PASS pv-policies\n", child(FakeXenPvChild.class, "pv-policies", tmp.resolve("pv-stream").toString()));
    }

    @Test
    void xensVerifierAcceptsTheStreamOfALivePvSave() throws Exception {
        RequiredTool.require(RequiredTool.PYTHON3, RequiredTool.XEN_VERIFIER);
        Path stream = tmp.resolve("pv-stream");
        String out = child(FakeXenPvChild.class, "pv-save", stream.toString());
        assertTrue(out.startsWith("PASS pv-save: "), out);
        assertXensVerifierAccepts(stream);
    }

    @Test
    void faultsInAPvGuestsTablesFailTheSaveNamingThePfnAndLeaveItRunning() throws Exception {
        assertEquals("PASS pv-faults\n", child(FakeXenPvChild.class, "pv-faults"));
    }

    @Test
    void anHvmGuestsDeviceModelIsStoppedSavedIntoTheLibxlStreamAndResumed() throws Exception {
        assertEquals("PASS hvm-dm-save\n", child(FakeXenHvmChild.class, "hvm-dm-save", tmp.toString()));
    }

    @Test
    void everyFailureOfTheDeviceModelLeavesGuestAndDeviceModelRunning() throws Exception {
        assertEquals("PASS hvm-dm-failures\n", child(FakeXenHvmChild.class, "hvm-dm-failures", tmp.toString()));
    }

    @Test
    void deviceModelsLivemigCannotSaveAreRefusedInOneLine() throws Exception {
        assertEquals("PASS hvm-dm-refused\n", child(FakeXenHvmChild.class, "hvm-dm-refused", tmp.toString()));
    }

    @Test
    void theCpuThrottleScalesTheSchedulerCapAndPutsItBack() throws Exception {
        assertEquals("PASS throttle\n", child("throttle"));
    }

    @Test
    void misuseFailsWithClearMessages() throws Exception {
        assertEquals("PASS misuse\n", child("misuse"));
    }
}
