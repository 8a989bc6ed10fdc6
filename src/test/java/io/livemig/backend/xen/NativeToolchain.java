package io.livemig.backend.xen;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * What the tests that need the C side (gcc, Debian's libxen-dev) look for. Outside CI a missing
 * piece skips them with a message; in CI (CI=true, where .ci/run installs both) it fails them.
 */
final class NativeToolchain {
    static final Path XENCTRL_HEADER = Path.of("/usr/include/xenctrl.h");
    static final Path XENCTRL_LIBRARY_DIR = Path.of("/usr/lib/x86_64-linux-gnu");

    private NativeToolchain() {
    }

    /** Skips (or in CI fails) unless {@code present}. */
    static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(what + "; CI installs it, so this must not happen there");
        }
        Assumptions.abort(what + ": skipped");
    }

    static Path gcc() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "gcc");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        require(false, "gcc is not installed (apt-get install gcc)");
        return null;
    }

    static void requireXenHeaders() {
        require(Files.exists(XENCTRL_HEADER), "the Xen 4.17 headers are not installed (" + XENCTRL_HEADER
                + " is missing; apt-get install libxen-dev)");
    }

    static void requireXenLibraries() {
        require(Files.exists(XENCTRL_LIBRARY_DIR.resolve("libxenctrl.so.4.17")), "libxenctrl.so.4.17 is not installed in "
                + XENCTRL_LIBRARY_DIR + " (apt-get install libxen-dev)");
    }
}
