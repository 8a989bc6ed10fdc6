package io.livemig.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.Test;

/** Short and empty writes are completed and counted; a channel that takes nothing for long is an error. */
class ChannelOutputTest {

    /** Takes at most the next scripted number of bytes per call (0: none), then everything. */
    private static final class ScriptedChannel implements GatheringByteChannel {
        final ByteChannels.Sink sink = new ByteChannels.Sink();
        final Deque<Integer> script = new ArrayDeque<>();
        int calls;

        ScriptedChannel(int... takes) {
            for (int t : takes) {
                script.add(t);
            }
        }

        private int allowance(long offered) {
            calls++;
            Integer t = script.poll();
            return (int) Math.min(offered, t == null ? Integer.MAX_VALUE : t);
        }

        @Override
        public int write(ByteBuffer src) {
            int n = allowance(src.remaining());
            ByteBuffer part = src.slice(src.position(), n);
            src.position(src.position() + n);
            return sink.write(part);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            long offered = 0;
            for (int i = offset; i < offset + length; i++) {
                offered += srcs[i].remaining();
            }
            long left = allowance(offered);
            long n = 0;
            for (int i = offset; i < offset + length && left > 0; i++) {
                int take = (int) Math.min(left, srcs[i].remaining());
                ByteBuffer part = srcs[i].slice(srcs[i].position(), take);
                srcs[i].position(srcs[i].position() + take);
                sink.write(part);
                left -= take;
                n += take;
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

    private static ByteBuffer bytes(int from, int n) {
        ByteBuffer b = ByteBuffer.allocate(n);
        for (int i = 0; i < n; i++) {
            b.put(i, (byte) (from + i));
        }
        return b;
    }

    @Test
    void aGatheringWriteTakenInPiecesIsCompletedAndCounted() throws IOException {
        ScriptedChannel ch = new ScriptedChannel(3, 0, 5);
        ChannelOutput out = new ChannelOutput(ch);
        ByteBuffer[] bufs = {bytes(100, 1), bytes(0, 4), bytes(4, 6), bytes(200, 1)};
        out.writeFully(bufs, 1, 2);
        assertArrayEquals(bytes(0, 10).array(), ch.sink.toByteArray());
        assertEquals(10, out.bytesWritten());
        assertEquals(4, out.writeCalls());
        assertEquals(3, out.shortWrites(), "3 of 10, none, 5 of 7; the last took the rest");
        assertEquals(1, bufs[0].remaining());
        assertEquals(1, bufs[3].remaining());
        assertFalse(bufs[2].hasRemaining());
        assertSame(ch, out.channel());
    }

    @Test
    void aSingleBufferTakenInPiecesIsCompletedAndCounted() throws IOException {
        ScriptedChannel ch = new ScriptedChannel(0, 2, 0, 0);
        ChannelOutput out = new ChannelOutput(ch);
        out.writeFully(bytes(0, 5));
        out.writeFully(bytes(5, 1));
        assertArrayEquals(bytes(0, 6).array(), ch.sink.toByteArray());
        assertEquals(6, out.bytesWritten());
        assertEquals(6, out.writeCalls());
        assertEquals(4, out.shortWrites());
    }

    @Test
    void aWholeWriteIsOneCallAndNoShortWrite() throws IOException {
        ChannelOutput out = new ChannelOutput(new ScriptedChannel());
        out.writeFully(new ByteBuffer[] {bytes(0, 3), bytes(3, 3)}, 0, 2);
        out.writeFully(bytes(0, 0));
        assertEquals(6, out.bytesWritten());
        assertEquals(1, out.writeCalls());
        assertEquals(0, out.shortWrites());
    }

    @Test
    void aChannelThatTakesNothingForLongIsAnError() {
        int[] zeros = new int[1001];
        ScriptedChannel gathering = new ScriptedChannel(zeros);
        IOException e = assertThrows(IOException.class, () -> new ChannelOutput(gathering).writeFully(new ByteBuffer[] {bytes(0, 2)}, 0, 1));
        assertEquals("the output channel accepted no bytes 1000 times in a row", e.getMessage());
        assertEquals(1001, gathering.calls);

        ScriptedChannel single = new ScriptedChannel(zeros);
        e = assertThrows(IOException.class, () -> new ChannelOutput(single).writeFully(bytes(0, 2)));
        assertEquals("the output channel accepted no bytes 1000 times in a row", e.getMessage());
        assertEquals(1001, single.calls);

        // 1000 in a row are tolerated, and a write that takes something starts the count again
        int[] script = new int[2002];
        script[1000] = 1;
        ScriptedChannel tolerant = new ScriptedChannel(script);
        assertThrows(IOException.class, () -> new ChannelOutput(tolerant).writeFully(bytes(0, 3)));
        assertEquals(2002, tolerant.calls);
    }
}
