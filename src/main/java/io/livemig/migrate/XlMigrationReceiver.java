package io.livemig.migrate;

import io.livemig.stream.XlSaveHeader;
import java.io.IOException;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The receiving side of xl's migration protocol (migrate_receive in Xen 4.17's
 * tools/xl/xl_migrate.c), towards any sender of it (a stock {@code xl migrate}, or
 * {@code livemig migrate}):
 * <ol>
 *   <li>send the banner;</li>
 *   <li>read the xl header, the domain config and the libxl stream into the
 *       {@link IncomingDomain} (named {@code NAME--incoming} until the go);</li>
 *   <li>send "ready";</li>
 *   <li>wait for the go;</li>
 *   <li>rename to NAME and start the copy;</li>
 *   <li>send the report and its status byte: 0 when the copy started; else (the go did not
 *       come, or the copy could not start) destroy the copy and send the permission to resume.</li>
 * </ol>
 * As in xl, a failure to send or a stream that does not arrive whole ends the receive with
 * nothing more sent: the sender reads the end of the connection and resumes its own copy.
 */
public final class XlMigrationReceiver {
    private static final Logger LOG = LogManager.getLogger(XlMigrationReceiver.class);
    /** The status a receiver reports for a copy that could not start: -ERROR_FAIL, as xl sends libxl's error code negated. */
    public static final int STATUS_START_FAILED = 3;
    /** The status xl reports when the go did not come (its read's -1 as a byte). */
    public static final int STATUS_NO_GO = 255;

    /** Hears what the receiver does, one line at a time. */
    public interface Listener {
        void note(String line);
    }

    /**
     * The end of a receive that got as far as the report.
     *
     * @param name     the domain's name (from its config; "incoming" when it carries none)
     * @param status   the status byte reported: 0 started, else not
     * @param failure  why the copy did not start (null when it did)
     */
    public record Outcome(String name, int status, String failure) {
        public boolean started() {
            return status == 0;
        }
    }

    /** A receive that ended before its report, naming the step; the sender resumes its copy. */
    public static final class ReceiveException extends IOException {
        ReceiveException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final MigrationLink link;
    private final IncomingDomain incoming;
    private final Listener listener;

    public XlMigrationReceiver(MigrationLink link, IncomingDomain incoming, Listener listener) {
        this.link = link;
        this.incoming = incoming;
        this.listener = listener;
    }

    /**
     * Receives one migration.
     *
     * @throws ReceiveException when the receive ended before the report (the copy is discarded)
     */
    public Outcome receive() throws ReceiveException {
        try {
            XlMessage.BANNER.write(link.send());
        } catch (IOException e) {
            throw fail("sending the banner", e);
        }
        XlSaveHeader header;
        try {
            header = incoming.receive(link.receive());
        } catch (IOException e) {
            throw fail("receiving the domain", e);
        }
        Optional<DomainConfig> config = DomainConfig.of(header);
        String name = config.flatMap(DomainConfig::name).orElse("incoming");
        listener.note("received " + name + "--incoming (" + config.map(DomainConfig::describe).orElse("no domain config") + "): "
                + incoming.describe());
        try {
            XlMessage.READY.write(link.send());
        } catch (IOException e) {
            throw fail("sending \"ready\"", e);
        }
        listener.note("transfer complete, requesting permission to start the domain");
        int status = 0;
        String failure = null;
        try {
            XlMessage.GO.read(link.receive());
            listener.note("got permission, starting " + name);
            try {
                incoming.start(name);
            } catch (IOException | RuntimeException e) {
                status = STATUS_START_FAILED;
                failure = "the domain could not start: " + message(e);
            }
        } catch (IOException e) {
            status = STATUS_NO_GO;
            failure = "no go from the sender: " + message(e);
        }
        try {
            XlMessage.REPORT.write(link.send());
            XlMessage.writeStatus(link.send(), status);
        } catch (IOException e) {
            if (status != 0) {
                incoming.discard();
            }
            throw fail("sending the report (status " + status + ")", e);
        }
        if (status == 0) {
            listener.note(name + " started");
            return new Outcome(name, 0, null);
        }
        listener.note(failure + "; destroying our copy");
        incoming.discard();
        try {
            XlMessage.GO.write(link.send());
            listener.note("granted the sender permission to resume its copy");
        } catch (IOException e) {
            throw fail(failure + "; then sending the permission to resume", e);
        }
        return new Outcome(name, status, failure);
    }

    private ReceiveException fail(String step, IOException e) {
        incoming.discard();
        LOG.info("migration receive failed at {}: {}", step, message(e));
        return new ReceiveException(step + " failed: " + message(e), e);
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
