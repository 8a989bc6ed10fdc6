package io.livemig.stream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The hypervisor's HVM save blob carried by an HVM_CONTEXT record: descriptors
 * {@code u16 typecode | u16 instance | u32 length} each followed by {@code length} bytes,
 * the first HEADER (typecode 1), the last END (typecode 0, length 0).
 *
 * <pre>
 * HEADER payload (24 bytes): u32 magic 0x54381286 | u32 version 1 | u64 changeset | u32 cpuid | u32 gtsc_khz
 * </pre>
 */
public final class HvmContext {
    private HvmContext() {
    }

    public static final int DESCRIPTOR_SIZE = 8;
    public static final int TYPE_END = 0;
    public static final int TYPE_HEADER = 1;
    public static final int TYPE_CPU = 2;
    public static final int HEADER_MAGIC = 0x54381286;
    public static final int HEADER_VERSION = 1;
    public static final int HEADER_PAYLOAD_SIZE = 24;

    /** One save record of the blob. */
    public record Entry(int typecode, int instance, byte[] payload) {
    }

    /** Builds a blob: HEADER, the given entries, END. */
    public static byte[] build(long changeset, int cpuid, int gtscKhz, List<Entry> entries) {
        int size = DESCRIPTOR_SIZE + HEADER_PAYLOAD_SIZE + DESCRIPTOR_SIZE;
        for (Entry e : entries) {
            size += DESCRIPTOR_SIZE + e.payload().length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) TYPE_HEADER).putShort((short) 0).putInt(HEADER_PAYLOAD_SIZE);
        b.putInt(HEADER_MAGIC).putInt(HEADER_VERSION).putLong(changeset).putInt(cpuid).putInt(gtscKhz);
        for (Entry e : entries) {
            b.putShort((short) e.typecode()).putShort((short) e.instance()).putInt(e.payload().length);
            b.put(e.payload());
        }
        b.putShort((short) TYPE_END).putShort((short) 0).putInt(0);
        return b.array();
    }

    /**
     * Parses and checks a blob: descriptors in bounds, HEADER first with Xen's magic and
     * version, END last with length 0 and nothing after it.
     *
     * @throws IllegalArgumentException naming the byte offset inside the blob of what is wrong
     */
    public static List<Entry> parse(byte[] blob) {
        List<Entry> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        boolean sawEnd = false;
        while (b.hasRemaining()) {
            int at = b.position();
            if (sawEnd) {
                throw new IllegalArgumentException("HVM context: " + b.remaining() + " bytes after the END descriptor at blob offset " + at);
            }
            if (b.remaining() < DESCRIPTOR_SIZE) {
                throw new IllegalArgumentException("HVM context: truncated descriptor at blob offset " + at);
            }
            int type = Short.toUnsignedInt(b.getShort());
            int instance = Short.toUnsignedInt(b.getShort());
            long length = Integer.toUnsignedLong(b.getInt());
            if (length > b.remaining()) {
                throw new IllegalArgumentException("HVM context: descriptor type " + type + " at blob offset " + at
                        + " claims " + length + " bytes, " + b.remaining() + " left");
            }
            byte[] payload = new byte[(int) length];
            b.get(payload);
            if (out.isEmpty() && type != TYPE_HEADER) {
                throw new IllegalArgumentException("HVM context: first descriptor is type " + type + ", not HEADER (1)");
            }
            if (type == TYPE_HEADER) {
                if (!out.isEmpty()) {
                    throw new IllegalArgumentException("HVM context: second HEADER descriptor at blob offset " + at);
                }
                ByteBuffer h = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
                if (payload.length < HEADER_PAYLOAD_SIZE || h.getInt() != HEADER_MAGIC) {
                    throw new IllegalArgumentException("HVM context: HEADER at blob offset " + at + " lacks magic 0x54381286");
                }
                if (h.getInt() != HEADER_VERSION) {
                    throw new IllegalArgumentException("HVM context: HEADER version is not 1");
                }
            }
            if (type == TYPE_END) {
                if (length != 0) {
                    throw new IllegalArgumentException("HVM context: END descriptor at blob offset " + at + " has length " + length);
                }
                sawEnd = true;
            }
            out.add(new Entry(type, instance, payload));
        }
        if (!sawEnd) {
            throw new IllegalArgumentException("HVM context: no END descriptor");
        }
        return out;
    }
}
