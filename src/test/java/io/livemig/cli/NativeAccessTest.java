package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.sim.SimDomain;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.testing.TestJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that does not grant livemig native access gets one message naming the flag and the module,
 * before the first restricted call: from the library (an {@link IllegalCallerException}) and from
 * the command line (one line, no stack trace). Run in child JVMs started without the grant.
 */
class NativeAccessTest {
    private static final String FLAG = "--enable-native-access=io.livemig";

    @TempDir
    Path dir;

    /** The child's main: what a host that forgot the flag sees when it creates a guest. */
    public static final class Probe {
        public static void main(String[] args) {
            try (SimDomain guest = SimDomainConfig.builder().size("16M").build().create()) {
                System.out.println("created " + guest);
            } catch (IllegalCallerException e) {
                System.out.println("refused: " + e.getMessage());
            }
        }
    }

    @Test
    void theTestsThemselvesRunInTheNamedModuleWithTheGrant() {
        Module module = SimDomain.class.getModule();
        assertEquals("io.livemig", module.getName());
        assertTrue(module.isNativeAccessEnabled());
    }

    @Test
    void aHostWithoutTheFlagIsToldWhichFlagBeforeAnyNativeCall() throws Exception {
        for (String mode : List.of("deny", "warn")) {
            List<String> cmd = withoutGrant(TestJvm.command(List.of("--illegal-native-access=" + mode, "-Xmx64m"), Probe.class, List.of()));
            Path out = dir.resolve("probe-" + mode + ".out");
            Path err = dir.resolve("probe-" + mode + ".err");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertEquals(0, Cli.await(p, 60, "probe", out, err));
            String said = Cli.read(out).strip();
            assertEquals("refused: livemig makes native calls (Panama FFM) and this JVM does not allow them to module io.livemig:"
                    + " start java with " + FLAG, said, mode);
            String stderr = Cli.read(err);
            assertFalse(stderr.contains("restricted method"), () -> mode + ": the JDK's own warning came first:\n" + stderr);
        }
    }

    @Test
    void theCommandLineWithoutTheFlagSaysSoInOneLine() throws Exception {
        List<String> cmd = withoutGrant(ChildJvm.command(List.of("--illegal-native-access=deny", "-Xmx128m"), Main.class,
                List.of("save", "--sim", "16M", "--to", dir.resolve("out.stream").toString())));
        Path out = dir.resolve("cli.out");
        Path err = dir.resolve("cli.err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertEquals(Main.EXIT_FAILURE, Cli.await(p, 60, "save", out, err));
        String line = Cli.read(err).strip();
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.startsWith("livemig save: livemig makes native calls") && line.endsWith("start java with " + FLAG), line);
        Cli.assertNoStackTrace(line);
    }

    /** The command without its {@code --enable-native-access=...} option. */
    private static List<String> withoutGrant(List<String> command) {
        List<String> cmd = new ArrayList<>(command);
        assertTrue(cmd.removeIf(a -> a.startsWith("--enable-native-access=")), () -> "no grant in " + command);
        return cmd;
    }
}
