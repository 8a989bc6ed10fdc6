package io.livemig.stream;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The body of an HVM_PARAMS record. Little-endian.
 *
 * <pre>
 *     0     1     2     3     4     5     6     7 octet
 *    +-----------------------+-----------------------+
 *    | count                 | reserved              |
 *    +-----------------------+-----------------------+
 *    | param[0].index                                |
 *    +-----------------------------------------------+
 *    | param[0].value                                |
 *    +-----------------------------------------------+
 *    ...                                             ...
 *    | param[count - 1].value                        |
 *    +-----------------------------------------------+
 * </pre>
 * {@link HvmParam} holds one entry's values.
 */
public final class HvmParamsDescriptor {
    private HvmParamsDescriptor() {
    }

    /** Offset of count in the body. */
    public static final int COUNT_OFFSET = 0;
    /** Offset of the 32-bit reserved field in the body. */
    public static final int RESERVED_OFFSET = 4;
    /** Offset of the entry array in the body. */
    public static final int ENTRIES_OFFSET = 8;
    /** Length of count and reserved in bytes. */
    public static final int HEADER_LENGTH = 8;
    /** In an entry: index, then value. */
    public static final int INDEX_OFFSET = 0;
    /** Offset of value in an entry. */
    public static final int VALUE_OFFSET = 8;
    /** Length of an entry in bytes. */
    public static final int ENTRY_LENGTH = 16;

    /**
     * Body length of a record with {@code count} entries.
     *
     * @param count the number of params
     * @return the body length in bytes, without padding
     */
    public static long bodyLength(long count) {
        return HEADER_LENGTH + ENTRY_LENGTH * count;
    }

    /**
     * Writes a body carrying every param of {@code params} at {@code at}.
     *
     * @param b      the buffer, with room for {@link #bodyLength} bytes at {@code at}
     * @param at     where the body starts in {@code b}
     * @param params the params, in the order to write them
     */
    public static void encode(ByteBuffer b, int at, List<HvmParam> params) {
        Fields.putU32le(b, at, COUNT_OFFSET, params.size());
        Fields.putU32le(b, at, RESERVED_OFFSET, 0);
        int e = at + ENTRIES_OFFSET;
        for (HvmParam p : params) {
            Fields.putU64le(b, e, INDEX_OFFSET, p.index());
            Fields.putU64le(b, e, VALUE_OFFSET, p.value());
            e += ENTRY_LENGTH;
        }
    }

    /**
     * A body carrying every param of {@code params}.
     *
     * @param params the params, in the order to write them
     * @return the body, without padding
     */
    public static byte[] toBytes(List<HvmParam> params) {
        ByteBuffer b = ByteBuffer.allocate((int) bodyLength(params.size()));
        encode(b, 0, params);
        return b.array();
    }

    /**
     * The count field, unsigned.
     *
     * @param b  the buffer
     * @param at where the body starts in {@code b}
     * @return the number of entries the body claims
     */
    public static long count(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(Fields.u32le(b, at, COUNT_OFFSET));
    }

    /**
     * The 32-bit reserved field.
     *
     * @param b  the buffer
     * @param at where the body starts in {@code b}
     * @return the field, zero in a valid body
     */
    public static int reserved(ByteBuffer b, int at) {
        return Fields.u32le(b, at, RESERVED_OFFSET);
    }

    /**
     * Entry {@code i} of an entry array (a buffer that starts at entry 0).
     *
     * @param entries the entry array
     * @param i       the entry's index in the array
     * @return the entry's index and value
     */
    public static HvmParam entry(ByteBuffer entries, int i) {
        int e = i * ENTRY_LENGTH;
        return new HvmParam(Fields.u64le(entries, e, INDEX_OFFSET), Fields.u64le(entries, e, VALUE_OFFSET));
    }
}
