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
 * struct xen_cpuid_leaf {
 *     uint32_t leaf;
 *     uint32_t subleaf;
 *     uint32_t a;
 *     uint32_t b;
 *     uint32_t c;
 *     uint32_t d;
 * }
 * }
 */
@SuppressWarnings("restricted")
public class xen_cpuid_leaf {

    xen_cpuid_leaf() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        xenguest_h.C_INT.withName("leaf"),
        xenguest_h.C_INT.withName("subleaf"),
        xenguest_h.C_INT.withName("a"),
        xenguest_h.C_INT.withName("b"),
        xenguest_h.C_INT.withName("c"),
        xenguest_h.C_INT.withName("d")
    ).withName("xen_cpuid_leaf");

    /**
     * The layout of this struct
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfInt leaf$LAYOUT = (OfInt)$LAYOUT.select(groupElement("leaf"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t leaf
     * }
     */
    public static final OfInt leaf$layout() {
        return leaf$LAYOUT;
    }

    private static final long leaf$OFFSET = 0;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t leaf
     * }
     */
    public static final long leaf$offset() {
        return leaf$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t leaf
     * }
     */
    public static int leaf(MemorySegment struct) {
        return struct.get(leaf$LAYOUT, leaf$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t leaf
     * }
     */
    public static void leaf(MemorySegment struct, int fieldValue) {
        struct.set(leaf$LAYOUT, leaf$OFFSET, fieldValue);
    }

    private static final OfInt subleaf$LAYOUT = (OfInt)$LAYOUT.select(groupElement("subleaf"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t subleaf
     * }
     */
    public static final OfInt subleaf$layout() {
        return subleaf$LAYOUT;
    }

    private static final long subleaf$OFFSET = 4;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t subleaf
     * }
     */
    public static final long subleaf$offset() {
        return subleaf$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t subleaf
     * }
     */
    public static int subleaf(MemorySegment struct) {
        return struct.get(subleaf$LAYOUT, subleaf$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t subleaf
     * }
     */
    public static void subleaf(MemorySegment struct, int fieldValue) {
        struct.set(subleaf$LAYOUT, subleaf$OFFSET, fieldValue);
    }

    private static final OfInt a$LAYOUT = (OfInt)$LAYOUT.select(groupElement("a"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t a
     * }
     */
    public static final OfInt a$layout() {
        return a$LAYOUT;
    }

    private static final long a$OFFSET = 8;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t a
     * }
     */
    public static final long a$offset() {
        return a$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t a
     * }
     */
    public static int a(MemorySegment struct) {
        return struct.get(a$LAYOUT, a$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t a
     * }
     */
    public static void a(MemorySegment struct, int fieldValue) {
        struct.set(a$LAYOUT, a$OFFSET, fieldValue);
    }

    private static final OfInt b$LAYOUT = (OfInt)$LAYOUT.select(groupElement("b"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t b
     * }
     */
    public static final OfInt b$layout() {
        return b$LAYOUT;
    }

    private static final long b$OFFSET = 12;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t b
     * }
     */
    public static final long b$offset() {
        return b$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t b
     * }
     */
    public static int b(MemorySegment struct) {
        return struct.get(b$LAYOUT, b$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t b
     * }
     */
    public static void b(MemorySegment struct, int fieldValue) {
        struct.set(b$LAYOUT, b$OFFSET, fieldValue);
    }

    private static final OfInt c$LAYOUT = (OfInt)$LAYOUT.select(groupElement("c"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t c
     * }
     */
    public static final OfInt c$layout() {
        return c$LAYOUT;
    }

    private static final long c$OFFSET = 16;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t c
     * }
     */
    public static final long c$offset() {
        return c$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t c
     * }
     */
    public static int c(MemorySegment struct) {
        return struct.get(c$LAYOUT, c$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t c
     * }
     */
    public static void c(MemorySegment struct, int fieldValue) {
        struct.set(c$LAYOUT, c$OFFSET, fieldValue);
    }

    private static final OfInt d$LAYOUT = (OfInt)$LAYOUT.select(groupElement("d"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t d
     * }
     */
    public static final OfInt d$layout() {
        return d$LAYOUT;
    }

    private static final long d$OFFSET = 20;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t d
     * }
     */
    public static final long d$offset() {
        return d$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t d
     * }
     */
    public static int d(MemorySegment struct) {
        return struct.get(d$LAYOUT, d$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t d
     * }
     */
    public static void d(MemorySegment struct, int fieldValue) {
        struct.set(d$LAYOUT, d$OFFSET, fieldValue);
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
