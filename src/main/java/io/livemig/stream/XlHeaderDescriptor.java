package io.livemig.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The header of an xl save file (tools/xl/xl_saverestore.c), in the saving host's byte order
 * (little-endian on x86), followed by its optional data and then a libxl stream.
 *
 * <pre>
 *     0     1     2     3     4     5     6     7 octet
 *    +-----------------------------------------------+
 *    | magic "Xen saved domain, xl format\n \0 \r"   |  32 octets
 *    ...                                             ...
 *    +-----------------------+-----------------------+
 *    | byteorder 0x01020304  | mandatory_flags       |
 *    +-----------------------+-----------------------+
 *    | optional_flags        | optional_data_len     |
 *    +-----------------------+-----------------------+
 *    | optional data: config_len | config ...        |  optional_data_len octets
 *    ...                                             ...
 * </pre>
 * The optional data is what save_domain_core_writeconfig writes: a u32 config length and the
 * domain config (the length word is there even without a config). {@link XlSaveHeader} holds the
 * values.
 */
public final class XlHeaderDescriptor {
    private XlHeaderDescriptor() {
    }

    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Octets of the magic. */
    public static final int MAGIC_LENGTH = 32;
    /** Offset of the u32 byte-order marker. */
    public static final int BYTE_ORDER_OFFSET = 32;
    /** Offset of the u32 mandatory flags ({@link XlSaveHeader#FLAG_JSON}, {@link XlSaveHeader#FLAG_STREAM_V2}). */
    public static final int MANDATORY_FLAGS_OFFSET = 36;
    /** Offset of the u32 optional flags. */
    public static final int OPTIONAL_FLAGS_OFFSET = 40;
    /** Offset of the u32 length of the optional data, in octets. */
    public static final int OPTIONAL_DATA_LENGTH_OFFSET = 44;
    /** The fixed part, before the optional data. */
    public static final int LENGTH = 48;
    /** In the optional data: the config length, then the config. */
    public static final int CONFIG_LENGTH_OFFSET = 0;
    /** In the optional data: offset of the config, after its u32 length. */
    public static final int CONFIG_OFFSET = 4;

    /**
     * The magic's {@link #MAGIC_LENGTH} octets, {@code "Xen saved domain, xl format\n \0 \r"}; private
     * (a public array in an exported class could be changed by anyone): {@link #encode} writes it
     * and {@link #magicMismatch} compares with it.
     */
    private static final byte[] MAGIC = "Xen saved domain, xl format\n \0 \r".getBytes(StandardCharsets.ISO_8859_1);
    /** The byte-order field's value, written in the saving host's byte order. */
    public static final int BYTE_ORDER_MARKER = 0x01020304;
    /** The marker as a little-endian reader sees a big-endian host's. */
    public static final int BYTE_ORDER_SWAPPED = Integer.reverseBytes(BYTE_ORDER_MARKER);

    /**
     * Octets the header and its optional data occupy.
     *
     * @param h the header's values
     * @return {@link #LENGTH} plus the optional data length
     */
    public static long encodedLength(XlSaveHeader h) {
        return LENGTH + h.optionalDataLength();
    }

    /**
     * Writes the header and its optional data at {@code at}.
     *
     * @param b  the buffer to write into, with room for {@link #encodedLength} octets
     * @param at the header's offset in {@code b}
     * @param h  the header's values; its optional data length must be {@link #CONFIG_OFFSET} plus
     *           the config's length, as {@link XlSaveHeader#forConfig} makes it
     */
    public static void encode(ByteBuffer b, int at, XlSaveHeader h) {
        b.put(at + MAGIC_OFFSET, MAGIC);
        Fields.putU32le(b, at, BYTE_ORDER_OFFSET, BYTE_ORDER_MARKER);
        Fields.putU32le(b, at, MANDATORY_FLAGS_OFFSET, h.mandatoryFlags());
        Fields.putU32le(b, at, OPTIONAL_FLAGS_OFFSET, h.optionalFlags());
        Fields.putU32le(b, at, OPTIONAL_DATA_LENGTH_OFFSET, (int) h.optionalDataLength());
        int data = at + LENGTH;
        Fields.putU32le(b, data, CONFIG_LENGTH_OFFSET, h.config().length);
        b.put(data + CONFIG_OFFSET, h.config());
    }

    /**
     * The first octet of the magic's {@code [from, to)} where {@code b} differs, or -1.
     *
     * @param b    the buffer holding the header
     * @param at   the header's offset in {@code b}
     * @param from the first octet of the magic to compare
     * @param to   the octet after the last one to compare, at most {@link #MAGIC_LENGTH}
     * @return the index into the magic of the first differing octet, or -1 when all match
     */
    public static int magicMismatch(ByteBuffer b, int at, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b.get(at + MAGIC_OFFSET + i) != MAGIC[i]) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The byte-order field, read little-endian.
     *
     * @param b  the buffer holding the header
     * @param at the header's offset in {@code b}
     * @return {@link #BYTE_ORDER_MARKER} from a little-endian host, {@link #BYTE_ORDER_SWAPPED} from a
     *         big-endian one
     */
    public static int byteOrder(ByteBuffer b, int at) {
        return Fields.u32le(b, at, BYTE_ORDER_OFFSET);
    }

    /**
     * The mandatory flags field, read little-endian.
     *
     * @param b  the buffer holding the header
     * @param at the header's offset in {@code b}
     * @return the mandatory flags
     */
    public static int mandatoryFlags(ByteBuffer b, int at) {
        return Fields.u32le(b, at, MANDATORY_FLAGS_OFFSET);
    }

    /**
     * The optional flags field, read little-endian.
     *
     * @param b  the buffer holding the header
     * @param at the header's offset in {@code b}
     * @return the optional flags
     */
    public static int optionalFlags(ByteBuffer b, int at) {
        return Fields.u32le(b, at, OPTIONAL_FLAGS_OFFSET);
    }

    /**
     * The optional data length field, read little-endian, unsigned.
     *
     * @param b  the buffer holding the header
     * @param at the header's offset in {@code b}
     * @return octets of optional data after the header
     */
    public static long optionalDataLength(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(Fields.u32le(b, at, OPTIONAL_DATA_LENGTH_OFFSET));
    }

    /**
     * In optional data at {@code at}: the config length, unsigned.
     *
     * @param b  the buffer holding the optional data
     * @param at the optional data's offset in {@code b}
     * @return octets of config that follow the length
     */
    public static long configLength(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(Fields.u32le(b, at, CONFIG_LENGTH_OFFSET));
    }
}
