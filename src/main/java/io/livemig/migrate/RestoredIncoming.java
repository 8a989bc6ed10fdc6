package io.livemig.migrate;

import io.livemig.backend.DestinationDomain;
import io.livemig.engine.RestoreEngine;
import io.livemig.engine.RestoreResult;
import io.livemig.stream.StreamFormatException;
import io.livemig.stream.StreamFraming;
import io.livemig.stream.XlSaveHeader;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.Locale;

/**
 * An incoming domain restored into a {@link DestinationDomain} ({@link RestoreEngine}, which stops
 * right after the stream's END): it starts when the restore completed and the caller's check
 * (a digest, say) passes.
 */
public final class RestoredIncoming implements IncomingDomain {
    /** What must hold before the domain starts; throws with one line when it does not. */
    @FunctionalInterface
    public interface StartCheck {
        void check() throws IOException;
    }

    private final DestinationDomain destination;
    private final StartCheck check;
    private RestoreResult restored;

    public RestoredIncoming(DestinationDomain destination, StartCheck check) {
        this.destination = destination;
        this.check = check;
    }

    @Override
    public XlSaveHeader receive(ReadableByteChannel in) throws IOException {
        restored = new RestoreEngine(destination, false).restore(in);
        if (restored.framing() != StreamFraming.XL) {
            throw new StreamFormatException("a " + restored.framing().name().toLowerCase(Locale.ROOT)
                    + " stream without an xl header: xl's migration protocol sends an xl save file");
        }
        return restored.xlHeader();
    }

    @Override
    public void start(String name) throws IOException {
        if (restored == null || !destination.isComplete()) {
            throw new IOException("the destination is not complete");
        }
        check.check();
    }

    /** The destination's memory goes with it; nothing is running to stop. */
    @Override
    public void discard() {
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%d records, %d pages%s, %d bytes in %.3f s", restored.records(), restored.pagesWritten(),
                restored.pagesVerified() > 0 ? " and " + restored.pagesVerified() + " compared after VERIFY" : "",
                restored.bytesRead(), restored.elapsed().toNanos() / 1e9);
    }

    /** What the restore read and applied (after {@link #receive}). */
    public RestoreResult restored() {
        return restored;
    }
}
