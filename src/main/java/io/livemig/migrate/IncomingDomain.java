package io.livemig.migrate;

import io.livemig.stream.XlSaveHeader;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;

/**
 * Where a receiver of xl's migration protocol puts the domain: a destination it restores into,
 * or an xl save file. What {@code xl migrate-receive} does with libxl_domain_create_restore,
 * libxl_domain_unpause and libxl_domain_destroy.
 */
public interface IncomingDomain {
    /**
     * Reads the xl header, its domain config and the libxl stream, stopping right after the
     * stream's last END (the protocol carries on over the same channel).
     *
     * @return the xl header read
     * @throws IOException naming what was wrong with the stream, or that it broke off
     */
    XlSaveHeader receive(ReadableByteChannel in) throws IOException;

    /**
     * Starts the received copy under {@code name} (renamed from NAME--incoming, unpaused); fails
     * with one line when it cannot.
     */
    void start(String name) throws IOException;

    /** Throws the copy away: it could not start, or the sender never gave its go. */
    void discard();

    /** What was received, for the receiver's summary ("restored 16384 pages ..."). */
    String describe();
}
