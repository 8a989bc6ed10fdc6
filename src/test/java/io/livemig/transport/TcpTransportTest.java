package io.livemig.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class TcpTransportTest {
    private static final TargetOptions NO_RETRY = TargetOptions.defaults().withRetryWindow(Duration.ZERO);

    /** Runs {@code task} on its own thread. */
    private static <T> FutureTask<T> background(String name, Callable<T> task) {
        FutureTask<T> future = new FutureTask<>(task);
        Thread t = new Thread(future, name);
        t.setDaemon(true);
        t.start();
        return future;
    }

    /** A loopback port nobody listens on (bound then released). */
    private static int closedPort() throws IOException {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
    }

    @Test
    void sixtyFourMebibytesOfGatheringWritesArriveIntactAndInOrder() throws Exception {
        long total = 64L << 20;
        try (StreamSource source = StreamSource.open(Endpoint.parse("tcp::0"), SourceOptions.defaults())) {
            InetSocketAddress listening = source.listeningAddress().orElseThrow();
            int port = listening.getPort();
            assertNotEquals(0, port);
            assertEquals("127.0.0.1", listening.getAddress().getHostAddress());
            assertEquals("tcp 127.0.0.1:" + port + " (listening)", source.description());
            assertEquals(Endpoint.Tcp.loopback(port), source.listeningEndpoint().orElseThrow());

            FutureTask<Long> receiver = background("receiver", () -> StreamPattern.readAndVerify(source.channel()));
            int senderPort;
            try (StreamTarget target = StreamTarget.open(source.listeningEndpoint().orElseThrow(), TargetOptions.defaults())) {
                FdChannel socket = assertInstanceOf(FdChannel.class, target.channel());
                assertEquals("tcp 127.0.0.1:" + port, target.description());
                senderPort = socket.localAddress().getPort();
                assertEquals(1253, StreamPattern.write(target.channel(), total));
            }
            assertEquals(total, receiver.get(15, TimeUnit.SECONDS));
            FdChannel accepted = assertInstanceOf(FdChannel.class, source.channel());
            assertEquals(senderPort, accepted.remoteAddress().getPort());
            assertEquals("tcp 127.0.0.1:" + port + " (sender 127.0.0.1:" + senderPort + ")", source.description());
            assertEquals(listening, source.listeningAddress().orElseThrow());
        }
    }

    @Test
    void theListenerIsClosedOnceTheSenderIsAccepted() throws Exception {
        try (StreamSource source = StreamSource.open(Endpoint.parse("tcp:0"), SourceOptions.defaults())) {
            Endpoint.Tcp endpoint = source.listeningEndpoint().orElseThrow();
            try (StreamTarget target = StreamTarget.open(endpoint, NO_RETRY)) {
                assertTrue(source.channel().isOpen());
                ConnectException second = assertThrows(ConnectException.class, () -> StreamTarget.open(endpoint, NO_RETRY));
                assertEquals("connection refused by " + endpoint.hostPort(), second.getMessage());
                target.channel().write(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {7})});
            }
            ByteBuffer one = ByteBuffer.allocate(2);
            assertEquals(1, source.channel().read(one));
            assertEquals(-1, source.channel().read(one));
            assertEquals(7, one.get(0));
            assertEquals(source.channel(), source.channel());
        }
    }

    /**
     * Without TLS the sender's connection is an FdChannel (a restore reads it with scattering
     * recvmsg straight into destination memory), and xl's protocol can answer on it.
     */
    @Test
    void aPlainConnectionIsReadThroughFdChannelAndAnswersBack() throws Exception {
        try (StreamSource source = StreamSource.open(Endpoint.parse("tcp:0"), SourceOptions.defaults().withIdleTimeout(java.time.Duration.ZERO))) {
            Endpoint.Tcp endpoint = source.listeningEndpoint().orElseThrow();
            try (StreamTarget target = StreamTarget.open(endpoint, NO_RETRY)) {
                assertInstanceOf(FdChannel.class, source.channel());
                assertTrue(source.description().matches("tcp 127\\.0\\.0\\.1:\\d+ \\(sender 127\\.0\\.0\\.1:\\d+\\)"),
                        source.description());
                target.channel().write(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {3, 4})});
                source.replies().write(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {6})});
                ByteBuffer two = ByteBuffer.allocateDirect(2);
                while (two.hasRemaining()) {
                    assertTrue(source.channel().read(two) > 0);
                }
                assertEquals(4, two.get(1));
                ByteBuffer reply = ByteBuffer.allocate(1);
                assertEquals(1, target.replies().read(reply));
                assertEquals(6, reply.get(0));
            }
        }
    }

    @Test
    void theSenderRetriesUntilTheReceiverStartsListening() throws Exception {
        int port = closedPort();
        FutureTask<Long> receiver = background("late receiver", () -> {
            Thread.sleep(500);
            try (StreamSource source = StreamSource.open(Endpoint.Tcp.loopback(port), SourceOptions.defaults())) {
                return StreamPattern.readAndVerify(source.channel());
            }
        });
        long start = System.nanoTime();
        try (StreamTarget target = StreamTarget.open(Endpoint.Tcp.loopback(port),
                TargetOptions.defaults().withRetryWindow(Duration.ofSeconds(5)))) {
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 400 && waited < 4000, "connected after " + waited + " ms");
            StreamPattern.write(target.channel(), 100_000);
        }
        assertEquals(100_000, receiver.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aClosedPortFailsClearlyWhenTheRetryWindowEnds() throws Exception {
        int port = closedPort();
        long start = System.nanoTime();
        ConnectException e = assertThrows(ConnectException.class, () -> StreamTarget.open(Endpoint.Tcp.loopback(port),
                TargetOptions.defaults().withRetryWindow(Duration.ofMillis(1000))));
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(took >= 1000 && took < 3000, "gave up after " + took + " ms");
        assertTrue(e.getMessage().matches("connection refused by 127\\.0\\.0\\.1:" + port + " after 1 s of retries \\(\\d+ attempts\\)"),
                e.getMessage());
        int attempts = Integer.parseInt(e.getMessage().replaceAll(".*\\((\\d+) attempts\\)", "$1"));
        assertTrue(attempts >= 5 && attempts <= 11, "attempts: " + attempts);
    }

    @Test
    void withoutARetryWindowOneRefusalFails() throws Exception {
        int port = closedPort();
        ConnectException e = assertThrows(ConnectException.class, () -> StreamTarget.open(Endpoint.Tcp.loopback(port), NO_RETRY));
        assertEquals("connection refused by 127.0.0.1:" + port, e.getMessage());
    }

    @Test
    void anUnansweredConnectTimesOutWithinTheWindow() throws Exception {
        // A listener that never accepts: once its accept queue is full, Linux drops further SYNs unanswered.
        try (ServerSocketChannel stuck = ServerSocketChannel.open()) {
            stuck.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            InetSocketAddress address = (InetSocketAddress) stuck.getLocalAddress();
            java.util.List<SocketChannel> queued = new java.util.ArrayList<>();
            boolean full = false;
            try {
                for (int i = 0; i < 8 && !full; i++) {
                    SocketChannel c = SocketChannel.open();
                    try {
                        c.socket().connect(address, 200);
                        queued.add(c);
                    } catch (SocketTimeoutException timedOut) {
                        c.close();
                        full = true;
                    }
                }
                Assumptions.assumeTrue(full, "this kernel answers connects beyond the accept queue");
                Endpoint.Tcp endpoint = Endpoint.Tcp.loopback(address.getPort());
                long start = System.nanoTime();
                SocketTimeoutException e = assertThrows(SocketTimeoutException.class, () -> StreamTarget.open(endpoint,
                        TargetOptions.defaults().withConnectTimeout(Duration.ofMillis(200)).withRetryWindow(Duration.ofMillis(300))));
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertTrue(took >= 300 && took < 2000, "gave up after " + took + " ms");
                assertTrue(e.getMessage().matches("no answer from 127\\.0\\.0\\.1:" + address.getPort()
                        + " within the 0\\.2 s connect timeout after 0\\.3 s of retries \\(\\d attempts\\)"), e.getMessage());
            } finally {
                for (SocketChannel c : queued) {
                    c.close();
                }
            }
        }
    }

    @Test
    void aSenderNeedsARealPort() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StreamTarget.open(Endpoint.parse("tcp::0"), TargetOptions.defaults()));
        assertEquals("cannot send to tcp:127.0.0.1:0: port 0 only means 'pick a free port' for a receiver; give the receiver's port",
                e.getMessage());
    }

    @Test
    void theAcceptTimeoutFailsClearlyAndClosesTheListener() throws Exception {
        try (StreamSource source = StreamSource.open(Endpoint.parse("tcp:127.0.0.1:0"),
                SourceOptions.defaults().withAcceptTimeout(Duration.ofMillis(300)))) {
            Endpoint.Tcp endpoint = source.listeningEndpoint().orElseThrow();
            long start = System.nanoTime();
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class, source::channel);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(took >= 250 && took < 3000, "timed out after " + took + " ms");
            assertEquals("no sender connected to " + endpoint.hostPort() + " within 0.3 s", e.getMessage());
            assertThrows(ConnectException.class, () -> StreamTarget.open(endpoint, NO_RETRY));
            assertThrows(AsynchronousCloseException.class, source::channel);
        }
    }

    @Test
    void closingTheSourceAbandonsAPendingAccept() throws Exception {
        StreamSource source = StreamSource.open(Endpoint.parse("tcp::0"), SourceOptions.defaults());
        FutureTask<Object> accepting = background("accepting", source::channel);
        Thread.sleep(200);
        assertFalse(accepting.isDone());
        source.close();
        ExecutionException e = assertThrows(ExecutionException.class, () -> accepting.get(5, TimeUnit.SECONDS));
        assertInstanceOf(AsynchronousCloseException.class, e.getCause());
        assertThrows(ConnectException.class, () -> StreamTarget.open(source.listeningEndpoint().orElseThrow(), NO_RETRY));
    }

    @Test
    void theSendBufferSizeIsApplied() throws Exception {
        try (StreamSource source = StreamSource.open(Endpoint.parse("tcp::0"), SourceOptions.defaults());
             StreamTarget target = StreamTarget.open(source.listeningEndpoint().orElseThrow(),
                     TargetOptions.defaults().withSendBufferBytes(64 << 10))) {
            // Linux doubles the requested size for its bookkeeping; some JDK/kernel pairs report it halved back.
            int size = ((FdChannel) target.channel()).sendBufferBytes();
            assertTrue(size == 64 << 10 || size == 128 << 10, "SO_SNDBUF " + size);
        }
    }

    @Test
    void listeningOnAnAddressInUseFailsNamingIt() throws Exception {
        try (StreamSource first = StreamSource.open(Endpoint.parse("tcp::0"), SourceOptions.defaults())) {
            Endpoint.Tcp taken = first.listeningEndpoint().orElseThrow();
            IOException e = assertThrows(IOException.class, () -> StreamSource.open(taken, SourceOptions.defaults()));
            assertEquals("cannot listen on " + taken.hostPort() + ": Address already in use", e.getMessage());
        }
    }

    @Test
    void ipv6LoopbackWorksWhenAvailable() throws Exception {
        StreamSource source;
        try {
            source = StreamSource.open(Endpoint.parse("tcp:[::1]:0"), SourceOptions.defaults());
        } catch (IOException e) {
            Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
            return;
        }
        try (source) {
            int port = source.listeningAddress().orElseThrow().getPort();
            assertEquals("tcp [::1]:" + port + " (listening)", source.description());
            assertEquals("tcp:[::1]:" + port, source.listeningEndpoint().orElseThrow().text());
            FutureTask<Long> receiver = background("receiver6", () -> StreamPattern.readAndVerify(source.channel()));
            try (StreamTarget target = StreamTarget.open(source.listeningEndpoint().orElseThrow(), NO_RETRY)) {
                assertEquals("tcp [::1]:" + port, target.description());
                StreamPattern.write(target.channel(), 200_000);
            }
            assertEquals(200_000, receiver.get(10, TimeUnit.SECONDS));
        }
    }
}
