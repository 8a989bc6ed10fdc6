package io.livemig.migrate;

import static io.livemig.migrate.ScriptedReceiver.read;
import static io.livemig.migrate.ScriptedReceiver.send;
import static io.livemig.migrate.ScriptedReceiver.sendBytes;
import static io.livemig.migrate.ScriptedReceiver.status;
import static io.livemig.migrate.ScriptedReceiver.stream;
import static io.livemig.migrate.ScriptedReceiver.streamBytes;
import static io.livemig.migrate.ScriptedReceiver.toTheEnd;
import static io.livemig.migrate.ScriptedReceiver.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.DomainException;
import io.livemig.backend.sim.SimDestination;
import io.livemig.backend.sim.SimDomain;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.backend.sim.Workload;
import io.livemig.engine.SaveAbortedException;
import io.livemig.engine.SaveEngine;
import io.livemig.engine.SaveException;
import io.livemig.engine.SaveOptions;
import io.livemig.policy.PolicySpec;
import io.livemig.testing.Await;
import java.io.IOException;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sender against a scripted receiver over pipes, with a simulated source whose writers run:
 * the happy path (the destination equals the source at suspend, the source is destroyed), and a
 * fault at each step, each leaving the source as xl's protocol requires: before the go running
 * under its name with log-dirty off; after a failure report renamed back and resumed; after the
 * go as it was (suspended, renamed away, nothing destroyed).
 */
@Timeout(60)
class XlMigrationSenderTest {
    private static final int PAGES = 4096;
    private static final String NAME = "guest1";
    private static final String AWAY = NAME + "--migratedaway";

    private SimDomain source;
    private SimDestination destination;
    private SimulatedToolstack toolstack;
    private Pipe toReceiver;
    private Pipe toSender;
    private final List<String> notes = new ArrayList<>();

    @BeforeEach
    void guest() throws IOException {
        source = SimDomainConfig.builder().name(NAME).pages(PAGES).seed(9).prefill(true)
                .workload(Workload.parse("uniform:rate=20000,seed=9")).create();
        destination = SimDomainConfig.builder().pages(PAGES).createDestination();
        toolstack = new SimulatedToolstack(source, NAME);
        toReceiver = Pipe.open();
        toSender = Pipe.open();
    }

    @AfterEach
    void close() {
        source.close();
        destination.close();
    }

    private ScriptedReceiver receiver(ScriptedReceiver.Step... script) {
        return ScriptedReceiver.start(toReceiver.source(), toSender.sink(), () -> {
            try (Pipe.SourceChannel in = toReceiver.source()) {
                toSender.sink().close();
            }
        }, script);
    }

    private XlMigrationSender sender(SourceToolstack identity) {
        MigrationLink link = new ChannelLink(toReceiver.sink(), toSender.source(), "pipes", () -> {
            try (Pipe.SinkChannel out = toReceiver.sink()) {
                toSender.source().close();
            }
        });
        return new XlMigrationSender(link, identity, source, DomainConfig.simulated(NAME, (long) PAGES << 12),
                new XlMigrationSender.Listener() {
                    @Override
                    public void note(String line) {
                        synchronized (notes) {
                            notes.add(line);
                        }
                    }
                });
    }

    private XlMigrationSender.Outcome migrate(XlMigrationSender sender, String policy) throws MigrationException {
        return sender.migrate((channel, suspendWatch) -> new SaveEngine(source, channel,
                SaveOptions.builder().libxlFraming(true).policy(PolicySpec.parse(policy)).listener(suspendWatch).build()).save());
    }

    private MigrationException fails(XlMigrationSender sender, String policy) {
        return assertThrows(MigrationException.class, () -> migrate(sender, policy));
    }

    /** Before the go: the source runs under its name, log-dirty off, its writers writing, nothing destroyed. */
    private void assertRunsOn() {
        assertFalse(source.isSuspended(), "the source runs");
        assertFalse(source.logDirtyEnabled(), "log-dirty is off");
        assertEquals(NAME, toolstack.name());
        assertFalse(toolstack.destroyed());
        long writes = source.writeCount();
        Await.until(() -> source.writeCount() > writes, "the source's writers write again");
    }

    /** After the go: suspended under NAME--migratedaway, log-dirty off, not destroyed, not resumed. */
    private void assertUndefined(MigrationException e) {
        assertEquals(SourceState.UNDEFINED, e.state());
        assertTrue(source.isSuspended(), "the source was not resumed");
        assertFalse(source.logDirtyEnabled());
        assertEquals(AWAY, toolstack.name());
        assertEquals(AWAY, e.sourceName());
        assertFalse(toolstack.destroyed(), "nothing is destroyed after the go");
    }

    @Test
    void theGuestArrivesWholeAndTheSourceIsDestroyed() throws Exception {
        ScriptedReceiver r = receiver(send(XlMessage.BANNER), stream(destination), send(XlMessage.READY), read(XlMessage.GO),
                send(XlMessage.REPORT), status(0), toTheEnd());
        XlMigrationSender.Outcome outcome = migrate(sender(toolstack), "xen");
        assertEquals(List.of("sent BANNER", "read the stream", "sent READY", "read GO", "sent REPORT", "sent status 0",
                "end of the connection"), r.await());
        assertTrue(destination.isComplete());
        assertEquals(source.sourceDigest(), destination.destinationDigest(), "the destination equals the source at suspend");
        assertTrue(outcome.sourceDestroyed());
        assertTrue(toolstack.destroyed());
        assertEquals(AWAY, toolstack.name(), "renamed away before the go");
        assertTrue(source.isSuspended(), "the source never ran again");
        assertFalse(source.logDirtyEnabled());
        assertEquals(NAME, outcome.name());
        assertEquals(List.of("the receiver has the domain and is ready to unpause it", "renamed guest1 to guest1--migratedaway",
                "gave the receiver its go", "the receiver reports its copy started (status 0)",
                "destroyed the source guest1--migratedaway"), notes);
    }

    @Test
    void aWrongBannerStopsBeforeAnythingIsDoneToTheSource() throws Exception {
        ScriptedReceiver r = receiver(sendBytes("Permission denied (publickey).\nxl: command not found, sorry about that\n"
                .getBytes(StandardCharsets.US_ASCII)), toTheEnd());
        MigrationException e = fails(sender(toolstack), "xen");
        assertEquals(SenderStep.BANNER, e.step());
        assertEquals("unexpected data instead of the banner: \"Permission denied (publickey).\\nxl: command not f\"...", e.reason());
        assertEquals(SourceState.RUNS_ON, e.state());
        assertTrue(e.saved().isEmpty(), "no save ran");
        assertEquals(List.of("sent 71 bytes", "end of the connection"), r.await(), "the receiver reads the end at once");
        assertRunsOn();
    }

    @Test
    void aMissingBannerToo() throws Exception {
        ScriptedReceiver r = receiver();
        MigrationException e = fails(sender(toolstack), "xen");
        assertEquals(SenderStep.BANNER, e.step());
        assertEquals("the connection ended before the banner", e.reason());
        assertEquals(SourceState.RUNS_ON, e.state());
        r.await();
        assertRunsOn();
    }

    @Test
    void aReceiverThatDiesDuringTheStream() throws Exception {
        ScriptedReceiver r = receiver(send(XlMessage.BANNER), streamBytes(1 << 20));
        MigrationException e = fails(sender(toolstack), "xen");
        assertEquals(SenderStep.STREAM, e.step());
        assertTrue(e.reason().startsWith("save of guest1 failed: "), e.reason());
        assertEquals(SourceState.RUNS_ON, e.state());
        assertTrue(e.saveFailure().isPresent());
        assertTrue(e.saved().isPresent(), "what the save did is kept");
        assertEquals(List.of("sent BANNER", "read 1048576 bytes of the stream"), r.await());
        assertRunsOn();
    }

    @Test
    void noReadyAfterTheStream() throws Exception {
        ScriptedReceiver r = receiver(send(XlMessage.BANNER), stream(destination));
        MigrationException e = fails(sender(toolstack), "xen");
        assertEquals(SenderStep.READY, e.step());
        assertEquals("the connection ended before the ready message", e.reason());
        assertEquals(SourceState.RUNS_ON, e.state());
        assertTrue(e.saved().orElseThrow().endWrittenAt() != null, "the save had completed");
        r.await();
        assertRunsOn();
    }

    @Test
    void aFailureReportGetsThePermissionThenTheSourceIsRenamedBackAndResumed() throws Exception {
        ScriptedReceiver r = receiver(send(XlMessage.BANNER), stream(destination), send(XlMessage.READY), read(XlMessage.GO),
                send(XlMessage.REPORT), status(3), send(XlMessage.GO), toTheEnd());
        MigrationException e = fails(sender(toolstack), "xen");
        assertEquals(SenderStep.REPORT, e.step());
        assertEquals("the receiver could not start its copy (status 3) and gave the domain back", e.reason());
        assertEquals(SourceState.RUNS_ON, e.state());
        assertEquals(3, e.receiverStatus());
        assertEquals(NAME, e.sourceName());
        assertEquals(List.of("sent BANNER", "read the stream", "sent READY", "read GO", "sent REPORT", "sent status 3", "sent GO",
                "end of the connection"), r.await());
        assertRunsOn();
        assertTrue(notes.contains("renamed guest1--migratedaway back to guest1"), notes::toString);
    }

    @Test
    void aFailureReportWithoutThePermissionLeavesTheStateUndefined() throws Exception {
        ScriptedReceiver r = receiver(send(XlMessage.BANNER), stream(destination), send(XlMessage.READY), read(XlMessage.GO),
                send(XlMessage.REPORT), status(3));
        MigrationException e = fails(sender(toolstack), "xen");
        assertEquals(SenderStep.PERMISSION, e.step());
        assertEquals("the connection ended before the GO message", e.reason());
        r.await();
        assertUndefined(e);
    }

    @Test
    void aConnectionCutAfterTheGoLeavesTheStateUndefined() throws Exception {
        ScriptedReceiver r = receiver(send(XlMessage.BANNER), stream(destination), send(XlMessage.READY), read(XlMessage.GO));
        MigrationException e = fails(sender(toolstack), "xen");
        assertEquals(SenderStep.REPORT, e.step());
        assertEquals("the connection ended before the success/failure report message", e.reason());
        r.await();
        assertUndefined(e);
    }

    @Test
    void aPolicyAbortLeavesTheSourceRunningAndTheReceiverWithAnIncompleteStream() throws Exception {
        ScriptedReceiver r = receiver(send(XlMessage.BANNER), stream(destination));
        MigrationException e = fails(sender(toolstack), "abort:iteration=2");
        assertEquals(SenderStep.STREAM, e.step());
        assertInstanceOf(SaveAbortedException.class, e.saveFailure().orElseThrow());
        assertTrue(e.reason().contains("the policy answered ABORT"), e.reason());
        assertEquals(SourceState.RUNS_ON, e.state());
        List<String> seen = r.await();
        assertEquals("sent BANNER", seen.getFirst());
        assertTrue(seen.get(1).startsWith("failed: "), () -> "the receiver's restore fails: " + seen);
        assertFalse(destination.isComplete());
        assertRunsOn();
    }

    @Test
    void theRenameIsBegunWhileTheReceiverFinishesAndUndoneWhenNoReadyComes() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        ScriptedReceiver r = receiver(send(XlMessage.BANNER), stream(destination), waitFor(release));
        XlMigrationSender sender = sender(toolstack);
        CompletableFuture<MigrationException> migrating = CompletableFuture.supplyAsync(() -> fails(sender, "xen"));
        // off the downtime's path: renamed at the suspend, before the receiver's ready
        Await.until(() -> sender.step() == SenderStep.READY && toolstack.name().equals(AWAY), "the source renamed away before ready");
        release.complete(null); // the receiver ends without a ready
        MigrationException e = migrating.get(30, TimeUnit.SECONDS);
        r.await();
        assertEquals(SenderStep.READY, e.step());
        assertEquals(SourceState.RUNS_ON, e.state());
        assertRunsOn(); // under its own name again
    }

    @Test
    void aCancelWhileWaitingForReadyResumesTheSource() throws Exception {
        CompletableFuture<Void> release = new CompletableFuture<>();
        ScriptedReceiver r = receiver(send(XlMessage.BANNER), stream(destination), waitFor(release));
        XlMigrationSender sender = sender(toolstack);
        CompletableFuture<MigrationException> migrating = CompletableFuture.supplyAsync(() -> fails(sender, "xen"));
        Await.until(() -> sender.step() == SenderStep.READY, "the sender waits for ready");
        sender.cancel("SIGTERM");
        MigrationException e = migrating.get(30, TimeUnit.SECONDS);
        release.complete(null);
        r.await();
        assertEquals(SenderStep.READY, e.step());
        assertEquals("interrupted (SIGTERM)", e.reason());
        assertEquals(SourceState.RUNS_ON, e.state());
        assertRunsOn();
    }

    @Test
    void aRenameThatFailsResumesTheSource() throws Exception {
        SourceToolstack refusing = new SourceToolstack() {
            @Override
            public String name() {
                return toolstack.name();
            }

            @Override
            public void rename(String from, String to) {
                throw new DomainException("xl rename 5 " + to + " failed (exit status 1): domain name is in use");
            }

            @Override
            public void destroy() {
                toolstack.destroy();
            }

            @Override
            public void resume() {
                toolstack.resume();
            }

            @Override
            public boolean destroyed() {
                return toolstack.destroyed();
            }
        };
        ScriptedReceiver r = receiver(send(XlMessage.BANNER), stream(destination), send(XlMessage.READY), toTheEnd());
        MigrationException e = fails(sender(refusing), "xen");
        assertEquals(SenderStep.RENAME, e.step());
        assertEquals("xl rename 5 guest1--migratedaway failed (exit status 1): domain name is in use", e.reason());
        assertEquals(SourceState.RUNS_ON, e.state());
        assertEquals(List.of("sent BANNER", "read the stream", "sent READY", "end of the connection"), r.await(),
                "no go: the receiver reads the end");
        assertRunsOn();
    }

    @Test
    void aSaveThatFailsAfterItsSuspendGivesTheSourceItsNameBack() throws Exception {
        ScriptedReceiver r = receiver(send(XlMessage.BANNER), toTheEnd());
        MigrationException e = assertThrows(MigrationException.class, () -> sender(toolstack).migrate((channel, suspendWatch) -> {
            suspendWatch.suspended(Instant.now()); // the rename begins here
            Await.until(() -> toolstack.name().equals(AWAY), "renamed at the suspend");
            throw new SaveException("injected failure after the suspend", null, null); // as the engine, which resumed it
        }));
        r.await();
        assertEquals(SenderStep.STREAM, e.step());
        assertEquals("injected failure after the suspend", e.reason());
        assertEquals(NAME, toolstack.name(), "renamed back");
        assertEquals(NAME, e.sourceName());
    }

    @Test
    void aSourceThatCannotBeDestroyedIsSaidSoAndTheMigrationStandsAsInXl() throws Exception {
        SourceToolstack undying = new SourceToolstack() {
            @Override
            public String name() {
                return toolstack.name();
            }

            @Override
            public void rename(String from, String to) {
                toolstack.rename(from, to);
            }

            @Override
            public void destroy() {
                throw new DomainException("xl destroy 5 failed (exit status 1): device busy");
            }

            @Override
            public void resume() {
                toolstack.resume();
            }

            @Override
            public boolean destroyed() {
                return false;
            }
        };
        receiver(send(XlMessage.BANNER), stream(destination), send(XlMessage.READY), read(XlMessage.GO), send(XlMessage.REPORT),
                status(0), toTheEnd());
        XlMigrationSender.Outcome outcome = migrate(sender(undying), "xen");
        assertFalse(outcome.sourceDestroyed());
        assertEquals("xl destroy 5 failed (exit status 1): device busy", outcome.destroyFailure().orElseThrow());
        assertTrue(destination.isComplete());
    }
}
