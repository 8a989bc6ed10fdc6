package io.livemig.migrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.sim.SimDestination;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.transport.Endpoint;
import io.livemig.transport.StreamTarget;
import io.livemig.transport.TargetOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The receiver against what a stock {@code xl migrate} sends (the stream it wrote in the lab,
 * replayed with xl's sender steps): it restores the memory xl sent, and answers as xl's receiver
 * does; a go that does not come, a copy that cannot start, a stream that breaks off.
 */
@Timeout(60)
class XlMigrationReceiverTest {
    @TempDir
    Path dir;

    private Pipe toReceiver;
    private Pipe toSender;
    private SimDestination destination;
    private final List<String> notes = new ArrayList<>();

    @BeforeEach
    void pipes() throws IOException {
        toReceiver = Pipe.open();
        toSender = Pipe.open();
        destination = SimDomainConfig.builder().size(8L << 30).createDestination();
    }

    @AfterEach
    void close() {
        destination.close();
    }

    /** The stream a live xl migrate of the lab's PVH guest sent (xl header, libxl JSON config, libxl stream). */
    private static byte[] xenStream() throws IOException {
        try (InputStream in = new GZIPInputStream(XlMigrationReceiverTest.class.getResourceAsStream("/xen-streams/xl-migrate-pvh.xl.gz"))) {
            return in.readAllBytes();
        }
    }

    private static Properties xenStreamFacts() throws IOException {
        Properties p = new Properties();
        try (InputStream in = XlMigrationReceiverTest.class.getResourceAsStream("/xen-streams/xl-migrate-pvh.properties")) {
            p.load(in);
        }
        return p;
    }

    /** Receives on the receiver's ends of the pipes, then closes them (as the command does when the protocol ends). */
    private XlMigrationReceiver.Outcome receive(IncomingDomain incoming) throws Exception {
        try (MigrationLink link = receiverLink()) {
            return new XlMigrationReceiver(link, incoming, line -> {
                synchronized (notes) {
                    notes.add(line);
                }
            }).receive();
        }
    }

    private MigrationLink receiverLink() {
        return new ChannelLink(toSender.sink(), toReceiver.source(), "pipes", () -> {
            try (Pipe.SinkChannel out = toSender.sink()) {
                toReceiver.source().close();
            }
        });
    }

    /** xl's sending steps (migrate_domain), scripted: what the sender does after the stream, and what it read. */
    private CompletableFuture<List<String>> xlSender(byte[] stream, byte[] go, boolean expectPermission) {
        return CompletableFuture.supplyAsync(() -> {
            List<String> seen = new ArrayList<>();
            try (Pipe.SinkChannel out = toReceiver.sink(); Pipe.SourceChannel in = toSender.source()) {
                XlMessage.BANNER.read(in);
                seen.add("banner");
                ByteBuffer b = ByteBuffer.wrap(stream);
                while (b.hasRemaining()) {
                    out.write(b);
                }
                XlMessage.READY.read(in);
                seen.add("ready");
                out.write(ByteBuffer.wrap(go));
                XlMessage.REPORT.read(in);
                seen.add("status " + XlMessage.readStatus(in));
                if (expectPermission) {
                    XlMessage.GO.read(in);
                    seen.add("permission");
                }
                seen.add(in.read(ByteBuffer.allocate(1)) < 0 ? "end" : "more bytes");
            } catch (IOException e) {
                seen.add("failed: " + e.getMessage());
            }
            return seen;
        }, task -> Thread.ofPlatform().daemon().name("xl-sender").start(task));
    }

    @Test
    void aStockXlMigrateIsReceivedAndStarted() throws Exception {
        Properties facts = xenStreamFacts();
        RestoredIncoming incoming = new RestoredIncoming(destination, () -> { });
        CompletableFuture<List<String>> xl = xlSender(xenStream(), XlMessage.GO.bytes(), false);
        XlMigrationReceiver.Outcome outcome = receive(incoming);
        assertEquals(List.of("banner", "ready", "status 0", "end"), xl.get(30, TimeUnit.SECONDS));
        assertTrue(outcome.started());
        assertEquals("livemig-pvh", outcome.name());
        assertNull(outcome.failure());
        assertTrue(destination.isComplete());
        assertEquals(facts.getProperty("digest"), destination.destinationDigest(), "the memory xl sent");
        assertEquals(Long.parseLong(facts.getProperty("pages")), incoming.restored().pagesWritten());
        assertTrue(notes.getFirst().startsWith("received livemig-pvh--incoming (libxl JSON, 854 bytes): "), notes::toString);
        assertEquals("livemig-pvh started", notes.getLast());
    }

    @Test
    void aGoThatDoesNotComeIsReportedAs255AndThePermissionGiven() throws Exception {
        byte[] wrongGo = "domain is YOURS, you are cleared to unpause\0".getBytes(StandardCharsets.US_ASCII);
        CompletableFuture<List<String>> xl = xlSender(xenStream(), wrongGo, true);
        XlMigrationReceiver.Outcome outcome = receive(new RestoredIncoming(destination, () -> { }));
        assertEquals(List.of("banner", "ready", "status 255", "permission", "end"), xl.get(30, TimeUnit.SECONDS));
        assertFalse(outcome.started());
        assertEquals(XlMigrationReceiver.STATUS_NO_GO, outcome.status());
        assertTrue(outcome.failure().startsWith("no go from the sender: unexpected data instead of the GO message"), outcome.failure());
    }

    @Test
    void aCopyThatCannotStartIsReportedAs3AndThePermissionGiven() throws Exception {
        CompletableFuture<List<String>> xl = xlSender(xenStream(), XlMessage.GO.bytes(), true);
        XlMigrationReceiver.Outcome outcome = receive(new RestoredIncoming(destination, () -> {
            throw new IOException("the received memory's digest 00 is not the expected 11");
        }));
        assertEquals(List.of("banner", "ready", "status 3", "permission", "end"), xl.get(30, TimeUnit.SECONDS));
        assertEquals(XlMigrationReceiver.STATUS_START_FAILED, outcome.status());
        assertEquals("the domain could not start: the received memory's digest 00 is not the expected 11", outcome.failure());
        assertTrue(notes.contains("the domain could not start: the received memory's digest 00 is not the expected 11;"
                + " destroying our copy"), notes::toString);
    }

    @Test
    void aStreamThatBreaksOffEndsTheReceiveWithNothingMoreSent() throws Exception {
        byte[] whole = xenStream();
        byte[] half = java.util.Arrays.copyOf(whole, whole.length / 2);
        // a sender that fails half-way through its stream and closes it (as xl does when libxl's save fails)
        CompletableFuture<List<String>> xl = CompletableFuture.supplyAsync(() -> {
            List<String> seen = new ArrayList<>();
            try (Pipe.SourceChannel in = toSender.source()) {
                try (Pipe.SinkChannel out = toReceiver.sink()) {
                    XlMessage.BANNER.read(in);
                    seen.add("banner");
                    out.write(ByteBuffer.wrap(half));
                }
                seen.add(in.read(ByteBuffer.allocate(1)) < 0 ? "end" : "more bytes");
            } catch (IOException e) {
                seen.add("failed: " + e.getMessage());
            }
            return seen;
        }, task -> Thread.ofPlatform().daemon().name("xl-sender").start(task));
        XlMigrationReceiver.ReceiveException e = assertThrows(XlMigrationReceiver.ReceiveException.class,
                () -> receive(new RestoredIncoming(destination, () -> { })));
        assertTrue(e.getMessage().startsWith("receiving the domain failed: "), e.getMessage());
        assertEquals(List.of("banner", "end"), xl.get(30, TimeUnit.SECONDS), "no ready, nothing more");
        assertFalse(destination.isComplete());
    }

    @Test
    void intoAnXlSaveFileThatTakesItsNameWhenTheDomainStarts() throws Exception {
        byte[] stream = xenStream();
        Path file = dir.resolve("guest.xl");
        CompletableFuture<List<String>> xl = xlSender(stream, XlMessage.GO.bytes(), false);
        SaveFileIncoming incoming = new SaveFileIncoming(StreamTarget.open(new Endpoint.File(file), TargetOptions.defaults()));
        XlMigrationReceiver.Outcome outcome = receive(incoming);
        assertEquals(List.of("banner", "ready", "status 0", "end"), xl.get(30, TimeUnit.SECONDS));
        assertTrue(outcome.started());
        assertArrayEquals(stream, Files.readAllBytes(file), "the file is the stream xl sent, byte for byte");
    }

    @Test
    void anXlSaveFileOfACopyThatDidNotStartIsNotLeft() throws Exception {
        Path file = dir.resolve("guest.xl");
        byte[] wrongGo = "domain is YOURS, you are cleared to unpause\0".getBytes(StandardCharsets.US_ASCII);
        CompletableFuture<List<String>> xl = xlSender(xenStream(), wrongGo, true);
        SaveFileIncoming incoming = new SaveFileIncoming(StreamTarget.open(new Endpoint.File(file), TargetOptions.defaults()));
        XlMigrationReceiver.Outcome outcome = receive(incoming);
        assertEquals(List.of("banner", "ready", "status 255", "permission", "end"), xl.get(30, TimeUnit.SECONDS));
        assertFalse(outcome.started());
        assertFalse(Files.exists(file), "no file under the name");
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "no temporary file either");
        }
    }
}
