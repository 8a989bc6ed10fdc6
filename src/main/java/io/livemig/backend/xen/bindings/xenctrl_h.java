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
 * Bindings for {@code xenctrl.h, xen/domctl.h, xen/hvm/params.h and the local xc_get_pfn_type_batch.h} (libxenctrl.so.4.17), loaded by {@link XenLibraries} on the first call.
 */
@SuppressWarnings("restricted")
public class xenctrl_h {

    xenctrl_h() {
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
        return XenLibraries.lookup(XenLibraries.Library.XENCTRL).find(symbol)
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
     * typedef uint16_t domid_t
     * }
     */
    public static final OfShort domid_t = xenctrl_h.C_SHORT;

    /**
     * {@snippet lang=c :
     * typedef unsigned long xen_pfn_t
     * }
     */
    public static final OfLong xen_pfn_t = xenctrl_h.C_LONG;

    /**
     * {@snippet lang=c :
     * typedef uint8_t xen_domain_handle_t[16]
     * }
     */
    public static final SequenceLayout xen_domain_handle_t = MemoryLayout.sequenceLayout(16, xenctrl_h.C_CHAR);
    private static final int XC_PAGE_SHIFT = (int)12L;
    /**
     * {@snippet lang=c :
     * #define XC_PAGE_SHIFT 12
     * }
     */
    public static int XC_PAGE_SHIFT() {
        return XC_PAGE_SHIFT;
    }
    private static final long XC_PAGE_SIZE = 4096L;
    /**
     * {@snippet lang=c :
     * #define XC_PAGE_SIZE 4096
     * }
     */
    public static long XC_PAGE_SIZE() {
        return XC_PAGE_SIZE;
    }
    private static final int DOMID_FIRST_RESERVED = (int)32752L;
    /**
     * {@snippet lang=c :
     * #define DOMID_FIRST_RESERVED 32752
     * }
     */
    public static int DOMID_FIRST_RESERVED() {
        return DOMID_FIRST_RESERVED;
    }
    private static final int DOMID_XEN = (int)32754L;
    /**
     * {@snippet lang=c :
     * #define DOMID_XEN 32754
     * }
     */
    public static int DOMID_XEN() {
        return DOMID_XEN;
    }
    private static final int XEN_DOMCTL_get_ext_vcpucontext = (int)43L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMCTL_get_ext_vcpucontext 43
     * }
     */
    public static int XEN_DOMCTL_get_ext_vcpucontext() {
        return XEN_DOMCTL_get_ext_vcpucontext;
    }
    private static final int XEN_DOMCTL_getvcpuextstate = (int)63L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMCTL_getvcpuextstate 63
     * }
     */
    public static int XEN_DOMCTL_getvcpuextstate() {
        return XEN_DOMCTL_getvcpuextstate;
    }
    private static final int XEN_DOMCTL_get_vcpu_msrs = (int)72L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMCTL_get_vcpu_msrs 72
     * }
     */
    public static int XEN_DOMCTL_get_vcpu_msrs() {
        return XEN_DOMCTL_get_vcpu_msrs;
    }
    private static final int XEN_X86_EMU_LAPIC = (int)1L;
    /**
     * {@snippet lang=c :
     * #define XEN_X86_EMU_LAPIC 1
     * }
     */
    public static int XEN_X86_EMU_LAPIC() {
        return XEN_X86_EMU_LAPIC;
    }
    private static final int XENVER_version = (int)0L;
    /**
     * {@snippet lang=c :
     * #define XENVER_version 0
     * }
     */
    public static int XENVER_version() {
        return XENVER_version;
    }
    private static final int SHUTDOWN_poweroff = (int)0L;
    /**
     * {@snippet lang=c :
     * #define SHUTDOWN_poweroff 0
     * }
     */
    public static int SHUTDOWN_poweroff() {
        return SHUTDOWN_poweroff;
    }
    private static final int SHUTDOWN_reboot = (int)1L;
    /**
     * {@snippet lang=c :
     * #define SHUTDOWN_reboot 1
     * }
     */
    public static int SHUTDOWN_reboot() {
        return SHUTDOWN_reboot;
    }
    private static final int SHUTDOWN_suspend = (int)2L;
    /**
     * {@snippet lang=c :
     * #define SHUTDOWN_suspend 2
     * }
     */
    public static int SHUTDOWN_suspend() {
        return SHUTDOWN_suspend;
    }
    private static final int SHUTDOWN_crash = (int)3L;
    /**
     * {@snippet lang=c :
     * #define SHUTDOWN_crash 3
     * }
     */
    public static int SHUTDOWN_crash() {
        return SHUTDOWN_crash;
    }
    private static final int SHUTDOWN_watchdog = (int)4L;
    /**
     * {@snippet lang=c :
     * #define SHUTDOWN_watchdog 4
     * }
     */
    public static int SHUTDOWN_watchdog() {
        return SHUTDOWN_watchdog;
    }
    private static final int SHUTDOWN_soft_reset = (int)5L;
    /**
     * {@snippet lang=c :
     * #define SHUTDOWN_soft_reset 5
     * }
     */
    public static int SHUTDOWN_soft_reset() {
        return SHUTDOWN_soft_reset;
    }
    private static final int XEN_DOMINF_dying = (int)1L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMINF_dying 1
     * }
     */
    public static int XEN_DOMINF_dying() {
        return XEN_DOMINF_dying;
    }
    private static final int XEN_DOMINF_hvm_guest = (int)2L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMINF_hvm_guest 2
     * }
     */
    public static int XEN_DOMINF_hvm_guest() {
        return XEN_DOMINF_hvm_guest;
    }
    private static final int XEN_DOMINF_shutdown = (int)4L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMINF_shutdown 4
     * }
     */
    public static int XEN_DOMINF_shutdown() {
        return XEN_DOMINF_shutdown;
    }
    private static final int XEN_DOMINF_paused = (int)8L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMINF_paused 8
     * }
     */
    public static int XEN_DOMINF_paused() {
        return XEN_DOMINF_paused;
    }
    private static final int XEN_DOMINF_blocked = (int)16L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMINF_blocked 16
     * }
     */
    public static int XEN_DOMINF_blocked() {
        return XEN_DOMINF_blocked;
    }
    private static final int XEN_DOMINF_running = (int)32L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMINF_running 32
     * }
     */
    public static int XEN_DOMINF_running() {
        return XEN_DOMINF_running;
    }
    private static final int XEN_DOMINF_shutdownmask = (int)255L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMINF_shutdownmask 255
     * }
     */
    public static int XEN_DOMINF_shutdownmask() {
        return XEN_DOMINF_shutdownmask;
    }
    private static final int XEN_DOMINF_shutdownshift = (int)16L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMINF_shutdownshift 16
     * }
     */
    public static int XEN_DOMINF_shutdownshift() {
        return XEN_DOMINF_shutdownshift;
    }
    private static final int XEN_DOMCTL_SHADOW_OP_OFF = (int)0L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMCTL_SHADOW_OP_OFF 0
     * }
     */
    public static int XEN_DOMCTL_SHADOW_OP_OFF() {
        return XEN_DOMCTL_SHADOW_OP_OFF;
    }
    private static final int XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY = (int)2L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY 2
     * }
     */
    public static int XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY() {
        return XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY;
    }
    private static final int XEN_DOMCTL_SHADOW_OP_CLEAN = (int)11L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMCTL_SHADOW_OP_CLEAN 11
     * }
     */
    public static int XEN_DOMCTL_SHADOW_OP_CLEAN() {
        return XEN_DOMCTL_SHADOW_OP_CLEAN;
    }
    private static final int XEN_DOMCTL_SHADOW_OP_PEEK = (int)12L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMCTL_SHADOW_OP_PEEK 12
     * }
     */
    public static int XEN_DOMCTL_SHADOW_OP_PEEK() {
        return XEN_DOMCTL_SHADOW_OP_PEEK;
    }
    private static final int XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL = (int)1L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL 1
     * }
     */
    public static int XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL() {
        return XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL;
    }
    private static final int XEN_DOMCTL_PFINFO_LTAB_SHIFT = (int)28L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMCTL_PFINFO_LTAB_SHIFT 28
     * }
     */
    public static int XEN_DOMCTL_PFINFO_LTAB_SHIFT() {
        return XEN_DOMCTL_PFINFO_LTAB_SHIFT;
    }
    private static final int XEN_DOMCTL_PFINFO_NOTAB = (int)0L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMCTL_PFINFO_NOTAB 0
     * }
     */
    public static int XEN_DOMCTL_PFINFO_NOTAB() {
        return XEN_DOMCTL_PFINFO_NOTAB;
    }
    private static final int XEN_DOMCTL_PFINFO_L1TAB = (int)268435456L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMCTL_PFINFO_L1TAB 268435456
     * }
     */
    public static int XEN_DOMCTL_PFINFO_L1TAB() {
        return XEN_DOMCTL_PFINFO_L1TAB;
    }
    private static final int XEN_DOMCTL_PFINFO_L2TAB = (int)536870912L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMCTL_PFINFO_L2TAB 536870912
     * }
     */
    public static int XEN_DOMCTL_PFINFO_L2TAB() {
        return XEN_DOMCTL_PFINFO_L2TAB;
    }
    private static final int XEN_DOMCTL_PFINFO_L3TAB = (int)805306368L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMCTL_PFINFO_L3TAB 805306368
     * }
     */
    public static int XEN_DOMCTL_PFINFO_L3TAB() {
        return XEN_DOMCTL_PFINFO_L3TAB;
    }
    private static final int XEN_DOMCTL_PFINFO_L4TAB = (int)1073741824L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMCTL_PFINFO_L4TAB 1073741824
     * }
     */
    public static int XEN_DOMCTL_PFINFO_L4TAB() {
        return XEN_DOMCTL_PFINFO_L4TAB;
    }
    private static final int XEN_DOMCTL_PFINFO_LTABTYPE_MASK = (int)1879048192L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMCTL_PFINFO_LTABTYPE_MASK 1879048192
     * }
     */
    public static int XEN_DOMCTL_PFINFO_LTABTYPE_MASK() {
        return XEN_DOMCTL_PFINFO_LTABTYPE_MASK;
    }
    private static final int XEN_DOMCTL_PFINFO_LPINTAB = (int)-2147483648L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMCTL_PFINFO_LPINTAB 2147483648
     * }
     */
    public static int XEN_DOMCTL_PFINFO_LPINTAB() {
        return XEN_DOMCTL_PFINFO_LPINTAB;
    }
    private static final int XEN_DOMCTL_PFINFO_XTAB = (int)-268435456L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMCTL_PFINFO_XTAB 4026531840
     * }
     */
    public static int XEN_DOMCTL_PFINFO_XTAB() {
        return XEN_DOMCTL_PFINFO_XTAB;
    }
    private static final int XEN_DOMCTL_PFINFO_XALLOC = (int)-536870912L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMCTL_PFINFO_XALLOC 3758096384
     * }
     */
    public static int XEN_DOMCTL_PFINFO_XALLOC() {
        return XEN_DOMCTL_PFINFO_XALLOC;
    }
    private static final int XEN_DOMCTL_PFINFO_BROKEN = (int)-805306368L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMCTL_PFINFO_BROKEN 3489660928
     * }
     */
    public static int XEN_DOMCTL_PFINFO_BROKEN() {
        return XEN_DOMCTL_PFINFO_BROKEN;
    }
    private static final int XEN_DOMCTL_PFINFO_LTAB_MASK = (int)-268435456L;
    /**
     * {@snippet lang=c :
     * #define XEN_DOMCTL_PFINFO_LTAB_MASK 4026531840
     * }
     */
    public static int XEN_DOMCTL_PFINFO_LTAB_MASK() {
        return XEN_DOMCTL_PFINFO_LTAB_MASK;
    }
    private static final int HVM_PARAM_CALLBACK_IRQ = (int)0L;
    /**
     * {@snippet lang=c :
     * #define HVM_PARAM_CALLBACK_IRQ 0
     * }
     */
    public static int HVM_PARAM_CALLBACK_IRQ() {
        return HVM_PARAM_CALLBACK_IRQ;
    }
    private static final int HVM_PARAM_STORE_PFN = (int)1L;
    /**
     * {@snippet lang=c :
     * #define HVM_PARAM_STORE_PFN 1
     * }
     */
    public static int HVM_PARAM_STORE_PFN() {
        return HVM_PARAM_STORE_PFN;
    }
    private static final int HVM_PARAM_IOREQ_PFN = (int)5L;
    /**
     * {@snippet lang=c :
     * #define HVM_PARAM_IOREQ_PFN 5
     * }
     */
    public static int HVM_PARAM_IOREQ_PFN() {
        return HVM_PARAM_IOREQ_PFN;
    }
    private static final int HVM_PARAM_BUFIOREQ_PFN = (int)6L;
    /**
     * {@snippet lang=c :
     * #define HVM_PARAM_BUFIOREQ_PFN 6
     * }
     */
    public static int HVM_PARAM_BUFIOREQ_PFN() {
        return HVM_PARAM_BUFIOREQ_PFN;
    }
    private static final int HVM_PARAM_VIRIDIAN = (int)9L;
    /**
     * {@snippet lang=c :
     * #define HVM_PARAM_VIRIDIAN 9
     * }
     */
    public static int HVM_PARAM_VIRIDIAN() {
        return HVM_PARAM_VIRIDIAN;
    }
    private static final int HVM_PARAM_IDENT_PT = (int)12L;
    /**
     * {@snippet lang=c :
     * #define HVM_PARAM_IDENT_PT 12
     * }
     */
    public static int HVM_PARAM_IDENT_PT() {
        return HVM_PARAM_IDENT_PT;
    }
    private static final int HVM_PARAM_CONSOLE_PFN = (int)17L;
    /**
     * {@snippet lang=c :
     * #define HVM_PARAM_CONSOLE_PFN 17
     * }
     */
    public static int HVM_PARAM_CONSOLE_PFN() {
        return HVM_PARAM_CONSOLE_PFN;
    }
    private static final int HVM_PARAM_ACPI_IOPORTS_LOCATION = (int)19L;
    /**
     * {@snippet lang=c :
     * #define HVM_PARAM_ACPI_IOPORTS_LOCATION 19
     * }
     */
    public static int HVM_PARAM_ACPI_IOPORTS_LOCATION() {
        return HVM_PARAM_ACPI_IOPORTS_LOCATION;
    }
    private static final int HVM_PARAM_PAGING_RING_PFN = (int)27L;
    /**
     * {@snippet lang=c :
     * #define HVM_PARAM_PAGING_RING_PFN 27
     * }
     */
    public static int HVM_PARAM_PAGING_RING_PFN() {
        return HVM_PARAM_PAGING_RING_PFN;
    }
    private static final int HVM_PARAM_MONITOR_RING_PFN = (int)28L;
    /**
     * {@snippet lang=c :
     * #define HVM_PARAM_MONITOR_RING_PFN 28
     * }
     */
    public static int HVM_PARAM_MONITOR_RING_PFN() {
        return HVM_PARAM_MONITOR_RING_PFN;
    }
    private static final int HVM_PARAM_SHARING_RING_PFN = (int)29L;
    /**
     * {@snippet lang=c :
     * #define HVM_PARAM_SHARING_RING_PFN 29
     * }
     */
    public static int HVM_PARAM_SHARING_RING_PFN() {
        return HVM_PARAM_SHARING_RING_PFN;
    }
    private static final int HVM_PARAM_IOREQ_SERVER_PFN = (int)32L;
    /**
     * {@snippet lang=c :
     * #define HVM_PARAM_IOREQ_SERVER_PFN 32
     * }
     */
    public static int HVM_PARAM_IOREQ_SERVER_PFN() {
        return HVM_PARAM_IOREQ_SERVER_PFN;
    }
    private static final int HVM_PARAM_NR_IOREQ_SERVER_PAGES = (int)33L;
    /**
     * {@snippet lang=c :
     * #define HVM_PARAM_NR_IOREQ_SERVER_PAGES 33
     * }
     */
    public static int HVM_PARAM_NR_IOREQ_SERVER_PAGES() {
        return HVM_PARAM_NR_IOREQ_SERVER_PAGES;
    }
    private static final int HVM_PARAM_VM_GENERATION_ID_ADDR = (int)34L;
    /**
     * {@snippet lang=c :
     * #define HVM_PARAM_VM_GENERATION_ID_ADDR 34
     * }
     */
    public static int HVM_PARAM_VM_GENERATION_ID_ADDR() {
        return HVM_PARAM_VM_GENERATION_ID_ADDR;
    }
    private static final int HVM_PARAM_X87_FIP_WIDTH = (int)36L;
    /**
     * {@snippet lang=c :
     * #define HVM_PARAM_X87_FIP_WIDTH 36
     * }
     */
    public static int HVM_PARAM_X87_FIP_WIDTH() {
        return HVM_PARAM_X87_FIP_WIDTH;
    }
    private static final int HVM_PARAM_VM86_TSS_SIZED = (int)37L;
    /**
     * {@snippet lang=c :
     * #define HVM_PARAM_VM86_TSS_SIZED 37
     * }
     */
    public static int HVM_PARAM_VM86_TSS_SIZED() {
        return HVM_PARAM_VM86_TSS_SIZED;
    }
    private static final int HVM_PARAM_MCA_CAP = (int)38L;
    /**
     * {@snippet lang=c :
     * #define HVM_PARAM_MCA_CAP 38
     * }
     */
    public static int HVM_PARAM_MCA_CAP() {
        return HVM_PARAM_MCA_CAP;
    }
    private static final int XEN_SCHEDULER_CREDIT = (int)5L;
    /**
     * {@snippet lang=c :
     * #define XEN_SCHEDULER_CREDIT 5
     * }
     */
    public static int XEN_SCHEDULER_CREDIT() {
        return XEN_SCHEDULER_CREDIT;
    }
    private static final int XEN_SCHEDULER_CREDIT2 = (int)6L;
    /**
     * {@snippet lang=c :
     * #define XEN_SCHEDULER_CREDIT2 6
     * }
     */
    public static int XEN_SCHEDULER_CREDIT2() {
        return XEN_SCHEDULER_CREDIT2;
    }
    private static final int XEN_SCHEDULER_ARINC653 = (int)7L;
    /**
     * {@snippet lang=c :
     * #define XEN_SCHEDULER_ARINC653 7
     * }
     */
    public static int XEN_SCHEDULER_ARINC653() {
        return XEN_SCHEDULER_ARINC653;
    }
    private static final int XEN_SCHEDULER_RTDS = (int)8L;
    /**
     * {@snippet lang=c :
     * #define XEN_SCHEDULER_RTDS 8
     * }
     */
    public static int XEN_SCHEDULER_RTDS() {
        return XEN_SCHEDULER_RTDS;
    }
    private static final int XEN_SCHEDULER_NULL = (int)9L;
    /**
     * {@snippet lang=c :
     * #define XEN_SCHEDULER_NULL 9
     * }
     */
    public static int XEN_SCHEDULER_NULL() {
        return XEN_SCHEDULER_NULL;
    }

    private static class xc_interface_open {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_POINTER,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_interface_open");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * xc_interface *xc_interface_open(xentoollog_logger *logger, xentoollog_logger *dombuild_logger, unsigned int open_flags)
     * }
     */
    public static FunctionDescriptor xc_interface_open$descriptor() {
        return xc_interface_open.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * xc_interface *xc_interface_open(xentoollog_logger *logger, xentoollog_logger *dombuild_logger, unsigned int open_flags)
     * }
     */
    public static MethodHandle xc_interface_open$handle() {
        return xc_interface_open.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * xc_interface *xc_interface_open(xentoollog_logger *logger, xentoollog_logger *dombuild_logger, unsigned int open_flags)
     * }
     */
    public static MemorySegment xc_interface_open$address() {
        return xc_interface_open.ADDR;
    }

    /**
     * {@snippet lang=c :
     * xc_interface *xc_interface_open(xentoollog_logger *logger, xentoollog_logger *dombuild_logger, unsigned int open_flags)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static MemorySegment xc_interface_open(MemorySegment callState, MemorySegment logger, MemorySegment dombuild_logger, int open_flags) {
        var mh$ = xc_interface_open.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_interface_open", callState, logger, dombuild_logger, open_flags);
            }
            return (MemorySegment)mh$.invokeExact(callState, logger, dombuild_logger, open_flags);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_interface_close {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_interface_close");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_interface_close(xc_interface *xch)
     * }
     */
    public static FunctionDescriptor xc_interface_close$descriptor() {
        return xc_interface_close.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_interface_close(xc_interface *xch)
     * }
     */
    public static MethodHandle xc_interface_close$handle() {
        return xc_interface_close.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_interface_close(xc_interface *xch)
     * }
     */
    public static MemorySegment xc_interface_close$address() {
        return xc_interface_close.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_interface_close(xc_interface *xch)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_interface_close(MemorySegment callState, MemorySegment xch) {
        var mh$ = xc_interface_close.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_interface_close", callState, xch);
            }
            return (int)mh$.invokeExact(callState, xch);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_version {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_version");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_version(xc_interface *xch, int cmd, void *arg)
     * }
     */
    public static FunctionDescriptor xc_version$descriptor() {
        return xc_version.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_version(xc_interface *xch, int cmd, void *arg)
     * }
     */
    public static MethodHandle xc_version$handle() {
        return xc_version.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_version(xc_interface *xch, int cmd, void *arg)
     * }
     */
    public static MemorySegment xc_version$address() {
        return xc_version.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_version(xc_interface *xch, int cmd, void *arg)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_version(MemorySegment callState, MemorySegment xch, int cmd, MemorySegment arg) {
        var mh$ = xc_version.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_version", callState, xch, cmd, arg);
            }
            return (int)mh$.invokeExact(callState, xch, cmd, arg);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_domain_getinfolist {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT,
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_domain_getinfolist");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_domain_getinfolist(xc_interface *xch, uint32_t first_domain, unsigned int max_domains, xc_domaininfo_t *info)
     * }
     */
    public static FunctionDescriptor xc_domain_getinfolist$descriptor() {
        return xc_domain_getinfolist.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_domain_getinfolist(xc_interface *xch, uint32_t first_domain, unsigned int max_domains, xc_domaininfo_t *info)
     * }
     */
    public static MethodHandle xc_domain_getinfolist$handle() {
        return xc_domain_getinfolist.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_domain_getinfolist(xc_interface *xch, uint32_t first_domain, unsigned int max_domains, xc_domaininfo_t *info)
     * }
     */
    public static MemorySegment xc_domain_getinfolist$address() {
        return xc_domain_getinfolist.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_domain_getinfolist(xc_interface *xch, uint32_t first_domain, unsigned int max_domains, xc_domaininfo_t *info)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_domain_getinfolist(MemorySegment callState, MemorySegment xch, int first_domain, int max_domains, MemorySegment info) {
        var mh$ = xc_domain_getinfolist.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_domain_getinfolist", callState, xch, first_domain, max_domains, info);
            }
            return (int)mh$.invokeExact(callState, xch, first_domain, max_domains, info);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_domain_nr_gpfns {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_domain_nr_gpfns");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_domain_nr_gpfns(xc_interface *xch, uint32_t domid, xen_pfn_t *gpfns)
     * }
     */
    public static FunctionDescriptor xc_domain_nr_gpfns$descriptor() {
        return xc_domain_nr_gpfns.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_domain_nr_gpfns(xc_interface *xch, uint32_t domid, xen_pfn_t *gpfns)
     * }
     */
    public static MethodHandle xc_domain_nr_gpfns$handle() {
        return xc_domain_nr_gpfns.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_domain_nr_gpfns(xc_interface *xch, uint32_t domid, xen_pfn_t *gpfns)
     * }
     */
    public static MemorySegment xc_domain_nr_gpfns$address() {
        return xc_domain_nr_gpfns.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_domain_nr_gpfns(xc_interface *xch, uint32_t domid, xen_pfn_t *gpfns)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_domain_nr_gpfns(MemorySegment callState, MemorySegment xch, int domid, MemorySegment gpfns) {
        var mh$ = xc_domain_nr_gpfns.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_domain_nr_gpfns", callState, xch, domid, gpfns);
            }
            return (int)mh$.invokeExact(callState, xch, domid, gpfns);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_logdirty_control {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_LONG_LONG,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT,
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_LONG,
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_logdirty_control");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * long long xc_logdirty_control(xc_interface *xch, uint32_t domid, unsigned int sop, xc_hypercall_buffer_t *dirty_bitmap, unsigned long pages, unsigned int mode, xc_shadow_op_stats_t *stats)
     * }
     */
    public static FunctionDescriptor xc_logdirty_control$descriptor() {
        return xc_logdirty_control.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * long long xc_logdirty_control(xc_interface *xch, uint32_t domid, unsigned int sop, xc_hypercall_buffer_t *dirty_bitmap, unsigned long pages, unsigned int mode, xc_shadow_op_stats_t *stats)
     * }
     */
    public static MethodHandle xc_logdirty_control$handle() {
        return xc_logdirty_control.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * long long xc_logdirty_control(xc_interface *xch, uint32_t domid, unsigned int sop, xc_hypercall_buffer_t *dirty_bitmap, unsigned long pages, unsigned int mode, xc_shadow_op_stats_t *stats)
     * }
     */
    public static MemorySegment xc_logdirty_control$address() {
        return xc_logdirty_control.ADDR;
    }

    /**
     * {@snippet lang=c :
     * long long xc_logdirty_control(xc_interface *xch, uint32_t domid, unsigned int sop, xc_hypercall_buffer_t *dirty_bitmap, unsigned long pages, unsigned int mode, xc_shadow_op_stats_t *stats)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static long xc_logdirty_control(MemorySegment callState, MemorySegment xch, int domid, int sop, MemorySegment dirty_bitmap, long pages, int mode, MemorySegment stats) {
        var mh$ = xc_logdirty_control.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_logdirty_control", callState, xch, domid, sop, dirty_bitmap, pages, mode, stats);
            }
            return (long)mh$.invokeExact(callState, xch, domid, sop, dirty_bitmap, pages, mode, stats);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_get_pfn_type_batch {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT,
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_get_pfn_type_batch");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_get_pfn_type_batch(xc_interface *xch, uint32_t dom, unsigned int num, xen_pfn_t *arr)
     * }
     */
    public static FunctionDescriptor xc_get_pfn_type_batch$descriptor() {
        return xc_get_pfn_type_batch.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_get_pfn_type_batch(xc_interface *xch, uint32_t dom, unsigned int num, xen_pfn_t *arr)
     * }
     */
    public static MethodHandle xc_get_pfn_type_batch$handle() {
        return xc_get_pfn_type_batch.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_get_pfn_type_batch(xc_interface *xch, uint32_t dom, unsigned int num, xen_pfn_t *arr)
     * }
     */
    public static MemorySegment xc_get_pfn_type_batch$address() {
        return xc_get_pfn_type_batch.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_get_pfn_type_batch(xc_interface *xch, uint32_t dom, unsigned int num, xen_pfn_t *arr)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_get_pfn_type_batch(MemorySegment callState, MemorySegment xch, int dom, int num, MemorySegment arr) {
        var mh$ = xc_get_pfn_type_batch.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_get_pfn_type_batch", callState, xch, dom, num, arr);
            }
            return (int)mh$.invokeExact(callState, xch, dom, num, arr);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_domain_hvm_getcontext {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_domain_hvm_getcontext");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_domain_hvm_getcontext(xc_interface *xch, uint32_t domid, uint8_t *ctxt_buf, uint32_t size)
     * }
     */
    public static FunctionDescriptor xc_domain_hvm_getcontext$descriptor() {
        return xc_domain_hvm_getcontext.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_domain_hvm_getcontext(xc_interface *xch, uint32_t domid, uint8_t *ctxt_buf, uint32_t size)
     * }
     */
    public static MethodHandle xc_domain_hvm_getcontext$handle() {
        return xc_domain_hvm_getcontext.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_domain_hvm_getcontext(xc_interface *xch, uint32_t domid, uint8_t *ctxt_buf, uint32_t size)
     * }
     */
    public static MemorySegment xc_domain_hvm_getcontext$address() {
        return xc_domain_hvm_getcontext.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_domain_hvm_getcontext(xc_interface *xch, uint32_t domid, uint8_t *ctxt_buf, uint32_t size)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_domain_hvm_getcontext(MemorySegment callState, MemorySegment xch, int domid, MemorySegment ctxt_buf, int size) {
        var mh$ = xc_domain_hvm_getcontext.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_domain_hvm_getcontext", callState, xch, domid, ctxt_buf, size);
            }
            return (int)mh$.invokeExact(callState, xch, domid, ctxt_buf, size);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_hvm_param_get {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT,
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_hvm_param_get");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_hvm_param_get(xc_interface *handle, uint32_t dom, uint32_t param, uint64_t *value)
     * }
     */
    public static FunctionDescriptor xc_hvm_param_get$descriptor() {
        return xc_hvm_param_get.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_hvm_param_get(xc_interface *handle, uint32_t dom, uint32_t param, uint64_t *value)
     * }
     */
    public static MethodHandle xc_hvm_param_get$handle() {
        return xc_hvm_param_get.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_hvm_param_get(xc_interface *handle, uint32_t dom, uint32_t param, uint64_t *value)
     * }
     */
    public static MemorySegment xc_hvm_param_get$address() {
        return xc_hvm_param_get.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_hvm_param_get(xc_interface *handle, uint32_t dom, uint32_t param, uint64_t *value)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_hvm_param_get(MemorySegment callState, MemorySegment handle, int dom, int param, MemorySegment value) {
        var mh$ = xc_hvm_param_get.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_hvm_param_get", callState, handle, dom, param, value);
            }
            return (int)mh$.invokeExact(callState, handle, dom, param, value);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_domain_get_tsc_info {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_domain_get_tsc_info");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_domain_get_tsc_info(xc_interface *xch, uint32_t domid, uint32_t *tsc_mode, uint64_t *elapsed_nsec, uint32_t *gtsc_khz, uint32_t *incarnation)
     * }
     */
    public static FunctionDescriptor xc_domain_get_tsc_info$descriptor() {
        return xc_domain_get_tsc_info.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_domain_get_tsc_info(xc_interface *xch, uint32_t domid, uint32_t *tsc_mode, uint64_t *elapsed_nsec, uint32_t *gtsc_khz, uint32_t *incarnation)
     * }
     */
    public static MethodHandle xc_domain_get_tsc_info$handle() {
        return xc_domain_get_tsc_info.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_domain_get_tsc_info(xc_interface *xch, uint32_t domid, uint32_t *tsc_mode, uint64_t *elapsed_nsec, uint32_t *gtsc_khz, uint32_t *incarnation)
     * }
     */
    public static MemorySegment xc_domain_get_tsc_info$address() {
        return xc_domain_get_tsc_info.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_domain_get_tsc_info(xc_interface *xch, uint32_t domid, uint32_t *tsc_mode, uint64_t *elapsed_nsec, uint32_t *gtsc_khz, uint32_t *incarnation)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_domain_get_tsc_info(MemorySegment callState, MemorySegment xch, int domid, MemorySegment tsc_mode, MemorySegment elapsed_nsec, MemorySegment gtsc_khz, MemorySegment incarnation) {
        var mh$ = xc_domain_get_tsc_info.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_domain_get_tsc_info", callState, xch, domid, tsc_mode, elapsed_nsec, gtsc_khz, incarnation);
            }
            return (int)mh$.invokeExact(callState, xch, domid, tsc_mode, elapsed_nsec, gtsc_khz, incarnation);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc__hypercall_buffer_alloc_pages {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_POINTER,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc__hypercall_buffer_alloc_pages");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * void *xc__hypercall_buffer_alloc_pages(xc_interface *xch, xc_hypercall_buffer_t *b, int nr_pages)
     * }
     */
    public static FunctionDescriptor xc__hypercall_buffer_alloc_pages$descriptor() {
        return xc__hypercall_buffer_alloc_pages.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * void *xc__hypercall_buffer_alloc_pages(xc_interface *xch, xc_hypercall_buffer_t *b, int nr_pages)
     * }
     */
    public static MethodHandle xc__hypercall_buffer_alloc_pages$handle() {
        return xc__hypercall_buffer_alloc_pages.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * void *xc__hypercall_buffer_alloc_pages(xc_interface *xch, xc_hypercall_buffer_t *b, int nr_pages)
     * }
     */
    public static MemorySegment xc__hypercall_buffer_alloc_pages$address() {
        return xc__hypercall_buffer_alloc_pages.ADDR;
    }

    /**
     * {@snippet lang=c :
     * void *xc__hypercall_buffer_alloc_pages(xc_interface *xch, xc_hypercall_buffer_t *b, int nr_pages)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static MemorySegment xc__hypercall_buffer_alloc_pages(MemorySegment callState, MemorySegment xch, MemorySegment b, int nr_pages) {
        var mh$ = xc__hypercall_buffer_alloc_pages.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc__hypercall_buffer_alloc_pages", callState, xch, b, nr_pages);
            }
            return (MemorySegment)mh$.invokeExact(callState, xch, b, nr_pages);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc__hypercall_buffer_free_pages {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(
            xenctrl_h.C_POINTER,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc__hypercall_buffer_free_pages");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * void xc__hypercall_buffer_free_pages(xc_interface *xch, xc_hypercall_buffer_t *b, int nr_pages)
     * }
     */
    public static FunctionDescriptor xc__hypercall_buffer_free_pages$descriptor() {
        return xc__hypercall_buffer_free_pages.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * void xc__hypercall_buffer_free_pages(xc_interface *xch, xc_hypercall_buffer_t *b, int nr_pages)
     * }
     */
    public static MethodHandle xc__hypercall_buffer_free_pages$handle() {
        return xc__hypercall_buffer_free_pages.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * void xc__hypercall_buffer_free_pages(xc_interface *xch, xc_hypercall_buffer_t *b, int nr_pages)
     * }
     */
    public static MemorySegment xc__hypercall_buffer_free_pages$address() {
        return xc__hypercall_buffer_free_pages.ADDR;
    }

    /**
     * {@snippet lang=c :
     * void xc__hypercall_buffer_free_pages(xc_interface *xch, xc_hypercall_buffer_t *b, int nr_pages)
     * }
     */
    public static void xc__hypercall_buffer_free_pages(MemorySegment xch, MemorySegment b, int nr_pages) {
        var mh$ = xc__hypercall_buffer_free_pages.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc__hypercall_buffer_free_pages", xch, b, nr_pages);
            }
            mh$.invokeExact(xch, b, nr_pages);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_domain_shutdown {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT,
            xenctrl_h.C_INT
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_domain_shutdown");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason)
     * }
     */
    public static FunctionDescriptor xc_domain_shutdown$descriptor() {
        return xc_domain_shutdown.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason)
     * }
     */
    public static MethodHandle xc_domain_shutdown$handle() {
        return xc_domain_shutdown.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason)
     * }
     */
    public static MemorySegment xc_domain_shutdown$address() {
        return xc_domain_shutdown.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_domain_shutdown(MemorySegment callState, MemorySegment xch, int domid, int reason) {
        var mh$ = xc_domain_shutdown.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_domain_shutdown", callState, xch, domid, reason);
            }
            return (int)mh$.invokeExact(callState, xch, domid, reason);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_domain_get_guest_width {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_domain_get_guest_width");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_domain_get_guest_width(xc_interface *xch, uint32_t domid, unsigned int *guest_width)
     * }
     */
    public static FunctionDescriptor xc_domain_get_guest_width$descriptor() {
        return xc_domain_get_guest_width.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_domain_get_guest_width(xc_interface *xch, uint32_t domid, unsigned int *guest_width)
     * }
     */
    public static MethodHandle xc_domain_get_guest_width$handle() {
        return xc_domain_get_guest_width.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_domain_get_guest_width(xc_interface *xch, uint32_t domid, unsigned int *guest_width)
     * }
     */
    public static MemorySegment xc_domain_get_guest_width$address() {
        return xc_domain_get_guest_width.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_domain_get_guest_width(xc_interface *xch, uint32_t domid, unsigned int *guest_width)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_domain_get_guest_width(MemorySegment callState, MemorySegment xch, int domid, MemorySegment guest_width) {
        var mh$ = xc_domain_get_guest_width.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_domain_get_guest_width", callState, xch, domid, guest_width);
            }
            return (int)mh$.invokeExact(callState, xch, domid, guest_width);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_maximum_ram_page {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_maximum_ram_page");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_maximum_ram_page(xc_interface *xch, unsigned long *max_mfn)
     * }
     */
    public static FunctionDescriptor xc_maximum_ram_page$descriptor() {
        return xc_maximum_ram_page.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_maximum_ram_page(xc_interface *xch, unsigned long *max_mfn)
     * }
     */
    public static MethodHandle xc_maximum_ram_page$handle() {
        return xc_maximum_ram_page.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_maximum_ram_page(xc_interface *xch, unsigned long *max_mfn)
     * }
     */
    public static MemorySegment xc_maximum_ram_page$address() {
        return xc_maximum_ram_page.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_maximum_ram_page(xc_interface *xch, unsigned long *max_mfn)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_maximum_ram_page(MemorySegment callState, MemorySegment xch, MemorySegment max_mfn) {
        var mh$ = xc_maximum_ram_page.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_maximum_ram_page", callState, xch, max_mfn);
            }
            return (int)mh$.invokeExact(callState, xch, max_mfn);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_machphys_mfn_list {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_LONG,
            xenctrl_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_machphys_mfn_list");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_machphys_mfn_list(xc_interface *xch, unsigned long max_extents, xen_pfn_t *extent_start)
     * }
     */
    public static FunctionDescriptor xc_machphys_mfn_list$descriptor() {
        return xc_machphys_mfn_list.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_machphys_mfn_list(xc_interface *xch, unsigned long max_extents, xen_pfn_t *extent_start)
     * }
     */
    public static MethodHandle xc_machphys_mfn_list$handle() {
        return xc_machphys_mfn_list.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_machphys_mfn_list(xc_interface *xch, unsigned long max_extents, xen_pfn_t *extent_start)
     * }
     */
    public static MemorySegment xc_machphys_mfn_list$address() {
        return xc_machphys_mfn_list.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_machphys_mfn_list(xc_interface *xch, unsigned long max_extents, xen_pfn_t *extent_start)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_machphys_mfn_list(MemorySegment callState, MemorySegment xch, long max_extents, MemorySegment extent_start) {
        var mh$ = xc_machphys_mfn_list.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_machphys_mfn_list", callState, xch, max_extents, extent_start);
            }
            return (int)mh$.invokeExact(callState, xch, max_extents, extent_start);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_vcpu_getinfo {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT,
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_vcpu_getinfo");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid, uint32_t vcpu, xc_vcpuinfo_t *info)
     * }
     */
    public static FunctionDescriptor xc_vcpu_getinfo$descriptor() {
        return xc_vcpu_getinfo.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid, uint32_t vcpu, xc_vcpuinfo_t *info)
     * }
     */
    public static MethodHandle xc_vcpu_getinfo$handle() {
        return xc_vcpu_getinfo.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid, uint32_t vcpu, xc_vcpuinfo_t *info)
     * }
     */
    public static MemorySegment xc_vcpu_getinfo$address() {
        return xc_vcpu_getinfo.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid, uint32_t vcpu, xc_vcpuinfo_t *info)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_vcpu_getinfo(MemorySegment callState, MemorySegment xch, int domid, int vcpu, MemorySegment info) {
        var mh$ = xc_vcpu_getinfo.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_vcpu_getinfo", callState, xch, domid, vcpu, info);
            }
            return (int)mh$.invokeExact(callState, xch, domid, vcpu, info);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_vcpu_getcontext {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT,
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_vcpu_getcontext");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_vcpu_getcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu, vcpu_guest_context_any_t *ctxt)
     * }
     */
    public static FunctionDescriptor xc_vcpu_getcontext$descriptor() {
        return xc_vcpu_getcontext.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_vcpu_getcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu, vcpu_guest_context_any_t *ctxt)
     * }
     */
    public static MethodHandle xc_vcpu_getcontext$handle() {
        return xc_vcpu_getcontext.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_vcpu_getcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu, vcpu_guest_context_any_t *ctxt)
     * }
     */
    public static MemorySegment xc_vcpu_getcontext$address() {
        return xc_vcpu_getcontext.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_vcpu_getcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu, vcpu_guest_context_any_t *ctxt)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_vcpu_getcontext(MemorySegment callState, MemorySegment xch, int domid, int vcpu, MemorySegment ctxt) {
        var mh$ = xc_vcpu_getcontext.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_vcpu_getcontext", callState, xch, domid, vcpu, ctxt);
            }
            return (int)mh$.invokeExact(callState, xch, domid, vcpu, ctxt);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_domctl {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_domctl");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_domctl(xc_interface *xch, struct xen_domctl *domctl)
     * }
     */
    public static FunctionDescriptor xc_domctl$descriptor() {
        return xc_domctl.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_domctl(xc_interface *xch, struct xen_domctl *domctl)
     * }
     */
    public static MethodHandle xc_domctl$handle() {
        return xc_domctl.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_domctl(xc_interface *xch, struct xen_domctl *domctl)
     * }
     */
    public static MemorySegment xc_domctl$address() {
        return xc_domctl.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_domctl(xc_interface *xch, struct xen_domctl *domctl)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_domctl(MemorySegment callState, MemorySegment xch, MemorySegment domctl) {
        var mh$ = xc_domctl.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_domctl", callState, xch, domctl);
            }
            return (int)mh$.invokeExact(callState, xch, domctl);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_sched_credit_domain_set {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_sched_credit_domain_set");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_sched_credit_domain_set(xc_interface *xch, uint32_t domid, struct xen_domctl_sched_credit *sdom)
     * }
     */
    public static FunctionDescriptor xc_sched_credit_domain_set$descriptor() {
        return xc_sched_credit_domain_set.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_sched_credit_domain_set(xc_interface *xch, uint32_t domid, struct xen_domctl_sched_credit *sdom)
     * }
     */
    public static MethodHandle xc_sched_credit_domain_set$handle() {
        return xc_sched_credit_domain_set.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_sched_credit_domain_set(xc_interface *xch, uint32_t domid, struct xen_domctl_sched_credit *sdom)
     * }
     */
    public static MemorySegment xc_sched_credit_domain_set$address() {
        return xc_sched_credit_domain_set.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_sched_credit_domain_set(xc_interface *xch, uint32_t domid, struct xen_domctl_sched_credit *sdom)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_sched_credit_domain_set(MemorySegment callState, MemorySegment xch, int domid, MemorySegment sdom) {
        var mh$ = xc_sched_credit_domain_set.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_sched_credit_domain_set", callState, xch, domid, sdom);
            }
            return (int)mh$.invokeExact(callState, xch, domid, sdom);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_sched_credit_domain_get {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_sched_credit_domain_get");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_sched_credit_domain_get(xc_interface *xch, uint32_t domid, struct xen_domctl_sched_credit *sdom)
     * }
     */
    public static FunctionDescriptor xc_sched_credit_domain_get$descriptor() {
        return xc_sched_credit_domain_get.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_sched_credit_domain_get(xc_interface *xch, uint32_t domid, struct xen_domctl_sched_credit *sdom)
     * }
     */
    public static MethodHandle xc_sched_credit_domain_get$handle() {
        return xc_sched_credit_domain_get.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_sched_credit_domain_get(xc_interface *xch, uint32_t domid, struct xen_domctl_sched_credit *sdom)
     * }
     */
    public static MemorySegment xc_sched_credit_domain_get$address() {
        return xc_sched_credit_domain_get.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_sched_credit_domain_get(xc_interface *xch, uint32_t domid, struct xen_domctl_sched_credit *sdom)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_sched_credit_domain_get(MemorySegment callState, MemorySegment xch, int domid, MemorySegment sdom) {
        var mh$ = xc_sched_credit_domain_get.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_sched_credit_domain_get", callState, xch, domid, sdom);
            }
            return (int)mh$.invokeExact(callState, xch, domid, sdom);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_sched_credit2_domain_set {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_sched_credit2_domain_set");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_sched_credit2_domain_set(xc_interface *xch, uint32_t domid, struct xen_domctl_sched_credit2 *sdom)
     * }
     */
    public static FunctionDescriptor xc_sched_credit2_domain_set$descriptor() {
        return xc_sched_credit2_domain_set.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_sched_credit2_domain_set(xc_interface *xch, uint32_t domid, struct xen_domctl_sched_credit2 *sdom)
     * }
     */
    public static MethodHandle xc_sched_credit2_domain_set$handle() {
        return xc_sched_credit2_domain_set.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_sched_credit2_domain_set(xc_interface *xch, uint32_t domid, struct xen_domctl_sched_credit2 *sdom)
     * }
     */
    public static MemorySegment xc_sched_credit2_domain_set$address() {
        return xc_sched_credit2_domain_set.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_sched_credit2_domain_set(xc_interface *xch, uint32_t domid, struct xen_domctl_sched_credit2 *sdom)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_sched_credit2_domain_set(MemorySegment callState, MemorySegment xch, int domid, MemorySegment sdom) {
        var mh$ = xc_sched_credit2_domain_set.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_sched_credit2_domain_set", callState, xch, domid, sdom);
            }
            return (int)mh$.invokeExact(callState, xch, domid, sdom);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_sched_credit2_domain_get {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT,
            xenctrl_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_sched_credit2_domain_get");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * int xc_sched_credit2_domain_get(xc_interface *xch, uint32_t domid, struct xen_domctl_sched_credit2 *sdom)
     * }
     */
    public static FunctionDescriptor xc_sched_credit2_domain_get$descriptor() {
        return xc_sched_credit2_domain_get.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * int xc_sched_credit2_domain_get(xc_interface *xch, uint32_t domid, struct xen_domctl_sched_credit2 *sdom)
     * }
     */
    public static MethodHandle xc_sched_credit2_domain_get$handle() {
        return xc_sched_credit2_domain_get.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * int xc_sched_credit2_domain_get(xc_interface *xch, uint32_t domid, struct xen_domctl_sched_credit2 *sdom)
     * }
     */
    public static MemorySegment xc_sched_credit2_domain_get$address() {
        return xc_sched_credit2_domain_get.ADDR;
    }

    /**
     * {@snippet lang=c :
     * int xc_sched_credit2_domain_get(xc_interface *xch, uint32_t domid, struct xen_domctl_sched_credit2 *sdom)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static int xc_sched_credit2_domain_get(MemorySegment callState, MemorySegment xch, int domid, MemorySegment sdom) {
        var mh$ = xc_sched_credit2_domain_get.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_sched_credit2_domain_get", callState, xch, domid, sdom);
            }
            return (int)mh$.invokeExact(callState, xch, domid, sdom);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_cpupool_getinfo {
        public static final FunctionDescriptor DESC = FunctionDescriptor.of(
            xenctrl_h.C_POINTER,
            xenctrl_h.C_POINTER,
            xenctrl_h.C_INT
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_cpupool_getinfo");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC, ErrnoCapture.OPTION);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * xc_cpupoolinfo_t *xc_cpupool_getinfo(xc_interface *xch, uint32_t poolid)
     * }
     */
    public static FunctionDescriptor xc_cpupool_getinfo$descriptor() {
        return xc_cpupool_getinfo.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * xc_cpupoolinfo_t *xc_cpupool_getinfo(xc_interface *xch, uint32_t poolid)
     * }
     */
    public static MethodHandle xc_cpupool_getinfo$handle() {
        return xc_cpupool_getinfo.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * xc_cpupoolinfo_t *xc_cpupool_getinfo(xc_interface *xch, uint32_t poolid)
     * }
     */
    public static MemorySegment xc_cpupool_getinfo$address() {
        return xc_cpupool_getinfo.ADDR;
    }

    /**
     * {@snippet lang=c :
     * xc_cpupoolinfo_t *xc_cpupool_getinfo(xc_interface *xch, uint32_t poolid)
     * }
     * <p>Sets errno: {@code callState} ({@link ErrnoCapture#allocate}) receives it.
     */
    public static MemorySegment xc_cpupool_getinfo(MemorySegment callState, MemorySegment xch, int poolid) {
        var mh$ = xc_cpupool_getinfo.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_cpupool_getinfo", callState, xch, poolid);
            }
            return (MemorySegment)mh$.invokeExact(callState, xch, poolid);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }

    private static class xc_cpupool_infofree {
        public static final FunctionDescriptor DESC = FunctionDescriptor.ofVoid(
            xenctrl_h.C_POINTER,
            xenctrl_h.C_POINTER
        );

        public static final MemorySegment ADDR = xenctrl_h.findOrThrow("xc_cpupool_infofree");

        public static final MethodHandle HANDLE = Linker.nativeLinker().downcallHandle(ADDR, DESC);
    }

    /**
     * Function descriptor for:
     * {@snippet lang=c :
     * void xc_cpupool_infofree(xc_interface *xch, xc_cpupoolinfo_t *info)
     * }
     */
    public static FunctionDescriptor xc_cpupool_infofree$descriptor() {
        return xc_cpupool_infofree.DESC;
    }

    /**
     * Downcall method handle for:
     * {@snippet lang=c :
     * void xc_cpupool_infofree(xc_interface *xch, xc_cpupoolinfo_t *info)
     * }
     */
    public static MethodHandle xc_cpupool_infofree$handle() {
        return xc_cpupool_infofree.HANDLE;
    }

    /**
     * Address for:
     * {@snippet lang=c :
     * void xc_cpupool_infofree(xc_interface *xch, xc_cpupoolinfo_t *info)
     * }
     */
    public static MemorySegment xc_cpupool_infofree$address() {
        return xc_cpupool_infofree.ADDR;
    }

    /**
     * {@snippet lang=c :
     * void xc_cpupool_infofree(xc_interface *xch, xc_cpupoolinfo_t *info)
     * }
     */
    public static void xc_cpupool_infofree(MemorySegment xch, MemorySegment info) {
        var mh$ = xc_cpupool_infofree.HANDLE;
        try {
            if (TRACE_DOWNCALLS) {
                traceDowncall("xc_cpupool_infofree", xch, info);
            }
            mh$.invokeExact(xch, info);
        } catch (Error | RuntimeException ex) {
           throw ex;
        } catch (Throwable ex$) {
           throw new AssertionError("should not reach here", ex$);
        }
    }
}
