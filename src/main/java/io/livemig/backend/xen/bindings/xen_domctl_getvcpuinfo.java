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
 * struct xen_domctl_getvcpuinfo {
 *     uint32_t vcpu;
 *     uint8_t online;
 *     uint8_t blocked;
 *     uint8_t running;
 *     uint64_aligned_t cpu_time;
 *     uint32_t cpu;
 * }
 * }
 */
@SuppressWarnings("restricted")
public class xen_domctl_getvcpuinfo {

    xen_domctl_getvcpuinfo() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        xenctrl_h.C_INT.withName("vcpu"),
        xenctrl_h.C_CHAR.withName("online"),
        xenctrl_h.C_CHAR.withName("blocked"),
        xenctrl_h.C_CHAR.withName("running"),
        MemoryLayout.paddingLayout(1),
        xenctrl_h.C_LONG_LONG.withName("cpu_time"),
        xenctrl_h.C_INT.withName("cpu"),
        MemoryLayout.paddingLayout(4)
    ).withName("xen_domctl_getvcpuinfo");

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

    private static final OfByte online$LAYOUT = (OfByte)$LAYOUT.select(groupElement("online"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint8_t online
     * }
     */
    public static final OfByte online$layout() {
        return online$LAYOUT;
    }

    private static final long online$OFFSET = 4;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint8_t online
     * }
     */
    public static final long online$offset() {
        return online$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint8_t online
     * }
     */
    public static byte online(MemorySegment struct) {
        return struct.get(online$LAYOUT, online$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint8_t online
     * }
     */
    public static void online(MemorySegment struct, byte fieldValue) {
        struct.set(online$LAYOUT, online$OFFSET, fieldValue);
    }

    private static final OfByte blocked$LAYOUT = (OfByte)$LAYOUT.select(groupElement("blocked"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint8_t blocked
     * }
     */
    public static final OfByte blocked$layout() {
        return blocked$LAYOUT;
    }

    private static final long blocked$OFFSET = 5;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint8_t blocked
     * }
     */
    public static final long blocked$offset() {
        return blocked$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint8_t blocked
     * }
     */
    public static byte blocked(MemorySegment struct) {
        return struct.get(blocked$LAYOUT, blocked$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint8_t blocked
     * }
     */
    public static void blocked(MemorySegment struct, byte fieldValue) {
        struct.set(blocked$LAYOUT, blocked$OFFSET, fieldValue);
    }

    private static final OfByte running$LAYOUT = (OfByte)$LAYOUT.select(groupElement("running"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint8_t running
     * }
     */
    public static final OfByte running$layout() {
        return running$LAYOUT;
    }

    private static final long running$OFFSET = 6;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint8_t running
     * }
     */
    public static final long running$offset() {
        return running$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint8_t running
     * }
     */
    public static byte running(MemorySegment struct) {
        return struct.get(running$LAYOUT, running$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint8_t running
     * }
     */
    public static void running(MemorySegment struct, byte fieldValue) {
        struct.set(running$LAYOUT, running$OFFSET, fieldValue);
    }

    private static final OfLong cpu_time$LAYOUT = (OfLong)$LAYOUT.select(groupElement("cpu_time"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint64_aligned_t cpu_time
     * }
     */
    public static final OfLong cpu_time$layout() {
        return cpu_time$LAYOUT;
    }

    private static final long cpu_time$OFFSET = 8;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint64_aligned_t cpu_time
     * }
     */
    public static final long cpu_time$offset() {
        return cpu_time$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint64_aligned_t cpu_time
     * }
     */
    public static long cpu_time(MemorySegment struct) {
        return struct.get(cpu_time$LAYOUT, cpu_time$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint64_aligned_t cpu_time
     * }
     */
    public static void cpu_time(MemorySegment struct, long fieldValue) {
        struct.set(cpu_time$LAYOUT, cpu_time$OFFSET, fieldValue);
    }

    private static final OfInt cpu$LAYOUT = (OfInt)$LAYOUT.select(groupElement("cpu"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t cpu
     * }
     */
    public static final OfInt cpu$layout() {
        return cpu$LAYOUT;
    }

    private static final long cpu$OFFSET = 16;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t cpu
     * }
     */
    public static final long cpu$offset() {
        return cpu$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t cpu
     * }
     */
    public static int cpu(MemorySegment struct) {
        return struct.get(cpu$LAYOUT, cpu$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t cpu
     * }
     */
    public static void cpu(MemorySegment struct, int fieldValue) {
        struct.set(cpu$LAYOUT, cpu$OFFSET, fieldValue);
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
