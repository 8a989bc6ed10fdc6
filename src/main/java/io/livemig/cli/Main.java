package io.livemig.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The livemig command line. Errors reach the operator as one line ("livemig save: ...") and a
 * non-zero exit status, never as a stack trace (set -Dlivemig.debug=true to see one).
 */
@Command(name = "livemig", mixinStandardHelpOptions = true, version = "livemig 0.1.0",
        description = "Live migration of Xen domains (and simulated ones) in Xen's own migration stream.",
        subcommands = {SaveCommand.class, ReceiveCommand.class, InspectCommand.class, DemoCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    /** Exit status for a failed save, a bad stream, a digest mismatch. */
    static final int EXIT_FAILURE = 1;
    /** Exit status for a bad command line. */
    static final int EXIT_USAGE = 2;

    public static void main(String[] args) {
        // The CLI prints its own progress; Log4j speaks up for warnings unless asked for more.
        if (System.getProperty("livemig.log.level") == null) {
            System.setProperty("livemig.log.level", "warn");
        }
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new Main()).setUsageHelpWidth(110);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandName().equals("livemig") ? "livemig: " + message(e)
                    : "livemig " + cmd.getCommandName() + ": " + message(e));
            if (Boolean.getBoolean("livemig.debug")) {
                e.printStackTrace(cmd.getErr());
            }
            return e instanceof IllegalArgumentException ? EXIT_USAGE : EXIT_FAILURE;
        });
        return cli.execute(args);
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
