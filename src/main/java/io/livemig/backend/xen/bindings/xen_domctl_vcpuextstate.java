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
 * struct xen_domctl_vcpuextstate {
 *     uint32_t vcpu;
 *     uint64_aligned_t xfeature_mask;
 *     uint64_aligned_t size;
 *     XEN_GUEST_HANDLE_64(uint64) buffer;
 * }
 * }
 */
@SuppressWarnings("restricted")
public class xen_domctl_vcpuextstate {

    xen_domctl_vcpuextstate() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        xenctrl_h.C_INT.withName("vcpu"),
        MemoryLayout.paddingLayout(4),
        xenctrl_h.C_LONG_LONG.withName("xfeature_mask"),
        xenctrl_h.C_LONG_LONG.withName("size"),
        xenctrl_h.C_LONG_LONG.withName("buffer")
    ).withName("xen_domctl_vcpuextstate");

    /**
     * The layout of this struct
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfInt vcpu$LAYOUT = (OfInt)$LAYOUT.select(groupElement("vcpu"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t vcpu
     * }
     */
    public static final OfInt vcpu$layout() {
        return vcpu$LAYOUT;
    }

    private static final long vcpu$OFFSET = 0;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t vcpu
     * }
     */
    public static final long vcpu$offset() {
        return vcpu$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t vcpu
     * }
     */
    public static int vcpu(MemorySegment struct) {
        return struct.get(vcpu$LAYOUT, vcpu$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t vcpu
     * }
     */
    public static void vcpu(MemorySegment struct, int fieldValue) {
        struct.set(vcpu$LAYOUT, vcpu$OFFSET, fieldValue);
    }

    private static final OfLong xfeature_mask$LAYOUT = (OfLong)$LAYOUT.select(groupElement("xfeature_mask"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint64_aligned_t xfeature_mask
     * }
     */
    public static final OfLong xfeature_mask$layout() {
        return xfeature_mask$LAYOUT;
    }

    private static final long xfeature_mask$OFFSET = 8;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint64_aligned_t xfeature_mask
     * }
     */
    public static final long xfeature_mask$offset() {
        return xfeature_mask$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint64_aligned_t xfeature_mask
     * }
     */
    public static long xfeature_mask(MemorySegment struct) {
        return struct.get(xfeature_mask$LAYOUT, xfeature_mask$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint64_aligned_t xfeature_mask
     * }
     */
    public static void xfeature_mask(MemorySegment struct, long fieldValue) {
        struct.set(xfeature_mask$LAYOUT, xfeature_mask$OFFSET, fieldValue);
    }

    private static final OfLong size$LAYOUT = (OfLong)$LAYOUT.select(groupElement("size"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint64_aligned_t size
     * }
     */
    public static final OfLong size$layout() {
        return size$LAYOUT;
    }

    private static final long size$OFFSET = 16;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint64_aligned_t size
     * }
     */
    public static final long size$offset() {
        return size$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint64_aligned_t size
     * }
     */
    public static long size(MemorySegment struct) {
        return struct.get(size$LAYOUT, size$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint64_aligned_t size
     * }
     */
    public static void size(MemorySegment struct, long fieldValue) {
        struct.set(size$LAYOUT, size$OFFSET, fieldValue);
    }

    private static final OfLong buffer$LAYOUT = (OfLong)$LAYOUT.select(groupElement("buffer"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * XEN_GUEST_HANDLE_64(uint64) buffer
     * }
     */
    public static final OfLong buffer$layout() {
        return buffer$LAYOUT;
    }

    private static final long buffer$OFFSET = 24;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * XEN_GUEST_HANDLE_64(uint64) buffer
     * }
     */
    public static final long buffer$offset() {
        return buffer$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * XEN_GUEST_HANDLE_64(uint64) buffer
     * }
     */
    public static long buffer(MemorySegment struct) {
        return struct.get(buffer$LAYOUT, buffer$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * XEN_GUEST_HANDLE_64(uint64) buffer
     * }
     */
    public static void buffer(MemorySegment struct, long fieldValue) {
        struct.set(buffer$LAYOUT, buffer$OFFSET, fieldValue);
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
