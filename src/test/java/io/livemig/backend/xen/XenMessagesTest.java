package io.livemig.backend.xen;

import io.livemig.posix.Errno;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.DomainException;
import io.livemig.backend.xen.bindings.XenLibraries;
import io.livemig.backend.xen.bindings.XenLibraryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-line messages of the Xen backend's failures, and the checks made before any Xen call. */
class XenMessagesTest {
    @TempDir
    Path tmp;

    @Test
    void aFailedCallNamesTheCallItsArgumentsAndErrno() {
        XenCallException e = new XenCallException("xc_logdirty_control", "domid 5, CLEAN", 22);
        assertEquals("xc_logdirty_control(domid 5, CLEAN) failed: errno 22 (EINVAL: Invalid argument)", e.getMessage());
        assertEquals("xc_logdirty_control", e.call());
        assertEquals("domid 5, CLEAN", e.arguments());
        assertEquals(22, e.errno());
        assertEquals("EINVAL", e.errnoName());
        assertInstanceOf(DomainException.class, e);
    }

    @Test
    void detailsAndMissingErrnoAreWrittenAsSuch() {
        assertEquals("xs_open(0) failed: errno 2 (ENOENT: No such file or directory); is xenstored running?",
                new XenCallException("xs_open", "0", 2, "is xenstored running?").getMessage());
        assertEquals("xc_cpu_policy_init() failed", new XenCallException("xc_cpu_policy_init", "", 0).getMessage());
        assertEquals("xc_version(XENVER_version) failed: errno 999 (unknown error)",
                new XenCallException("xc_version", "XENVER_version", 999).getMessage());
    }

    @Test
    void errnoNamesAndTexts() {
        assertEquals("errno 11 (EAGAIN: Resource temporarily unavailable)", Errno.describe(11));
        assertEquals("errno 3 (ESRCH: No such process)", Errno.describe(Errno.ESRCH));
        assertEquals("EACCES", Errno.name(Errno.EACCES));
        assertEquals("Operation not permitted", Errno.text(Errno.EPERM));
        assertEquals("errno 41", Errno.name(41));
        assertEquals("errno 0", Errno.name(0));
        assertEquals("errno -5", Errno.name(-5));
        assertEquals("unknown error 4000", Errno.text(4000));
    }

    @Test
    void unavailabilityIsOneLineSayingWhatIsMissingAndWhatToDo() {
        assertEquals("Xen is not available: not running in a Xen dom0 (no /dev/xen/privcmd); run as root in dom0",
                XenUnavailableException.noPrivcmd(Path.of("/dev/xen/privcmd")).getMessage());
        assertEquals("Xen is not available: permission denied on /dev/xen/privcmd; run as root in dom0",
                XenUnavailableException.privcmdDenied(Path.of("/dev/xen/privcmd")).getMessage());
        assertEquals("Xen is not available: this domain is not dom0 (/proc/xen/capabilities has no control_d); run as root in dom0",
                XenUnavailableException.notDom0(Path.of("/proc/xen/capabilities")).getMessage());
    }

    @Test
    void interfaceOpenErrnoMapsToTheRightMessage() {
        Path privcmd = Path.of("/dev/xen/privcmd");
        assertEquals(XenUnavailableException.noPrivcmd(privcmd).getMessage(),
                XenUnavailableException.interfaceOpenFailed(Errno.ENOENT, privcmd).getMessage());
        assertEquals(XenUnavailableException.privcmdDenied(privcmd).getMessage(),
                XenUnavailableException.interfaceOpenFailed(Errno.EACCES, privcmd).getMessage());
        assertEquals(XenUnavailableException.privcmdDenied(privcmd).getMessage(),
                XenUnavailableException.interfaceOpenFailed(Errno.EPERM, privcmd).getMessage());
        DomainException other = XenUnavailableException.interfaceOpenFailed(12, privcmd);
        assertInstanceOf(XenCallException.class, other);
        assertEquals("xc_interface_open() failed: errno 12 (ENOMEM: Cannot allocate memory)", other.getMessage());
    }

    @Test
    void privcmdIsCheckedBeforeAnyXenCall() throws IOException {
        Path privcmd = tmp.resolve("privcmd");
        Path capabilities = tmp.resolve("capabilities");
        XenUnavailableException missing = assertThrows(XenUnavailableException.class, () -> XenHost.checkDom0(privcmd, capabilities));
        assertEquals("Xen is not available: not running in a Xen dom0 (no " + privcmd + "); run as root in dom0", missing.getMessage());

        Files.writeString(privcmd, "");
        XenHost.checkDom0(privcmd, capabilities); // no xenfs mounted: nothing more to check

        Files.writeString(capabilities, "");
        XenUnavailableException domU = assertThrows(XenUnavailableException.class, () -> XenHost.checkDom0(privcmd, capabilities));
        assertTrue(domU.getMessage().contains("is not dom0"), domU.getMessage());

        Files.writeString(capabilities, "control_d\n");
        XenHost.checkDom0(privcmd, capabilities);
    }

    @Test
    void aLibraryDirectoryThatCannotServeIsRefusedWithoutChangingTheSource() {
        Optional<Path> before = XenLibraries.directory();
        XenLibraryException none = assertThrows(XenLibraryException.class,
                () -> XenLibraries.useDirectory(Optional.of(tmp.resolve("none"))));
        assertEquals(XenLibraryException.Reason.NO_DIRECTORY, none.reason());
        XenLibraryException empty = assertThrows(XenLibraryException.class, () -> XenLibraries.useDirectory(Optional.of(tmp)));
        assertEquals(XenLibraryException.Reason.NOT_FOUND, empty.reason());
        assertEquals("libxenctrl.so.4.17", empty.soname());
        assertEquals(Optional.of(tmp), empty.directory());
        assertEquals(before, XenLibraries.directory());
        assertEquals("Xen is not available: no libxenctrl.so.4.17 in " + tmp
                        + "; install Debian's libxen-dev (or libxenmisc4.17), or point --xen-lib at the libraries",
                XenUnavailableException.library(empty, "libxen-dev (or libxenmisc4.17)").getMessage());
        assertEquals("Xen is not available: --xen-lib " + tmp.resolve("none")
                        + " is not a directory; point --xen-lib at the directory holding libxenctrl.so.4.17",
                XenUnavailableException.library(none, "libxen-dev (or libxenmisc4.17)").getMessage());
    }

    @Test
    void onlyGuestDomidsCanBeOpened() {
        assertEquals("domid 0 is dom0, the control domain: it cannot be saved; give a guest's domid (1..32751)",
                assertThrows(DomainException.class, () -> XenDomain.checkGuestDomid(0)).getMessage());
        assertEquals("domid 32752 is not a guest domain id (1..32751)",
                assertThrows(DomainException.class, () -> XenDomain.checkGuestDomid(32752)).getMessage());
        assertEquals("domid -1 is not a guest domain id (1..32751)",
                assertThrows(DomainException.class, () -> XenDomain.checkGuestDomid(-1)).getMessage());
        XenDomain.checkGuestDomid(1);
        XenDomain.checkGuestDomid(32751);
    }

    @Test
    void libraryLogLevels() {
        assertEquals(9, XenLogger.level("critical"));
        assertEquals(9, XenLogger.level(XenLogger.DEFAULT_LEVEL));
        assertEquals(10, XenLogger.level("OFF"));
        assertEquals(1, XenLogger.level("debug"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> XenLogger.level("loud"));
        assertTrue(e.getMessage().startsWith("-Dlivemig.xen.libraryLogLevel=loud: expected debug"), e.getMessage());
    }

    @Test
    void theGuestAcknowledgesBySayingAnythingButSuspend() {
        assertFalse(CooperativeSuspendHook.acknowledged("suspend"));
        assertTrue(CooperativeSuspendHook.acknowledged(""));
        assertTrue(CooperativeSuspendHook.acknowledged(null));
        assertTrue(CooperativeSuspendHook.acknowledged("poweroff"));
        assertThrows(IllegalArgumentException.class, () -> new CooperativeSuspendHook(java.time.Duration.ZERO));
    }
}
