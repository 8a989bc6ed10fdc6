package io.livemig.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The run-merging core both backends share: which pages share a buffer, and in which order buffers are asked for. */
class PageRunsTest {

    /** Records each run as "index:first+pages" and hands out a buffer of one byte per page. */
    private static final class Recorder extends PageRuns {
        final List<String> runs = new ArrayList<>();

        Recorder(long boundary) {
            super(boundary);
        }

        @Override
        protected ByteBuffer view(int index, long firstPage, int pages) {
            runs.add(index + ":" + firstPage + "+" + pages);
            return ByteBuffer.allocate(pages);
        }
    }

    private static List<String> gather(Recorder r, long... pages) {
        ByteBuffer[] out = new ByteBuffer[pages.length];
        r.runs.clear();
        r.start(out);
        for (long p : pages) {
            r.add(p);
        }
        int n = r.end();
        assertEquals(r.runs.size(), n);
        for (int i = 0; i < n; i++) {
            assertEquals(Integer.parseInt(r.runs.get(i).replaceAll(".*\\+", "")), out[i].remaining());
        }
        return r.runs;
    }

    @Test
    void consecutivePagesShareABufferAndAGapStartsTheNext() {
        Recorder r = new Recorder(1024);
        assertEquals(List.of("0:3+3", "1:7+1", "2:9+2"), gather(r, 3, 4, 5, 7, 9, 10));
        assertEquals(List.of(), gather(r), "a batch without data has no buffer");
    }

    @Test
    void aRunStopsAtABoundary() {
        Recorder r = new Recorder(4);
        assertEquals(List.of("0:2+2", "1:4+4", "2:8+1"), gather(r, 2, 3, 4, 5, 6, 7, 8));
        Recorder none = new Recorder(PageRuns.NO_BOUNDARY);
        assertEquals(List.of("0:2+7"), gather(none, 2, 3, 4, 5, 6, 7, 8));
    }

    @Test
    void theBoundaryIsAPowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new Recorder(3));
        assertThrows(IllegalArgumentException.class, () -> new Recorder(0));
    }
}
