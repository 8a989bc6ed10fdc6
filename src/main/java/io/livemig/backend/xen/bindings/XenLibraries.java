package io.livemig.backend.xen.bindings;

import io.livemig.posix.NativeAccess;
import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads the Xen libraries, by soname, on first use (not generated: jextract's header classes load
 * their library in a static initializer, which would fail on every machine without Xen as soon
 * as a class is touched). The header classes' {@code findOrThrow} asks {@link #lookup}; nothing is
 * loaded before a binding is first called.
 *
 * <p>By default the dynamic linker finds each library by its soname on the system library path.
 * {@link #useDirectory} points at a directory instead (the CLI's {@code --xen-lib}): the library
 * and those of its dependencies found there are loaded from it, in dependency order, so that the
 * dynamic linker reuses them (it matches dependencies by soname); dependencies missing from the
 * directory come from the system. Loaded libraries stay loaded for the life of the JVM, so the
 * source is fixed by the first library that loads; a failed attempt leaves it open.
 */
@SuppressWarnings("restricted")
public final class XenLibraries {
    private static final String TOOLCORE = "libxentoolcore.so.1";
    private static final String TOOLLOG = "libxentoollog.so.1";
    private static final String CALL = "libxencall.so.1";
    private static final String EVTCHN = "libxenevtchn.so.1";
    private static final String GNTTAB = "libxengnttab.so.1";
    private static final String FOREIGNMEMORY = "libxenforeignmemory.so.1";
    private static final String DEVICEMODEL = "libxendevicemodel.so.1";
    private static final String CTRL = "libxenctrl.so.4.17";

    /** The libraries the bindings use, with the Xen libraries each needs (from their DT_NEEDED entries). */
    public enum Library {
        XENTOOLLOG(TOOLLOG, "libxentoollog1", List.of()),
        XENFOREIGNMEMORY(FOREIGNMEMORY, "libxenforeignmemory1", List.of(TOOLCORE, TOOLLOG)),
        XENCTRL(CTRL, "libxenmisc4.17", List.of(TOOLCORE, TOOLLOG, CALL, EVTCHN, GNTTAB, FOREIGNMEMORY, DEVICEMODEL)),
        XENSTORE("libxenstore.so.4", "libxenstore4", List.of(TOOLCORE)),
        XENGUEST("libxenguest.so.4.17", "libxenmisc4.17", List.of(TOOLCORE, TOOLLOG, CALL, EVTCHN, GNTTAB, FOREIGNMEMORY, DEVICEMODEL, CTRL));

        private final String soname;
        private final String debianPackage;
        private final List<String> dependencies;

        Library(String soname, String debianPackage, List<String> dependencies) {
            this.soname = soname;
            this.debianPackage = debianPackage;
            this.dependencies = dependencies;
        }

        public String soname() {
            return soname;
        }

        /** The Debian bookworm package that ships the library. */
        public String debianPackage() {
            return debianPackage;
        }

        /** Xen libraries it needs, in the order to load them from a directory. */
        public List<String> dependencies() {
            return dependencies;
        }
    }

    private static final Arena ARENA = Arena.global();
    private static final Map<Library, SymbolLookup> LOOKUPS = new EnumMap<>(Library.class);
    /** Dependencies loaded from the directory, held so that they stay loaded. */
    private static final Map<String, SymbolLookup> DEPENDENCIES = new HashMap<>();
    private static Path directory;

    private XenLibraries() {
    }

    /**
     * Chooses where libraries are loaded from: a directory, or (empty) the system library path.
     *
     * @throws XenLibraryException when the directory does not exist or has no libxenctrl.so.4.17,
     *                             or a library was already loaded from another source
     */
    public static synchronized void useDirectory(Optional<Path> dir) {
        Path wanted = dir.map(p -> p.toAbsolutePath().normalize()).orElse(null);
        if (Objects.equals(wanted, directory)) {
            return;
        }
        if (wanted != null) {
            // a directory that cannot serve is reported as such, whatever is loaded already
            checkDirectory(wanted, Library.XENCTRL);
        }
        if (!LOOKUPS.isEmpty()) {
            Library first = LOOKUPS.keySet().iterator().next();
            throw new XenLibraryException(first.soname(), wanted, XenLibraryException.Reason.OTHER_SOURCE_LOADED,
                    "the Xen libraries are already loaded from " + describe(directory) + " in this process; they cannot be loaded from "
                            + describe(wanted) + " as well");
        }
        directory = wanted;
    }

    /** The directory libraries are loaded from; empty for the system library path. */
    public static synchronized Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    public static synchronized boolean isLoaded(Library library) {
        return LOOKUPS.containsKey(library);
    }

    /**
     * The symbols of {@code library}, loading it first if needed. Symbols the library does not
     * define are looked up in the C library (for {@code free} and {@code stderr}).
     *
     * @throws XenLibraryException when the library cannot be loaded
     */
    public static synchronized SymbolLookup lookup(Library library) {
        SymbolLookup lookup = LOOKUPS.get(library);
        if (lookup == null) {
            NativeAccess.require();
            try {
                lookup = load(library).or(Linker.nativeLinker().defaultLookup());
            } catch (XenLibraryException e) {
                if (LOOKUPS.isEmpty()) {
                    directory = null; // the source is fixed by the first library loaded, not by a failed attempt
                }
                throw e;
            }
            LOOKUPS.put(library, lookup);
        }
        return lookup;
    }

    private static SymbolLookup load(Library library) {
        String soname = library.soname();
        if (directory == null) {
            try {
                return SymbolLookup.libraryLookup(soname, ARENA);
            } catch (IllegalArgumentException e) {
                throw new XenLibraryException(soname, null, XenLibraryException.Reason.NOT_FOUND,
                        soname + " could not be loaded from the system library path");
            }
        }
        Path file = checkDirectory(directory, library);
        for (String dependency : library.dependencies()) {
            Path dep = directory.resolve(dependency);
            if (!DEPENDENCIES.containsKey(dependency) && Files.exists(dep)) {
                DEPENDENCIES.put(dependency, open(dep, soname));
            }
        }
        return open(file, soname);
    }

    /** The library's file in {@code dir}, which must exist. */
    private static Path checkDirectory(Path dir, Library library) {
        String soname = library.soname();
        if (!Files.isDirectory(dir)) {
            throw new XenLibraryException(soname, dir, XenLibraryException.Reason.NO_DIRECTORY, dir + " is not a directory");
        }
        Path file = dir.resolve(soname);
        if (!Files.exists(file)) {
            throw new XenLibraryException(soname, dir, XenLibraryException.Reason.NOT_FOUND, "no " + soname + " in " + dir);
        }
        return file;
    }

    private static SymbolLookup open(Path file, String forLibrary) {
        try {
            return SymbolLookup.libraryLookup(file, ARENA);
        } catch (IllegalArgumentException e) {
            throw new XenLibraryException(forLibrary, directory, XenLibraryException.Reason.LOAD_FAILED,
                    file + " could not be loaded (a library it needs may be missing, or it is for another architecture)");
        }
    }

    private static String describe(Path dir) {
        return dir == null ? "the system library path" : dir.toString();
    }
}
