package io.livemig.backend.xen.bindings;

import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

/**
 * The errno a downcall leaves behind (not generated: jextract does not capture call state). Every
 * binding whose C function sets errno is linked with {@link #OPTION} and takes a call-state segment
 * as its first argument; read the value with {@link #errno} right after the call.
 */
public final class ErrnoCapture {
    /** The linker option the bindings add to each downcall that sets errno. */
    public static final Linker.Option OPTION = Linker.Option.captureCallState("errno");
    /** The layout of a call-state segment. */
    public static final StructLayout LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private ErrnoCapture() {
    }

    /** A call-state segment for the bindings' {@code callState} argument. */
    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate(LAYOUT);
    }

    /** The errno the last call with {@code callState} left. */
    public static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }
}
