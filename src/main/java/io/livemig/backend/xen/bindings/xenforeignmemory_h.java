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
 * Bindings for {@code xenforeignmemory.h and sys/mman.h} (libxenforeignmemory.so.1), loaded by {@link XenLibraries} on the first call.
 */
@SuppressWarnings("restricted")
public class xenforeignmemory_h {

    xenforeignmemory_h() {
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
        return XenLibraries.lookup(XenLibraries.Library.XENFOREIGNMEMORY).find(symbol)
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
    private static final int PROT_READ = (int)1L;
    /**
     * {@snippet lang=c :
     * #define PROT_READ 1
     * }
     */
    public static int PROT_READ() {
        return PROT_READ;
    }

    private static class xenforeignmemory_open {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenforeignmemory_h.C_POINTER,
            xenforeignmemory_h.C_POINTER,
            xenforeignmemory_h.C_INT
        );

        public static final MemorySegment ADDR = xenforeignmemory_h.findOrThrow("xenforeignmemory_open");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * xenforeignmemory_handle *xenforeignmemory_open(struct xentoollog_logger *logger, unsigned int open_flags)
     * }
     */
    public static FunctionDescriptor xenforeignmemory_open$descriptor() {
        return xenforeignmemory_open.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * xenforeignmemory_handle *xenforeignmemory_open(struct xentoollog_logger *logger, unsigned int open_flags)
     * }
     */
    public static MethodHandle xenforeignmemory_open$handle() {
        return xenforeignmemory_open.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * xenforeignmemory_handle *xenforeignmemory_open(struct xentoollog_logger *logger, unsigned int open_flags)
     * }
     */
    public static MemorySegment xenforeignmemory_open$address() {
        return xenforeignmemory_open.ADDR;
    }

    /**
     * {@snippet lang=c :
     * xenforeignmemory_handle *xenforeignmemory_open(struct xentoollog_logger *logger, unsigned int open_flags)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static MemorySegment xenforeignmemory_open(MemorySegment callState, MemorySegment logger, int open_flags) {
        var mh$ = xenforeignmemory_open.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xenforeignmemory_open", callState, logger, open_flags);
            }
            return (MemorySegment)mh$.invokeExact(callState, logger, open_flags);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xenforeignmemory_close {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenforeignmemory_h.C_INT,
            xenforeignmemory_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenforeignmemory_h.findOrThrow("xenforeignmemory_close");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xenforeignmemory_close(xenforeignmemory_handle *fmem)
     * }
     */
    public static FunctionDescriptor xenforeignmemory_close$descriptor() {
        return xenforeignmemory_close.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xenforeignmemory_close(xenforeignmemory_handle *fmem)
     * }
     */
    public static MethodHandle xenforeignmemory_close$handle() {
        return xenforeignmemory_close.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xenforeignmemory_close(xenforeignmemory_handle *fmem)
     * }
     */
    public static MemorySegment xenforeignmemory_close$address() {
        return xenforeignmemory_close.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xenforeignmemory_close(xenforeignmemory_handle *fmem)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xenforeignmemory_close(MemorySegment callState, MemorySegment fmem) {
        var mh$ = xenforeignmemory_close.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xenforeignmemory_close", callState, fmem);
            }
            return (int)mh$.invokeExact(callState, fmem);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xenforeignmemory_map2 {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenforeignmemory_h.C_POINTER,
            xenforeignmemory_h.C_POINTER,
            xenforeignmemory_h.C_INT,
            xenforeignmemory_h.C_POINTER,
            xenforeignmemory_h.C_INT,
            xenforeignmemory_h.C_INT,
            xenforeignmemory_h.C_LONG,
            xenforeignmemory_h.C_POINTER,
            xenforeignmemory_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenforeignmemory_h.findOrThrow("xenforeignmemory_map2");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * void *xenforeignmemory_map2(xenforeignmemory_handle *fmem, uint32_t dom, void *addr, int prot, int flags, size_t pages, const xen_pfn_t arr[], int err[])
     * }
     */
    public static FunctionDescriptor xenforeignmemory_map2$descriptor() {
        return xenforeignmemory_map2.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * void *xenforeignmemory_map2(xenforeignmemory_handle *fmem, uint32_t dom, void *addr, int prot, int flags, size_t pages, const xen_pfn_t arr[], int err[])
     * }
     */
    public static MethodHandle xenforeignmemory_map2$handle() {
        return xenforeignmemory_map2.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * void *xenforeignmemory_map2(xenforeignmemory_handle *fmem, uint32_t dom, void *addr, int prot, int flags, size_t pages, const xen_pfn_t arr[], int err[])
     * }
     */
    public static MemorySegment xenforeignmemory_map2$address() {
        return xenforeignmemory_map2.ADDR;
    }

    /**
     * {@snippet lang=c :
     * void *xenforeignmemory_map2(xenforeignmemory_handle *fmem, uint32_t dom, void *addr, int prot, int flags, size_t pages, const xen_pfn_t arr[], int err[])
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static MemorySegment xenforeignmemory_map2(MemorySegment callState, MemorySegment fmem, int dom, MemorySegment addr, int prot, int flags, long pages, MemorySegment arr, MemorySegment err) {
        var mh$ = xenforeignmemory_map2.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xenforeignmemory_map2", callState, fmem, dom, addr, prot, flags, pages, arr, err);
            }
            return (MemorySegment)mh$.invokeExact(callState, fmem, dom, addr, prot, flags, pages, arr, err);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xenforeignmemory_unmap {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenforeignmemory_h.C_INT,
            xenforeignmemory_h.C_POINTER,
            xenforeignmemory_h.C_POINTER,
            xenforeignmemory_h.C_LONG
        );

        public static final MemorySegment ADDR = xenforeignmemory_h.findOrThrow("xenforeignmemory_unmap");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xenforeignmemory_unmap(xenforeignmemory_handle *fmem, void *addr, size_t pages)
     * }
     */
    public static FunctionDescriptor xenforeignmemory_unmap$descriptor() {
        return xenforeignmemory_unmap.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xenforeignmemory_unmap(xenforeignmemory_handle *fmem, void *addr, size_t pages)
     * }
     */
    public static MethodHandle xenforeignmemory_unmap$handle() {
        return xenforeignmemory_unmap.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xenforeignmemory_unmap(xenforeignmemory_handle *fmem, void *addr, size_t pages)
     * }
     */
    public static MemorySegment xenforeignmemory_unmap$address() {
        return xenforeignmemory_unmap.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xenforeignmemory_unmap(xenforeignmemory_handle *fmem, void *addr, size_t pages)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xenforeignmemory_unmap(MemorySegment callState, MemorySegment fmem, MemorySegment addr, long pages) {
        var mh$ = xenforeignmemory_unmap.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xenforeignmemory_unmap", callState, fmem, addr, pages);
            }
            return (int)mh$.invokeExact(callState, fmem, addr, pages);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }
}
