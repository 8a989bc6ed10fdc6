package io.livemig.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that starts one of livemig's main classes in a new JVM the way this JVM runs it: on
 * the module path with native access for module {@code io.livemig} alone, or, when livemig was
 * loaded from the class path, on that class path with native access for it.
 */
public final class ChildJvm {
    private static final Module MODULE = ChildJvm.class.getModule();
    private static final String PICOCLI = "info.picocli";

    private ChildJvm() {
    }

    /**
     * {@code java [jvmOptions] <native access> <module or class path> <main> [args]}, with this
     * JVM's {@code java} executable.
     *
     * @param main a class of module {@code io.livemig} (or of the class path livemig runs from)
     */
    public static List<String> command(List<String> jvmOptions, Class<?> main, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        String classPath = System.getProperty("java.class.path", "");
        if (MODULE.isNamed()) {
            cmd.add("--enable-native-access=" + MODULE.getName());
            cmd.add("--module-path");
            cmd.add(System.getProperty("jdk.module.path"));
            cmd.add("--add-modules");
            cmd.add(PICOCLI); // an optional dependency of the module: resolved only when asked for
            if (!classPath.isEmpty()) {
                cmd.add("--class-path");
                cmd.add(classPath);
            }
            cmd.add("--module");
            cmd.add(MODULE.getName() + "/" + main.getName());
        } else {
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("--class-path");
            cmd.add(classPath);
            cmd.add(main.getName());
        }
        cmd.addAll(args);
        return cmd;
    }
}
