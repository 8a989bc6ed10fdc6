package io.livemig.stream;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of an HVM_CONTEXT record: the hypervisor's HVM save blob (xen/include/public/hvm/save.h),
 * a sequence of save records, the first HEADER, the last END. Little-endian.
 *
 * <pre>
 * save record:
 *     0     1     2     3     4     5     6     7 octet
 *    +-----------+-----------+-----------------------+
 *    | typecode  | instance  | length                |
 *    +-----------+-----------+-----------------------+
 *    | payload: length octets ...                    |
 *    ...                                             ...
 *
 * HEADER payload (typecode 1):
 *    +-----------------------+-----------------------+
 *    | magic 0x54381286      | version 1             |
 *    +-----------------------+-----------------------+
 *    | changeset                                     |
 *    +-----------------------+-----------------------+
 *    | cpuid                 | gtsc_khz              |
 *    +-----------------------+-----------------------+
 * </pre>
 * END (typecode 0) has length 0 and nothing follows it.
 */
public final class HvmContext {
    private HvmContext() {
    }

    /** Offset of typecode in a save record's descriptor. */
    public static final int TYPECODE_OFFSET = 0;
    /** Offset of instance in a save record's descriptor. */
    public static final int INSTANCE_OFFSET = 2;
    /** Offset of length in a save record's descriptor. */
    public static final int LENGTH_OFFSET = 4;
    /** Length of a save record's descriptor in bytes; the payload follows it. */
    public static final int DESCRIPTOR_SIZE = 8;

    /** Offset of magic in the HEADER payload. */
    public static final int HEADER_MAGIC_OFFSET = 0;
    /** Offset of version in the HEADER payload. */
    public static final int HEADER_VERSION_OFFSET = 4;
    /** Offset of changeset in the HEADER payload. */
    public static final int HEADER_CHANGESET_OFFSET = 8;
    /** Offset of cpuid in the HEADER payload. */
    public static final int HEADER_CPUID_OFFSET = 16;
    /** Offset of gtsc_khz in the HEADER payload. */
    public static final int HEADER_GTSC_KHZ_OFFSET = 20;
    /** Length of the HEADER payload in bytes. */
    public static final int HEADER_PAYLOAD_SIZE = 24;

    /** Typecode of END, the last save record. */
    public static final int TYPE_END = 0;
    /** Typecode of HEADER, the first save record. */
    public static final int TYPE_HEADER = 1;
    /** Typecode of CPU, a vCPU's register state. */
    public static final int TYPE_CPU = 2;
    /** The HEADER payload's magic. */
    public static final int HEADER_MAGIC = 0x54381286;
    /** The HEADER payload's version. */
    public static final int HEADER_VERSION = 1;

    /**
     * One save record of the blob.
     *
     * @param typecode the save record's type ({@code TYPE_*}), 16 bits
     * @param instance the instance of that type, 16 bits (the vCPU for CPU)
     * @param payload  the payload; not copied
     */
    public record Entry(int typecode, int instance, byte[] payload) {
    }

    /**
     * Builds a blob: HEADER, the given entries, END.
     *
     * @param changeset the HEADER's changeset field: the saving hypervisor's changeset
     * @param cpuid     the HEADER's cpuid field: CPUID leaf 1's eax on the saving host
     * @param gtscKhz   the HEADER's gtsc_khz field: the guest's TSC frequency in kHz
     * @param entries   the save records between HEADER and END, in order
     * @return the blob
     */
    public static byte[] build(long changeset, int cpuid, int gtscKhz, List<Entry> entries) {
        int size = DESCRIPTOR_SIZE + HEADER_PAYLOAD_SIZE + DESCRIPTOR_SIZE;
        for (Entry e : entries) {
            size += DESCRIPTOR_SIZE + e.payload().length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        int at = putDescriptor(b, 0, TYPE_HEADER, 0, HEADER_PAYLOAD_SIZE);
        Fields.putU32le(b, at, HEADER_MAGIC_OFFSET, HEADER_MAGIC);
        Fields.putU32le(b, at, HEADER_VERSION_OFFSET, HEADER_VERSION);
        Fields.putU64le(b, at, HEADER_CHANGESET_OFFSET, changeset);
        Fields.putU32le(b, at, HEADER_CPUID_OFFSET, cpuid);
        Fields.putU32le(b, at, HEADER_GTSC_KHZ_OFFSET, gtscKhz);
        at += HEADER_PAYLOAD_SIZE;
        for (Entry e : entries) {
            at = putDescriptor(b, at, e.typecode(), e.instance(), e.payload().length);
            b.put(at, e.payload());
            at += e.payload().length;
        }
        putDescriptor(b, at, TYPE_END, 0, 0);
        return b.array();
    }

    /** Writes a save record's descriptor at {@code at}; returns where its payload goes. */
    private static int putDescriptor(ByteBuffer b, int at, int typecode, int instance, int length) {
        Fields.putU16le(b, at, TYPECODE_OFFSET, typecode);
        Fields.putU16le(b, at, INSTANCE_OFFSET, instance);
        Fields.putU32le(b, at, LENGTH_OFFSET, length);
        return at + DESCRIPTOR_SIZE;
    }

    /**
     * Parses and checks a blob: descriptors in bounds, HEADER first with Xen's magic and
     * version, END last with length 0 and nothing after it.
     *
     * @param blob the blob
     * @return the save records in blob order, HEADER and END included; payloads are copies
     * @throws IllegalArgumentException naming the byte offset inside the blob of what is wrong
     */
    public static List<Entry> parse(byte[] blob) {
        List<Entry> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(blob);
        int at = 0;
        boolean sawEnd = false;
        while (at < blob.length) {
            int left = blob.length - at;
            if (sawEnd) {
                throw new IllegalArgumentException("HVM context: " + left + " bytes after the END descriptor at blob offset " + at);
            }
            if (left < DESCRIPTOR_SIZE) {
                throw new IllegalArgumentException("HVM context: truncated descriptor at blob offset " + at);
            }
            int type = Fields.u16le(b, at, TYPECODE_OFFSET);
            int instance = Fields.u16le(b, at, INSTANCE_OFFSET);
            long length = Integer.toUnsignedLong(Fields.u32le(b, at, LENGTH_OFFSET));
            int payloadAt = at + DESCRIPTOR_SIZE;
            if (length > blob.length - payloadAt) {
                throw new IllegalArgumentException("HVM context: descriptor type " + type + " at blob offset " + at
                        + " claims " + length + " bytes, " + (blob.length - payloadAt) + " left");
            }
            byte[] payload = new byte[(int) length];
            b.get(payloadAt, payload);
            if (out.isEmpty() && type != TYPE_HEADER) {
                throw new IllegalArgumentException("HVM context: first descriptor is type " + type + ", not HEADER (" + TYPE_HEADER + ")");
            }
            if (type == TYPE_HEADER) {
                if (!out.isEmpty()) {
                    throw new IllegalArgumentException("HVM context: second HEADER descriptor at blob offset " + at);
                }
                if (length < HEADER_PAYLOAD_SIZE || Fields.u32le(b, payloadAt, HEADER_MAGIC_OFFSET) != HEADER_MAGIC) {
                    throw new IllegalArgumentException(String.format("HVM context: HEADER at blob offset %d lacks magic 0x%08x", at, HEADER_MAGIC));
                }
                if (Fields.u32le(b, payloadAt, HEADER_VERSION_OFFSET) != HEADER_VERSION) {
                    throw new IllegalArgumentException("HVM context: HEADER version is not " + HEADER_VERSION);
                }
            }
            if (type == TYPE_END) {
                if (length != 0) {
                    throw new IllegalArgumentException("HVM context: END descriptor at blob offset " + at + " has length " + length);
                }
                sawEnd = true;
            }
            out.add(new Entry(type, instance, payload));
            at = payloadAt + (int) length;
        }
        if (!sawEnd) {
            throw new IllegalArgumentException("HVM context: no END descriptor");
        }
        return out;
    }
}
