package io.livemig.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A child process of the --link and --scale runs: output and errors into a log file, its peak
 * resident memory followed from /proc/PID/status (VmHWM, the kernel's own high-water mark of
 * resident memory, read every 20 ms: the last reading before the process exits is its peak,
 * since the peaks of these children come seconds before their end). {@code scripts/livemig}
 * execs the JVM, so the pid is the JVM's and VmHWM starts over at that exec.
 */
final class Child {
    private final Process process;
    private final Path log;
    private final String name;
    private final AtomicLong peakBytes = new AtomicLong();

    private Child(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        Thread.ofPlatform().daemon().name("vmhwm-" + name).start(() -> {
            while (process.isAlive()) {
                long hwm = vmHwm(status);
                if (hwm > 0) {
                    peakBytes.accumulateAndGet(hwm, Math::max);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    static Child start(String name, List<String> command, Path log) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Child(name, p, log);
    }

    /** VmHWM of /proc/PID/status in bytes; 0 when the process is gone or not readable. */
    static long vmHwm(Path status) {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // exited between two readings
        }
        return 0;
    }

    /** Waits for the exit; fails naming the log when the child fails or takes longer than {@code seconds}. */
    void awaitSuccess(long seconds) throws IOException, InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(name + " did not finish within " + seconds + " s (log: " + log + ")");
        }
        if (process.exitValue() != 0) {
            throw new IOException(name + " exited with " + process.exitValue() + ": " + tail() + " (log: " + log + ")");
        }
    }

    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    long peakResidentBytes() {
        return peakBytes.get();
    }

    /** The last non-blank line of the log. */
    String tail() throws IOException {
        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "(no output)" : lines.getLast();
    }

    /** Waits until {@code file} exists (a port file), failing when the child exits first. */
    int awaitPort(Path file, long seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                String text = Files.readString(file).strip();
                if (!text.isEmpty()) {
                    return Integer.parseInt(text);
                }
            }
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + " before listening: " + tail());
            }
            Thread.sleep(10);
        }
        kill();
        throw new IOException(name + " did not listen within " + seconds + " s (log: " + log + ")");
    }

    /** key=value lines (the C pair's output, livemig's result files). */
    static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }
}
