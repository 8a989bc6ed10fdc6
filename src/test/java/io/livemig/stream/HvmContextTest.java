package io.livemig.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** HvmContext.parse refuses every malformed blob, naming the blob offset. */
class HvmContextTest {
    private static final byte[] BLOB = HvmContext.build(0, 0, 0, List.of(new HvmContext.Entry(HvmContext.TYPE_CPU, 0, new byte[4])));

    private static String refused(byte[] blob) {
        return assertThrows(IllegalArgumentException.class, () -> HvmContext.parse(blob)).getMessage();
    }

    private static byte[] withInt(byte[] blob, int at, int value) {
        byte[] copy = blob.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(at, value);
        return copy;
    }

    private static byte[] withShort(byte[] blob, int at, int value) {
        byte[] copy = blob.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
        return copy;
    }

    @Test
    void refusesEveryMalformedBlob() {
        int end = BLOB.length - HvmContext.DESCRIPTOR_SIZE;
        assertEquals("HVM context: 3 bytes after the END descriptor at blob offset " + BLOB.length, refused(Arrays.copyOf(BLOB, BLOB.length + 3)));
        assertEquals("HVM context: truncated descriptor at blob offset " + end, refused(Arrays.copyOf(BLOB, BLOB.length - 1)));
        assertEquals("HVM context: descriptor type 2 at blob offset 32 claims 5 bytes, 4 left",
                refused(Arrays.copyOf(withInt(BLOB, 36, 5), 44)));
        assertEquals("HVM context: first descriptor is type 2, not HEADER (1)", refused(withShort(BLOB, 0, HvmContext.TYPE_CPU)));
        assertEquals("HVM context: second HEADER descriptor at blob offset 32", refused(withShort(BLOB, 32, HvmContext.TYPE_HEADER)));
        assertEquals("HVM context: HEADER at blob offset 0 lacks magic 0x54381286", refused(withInt(BLOB, 8, 0x54381287)));
        assertEquals("HVM context: HEADER version is not 1", refused(withInt(BLOB, 12, 2)));
        assertEquals("HVM context: END descriptor at blob offset " + end + " has length 1",
                refused(Arrays.copyOf(withInt(BLOB, end + 4, 1), BLOB.length + 1)));
        assertEquals("HVM context: no END descriptor", refused(Arrays.copyOf(BLOB, end)));
        // a HEADER whose payload is too short for the magic
        byte[] shortHeader = HvmContext.build(0, 0, 0, List.of());
        byte[] cut = new byte[8 + 4 + 8];
        ByteBuffer.wrap(cut).order(ByteOrder.LITTLE_ENDIAN).putShort(0, (short) 1).putInt(4, 4).putInt(8, HvmContext.HEADER_MAGIC);
        assertEquals("HVM context: HEADER at blob offset 0 lacks magic 0x54381286", refused(cut));
        assertEquals(2, HvmContext.parse(shortHeader).size());
    }
}
