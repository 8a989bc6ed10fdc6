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
 * struct shared_info {
 *     ... (vcpu_info, event channels, wallclock: copied whole into SHARED_INFO)
 *     struct arch_shared_info arch;
 * }
 * }
 */
@SuppressWarnings("restricted")
public class shared_info {

    shared_info() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        MemoryLayout.paddingLayout(3088),
        arch_shared_info.layout().withName("arch")
    ).withName("shared_info");

    /**
     * The layout of this struct
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final GroupLayout arch$LAYOUT = (GroupLayout)$LAYOUT.select(groupElement("arch"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * struct arch_shared_info arch
     * }
     */
    public static final GroupLayout arch$layout() {
        return arch$LAYOUT;
    }

    private static final long arch$OFFSET = 3088;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * struct arch_shared_info arch
     * }
     */
    public static final long arch$offset() {
        return arch$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * struct arch_shared_info arch
     * }
     */
    public static MemorySegment arch(MemorySegment struct) {
        return struct.asSlice(arch$OFFSET, arch$LAYOUT.byteSize());
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * struct arch_shared_info arch
     * }
     */
    public static void arch(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, arch$OFFSET, arch$LAYOUT.byteSize());
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
