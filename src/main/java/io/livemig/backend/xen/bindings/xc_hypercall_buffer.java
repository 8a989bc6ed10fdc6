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
 * struct xc_hypercall_buffer {
 *     void *hbuf;
 *     struct xc_hypercall_buffer *param_shadow;
 *     int dir;
 *     void *ubuf;
 *     size_t sz;
 * }
 * }
 */
@SuppressWarnings("restricted")
public class xc_hypercall_buffer {

    xc_hypercall_buffer() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        xenctrl_h.C_POINTER.withName("hbuf"),
        xenctrl_h.C_POINTER.withName("param_shadow"),
        xenctrl_h.C_INT.withName("dir"),
        MemoryLayout.paddingLayout(4),
        xenctrl_h.C_POINTER.withName("ubuf"),
        xenctrl_h.C_LONG.withName("sz")
    ).withName("xc_hypercall_buffer");

    /**
     * The layout of this struct
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final AddressLayout hbuf$LAYOUT = (AddressLayout)$LAYOUT.select(groupElement("hbuf"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * void *hbuf
     * }
     */
    public static final AddressLayout hbuf$layout() {
        return hbuf$LAYOUT;
    }

    private static final long hbuf$OFFSET = 0;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * void *hbuf
     * }
     */
    public static final long hbuf$offset() {
        return hbuf$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * void *hbuf
     * }
     */
    public static MemorySegment hbuf(MemorySegment struct) {
        return struct.get(hbuf$LAYOUT, hbuf$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * void *hbuf
     * }
     */
    public static void hbuf(MemorySegment struct, MemorySegment fieldValue) {
        struct.set(hbuf$LAYOUT, hbuf$OFFSET, fieldValue);
    }

    private static final AddressLayout param_shadow$LAYOUT = (AddressLayout)$LAYOUT.select(groupElement("param_shadow"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * struct xc_hypercall_buffer *param_shadow
     * }
     */
    public static final AddressLayout param_shadow$layout() {
        return param_shadow$LAYOUT;
    }

    private static final long param_shadow$OFFSET = 8;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * struct xc_hypercall_buffer *param_shadow
     * }
     */
    public static final long param_shadow$offset() {
        return param_shadow$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * struct xc_hypercall_buffer *param_shadow
     * }
     */
    public static MemorySegment param_shadow(MemorySegment struct) {
        return struct.get(param_shadow$LAYOUT, param_shadow$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * struct xc_hypercall_buffer *param_shadow
     * }
     */
    public static void param_shadow(MemorySegment struct, MemorySegment fieldValue) {
        struct.set(param_shadow$LAYOUT, param_shadow$OFFSET, fieldValue);
    }

    private static final OfInt dir$LAYOUT = (OfInt)$LAYOUT.select(groupElement("dir"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * int dir
     * }
     */
    public static final OfInt dir$layout() {
        return dir$LAYOUT;
    }

    private static final long dir$OFFSET = 16;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * int dir
     * }
     */
    public static final long dir$offset() {
        return dir$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * int dir
     * }
     */
    public static int dir(MemorySegment struct) {
        return struct.get(dir$LAYOUT, dir$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * int dir
     * }
     */
    public static void dir(MemorySegment struct, int fieldValue) {
        struct.set(dir$LAYOUT, dir$OFFSET, fieldValue);
    }

    private static final AddressLayout ubuf$LAYOUT = (AddressLayout)$LAYOUT.select(groupElement("ubuf"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * void *ubuf
     * }
     */
    public static final AddressLayout ubuf$layout() {
        return ubuf$LAYOUT;
    }

    private static final long ubuf$OFFSET = 24;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * void *ubuf
     * }
     */
    public static final long ubuf$offset() {
        return ubuf$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * void *ubuf
     * }
     */
    public static MemorySegment ubuf(MemorySegment struct) {
        return struct.get(ubuf$LAYOUT, ubuf$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * void *ubuf
     * }
     */
    public static void ubuf(MemorySegment struct, MemorySegment fieldValue) {
        struct.set(ubuf$LAYOUT, ubuf$OFFSET, fieldValue);
    }

    private static final OfLong sz$LAYOUT = (OfLong)$LAYOUT.select(groupElement("sz"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * size_t sz
     * }
     */
    public static final OfLong sz$layout() {
        return sz$LAYOUT;
    }

    private static final long sz$OFFSET = 32;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * size_t sz
     * }
     */
    public static final long sz$offset() {
        return sz$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * size_t sz
     * }
     */
    public static long sz(MemorySegment struct) {
        return struct.get(sz$LAYOUT, sz$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * size_t sz
     * }
     */
    public static void sz(MemorySegment struct, long fieldValue) {
        struct.set(sz$LAYOUT, sz$OFFSET, fieldValue);
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
