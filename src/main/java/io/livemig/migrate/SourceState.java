package io.livemig.migrate;

/** Where the guest is after a migration that did not complete. */
public enum SourceState {
    /** The source runs, under its own name, log-dirty off; the receiver has no running copy. */
    RUNS_ON,
    /** The source could not be resumed: it is suspended here (its name restored), nothing runs. */
    SUSPENDED,
    /**
     * After the go: the receiver may or may not run its copy; the source is suspended here under
     * {@code NAME--migratedaway}, and nothing was destroyed. Someone must check both ends.
     */
    UNDEFINED
}
