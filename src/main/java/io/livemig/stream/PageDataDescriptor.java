package io.livemig.stream;

import java.nio.ByteBuffer;

/**
 * The body of a PAGE_DATA record: a batch of pfns and the pages of those that carry data.
 * Little-endian.
 *
 * <pre>
 *     0     1     2     3     4     5     6     7 octet
 *    +-----------------------+-----------------------+
 *    | count (1..1024)       | reserved              |
 *    +-----------------------+-----------------------+
 *    | entry[0]                                      |
 *    ...                                             ...
 *    | entry[count - 1]                              |
 *    +-----------------------------------------------+
 *    | page data: 4096 octets for each entry whose   |
 *    | type carries data, in entry order             |
 *    ...                                             ...
 *
 * entry (u64):
 *     63    60 59    52 51                                               0
 *    +--------+--------+--------------------------------------------------+
 *    |  type  |  zero  |  pfn                                             |
 *    +--------+--------+--------------------------------------------------+
 * </pre>
 * type: {@link PageType}. The body is a multiple of 8 octets: a PAGE_DATA record has no padding.
 */
public final class PageDataDescriptor {
    private PageDataDescriptor() {
    }

    public static final int COUNT_OFFSET = 0;
    public static final int RESERVED_OFFSET = 4;
    public static final int ENTRIES_OFFSET = 8;
    public static final int HEADER_LENGTH = 8;
    public static final int ENTRY_LENGTH = 8;

    public static final int TYPE_SHIFT = 60;
    public static final long PFN_MASK = (1L << 52) - 1;
    public static final long RESERVED_MASK = 0xFFL << 52;
    /** One more than the largest pfn an entry can carry. */
    public static final long PFN_LIMIT = 1L << 52;

    /** Writes count and a zero reserved field at {@code at}. */
    public static void encodeHeader(ByteBuffer b, int at, int count) {
        Fields.putU32le(b, at, COUNT_OFFSET, count);
        Fields.putU32le(b, at, RESERVED_OFFSET, 0);
    }

    /** The count field, unsigned. */
    public static long count(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(Fields.u32le(b, at, COUNT_OFFSET));
    }

    public static int reserved(ByteBuffer b, int at) {
        return Fields.u32le(b, at, RESERVED_OFFSET);
    }

    /** Body length of a record with {@code count} entries of which {@code dataPages} carry a page. */
    public static long bodyLength(long count, long dataPages) {
        return HEADER_LENGTH + ENTRY_LENGTH * count + (dataPages << StreamFormat.PAGE_SHIFT);
    }

    /** The entry for {@code pfn} (52 bits) of page type {@code type} (4 bits). */
    public static long entry(long pfn, int type) {
        return ((long) type << TYPE_SHIFT) | pfn;
    }

    public static long pfn(long entry) {
        return entry & PFN_MASK;
    }

    public static int type(long entry) {
        return (int) (entry >>> TYPE_SHIFT);
    }

    /** Bits 59..52, which must be zero. */
    public static long reservedBits(long entry) {
        return entry & RESERVED_MASK;
    }

    /** Writes entry {@code i} of an entry array (a buffer that starts at entry 0). */
    public static void putEntry(ByteBuffer entries, int i, long pfn, int type) {
        Fields.putU64le(entries, i * ENTRY_LENGTH, entry(pfn, type));
    }

    /** Entry {@code i} of an entry array (a buffer that starts at entry 0). */
    public static long entry(ByteBuffer entries, int i) {
        return Fields.u64le(entries, i * ENTRY_LENGTH);
    }
}
