package io.livemig.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/** Keeps what is written; can take at most a few bytes per call, and can fail after a given number of bytes. */
final class CapturingChannel implements GatheringByteChannel {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final int maxPerWrite;
    private final long failAfter;
    private boolean open = true;

    CapturingChannel() {
        this(Integer.MAX_VALUE, Long.MAX_VALUE);
    }

    CapturingChannel(int maxPerWrite, long failAfter) {
        this.maxPerWrite = maxPerWrite;
        this.failAfter = failAfter;
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long n = 0;
        for (int i = offset; i < offset + length && n < maxPerWrite; i++) {
            n += write(srcs[i], (int) (maxPerWrite - n));
        }
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return write(src, maxPerWrite);
    }

    private int write(ByteBuffer src, int max) throws IOException {
        int n = Math.min(src.remaining(), max);
        if (bytes.size() + (long) n > failAfter) {
            throw new IOException("injected write failure after " + failAfter + " bytes");
        }
        byte[] chunk = new byte[n];
        src.get(chunk);
        bytes.write(chunk);
        return n;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() {
        open = false;
    }
}
