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
 * struct cpu_user_regs {
 *     ... (only rdx is bound: the other registers travel as the record's bytes)
 *     uint64_t rdx;
 *     ...
 * }
 * }
 */
@SuppressWarnings("restricted")
public class cpu_user_regs {

    cpu_user_regs() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        MemoryLayout.paddingLayout(96),
        xenctrl_h.C_LONG.withName("rdx"),
        MemoryLayout.paddingLayout(96)
    ).withName("cpu_user_regs");

    /**
     * The layout of this struct
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfLong rdx$LAYOUT = (OfLong)$LAYOUT.select(groupElement("rdx"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint64_t rdx
     * }
     */
    public static final OfLong rdx$layout() {
        return rdx$LAYOUT;
    }

    private static final long rdx$OFFSET = 96;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint64_t rdx
     * }
     */
    public static final long rdx$offset() {
        return rdx$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint64_t rdx
     * }
     */
    public static long rdx(MemorySegment struct) {
        return struct.get(rdx$LAYOUT, rdx$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint64_t rdx
     * }
     */
    public static void rdx(MemorySegment struct, long fieldValue) {
        struct.set(rdx$LAYOUT, rdx$OFFSET, fieldValue);
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
