package io.livemig.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import io.livemig.util.Durations;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The livemig command line. Errors reach the operator as one line ("livemig save: ...") and a
 * non-zero exit status, never as a stack trace (set -Dlivemig.debug=true to see one).
 */
@Command(name = "livemig", mixinStandardHelpOptions = true, version = "livemig 0.1.0",
        description = "Live migration of Xen domains (and simulated ones) in Xen's own migration stream.",
        footer = {"", "See 'livemig COMMAND --help' for a command's options.",
                "Exit status: 0 success; 1 failure (a failed, aborted or interrupted save, a bad or truncated stream,"
                        + " a digest mismatch); 2 bad usage."},
        subcommands = {SaveCommand.class, MigrateCommand.class, ReceiveCommand.class, RelayCommand.class, InspectCommand.class,
                ControlCommand.class, DemoCommand.class,
                ComparePoliciesCommand.class,
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
        return execute(new CommandLine(new Main()).setUsageHelpWidth(80), args);
    }

    /** Runs with the given writers in place of standard output and error (a save to "-" still owns descriptor 1). */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new Main()).setUsageHelpWidth(80);
        cli.setOut(out);
        cli.setErr(err);
        return execute(cli, args);
    }

    private static int execute(CommandLine cli, String... args) {
        // A bad command line is one line naming the problem and where help is, not the whole usage text.
        cli.setParameterExceptionHandler((e, badArgs) -> {
            CommandLine cmd = e.getCommandLine();
            String name = cmd.getCommandSpec().qualifiedName();
            // picocli prefixes some messages with "Error: "; the line already says it is one
            StringBuilder line = new StringBuilder(name).append(": ").append(message(e).replaceFirst("^Error: ", ""));
            if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
                line.append(" (did you mean ").append(String.join(" or ", unmatched.getSuggestions())).append("?)");
            }
            line.append("; see '").append(name).append(" --help'");
            cmd.getErr().println(line);
            cmd.getErr().flush();
            return EXIT_USAGE;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + message(e));
            if (Boolean.getBoolean("livemig.debug")) {
                e.printStackTrace(cmd.getErr());
            }
            cmd.getErr().flush();
            return e instanceof IllegalArgumentException ? EXIT_USAGE : EXIT_FAILURE;
        });
        int status = cli.execute(args);
        cli.getOut().flush();
        return status;
    }

    /**
     * Checks, before any work starts, that a file named by an option can be created: its directory
     * exists and is writable. A save that ran for minutes should not fail at its last step.
     *
     * @throws IllegalArgumentException naming the option, the file and what is wrong
     */
    static void checkCreatable(String option, Path file) {
        if (file == null) {
            return;
        }
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(option + " " + file + ": is a directory");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(option + " " + file + ": directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException(option + " " + file + ": directory " + dir + " is not writable");
        }
    }

    /**
     * Publishes a listener's port: writes it beside the file and renames it onto the file, so that a
     * reader never sees a partial number.
     */
    static void writePortFile(Path file, int port) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, port + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * A duration option: "10s", "500ms", "2m", or "0" for none.
     *
     * @throws IllegalArgumentException naming the option and the text
     */
    static Duration duration(String option, String text) {
        String t = text.strip();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        try {
            return Durations.parse(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + text + ": " + e.getMessage());
        }
    }

    /** The first line of an exception's message; file-system errors name the file and what went wrong with it. */
    static String message(Throwable e) {
        if (e instanceof ExceptionInInitializerError && e.getCause() != null) {
            return message(e.getCause()); // NativeAccess's refusal from a class's static initializer
        }
        if (e instanceof FileSystemException f) {
            String what = switch (f) {
                case NoSuchFileException n -> "no such file or directory";
                case AccessDeniedException a -> "permission denied";
                case FileAlreadyExistsException x -> "already exists";
                case DirectoryNotEmptyException d -> "directory not empty";
                case NotDirectoryException d -> "not a directory";
                default -> f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
            };
            return (f.getOtherFile() != null ? f.getFile() + " -> " + f.getOtherFile() : f.getFile()) + ": " + what;
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
