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
 * struct vcpu_guest_context {
 *     ... (x86_64; only the fields the save rewrites are bound)
 *     struct cpu_user_regs user_regs;
 *     ...
 *     unsigned long gdt_frames[16], gdt_ents;
 *     ...
 *     unsigned long ctrlreg[8];
 *     ...
 * }
 * }
 */
@SuppressWarnings("restricted")
public class vcpu_guest_context {

    vcpu_guest_context() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        MemoryLayout.paddingLayout(520),
        cpu_user_regs.layout().withName("user_regs"),
        MemoryLayout.paddingLayout(4112),
        MemoryLayout.sequenceLayout(16, xenctrl_h.C_LONG).withName("gdt_frames"),
        xenctrl_h.C_LONG.withName("gdt_ents"),
        MemoryLayout.paddingLayout(16),
        MemoryLayout.sequenceLayout(8, xenctrl_h.C_LONG).withName("ctrlreg"),
        MemoryLayout.paddingLayout(120)
    ).withName("vcpu_guest_context");

    /**
     * The layout of this struct
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final GroupLayout user_regs$LAYOUT = (GroupLayout)$LAYOUT.select(groupElement("user_regs"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * struct cpu_user_regs user_regs
     * }
     */
    public static final GroupLayout user_regs$layout() {
        return user_regs$LAYOUT;
    }

    private static final long user_regs$OFFSET = 520;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * struct cpu_user_regs user_regs
     * }
     */
    public static final long user_regs$offset() {
        return user_regs$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * struct cpu_user_regs user_regs
     * }
     */
    public static MemorySegment user_regs(MemorySegment struct) {
        return struct.asSlice(user_regs$OFFSET, user_regs$LAYOUT.byteSize());
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * struct cpu_user_regs user_regs
     * }
     */
    public static void user_regs(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, user_regs$OFFSET, user_regs$LAYOUT.byteSize());
    }

    private static final SequenceLayout gdt_frames$LAYOUT = (SequenceLayout)$LAYOUT.select(groupElement("gdt_frames"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * unsigned long gdt_frames[16]
     * }
     */
    public static final SequenceLayout gdt_frames$layout() {
        return gdt_frames$LAYOUT;
    }

    private static final long gdt_frames$OFFSET = 4832;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * unsigned long gdt_frames[16]
     * }
     */
    public static final long gdt_frames$offset() {
        return gdt_frames$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * unsigned long gdt_frames[16]
     * }
     */
    public static MemorySegment gdt_frames(MemorySegment struct) {
        return struct.asSlice(gdt_frames$OFFSET, gdt_frames$LAYOUT.byteSize());
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * unsigned long gdt_frames[16]
     * }
     */
    public static void gdt_frames(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, gdt_frames$OFFSET, gdt_frames$LAYOUT.byteSize());
    }

    private static final long[] gdt_frames$DIMS = { 16 };

    /**
     * Dimensions for array field:
     * {@snippet lang=c :
     * unsigned long gdt_frames[16]
     * }
     */
    public static long[] gdt_frames$dimensions() {
        return gdt_frames$DIMS;
    }

    private static final VarHandle gdt_frames$ELEM_HANDLE = $LAYOUT.varHandle(groupElement("gdt_frames"), sequenceElement());

    /**
     * Indexed getter for field:
     * {@snippet lang=c :
     * unsigned long gdt_frames[16]
     * }
     */
    public static long gdt_frames(MemorySegment struct, long index0) {
        return (long)gdt_frames$ELEM_HANDLE.get(struct, 0L, index0);
    }

    /**
     * Indexed setter for field:
     * {@snippet lang=c :
     * unsigned long gdt_frames[16]
     * }
     */
    public static void gdt_frames(MemorySegment struct, long index0, long fieldValue) {
        gdt_frames$ELEM_HANDLE.set(struct, 0L, index0, fieldValue);
    }

    private static final OfLong gdt_ents$LAYOUT = (OfLong)$LAYOUT.select(groupElement("gdt_ents"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * unsigned long gdt_ents
     * }
     */
    public static final OfLong gdt_ents$layout() {
        return gdt_ents$LAYOUT;
    }

    private static final long gdt_ents$OFFSET = 4960;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * unsigned long gdt_ents
     * }
     */
    public static final long gdt_ents$offset() {
        return gdt_ents$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * unsigned long gdt_ents
     * }
     */
    public static long gdt_ents(MemorySegment struct) {
        return struct.get(gdt_ents$LAYOUT, gdt_ents$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * unsigned long gdt_ents
     * }
     */
    public static void gdt_ents(MemorySegment struct, long fieldValue) {
        struct.set(gdt_ents$LAYOUT, gdt_ents$OFFSET, fieldValue);
    }

    private static final SequenceLayout ctrlreg$LAYOUT = (SequenceLayout)$LAYOUT.select(groupElement("ctrlreg"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * unsigned long ctrlreg[8]
     * }
     */
    public static final SequenceLayout ctrlreg$layout() {
        return ctrlreg$LAYOUT;
    }

    private static final long ctrlreg$OFFSET = 4984;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * unsigned long ctrlreg[8]
     * }
     */
    public static final long ctrlreg$offset() {
        return ctrlreg$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * unsigned long ctrlreg[8]
     * }
     */
    public static MemorySegment ctrlreg(MemorySegment struct) {
        return struct.asSlice(ctrlreg$OFFSET, ctrlreg$LAYOUT.byteSize());
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * unsigned long ctrlreg[8]
     * }
     */
    public static void ctrlreg(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, ctrlreg$OFFSET, ctrlreg$LAYOUT.byteSize());
    }

    private static final long[] ctrlreg$DIMS = { 8 };

    /**
     * Dimensions for array field:
     * {@snippet lang=c :
     * unsigned long ctrlreg[8]
     * }
     */
    public static long[] ctrlreg$dimensions() {
        return ctrlreg$DIMS;
    }

    private static final VarHandle ctrlreg$ELEM_HANDLE = $LAYOUT.varHandle(groupElement("ctrlreg"), sequenceElement());

    /**
     * Indexed getter for field:
     * {@snippet lang=c :
     * unsigned long ctrlreg[8]
     * }
     */
    public static long ctrlreg(MemorySegment struct, long index0) {
        return (long)ctrlreg$ELEM_HANDLE.get(struct, 0L, index0);
    }

    /**
     * Indexed setter for field:
     * {@snippet lang=c :
     * unsigned long ctrlreg[8]
     * }
     */
    public static void ctrlreg(MemorySegment struct, long index0, long fieldValue) {
        ctrlreg$ELEM_HANDLE.set(struct, 0L, index0, fieldValue);
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
