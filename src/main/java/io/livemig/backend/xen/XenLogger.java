package io.livemig.backend.xen;

import io.livemig.backend.xen.bindings.ErrnoCapture;
import io.livemig.backend.xen.bindings.xentoollog_h;
import java.lang.foreign.MemorySegment;
import java.util.Locale;

/**
 * The logger handed to libxenctrl and libxenforeignmemory in place of their own: given no logger
 * they create one that prints every error to stderr ("xencall: error: Could not obtain handle on
 * privileged command interface: No such file or directory"), which the CLI must not show next to
 * its own one-line message. This one writes to stderr too, but only at or above a level that
 * silences everything the save path can trigger; each failure is reported by a
 * {@link XenCallException} instead. The level can be lowered for debugging with
 * {@code -Dlivemig.xen.libraryLogLevel=debug|verbose|detail|progress|info|notice|warn|error|critical|off}.
 */
final class XenLogger {
    static final String LEVEL_PROPERTY = "livemig.xen.libraryLogLevel";
    static final String DEFAULT_LEVEL = "critical";

    private XenLogger() {
    }

    /** The xentoollog level for a name of {@link #LEVEL_PROPERTY}; "off" is XTL_NUM_LEVELS, above every message. */
    static int level(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "debug" -> xentoollog_h.XTL_DEBUG();
            case "verbose" -> xentoollog_h.XTL_VERBOSE();
            case "detail" -> xentoollog_h.XTL_DETAIL();
            case "progress" -> xentoollog_h.XTL_PROGRESS();
            case "info" -> xentoollog_h.XTL_INFO();
            case "notice" -> xentoollog_h.XTL_NOTICE();
            case "warn" -> xentoollog_h.XTL_WARN();
            case "error" -> xentoollog_h.XTL_ERROR();
            case "critical" -> xentoollog_h.XTL_CRITICAL();
            case "off" -> xentoollog_h.XTL_NUM_LEVELS();
            default -> throw new IllegalArgumentException("-D" + LEVEL_PROPERTY + "=" + name
                    + ": expected debug, verbose, detail, progress, info, notice, warn, error, critical or off");
        };
    }

    /** A stderr logger at the configured level (xtl_createlogger_stdiostream); free it with xtl_logger_destroy. */
    static MemorySegment create(MemorySegment callState) {
        String name = System.getProperty(LEVEL_PROPERTY, DEFAULT_LEVEL);
        int level = level(name);
        MemorySegment logger = xentoollog_h.xtl_createlogger_stdiostream(callState, xentoollog_h.stderr(), level, 0);
        if (logger.equals(MemorySegment.NULL)) {
            throw XenCallException.failed(callState, "xtl_createlogger_stdiostream", "stderr, " + name);
        }
        return logger;
    }
}
