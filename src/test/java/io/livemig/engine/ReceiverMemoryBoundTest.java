package io.livemig.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.sim.SimDestination;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.stream.ByteChannels;
import io.livemig.stream.DomainType;
import io.livemig.stream.HvmParam;
import io.livemig.stream.Faults;
import io.livemig.stream.InMemoryDestination;
import io.livemig.stream.RecordType;
import io.livemig.stream.StreamBytes;
import io.livemig.stream.StreamFormatException;
import io.livemig.stream.StreamReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a receiver keeps does not grow with the stream, only with the destination: many rounds of
 * the same pages cost no more per round, and a stream of ever new (optional, unknown) record types
 * or HVM param indices cannot make the restore's bookkeeping grow without bound.
 * (SteadyStateAllocationTest: more batches in one round allocate nothing more.)
 */
class ReceiverMemoryBoundTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final int PAGES = 16;

    @Test
    void restoringTenTimesMoreRoundsAllocatesNoMorePerRound() throws IOException {
        byte[] few = rounds(50);
        byte[] many = rounds(500);
        restoreAllocations(few); // warm up
        restoreAllocations(many);
        long small = restoreAllocations(few);
        long large = restoreAllocations(many);
        // 450 more rounds (PAGE_DATA records): allowance for per-run noise only
        assertTrue(large - small < (64 << 10), "50 rounds allocated " + small + " B, 500 rounds " + large + " B");
    }

    @Test
    void everNewUnknownRecordTypesShareOneEntryPastTheBound() throws IOException {
        StreamBytes s = StreamBytes.raw().headers(DomainType.X86_HVM).staticState();
        for (int i = 0; i < 5000; i++) {
            s.record(0x80010000 + i, new byte[0]); // optional, unknown, each a new type
        }
        byte[] stream = s.deviceState().end().bytes();
        InMemoryDestination d = new InMemoryDestination(PAGES);
        RestoreResult r = new RestoreEngine(d, true).restore(ByteChannels.source(stream, 1 << 20));
        assertTrue(d.isComplete());
        assertTrue(r.recordCounts().size() <= RestoreEngine.MAX_KINDS + 1, "record names kept: " + r.recordCounts().size());
        long others = r.recordCounts().get(RestoreEngine.OTHER_RECORDS);
        long counted = r.recordCounts().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(3 + 5000 + 4, counted, "every record is still counted");
        assertTrue(others > 5000 - RestoreEngine.MAX_KINDS, "lumped together: " + others);
        assertTrue(r.notApplied().size() <= RestoreEngine.MAX_KINDS + 1, "notes kept: " + r.notApplied().size());
        assertTrue(r.notApplied().getLast().contains("more than 64 kinds of unapplied records"), r.notApplied().getLast());
    }

    @Test
    void hvmParamIndicesAndCountsAreBounded() throws IOException {
        List<HvmParam> tooMany = new ArrayList<>();
        for (int i = 0; i <= StreamReader.MAX_HVM_PARAMS; i++) {
            tooMany.add(new HvmParam(i % 39, i));
        }
        byte[] many = StreamBytes.raw().headers(DomainType.X86_HVM).staticState()
                .record(RecordType.HVM_PARAMS, StreamBytes.params(tooMany)).bytes();
        StreamFormatException e = assertThrows(StreamFormatException.class,
                () -> new RestoreEngine(new InMemoryDestination(PAGES), true).restore(ByteChannels.source(many, 1 << 20)));
        Faults.assertFault(Faults.record(3, "HVM_PARAMS", 128), e.getMessage(), "count 1025", "limit of 1024");

        byte[] farIndex = StreamBytes.raw().headers(DomainType.X86_HVM).staticState()
                .record(RecordType.HVM_PARAMS, StreamBytes.params(List.of(new HvmParam(1, 2), new HvmParam(-1L, 3)))).bytes();
        e = assertThrows(StreamFormatException.class,
                () -> new RestoreEngine(new InMemoryDestination(PAGES), true).restore(ByteChannels.source(farIndex, 1 << 20)));
        Faults.assertFault(Faults.record(3, "HVM_PARAMS", 128), e.getMessage(), "param 1", "index 18446744073709551615", "limit of 1023");
    }

    /** A stream that sends the same 16 pages {@code rounds} times, as a long precopy does. */
    private static byte[] rounds(int rounds) throws IOException {
        StreamBytes s = StreamBytes.raw().headers(DomainType.X86_HVM).staticState();
        for (int r = 0; r < rounds; r++) {
            s.pageRange(0, PAGES, r);
        }
        return s.deviceState().end().bytes();
    }

    private static long restoreAllocations(byte[] stream) throws IOException {
        try (SimDestination d = SimDomainConfig.builder().pages(PAGES).createDestination()) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            new RestoreEngine(d, true).restore(ByteChannels.scatteringSource(stream, 1 << 20));
            long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
            assertTrue(d.isComplete());
            return allocated;
        }
    }
}
