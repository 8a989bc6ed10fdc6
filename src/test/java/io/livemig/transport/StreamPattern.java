package io.livemig.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;

import io.livemig.stream.ChannelOutput;

/**
 * A test stream whose every byte depends on its position, so lost, duplicated, reordered or
 * shifted bytes are all caught. Written with gathering writes of direct buffers of uneven
 * sizes (as the engine does: header, entry array, pages), read back with scattering reads.
 * No JUnit here: {@link StdioChild} uses it in a child JVM.
 */
final class StreamPattern {
    /** Buffer sizes of one gathering write: odd and page-sized parts, 53,560 bytes in all. */
    private static final int[] PIECES = {16, 8 * 37, 4096, 3 * 4096, 1, 4095, 8 * 4096};

    private StreamPattern() {
    }

    static byte at(long position) {
        long x = position * 0x9E3779B97F4A7C15L;
        return (byte) ((x >>> 56) ^ (x >>> 29));
    }

    /**
     * Writes {@code total} pattern bytes with gathering writes (through {@link ChannelOutput},
     * which completes short writes).
     *
     * @return the number of gathering writes asked for
     */
    static long write(GatheringByteChannel channel, long total) throws IOException {
        ByteBuffer[] buffers = new ByteBuffer[PIECES.length];
        for (int i = 0; i < PIECES.length; i++) {
            buffers[i] = ByteBuffer.allocateDirect(PIECES[i]);
        }
        ChannelOutput out = new ChannelOutput(channel);
        long position = 0;
        long writes = 0;
        while (position < total) {
            int used = 0;
            for (ByteBuffer b : buffers) {
                if (position >= total) {
                    break;
                }
                int length = (int) Math.min(b.capacity(), total - position);
                b.clear().limit(length);
                for (int i = 0; i < length; i++) {
                    b.put(i, at(position + i));
                }
                position += length;
                used++;
            }
            out.writeFully(buffers, 0, used);
            writes++;
        }
        return writes;
    }

    /**
     * Reads the channel to its end with scattering reads and checks every byte.
     *
     * @return the number of bytes read
     * @throws IOException naming the first wrong byte's position
     */
    static long readAndVerify(ScatteringByteChannel channel) throws IOException {
        ByteBuffer[] buffers = {ByteBuffer.allocateDirect(1000), ByteBuffer.allocateDirect(65536), ByteBuffer.allocateDirect(7)};
        long position = 0;
        while (true) {
            for (ByteBuffer b : buffers) {
                b.clear();
            }
            long n = channel.read(buffers);
            if (n < 0) {
                return position;
            }
            for (ByteBuffer b : buffers) {
                b.flip();
                for (int i = 0; i < b.limit(); i++) {
                    if (b.get(i) != at(position)) {
                        throw new IOException("stream byte " + position + " is " + b.get(i) + ", expected " + at(position));
                    }
                    position++;
                }
            }
        }
    }

    /** Checks that {@code bytes} is the pattern from position 0; returns the first wrong position or -1. */
    static long firstMismatch(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != at(i)) {
                return i;
            }
        }
        return -1;
    }

    static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = at(i);
        }
        return bytes;
    }
}
