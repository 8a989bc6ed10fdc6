package io.livemig.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.stream.FillingChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ScatteringByteChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A TCP source whose sender goes silent gives up after the idle timeout; one that is only slow does not. */
@Timeout(30)
class IdleTimeoutTest {

    @Test
    void aSilentSenderTimesOutNamingTheSourceAndTheLimit() throws Exception {
        SourceOptions options = SourceOptions.defaults().withIdleTimeout(Duration.ofMillis(300));
        try (StreamSource source = StreamSource.open(Endpoint.parse("tcp:127.0.0.1:0"), options);
             SocketChannel sender = SocketChannel.open(source.listeningAddress().orElseThrow())) {
            sender.write(ByteBuffer.wrap(new byte[10]));
            ScatteringByteChannel in = source.channel();
            ByteBuffer b = ByteBuffer.allocate(64);
            assertEquals(10, readSome(in, b, 10));
            long start = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> in.read(b));
            long waited = (System.nanoTime() - start) / 1_000_000;
            String from = ((InetSocketAddress) sender.getLocalAddress()).getPort() + ")";
            assertTrue(e.getMessage().startsWith("no data from tcp 127.0.0.1:"), e.getMessage());
            assertTrue(e.getMessage().contains(from), e.getMessage());
            assertTrue(e.getMessage().endsWith(" for 0.3 s (idle timeout): the sender stalled or the connection is gone"), e.getMessage());
            assertTrue(waited >= 290 && waited < 5_000, "timed out after " + waited + " ms");
            assertFalse(in.isOpen(), "the connection is closed");
        }
    }

    @Test
    void timeSpentOutsideReadsDoesNotCount() throws Exception {
        SourceOptions options = SourceOptions.defaults().withIdleTimeout(Duration.ofMillis(200));
        try (StreamSource source = StreamSource.open(Endpoint.parse("tcp:127.0.0.1:0"), options);
             SocketChannel sender = SocketChannel.open(source.listeningAddress().orElseThrow())) {
            ScatteringByteChannel in = source.channel();
            ByteBuffer b = ByteBuffer.allocate(64);
            for (int i = 0; i < 3; i++) {
                sender.write(ByteBuffer.wrap(new byte[8]));
                assertEquals(8, readSome(in, b.clear(), 8));
                Thread.sleep(500); // the receiver is busy (applying what it read), not waiting
            }
            sender.write(ByteBuffer.wrap(new byte[8]));
            assertEquals(8, readSome(in, b.clear(), 8));
            assertTrue(in.isOpen());
        }
    }

    @Test
    void withoutAnIdleTimeoutTheChannelIsTheSocketItself() throws Exception {
        try (StreamSource source = StreamSource.open(Endpoint.parse("tcp:127.0.0.1:0"), SourceOptions.defaults());
             SocketChannel sender = SocketChannel.open(source.listeningAddress().orElseThrow())) {
            assertTrue(source.channel() instanceof FdChannel, "the plain path stays the connection itself");
        }
        assertThrows(IllegalArgumentException.class, () -> SourceOptions.defaults().withIdleTimeout(Duration.ofSeconds(-1)));
    }

    /** A watched socket still reads to fill with the socket's low-water mark, and a read to fill is watched too. */
    @Test
    void aReadToFillPassesThroughToTheSocketAndTimesOutToo() throws Throwable {
        SourceOptions options = SourceOptions.defaults().withIdleTimeout(Duration.ofMillis(300));
        try (StreamSource source = StreamSource.open(Endpoint.parse("tcp:127.0.0.1:0"), options);
             SocketChannel sender = SocketChannel.open(source.listeningAddress().orElseThrow())) {
            FillingChannel in = assertInstanceOf(FillingChannel.class, source.channel());
            FdChannel socket = (FdChannel) ((IdleTimeoutChannel) in).connection();
            ByteBuffer[] data = {ByteBuffer.allocateDirect(320 * 1024), ByteBuffer.allocateDirect(320 * 1024)};
            CompletableFuture<Long> reading = CompletableFuture.supplyAsync(() -> {
                try {
                    long got = 0;
                    while (data[1].hasRemaining()) {
                        got += in.readToFill(data, 0, 2);
                    }
                    return got;
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(320 * 1024, FdChannelTest.markOfWaitingRead(socket), "the socket's read to fill");
            sender.write(ByteBuffer.wrap(new byte[640 * 1024]));
            assertEquals(640 * 1024, reading.get(10, TimeUnit.SECONDS));
            data[0].clear();
            data[1].clear();
            assertThrows(SocketTimeoutException.class, () -> in.readToFill(data, 0, 2));
            assertFalse(in.isOpen(), "the connection is closed");
        }
    }

    private static int readSome(ScatteringByteChannel in, ByteBuffer b, int want) throws IOException {
        int got = 0;
        while (got < want) {
            int n = in.read(b);
            if (n < 0) {
                break;
            }
            got += n;
        }
        return got;
    }
}
