package io.livemig.migrate;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** Reads from one channel and writes every byte read to another, as it passes. */
final class TeeChannel implements ReadableByteChannel {
    private final ReadableByteChannel in;
    private final WritableByteChannel copy;

    TeeChannel(ReadableByteChannel in, WritableByteChannel copy) {
        this.in = in;
        this.copy = copy;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int start = dst.position();
        int n = in.read(dst);
        if (n > 0) {
            ByteBuffer read = dst.duplicate().limit(start + n).position(start);
            while (read.hasRemaining()) {
                copy.write(read);
            }
        }
        return n;
    }

    @Override
    public boolean isOpen() {
        return in.isOpen();
    }

    /** Closes neither channel: their owners do. */
    @Override
    public void close() {
    }
}
