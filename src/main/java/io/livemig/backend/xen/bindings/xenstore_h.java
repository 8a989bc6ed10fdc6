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
 * Bindings for {@code xenstore.h and stdlib.h} (libxenstore.so.4), loaded by {@link XenLibraries} on the first call.
 */
@SuppressWarnings("restricted")
public class xenstore_h {

    xenstore_h() {
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
        return XenLibraries.lookup(XenLibraries.Library.XENSTORE).find(symbol)
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

    /**
     * {@snippet lang=c :
     * typedef uint32_t xs_transaction_t
     * }
     */
    public static final OfInt xs_transaction_t = xenstore_h.C_INT;
    private static final int XBT_NULL = (int)0L;
    /**
     * {@snippet lang=c :
     * #define XBT_NULL 0
     * }
     */
    public static int XBT_NULL() {
        return XBT_NULL;
    }

    private static class xs_open {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenstore_h.C_POINTER,
            xenstore_h.C_LONG
        );

        public static final MemorySegment ADDR = xenstore_h.findOrThrow("xs_open");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * struct xs_handle *xs_open(unsigned long flags)
     * }
     */
    public static FunctionDescriptor xs_open$descriptor() {
        return xs_open.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * struct xs_handle *xs_open(unsigned long flags)
     * }
     */
    public static MethodHandle xs_open$handle() {
        return xs_open.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * struct xs_handle *xs_open(unsigned long flags)
     * }
     */
    public static MemorySegment xs_open$address() {
        return xs_open.ADDR;
    }

    /**
     * {@snippet lang=c :
     * struct xs_handle *xs_open(unsigned long flags)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static MemorySegment xs_open(MemorySegment callState, long flags) {
        var mh$ = xs_open.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xs_open", callState, flags);
            }
            return (MemorySegment)mh$.invokeExact(callState, flags);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xs_close {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(
            xenstore_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenstore_h.findOrThrow("xs_close");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * void xs_close(struct xs_handle *xsh)
     * }
     */
    public static FunctionDescriptor xs_close$descriptor() {
        return xs_close.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * void xs_close(struct xs_handle *xsh)
     * }
     */
    public static MethodHandle xs_close$handle() {
        return xs_close.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * void xs_close(struct xs_handle *xsh)
     * }
     */
    public static MemorySegment xs_close$address() {
        return xs_close.ADDR;
    }

    /**
     * {@snippet lang=c :
     * void xs_close(struct xs_handle *xsh)
     * }
     */
    public static void xs_close(MemorySegment xsh) {
        var mh$ = xs_close.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xs_close", xsh);
            }
            mh$.invokeExact(xsh);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xs_get_domain_path {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenstore_h.C_POINTER,
            xenstore_h.C_POINTER,
            xenstore_h.C_INT
        );

        public static final MemorySegment ADDR = xenstore_h.findOrThrow("xs_get_domain_path");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
     * }
     */
    public static FunctionDescriptor xs_get_domain_path$descriptor() {
        return xs_get_domain_path.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
     * }
     */
    public static MethodHandle xs_get_domain_path$handle() {
        return xs_get_domain_path.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
     * }
     */
    public static MemorySegment xs_get_domain_path$address() {
        return xs_get_domain_path.ADDR;
    }

    /**
     * {@snippet lang=c :
     * char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static MemorySegment xs_get_domain_path(MemorySegment callState, MemorySegment h, int domid) {
        var mh$ = xs_get_domain_path.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xs_get_domain_path", callState, h, domid);
            }
            return (MemorySegment)mh$.invokeExact(callState, h, domid);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xs_read {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenstore_h.C_POINTER,
            xenstore_h.C_POINTER,
            xenstore_h.C_INT,
            xenstore_h.C_POINTER,
            xenstore_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenstore_h.findOrThrow("xs_read");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *len)
     * }
     */
    public static FunctionDescriptor xs_read$descriptor() {
        return xs_read.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *len)
     * }
     */
    public static MethodHandle xs_read$handle() {
        return xs_read.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *len)
     * }
     */
    public static MemorySegment xs_read$address() {
        return xs_read.ADDR;
    }

    /**
     * {@snippet lang=c :
     * void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *len)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static MemorySegment xs_read(MemorySegment callState, MemorySegment h, int t, MemorySegment path, MemorySegment len) {
        var mh$ = xs_read.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xs_read", callState, h, t, path, len);
            }
            return (MemorySegment)mh$.invokeExact(callState, h, t, path, len);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xs_directory {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenstore_h.C_POINTER,
            xenstore_h.C_POINTER,
            xenstore_h.C_INT,
            xenstore_h.C_POINTER,
            xenstore_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenstore_h.findOrThrow("xs_directory");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * char **xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *num)
     * }
     */
    public static FunctionDescriptor xs_directory$descriptor() {
        return xs_directory.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * char **xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *num)
     * }
     */
    public static MethodHandle xs_directory$handle() {
        return xs_directory.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * char **xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *num)
     * }
     */
    public static MemorySegment xs_directory$address() {
        return xs_directory.ADDR;
    }

    /**
     * {@snippet lang=c :
     * char **xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *num)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static MemorySegment xs_directory(MemorySegment callState, MemorySegment h, int t, MemorySegment path, MemorySegment num) {
        var mh$ = xs_directory.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xs_directory", callState, h, t, path, num);
            }
            return (MemorySegment)mh$.invokeExact(callState, h, t, path, num);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xs_write {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenstore_h.C_BOOL,
            xenstore_h.C_POINTER,
            xenstore_h.C_INT,
            xenstore_h.C_POINTER,
            xenstore_h.C_POINTER,
            xenstore_h.C_INT
        );

        public static final MemorySegment ADDR = xenstore_h.findOrThrow("xs_write");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path, const void *data, unsigned int len)
     * }
     */
    public static FunctionDescriptor xs_write$descriptor() {
        return xs_write.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path, const void *data, unsigned int len)
     * }
     */
    public static MethodHandle xs_write$handle() {
        return xs_write.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path, const void *data, unsigned int len)
     * }
     */
    public static MemorySegment xs_write$address() {
        return xs_write.ADDR;
    }

    /**
     * {@snippet lang=c :
     * bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path, const void *data, unsigned int len)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static boolean xs_write(MemorySegment callState, MemorySegment h, int t, MemorySegment path, MemorySegment data, int len) {
        var mh$ = xs_write.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xs_write", callState, h, t, path, data, len);
            }
            return (boolean)mh$.invokeExact(callState, h, t, path, data, len);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xs_transaction_start {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenstore_h.C_INT,
            xenstore_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenstore_h.findOrThrow("xs_transaction_start");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * xs_transaction_t xs_transaction_start(struct xs_handle *h)
     * }
     */
    public static FunctionDescriptor xs_transaction_start$descriptor() {
        return xs_transaction_start.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * xs_transaction_t xs_transaction_start(struct xs_handle *h)
     * }
     */
    public static MethodHandle xs_transaction_start$handle() {
        return xs_transaction_start.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * xs_transaction_t xs_transaction_start(struct xs_handle *h)
     * }
     */
    public static MemorySegment xs_transaction_start$address() {
        return xs_transaction_start.ADDR;
    }

    /**
     * {@snippet lang=c :
     * xs_transaction_t xs_transaction_start(struct xs_handle *h)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xs_transaction_start(MemorySegment callState, MemorySegment h) {
        var mh$ = xs_transaction_start.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xs_transaction_start", callState, h);
            }
            return (int)mh$.invokeExact(callState, h);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xs_transaction_end {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenstore_h.C_BOOL,
            xenstore_h.C_POINTER,
            xenstore_h.C_INT,
            xenstore_h.C_BOOL
        );

        public static final MemorySegment ADDR = xenstore_h.findOrThrow("xs_transaction_end");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort)
     * }
     */
    public static FunctionDescriptor xs_transaction_end$descriptor() {
        return xs_transaction_end.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort)
     * }
     */
    public static MethodHandle xs_transaction_end$handle() {
        return xs_transaction_end.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort)
     * }
     */
    public static MemorySegment xs_transaction_end$address() {
        return xs_transaction_end.ADDR;
    }

    /**
     * {@snippet lang=c :
     * bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static boolean xs_transaction_end(MemorySegment callState, MemorySegment h, int t, boolean abort) {
        var mh$ = xs_transaction_end.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xs_transaction_end", callState, h, t, abort);
            }
            return (boolean)mh$.invokeExact(callState, h, t, abort);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xs_resume_domain {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenstore_h.C_BOOL,
            xenstore_h.C_POINTER,
            xenstore_h.C_INT
        );

        public static final MemorySegment ADDR = xenstore_h.findOrThrow("xs_resume_domain");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * bool xs_resume_domain(struct xs_handle *h, unsigned int domid)
     * }
     */
    public static FunctionDescriptor xs_resume_domain$descriptor() {
        return xs_resume_domain.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * bool xs_resume_domain(struct xs_handle *h, unsigned int domid)
     * }
     */
    public static MethodHandle xs_resume_domain$handle() {
        return xs_resume_domain.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * bool xs_resume_domain(struct xs_handle *h, unsigned int domid)
     * }
     */
    public static MemorySegment xs_resume_domain$address() {
        return xs_resume_domain.ADDR;
    }

    /**
     * {@snippet lang=c :
     * bool xs_resume_domain(struct xs_handle *h, unsigned int domid)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static boolean xs_resume_domain(MemorySegment callState, MemorySegment h, int domid) {
        var mh$ = xs_resume_domain.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xs_resume_domain", callState, h, domid);
            }
            return (boolean)mh$.invokeExact(callState, h, domid);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class free {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(
            xenstore_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenstore_h.findOrThrow("free");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * void free(void *__ptr)
     * }
     */
    public static FunctionDescriptor free$descriptor() {
        return free.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * void free(void *__ptr)
     * }
     */
    public static MethodHandle free$handle() {
        return free.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * void free(void *__ptr)
     * }
     */
    public static MemorySegment free$address() {
        return free.ADDR;
    }

    /**
     * {@snippet lang=c :
     * void free(void *__ptr)
     * }
     */
    public static void free(MemorySegment __ptr) {
        var mh$ = free.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("free", __ptr);
            }
            mh$.invokeExact(__ptr);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }
}
