package io.livemig.migrate;

/**
 * What the sender of a migration does to the source domain's identity, which the toolstack owns:
 * it renames the source to {@code NAME--migratedaway} before giving the receiver its go, and then
 * destroys it (the receiver runs the guest) or renames it back and resumes it (the receiver could
 * not). For Xen that is {@link XlToolstack} ({@code xl rename}, {@code xl destroy}: libxl owns the
 * domain's name and its teardown); for a simulated source, {@link SimulatedToolstack}.
 *
 * <p>Failures are {@link io.livemig.backend.DomainException}s with one line naming the command.
 */
public interface SourceToolstack {
    /** The suffix xl gives the source while the receiver takes over. */
    String MIGRATED_AWAY = "--migratedaway";

    /** The domain's name now. */
    String name();

    /** Renames the domain from {@code from} (its name now) to {@code to}. */
    void rename(String from, String to);

    /** Destroys the (suspended) source: the guest runs at the destination. */
    void destroy();

    /** Lets the suspended source run again (after the receiver could not start its copy). */
    void resume();

    /** Whether {@link #destroy()} has been done. */
    boolean destroyed();
}
