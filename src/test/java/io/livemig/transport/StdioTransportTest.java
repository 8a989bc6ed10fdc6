package io.livemig.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.livemig.testing.TestJvm;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Standard output and input, for real: a child JVM (this test class path, {@link StdioChild})
 * writes to its stdout or reads its stdin through the transport, and the parent checks the bytes.
 * The test JVM's own descriptors 0 and 1 are surefire's channel to its fork, so they stay untouched.
 */
@Timeout(30)
class StdioTransportTest {
    private static final int BYTES = 8 << 20;

    @TempDir
    Path dir;

    private Process child(String mode, Path stderr) throws IOException {
        List<String> command = TestJvm.command(List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"), StdioChild.class,
                List.of(mode, Integer.toString(BYTES)));
        return new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    }

    private static void awaitSuccess(Process p, Path stderr) throws Exception {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("child did not finish in 20 s; stderr: " + Files.readString(stderr));
        }
        assertEquals(0, p.exitValue(), () -> "child failed; stderr: " + readQuietly(stderr));
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void gatheringWritesToStdoutArriveIntactAndStrayPrintsGoToStderr() throws Exception {
        Path stderr = dir.resolve("write.err");
        Process p = child("write", stderr);
        p.getOutputStream().close();
        byte[] received;
        try (InputStream in = p.getInputStream()) {
            received = in.readAllBytes();
        }
        awaitSuccess(p, stderr);
        assertEquals(BYTES, received.length);
        assertEquals(-1, StreamPattern.firstMismatch(received));
        String log = Files.readString(stderr);
        assertTrue(log.contains("stray line printed after opening stdout"), log);
        assertTrue(log.contains("target stdout raw descriptor: true, 157 gathering writes"), log);
    }

    @Test
    void stdinIsReadWithScatteringReads() throws Exception {
        Path stderr = dir.resolve("read.err");
        Process p = child("read", stderr);
        p.getInputStream().close();
        byte[] pattern = StreamPattern.bytes(BYTES);
        try (OutputStream out = p.getOutputStream()) {
            for (int off = 0; off < BYTES; off += 100_000) {
                out.write(pattern, off, Math.min(100_000, BYTES - off));
            }
        }
        awaitSuccess(p, stderr);
        String log = Files.readString(stderr);
        assertTrue(log.contains("source stdin file channel: true, verified " + BYTES + " bytes"), log);
    }
}
