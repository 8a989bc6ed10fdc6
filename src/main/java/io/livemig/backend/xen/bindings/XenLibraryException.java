package io.livemig.backend.xen.bindings;

import java.nio.file.Path;
import java.util.Optional;

/** A Xen library could not be loaded (not generated). */
public final class XenLibraryException extends RuntimeException {

    /** Why the library could not be loaded. */
    public enum Reason {
        /** The library is not on the system library path, or not in the chosen directory. */
        NOT_FOUND,
        /** The chosen directory does not exist. */
        NO_DIRECTORY,
        /** The file exists but dlopen refused it (a library it needs is missing, or another architecture). */
        LOAD_FAILED,
        /** The libraries were already loaded from elsewhere in this JVM. */
        OTHER_SOURCE_LOADED
    }

    private final String soname;
    private final Path directory;
    private final Reason reason;

    XenLibraryException(String soname, Path directory, Reason reason, String message) {
        super(message);
        this.soname = soname;
        this.directory = directory;
        this.reason = reason;
    }

    public String soname() {
        return soname;
    }

    /** The directory the library was looked for in; empty for the system library path. */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    public Reason reason() {
        return reason;
    }
}
