package io.livemig.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.util.Arrays;

/** In-memory channels for stream tests: a growable sink, and sources that deliver data in short reads. */
public final class ByteChannels {
    private ByteChannels() {
    }

    /** A gathering channel that appends everything to a growable array. */
    public static final class Sink implements GatheringByteChannel {
        private byte[] data = new byte[1 << 16];
        private int size;

        public int size() {
            return size;
        }

        public byte[] toByteArray() {
            return Arrays.copyOf(data, size);
        }

        /** Appends raw bytes (for hand-made headers and malformed records). */
        public void put(byte[] bytes) {
            write(ByteBuffer.wrap(bytes));
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            if (size + n > data.length) {
                data = Arrays.copyOf(data, Math.max(2 * data.length, size + n));
            }
            src.get(data, size, n);
            size += n;
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += write(srcs[i]);
            }
            return n;
        }

        @Override
        public long write(ByteBuffer[] srcs) {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** A source handing out at most {@code maxRead} bytes per read call; not scattering (like stdin's channel). */
    public static ReadableByteChannel source(byte[] data, int maxRead) {
        return new Source(data, maxRead);
    }

    /** A scattering source handing out at most {@code maxRead} bytes per read call, across buffers. */
    public static ScatteringByteChannel scatteringSource(byte[] data, int maxRead) {
        return new ScatteringSource(data, maxRead);
    }

    private static class Source implements ReadableByteChannel {
        final byte[] data;
        final int maxRead;
        int at;
        boolean open = true;

        Source(byte[] data, int maxRead) {
            this.data = data;
            this.maxRead = maxRead;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (!open) {
                throw new ClosedChannelException();
            }
            if (at == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(dst.remaining(), maxRead), data.length - at);
            dst.put(data, at, n);
            at += n;
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

    private static final class ScatteringSource extends Source implements ScatteringByteChannel {
        ScatteringSource(byte[] data, int maxRead) {
            super(data, maxRead);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            if (at == data.length) {
                return -1;
            }
            int budget = maxRead;
            long n = 0;
            for (int i = offset; i < offset + length && budget > 0 && at < data.length; i++) {
                ByteBuffer d = dsts[i];
                int k = Math.min(Math.min(d.remaining(), budget), data.length - at);
                d.put(data, at, k);
                at += k;
                budget -= k;
                n += k;
            }
            return n;
        }

        @Override
        public long read(ByteBuffer[] dsts) throws IOException {
            return read(dsts, 0, dsts.length);
        }
    }
}
