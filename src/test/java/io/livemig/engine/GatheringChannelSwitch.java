package io.livemig.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/** Writes to whichever channel the holder currently names (a link whose speed a test changes). */
final class GatheringChannelSwitch implements GatheringByteChannel {
    private final GatheringByteChannel[] current;

    GatheringChannelSwitch(GatheringByteChannel[] current) {
        this.current = current;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return current[0].write(srcs, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return current[0].write(srcs);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return current[0].write(src);
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}
