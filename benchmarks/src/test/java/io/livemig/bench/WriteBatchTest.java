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
