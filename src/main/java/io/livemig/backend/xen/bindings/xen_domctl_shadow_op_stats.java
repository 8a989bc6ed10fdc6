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
 * struct xen_domctl_shadow_op_stats {
 *     uint32_t fault_count;
 *     uint32_t dirty_count;
 * }
 * }
 */
@SuppressWarnings("restricted")
public class xen_domctl_shadow_op_stats {

    xen_domctl_shadow_op_stats() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        xenctrl_h.C_INT.withName("fault_count"),
        xenctrl_h.C_INT.withName("dirty_count")
    ).withName("xen_domctl_shadow_op_stats");

    /**
     * The layout of this struct
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfInt fault_count$LAYOUT = (OfInt)$LAYOUT.select(groupElement("fault_count"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t fault_count
     * }
     */
    public static final OfInt fault_count$layout() {
        return fault_count$LAYOUT;
    }

    private static final long fault_count$OFFSET = 0;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t fault_count
     * }
     */
    public static final long fault_count$offset() {
        return fault_count$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t fault_count
     * }
     */
    public static int fault_count(MemorySegment struct) {
        return struct.get(fault_count$LAYOUT, fault_count$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t fault_count
     * }
     */
    public static void fault_count(MemorySegment struct, int fieldValue) {
        struct.set(fault_count$LAYOUT, fault_count$OFFSET, fieldValue);
    }

    private static final OfInt dirty_count$LAYOUT = (OfInt)$LAYOUT.select(groupElement("dirty_count"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t dirty_count
     * }
     */
    public static final OfInt dirty_count$layout() {
        return dirty_count$LAYOUT;
    }

    private static final long dirty_count$OFFSET = 4;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t dirty_count
     * }
     */
    public static final long dirty_count$offset() {
        return dirty_count$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t dirty_count
     * }
     */
    public static int dirty_count(MemorySegment struct) {
        return struct.get(dirty_count$LAYOUT, dirty_count$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t dirty_count
     * }
     */
    public static void dirty_count(MemorySegment struct, int fieldValue) {
        struct.set(dirty_count$LAYOUT, dirty_count$OFFSET, fieldValue);
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
