package io.livemig.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.transport.FdChannel;
import io.livemig.testing.Await;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The link to {@code sh -c RUNE}: a FileChannel to send on (the stream's zero-copy path), the
 * command's output to read, the end of our side its end of input, and its exit as xl reports it.
 */
@Timeout(60)
class CommandLinkTest {
    @Test
    void whatIsSentComesBackThroughTheCommandAndTheSendSideIsAFileChannel() throws Exception {
        try (CommandLink link = CommandLink.start("cat")) {
            assertInstanceOf(FdChannel.class, link.send(), "gathering writes go straight into the pipe");
            byte[] data = new byte[1 << 20];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i * 31);
            }
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    ByteBuffer b = ByteBuffer.wrap(data);
                    while (b.hasRemaining()) {
                        link.send().write(b);
                    }
                    link.closeSend();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] back = readAll(link);
            writer.join();
            assertTrue(java.util.Arrays.equals(data, back), "the command got what was sent, and its output came back");
            assertEquals(Optional.empty(), link.peerOutcome(), "cat exited 0 at the end of its input");
        }
    }

    @Test
    void theCommandsExitIsReportedAsXlDoes() throws Exception {
        try (CommandLink link = CommandLink.start("cat >/dev/null; exit 3")) {
            link.closeSend();
            assertEquals(Optional.of("the receiving command exited with status 3"), link.peerOutcome());
        }
        try (CommandLink link = CommandLink.start("exec /nonexistent/ssh dst xl migrate-receive 2>/dev/null")) {
            assertEquals(0, readAll(link).length, "nothing comes back: the banner read sees the end");
            link.closeSend();
            assertEquals(Optional.of("the receiving command exited with status 127"), link.peerOutcome());
        }
    }

    @Test
    void aCommandThatDoesNotExitIsEndedAfterTheWait() throws Exception {
        try (CommandLink link = CommandLink.start("exec sleep 60")) {
            link.closeSend();
            long t0 = System.nanoTime();
            assertEquals(Optional.of("the receiving command did not exit within 2 s and was ended"), link.peerOutcome());
            assertTrue(System.nanoTime() - t0 >= CommandLink.EXIT_WAIT_MILLIS * 1_000_000L, "it was given its time");
            Await.until(() -> !link.child().isAlive(), "the command has ended");
        }
    }

    @Test
    void aCommandThatDiesFailsOurWritesWithoutKillingUs() throws Exception {
        try (CommandLink link = CommandLink.start("exit 0")) {
            Await.until(() -> !link.child().isAlive(), "the command has exited");
            IOException e = assertThrows(IOException.class, () -> {
                ByteBuffer b = ByteBuffer.allocate(1 << 20);
                for (int i = 0; i < 16; i++) {
                    link.send().write(b.clear());
                }
            });
            assertTrue(e.getMessage().endsWith("failed: errno 32 (EPIPE: Broken pipe)"), e.getMessage());
        }
    }

    @Test
    void theFifosAreGoneOnceTheCommandRuns() throws Exception {
        List<Path> before = links();
        try (CommandLink link = CommandLink.start("cat")) {
            assertEquals(before, links(), "no FIFO or directory is left under " + System.getProperty("java.io.tmpdir"));
            link.closeSend();
            assertEquals(0, readAll(link).length);
        }
    }

    @Test
    void aCloseFromAnotherThreadEndsAReadInProgress() throws Exception {
        try (CommandLink link = CommandLink.start("exec sleep 60")) {
            java.util.concurrent.CompletableFuture<IOException> failed = new java.util.concurrent.CompletableFuture<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    XlMessage.BANNER.read(link.receive());
                    failed.complete(null);
                } catch (IOException e) {
                    failed.complete(e);
                }
            });
            Await.until(() -> java.util.Arrays.stream(reader.getStackTrace()).anyMatch(f -> f.getMethodName().equals("await") && f.getClassName().endsWith("FdChannel")),
                    "the reader is blocked in the pipe's read");
            link.close();
            assertInstanceOf(java.nio.channels.AsynchronousCloseException.class, failed.get(10, java.util.concurrent.TimeUnit.SECONDS));
            link.peerOutcome();
        }
    }

    private static List<Path> links() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("livemig-link-")).sorted().toList();
        }
    }

    private static byte[] readAll(CommandLink link) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(64 << 10);
        while (link.receive().read(b.clear()) >= 0) {
            out.write(b.array(), 0, b.position());
        }
        return out.toByteArray();
    }

}
