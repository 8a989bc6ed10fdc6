package io.livemig.backend.xen;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.BooleanSupplier;

/**
 * A stream target that fails: once {@code armed} says so, it lets {@code after} more bytes through
 * (to /dev/null) and then throws "injected failure of the stream".
 */
final class FailingChannel implements GatheringByteChannel {
    private final FileChannel target;
    private final BooleanSupplier armed;
    private long budget;

    FailingChannel(BooleanSupplier armed, long after) throws IOException {
        this.target = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE);
        this.armed = armed;
        this.budget = after;
    }

    private void take(long bytes) throws IOException {
        if (armed.getAsBoolean()) {
            if (budget <= 0) {
                throw new IOException("injected failure of the stream");
            }
            budget -= bytes;
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long n = 0;
        for (int i = offset; i < offset + length; i++) {
            n += srcs[i].remaining();
        }
        take(n);
        return target.write(srcs, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        take(src.remaining());
        return target.write(src);
    }

    @Override
    public boolean isOpen() {
        return target.isOpen();
    }

    @Override
    public void close() throws IOException {
        target.close();
    }
}
