package io.livemig.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.posix.Libc;
import io.livemig.stream.ChannelOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The FFM channel on raw descriptors: gathering writes, short writes, waits, interrupts, closes, errors. */
@Timeout(60)
class FdChannelTest {
    @TempDir
    Path tmp;

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Reads the pipe to its end on another thread, slowly when asked (a pause per read). */
    private static CompletableFuture<byte[]> drain(FdChannel in, long pauseMillis) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocateDirect(8192);
            try (in) {
                while (in.read(buffer.clear()) >= 0) {
                    buffer.flip();
                    byte[] chunk = new byte[buffer.remaining()];
                    buffer.get(chunk);
                    all.writeBytes(chunk);
                    if (pauseMillis > 0) {
                        Thread.sleep(pauseMillis);
                    }
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return all.toByteArray();
        });
    }

    @Test
    void directHeapAndReadOnlyBuffersGoOutInOrderAndTheirPositionsMove() throws Exception {
        byte[] a = random(5000, 1);
        byte[] b = random(3000, 2);
        byte[] c = random(70_000, 3); // more than the 64 KiB scratch area for heap buffers
        byte[] d = random(100, 4);
        FdChannel[] pipe = FdChannel.pipe();
        CompletableFuture<byte[]> received = drain(pipe[0], 0);
        ByteBuffer da = ByteBuffer.allocateDirect(a.length).put(a).flip();
        ByteBuffer hb = ByteBuffer.wrap(b);
        ByteBuffer hc = ByteBuffer.wrap(c);
        ByteBuffer rd = ByteBuffer.allocateDirect(d.length).put(d).flip().asReadOnlyBuffer();
        ByteBuffer[] all = {da, ByteBuffer.allocate(0), hb, hc, rd};
        ChannelOutput out = new ChannelOutput(pipe[1]);
        out.writeFully(all, 0, all.length);
        pipe[1].close();
        for (ByteBuffer x : all) {
            assertFalse(x.hasRemaining());
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(a);
        expected.writeBytes(b);
        expected.writeBytes(c);
        expected.writeBytes(d);
        assertArrayEquals(expected.toByteArray(), received.get(30, TimeUnit.SECONDS));
        assertTrue(out.writeCalls() >= 2, "the heap buffers beyond the scratch area go in a second call");
    }

    @Test
    void moreThanIovMaxBuffersIsAShortWriteThatChannelOutputCompletes() throws Exception {
        int n = Libc.IOV_MAX + 6;
        ByteBuffer[] bufs = new ByteBuffer[n];
        ByteBuffer backing = ByteBuffer.allocateDirect(n);
        for (int i = 0; i < n; i++) {
            backing.put(i, (byte) i);
            bufs[i] = backing.slice(i, 1);
        }
        try (FdChannel file = FdChannel.open(tmp.resolve("iov"), Libc.O_WRONLY | Libc.O_CREAT | Libc.O_TRUNC, 0600)) {
            assertEquals(Libc.IOV_MAX, file.write(bufs, 0, n), "one call takes IOV_MAX buffers");
            ChannelOutput out = new ChannelOutput(file);
            out.writeFully(bufs, 0, n);
            assertEquals(6, out.bytesWritten());
        }
        byte[] written = Files.readAllBytes(tmp.resolve("iov"));
        assertEquals(n, written.length);
        for (int i = 0; i < n; i++) {
            assertEquals((byte) i, written[i]);
        }
    }

    @Test
    void aFullPipeGivesShortWritesThatAreCountedAndCompleted() throws Exception {
        byte[] data = random(4 << 20, 5);
        FdChannel[] pipe = FdChannel.pipe();
        CompletableFuture<byte[]> received = drain(pipe[0], 1);
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).flip();
        ChannelOutput out = new ChannelOutput(pipe[1]);
        out.writeFully(new ByteBuffer[] {direct}, 0, 1);
        pipe[1].close();
        assertArrayEquals(data, received.get(60, TimeUnit.SECONDS));
        assertTrue(out.shortWrites() > 0, "a 64 KiB pipe takes 4 MiB in several writes: " + out.writeCalls() + " calls");
        assertEquals(data.length, out.bytesWritten());
    }

    @Test
    void aClosedReaderIsOneErrorNamingTheCallAndEpipe() throws Exception {
        FdChannel[] pipe = FdChannel.pipe();
        pipe[0].close();
        try (FdChannel w = pipe[1]) {
            IOException e = assertThrows(IOException.class, () -> w.write(ByteBuffer.allocateDirect(10)));
            assertTrue(e.getMessage().startsWith("writev to " + w.description() + " (10 bytes in 1 buffers) failed: errno 32 (EPIPE: Broken pipe)"),
                    e.getMessage());
        }
    }

    @Test
    void interruptingABlockedWriterClosesTheChannel() throws Exception {
        FdChannel[] pipe = FdChannel.pipe();
        try (FdChannel r = pipe[0]) {
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    pipe[1].write(ByteBuffer.allocateDirect(1 << 20)); // fills the pipe, then waits
                    pipe[1].write(ByteBuffer.allocateDirect(1 << 20));
                } catch (Throwable t) {
                    thrown.set(t);
                }
            });
            Thread.sleep(300);
            writer.interrupt();
            writer.join(5000);
            assertTrue(thrown.get() instanceof ClosedByInterruptException, String.valueOf(thrown.get()));
            assertFalse(pipe[1].isOpen());
            assertThrows(ClosedChannelException.class, () -> pipe[1].write(ByteBuffer.allocateDirect(1)));
        }
    }

    @Test
    void closingFromAnotherThreadEndsABlockedRead() throws Exception {
        FdChannel[] pipe = FdChannel.pipe();
        try (FdChannel w = pipe[1]) {
            CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    pipe[0].read(ByteBuffer.allocate(10));
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            Thread.sleep(300);
            pipe[0].close();
            assertTrue(reader.get(5, TimeUnit.SECONDS) instanceof AsynchronousCloseException);
        }
    }

    @Test
    void tcpConnectsWritesAndShutsDownItsOutput() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress where = (InetSocketAddress) server.getLocalAddress();
            byte[] data = random(3 << 20, 6);
            try (FdChannel socket = FdChannel.connect(where, 5000, 1 << 20); SocketChannel peer = server.accept()) {
                assertEquals(where.getAddress(), socket.localAddress().getAddress());
                assertEquals(((InetSocketAddress) peer.getRemoteAddress()).getPort(), socket.localAddress().getPort());
                CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> {
                    ByteArrayOutputStream all = new ByteArrayOutputStream();
                    ByteBuffer b = ByteBuffer.allocate(65536);
                    try {
                        while (peer.read(b.clear()) >= 0) {
                            all.write(b.array(), 0, b.position());
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                    return all.toByteArray();
                });
                ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).flip();
                new ChannelOutput(socket).writeFully(new ByteBuffer[] {ByteBuffer.wrap(new byte[] {1, 2}), direct}, 0, 2);
                socket.shutdownOutput();
                byte[] got = received.get(30, TimeUnit.SECONDS);
                assertEquals(2 + data.length, got.length);
                assertEquals(1, got[0]);
                assertArrayEquals(data, java.util.Arrays.copyOfRange(got, 2, got.length));
                // and the other direction, as xl's migration protocol answers
                peer.write(ByteBuffer.wrap(new byte[] {9, 8, 7}));
                ByteBuffer reply = ByteBuffer.allocate(3);
                while (reply.hasRemaining()) {
                    assertTrue(socket.read(reply) > 0);
                }
                assertArrayEquals(new byte[] {9, 8, 7}, reply.array());
            }
        }
    }

    /**
     * A listener of FdChannel.listen: the port bound, the connection accepted with the peer's
     * address and the listener's receive buffer, data both ways, end of stream; then a timeout,
     * an interrupt and a close from another thread end an accept, and a listener is not a socket.
     */
    @Test
    void aListenerAcceptsAConnectionWithItsPeerAndEndsWaitsClearly() throws Exception {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        try (FdChannel listener = FdChannel.listen(loopback, 1 << 20, 4)) {
            InetSocketAddress where = listener.localAddress();
            assertTrue(where.getPort() > 0, where.toString());
            assertEquals(null, listener.remoteAddress());
            try (SocketChannel sender = SocketChannel.open(where); FdChannel accepted = listener.accept(5000)) {
                assertEquals(((InetSocketAddress) sender.getLocalAddress()).getPort(), accepted.remoteAddress().getPort());
                assertEquals(where.getPort(), accepted.localAddress().getPort());
                byte[] data = random(1 << 20, 9);
                CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                    try {
                        ByteBuffer b = ByteBuffer.wrap(data);
                        while (b.hasRemaining()) {
                            sender.write(b);
                        }
                        sender.shutdownOutput();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                ByteBuffer into = ByteBuffer.allocateDirect(data.length + 1);
                while (accepted.read(into) >= 0) {
                    assertTrue(into.hasRemaining(), "more than was sent");
                }
                sent.get(30, TimeUnit.SECONDS);
                byte[] got = new byte[into.flip().remaining()];
                into.get(got);
                assertArrayEquals(data, got);
                accepted.write(ByteBuffer.wrap(new byte[] {5}));
                ByteBuffer reply = ByteBuffer.allocate(1);
                assertEquals(1, sender.read(reply));
            }
            long start = System.nanoTime();
            assertThrows(java.net.SocketTimeoutException.class, () -> listener.accept(150));
            assertTrue(System.nanoTime() - start >= 140_000_000L, "waited the timeout");

            Thread.currentThread().interrupt();
            try {
                assertThrows(java.nio.channels.ClosedByInterruptException.class, () -> listener.accept(0));
            } finally {
                Thread.interrupted();
            }
            assertFalse(listener.isOpen(), "an interrupt closes the listener, as the JDK's channels do");
        }
        try (FdChannel listener = FdChannel.listen(loopback, 1 << 20, 4)) {
            CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    listener.accept(0);
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            Thread.sleep(150);
            listener.close();
            assertInstanceOf(java.nio.channels.AsynchronousCloseException.class, waiting.get(5, TimeUnit.SECONDS));
        }
        FdChannel[] pipe = FdChannel.pipe();
        try (FdChannel r = pipe[0]; FdChannel w = pipe[1]) {
            assertThrows(IllegalStateException.class, () -> r.accept(1));
        }
    }

    /** Binding an address in use is a BindException whose message is the errno's text. */
    @Test
    void listeningOnAPortInUseIsABindException() throws Exception {
        try (FdChannel first = FdChannel.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1 << 16, 1)) {
            java.net.BindException e = assertThrows(java.net.BindException.class,
                    () -> FdChannel.listen(first.localAddress(), 1 << 16, 1));
            assertEquals("Address already in use", e.getMessage());
        }
    }

    /**
     * After receive slices that ended without data, a peer that ends the stream is the end of the
     * stream (TCP state CLOSE_WAIT), and a peer that resets the connection is an error naming the
     * reset (state CLOSE), although the kernel reported the reset once, to a call without errno.
     */
    @Test
    void afterEmptySlicesAnEndIsAnEndAndAResetIsNamed() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress where = (InetSocketAddress) server.getLocalAddress();
            for (boolean reset : new boolean[] {false, true}) {
                try (FdChannel socket = FdChannel.connect(where, 5000, 1 << 16); SocketChannel peer = server.accept()) {
                    CompletableFuture<Object> reading = CompletableFuture.supplyAsync(() -> {
                        try {
                            return socket.read(ByteBuffer.allocateDirect(4));
                        } catch (IOException e) {
                            return e;
                        }
                    });
                    Thread.sleep(3 * FdChannel.POLL_SLICE_MILLIS + 50); // slices end without data
                    if (reset) {
                        peer.setOption(java.net.StandardSocketOptions.SO_LINGER, 0); // close sends RST
                        peer.close();
                        Object got = reading.get(5, TimeUnit.SECONDS);
                        IOException e = assertInstanceOf(IOException.class, got);
                        assertTrue(e.getMessage().contains("Connection reset"), e.getMessage());
                    } else {
                        peer.shutdownOutput();
                        assertEquals(-1, reading.get(5, TimeUnit.SECONDS));
                    }
                }
            }
        }
    }

    /** A socket is received from in blocking calls cut into SO_RCVTIMEO slices: data after several slices, then an interrupt and a close. */
    @Test
    void aBlockedSocketReceiveWaitsAcrossSlicesAndEndsOnInterruptOrClose() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress where = (InetSocketAddress) server.getLocalAddress();
            try (FdChannel socket = FdChannel.connect(where, 5000, 1 << 16); SocketChannel peer = server.accept()) {
                CompletableFuture<Integer> late = CompletableFuture.supplyAsync(() -> {
                    try {
                        return socket.read(ByteBuffer.allocateDirect(4));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                Thread.sleep(3 * FdChannel.POLL_SLICE_MILLIS + 50); // several slices pass with no data
                assertFalse(late.isDone());
                peer.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4}));
                assertEquals(4, late.get(5, TimeUnit.SECONDS));

                AtomicReference<Throwable> thrown = new AtomicReference<>();
                Thread reader = Thread.ofPlatform().start(() -> {
                    try {
                        socket.read(ByteBuffer.allocateDirect(4));
                    } catch (Throwable t) {
                        thrown.set(t);
                    }
                });
                Thread.sleep(300);
                reader.interrupt();
                reader.join(5000);
                assertTrue(thrown.get() instanceof ClosedByInterruptException, String.valueOf(thrown.get()));
                assertFalse(socket.isOpen());
            }
            try (FdChannel socket = FdChannel.connect(where, 5000, 1 << 16); SocketChannel peer = server.accept()) {
                CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
                    try {
                        socket.read(ByteBuffer.allocateDirect(4));
                        return null;
                    } catch (Throwable t) {
                        return t;
                    }
                });
                Thread.sleep(300);
                socket.close();
                assertTrue(reader.get(5, TimeUnit.SECONDS) instanceof AsynchronousCloseException);
            }
        }
    }

    /** The socket's SO_RCVLOWAT, as the kernel has it. */
    static int lowWaterMark(FdChannel socket) throws Throwable {
        try (Arena call = Arena.ofConfined()) {
            MemorySegment capture = Libc.captureState(call);
            MemorySegment value = call.allocate(ValueLayout.JAVA_INT);
            MemorySegment length = call.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, 4);
            assertEquals(0, (int) Libc.GETSOCKOPT.invokeExact(capture, socket.fd(), Libc.SOL_SOCKET, Libc.SO_RCVLOWAT, value, length));
            return value.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /** Waits (at most 10 s) until a read on another thread has set a low-water mark, and returns it. */
    static int markOfWaitingRead(FdChannel socket) throws Throwable {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (int mark = lowWaterMark(socket); ; mark = lowWaterMark(socket)) {
            if (mark != 1) {
                return mark;
            }
            assertTrue(System.nanoTime() < deadline, "no read set a low-water mark");
            Thread.sleep(5);
        }
    }

    /** {@code bytes} of direct page buffers, one per page, as a restore maps them. */
    private static ByteBuffer[] pageBuffers(Arena arena, int bytes) {
        ByteBuffer[] pages = new ByteBuffer[bytes / 4096];
        MemorySegment all = arena.allocate(bytes, 4096);
        for (int i = 0; i < pages.length; i++) {
            pages[i] = all.asSlice((long) i * 4096, 4096).asByteBuffer();
        }
        return pages;
    }

    /**
     * Fills {@code pages} with reads to fill, checking after each read that the mark is 1 or at
     * most half the bytes that read asked for; returns the marks that broke that rule.
     */
    private static List<String> fill(FdChannel socket, ByteBuffer[] pages) throws Throwable {
        List<String> wrong = new ArrayList<>();
        while (true) {
            long asked = 0;
            for (ByteBuffer b : pages) {
                asked += b.remaining();
            }
            if (asked == 0) {
                return wrong;
            }
            int first = 0;
            while (!pages[first].hasRemaining()) {
                first++;
            }
            if (socket.readToFill(pages, first, pages.length - first) < 0) {
                wrong.add("end of stream with " + asked + " bytes to fill");
                return wrong;
            }
            int mark = lowWaterMark(socket);
            if (mark != 1 && (mark < 256 * 1024 || mark > asked / 2)) {
                wrong.add("mark " + mark + " for a read of " + asked + " bytes");
            }
        }
    }

    /**
     * A socket's read to fill waits for a low-water mark of half its bytes (256-512 KiB), so
     * that the bytes it asks for are enough to wake it: a mark above that would wait for what
     * follows, and a sender that pauses after them would hold the read for a wait slice. Every
     * other read, and a read to fill too small to gain from it, waits for any byte (mark 1).
     */
    @Test
    void aReadToFillWaitsForHalfItsBytesAndEveryOtherReadForAnyByte() throws Throwable {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET); Arena arena = Arena.ofShared()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress where = (InetSocketAddress) server.getLocalAddress();
            try (FdChannel socket = FdChannel.connect(where, 5000, 1 << 16); SocketChannel peer = server.accept()) {
                assertEquals(1, lowWaterMark(socket), "the kernel's default");
                for (int bytes : new int[] {640 * 1024, 4 << 20}) {
                    byte[] data = random(bytes, bytes);
                    ByteBuffer[] pages = pageBuffers(arena, bytes);
                    CompletableFuture<List<String>> reading = CompletableFuture.supplyAsync(() -> {
                        try {
                            return fill(socket, pages);
                        } catch (Throwable t) {
                            throw new IllegalStateException(t);
                        }
                    });
                    assertEquals(Math.min(bytes / 2, 512 * 1024), markOfWaitingRead(socket), "the mark of a read to fill of " + bytes + " bytes");
                    peer.write(ByteBuffer.wrap(data));
                    assertEquals(List.of(), reading.get(10, TimeUnit.SECONDS), bytes + " bytes");
                    for (int i = 0; i < pages.length; i++) {
                        byte[] got = new byte[4096];
                        pages[i].flip().get(got);
                        assertArrayEquals(java.util.Arrays.copyOfRange(data, i * 4096, (i + 1) * 4096), got, "page " + i + " of " + bytes + " bytes");
                    }
                    // A fill whose last read was big keeps its mark (it changes only when it must, and
                    // 320 KiB would also do for 4 MiB): a plain read puts it back to 1 for the next size.
                    peer.write(ByteBuffer.wrap(new byte[] {7}));
                    assertEquals(1, socket.read(ByteBuffer.allocateDirect(1)));
                    assertEquals(1, lowWaterMark(socket), "after a plain read");
                }

                ByteBuffer[] big = pageBuffers(arena, 1 << 20);
                peer.write(ByteBuffer.wrap(random(600 * 1024, 3)));
                long got = socket.readToFill(big, 0, big.length);
                assertTrue(got > 0);
                assertEquals(512 * 1024, lowWaterMark(socket), "a read to fill of 1 MiB");
                peer.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
                ByteBuffer rest = ByteBuffer.allocateDirect(Math.toIntExact(600 * 1024 + 3 - got));
                while (rest.hasRemaining()) {
                    assertTrue(socket.read(rest) > 0);
                }
                assertEquals(1, lowWaterMark(socket), "a plain read waits for any byte");

                ByteBuffer[] small = pageBuffers(arena, 256 * 1024);
                peer.write(ByteBuffer.wrap(random(256 * 1024, 4)));
                assertEquals(List.of(), fill(socket, small));
                assertEquals(1, lowWaterMark(socket), "a read to fill of 256 KiB has no mark");

                ByteBuffer[] cut = pageBuffers(arena, 1 << 20);
                peer.write(ByteBuffer.wrap(random(300 * 1024, 5)));
                peer.shutdownOutput();
                assertEquals(List.of("end of stream with " + ((1 << 20) - 300 * 1024) + " bytes to fill"), fill(socket, cut),
                        "the end of the stream ends the wait");
            }
        }
    }

    @Test
    void aRefusedConnectionIsAConnectException() throws Exception {
        int port;
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        }
        assertThrows(ConnectException.class,
                () -> FdChannel.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000, 1 << 16));
    }

    @Test
    void openingAMissingDirectoryIsNoSuchFile() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> FdChannel.open(tmp.resolve("none/x"), Libc.O_WRONLY | Libc.O_CREAT, 0600));
        assertEquals(tmp.resolve("none/x").toString(), e.getFile());
    }

    @Test
    void writingDirectBuffersAllocatesNothing() throws Exception {
        try (FdChannel devNull = FdChannel.open(Path.of("/dev/null"), Libc.O_WRONLY, 0); Arena arena = Arena.ofConfined()) {
            ByteBuffer[] bufs = new ByteBuffer[66];
            for (int i = 0; i < bufs.length; i++) {
                bufs[i] = arena.allocate(4096, 4096).asByteBuffer();
            }
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long allocated = Long.MAX_VALUE;
            for (int round = 0; round < 40 && allocated > 0; round++) { // until the JIT has compiled the path
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int n = 0; n < 5000; n++) {
                    for (ByteBuffer b : bufs) {
                        b.clear();
                    }
                    devNull.write(bufs, 0, bufs.length);
                }
                allocated = threads.getCurrentThreadAllocatedBytes() - before;
            }
            assertEquals(0, allocated, "bytes allocated by 5000 gathering writes of 66 buffers");
        }
    }

    /** A restore's batch: one readv scatters a file's pages into up to IOV_MAX segment-backed buffers, in order. */
    @Test
    void oneReadScattersIntoABatchOfSegmentBuffers() throws Exception {
        int pages = 300; // more than the 64 iovecs the reading side used to take per call
        byte[] data = random(pages * 4096, 16);
        Path file = tmp.resolve("pages");
        java.nio.file.Files.write(file, data);
        try (FdChannel in = FdChannel.open(file, Libc.O_RDONLY, 0); Arena arena = Arena.ofConfined()) {
            MemorySegment dest = arena.allocate((long) pages * 4096, 4096);
            ByteBuffer[] bufs = new ByteBuffer[pages];
            for (int i = 0; i < pages; i++) { // every other page first, then the rest: not one run
                int page = i < pages / 2 ? 2 * i : 2 * (i - pages / 2) + 1;
                bufs[i] = dest.asSlice((long) page * 4096, 4096).asByteBuffer();
            }
            assertEquals((long) pages * 4096, in.read(bufs, 0, pages));
            for (ByteBuffer b : bufs) {
                assertEquals(0, b.remaining());
            }
            for (int i = 0; i < pages; i++) {
                int page = i < pages / 2 ? 2 * i : 2 * (i - pages / 2) + 1;
                byte[] got = dest.asSlice((long) page * 4096, 4096).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                assertArrayEquals(java.util.Arrays.copyOfRange(data, i * 4096, (i + 1) * 4096), got, "buffer " + i);
            }
            assertEquals(-1, in.read(bufs[0].clear()));
        }
    }

    /**
     * A socket's receive mark changes twice per record (a read to fill of the page data, then
     * the next header's plain read): neither the reads nor the marks allocate, once compiled.
     */
    @Test
    void readsToFillAndPlainReadsOfASocketAllocateNothing() throws Throwable {
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET); Arena arena = Arena.ofShared()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (FdChannel socket = FdChannel.connect((InetSocketAddress) server.getLocalAddress(), 5000, 1 << 16);
                 SocketChannel peer = server.accept()) {
                Thread feeder = Thread.ofPlatform().daemon().start(() -> { // records of a 16-byte header and 640 KiB
                    ByteBuffer record = ByteBuffer.allocateDirect(16 + 640 * 1024);
                    try {
                        while (true) {
                            record.clear();
                            while (record.hasRemaining()) {
                                peer.write(record);
                            }
                        }
                    } catch (IOException e) {
                        // the test closed the connection
                    }
                });
                ByteBuffer header = ByteBuffer.allocateDirect(16);
                ByteBuffer[] pages = pageBuffers(arena, 640 * 1024);
                com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
                long allocated = Long.MAX_VALUE;
                for (int round = 0; round < 40 && allocated > 0; round++) { // until the JIT has compiled the path
                    long before = threads.getCurrentThreadAllocatedBytes();
                    for (int n = 0; n < 300; n++) {
                        header.clear();
                        while (header.hasRemaining()) {
                            socket.read(header);
                        }
                        for (ByteBuffer b : pages) {
                            b.clear();
                        }
                        for (int first = 0; first < pages.length; ) {
                            socket.readToFill(pages, first, pages.length - first);
                            while (first < pages.length && !pages[first].hasRemaining()) {
                                first++;
                            }
                        }
                    }
                    allocated = threads.getCurrentThreadAllocatedBytes() - before;
                }
                peer.close();
                feeder.join(10_000);
                assertEquals(0, allocated, "bytes allocated by 300 records' header reads and reads to fill");
            }
        }
    }

    @Test
    void readingIntoDirectBuffersAllocatesNothing() throws Exception {
        try (FdChannel zero = FdChannel.open(Path.of("/dev/zero"), Libc.O_RDONLY, 0); Arena arena = Arena.ofConfined()) {
            ByteBuffer[] bufs = new ByteBuffer[256];
            MemorySegment dest = arena.allocate(256 * 4096, 4096);
            for (int i = 0; i < bufs.length; i++) {
                bufs[i] = dest.asSlice((long) i * 4096, 4096).asByteBuffer(); // as a destination's page views
            }
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long allocated = Long.MAX_VALUE;
            for (int round = 0; round < 40 && allocated > 0; round++) { // until the JIT has compiled the path
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int n = 0; n < 2000; n++) {
                    for (ByteBuffer b : bufs) {
                        b.clear();
                    }
                    zero.read(bufs, 0, bufs.length);
                }
                allocated = threads.getCurrentThreadAllocatedBytes() - before;
            }
            assertEquals(0, allocated, "bytes allocated by 2000 scattering reads into 256 buffers");
        }
    }
}
