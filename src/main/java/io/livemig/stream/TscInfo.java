package io.livemig.stream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * X86_TSC_INFO body: {@code u32 mode | u32 khz | u64 nsec | u32 incarnation | u32 reserved}.
 */
public record TscInfo(int mode, int khz, long nsec, int incarnation) {

    public static final int SIZE = 24;

    /** Writes the 24-byte body at the buffer's position (little-endian), advancing it. */
    public void encode(ByteBuffer out) {
        ByteBuffer le = out.order(ByteOrder.LITTLE_ENDIAN);
        le.putInt(mode).putInt(khz).putLong(nsec).putInt(incarnation).putInt(0);
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        encode(b);
        return b.array();
    }
}
