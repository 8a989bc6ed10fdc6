package io.livemig.testing;

import io.livemig.cli.ChildJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A child JVM that runs one of the tests' own main classes (a probe, a stand-in's driver): as
 * {@link ChildJvm} does for livemig's, with the test classes patched into the module as surefire
 * patches them, reading the class path's test libraries.
 */
public final class TestJvm {
    private static final Module MODULE = TestJvm.class.getModule();

    private TestJvm() {
    }

    public static List<String> command(List<String> jvmOptions, Class<?> main, List<String> args) {
        List<String> options = new ArrayList<>(jvmOptions);
        if (MODULE.isNamed()) {
            options.add("--patch-module");
            options.add(MODULE.getName() + "=" + Path.of("target", "test-classes").toAbsolutePath());
            options.add("--add-reads");
            options.add(MODULE.getName() + "=ALL-UNNAMED");
        }
        return ChildJvm.command(options, main, args);
    }
}
