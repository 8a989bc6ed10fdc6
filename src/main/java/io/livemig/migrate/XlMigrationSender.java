package io.livemig.migrate;

import io.livemig.backend.SourceDomain;
import io.livemig.engine.SaveException;
import io.livemig.engine.SaveListener;
import io.livemig.engine.SaveResult;
import io.livemig.stream.ChannelOutput;
import io.livemig.stream.StreamWriter;
import java.io.IOException;
import java.nio.channels.GatheringByteChannel;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The sending side of {@code xl migrate} (migrate_domain in Xen 4.17's tools/xl/xl_migrate.c),
 * with livemig's save in place of libxl_domain_suspend:
 * <ol>
 *   <li>read the receiver's banner;</li>
 *   <li>write the xl header with the domain's config;</li>
 *   <li>send the libxl stream of a live save ({@link StreamStep}: the engine, with its policy,
 *       control and listeners);</li>
 *   <li>read "ready";</li>
 *   <li>rename the source to {@code NAME--migratedaway}: begun as soon as the source is
 *       suspended, while the last pages go and the receiver restores them, so that the rename
 *       (an {@code xl rename} process) is not part of the guest's downtime; "renamed" is told
 *       after "ready", in xl's order, and a failure before the go renames it back;</li>
 *   <li>send "go": from here on, as in xl, nothing is undone;</li>
 *   <li>read the report and its status byte; 0: destroy the source; else read the receiver's
 *       permission, rename the source back and resume it.</li>
 * </ol>
 * A failure before the go leaves the source running under its name with log-dirty off: before
 * the stream nothing was done to it, the engine resumes it when the save fails, and after a
 * completed save (the domain suspended) this class resumes it. The sending direction is closed
 * (the receiver reads the end of the stream and discards its copy) and the receiving command's
 * exit reported. A failure after the go leaves everything as it is ({@link SourceState#UNDEFINED}).
 *
 * <p>{@link #cancel(String)} (a signal) may be called from any thread: outside the stream step it
 * closes the link, so that a read waiting for the receiver ends; the migration then fails at the
 * step it was in, as above. During the stream step the caller stops the engine itself (its
 * precopy control); a save that completes anyway is not followed by a go.
 */
public final class XlMigrationSender {
    private static final Logger LOG = LogManager.getLogger(XlMigrationSender.class);

    /** Sends the libxl stream of a live save over {@code channel} (it must not close it). */
    @FunctionalInterface
    public interface StreamStep {
        /**
         * Runs the save into {@code channel}, with {@code suspendWatch} among the engine's
         * listeners (it hears the suspend, to rename the source while the last pages go).
         */
        SaveResult send(GatheringByteChannel channel, SaveListener suspendWatch) throws SaveException;
    }

    /** Hears the steps as they begin and what they found (for progress lines). */
    public interface Listener {
        default void stepStarted(SenderStep step) {
        }

        /** One line of what happened ("the receiver reports success", "renamed x to x--migratedaway"). */
        default void note(String line) {
        }
    }

    /**
     * A completed migration: the guest runs at the destination.
     *
     * @param destroyFailure why destroying the source failed (xl carries on: the guest runs at the destination)
     */
    public record Outcome(SaveResult saved, String name, boolean sourceDestroyed, Optional<String> destroyFailure) {
    }

    private final MigrationLink link;
    private final SourceToolstack toolstack;
    private final SourceDomain domain;
    private final DomainConfig config;
    private final Listener listener;
    private volatile SenderStep step;
    private volatile String cancelled;

    /**
     * @param link      to the receiver
     * @param toolstack the source's identity (rename, destroy, resume)
     * @param domain    the source domain the stream step saves (its state is checked after a failure)
     * @param config    the config the xl header carries
     */
    public XlMigrationSender(MigrationLink link, SourceToolstack toolstack, SourceDomain domain, DomainConfig config,
                             Listener listener) {
        this.link = link;
        this.toolstack = toolstack;
        this.domain = domain;
        this.config = config;
        this.listener = listener;
    }

    /** The step in progress (null before the first). */
    public SenderStep step() {
        return step;
    }

    /**
     * Stops the migration at the step it is in (see the class comment). Only the first call counts.
     *
     * @param reason "SIGTERM", for the failure line
     */
    public void cancel(String reason) {
        if (cancelled != null) {
            return;
        }
        cancelled = reason;
        if (step != SenderStep.STREAM) {
            closeQuietly();
        }
    }

    /**
     * Migrates.
     *
     * @throws MigrationException naming the step that failed and the state it leaves
     */
    public Outcome migrate(StreamStep stream) throws MigrationException {
        String name = toolstack.name();
        enter(SenderStep.BANNER);
        try {
            XlMessage.BANNER.read(link.receive());
        } catch (IOException e) {
            throw beforeTheStream(SenderStep.BANNER, e, name);
        }
        enter(SenderStep.HEADER);
        try {
            StreamWriter.writeXlHeader(new ChannelOutput(link.send()), config.header());
        } catch (IOException e) {
            throw beforeTheStream(SenderStep.HEADER, e, name);
        }
        enter(SenderStep.STREAM);
        String away = name + SourceToolstack.MIGRATED_AWAY;
        AtomicReference<CompletableFuture<Void>> renameOnSuspend = new AtomicReference<>();
        SaveListener suspendWatch = new SaveListener() {
            @Override
            public void suspended(Instant at) {
                renameOnSuspend.set(CompletableFuture.runAsync(() -> toolstack.rename(name, away),
                        task -> Thread.ofVirtual().name("rename " + name).start(task)));
            }
        };
        SaveResult saved;
        try {
            saved = stream.send(link.send(), suspendWatch);
        } catch (SaveException e) {
            // the engine resumed the source (or says it could not): its name comes back first
            undoRename(renameOnSuspend.get(), away, name);
            Optional<String> peer = endLink();
            SourceState state = domain.isSuspended() ? SourceState.SUSPENDED : SourceState.RUNS_ON;
            throw new MigrationException(SenderStep.STREAM, e.getMessage(), state, e, null, peer, name, -1, e);
        }
        // The save is complete: the source is suspended with log-dirty off. Until the go it can still come back.
        CompletableFuture<Void> renaming = renameOnSuspend.get();
        if (renaming == null) { // a save that never told its suspend
            renaming = CompletableFuture.runAsync(() -> toolstack.rename(name, away));
        }
        enter(SenderStep.READY);
        if (cancelled != null) {
            undoRename(renaming, away, name);
            throw resumeAfterTheStream(SenderStep.READY, "interrupted (" + cancelled + ")", null, saved, name);
        }
        try {
            XlMessage.READY.read(link.receive());
        } catch (IOException e) {
            undoRename(renaming, away, name);
            throw resumeAfterTheStream(SenderStep.READY, reason(e), e, saved, name);
        }
        listener.note("the receiver has the domain and is ready to unpause it");
        enter(SenderStep.RENAME);
        try {
            renaming.join();
        } catch (CompletionException e) {
            RuntimeException failure = e.getCause() instanceof RuntimeException r ? r : e;
            throw resumeAfterTheStream(SenderStep.RENAME, message(failure), failure, saved, name);
        }
        listener.note("renamed " + name + " to " + away);
        enter(SenderStep.GO);
        if (cancelled != null) {
            // the go was not given: the guest is still ours
            renameBack(away, name);
            throw resumeAfterTheStream(SenderStep.GO, "interrupted (" + cancelled + ") before the go was given", null, saved, name);
        }
        try {
            XlMessage.GO.write(link.send());
        } catch (IOException e) {
            throw undefined(SenderStep.GO, e, saved, away);
        }
        listener.note("gave the receiver its go");
        enter(SenderStep.REPORT);
        int status;
        try {
            XlMessage.REPORT.read(link.receive());
            status = XlMessage.readStatus(link.receive());
        } catch (IOException e) {
            throw undefined(SenderStep.REPORT, e, saved, away);
        }
        if (status != 0) {
            return targetFailed(status, saved, name, away);
        }
        listener.note("the receiver reports its copy started (status 0)");
        enter(SenderStep.DESTROY);
        Optional<String> destroyFailure = Optional.empty();
        try {
            toolstack.destroy();
            listener.note("destroyed the source " + away);
        } catch (RuntimeException e) {
            // as xl: the guest runs at the destination whatever became of the source
            destroyFailure = Optional.of(message(e));
        }
        // as xl, which exits here: the receiving command finishes on its own
        closeQuietly();
        return new Outcome(saved, name, toolstack.destroyed(), destroyFailure);
    }

    /** The receiver could not start its copy: wait for its permission, then rename back and resume ours. */
    private Outcome targetFailed(int status, SaveResult saved, String name, String away) throws MigrationException {
        listener.note("the receiver reports a startup failure (status " + status + ")");
        enter(SenderStep.PERMISSION);
        try {
            XlMessage.GO.read(link.receive());
        } catch (IOException e) {
            throw undefined(SenderStep.PERMISSION, e, saved, away);
        }
        listener.note("the receiver has destroyed its copy and given the domain back");
        String renameFailure = renameBack(away, name);
        enter(SenderStep.RESUME);
        Optional<String> peer = endLink();
        String reason = "the receiver could not start its copy (status " + status + ") and gave the domain back"
                + (renameFailure == null ? "" : "; renaming back failed: " + renameFailure);
        try {
            toolstack.resume();
        } catch (RuntimeException e) {
            throw new MigrationException(SenderStep.RESUME, reason + "; resuming failed: " + message(e), SourceState.SUSPENDED,
                    null, saved, peer, toolstack.name(), status, e);
        }
        throw new MigrationException(SenderStep.REPORT, reason, SourceState.RUNS_ON, null, saved, peer, toolstack.name(),
                status, null);
    }

    /** A failure before the go, with the rename begun (or not: null): once it is done, renamed back (when it was renamed). */
    private void undoRename(CompletableFuture<Void> renaming, String away, String name) {
        if (renaming == null) {
            return;
        }
        try {
            renaming.join();
        } catch (CompletionException e) {
            return; // it was never renamed
        }
        renameBack(away, name);
    }

    /** Renames the source back; returns why it failed, or null (xl carries on either way). */
    private String renameBack(String away, String name) {
        try {
            toolstack.rename(away, name);
            listener.note("renamed " + away + " back to " + name);
            return null;
        } catch (RuntimeException e) {
            LOG.warn("renaming {} back to {} failed: {}", away, name, message(e));
            return message(e);
        }
    }

    /** Before the stream: nothing was done to the source. */
    private MigrationException beforeTheStream(SenderStep failed, IOException e, String name) {
        Optional<String> peer = endLink();
        return new MigrationException(failed, reason(e), SourceState.RUNS_ON, null, null, peer, name, -1, e);
    }

    /** After a completed save, before the go: the receiver gets the end of the stream, the source runs again. */
    private MigrationException resumeAfterTheStream(SenderStep failed, String reason, Exception e, SaveResult saved,
                                                    String name) {
        Optional<String> peer = endLink();
        SourceState state = SourceState.RUNS_ON;
        String line = reason;
        enter(SenderStep.RESUME);
        try {
            toolstack.resume();
        } catch (RuntimeException resumeFailure) {
            state = SourceState.SUSPENDED;
            line = reason + "; resuming the source failed: " + message(resumeFailure);
            if (e != null) {
                e.addSuppressed(resumeFailure);
            }
        }
        return new MigrationException(failed, line, state, null, saved, peer, toolstack.name(), -1, e);
    }

    /** After the go: xl's "failed_badly". Nothing is undone. */
    private MigrationException undefined(SenderStep failed, IOException e, SaveResult saved, String away) {
        Optional<String> peer = endLink();
        return new MigrationException(failed, reason(e), SourceState.UNDEFINED, null, saved, peer, away, -1, e);
    }

    /** Closes our sending direction and the link, and says what became of the receiving command. */
    private Optional<String> endLink() {
        try {
            link.closeSend();
        } catch (IOException e) {
            LOG.debug("closing the sending side of {}: {}", link.description(), e.getMessage());
        }
        Optional<String> peer = link.peerOutcome();
        closeQuietly();
        return peer;
    }

    private void enter(SenderStep next) {
        step = next;
        listener.stepStarted(next);
        LOG.info("migration step: {}", next.text());
    }

    /** Why a read or write failed: the cancel that closed the link, or the error. */
    private String reason(IOException e) {
        String why = cancelled;
        return why != null ? "interrupted (" + why + ")" : message(e);
    }

    private void closeQuietly() {
        try {
            link.close();
        } catch (IOException e) {
            LOG.debug("closing {}: {}", link.description(), e.getMessage());
        }
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
