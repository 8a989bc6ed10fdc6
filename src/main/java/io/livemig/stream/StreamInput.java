package io.livemig.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ScatteringByteChannel;

/**
 * The reader's input layer: every byte it takes from the channel passes here, through one read
 * loop, and is counted in {@link #position()}. A channel that keeps returning no bytes (a
 * non-blocking one) is an error rather than a busy loop.
 *
 * <p>Memory: fixed buffers (a 64-byte one for headers, a 64 KiB one for skipping and comparing),
 * and a body buffer that grows as bytes arrive, never ahead of them: at most 64 KiB before the
 * first body byte, then at most twice what arrived.
 */
final class StreamInput {
    static final int CHUNK = 64 << 10;
    /** Body buffers up to this size are kept for the next record; larger ones only for their own record. */
    private static final int RETAINED_BODY_CAPACITY = 1 << 20;
    private static final int MAX_ZERO_READS = 1_000;

    private final ReadableByteChannel channel;
    private final ScatteringByteChannel scattering;
    private final FillingChannel filling;
    private final ErrorLocation location;
    private final ByteBuffer small = ByteBuffer.allocateDirect(64);
    private final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
    private final ByteBuffer[] single = new ByteBuffer[1];
    private ByteBuffer body = ByteBuffer.allocate(4096);
    private long position;

    StreamInput(ReadableByteChannel channel, ErrorLocation location) {
        this.channel = channel;
        this.scattering = channel instanceof ScatteringByteChannel s ? s : null;
        this.filling = channel instanceof FillingChannel f ? f : null;
        this.location = location;
    }

    /** Bytes taken from the channel. */
    long position() {
        return position;
    }

    /**
     * The read loop: reads at least one byte into {@code dsts[offset .. offset+length)} (scattered
     * where the channel can, else into the first buffer, which must have room).
     *
     * @return the bytes read, or -1 at the end of the stream
     */
    long readSome(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return readSome(dsts, offset, length, false);
    }

    /**
     * As {@link #readSome}, for a caller that reads until the buffers are full and knows the
     * stream carries their bytes: the channel may wait for more than the first byte
     * ({@link FillingChannel}).
     */
    long readToFill(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return readSome(dsts, offset, length, filling != null);
    }

    private long readSome(ByteBuffer[] dsts, int offset, int length, boolean toFill) throws IOException {
        int zeroReads = 0;
        while (true) {
            long n = toFill ? filling.readToFill(dsts, offset, length)
                    : length == 1 || scattering == null ? channel.read(dsts[offset]) : scattering.read(dsts, offset, length);
            if (n > 0) {
                position += n;
                return n;
            }
            if (n < 0) {
                return -1;
            }
            if (++zeroReads > MAX_ZERO_READS) {
                throw new IOException("the input channel returned no bytes " + MAX_ZERO_READS + " times in a row (a non-blocking channel?)");
            }
            Thread.onSpinWait();
        }
    }

    /** Fills the remaining bytes of {@code dst}; false when the stream ended first (dst's position says how far it got). */
    boolean fill(ByteBuffer dst) throws IOException {
        ByteBuffer[] one = single; // holds only the reader's own buffers
        one[0] = dst;
        while (dst.hasRemaining()) {
            if (readSome(one, 0, 1) == -1) {
                return false;
            }
        }
        return true;
    }

    /** Fills {@code dst}, or fails naming {@code what} as truncated. */
    void readFully(ByteBuffer dst, String what) throws IOException {
        int want = dst.remaining();
        if (!fill(dst)) {
            throw location.truncated(position, what, want - dst.remaining(), want);
        }
    }

    /** Reads bytes {@code [from, to)} (at most 64) into the header buffer; returned with position 0 and limit {@code to}. */
    ByteBuffer readHeader(int from, int to, String what) throws IOException {
        ByteBuffer b = small.limit(to).position(from);
        readFully(b, what);
        return b.flip();
    }

    /** The header buffer, cleared, with room for {@code length} (at most 64) bytes: for a read that may meet the end of the stream. */
    ByteBuffer headerBuffer(int length) {
        return small.clear().limit(length);
    }

    /** Reads {@code length} bytes into the body buffer, which grows as they arrive; returned position 0, limit length. */
    ByteBuffer readBody(int length, String what) throws IOException {
        ByteBuffer b = body;
        int initial = Math.min(length, CHUNK);
        if (b.capacity() < initial) {
            b = ByteBuffer.allocate(initial);
        }
        b.clear();
        while (b.position() < length) {
            if (b.position() == b.capacity()) {
                int grown = (int) Math.min(length, Math.max(2L * b.capacity(), CHUNK));
                ByteBuffer bigger = ByteBuffer.allocate(grown);
                bigger.put(b.flip());
                b = bigger;
            }
            b.limit(Math.min(length, b.capacity()));
            if (!fill(b)) {
                throw location.truncated(position, what, b.position(), length);
            }
        }
        b.flip();
        if (b.capacity() <= RETAINED_BODY_CAPACITY) {
            body = b;
        }
        return b;
    }

    /** Skips up to {@code n} bytes; returns how many there were before the stream ended. */
    long skipAvailable(long n) throws IOException {
        long left = n;
        while (left > 0) {
            ByteBuffer c = chunk.clear().limit((int) Math.min(left, CHUNK));
            boolean full = fill(c);
            left -= c.position();
            if (!full) {
                break;
            }
        }
        return n - left;
    }

    /** Skips {@code n} bytes, or fails naming {@code what} as truncated. */
    void skip(long n, String what) throws IOException {
        long got = skipAvailable(n);
        if (got < n) {
            throw location.truncated(position, what, got, n);
        }
    }

    /** Reads up to {@code n} (at most 64 KiB) bytes into the chunk buffer, returned flipped; fewer only at the end of the stream. */
    ByteBuffer readChunk(int n) throws IOException {
        ByteBuffer c = chunk.clear().limit(n);
        fill(c);
        return c.flip();
    }

    /** Reads and checks the zero padding after a body of {@code bodyLength} bytes. */
    void readPadding(int bodyLength) throws IOException {
        int pad = RecordDescriptor.paddingFor(bodyLength);
        if (pad == 0) {
            return;
        }
        ByteBuffer b = readHeader(0, pad, "padding");
        for (int i = 0; i < pad; i++) {
            if (b.get(i) != 0) {
                throw location.fail(String.format("padding byte %d at offset %d is 0x%02x, not zero", i, position - pad + i, b.get(i) & 0xFF));
            }
        }
    }

    /** The next byte, or -1 at the end of the stream. */
    int readByte() throws IOException {
        ByteBuffer one = small.clear().limit(1);
        return fill(one) ? one.get(0) & 0xFF : -1;
    }

}
