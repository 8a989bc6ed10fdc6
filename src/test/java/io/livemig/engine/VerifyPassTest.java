package io.livemig.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.sim.SimDestination;
import io.livemig.backend.sim.SimDomain;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.backend.sim.Workload;
import io.livemig.stream.PageData;
import io.livemig.stream.StreamFormatException;
import io.livemig.stream.StreamReader;
import io.livemig.stream.StreamRecord;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Xen's debug mode (xl migrate --debug): after the final pass a VERIFY record and every page once
 * more, which the receiver compares with what it restored; a difference fails the restore.
 */
class VerifyPassTest {
    private static final int PAGES = 2048;

    /** A live save with verify, while the guest writes; returns the stream and the result. */
    private static Saved save(SimDomain guest) throws SaveException {
        CapturingChannel out = new CapturingChannel();
        SaveResult result = new SaveEngine(guest, out, SaveOptions.builder().verify(true).libxlFraming(true).build()).save();
        return new Saved(out.toByteArray(), result);
    }

    private record Saved(byte[] stream, SaveResult result) {
    }

    private static SimDomain guest() {
        return SimDomainConfig.builder().pages(PAGES).seed(5).prefill(true).workload(Workload.parse("uniform:rate=20000,seed=5"))
                .create();
    }

    @Test
    void everyPageIsSentAgainAfterTheFinalPassAndTheReceiverComparesIt() throws Exception {
        try (SimDomain src = guest(); SimDestination dst = SimDomainConfig.builder().pages(PAGES).createDestination()) {
            Saved saved = save(src);
            RoundStats last = saved.result().rounds().getLast();
            assertTrue(last.verify(), "the last pass is the verify pass: " + saved.result().rounds());
            assertFalse(last.live());
            assertEquals(PAGES, last.pagesSent());
            assertEquals(1, saved.result().rounds().stream().filter(RoundStats::verify).count());
            assertFalse(saved.result().rounds().getFirst().verify());

            RestoreResult restored = new RestoreEngine(dst, true).restore(channel(saved.stream()));
            assertEquals(1, restored.count("VERIFY"));
            assertEquals(PAGES, restored.pagesVerified());
            assertEquals(src.sourceDigest(), dst.destinationDigest());
            assertTrue(dst.isComplete());
        }
    }

    @Test
    void aPageOfTheVerifyPassThatDiffersFailsTheRestore() throws Exception {
        try (SimDomain src = guest(); SimDestination dst = SimDomainConfig.builder().pages(PAGES).createDestination()) {
            byte[] stream = save(src).stream();
            // the last byte of the last PAGE_DATA record: a page of the verify pass
            long[] last = lastPageData(stream);
            stream[(int) (last[0] + 8 + last[1] - 1)] ^= 1;
            StreamFormatException e = assertThrows(StreamFormatException.class, () -> new RestoreEngine(dst, true).restore(channel(stream)));
            assertTrue(e.getMessage().contains("VERIFY: data page"), e.getMessage());
            assertFalse(dst.isComplete());
        }
    }

    @Test
    void aNonLiveSaveRefusesVerify() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SaveOptions.builder().live(false).verify(true).build());
        assertEquals("verify applies to a live save: Xen verifies after the final pass of one", e.getMessage());
    }

    /** Offset and body length of the stream's last PAGE_DATA record. */
    private static long[] lastPageData(byte[] stream) throws IOException {
        StreamReader reader = new StreamReader(channel(stream), StreamReader.NO_PFN_LIMIT, true);
        List<long[]> pageData = new ArrayList<>();
        for (StreamRecord r = reader.next(); r != null; r = reader.next()) {
            if (r instanceof PageData) {
                pageData.add(new long[] {reader.recordOffset(), reader.bodyLength()});
            }
        }
        return pageData.getLast();
    }

    private static ReadableByteChannel channel(byte[] bytes) {
        return Channels.newChannel(new java.io.ByteArrayInputStream(bytes));
    }
}
