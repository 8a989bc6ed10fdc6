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
 * struct xc_cpupoolinfo {
 *     uint32_t cpupool_id;
 *     uint32_t sched_id;
 *     uint32_t n_dom;
 *     xc_cpumap_t cpumap;
 * }
 * }
 */
@SuppressWarnings("restricted")
public class xc_cpupoolinfo {

    xc_cpupoolinfo() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        xenctrl_h.C_INT.withName("cpupool_id"),
        xenctrl_h.C_INT.withName("sched_id"),
        xenctrl_h.C_INT.withName("n_dom"),
        MemoryLayout.paddingLayout(4),
        xenctrl_h.C_POINTER.withName("cpumap")
    ).withName("xc_cpupoolinfo");

    /**
     * The layout of this struct
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfInt cpupool_id$LAYOUT = (OfInt)$LAYOUT.select(groupElement("cpupool_id"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t cpupool_id
     * }
     */
    public static final OfInt cpupool_id$layout() {
        return cpupool_id$LAYOUT;
    }

    private static final long cpupool_id$OFFSET = 0;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t cpupool_id
     * }
     */
    public static final long cpupool_id$offset() {
        return cpupool_id$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t cpupool_id
     * }
     */
    public static int cpupool_id(MemorySegment struct) {
        return struct.get(cpupool_id$LAYOUT, cpupool_id$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t cpupool_id
     * }
     */
    public static void cpupool_id(MemorySegment struct, int fieldValue) {
        struct.set(cpupool_id$LAYOUT, cpupool_id$OFFSET, fieldValue);
    }

    private static final OfInt sched_id$LAYOUT = (OfInt)$LAYOUT.select(groupElement("sched_id"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t sched_id
     * }
     */
    public static final OfInt sched_id$layout() {
        return sched_id$LAYOUT;
    }

    private static final long sched_id$OFFSET = 4;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t sched_id
     * }
     */
    public static final long sched_id$offset() {
        return sched_id$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t sched_id
     * }
     */
    public static int sched_id(MemorySegment struct) {
        return struct.get(sched_id$LAYOUT, sched_id$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t sched_id
     * }
     */
    public static void sched_id(MemorySegment struct, int fieldValue) {
        struct.set(sched_id$LAYOUT, sched_id$OFFSET, fieldValue);
    }

    private static final OfInt n_dom$LAYOUT = (OfInt)$LAYOUT.select(groupElement("n_dom"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t n_dom
     * }
     */
    public static final OfInt n_dom$layout() {
        return n_dom$LAYOUT;
    }

    private static final long n_dom$OFFSET = 8;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t n_dom
     * }
     */
    public static final long n_dom$offset() {
        return n_dom$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t n_dom
     * }
     */
    public static int n_dom(MemorySegment struct) {
        return struct.get(n_dom$LAYOUT, n_dom$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t n_dom
     * }
     */
    public static void n_dom(MemorySegment struct, int fieldValue) {
        struct.set(n_dom$LAYOUT, n_dom$OFFSET, fieldValue);
    }

    private static final AddressLayout cpumap$LAYOUT = (AddressLayout)$LAYOUT.select(groupElement("cpumap"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * xc_cpumap_t cpumap
     * }
     */
    public static final AddressLayout cpumap$layout() {
        return cpumap$LAYOUT;
    }

    private static final long cpumap$OFFSET = 16;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * xc_cpumap_t cpumap
     * }
     */
    public static final long cpumap$offset() {
        return cpumap$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * xc_cpumap_t cpumap
     * }
     */
    public static MemorySegment cpumap(MemorySegment struct) {
        return struct.get(cpumap$LAYOUT, cpumap$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * xc_cpumap_t cpumap
     * }
     */
    public static void cpumap(MemorySegment struct, MemorySegment fieldValue) {
        struct.set(cpumap$LAYOUT, cpumap$OFFSET, fieldValue);
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
