package io.livemig.stream;

/**
 * The libxc migration stream (format version 3), described once. Everything the writer and the
 * reader need about framing lives here; record bodies are described beside their record types
 * in {@link RecordType}.
 *
 * <pre>
 * Image header (24 bytes, BIG-endian)
 *   0                   4                   8                   12                  16        20        24
 *   +-------------------+-------------------+-------------------+-------------------+----+----+---------+
 *   | marker 0xFFFFFFFF_FFFFFFFF            | id "XENF"         | version = 3       |opts|rsvd| reserved|
 *   +-------------------+-------------------+-------------------+-------------------+----+----+---------+
 *   opts bit 0: 0 = little-endian body
 *
 * Domain header (16 bytes, little-endian from here on)
 *   +-------------------+---------+---------+-------------------+-------------------+
 *   | type 1 PV, 2 HVM  |pageshift| reserved| xen_major         | xen_minor         |
 *   +-------------------+---------+---------+-------------------+-------------------+
 *
 * Record (8-byte header, body, zero padding to a multiple of 8; body_length excludes padding)
 *   +-------------------+-------------------+------------------------------+---------+
 *   | type (bit 31 = optional) | body_length | body ...                     | padding |
 *   +-------------------+-------------------+------------------------------+---------+
 * </pre>
 */
public final class StreamFormat {
    private StreamFormat() {
    }

    public static final long IHDR_MARKER = 0xFFFFFFFFFFFFFFFFL;
    public static final int IHDR_ID = 0x58454E46; // "XENF"
    public static final int IHDR_VERSION = 3;
    public static final int IHDR_VERSION_MIN = 2;
    public static final int IHDR_OPT_BIG_ENDIAN = 1;
    public static final int IMAGE_HEADER_SIZE = 24;

    public static final int DHDR_TYPE_X86_PV = 1;
    public static final int DHDR_TYPE_X86_HVM = 2;
    public static final int DOMAIN_HEADER_SIZE = 16;

    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;

    public static final int RECORD_HEADER_SIZE = 8;
    /** Restorers refuse record bodies above this (REC_LENGTH_MAX in xg_sr_common.c). */
    public static final int MAX_RECORD_BODY = 128 << 20;
    /** Bit 31 of a record type: a restorer may skip the record when it does not know it. */
    public static final int RECORD_OPTIONAL = 0x80000000;

    /** Largest batch of pfns in one PAGE_DATA record (Xen's MAX_BATCH_SIZE). */
    public static final int MAX_BATCH_SIZE = 1024;

    /** PAGE_DATA entry: type in bits 63..60, bits 59..52 zero, pfn in bits 51..0. */
    public static final int PAGE_DATA_TYPE_SHIFT = 60;
    public static final long PAGE_DATA_PFN_MASK = (1L << 52) - 1;
    public static final long PAGE_DATA_RESERVED_MASK = 0xFFL << 52;
    /** PAGE_DATA body before the entries: u32 count, u32 reserved. */
    public static final int PAGE_DATA_HEADER_SIZE = 8;

    /** Zero bytes needed after a body of {@code length} bytes. */
    public static int paddingFor(long length) {
        return (int) (-length & 7);
    }

    /** The PAGE_DATA entry for {@code pfn} of stream page type {@code type}. */
    public static long pageDataEntry(long pfn, int type) {
        return ((long) type << PAGE_DATA_TYPE_SHIFT) | pfn;
    }
}
