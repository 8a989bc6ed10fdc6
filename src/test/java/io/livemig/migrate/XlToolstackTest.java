package io.livemig.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.DomainException;
import io.livemig.backend.sim.SimDomain;
import io.livemig.backend.sim.SimDomainConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Xen source's identity through xl, here a stand-in xl that logs its arguments and answers as xl does. */
class XlToolstackTest {
    @TempDir
    Path dir;

    private Path log;
    private List<String> xl;

    @BeforeEach
    void fakeXl() throws Exception {
        log = dir.resolve("xl.log");
        Path script = dir.resolve("xl");
        Files.writeString(script, """
                #!/bin/sh
                echo "$*" >> '%s'
                case "$1 $2" in
                  "domid web") echo 5 ;;
                  "domid nosuch") echo "Can't get domid of domain name 'nosuch', maybe this domain does not exist." >&2; exit 1 ;;
                  "domname 5") echo web ;;
                  "rename 5") [ "$3" = taken ] && { echo "libxl: error: domain with name \\"taken\\" already exists." >&2; exit 1; } ;;
                esac
                exit 0
                """.formatted(log));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        xl = List.of(script.toString());
    }

    private List<String> calls() throws Exception {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void aDomainIsANumberOrANameXlKnows() throws Exception {
        assertEquals(7, XlToolstack.domidOf(xl, "7"));
        assertEquals(List.of(), calls(), "a domid needs no lookup");
        assertEquals(5, XlToolstack.domidOf(xl, "web"));
        assertEquals("web", XlToolstack.nameOf(xl, 5));
        assertEquals(List.of("domid web", "domname 5"), calls());
        DomainException e = assertThrows(DomainException.class, () -> XlToolstack.domidOf(xl, "nosuch"));
        assertEquals(xl.getFirst() + " domid nosuch failed (exit status 1): Can't get domid of domain name 'nosuch', maybe this"
                + " domain does not exist.", e.getMessage());
    }

    @Test
    void renameDestroyAndResume() throws Exception {
        try (SimDomain domain = SimDomainConfig.builder().pages(64).create()) {
            XlToolstack toolstack = new XlToolstack(xl, 5, "web", domain);
            toolstack.rename("web", "web--migratedaway");
            assertEquals("web--migratedaway", toolstack.name());
            DomainException wrong = assertThrows(DomainException.class, () -> toolstack.rename("web", "x"));
            assertEquals("cannot rename web to x: domid 5 is called web--migratedaway", wrong.getMessage());
            DomainException taken = assertThrows(DomainException.class, () -> toolstack.rename("web--migratedaway", "taken"));
            assertEquals(xl.getFirst() + " rename 5 taken failed (exit status 1): libxl: error: domain with name \"taken\" already"
                    + " exists.", taken.getMessage());
            assertEquals("web--migratedaway", toolstack.name(), "a failed rename keeps the name");
            domain.suspend();
            toolstack.resume();
            assertFalse(domain.isSuspended(), "resume is the backend's");
            assertFalse(toolstack.destroyed());
            toolstack.destroy();
            assertTrue(toolstack.destroyed());
            assertEquals(List.of("rename 5 web--migratedaway", "rename 5 taken", "destroy 5"), calls());
        }
    }
}
