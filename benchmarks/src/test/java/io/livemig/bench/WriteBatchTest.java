package io.livemig.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.stream.ChannelOutput;
import io.livemig.stream.PageDataWriter;
import io.livemig.stream.StreamWriter;
import java.lang.foreign.MemorySegment;
import io.livemig.posix.Libc;
import io.livemig.transport.FdChannel;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The C writer and the core's PageDataWriter write the same PAGE_DATA bytes; the C side completes short writes. */
class WriteBatchTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void cRecordIsByteForByteTheJavaRecord(boolean merged) throws Exception {
        int batch = 8;
        try (GuestPages guest = GuestPages.create(32, batch)) {
            Path javaFile = tmp.resolve("java-" + merged);
            Path cFile = tmp.resolve("c-" + merged);
            try (FileChannel ch = FileChannel.open(javaFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                PageDataWriter w = new PageDataWriter(new StreamWriter(new ChannelOutput(ch), false), batch);
                long[] pfns = new long[batch];
                ByteBuffer[] pages = new ByteBuffer[batch];
                for (int k = 0; k < batch; k++) {
                    pfns[k] = 2 * batch + k;
                    pages[k] = guest.page(2 * batch + k);
                }
                if (merged) {
                    pages[0] = guest.run(2);
                }
                assertEquals(batch, w.write(pfns, new int[batch], batch, pages, merged ? 1 : batch));
            }
            long written;
            try (FdChannel ch = FdChannel.open(cFile, Libc.O_WRONLY | Libc.O_CREAT, 0600)) {
                MemorySegment writer = XenRef.newWriter(batch);
                try {
                    written = XenRef.writeBatch(writer, ch.fd(), guest.segment(), 2 * batch, batch, merged);
                } finally {
                    XenRef.freeWriter(writer);
                }
            }
            byte[] java = Files.readAllBytes(javaFile);
            byte[] c = Files.readAllBytes(cFile);
            assertEquals(16 + 8 * batch + 4096 * batch, java.length);
            assertEquals(java.length, written);
            assertArrayEquals(java, c);
        }
    }

    @Test
    void cWriterCompletesShortWritesIntoAPipeAndRefusesBadBatches() throws Exception {
        int batch = 1024; // a 4 MiB record through a 64 KiB pipe: many short writes
        try (GuestPages guest = GuestPages.create(2048, batch)) {
            OutputSink pipe = OutputSink.open("pipe", true);
            MemorySegment writer = XenRef.newWriter(batch);
            long total = 0;
            try {
                total += XenRef.writeBatch(writer, pipe.fd(), guest.segment(), 0, batch, false);
                total += XenRef.writeBatch(writer, pipe.fd(), guest.segment(), batch, batch, true);
                assertEquals(-22, XenRef.writeBatch(writer, pipe.fd(), guest.segment(), 0, batch + 1, true), "EINVAL");
            } finally {
                XenRef.freeWriter(writer);
                pipe.close();
            }
            assertEquals(2L * (16 + 8 * batch + 4096L * batch), total);
            assertEquals(total, pipe.drained());
        }
    }

    /**
     * The two writers of PairedBatchBenchmark take turns on one sink: every record of either
     * reaches the reader whole (4 MiB records through a 64 KiB pipe: short writes and EAGAIN), and
     * the pipe is non-blocking in livemig's turns and blocking in Xen's; a socket stays blocking.
     */
    @ParameterizedTest
    @ValueSource(strings = {"pipe", "tcp"})
    void pairedWritersTakeTurnsOnOneSinkAndEveryRecordArrives(String sink) throws Exception {
        int batch = 1024;
        int records = 12;
        PairedBatchBenchmark paired = new PairedBatchBenchmark();
        paired.sink = sink;
        paired.batch = batch;
        paired.open();
        paired.turnLimitNanos = Long.MAX_VALUE;
        Turns turns = new Turns();
        OutputSink output;
        try {
            output = paired.output();
            for (int r = 0; r < records; r++) {
                boolean javaTurn = r / 3 % 2 == 0; // turns of three records: Java, C, Java, C
                assertEquals(sink.equals("pipe") && javaTurn ? 1 : 0, XenRef.fdNonBlocking(paired.fd()), "record " + r);
                assertEquals(batch, paired.writeRecord(turns));
                if (r % 3 == 2) {
                    paired.changeTurn();
                }
            }
        } finally {
            paired.close();
        }
        assertEquals(records / 2, turns.javaRecords);
        assertEquals(records / 2, turns.cRecords);
        assertTrue(turns.javaNanos > 0 && turns.cNanos > 0);
        assertEquals(records * (16 + 8L * batch + 4096L * batch), output.drained(), "bytes the reader took out");
    }

    @Test
    void outputSinksHandTheCWriterABlockingDescriptor() throws Exception {
        for (String kind : new String[] {"devnull", "pipe", "tcp", "file"}) {
            try (OutputSink sink = OutputSink.open(kind, true)) {
                assertTrue(sink.fd() > 2, kind + " fd " + sink.fd());
                assertEquals(0, XenRef.fdNonBlocking(sink.fd()), kind);
            }
        }
        // the Java writer's pipe is non-blocking, as livemig opens its FIFOs
        try (OutputSink sink = OutputSink.open("pipe", false)) {
            assertEquals(1, XenRef.fdNonBlocking(sink.fd()));
        }
    }
}
