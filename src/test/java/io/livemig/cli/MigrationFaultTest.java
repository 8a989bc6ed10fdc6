package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.livemig.backend.sim.SimDestination;
import io.livemig.backend.sim.SimDomain;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.backend.sim.Workload;
import io.livemig.engine.RestoreEngine;
import io.livemig.engine.RestoreResult;
import io.livemig.engine.SaveEngine;
import io.livemig.engine.SaveException;
import io.livemig.engine.SaveListener;
import io.livemig.engine.SaveOptions;
import io.livemig.engine.SaveResult;
import io.livemig.stream.StreamFormatException;
import io.livemig.transport.Endpoint;
import io.livemig.transport.SourceOptions;
import io.livemig.transport.StreamSource;
import io.livemig.transport.StreamTarget;
import io.livemig.transport.TargetOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Faults during a migration: the connection dropped at random points, the receiver killed, the
 * sender killed, a full disk, a slow receiver. After every failure the sender reports one clear
 * error, has turned log-dirty off and left the source running with its writers going (a failed
 * migration never costs the guest its life); the receiver reports an incomplete stream and never
 * marks the destination complete. (ABORT by policy and by the operator is covered by
 * SaveRestoreRoundTripTest, CliAbortTest and CliControlTest; injected failures of the domain by
 * PrecopyOrderTest.)
 */
@Timeout(120)
class MigrationFaultTest {
    private static final long PAGES = 16384; // 64 MiB: a stream far larger than the sockets' buffers

    @TempDir
    Path dir;

    // ---------------------------------------------------------------- a dropped connection

    /** A link that forwards a given number of bytes and then breaks (both ends reset). */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void aConnectionDroppedAtARandomPointFailsTheSaveAndLeavesTheDestinationIncomplete(long seed) throws Exception {
        // somewhere in the first quarter of the stream: the headers, the static records, the first round
        long cut = new Random(seed).nextLong(PAGES * 4096 / 4);
        try (SimDomain src = source(seed); SimDestination dst = destination();
             StreamSource listener = StreamSource.open(Endpoint.parse("tcp:127.0.0.1:0"), SourceOptions.defaults());
             BreakingLink link = new BreakingLink(listener.listeningEndpoint().orElseThrow().port(), cut, seed % 2 == 0)) {
            CompletableFuture<Throwable> receiving = receive(listener, dst);
            SaveException e = saveFails(src, "tcp:127.0.0.1:" + link.port(), SaveOptions.builder().build());
            String message = e.getMessage();
            assertTrue(message.contains("Connection reset") || message.contains("Broken pipe"), message);
            assertSourceRunsOn(src, e);

            Throwable received = receiving.get(60, TimeUnit.SECONDS);
            if (link.resetsReceiver()) {
                assertTrue(received instanceof IOException && received.getMessage().contains("Connection reset"), String.valueOf(received));
            } else {
                StreamFormatException truncated = assertInstanceOf(StreamFormatException.class, received, String.valueOf(received));
                assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
            }
            assertFalse(dst.isComplete(), "a broken stream never completes the destination");
            assertTrue(link.forwarded() <= cut, "forwarded " + link.forwarded() + " of at most " + cut);
        }
    }

    // ---------------------------------------------------------------- a killed receiver

    @Test
    void theReceiverKilledMidStreamFailsTheSaveAndTheSourceRunsOn() throws Exception {
        Path portFile = dir.resolve("port");
        Path log = dir.resolve("receiver.log");
        Process receiver = new ProcessBuilder(Cli.childCommand("receive", "--from", "tcp:127.0.0.1:0", "--capacity", "64M",
                "--port-file", portFile.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (SimDomain src = source(11)) {
            int port = Cli.awaitPort(portFile, receiver, log);
            AtomicLong sent = new AtomicLong();
            SaveOptions options = SaveOptions.builder().maxBandwidth(32L << 20).listener(new SaveListener() {
                @Override
                public void pagesSent(int iteration, long sentInRound, long dirtyPages) {
                    if (sent.addAndGet(sentInRound) >= 1024 && receiver.isAlive()) {
                        receiver.destroyForcibly(); // SIGKILL: no goodbye from the receiver
                        try {
                            receiver.waitFor(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            }).build();
            SaveException e = saveFails(src, "tcp:127.0.0.1:" + port, options);
            assertFalse(receiver.isAlive());
            assertEquals(137, receiver.exitValue(), "killed by SIGKILL");
            assertTrue(e.getMessage().contains("Connection reset") || e.getMessage().contains("Broken pipe"), e.getMessage());
            assertSourceRunsOn(src, e);
        } finally {
            Cli.destroy(receiver);
        }
    }

    // ---------------------------------------------------------------- a killed sender

    @Test
    void theSenderKilledMidStreamLeavesTheDestinationIncomplete() throws Exception {
        Path log = dir.resolve("sender.log");
        try (SimDestination dst = destination();
             StreamSource listener = StreamSource.open(Endpoint.parse("tcp:127.0.0.1:0"),
                     SourceOptions.defaults().withAcceptTimeout(Duration.ofSeconds(60)))) {
            int port = listener.listeningEndpoint().orElseThrow().port();
            Process sender = new ProcessBuilder(Cli.childCommand("save", "--sim", "64M", "--workload", "uniform:rate=20000",
                    "--max-bandwidth", "32M", "--to", "tcp:127.0.0.1:" + port))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                AtomicReference<Throwable> error = new AtomicReference<>();
                try {
                    ReadableByteChannel killing = new KillAfter(listener.channel(), 4L << 20, sender);
                    new RestoreEngine(dst, false).restore(killing);
                } catch (IOException e) {
                    error.set(e);
                }
                assertFalse(sender.isAlive(), "the sender was killed");
                StreamFormatException e = assertInstanceOf(StreamFormatException.class, error.get(), () -> Cli.read(log));
                assertTrue(e.getMessage().contains("truncated"), e.getMessage());
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
                assertFalse(dst.isComplete(), "a stream cut by the sender's death never completes the destination");
            } finally {
                Cli.destroy(sender);
            }
        }
    }

    @Test
    void aReceiverWhoseSenderDiedPrintsOneLineAndExitsOne() throws Exception {
        // The CLI's view of the same: the stream of a sender that died is refused, one line, exit 1.
        Path stream = dir.resolve("cut.stream");
        try (SimDomain src = source(5); FileChannel out = FileChannel.open(stream, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            SaveException e = saveFailsInto(src, new FailingAfter(out, 3L << 20, "Connection reset by peer"), SaveOptions.builder().build());
            assertSourceRunsOn(src, e);
        }
        Cli.Run r = Cli.run("receive", "--from", stream.toString(), "--capacity", "64M");
        assertEquals(1, r.exit(), r::describe);
        String line = r.oneErrorLine();
        assertTrue(line.contains("truncated"), line);
        assertFalse(r.out().contains("destination digest"), r::describe);
    }

    // ---------------------------------------------------------------- a stalled sender

    @Test
    void aStalledSenderIsGivenUpAfterTheIdleTimeoutAndTheDestinationStaysIncomplete() throws Exception {
        Path stream = dir.resolve("whole.stream");
        try (SimDomain src = SimDomainConfig.builder().pages(64).prefill(true).create();
             FileChannel out = FileChannel.open(stream, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            new SaveEngine(src, out, SaveOptions.builder().live(false).build()).save();
        }
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(stream), 5000);
        Path portFile = dir.resolve("port");
        CompletableFuture<Cli.Run> receiving = CompletableFuture.supplyAsync(() -> Cli.run("receive", "--from", "tcp:127.0.0.1:0",
                "--capacity", "1M", "--port-file", portFile.toString(), "--idle-timeout", "500ms"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(portFile) || Files.readString(portFile).isBlank()) {
            if (System.nanoTime() > deadline || receiving.isDone()) {
                fail("the receiver did not listen: " + (receiving.isDone() ? receiving.get().describe() : "no port file"));
            }
            Thread.sleep(10);
        }
        int port = Integer.parseInt(Files.readString(portFile).strip());
        try (SocketChannel sender = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            sender.write(ByteBuffer.wrap(head)); // then silence, the connection open: a stalled sender
            Cli.Run r = receiving.get(30, TimeUnit.SECONDS);
            assertEquals(1, r.exit(), r::describe);
            String line = r.oneErrorLine();
            assertTrue(line.contains("for 0.5 s (idle timeout)"), line);
            assertTrue(line.endsWith("; destination NOT complete"), line);
            assertFalse(r.out().contains("destination digest"), r::describe);
        }
    }

    // ---------------------------------------------------------------- a full disk

    @Test
    void aFullDiskFailsTheSaveClearlyAndTheSourceRunsOn() throws Exception {
        Path devFull = Path.of("/dev/full");
        if (!Files.isWritable(devFull)) {
            fail("/dev/full is missing or not writable: it gives ENOSPC for real, which this test needs");
        }
        try (SimDomain src = source(3); FileChannel full = FileChannel.open(devFull, StandardOpenOption.WRITE)) {
            SaveException e = saveFailsInto(src, full, SaveOptions.builder().build());
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            assertSourceRunsOn(src, e);
        }
        Cli.Run r = Cli.run("save", "--sim", "16M", "--workload", "uniform:rate=1000", "--to", "/dev/full");
        assertEquals(1, r.exit(), r::describe);
        String line = r.oneErrorLine();
        assertTrue(line.contains("No space left on device"), line);
    }

    @Test
    void aDiskThatFillsUpMidStreamLeavesAFileTheReceiverRefuses() throws Exception {
        Path file = dir.resolve("partial.stream");
        try (SimDomain src = source(4); FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            SaveException e = saveFailsInto(src, new FailingAfter(out, 20L << 20, "No space left on device"), SaveOptions.builder().build());
            assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
            assertSourceRunsOn(src, e);
        }
        assertTrue(Files.size(file) <= 20L << 20, "size " + Files.size(file));
        try (SimDestination dst = destination(); FileChannel in = FileChannel.open(file)) {
            StreamFormatException e = org.junit.jupiter.api.Assertions.assertThrows(StreamFormatException.class,
                    () -> new RestoreEngine(dst, true).restore(in));
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
            assertFalse(dst.isComplete());
        }
    }

    // ---------------------------------------------------------------- a slow receiver

    @Test
    void aSlowReceiverSlowsTheSenderDownAndTheMigrationStillCompletes() throws Exception {
        long rate = 48L << 20; // bytes per second the receiver takes
        try (SimDomain src = SimDomainConfig.builder().name("source").pages(PAGES).seed(9).prefill(true)
                .workload(Workload.parse("hotset:rate=20000,seed=9")).create();
             SimDestination dst = destination();
             StreamSource listener = StreamSource.open(Endpoint.parse("tcp:127.0.0.1:0"), SourceOptions.defaults())) {
            int port = listener.listeningEndpoint().orElseThrow().port();
            CompletableFuture<Object> receiving = CompletableFuture.supplyAsync(() -> {
                try {
                    return new RestoreEngine(dst, false).restore(new Throttled(listener.channel(), rate));
                } catch (IOException e) {
                    return e;
                }
            });
            AtomicReference<String> digestAtSuspend = new AtomicReference<>();
            SaveOptions options = SaveOptions.builder().listener(new SaveListener() {
                @Override
                public void suspended(java.time.Instant at) {
                    digestAtSuspend.set(src.sourceDigest());
                }
            }).build();
            long start = System.nanoTime();
            SaveResult saved;
            try (StreamTarget out = StreamTarget.open(Endpoint.parse("tcp:127.0.0.1:" + port), TargetOptions.defaults())) {
                saved = new SaveEngine(src, out.channel(), options).save();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Object restored = receiving.get(60, TimeUnit.SECONDS);
            assertInstanceOf(RestoreResult.class, restored, String.valueOf(restored));
            assertTrue(dst.isComplete());
            assertEquals(digestAtSuspend.get(), dst.destinationDigest(), "the destination equals the source at suspend");
            // The sender waited for the receiver (no unbounded buffering): it could not have finished
            // before the receiver had taken all but what the two sockets' buffers hold (4 MiB each
            // requested, which Linux doubles, and loopback's own queue): 24 MiB at most.
            long unbuffered = saved.bytesWritten() - (24L << 20);
            assertTrue(unbuffered > (32L << 20), "the stream must be far larger than the buffers: " + saved.bytesWritten());
            assertTrue(seconds >= 0.8 * unbuffered / rate, "sent " + saved.bytesWritten() + " B in " + seconds + " s to a "
                    + rate + " B/s receiver");
        }
    }

    // ---------------------------------------------------------------- plumbing

    private static SimDomain source(long seed) {
        return SimDomainConfig.builder().name("source").pages(PAGES).seed(seed).prefill(true)
                .workload(Workload.parse("uniform:rate=20000,seed=" + seed)).create();
    }

    private static SimDestination destination() {
        return SimDomainConfig.builder().name("destination").pages(PAGES).createDestination();
    }

    private static SaveException saveFails(SimDomain src, String to, SaveOptions options) throws IOException {
        try (StreamTarget out = StreamTarget.open(Endpoint.parse(to), TargetOptions.defaults())) {
            return saveFailsInto(src, out.channel(), options);
        }
    }

    private static SaveException saveFailsInto(SimDomain src, GatheringByteChannel out, SaveOptions options) {
        try {
            SaveResult r = new SaveEngine(src, out, options).save();
            return fail("the save completed despite the fault: " + r.pagesSent() + " pages");
        } catch (SaveException e) {
            return e;
        }
    }

    /** The guest survives a failed migration: running, log-dirty off, its writers going, its memory its own. */
    private static void assertSourceRunsOn(SimDomain src, SaveException e) throws InterruptedException {
        assertNotNull(e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertNotNull(e.partialResult(), "what the failed save did");
        assertFalse(src.isSuspended(), "the source runs again after: " + e.getMessage());
        assertFalse(src.logDirtyEnabled(), "log-dirty is off after: " + e.getMessage());
        assertTrue(src.writersRunning(), "the writers run");
        long writes = src.writeCount();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (src.writeCount() == writes) {
            if (System.nanoTime() > deadline) {
                fail("the source's writers did not write again within 20 s");
            }
            Thread.sleep(2);
        }
        // its memory is intact: a digest reads every page (the writers keep changing it, so only that it reads)
        assertEquals(64, src.sourceDigest().length());
    }

    private static CompletableFuture<Throwable> receive(StreamSource listener, SimDestination dst) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                RestoreResult r = new RestoreEngine(dst, false).restore(listener.channel());
                return new AssertionError("the restore completed: " + r);
            } catch (IOException e) {
                return e;
            }
        });
    }


    /**
     * A TCP relay on loopback that forwards {@code limit} bytes to {@code targetPort}, then breaks:
     * the sender's connection is reset; the receiver's is reset too or ends (as when only the
     * sender's side of a path dies).
     */
    private static final class BreakingLink implements AutoCloseable {
        private final ServerSocketChannel server;
        private final Thread relay;
        private final AtomicLong forwarded = new AtomicLong();
        private final boolean resetReceiver;

        BreakingLink(int targetPort, long limit, boolean resetReceiver) throws IOException {
            this.resetReceiver = resetReceiver;
            server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            relay = Thread.ofPlatform().name("breaking-link").daemon().start(() -> {
                try (SocketChannel from = server.accept();
                     SocketChannel to = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort))) {
                    ByteBuffer b = ByteBuffer.allocateDirect(64 << 10);
                    long left = limit;
                    while (left > 0) {
                        b.clear().limit((int) Math.min(b.capacity(), left));
                        if (from.read(b) < 0) {
                            break;
                        }
                        b.flip();
                        left -= b.remaining();
                        forwarded.addAndGet(b.remaining());
                        while (b.hasRemaining()) {
                            to.write(b);
                        }
                    }
                    // a broken link: the sender sees a reset, not an orderly end
                    from.setOption(StandardSocketOptions.SO_LINGER, 0);
                    if (resetReceiver) {
                        to.setOption(StandardSocketOptions.SO_LINGER, 0);
                    }
                } catch (IOException e) {
                    // the link is broken either way
                }
            });
        }

        int port() throws IOException {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        }

        long forwarded() {
            return forwarded.get();
        }

        boolean resetsReceiver() {
            return resetReceiver;
        }

        @Override
        public void close() throws Exception {
            server.close();
            relay.join(10_000);
        }
    }

    /** Reads through, and kills {@code victim} (SIGKILL) once {@code after} bytes have come. */
    private static final class KillAfter implements ReadableByteChannel {
        private final ScatteringByteChannel in;
        private final long after;
        private final Process victim;
        private long read;

        KillAfter(ScatteringByteChannel in, long after, Process victim) {
            this.in = in;
            this.after = after;
            this.victim = victim;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            int n = in.read(dst);
            if (n > 0 && (read += n) >= after && victim.isAlive()) {
                victim.destroyForcibly();
                try {
                    victim.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return in.isOpen();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Writes through until {@code quota} bytes, then fails every write as a full disk (or a dead peer) does. */
    private static final class FailingAfter implements GatheringByteChannel {
        private final GatheringByteChannel out;
        private final String error;
        private long left;

        FailingAfter(GatheringByteChannel out, long quota, String error) {
            this.out = out;
            this.left = quota;
            this.error = error;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            if (left <= 0) {
                throw new IOException(error);
            }
            // write at most what is left of the quota, as a short write
            long written = 0;
            for (int i = offset; i < offset + length && left > 0; i++) {
                ByteBuffer b = srcs[i];
                int limit = b.limit();
                if (b.remaining() > left) {
                    b.limit(b.position() + (int) left);
                }
                int n = out.write(b);
                b.limit(limit);
                written += n;
                left -= n;
                if (b.hasRemaining()) {
                    break;
                }
            }
            return written;
        }

        @Override
        public long write(ByteBuffer[] srcs) throws IOException {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return (int) write(new ByteBuffer[] {src}, 0, 1);
        }

        @Override
        public boolean isOpen() {
            return out.isOpen();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Reads at most {@code rate} bytes per second (a receiver slower than the link). */
    private static final class Throttled implements ScatteringByteChannel {
        private final ScatteringByteChannel in;
        private final long rate;
        private final long start = System.nanoTime();
        private long read;

        Throttled(ScatteringByteChannel in, long rate) {
            this.in = in;
            this.rate = rate;
        }

        private void pace() throws IOException {
            long due = start + read * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while pacing", e);
                }
            }
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            pace();
            long n = in.read(dsts, offset, length);
            if (n > 0) {
                read += n;
            }
            return n;
        }

        @Override
        public long read(ByteBuffer[] dsts) throws IOException {
            return read(dsts, 0, dsts.length);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            pace();
            int n = in.read(dst);
            if (n > 0) {
                read += n;
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return in.isOpen();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
