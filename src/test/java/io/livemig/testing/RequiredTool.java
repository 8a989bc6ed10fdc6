package io.livemig.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test needs from the machine beyond the JDK: each tool, how it is found and what installs
 * it. A test asks for its tools with {@link #require} (or {@link #path}): a tool that is here
 * lets it run; one left out with {@code LIVEMIG_TEST_WITHOUT=NAME,...} skips it with the reason
 * "not run: LIVEMIG_TEST_WITHOUT=NAME ..."; one that is missing fails it, naming the tool and the
 * command that installs it. A missing tool never skips a test.
 *
 * <p>scripts/test (scripts/lib/provision.sh) finds the same tools the same way, installs them as
 * root and otherwise reports them before Maven runs; ProvisionTest checks that both agree.
 */
public enum RequiredTool {
    GCC("gcc", "gcc", "the C compiler gcc"),
    LIBC_DEV("libc-dev", "libc6-dev", "the C library's headers and its static libc.a"),
    XEN_DEV("xen-dev", "libxen-dev", "the Xen 4.17 headers and libraries, xenctrl.h and libxenctrl.so.4.17"),
    PYTHON3("python3", "python3", "python3, which runs Xen's stream verifier"),
    XEN_VERIFIER("xen-verifier", null, "Xen 4.17's stream verifier, verify-stream-v2 of Debian's xen-utils-4.17, which"
            + " scripts/verify-with-xen --fetch unpacks into a cache"),
    CHROMIUM("chromium", "chromium", "a headless Chromium, which renders the HTML report"),
    IPROUTE2("iproute2", "iproute2", "iproute2's ip, which makes the network namespaces"),
    ROOT("root", null, "root, which network namespaces need");

    /** The environment variable that leaves tools out. */
    public static final String WITHOUT = "LIVEMIG_TEST_WITHOUT";
    public static final Path XENCTRL_HEADER = Path.of("/usr/include/xenctrl.h");
    public static final Path XEN_LIBRARY_DIR = Path.of("/usr/lib/x86_64-linux-gnu");
    private static final List<Path> IP_PATHS = Stream.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip").map(Path::of).toList();
    private static final Map<RequiredTool, Found> FOUND = new EnumMap<>(RequiredTool.class);

    private final String toolName;
    private final String debianPackage;
    private final String what;

    RequiredTool(String toolName, String debianPackage, String what) {
        this.toolName = toolName;
        this.debianPackage = debianPackage;
        this.what = what;
    }

    /** The name LIVEMIG_TEST_WITHOUT takes. */
    public String toolName() {
        return toolName;
    }

    /** The Debian package that installs it, or null (the verifier, root). */
    public String debianPackage() {
        return debianPackage;
    }

    public String what() {
        return what;
    }

    /** How to get it, as a command or an instruction. */
    public String remedy() {
        return switch (this) {
            case XEN_VERIFIER -> "scripts/verify-with-xen --fetch --locate";
            case ROOT -> "run the tests as root";
            default -> "apt-get install -y " + debianPackage;
        };
    }

    /** Where a tool was found ({@code path} null for the ones that are not a file), or why not. */
    public record Found(boolean present, Path path, String why) {
        static Found at(Path path) {
            return new Found(true, path, null);
        }

        static Found yes() {
            return new Found(true, null, null);
        }

        static Found no(String why) {
            return new Found(false, null, why);
        }
    }

    /** Runs the calling test only with all of {@code tools}: skips it when one is left out, fails it when one is missing. */
    public static void require(RequiredTool... tools) {
        require(without(System.getenv(WITHOUT)), RequiredTool::found, tools);
    }

    /** The tool's file, after {@link #require} of it. */
    public Path path() {
        require(this);
        return found().path();
    }

    /** Whether the tool is here (whatever LIVEMIG_TEST_WITHOUT says); found once per JVM. */
    public Found found() {
        synchronized (FOUND) {
            return FOUND.computeIfAbsent(this, t -> t.locate(System.getenv()));
        }
    }

    /** The core of {@link #require}, with the names left out and the finder given. */
    static void require(Set<RequiredTool> without, java.util.function.Function<RequiredTool, Found> finder, RequiredTool... tools) {
        List<RequiredTool> leftOut = Arrays.stream(tools).filter(without::contains).toList();
        if (!leftOut.isEmpty()) {
            Assumptions.abort("not run: " + WITHOUT + "=" + leftOut.stream().map(RequiredTool::toolName).collect(Collectors.joining(","))
                    + " (" + leftOut.stream().map(RequiredTool::what).collect(Collectors.joining("; ")) + ")");
        }
        List<String> missing = new ArrayList<>();
        List<RequiredTool> missingTools = new ArrayList<>();
        for (RequiredTool t : tools) {
            Found f = finder.apply(t);
            if (!f.present()) {
                missingTools.add(t);
                missing.add(t.toolName + ": " + t.what + (t.debianPackage == null ? "" : " (Debian package " + t.debianPackage + ")")
                        + " is missing: " + f.why() + "; get it with: " + t.remedy());
            }
        }
        if (!missing.isEmpty()) {
            Assertions.fail("this test needs what is missing here: " + String.join("; and ", missing)
                    + ". scripts/test installs all of it when run as root; or leave it out, and this test with it: "
                    + WITHOUT + "=" + missingTools.stream().map(RequiredTool::toolName).collect(Collectors.joining(",")));
        }
    }

    /** The tools a LIVEMIG_TEST_WITHOUT value names; an unknown name fails. */
    static Set<RequiredTool> without(String value) {
        Set<RequiredTool> out = new LinkedHashSet<>();
        if (value == null) {
            return out;
        }
        List<String> unknown = new ArrayList<>();
        for (String name : value.split(",")) {
            String n = name.strip();
            if (n.isEmpty()) {
                continue;
            }
            Arrays.stream(values()).filter(t -> t.toolName.equals(n)).findFirst().ifPresentOrElse(out::add, () -> unknown.add(n));
        }
        if (!unknown.isEmpty()) {
            Assertions.fail(WITHOUT + " names what is not a tool of the suite: " + String.join(", ", unknown) + " (the names are: "
                    + Arrays.stream(values()).map(RequiredTool::toolName).collect(Collectors.joining(",")) + ")");
        }
        return out;
    }

    /** Finds the tool as scripts/lib/provision.sh does, with this environment. */
    Found locate(Map<String, String> env) {
        return switch (this) {
            case GCC -> onPath(env, "gcc");
            case PYTHON3 -> onPath(env, "python3");
            case LIBC_DEV -> {
                if (!Files.exists(Path.of("/usr/include/stdio.h"))) {
                    yield Found.no("no /usr/include/stdio.h");
                }
                try (Stream<Path> dirs = Files.list(Path.of("/usr/lib"))) {
                    Path libc = Stream.concat(dirs.map(d -> d.resolve("libc.a")), Stream.of(Path.of("/usr/lib/libc.a")))
                            .filter(Files::isRegularFile).findFirst().orElse(null);
                    yield libc == null ? Found.no("no libc.a in /usr/lib/*/ (gcc -static needs it)") : Found.at(libc);
                } catch (IOException e) {
                    yield Found.no("cannot list /usr/lib: " + e);
                }
            }
            case XEN_DEV -> {
                Path lib = XEN_LIBRARY_DIR.resolve("libxenctrl.so.4.17");
                if (!Files.exists(XENCTRL_HEADER)) {
                    yield Found.no("no " + XENCTRL_HEADER);
                }
                yield Files.exists(lib) ? Found.yes() : Found.no("no " + lib);
            }
            case XEN_VERIFIER -> verifier(env);
            case CHROMIUM -> {
                String configured = env.get("LIVEMIG_CHROMIUM");
                if (configured != null && !configured.isBlank()) {
                    Path p = Path.of(configured);
                    yield Files.isRegularFile(p) && Files.isExecutable(p) ? Found.at(p)
                            : Found.no("LIVEMIG_CHROMIUM=" + configured + " is not an executable file");
                }
                for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                    Found f = onPath(env, name);
                    if (f.present()) {
                        yield f;
                    }
                }
                yield Found.no("no chromium, chromium-browser or google-chrome on PATH, and LIVEMIG_CHROMIUM is not set");
            }
            case IPROUTE2 -> IP_PATHS.stream().filter(p -> Files.isRegularFile(p) && Files.isExecutable(p)).findFirst().map(Found::at)
                    .orElse(Found.no("no ip in " + IP_PATHS.stream().map(Path::toString).collect(Collectors.joining(", "))));
            case ROOT -> {
                try {
                    int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
                    yield uid == 0 ? Found.yes() : Found.no("this is uid " + uid);
                } catch (IOException | UnsupportedOperationException e) {
                    yield Found.no("cannot tell the uid: " + e);
                }
            }
        };
    }

    private static Found onPath(Map<String, String> env, String name) {
        String path = env.get("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Found.at(candidate);
                }
            }
        }
        return Found.no("no " + name + " on PATH (" + path + ")");
    }

    /** scripts/verify-with-xen --locate: exit 0 and the verifier's path, or why not. */
    private static Found verifier(Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder("scripts/verify-with-xen", "--locate").redirectErrorStream(true);
            pb.environment().clear();
            pb.environment().putAll(env);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Found.no("scripts/verify-with-xen --locate did not finish within 60 s");
            }
            return p.exitValue() == 0 ? Found.at(Path.of(out)) : Found.no("scripts/verify-with-xen --locate: exit " + p.exitValue() + ": " + out);
        } catch (IOException | InterruptedException e) {
            return Found.no("scripts/verify-with-xen --locate could not run: " + e);
        }
    }
}
