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

    /** Offset of type in the header. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of page_shift in the header. */
    public static final int PAGE_SHIFT_OFFSET = 4;
    /** Offset of the 16-bit reserved field in the header. */
    public static final int RESERVED_OFFSET = 6;
    /** Offset of xen_major in the header. */
    public static final int XEN_MAJOR_OFFSET = 8;
    /** Offset of xen_minor in the header. */
    public static final int XEN_MINOR_OFFSET = 12;
    /** Length of the header in bytes. */
    public static final int LENGTH = 16;

    /**
     * Writes a domain header at {@code at}, with page_shift 12 (4 KiB pages) and a zero reserved field.
     *
     * @param b        the buffer
     * @param at       where the header starts in {@code b}
     * @param type     the guest type
     * @param xenMajor the saving host's Xen major version
     * @param xenMinor the saving host's Xen minor version
     */
    public static void encode(ByteBuffer b, int at, DomainType type, int xenMajor, int xenMinor) {
        Fields.putU32le(b, at, TYPE_OFFSET, type.code());
        Fields.putU16le(b, at, PAGE_SHIFT_OFFSET, StreamFormat.PAGE_SHIFT);
        Fields.putU16le(b, at, RESERVED_OFFSET, 0);
        Fields.putU32le(b, at, XEN_MAJOR_OFFSET, xenMajor);
        Fields.putU32le(b, at, XEN_MINOR_OFFSET, xenMinor);
    }

    /**
     * The type field.
     *
     * @param b  the buffer
     * @param at where the header starts in {@code b}
     * @return the guest type's code ({@link DomainType#ofCode})
     */
    public static int type(ByteBuffer b, int at) {
        return Fields.u32le(b, at, TYPE_OFFSET);
    }

    /**
     * The page_shift field.
     *
     * @param b  the buffer
     * @param at where the header starts in {@code b}
     * @return log2 of the page size in bytes
     */
    public static int pageShift(ByteBuffer b, int at) {
        return Fields.u16le(b, at, PAGE_SHIFT_OFFSET);
    }

    /**
     * The 16-bit reserved field.
     *
     * @param b  the buffer
     * @param at where the header starts in {@code b}
     * @return the field, zero in a valid header
     */
    public static int reserved(ByteBuffer b, int at) {
        return Fields.u16le(b, at, RESERVED_OFFSET);
    }

    /**
     * The xen_major field.
     *
     * @param b  the buffer
     * @param at where the header starts in {@code b}
     * @return the saving host's Xen major version; 0 for a stream converted from the legacy format
     */
    public static int xenMajor(ByteBuffer b, int at) {
        return Fields.u32le(b, at, XEN_MAJOR_OFFSET);
    }

    /**
     * The xen_minor field.
     *
     * @param b  the buffer
     * @param at where the header starts in {@code b}
     * @return the saving host's Xen minor version, or the converter's version when xen_major is 0
     */
    public static int xenMinor(ByteBuffer b, int at) {
        return Fields.u32le(b, at, XEN_MINOR_OFFSET);
    }
}
