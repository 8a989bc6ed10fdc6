package io.livemig.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.stream.ChannelOutput;
import io.livemig.stream.PageDataWriter;
import io.livemig.stream.StreamWriter;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The receive benchmarks: the feeder writes what the core's PageDataWriter writes, and the Java
 * receiver (livemig's StreamReader, page sink and readInto) and the C one (Xen's read loop) leave
 * the destination holding exactly the pages the records carried, and nothing else.
 */
class ReadBatchTest {
    private static final int PAGE = GuestPages.PAGE_SIZE;
    private static final long DEST_PAGES = GuestPages.DEFAULT_PAGES;

    @TempDir
    Path tmp;

    /** Null when the destination holds record 0 .. records-1's pages at their pfns and zeros elsewhere; else the first fault. */
    private static String checkDestination(MemorySegment dest, MemorySegment pool, int batch, int stride, int records) {
        boolean[] written = new boolean[(int) DEST_PAGES];
        for (int r = 0; r < records; r++) {
            for (int k = 0; k < batch; k++) {
                long pfn = RestoreFeed.pfn(DEST_PAGES, batch, stride, r, k);
                if (written[(int) pfn]) {
                    return "pfn " + pfn + " written twice in the first " + records + " records: the test's records overlap";
                }
                written[(int) pfn] = true;
                int q = RestoreFeed.poolPage(batch, r, k);
                long at = dest.asSlice(pfn * PAGE, PAGE).mismatch(pool.asSlice((long) q * PAGE, PAGE));
                if (at >= 0) {
                    return "record " + r + " entry " + k + ": pfn " + pfn + " differs from pool page " + q + " at byte " + at;
                }
            }
        }
        MemorySegment zero = Arena.ofAuto().allocate(PAGE);
        for (int p = 0; p < DEST_PAGES; p++) {
            if (!written[p] && dest.asSlice((long) p * PAGE, PAGE).mismatch(zero) >= 0) {
                return "pfn " + p + " was written, but no record carried it";
            }
        }
        return null;
    }

    @ParameterizedTest(name = "{0} batch {1} {2}")
    @CsvSource({"pipe, 64, strided", "pipe, 1024, adjacent", "tcp, 256, strided", "tcp, 64, adjacent"})
    void javaAndCReceiversFillTheDestinationWithTheRecordsPages(String source, int batch, String pfns) throws Exception {
        int stride = RestoreFeed.stride(pfns);
        int records = (int) Math.min(40, DEST_PAGES / batch - 1); // not a whole cycle: some pages stay zero
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pool = RestoreFeed.newPool(arena);

            JavaRestoreBenchmark java = new JavaRestoreBenchmark();
            java.source = source;
            java.batch = batch;
            java.pfns = pfns;
            java.open();
            MemorySegment javaDest = Arena.ofAuto().allocate(DEST_PAGES * PAGE, PAGE);
            try {
                ThreadAllocation allocation = new ThreadAllocation();
                for (int r = 0; r < records; r++) {
                    assertEquals(batch, java.readRecord(allocation));
                }
                assertEquals(records, allocation.records);
                javaDest.copyFrom(java.destination().memory());
                assertEquals(records * (long) batch, java.destination().populatedPageCount());
            } finally {
                java.close();
            }
            assertNull(checkDestination(javaDest, pool, batch, stride, records), "Java receiver");

            for (String iov : new String[] {"perPage", "merged"}) {
                CRestoreBenchmark c = new CRestoreBenchmark();
                c.source = source;
                c.batch = batch;
                c.pfns = pfns;
                c.iov = iov;
                c.open();
                try {
                    ThreadAllocation allocation = new ThreadAllocation();
                    for (int r = 0; r < records; r++) {
                        assertEquals(batch, c.readRecord(allocation));
                    }
                    assertNull(checkDestination(c.memory(), pool, batch, stride, records), "C receiver, " + iov);
                    assertEquals(-1, c.memory().mismatch(javaDest), "C (" + iov + ") and Java destinations differ");
                } finally {
                    c.close();
                }
            }
        }
    }

    /** A copy of a socket's SO_RCVLOWAT and SO_RCVTIMEO (as struct xenref_receive_options), leaving them as they were. */
    private static MemorySegment receiveOptions(Arena arena, int fd) {
        MemorySegment swap = XenRef.defaultReceiveOptions(arena);
        assertEquals(0, XenRef.swapReceiveOptions(fd, swap));
        MemorySegment copy = arena.allocate(XenRef.RECEIVE_OPTIONS_BYTES, 8).copyFrom(swap);
        assertEquals(0, XenRef.swapReceiveOptions(fd, swap));
        return copy;
    }

    @ParameterizedTest(name = "{0} batch {1} {2}")
    @CsvSource({"tcp, 256, strided", "pipe, 64, adjacent"})
    void pairedReadersTakeTurnsOnOneStreamIntoOneDestination(String source, int batch, String pfns) throws Exception {
        int stride = RestoreFeed.stride(pfns);
        int records = (int) Math.min(40, DEST_PAGES / batch - 1);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pool = RestoreFeed.newPool(arena);
            PairedRestoreBenchmark paired = new PairedRestoreBenchmark();
            paired.source = source;
            paired.batch = batch;
            paired.pfns = pfns;
            paired.open();
            paired.turnLimitNanos = Long.MAX_VALUE; // the test changes turns itself
            try {
                Turns turns = new Turns();
                int fd = paired.fd();
                for (int r = 0; r < records; r++) {
                    assertEquals(batch, paired.readRecord(turns));
                    if (r % 3 == 2) { // turns of three records: Java, C, Java, ...
                        if (source.equals("tcp") && r % 6 == 2) {
                            // the end of a turn of Java's: its receive slices are set (its mark depends on how
                            // the last page data came); the C reader gets the kernel's defaults, then Java
                            // gets its own options back
                            MemorySegment javaOptions = receiveOptions(arena, fd);
                            assertTrue(javaOptions.get(ValueLayout.JAVA_LONG, 8) + javaOptions.get(ValueLayout.JAVA_LONG, 16) > 0,
                                    "Java's SO_RCVTIMEO");
                            paired.changeTurn();
                            MemorySegment cOptions = receiveOptions(arena, fd);
                            assertEquals(1, cOptions.get(ValueLayout.JAVA_INT, 0), "C's SO_RCVLOWAT");
                            assertEquals(0, cOptions.get(ValueLayout.JAVA_LONG, 8) + cOptions.get(ValueLayout.JAVA_LONG, 16), "C's SO_RCVTIMEO");
                            paired.changeTurn();
                            assertEquals(-1, receiveOptions(arena, fd).mismatch(javaOptions), "Java's receive options, back");
                            paired.changeTurn();
                        } else {
                            paired.changeTurn();
                        }
                    }
                }
                assertEquals(records, turns.javaRecords + turns.cRecords);
                assertTrue(turns.javaRecords >= records / 2 - 1 && turns.cRecords >= records / 2 - 1,
                        "Java read " + turns.javaRecords + " records, C " + turns.cRecords);
                assertTrue(turns.javaNanos > 0 && turns.cNanos > 0);
                assertNull(checkDestination(paired.memory(), pool, batch, stride, records), "paired receivers");
            } finally {
                paired.close();
            }
        }
    }

    /** The feeder's records are byte for byte what the core's PageDataWriter writes for the same pfns and pages. */
    @Test
    void feederWritesTheCoreWritersRecords() throws Exception {
        int batch = 64;
        int stride = 2;
        int records = 3;
        long recordBytes = 16 + 8L * batch + (long) PAGE * batch;
        Path expectedFile = tmp.resolve("expected");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pool = RestoreFeed.newPool(arena);
            try (FileChannel ch = FileChannel.open(expectedFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                PageDataWriter w = new PageDataWriter(new StreamWriter(new ChannelOutput(ch), false), batch);
                long[] pfns = new long[batch];
                ByteBuffer[] pages = new ByteBuffer[batch];
                for (int r = 0; r < records; r++) {
                    for (int k = 0; k < batch; k++) {
                        pfns[k] = RestoreFeed.pfn(DEST_PAGES, batch, stride, r, k);
                        pages[k] = pool.asSlice((long) RestoreFeed.poolPage(batch, r, k) * PAGE, PAGE).asByteBuffer();
                    }
                    assertEquals(batch, w.write(pfns, new int[batch], batch, pages, batch));
                }
            }
            byte[] expected = Files.readAllBytes(expectedFile);
            assertEquals(records * recordBytes, expected.length);
            ByteBuffer got = ByteBuffer.allocateDirect(expected.length);
            try (RestoreFeed feed = RestoreFeed.start("pipe", batch, stride, DEST_PAGES, false)) {
                while (got.hasRemaining()) {
                    assertTrue(feed.receiver().read(got) > 0, "the feed ended");
                }
            }
            byte[] actual = new byte[expected.length];
            got.flip().get(actual);
            assertArrayEquals(expected, actual);
        }
    }

    @Test
    void cReceiverRefusesAPfnBeyondItsDestination() throws Exception {
        int batch = 64;
        try (RestoreFeed feed = RestoreFeed.start("pipe", batch, 1, DEST_PAGES, false);
             Arena arena = Arena.ofConfined()) {
            MemorySegment small = arena.allocate((long) batch * PAGE, PAGE);
            MemorySegment reader = XenRef.newReader(batch, batch); // room for record 0 only
            try {
                assertEquals(batch, XenRef.readPageData(reader, feed.receiver().fd(), small, false));
                assertEquals(-34, XenRef.readPageData(reader, feed.receiver().fd(), small, true), "ERANGE for record 1");
            } finally {
                XenRef.freeReader(reader);
            }
        }
    }
}
