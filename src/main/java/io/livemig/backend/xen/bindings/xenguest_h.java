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
 * Bindings for {@code xenguest.h} (libxenguest.so.4.17), loaded by {@link XenLibraries} on the first call.
 */
@SuppressWarnings("restricted")
public class xenguest_h {

    xenguest_h() {
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
        return XenLibraries.lookup(XenLibraries.Library.XENGUEST).find(symbol)
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

    private static class xc_domain_resume {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenguest_h.C_INT,
            xenguest_h.C_POINTER,
            xenguest_h.C_INT,
            xenguest_h.C_INT
        );

        public static final MemorySegment ADDR = xenguest_h.findOrThrow("xc_domain_resume");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_domain_resume(xc_interface *xch, uint32_t domid, int fast)
     * }
     */
    public static FunctionDescriptor xc_domain_resume$descriptor() {
        return xc_domain_resume.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_domain_resume(xc_interface *xch, uint32_t domid, int fast)
     * }
     */
    public static MethodHandle xc_domain_resume$handle() {
        return xc_domain_resume.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_domain_resume(xc_interface *xch, uint32_t domid, int fast)
     * }
     */
    public static MemorySegment xc_domain_resume$address() {
        return xc_domain_resume.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_domain_resume(xc_interface *xch, uint32_t domid, int fast)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_domain_resume(MemorySegment callState, MemorySegment xch, int domid, int fast) {
        var mh$ = xc_domain_resume.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_domain_resume", callState, xch, domid, fast);
            }
            return (int)mh$.invokeExact(callState, xch, domid, fast);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_cpu_policy_get_size {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenguest_h.C_INT,
            xenguest_h.C_POINTER,
            xenguest_h.C_POINTER,
            xenguest_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenguest_h.findOrThrow("xc_cpu_policy_get_size");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_cpu_policy_get_size(xc_interface *xch, uint32_t *nr_leaves, uint32_t *nr_msrs)
     * }
     */
    public static FunctionDescriptor xc_cpu_policy_get_size$descriptor() {
        return xc_cpu_policy_get_size.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_cpu_policy_get_size(xc_interface *xch, uint32_t *nr_leaves, uint32_t *nr_msrs)
     * }
     */
    public static MethodHandle xc_cpu_policy_get_size$handle() {
        return xc_cpu_policy_get_size.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_cpu_policy_get_size(xc_interface *xch, uint32_t *nr_leaves, uint32_t *nr_msrs)
     * }
     */
    public static MemorySegment xc_cpu_policy_get_size$address() {
        return xc_cpu_policy_get_size.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_cpu_policy_get_size(xc_interface *xch, uint32_t *nr_leaves, uint32_t *nr_msrs)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_cpu_policy_get_size(MemorySegment callState, MemorySegment xch, MemorySegment nr_leaves, MemorySegment nr_msrs) {
        var mh$ = xc_cpu_policy_get_size.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_cpu_policy_get_size", callState, xch, nr_leaves, nr_msrs);
            }
            return (int)mh$.invokeExact(callState, xch, nr_leaves, nr_msrs);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_cpu_policy_init {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenguest_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenguest_h.findOrThrow("xc_cpu_policy_init");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * xc_cpu_policy_t *xc_cpu_policy_init(void)
     * }
     */
    public static FunctionDescriptor xc_cpu_policy_init$descriptor() {
        return xc_cpu_policy_init.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * xc_cpu_policy_t *xc_cpu_policy_init(void)
     * }
     */
    public static MethodHandle xc_cpu_policy_init$handle() {
        return xc_cpu_policy_init.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * xc_cpu_policy_t *xc_cpu_policy_init(void)
     * }
     */
    public static MemorySegment xc_cpu_policy_init$address() {
        return xc_cpu_policy_init.ADDR;
    }

    /**
     * {@snippet lang=c :
     * xc_cpu_policy_t *xc_cpu_policy_init(void)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static MemorySegment xc_cpu_policy_init(MemorySegment callState) {
        var mh$ = xc_cpu_policy_init.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_cpu_policy_init", callState);
            }
            return (MemorySegment)mh$.invokeExact(callState);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_cpu_policy_destroy {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(
            xenguest_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenguest_h.findOrThrow("xc_cpu_policy_destroy");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * void xc_cpu_policy_destroy(xc_cpu_policy_t *policy)
     * }
     */
    public static FunctionDescriptor xc_cpu_policy_destroy$descriptor() {
        return xc_cpu_policy_destroy.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * void xc_cpu_policy_destroy(xc_cpu_policy_t *policy)
     * }
     */
    public static MethodHandle xc_cpu_policy_destroy$handle() {
        return xc_cpu_policy_destroy.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * void xc_cpu_policy_destroy(xc_cpu_policy_t *policy)
     * }
     */
    public static MemorySegment xc_cpu_policy_destroy$address() {
        return xc_cpu_policy_destroy.ADDR;
    }

    /**
     * {@snippet lang=c :
     * void xc_cpu_policy_destroy(xc_cpu_policy_t *policy)
     * }
     */
    public static void xc_cpu_policy_destroy(MemorySegment policy) {
        var mh$ = xc_cpu_policy_destroy.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_cpu_policy_destroy", policy);
            }
            mh$.invokeExact(policy);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_cpu_policy_get_domain {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenguest_h.C_INT,
            xenguest_h.C_POINTER,
            xenguest_h.C_INT,
            xenguest_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenguest_h.findOrThrow("xc_cpu_policy_get_domain");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_cpu_policy_get_domain(xc_interface *xch, uint32_t domid, xc_cpu_policy_t *policy)
     * }
     */
    public static FunctionDescriptor xc_cpu_policy_get_domain$descriptor() {
        return xc_cpu_policy_get_domain.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_cpu_policy_get_domain(xc_interface *xch, uint32_t domid, xc_cpu_policy_t *policy)
     * }
     */
    public static MethodHandle xc_cpu_policy_get_domain$handle() {
        return xc_cpu_policy_get_domain.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_cpu_policy_get_domain(xc_interface *xch, uint32_t domid, xc_cpu_policy_t *policy)
     * }
     */
    public static MemorySegment xc_cpu_policy_get_domain$address() {
        return xc_cpu_policy_get_domain.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_cpu_policy_get_domain(xc_interface *xch, uint32_t domid, xc_cpu_policy_t *policy)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_cpu_policy_get_domain(MemorySegment callState, MemorySegment xch, int domid, MemorySegment policy) {
        var mh$ = xc_cpu_policy_get_domain.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_cpu_policy_get_domain", callState, xch, domid, policy);
            }
            return (int)mh$.invokeExact(callState, xch, domid, policy);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_cpu_policy_serialise {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenguest_h.C_INT,
            xenguest_h.C_POINTER,
            xenguest_h.C_POINTER,
            xenguest_h.C_POINTER,
            xenguest_h.C_POINTER,
            xenguest_h.C_POINTER,
            xenguest_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenguest_h.findOrThrow("xc_cpu_policy_serialise");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_cpu_policy_serialise(xc_interface *xch, const xc_cpu_policy_t *policy, xen_cpuid_leaf_t *leaves, uint32_t *nr_leaves, xen_msr_entry_t *msrs, uint32_t *nr_msrs)
     * }
     */
    public static FunctionDescriptor xc_cpu_policy_serialise$descriptor() {
        return xc_cpu_policy_serialise.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_cpu_policy_serialise(xc_interface *xch, const xc_cpu_policy_t *policy, xen_cpuid_leaf_t *leaves, uint32_t *nr_leaves, xen_msr_entry_t *msrs, uint32_t *nr_msrs)
     * }
     */
    public static MethodHandle xc_cpu_policy_serialise$handle() {
        return xc_cpu_policy_serialise.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_cpu_policy_serialise(xc_interface *xch, const xc_cpu_policy_t *policy, xen_cpuid_leaf_t *leaves, uint32_t *nr_leaves, xen_msr_entry_t *msrs, uint32_t *nr_msrs)
     * }
     */
    public static MemorySegment xc_cpu_policy_serialise$address() {
        return xc_cpu_policy_serialise.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_cpu_policy_serialise(xc_interface *xch, const xc_cpu_policy_t *policy, xen_cpuid_leaf_t *leaves, uint32_t *nr_leaves, xen_msr_entry_t *msrs, uint32_t *nr_msrs)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_cpu_policy_serialise(MemorySegment callState, MemorySegment xch, MemorySegment policy, MemorySegment leaves, MemorySegment nr_leaves, MemorySegment msrs, MemorySegment nr_msrs) {
        var mh$ = xc_cpu_policy_serialise.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_cpu_policy_serialise", callState, xch, policy, leaves, nr_leaves, msrs, nr_msrs);
            }
            return (int)mh$.invokeExact(callState, xch, policy, leaves, nr_leaves, msrs, nr_msrs);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }
}
