package io.livemig.backend.xen;

import io.livemig.posix.Errno;
import io.livemig.backend.DomainException;
import io.livemig.backend.xen.bindings.XenLibraryException;
import java.nio.file.Path;

/**
 * Xen cannot be used from this process: a library is missing, this is not a Xen dom0, or the
 * privileges are lacking. The message is one line saying what is missing and how to get it.
 */
public class XenUnavailableException extends DomainException {
    static final String PREFIX = "Xen is not available: ";
    private static final String RUN_IN_DOM0 = "run as root in dom0";

    /**
     * Xen is unavailable for the reason {@code message} gives.
     *
     * @param message one line saying what is missing and how to get it
     */
    public XenUnavailableException(String message) {
        super(message);
    }

    /** A library that could not be loaded. */
    static XenUnavailableException library(XenLibraryException e, String installHint) {
        String soname = e.soname();
        String fix = "install Debian's " + installHint + ", or point --xen-lib at the libraries";
        String message = switch (e.reason()) {
            case NOT_FOUND -> e.directory()
                    .map(dir -> "no " + soname + " in " + dir + "; " + fix)
                    .orElse(soname + " could not be loaded from the system library path; " + fix);
            case NO_DIRECTORY -> "--xen-lib " + e.directory().map(Path::toString).orElse("") + " is not a directory; point --xen-lib at the directory holding " + soname;
            case LOAD_FAILED -> e.getMessage() + "; " + fix;
            case OTHER_SOURCE_LOADED -> e.getMessage();
        };
        return new XenUnavailableException(PREFIX + message);
    }

    /** No {@code /dev/xen/privcmd}: not a Xen domain, or xen-privcmd not loaded. */
    static XenUnavailableException noPrivcmd(Path privcmd) {
        return new XenUnavailableException(PREFIX + "not running in a Xen dom0 (no " + privcmd + "); " + RUN_IN_DOM0);
    }

    static XenUnavailableException privcmdDenied(Path privcmd) {
        return new XenUnavailableException(PREFIX + "permission denied on " + privcmd + "; " + RUN_IN_DOM0);
    }

    /** {@code /proc/xen/capabilities} exists and does not say {@code control_d}: a domU. */
    static XenUnavailableException notDom0(Path capabilities) {
        return new XenUnavailableException(PREFIX + "this domain is not dom0 (" + capabilities + " has no control_d); " + RUN_IN_DOM0);
    }

    /** xc_interface_open failed with {@code errno}: the privcmd errors become this exception, others are none of its business. */
    static DomainException interfaceOpenFailed(int errno, Path privcmd) {
        return switch (errno) {
            case Errno.ENOENT -> noPrivcmd(privcmd);
            case Errno.EACCES, Errno.EPERM -> privcmdDenied(privcmd);
            default -> new XenCallException("xc_interface_open", "", errno);
        };
    }
}
