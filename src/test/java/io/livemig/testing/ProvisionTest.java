package io.livemig.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/test before Maven (scripts/lib/provision.sh), run as a child process with a PATH that
 * holds only what the script needs and stand-ins for mvn, apt-get and id: a missing tool stops it
 * with one message (the tool, its tests, the install command, the opt-out) and Maven never runs;
 * as root it installs with one apt-get update and one apt-get install; LIVEMIG_TEST_WITHOUT lets it
 * go on and says what will not run. And the script and {@link RequiredTool} name, describe and find
 * the same tools, for the tests that use them.
 */
class ProvisionTest {
    private static final Path SCRIPT = Path.of("scripts/test").toAbsolutePath();
    /** What scripts/test and the scripts it calls run before Maven, besides bash's builtins. */
    private static final List<String> UTILITIES = List.of("bash", "dirname", "sed", "head", "awk", "cat", "readlink");
    private static final Pattern ITEM = Pattern.compile("^  - ([a-z0-9-]+): ", Pattern.MULTILINE);

    @TempDir
    Path dir;
    private Path bin;
    private Path aptLog;
    private Path mvnRan;

    private record Run(int exit, String out, String err) {
        String describe() {
            return "exit " + exit + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
        }

        /** The tools the one message lists as missing. */
        List<String> missing() {
            List<String> names = new ArrayList<>();
            Matcher m = ITEM.matcher(err);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }
    }

    @BeforeEach
    void sandbox() throws IOException {
        bin = Files.createDirectory(dir.resolve("bin"));
        for (String name : UTILITIES) {
            Path real = Stream.of("/usr/bin", "/bin").map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + name + " in /usr/bin or /bin"));
            Files.createSymbolicLink(bin.resolve(name), real);
        }
        aptLog = dir.resolve("apt-get.log");
        mvnRan = dir.resolve("mvn-ran");
        script("mvn", "touch '" + mvnRan + "'");
        // apt-get: logs each call; install makes an executable of each package's name (gcc, chromium ...)
        script("apt-get", "echo \"$DEBIAN_FRONTEND $*\" >> '" + aptLog + "'\n"
                + "if [ \"$1\" = install ]; then for p in \"$@\"; do case \"$p\" in -*|install) ;; *) printf '#!/bin/true\\n' > '"
                + bin + "'/\"$p\"; chmod +x '" + bin + "'/\"$p\" ;; esac; done; fi");
    }

    private void script(String name, String body) throws IOException {
        Path f = bin.resolve(name);
        Files.writeString(f, "#!" + bin.resolve("bash") + "\n" + body + "\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Stands in for id: this uid. */
    private void uid(int uid) throws IOException {
        script("id", "echo " + uid);
    }

    /** Every tool but these, for LIVEMIG_TEST_WITHOUT. */
    private static String allBut(String... kept) {
        return Arrays.stream(RequiredTool.values()).map(RequiredTool::toolName).filter(n -> !List.of(kept).contains(n))
                .collect(Collectors.joining(","));
    }

    private Run run(Map<String, String> extraEnv, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(bin.resolve("bash").toString(), SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", bin.toString());
        env.put("HOME", dir.toString());
        env.put("LIVEMIG_JAVA_HOME", System.getProperty("java.home"));
        env.putAll(extraEnv);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("scripts/test did not finish within 60 s");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private List<String> aptCalls() throws IOException {
        return Files.exists(aptLog) ? Files.readAllLines(aptLog) : List.of();
    }

    @Test
    void aMissingToolStopsItBeforeMavenWithOneMessage() throws Exception {
        uid(1000);
        // with --check, and without it, when it would go on to run the suite
        for (List<String> args : List.of(List.of("--check", "--no-install"), List.of("--no-install"))) {
            Run r = run(Map.of("LIVEMIG_TEST_WITHOUT", allBut("chromium")), args.toArray(String[]::new));
            assertEquals(1, r.exit(), r::describe);
            assertEquals(List.of("chromium"), r.missing(), r::describe);
            assertTrue(r.err().contains("  - chromium: a headless Chromium, which renders the HTML report (Debian package chromium);"
                    + " needed by CliReportTest\n"), r::describe);
            assertTrue(r.err().contains("\n    apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium   (as root)\n"),
                    r::describe);
            assertTrue(r.err().contains("\n    LIVEMIG_TEST_WITHOUT=" + allBut("chromium") + ",chromium scripts/test\n"), r::describe);
            assertEquals(1, count(r.err(), "the test suite needs what is missing here"), r::describe);
            assertFalse(Files.exists(mvnRan), "Maven ran:\n" + r.describe());
            assertEquals(List.of(), aptCalls(), "--no-install installs nothing");
        }
    }

    @Test
    void notRootItListsEverythingMissingAndRootItself() throws Exception {
        uid(1000);
        Run r = run(Map.of(), "--check");
        assertEquals(1, r.exit(), r::describe);
        List<String> missing = r.missing();
        // not in the sandbox's PATH, whatever the machine has: gcc, python3 (and so the verifier), chromium; and root
        assertTrue(missing.containsAll(List.of("gcc", "python3", "xen-verifier", "chromium", "root")), r::describe);
        assertEquals(missing.size(), new TreeSet<>(missing).size(), "each once: " + r.describe());
        assertTrue(r.err().contains("(nothing was installed: not root)"), r::describe);
        assertTrue(r.err().contains("  - root: root, which network namespaces need (this is uid 1000); needed by TwoHostsTest\n"), r::describe);
        assertTrue(r.err().contains("    run scripts/test as root (network namespaces cannot be made otherwise)\n"), r::describe);
        assertTrue(r.err().contains("    scripts/verify-with-xen --fetch --locate   (as the user who runs the tests"), r::describe);
        assertTrue(r.err().contains("LIVEMIG_TEST_WITHOUT=" + String.join(",", missing) + " scripts/test"), r::describe);
        assertEquals(List.of(), aptCalls(), "not root: no apt-get");
        assertFalse(Files.exists(mvnRan), r::describe);
    }

    @Test
    void leftOutToolsLetItGoOnAndAreNamedWithTheirTests() throws Exception {
        uid(1000);
        Run r = run(Map.of("LIVEMIG_TEST_WITHOUT", allBut()), "--check");
        assertEquals(0, r.exit(), r::describe);
        assertTrue(r.err().contains("livemig: will not run (LIVEMIG_TEST_WITHOUT=chromium): CliReportTest\n"), r::describe);
        assertTrue(r.err().contains("livemig: will not run (LIVEMIG_TEST_WITHOUT=root): TwoHostsTest\n"), r::describe);
        assertTrue(r.err().contains("livemig: ready: "), r::describe);
        assertFalse(Files.exists(mvnRan), "--check stops before Maven");
    }

    @Test
    void asRootItInstallsWhatIsMissingWithOneUpdateAndOneInstall() throws Exception {
        uid(0);
        Run r = run(Map.of("LIVEMIG_TEST_WITHOUT", allBut("gcc", "chromium")), "--check");
        assertEquals(0, r.exit(), r::describe);
        assertEquals(List.of("noninteractive update -q", "noninteractive install -y -q gcc chromium"), aptCalls(), r::describe);
        assertTrue(r.err().contains("livemig: installing what the test suite needs: gcc chromium\n"), r::describe);
        assertFalse(Files.exists(mvnRan), "--check stops before Maven");
    }

    @Test
    void asRootItInstallsNothingWhenAskedNotTo() throws Exception {
        uid(0);
        for (Map<String, String> env : List.<Map<String, String>>of(Map.of(), Map.of("LIVEMIG_TEST_INSTALL", "0"))) {
            Map<String, String> e = new HashMap<>(env);
            e.put("LIVEMIG_TEST_WITHOUT", allBut("chromium"));
            Run r = run(e, env.isEmpty() ? new String[] {"--check", "--no-install"} : new String[] {"--check"});
            assertEquals(1, r.exit(), r::describe);
            assertEquals(List.of("chromium"), r.missing(), r::describe);
            assertTrue(r.err().contains("(nothing was installed: --no-install or LIVEMIG_TEST_INSTALL=0)"), r::describe);
            assertTrue(r.err().contains("(as root, and without --no-install or LIVEMIG_TEST_INSTALL=0, scripts/test does all of this itself)"),
                    r::describe);
            assertEquals(List.of(), aptCalls(), r::describe);
        }
    }

    @Test
    void livemigChromiumThatPointsNowhereIsMissing() throws Exception {
        uid(1000);
        script("chromium", "exit 0"); // on PATH, but LIVEMIG_CHROMIUM wins
        Run r = run(Map.of("LIVEMIG_TEST_WITHOUT", allBut("chromium"), "LIVEMIG_CHROMIUM", "/nowhere/chromium"), "--check");
        assertEquals(1, r.exit(), r::describe);
        assertEquals(List.of("chromium"), r.missing(), r::describe);
        assertTrue(r.err().contains("(LIVEMIG_CHROMIUM=/nowhere/chromium is not an executable file)"), r::describe);

        Run found = run(Map.of("LIVEMIG_TEST_WITHOUT", allBut("chromium")), "--check");
        assertEquals(0, found.exit(), found::describe);
    }

    @Test
    void anUnknownNameIsRefused() throws Exception {
        uid(1000);
        Run r = run(Map.of("LIVEMIG_TEST_WITHOUT", "chromium,xen"), "--check");
        assertEquals(2, r.exit(), r::describe);
        assertEquals("livemig: LIVEMIG_TEST_WITHOUT names what is not a tool of the suite: xen (the names are: "
                + allBut() + ")\n", r.err());
    }

    // ---------------------------------------------------------------- the script and RequiredTool agree

    /** provision.sh's table: name -> [package, what, tests]. */
    private static Map<String, String[]> table() throws Exception {
        Process p = new ProcessBuilder("bash", "-c", ". scripts/lib/provision.sh && livemig_tools").start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        Map<String, String[]> rows = new TreeMap<>();
        for (String line : out.lines().toList()) {
            String[] f = line.split("\\|", -1);
            assertEquals(4, f.length, line);
            rows.put(f[0], Arrays.copyOfRange(f, 1, 4));
        }
        return rows;
    }

    @Test
    void theScriptsToolsAreRequiredToolsWithTheSameNamesPackagesAndDescriptions() throws Exception {
        Map<String, String[]> rows = table();
        assertEquals("maven", rows.remove("maven")[0]);
        assertEquals(Arrays.stream(RequiredTool.values()).map(RequiredTool::toolName).collect(Collectors.toCollection(TreeSet::new)),
                rows.keySet());
        for (RequiredTool t : RequiredTool.values()) {
            String[] row = rows.get(t.toolName());
            assertEquals(t.debianPackage() == null ? "-" : t.debianPackage(), row[0], t.toolName());
            assertEquals(t.what(), row[1], t.toolName());
        }
    }

    @Test
    void theTestsTheScriptNamesAreThoseThatRequireTheTool() throws Exception {
        Map<String, Set<String>> users = new TreeMap<>();
        Pattern use = Pattern.compile("RequiredTool\\.(" + Arrays.stream(RequiredTool.values()).map(Enum::name).collect(Collectors.joining("|"))
                + ")\\b");
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            for (Path f : files.filter(f -> f.toString().endsWith("Test.java") && !f.startsWith("src/test/java/io/livemig/testing")).toList()) {
                Matcher m = use.matcher(Files.readString(f));
                while (m.find()) {
                    String test = f.getFileName().toString().replace(".java", "");
                    users.computeIfAbsent(RequiredTool.valueOf(m.group(1)).toolName(), k -> new TreeSet<>()).add(test);
                }
            }
        }
        Map<String, Set<String>> named = new TreeMap<>();
        table().forEach((name, row) -> {
            if (!name.equals("maven")) {
                named.put(name, new TreeSet<>(List.of(row[2].split(" "))));
            }
        });
        assertEquals(users, named, "provision.sh's tests column against the tests that use RequiredTool");
    }

    @Test
    void theScriptFindsWhatRequiredToolFindsOnThisMachine() throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT.toString(), "--check", "--no-install");
        pb.environment().remove("LIVEMIG_TEST_WITHOUT");
        // This machine's PATH, behind the stand-in apt-get (and mvn): should --no-install break, nothing gets installed here.
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        pb.environment().put("LIVEMIG_TEST_INSTALL", "0");
        pb.environment().putIfAbsent("LIVEMIG_JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        Run r = new Run(p.exitValue(), "", out);
        List<String> javaMissing = Arrays.stream(RequiredTool.values()).filter(t -> !t.found().present()).map(RequiredTool::toolName).toList();
        List<String> scriptMissing = r.missing().stream().filter(n -> !n.equals("maven")).toList();
        assertEquals(javaMissing, scriptMissing, r::describe);
        assertEquals(r.missing().isEmpty() ? 0 : 1, r.exit(), r::describe);
        assertEquals(List.of(), aptCalls(), r::describe);
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }
}
