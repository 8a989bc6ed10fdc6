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
 * struct xen_domctl {
 *     uint32_t cmd;
 *     uint32_t interface_version;
 *     domid_t domain;
 *     uint16_t _pad[3];
 *     union { ...; uint8_t pad[128]; } u;
 * }
 * }
 */
@SuppressWarnings("restricted")
public class xen_domctl {

    xen_domctl() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        xenctrl_h.C_INT.withName("cmd"),
        xenctrl_h.C_INT.withName("interface_version"),
        xenctrl_h.C_SHORT.withName("domain"),
        MemoryLayout.paddingLayout(6),
        MemoryLayout.sequenceLayout(128, xenctrl_h.C_CHAR).withName("u")
    ).withName("xen_domctl").withByteAlignment(8);

    /**
     * The layout of this struct
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfInt cmd$LAYOUT = (OfInt)$LAYOUT.select(groupElement("cmd"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t cmd
     * }
     */
    public static final OfInt cmd$layout() {
        return cmd$LAYOUT;
    }

    private static final long cmd$OFFSET = 0;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t cmd
     * }
     */
    public static final long cmd$offset() {
        return cmd$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t cmd
     * }
     */
    public static int cmd(MemorySegment struct) {
        return struct.get(cmd$LAYOUT, cmd$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t cmd
     * }
     */
    public static void cmd(MemorySegment struct, int fieldValue) {
        struct.set(cmd$LAYOUT, cmd$OFFSET, fieldValue);
    }

    private static final OfInt interface_version$LAYOUT = (OfInt)$LAYOUT.select(groupElement("interface_version"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t interface_version
     * }
     */
    public static final OfInt interface_version$layout() {
        return interface_version$LAYOUT;
    }

    private static final long interface_version$OFFSET = 4;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t interface_version
     * }
     */
    public static final long interface_version$offset() {
        return interface_version$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t interface_version
     * }
     */
    public static int interface_version(MemorySegment struct) {
        return struct.get(interface_version$LAYOUT, interface_version$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t interface_version
     * }
     */
    public static void interface_version(MemorySegment struct, int fieldValue) {
        struct.set(interface_version$LAYOUT, interface_version$OFFSET, fieldValue);
    }

    private static final OfShort domain$LAYOUT = (OfShort)$LAYOUT.select(groupElement("domain"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * domid_t domain
     * }
     */
    public static final OfShort domain$layout() {
        return domain$LAYOUT;
    }

    private static final long domain$OFFSET = 8;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * domid_t domain
     * }
     */
    public static final long domain$offset() {
        return domain$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * domid_t domain
     * }
     */
    public static short domain(MemorySegment struct) {
        return struct.get(domain$LAYOUT, domain$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * domid_t domain
     * }
     */
    public static void domain(MemorySegment struct, short fieldValue) {
        struct.set(domain$LAYOUT, domain$OFFSET, fieldValue);
    }

    private static final SequenceLayout u$LAYOUT = (SequenceLayout)$LAYOUT.select(groupElement("u"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * union { ... uint8_t pad[128]; } u
     * }
     */
    public static final SequenceLayout u$layout() {
        return u$LAYOUT;
    }

    private static final long u$OFFSET = 16;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * union { ... uint8_t pad[128]; } u
     * }
     */
    public static final long u$offset() {
        return u$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * union { ... uint8_t pad[128]; } u
     * }
     */
    public static MemorySegment u(MemorySegment struct) {
        return struct.asSlice(u$OFFSET, u$LAYOUT.byteSize());
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * union { ... uint8_t pad[128]; } u
     * }
     */
    public static void u(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, u$OFFSET, u$LAYOUT.byteSize());
    }

    private static final long[] u$DIMS = { 128 };

    /**
     * Dimensions for array field:
     * {@snippet lang=c :
     * union { ... uint8_t pad[128]; } u
     * }
     */
    public static long[] u$dimensions() {
        return u$DIMS;
    }

    private static final VarHandle u$ELEM_HANDLE = $LAYOUT.varHandle(groupElement("u"), sequenceElement());

    /**
     * Indexed getter for field:
     * {@snippet lang=c :
     * union { ... uint8_t pad[128]; } u
     * }
     */
    public static byte u(MemorySegment struct, long index0) {
        return (byte)u$ELEM_HANDLE.get(struct, 0L, index0);
    }

    /**
     * Indexed setter for field:
     * {@snippet lang=c :
     * union { ... uint8_t pad[128]; } u
     * }
     */
    public static void u(MemorySegment struct, long index0, byte fieldValue) {
        u$ELEM_HANDLE.set(struct, 0L, index0, fieldValue);
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
