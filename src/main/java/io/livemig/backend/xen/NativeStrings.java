package io.livemig.backend.xen;

import io.livemig.backend.DomainException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/** C strings returned by the Xen libraries, read without ever looking past their end. */
final class NativeStrings {
    private NativeStrings() {
    }

    /**
     * The NUL-terminated string at {@code pointer}, read a byte at a time so that nothing after the
     * terminator is touched.
     *
     * @throws DomainException when no terminator comes within {@code max} bytes
     */
    @SuppressWarnings("restricted") // the library promises a C string; reads stop at its terminator
    static String read(MemorySegment pointer, int max, String what) {
        MemorySegment s = pointer.reinterpret(max);
        for (int i = 0; i < max; i++) {
            if (s.get(ValueLayout.JAVA_BYTE, i) == 0) {
                return new String(s.asSlice(0, i).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
            }
        }
        throw new DomainException(what + " is not a C string of at most " + max + " bytes");
    }

    /** Exactly {@code length} bytes at {@code pointer} as UTF-8. */
    @SuppressWarnings("restricted") // the library states the length
    static String read(MemorySegment pointer, int length) {
        return new String(pointer.reinterpret(length).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }
}
