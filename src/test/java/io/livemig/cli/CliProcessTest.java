package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.stream.InspectionReport;
import io.livemig.stream.StreamInspector;
import io.livemig.stream.StreamReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as separate processes: save to standard output piped into receive from standard input,
 * and save to a receiver listening on loopback TCP. Child JVMs, because a save to "-" takes over
 * descriptor 1, and this JVM's descriptors belong to surefire.
 */
@Timeout(60)
class CliProcessTest {
    @TempDir
    Path dir;

    @Test
    void saveToStdoutPipedIntoReceiveFromStdin() throws Exception {
        Path sendErr = dir.resolve("sender.err");
        Path recvOut = dir.resolve("receiver.out");
        Path recvErr = dir.resolve("receiver.err");
        Path copy = dir.resolve("piped.stream");
        Process sender = null;
        Process receiver = null;
        try {
            receiver = new ProcessBuilder(Cli.childCommand("receive", "--from", "-", "--capacity", "32M"))
                    .redirectOutput(recvOut.toFile()).redirectError(recvErr.toFile()).start();
            sender = new ProcessBuilder(Cli.childCommand("save", "--sim", "32M", "--workload", "hotset:rate=20000", "--to", "-"))
                    .redirectError(sendErr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            Thread pipe = pipe(sender.getInputStream(), receiver.getOutputStream(), copy);

            int sendExit = Cli.await(sender, 40, "sender", sendErr);
            pipe.join(10_000);
            assertFalse(pipe.isAlive(), "the pipe thread did not finish");
            int recvExit = Cli.await(receiver, 20, "receiver", recvOut, recvErr);
            String sent = Cli.read(sendErr);
            String received = Cli.read(recvOut);
            assertEquals(0, sendExit, sent);
            assertEquals(0, recvExit, () -> received + Cli.read(recvErr));
            assertNull(pipeFailure.get(), "copying between the processes failed");

            // Everything for people went to stderr: the summary, the progress, nothing else on stdout.
            assertTrue(sent.contains("saving sim-32M: 8192 pages"), sent);
            assertTrue(sent.contains("round 1: 8192 pages"), sent);
            Cli.assertNoStackTrace(sent);
            Cli.assertNoStackTrace(Cli.read(recvErr));
            assertTrue(received.contains("received libxc stream v3 (X86_HVM, Xen 4.17) from stdin"), received);
            assertEquals(Cli.sourceDigest(sent), Cli.destinationDigest(received));

            // The bytes on the sender's stdout are exactly one valid stream.
            try (FileChannel in = FileChannel.open(copy)) {
                InspectionReport report = StreamInspector.inspect(in, StreamReader.NO_PFN_LIMIT, true);
                assertTrue(report.valid(), report::error);
                assertEquals(Files.size(copy), report.bytesRead());
            }
        } finally {
            Cli.destroy(sender, receiver);
        }
    }

    @Test
    void saveToAReceiverListeningOnLoopbackTcp() throws Exception {
        Path portFile = dir.resolve("port");
        Path recvOut = dir.resolve("receiver.out");
        Path recvResult = dir.resolve("receiver.properties");
        Process receiver = null;
        try {
            receiver = new ProcessBuilder(Cli.childCommand("receive", "--from", "tcp:127.0.0.1:0", "--capacity", "32M",
                    "--port-file", portFile.toString(), "--result-file", recvResult.toString()))
                    .redirectErrorStream(true).redirectOutput(recvOut.toFile()).start();
            int port = Cli.awaitPort(portFile, receiver, recvOut);
            assertTrue(port > 0 && port <= 65535, "port " + port);

            Cli.Run saved = Cli.ok("save", "--sim", "32M", "--workload", "uniform:rate=20000", "--format", "libxl",
                    "--to", "tcp:127.0.0.1:" + port);
            assertTrue(saved.out().contains("live to tcp:127.0.0.1:" + port), saved::describe);
            int recvExit = Cli.await(receiver, 30, "receiver", recvOut);
            String received = Cli.read(recvOut);
            assertEquals(0, recvExit, received);
            assertTrue(received.contains("listening on 127.0.0.1:" + port), received);
            assertTrue(received.contains("received libxl stream v3"), received);
            assertFalse(java.nio.file.Files.exists(portFile), "the receiver removes its port file when it ends");
            Cli.assertNoStackTrace(received);
            String source = Cli.sourceDigest(saved.out());
            assertEquals(source, Cli.destinationDigest(received));
            assertEquals(source, ResultFile.read(recvResult).get("digest"));
        } finally {
            Cli.destroy(receiver);
        }
    }

    /** Why copying between the two processes failed, or null. */
    private final AtomicReference<String> pipeFailure = new AtomicReference<>();

    /** Copies the sender's stdout into the receiver's stdin, keeping a copy of the bytes. */
    private Thread pipe(InputStream from, OutputStream to, Path copy) {
        return Thread.ofPlatform().name("cli-pipe").start(() -> {
            byte[] buffer = new byte[1 << 16];
            try (InputStream in = from; OutputStream out = to; OutputStream file = Files.newOutputStream(copy)) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                    file.write(buffer, 0, n);
                }
            } catch (IOException e) {
                pipeFailure.set(e.toString());
            }
        });
    }

}
