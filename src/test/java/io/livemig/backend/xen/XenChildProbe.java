package io.livemig.backend.xen;

import io.livemig.backend.DomainException;
import io.livemig.backend.xen.bindings.ErrnoCapture;
import io.livemig.backend.xen.bindings.XenLibraries;
import io.livemig.backend.xen.bindings.xenctrl_h;
import java.lang.foreign.Arena;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Run in a child JVM by {@link XenWithoutXenTest}: what opening Xen does on a machine without it,
 * with the process's own stderr left for the test to inspect. Prints one result line on stdout.
 * <ul>
 *   <li>{@code open [DIR]}: XenHost.open, from DIR when given, then where libxenctrl was mapped from;</li>
 *   <li>{@code xc-open quiet|default}: xc_interface_open with the quiet logger, or with none (the
 *       library then logs to stderr itself).</li>
 * </ul>
 */
public final class XenChildProbe {
    private XenChildProbe() {
    }

    public static void main(String[] args) {
        switch (args[0]) {
            case "open" -> open(args.length > 1 ? Optional.of(Path.of(args[1])) : Optional.empty());
            case "xc-open" -> interfaceOpen(args[1].equals("quiet"));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void open(Optional<Path> dir) {
        try (XenHost host = XenHost.open(dir)) {
            System.out.println("OPENED Xen " + host.xenMajor() + "." + host.xenMinor());
        } catch (XenUnavailableException e) {
            System.out.println("UNAVAILABLE " + e.getMessage());
        } catch (DomainException e) {
            System.out.println("FAILED " + e.getMessage());
        }
        // where libxenctrl was loaded from, if it was
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            maps.map(l -> l.substring(l.lastIndexOf(' ') + 1)).filter(f -> f.contains("libxenctrl.so")).distinct()
                    .forEach(f -> System.out.println("MAPPED " + f));
        } catch (IOException e) {
            System.out.println("MAPS " + e);
        }
    }

    private static void interfaceOpen(boolean quiet) {
        XenLibraries.lookup(XenLibraries.Library.XENCTRL);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment callState = ErrnoCapture.allocate(arena);
            MemorySegment logger = quiet ? XenLogger.create(callState) : MemorySegment.NULL;
            MemorySegment xch = xenctrl_h.xc_interface_open(callState, logger, logger, 0);
            int errno = ErrnoCapture.errno(callState);
            if (xch.equals(MemorySegment.NULL)) {
                System.out.println("NULL errno " + errno);
            } else {
                xenctrl_h.xc_interface_close(callState, xch);
                System.out.println("OPENED");
            }
        }
    }
}
