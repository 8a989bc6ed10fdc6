package io.livemig.backend.xen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

/** Runs of mapped pages as buffers, with a direct buffer standing in for a foreign mapping. */
class MappedPageViewsTest {
    private static final int PAGE = 4096;
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static ByteBuffer mapping(int pages) {
        ByteBuffer b = ByteBuffer.allocateDirect(pages * PAGE);
        for (int p = 0; p < pages; p++) {
            b.putInt(p * PAGE, 1000 + p); // each page starts with 1000 + its slot
        }
        return b.asReadOnlyBuffer();
    }

    @Test
    void consecutiveSlotsShareOneBuffer() {
        MappedPageViews views = new MappedPageViews(8);
        views.rebase(0x7000_0000L, mapping(8));
        ByteBuffer[] out = new ByteBuffer[8];
        views.start(out);
        for (int slot = 0; slot < 5; slot++) {
            views.add(slot);
        }
        assertEquals(1, views.end());
        assertEquals(0, out[0].position());
        assertEquals(5 * PAGE, out[0].remaining());
        assertEquals(1004, out[0].getInt(4 * PAGE));
    }

    @Test
    void aDeferredSlotSplitsTheRun() {
        MappedPageViews views = new MappedPageViews(8);
        views.rebase(0x7000_0000L, mapping(8));
        ByteBuffer[] out = new ByteBuffer[8];
        views.start(out);
        views.add(0);
        views.add(1);
        // slot 2 could not be mapped yet (EAGAIN): not handed out
        views.add(3);
        views.add(5);
        views.add(6);
        assertEquals(3, views.end());
        assertEquals(2 * PAGE, out[0].remaining());
        assertEquals(1000, out[0].getInt(out[0].position()));
        assertEquals(PAGE, out[1].remaining());
        assertEquals(1003, out[1].getInt(out[1].position()));
        assertEquals(2 * PAGE, out[2].remaining());
        assertEquals(1005, out[2].getInt(out[2].position()));
        assertEquals(1006, out[2].getInt(out[2].position() + PAGE));
        assertThrows(ReadOnlyBufferException.class, () -> out[0].put(0, (byte) 1), "views of a PROT_READ mapping are read-only");
    }

    @Test
    void aBatchWithoutDataGivesNoBuffer() {
        MappedPageViews views = new MappedPageViews(4);
        views.start(new ByteBuffer[4]);
        assertEquals(0, views.end());
    }

    @Test
    void releasedBuffersShowNothing() {
        MappedPageViews views = new MappedPageViews(4);
        views.rebase(0x7000_0000L, mapping(4));
        ByteBuffer[] out = new ByteBuffer[4];
        views.start(out);
        views.add(0);
        views.add(2);
        assertEquals(2, views.end());
        views.release();
        assertEquals(0, out[0].remaining());
        assertEquals(0, out[1].remaining());
        assertEquals(0, out[1].limit());
        assertThrows(IndexOutOfBoundsException.class, () -> out[0].getInt(0));
    }

    @Test
    void theSameBaseReusesTheBuffersAndANewBaseReplacesThem() {
        MappedPageViews views = new MappedPageViews(4);
        views.rebase(0x7000_0000L, mapping(4));
        assertTrue(views.isBasedAt(0x7000_0000L));
        ByteBuffer[] out = new ByteBuffer[4];
        views.start(out);
        views.add(1);
        views.end();
        ByteBuffer first = out[0];
        views.release();
        views.start(out);
        views.add(0);
        views.add(1);
        views.add(2);
        views.end();
        assertSame(first, out[0], "the same base: the slot's buffer is repositioned, not made again");
        assertEquals(0, out[0].position());
        assertEquals(3 * PAGE, out[0].limit());

        views.rebase(0x7100_0000L, mapping(4));
        assertTrue(views.isBasedAt(0x7100_0000L));
        views.start(out);
        views.add(0);
        views.end();
        assertNotSame(first, out[0]);
    }

    @Test
    void aViewMustCoverTheLargestBatch() {
        MappedPageViews views = new MappedPageViews(4);
        assertThrows(IllegalArgumentException.class, () -> views.rebase(1L, mapping(3)));
    }

    @Test
    void steadyStateBatchesAllocateNothing() {
        MappedPageViews views = new MappedPageViews(1024);
        views.rebase(0x7000_0000L, mapping(1024));
        ByteBuffer[] out = new ByteBuffer[1024];
        for (int warm = 0; warm < 3; warm++) {
            batch(views, out);
        }
        long before = THREADS.getCurrentThreadAllocatedBytes();
        int buffers = 0;
        for (int i = 0; i < 1000; i++) {
            buffers += batch(views, out);
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertEquals(3000, buffers);
        assertTrue(allocated < 4096, allocated + " bytes allocated for 1000 batches");
    }

    /** 1024 slots with two deferred pages: three runs. */
    private static int batch(MappedPageViews views, ByteBuffer[] out) {
        views.start(out);
        for (int slot = 0; slot < 1024; slot++) {
            if (slot != 100 && slot != 700) {
                views.add(slot);
            }
        }
        int n = views.end();
        views.release();
        return n;
    }
}
