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
 * {@snippet lang=c :
 * struct arch_shared_info {
 *     unsigned long max_pfn;
 *     xen_pfn_t pfn_to_mfn_frame_list_list;
 *     unsigned long nmi_reason;
 *     unsigned long p2m_cr3;
 *     unsigned long p2m_vaddr;
 *     unsigned long p2m_generation;
 * }
 * }
 */
@SuppressWarnings("restricted")
public class arch_shared_info {

    arch_shared_info() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        xenctrl_h.C_LONG.withName("max_pfn"),
        xenctrl_h.C_LONG.withName("pfn_to_mfn_frame_list_list"),
        xenctrl_h.C_LONG.withName("nmi_reason"),
        xenctrl_h.C_LONG.withName("p2m_cr3"),
        xenctrl_h.C_LONG.withName("p2m_vaddr"),
        xenctrl_h.C_LONG.withName("p2m_generation")
    ).withName("arch_shared_info");

    /**
     * The layout of this struct
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfLong max_pfn$LAYOUT = (OfLong)$LAYOUT.select(groupElement("max_pfn"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * unsigned long max_pfn
     * }
     */
    public static final OfLong max_pfn$layout() {
        return max_pfn$LAYOUT;
    }

    private static final long max_pfn$OFFSET = 0;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * unsigned long max_pfn
     * }
     */
    public static final long max_pfn$offset() {
        return max_pfn$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * unsigned long max_pfn
     * }
     */
    public static long max_pfn(MemorySegment struct) {
        return struct.get(max_pfn$LAYOUT, max_pfn$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * unsigned long max_pfn
     * }
     */
    public static void max_pfn(MemorySegment struct, long fieldValue) {
        struct.set(max_pfn$LAYOUT, max_pfn$OFFSET, fieldValue);
    }

    private static final OfLong pfn_to_mfn_frame_list_list$LAYOUT = (OfLong)$LAYOUT.select(groupElement("pfn_to_mfn_frame_list_list"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * xen_pfn_t pfn_to_mfn_frame_list_list
     * }
     */
    public static final OfLong pfn_to_mfn_frame_list_list$layout() {
        return pfn_to_mfn_frame_list_list$LAYOUT;
    }

    private static final long pfn_to_mfn_frame_list_list$OFFSET = 8;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * xen_pfn_t pfn_to_mfn_frame_list_list
     * }
     */
    public static final long pfn_to_mfn_frame_list_list$offset() {
        return pfn_to_mfn_frame_list_list$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * xen_pfn_t pfn_to_mfn_frame_list_list
     * }
     */
    public static long pfn_to_mfn_frame_list_list(MemorySegment struct) {
        return struct.get(pfn_to_mfn_frame_list_list$LAYOUT, pfn_to_mfn_frame_list_list$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * xen_pfn_t pfn_to_mfn_frame_list_list
     * }
     */
    public static void pfn_to_mfn_frame_list_list(MemorySegment struct, long fieldValue) {
        struct.set(pfn_to_mfn_frame_list_list$LAYOUT, pfn_to_mfn_frame_list_list$OFFSET, fieldValue);
    }

    private static final OfLong nmi_reason$LAYOUT = (OfLong)$LAYOUT.select(groupElement("nmi_reason"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * unsigned long nmi_reason
     * }
     */
    public static final OfLong nmi_reason$layout() {
        return nmi_reason$LAYOUT;
    }

    private static final long nmi_reason$OFFSET = 16;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * unsigned long nmi_reason
     * }
     */
    public static final long nmi_reason$offset() {
        return nmi_reason$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * unsigned long nmi_reason
     * }
     */
    public static long nmi_reason(MemorySegment struct) {
        return struct.get(nmi_reason$LAYOUT, nmi_reason$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * unsigned long nmi_reason
     * }
     */
    public static void nmi_reason(MemorySegment struct, long fieldValue) {
        struct.set(nmi_reason$LAYOUT, nmi_reason$OFFSET, fieldValue);
    }

    private static final OfLong p2m_cr3$LAYOUT = (OfLong)$LAYOUT.select(groupElement("p2m_cr3"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * unsigned long p2m_cr3
     * }
     */
    public static final OfLong p2m_cr3$layout() {
        return p2m_cr3$LAYOUT;
    }

    private static final long p2m_cr3$OFFSET = 24;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * unsigned long p2m_cr3
     * }
     */
    public static final long p2m_cr3$offset() {
        return p2m_cr3$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * unsigned long p2m_cr3
     * }
     */
    public static long p2m_cr3(MemorySegment struct) {
        return struct.get(p2m_cr3$LAYOUT, p2m_cr3$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * unsigned long p2m_cr3
     * }
     */
    public static void p2m_cr3(MemorySegment struct, long fieldValue) {
        struct.set(p2m_cr3$LAYOUT, p2m_cr3$OFFSET, fieldValue);
    }

    private static final OfLong p2m_vaddr$LAYOUT = (OfLong)$LAYOUT.select(groupElement("p2m_vaddr"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * unsigned long p2m_vaddr
     * }
     */
    public static final OfLong p2m_vaddr$layout() {
        return p2m_vaddr$LAYOUT;
    }

    private static final long p2m_vaddr$OFFSET = 32;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * unsigned long p2m_vaddr
     * }
     */
    public static final long p2m_vaddr$offset() {
        return p2m_vaddr$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * unsigned long p2m_vaddr
     * }
     */
    public static long p2m_vaddr(MemorySegment struct) {
        return struct.get(p2m_vaddr$LAYOUT, p2m_vaddr$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * unsigned long p2m_vaddr
     * }
     */
    public static void p2m_vaddr(MemorySegment struct, long fieldValue) {
        struct.set(p2m_vaddr$LAYOUT, p2m_vaddr$OFFSET, fieldValue);
    }

    private static final OfLong p2m_generation$LAYOUT = (OfLong)$LAYOUT.select(groupElement("p2m_generation"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * unsigned long p2m_generation
     * }
     */
    public static final OfLong p2m_generation$layout() {
        return p2m_generation$LAYOUT;
    }

    private static final long p2m_generation$OFFSET = 40;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * unsigned long p2m_generation
     * }
     */
    public static final long p2m_generation$offset() {
        return p2m_generation$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * unsigned long p2m_generation
     * }
     */
    public static long p2m_generation(MemorySegment struct) {
        return struct.get(p2m_generation$LAYOUT, p2m_generation$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * unsigned long p2m_generation
     * }
     */
    public static void p2m_generation(MemorySegment struct, long fieldValue) {
        struct.set(p2m_generation$LAYOUT, p2m_generation$OFFSET, fieldValue);
    }

    /**
     * Obtains a slice of {@code arrayParam} which selects the array element at {@code index}.
     * The returned segment has address {@code arrayParam.address() + index * layout().byteSize()}
     */
    public static MemorySegment asSlice(MemorySegment array, long index) {
        return array.asSlice(layout().byteSize() * index);
    }

    /**
     * The size (in bytes) of this struct
     */
    public static long sizeof() { return layout().byteSize(); }

    /**
     * Allocate a segment of size {@code layout().byteSize()} using {@code allocator}
     */
    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate(layout());
    }

    /**
     * Allocate an array of size {@code elementCount} using {@code allocator}.
     * The returned segment has size {@code elementCount * layout().byteSize()}.
     */
    public static MemorySegment allocateArray(long elementCount, SegmentAllocator allocator) {
        return allocator.allocate(MemoryLayout.sequenceLayout(elementCount, layout()));
    }

    /**
     * Reinterprets {@code addr} using target {@code arena} and {@code cleanupAction} (if any).
     * The returned segment has size {@code layout().byteSize()}
     */
    public static MemorySegment reinterpret(MemorySegment addr, Arena arena, Consumer<MemorySegment> cleanup) {
        return reinterpret(addr, 1, arena, cleanup);
    }

    /**
     * Reinterprets {@code addr} using target {@code arena} and {@code cleanupAction} (if any).
     * The returned segment has size {@code elementCount * layout().byteSize()}
     */
    public static MemorySegment reinterpret(MemorySegment addr, long elementCount, Arena arena, Consumer<MemorySegment> cleanup) {
        return addr.reinterpret(layout().byteSize() * elementCount, arena, cleanup);
    }
}
