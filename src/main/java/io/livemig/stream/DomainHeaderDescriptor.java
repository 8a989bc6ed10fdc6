package io.livemig.stream;

import java.nio.ByteBuffer;

/**
 * The domain header that follows the image header. Little-endian.
 *
 * <pre>
 *     0     1     2     3     4     5     6     7 octet
 *    +-----------------------+-----------+-----------+
 *    | type                  | page_shift| reserved  |
 *    +-----------------------+-----------+-----------+
 *    | xen_major             | xen_minor             |
 *    +-----------------------+-----------------------+
 * </pre>
 * type: {@link DomainType}; xen_major 0 marks a stream converted from the legacy format, whose
 * converter writes its own version as xen_minor.
 */
public final class DomainHeaderDescriptor {
    private DomainHeaderDescriptor() {
    }

    public static final int TYPE_OFFSET = 0;
    public static final int PAGE_SHIFT_OFFSET = 4;
    public static final int RESERVED_OFFSET = 6;
    public static final int XEN_MAJOR_OFFSET = 8;
    public static final int XEN_MINOR_OFFSET = 12;
    public static final int LENGTH = 16;

    public static void encode(ByteBuffer b, int at, DomainType type, int xenMajor, int xenMinor) {
        Fields.putU32le(b, at, TYPE_OFFSET, type.code());
        Fields.putU16le(b, at, PAGE_SHIFT_OFFSET, StreamFormat.PAGE_SHIFT);
        Fields.putU16le(b, at, RESERVED_OFFSET, 0);
        Fields.putU32le(b, at, XEN_MAJOR_OFFSET, xenMajor);
        Fields.putU32le(b, at, XEN_MINOR_OFFSET, xenMinor);
    }

    public static int type(ByteBuffer b, int at) {
        return Fields.u32le(b, at, TYPE_OFFSET);
    }

    public static int pageShift(ByteBuffer b, int at) {
        return Fields.u16le(b, at, PAGE_SHIFT_OFFSET);
    }

    public static int reserved(ByteBuffer b, int at) {
        return Fields.u16le(b, at, RESERVED_OFFSET);
    }

    public static int xenMajor(ByteBuffer b, int at) {
        return Fields.u32le(b, at, XEN_MAJOR_OFFSET);
    }

    public static int xenMinor(ByteBuffer b, int at) {
        return Fields.u32le(b, at, XEN_MINOR_OFFSET);
    }
}
