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

    /** Offset of count in the body. */
    public static final int COUNT_OFFSET = 0;
    /** Offset of the 32-bit reserved field in the body. */
    public static final int RESERVED_OFFSET = 4;
    /** Offset of the entry array in the body. */
    public static final int ENTRIES_OFFSET = 8;
    /** Length of count and reserved in bytes. */
    public static final int HEADER_LENGTH = 8;
    /** Length of an entry in bytes. */
    public static final int ENTRY_LENGTH = 8;

    /** Position of the 4-bit type in an entry: bits 63..60. */
    public static final int TYPE_SHIFT = 60;
    /** The pfn bits of an entry, 51..0. */
    public static final long PFN_MASK = (1L << 52) - 1;
    /** The reserved bits of an entry, 59..52. */
    public static final long RESERVED_MASK = 0xFFL << 52;
    /** One more than the largest pfn an entry can carry. */
    public static final long PFN_LIMIT = 1L << 52;

    /**
     * Writes count and a zero reserved field at {@code at}.
     *
     * @param b     the buffer
     * @param at    where the body starts in {@code b}
     * @param count the number of entries
     */
    public static void encodeHeader(ByteBuffer b, int at, int count) {
        Fields.putU32le(b, at, COUNT_OFFSET, count);
        Fields.putU32le(b, at, RESERVED_OFFSET, 0);
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
     * Body length of a record with {@code count} entries of which {@code dataPages} carry a page.
     *
     * @param count     the number of entries
     * @param dataPages the number of entries whose type carries data
     * @return the body length in bytes, page data included
     */
    public static long bodyLength(long count, long dataPages) {
        return HEADER_LENGTH + ENTRY_LENGTH * count + (dataPages << StreamFormat.PAGE_SHIFT);
    }

    /**
     * The entry for {@code pfn} (52 bits) of page type {@code type} (4 bits).
     *
     * @param pfn  the guest frame number; not checked, wider values spill into the other fields
     * @param type the page type ({@link PageType}); not checked
     * @return the entry
     */
    public static long entry(long pfn, int type) {
        return ((long) type << TYPE_SHIFT) | pfn;
    }

    /**
     * The pfn of an entry.
     *
     * @param entry the entry
     * @return bits 51..0, the guest frame number
     */
    public static long pfn(long entry) {
        return entry & PFN_MASK;
    }

    /**
     * The page type of an entry.
     *
     * @param entry the entry
     * @return bits 63..60, the page type ({@link PageType})
     */
    public static int type(long entry) {
        return (int) (entry >>> TYPE_SHIFT);
    }

    /**
     * Bits 59..52, which must be zero.
     *
     * @param entry the entry
     * @return the entry with every other bit cleared
     */
    public static long reservedBits(long entry) {
        return entry & RESERVED_MASK;
    }

    /**
     * Writes entry {@code i} of an entry array (a buffer that starts at entry 0).
     *
     * @param entries the entry array
     * @param i       the entry's index in the array
     * @param pfn     the guest frame number, as for {@link #entry(long, int)}
     * @param type    the page type, as for {@link #entry(long, int)}
     */
    public static void putEntry(ByteBuffer entries, int i, long pfn, int type) {
        putEntry(entries, 0, i, pfn, type);
    }

    /**
     * Stores entry {@code i} of an entry array that starts at {@code at} in {@code b}.
     *
     * @param b    the buffer
     * @param at   offset of entry 0 in {@code b}
     * @param i    the entry's index in the array
     * @param pfn  the pfn, below 2^52
     * @param type the stream page type, 0..15
     */
    public static void putEntry(ByteBuffer b, int at, int i, long pfn, int type) {
        Fields.putU64le(b, at + i * ENTRY_LENGTH, entry(pfn, type));
    }

    /**
     * Entry {@code i} of an entry array (a buffer that starts at entry 0).
     *
     * @param entries the entry array
     * @param i       the entry's index in the array
     * @return the entry
     */
    public static long entry(ByteBuffer entries, int i) {
        return entry(entries, 0, i);
    }

    /**
     * Entry {@code i} of an entry array that starts at {@code at} in {@code b}.
     *
     * @param b  the buffer
     * @param at offset of entry 0 in {@code b}
     * @param i  the entry's index in the array
     * @return the entry
     */
    public static long entry(ByteBuffer b, int at, int i) {
        return Fields.u64le(b, at + i * ENTRY_LENGTH);
    }
}
