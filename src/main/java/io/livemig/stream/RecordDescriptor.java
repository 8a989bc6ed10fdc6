package io.livemig.stream;

import java.nio.ByteBuffer;

/**
 * The framing of every record, libxc and libxl alike: an 8-octet header, the body, and zero
 * padding that ends the record on an 8-octet boundary (libxc-migration-stream.pandoc, "Records").
 * Little-endian.
 *
 * <pre>
 *     0     1     2     3     4     5     6     7 octet
 *    +-----------------------+-----------------------+
 *    | type (bit 31 optional)| body_length           |
 *    +-----------------------+-----------------------+
 *    | body ...                                      |
 *    ...                                             ...
 *    |             | padding: 0..7 zero octets       |
 *    +-------------+---------------------------------+
 * </pre>
 * {@code body_length} counts the body without its padding.
 */
public final class RecordDescriptor {
    private RecordDescriptor() {
    }

    /** Offset of the u32 record type. */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the u32 body length. */
    public static final int BODY_LENGTH_OFFSET = 4;
    /** Octets of the record header, before the body. */
    public static final int HEADER_LENGTH = 8;
    /** Records start and end on multiples of this. */
    public static final int ALIGNMENT = 8;
    /** Restorers refuse record bodies above this (REC_LENGTH_MAX in xg_sr_common.c). */
    public static final int MAX_BODY_LENGTH = 128 << 20;
    /** Bit 31 of a record type: a restorer may skip the record when it does not know it. */
    public static final int OPTIONAL = 0x80000000;

    /**
     * Writes a record header at {@code at}.
     *
     * @param b          the buffer to write into
     * @param at         the record's offset in {@code b}
     * @param type       the record type, {@link #OPTIONAL} bit included
     * @param bodyLength octets of body, padding excluded
     */
    public static void encodeHeader(ByteBuffer b, int at, int type, int bodyLength) {
        Fields.putU32le(b, at, TYPE_OFFSET, type);
        Fields.putU32le(b, at, BODY_LENGTH_OFFSET, bodyLength);
    }

    /**
     * The type field.
     *
     * @param b  the buffer holding the record header
     * @param at the record's offset in {@code b}
     * @return the record type, {@link #OPTIONAL} bit included
     */
    public static int type(ByteBuffer b, int at) {
        return Fields.u32le(b, at, TYPE_OFFSET);
    }

    /**
     * The body length field, unsigned.
     *
     * @param b  the buffer holding the record header
     * @param at the record's offset in {@code b}
     * @return octets of body, padding excluded
     */
    public static long bodyLength(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(Fields.u32le(b, at, BODY_LENGTH_OFFSET));
    }

    /**
     * Zero octets needed after a body of {@code bodyLength} octets.
     *
     * @param bodyLength octets of body
     * @return 0..7
     */
    public static int paddingFor(long bodyLength) {
        return (int) (-bodyLength & (ALIGNMENT - 1));
    }

    /**
     * Octets a record with a body of {@code bodyLength} occupies: header, body and padding.
     *
     * @param bodyLength octets of body
     * @return the record's octets, header and padding included
     */
    public static long recordLength(long bodyLength) {
        return HEADER_LENGTH + bodyLength + paddingFor(bodyLength);
    }
}
