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
 * struct xen_arch_domainconfig {
 *     uint32_t emulation_flags;
 *     uint32_t misc_flags;
 * }
 * }
 */
@SuppressWarnings("restricted")
public class xen_arch_domainconfig {

    xen_arch_domainconfig() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        xenctrl_h.C_INT.withName("emulation_flags"),
        xenctrl_h.C_INT.withName("misc_flags")
    ).withName("xen_arch_domainconfig");

    /**
     * The layout of this struct
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfInt emulation_flags$LAYOUT = (OfInt)$LAYOUT.select(groupElement("emulation_flags"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t emulation_flags
     * }
     */
    public static final OfInt emulation_flags$layout() {
        return emulation_flags$LAYOUT;
    }

    private static final long emulation_flags$OFFSET = 0;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t emulation_flags
     * }
     */
    public static final long emulation_flags$offset() {
        return emulation_flags$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t emulation_flags
     * }
     */
    public static int emulation_flags(MemorySegment struct) {
        return struct.get(emulation_flags$LAYOUT, emulation_flags$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t emulation_flags
     * }
     */
    public static void emulation_flags(MemorySegment struct, int fieldValue) {
        struct.set(emulation_flags$LAYOUT, emulation_flags$OFFSET, fieldValue);
    }

    private static final OfInt misc_flags$LAYOUT = (OfInt)$LAYOUT.select(groupElement("misc_flags"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t misc_flags
     * }
     */
    public static final OfInt misc_flags$layout() {
        return misc_flags$LAYOUT;
    }

    private static final long misc_flags$OFFSET = 4;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t misc_flags
     * }
     */
    public static final long misc_flags$offset() {
        return misc_flags$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t misc_flags
     * }
     */
    public static int misc_flags(MemorySegment struct) {
        return struct.get(misc_flags$LAYOUT, misc_flags$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t misc_flags
     * }
     */
    public static void misc_flags(MemorySegment struct, int fieldValue) {
        struct.set(misc_flags$LAYOUT, misc_flags$OFFSET, fieldValue);
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
