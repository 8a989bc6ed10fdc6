package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the CLI in this JVM (with captured output) or as a child JVM, and reads what it printed. */
final class Cli {
    private static final Pattern SOURCE_DIGEST = Pattern.compile("^source digest at suspend: ([0-9a-f]{64})$", Pattern.MULTILINE);
    private static final Pattern DESTINATION_DIGEST = Pattern.compile("^destination digest: ([0-9a-f]{64})$", Pattern.MULTILINE);
    /** A Java class name such as IOException or java.nio.file.NoSuchFileException: a leaked exception. */
    private static final Pattern EXCEPTION_NAME = Pattern.compile("\\b[A-Za-z_$][\\w$.]*(Exception|Error)\\b");

    private Cli() {
    }

    /** What one in-process run printed and returned. */
    record Run(int exit, String out, String err) {
        /** The non-empty lines of standard error. */
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        /** Standard error is exactly one line with no stack trace and no exception class name; returns it. */
        String oneErrorLine() {
            List<String> lines = errLines();
            assertEquals(1, lines.size(), () -> "expected one line on stderr, got:\n" + err);
            assertNoStackTrace(err);
            return lines.getFirst();
        }

        String describe() {
            return "exit " + exit + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err;
        }
    }

    /** Runs {@code livemig ARGS} through {@link Main#run(PrintWriter, PrintWriter, String...)}. */
    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try (PrintWriter o = new PrintWriter(out, true); PrintWriter e = new PrintWriter(err, true)) {
            exit = Main.run(o, e, args);
        }
        return new Run(exit, out.toString(), err.toString());
    }

    /** Runs and asserts exit 0, returning the run. */
    static Run ok(String... args) {
        Run r = run(args);
        assertEquals(0, r.exit(), () -> "livemig " + String.join(" ", args) + ": " + r.describe());
        assertNoStackTrace(r.err());
        return r;
    }

    static void assertNoStackTrace(String text) {
        assertFalse(text.contains("\tat "), () -> "stack trace printed:\n" + text);
        Matcher m = EXCEPTION_NAME.matcher(text);
        assertFalse(m.find(), () -> "exception class name '" + m.group() + "' printed:\n" + text);
    }

    static String sourceDigest(String saveOutput) {
        return single(SOURCE_DIGEST, saveOutput, "source digest");
    }

    static String destinationDigest(String receiveOutput) {
        return single(DESTINATION_DIGEST, receiveOutput, "destination digest");
    }

    private static String single(Pattern p, String text, String what) {
        Matcher m = p.matcher(text);
        assertTrue(m.find(), () -> "no " + what + " line in:\n" + text);
        String digest = m.group(1);
        assertFalse(m.find(), () -> "two " + what + " lines in:\n" + text);
        return digest;
    }

    /** The command that starts this program in a child JVM with this test's class path. */
    static List<String> childCommand(String... args) {
        return childCommand(List.of(), args);
    }

    /** As {@link #childCommand(String...)}, with these JVM options too (a -D property, say). */
    static List<String> childCommand(List<String> jvmOptions, String... args) {
        List<String> options = new ArrayList<>(jvmOptions);
        options.add("-Xmx256m");
        options.add("-XX:TieredStopAtLevel=1");
        return ChildJvm.command(options, Main.class, List.of(args));
    }

    /** Waits for a child, killing it (and failing) when it takes longer than {@code seconds}. */
    static int await(Process p, int seconds, String name, Path... logs) throws InterruptedException {
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            StringBuilder text = new StringBuilder();
            for (Path log : logs) {
                text.append("\n--- ").append(log.getFileName()).append(":\n").append(read(log));
            }
            fail(name + " did not finish within " + seconds + " s" + text);
        }
        return p.exitValue();
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(no " + file.getFileName() + ")";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    static void destroy(Process... processes) {
        for (Process p : processes) {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /** The port a child `receive --port-file` listens on, once it has written it; fails when the receiver died first or 30 s pass. */
    static int awaitPort(Path portFile, Process receiver, Path log) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(portFile)) {
                String text = Files.readString(portFile).strip();
                if (!text.isEmpty()) {
                    return Integer.parseInt(text);
                }
            }
            if (!receiver.isAlive()) {
                fail("the receiver exited with " + receiver.exitValue() + " before listening:\n" + read(log));
            }
            Thread.sleep(20);
        }
        return fail("the receiver wrote no port file within 30 s:\n" + read(log));
    }

    /** Sends SIG{@code signal} ("TERM", "INT") to the child. */
    static void signal(Process p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal);
    }

    /** Polls (never a fixed sleep) until the file's text passes {@code ready}. */
    static void awaitText(Path file, Process p, java.util.function.Predicate<String> ready, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (ready.test(read(file))) {
                return;
            }
            if (!p.isAlive()) {
                fail("the child ended (" + p.exitValue() + ") before " + what + ":\n" + read(file));
            }
            Thread.sleep(20);
        }
        fail("no " + what + " within 60 s:\n" + read(file));
    }
}
