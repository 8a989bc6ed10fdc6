// Written by hand in jextract's shape from native-headers/ (jextract was not available here); native-headers/README.md lists where it departs from what jextract generates
package io.livemig.backend.xen.bindings;
import java.lang.invoke.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
import java.util.*;
import java.util.function.*;
import java.util.stream.*;

import static java.lang.foreign.ValueLayout.*;
import static java.lang.foreign.MemoryLayout.PathElement.*;
/**
 * Bindings for {@code xentoollog.h and stdio.h} (libxentoollog.so.1), loaded by {@link XenLibraries} on the first call.
 */
@SuppressWarnings("restricted")
public class xentoollog_h {

    xentoollog_h() {
        // Should not be called directly
    }

    static final boolean TRACE_DOWNCALLS = Boolean.getBoolean("jextract.trace.downcalls");

    static void traceDowncall(String name, Object... args) {
         String traceArgs = Arrays.stream(args)
                       .map(Object::toString)
                       .collect(Collectors.joining(", "));
         System.out.printf("%s(%s)\n", name, traceArgs);
    }

    static MemorySegment findOrThrow(String symbol) {
        return XenLibraries.lookup(XenLibraries.Library.XENTOOLLOG).find(symbol)
            .orElseThrow(() -> new UnsatisfiedLinkError("unresolved symbol: " + symbol));
    }

    public static final ValueLayout.OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final ValueLayout.OfDouble C_DOUBLE = ValueLayout.JAVA_DOUBLE;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    private static final int XTL_NONE = (int)0L;
    /**
     * {@snippet lang=c :
     * enum xentoollog_level.XTL_NONE = 0
     * }
     */
    public static int XTL_NONE() {
        return XTL_NONE;
    }
    private static final int XTL_DEBUG = (int)1L;
    /**
     * {@snippet lang=c :
     * enum xentoollog_level.XTL_DEBUG = 1
     * }
     */
    public static int XTL_DEBUG() {
        return XTL_DEBUG;
    }
    private static final int XTL_VERBOSE = (int)2L;
    /**
     * {@snippet lang=c :
     * enum xentoollog_level.XTL_VERBOSE = 2
     * }
     */
    public static int XTL_VERBOSE() {
        return XTL_VERBOSE;
    }
    private static final int XTL_DETAIL = (int)3L;
    /**
     * {@snippet lang=c :
     * enum xentoollog_level.XTL_DETAIL = 3
     * }
     */
    public static int XTL_DETAIL() {
        return XTL_DETAIL;
    }
    private static final int XTL_PROGRESS = (int)4L;
    /**
     * {@snippet lang=c :
     * enum xentoollog_level.XTL_PROGRESS = 4
     * }
     */
    public static int XTL_PROGRESS() {
        return XTL_PROGRESS;
    }
    private static final int XTL_INFO = (int)5L;
    /**
     * {@snippet lang=c :
     * enum xentoollog_level.XTL_INFO = 5
     * }
     */
    public static int XTL_INFO() {
        return XTL_INFO;
    }
    private static final int XTL_NOTICE = (int)6L;
    /**
     * {@snippet lang=c :
     * enum xentoollog_level.XTL_NOTICE = 6
     * }
     */
    public static int XTL_NOTICE() {
        return XTL_NOTICE;
    }
    private static final int XTL_WARN = (int)7L;
    /**
     * {@snippet lang=c :
     * enum xentoollog_level.XTL_WARN = 7
     * }
     */
    public static int XTL_WARN() {
        return XTL_WARN;
    }
    private static final int XTL_ERROR = (int)8L;
    /**
     * {@snippet lang=c :
     * enum xentoollog_level.XTL_ERROR = 8
     * }
     */
    public static int XTL_ERROR() {
        return XTL_ERROR;
    }
    private static final int XTL_CRITICAL = (int)9L;
    /**
     * {@snippet lang=c :
     * enum xentoollog_level.XTL_CRITICAL = 9
     * }
     */
    public static int XTL_CRITICAL() {
        return XTL_CRITICAL;
    }
    private static final int XTL_NUM_LEVELS = (int)10L;
    /**
     * {@snippet lang=c :
     * enum xentoollog_level.XTL_NUM_LEVELS = 10
     * }
     */
    public static int XTL_NUM_LEVELS() {
        return XTL_NUM_LEVELS;
    }

    private static class stderr$constants {
        public static final AddressLayout LAYOUT = xentoollog_h.C_POINTER;
        public static final MemorySegment SEGMENT = xentoollog_h.findOrThrow("stderr").reinterpret(LAYOUT.byteSize());
    }

    /**
     * Layout for variable:
     * {@snippet lang=c :
     * extern FILE *stderr
     * }
     */
    public static AddressLayout stderr$layout() {
        return stderr$constants.LAYOUT;
    }

    /**
     * Segment for variable:
     * {@snippet lang=c :
     * extern FILE *stderr
     * }
     */
    public static MemorySegment stderr$segment() {
        return stderr$constants.SEGMENT;
    }

    /**
     * Getter for variable:
     * {@snippet lang=c :
     * extern FILE *stderr
     * }
     */
    public static MemorySegment stderr() {
        return stderr$constants.SEGMENT.get(stderr$constants.LAYOUT, 0L);
    }

    /**
     * Setter for variable:
     * {@snippet lang=c :
     * extern FILE *stderr
     * }
     */
    public static void stderr(MemorySegment varValue) {
        stderr$constants.SEGMENT.set(stderr$constants.LAYOUT, 0L, varValue);
    }

    private static class xtl_createlogger_stdiostream {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xentoollog_h.C_POINTER,
            xentoollog_h.C_POINTER,
            xentoollog_h.C_INT,
            xentoollog_h.C_INT
        );

        public static final MemorySegment ADDR = xentoollog_h.findOrThrow("xtl_createlogger_stdiostream");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * xentoollog_logger_stdiostream *xtl_createlogger_stdiostream(FILE *f, xentoollog_level min_level, unsigned int flags)
     * }
     */
    public static FunctionDescriptor xtl_createlogger_stdiostream$descriptor() {
        return xtl_createlogger_stdiostream.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * xentoollog_logger_stdiostream *xtl_createlogger_stdiostream(FILE *f, xentoollog_level min_level, unsigned int flags)
     * }
     */
    public static MethodHandle xtl_createlogger_stdiostream$handle() {
        return xtl_createlogger_stdiostream.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * xentoollog_logger_stdiostream *xtl_createlogger_stdiostream(FILE *f, xentoollog_level min_level, unsigned int flags)
     * }
     */
    public static MemorySegment xtl_createlogger_stdiostream$address() {
        return xtl_createlogger_stdiostream.ADDR;
    }

    /**
     * {@snippet lang=c :
     * xentoollog_logger_stdiostream *xtl_createlogger_stdiostream(FILE *f, xentoollog_level min_level, unsigned int flags)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static MemorySegment xtl_createlogger_stdiostream(MemorySegment callState, MemorySegment f, int min_level, int flags) {
        var mh$ = xtl_createlogger_stdiostream.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xtl_createlogger_stdiostream", callState, f, min_level, flags);
            }
            return (MemorySegment)mh$.invokeExact(callState, f, min_level, flags);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xtl_logger_destroy {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(
            xentoollog_h.C_POINTER
        );

        public static final MemorySegment ADDR = xentoollog_h.findOrThrow("xtl_logger_destroy");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * void xtl_logger_destroy(struct xentoollog_logger *logger)
     * }
     */
    public static FunctionDescriptor xtl_logger_destroy$descriptor() {
        return xtl_logger_destroy.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * void xtl_logger_destroy(struct xentoollog_logger *logger)
     * }
     */
    public static MethodHandle xtl_logger_destroy$handle() {
        return xtl_logger_destroy.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * void xtl_logger_destroy(struct xentoollog_logger *logger)
     * }
     */
    public static MemorySegment xtl_logger_destroy$address() {
        return xtl_logger_destroy.ADDR;
    }

    /**
     * {@snippet lang=c :
     * void xtl_logger_destroy(struct xentoollog_logger *logger)
     * }
     */
    public static void xtl_logger_destroy(MemorySegment logger) {
        var mh$ = xtl_logger_destroy.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xtl_logger_destroy", logger);
            }
            mh$.invokeExact(logger);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }
}
