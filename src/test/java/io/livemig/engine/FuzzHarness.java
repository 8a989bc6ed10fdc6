package io.livemig.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.livemig.backend.sim.SimDestination;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.stream.InspectionReport;
import io.livemig.stream.StreamFormatException;
import io.livemig.stream.StreamInspector;
import io.livemig.stream.StreamReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.function.Consumer;

/**
 * What {@link StreamFuzzTest} checks on one input (see there): the inspector and a restore into a
 * simulated destination, the outcome's invariants and the allocation bound. A {@link Consumer} so
 * that the fuzz test can load it, and everything it reaches in io.livemig, through
 * {@link InstrumentableClassLoader}.
 */
public final class FuzzHarness implements Consumer<byte[]> {
    /** The destination: 4 GiB of pfns (Xen's special pages sit just below 4 GiB), mapped lazily. */
    static final long DESTINATION_PAGES = 1L << 20;
    static final long FIXED_ALLOCATION_BOUND = 1L << 20;
    static final long ALLOCATION_PER_RECORD = 8L << 10;
    static final long ALLOCATION_PER_INPUT_BYTE = 16;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Runs the given inputs once, unchecked: class loading and first calls allocate once, not per input. */
    public FuzzHarness(byte[]... warmUp) {
        try {
            for (byte[] input : warmUp) {
                run(input);
            }
            run(new byte[0]);
            run(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void accept(byte[] input) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        Outcome outcome = runUnchecked(input);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        if (outcome.inspectionError != null) {
            requireOneLineMessage(outcome.inspectionError);
        }
        if (outcome.restoreError != null) {
            requireOneLineMessage(outcome.restoreError.getMessage());
            assertFalse(outcome.destinationComplete, "destination marked complete despite: " + outcome.restoreError.getMessage());
        } else {
            assertTrue(outcome.destinationComplete, "restore returned but the destination is not complete");
            assertNull(outcome.inspectionError, "the restore accepted a stream the inspector refused");
        }
        long bound = FIXED_ALLOCATION_BOUND + ALLOCATION_PER_RECORD * outcome.records + ALLOCATION_PER_INPUT_BYTE * input.length;
        if (allocated > bound) {
            // The first input down a path pays once for loading, linking and instrumenting what it
            // reaches (several hundred KiB under Jazzer): what the input itself costs repeats.
            before = THREADS.getCurrentThreadAllocatedBytes();
            runUnchecked(input);
            allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        }
        assertTrue(allocated <= bound, "reading " + input.length + " bytes (" + outcome.records + " records) allocated "
                + allocated + " B, bound " + bound + " B");
    }

    private static Outcome runUnchecked(byte[] input) {
        try {
            return run(input);
        } catch (IOException e) {
            // an IOException that is not a StreamFormatException: the in-memory channel never fails
            throw new AssertionError("not a stream error: " + e, e);
        }
    }

    /** The restore of {@code input} completed and the inspector found it valid. */
    static boolean validAndRestored(byte[] input) throws IOException {
        Outcome o = run(input);
        return o.inspectionError == null && o.restoreError == null && o.destinationComplete;
    }

    record Outcome(String inspectionError, StreamFormatException restoreError, boolean destinationComplete, long records) {
    }

    static Outcome run(byte[] input) throws IOException {
        InspectionReport report = StreamInspector.inspect(new BytesChannel(input), StreamReader.NO_PFN_LIMIT, true);
        try (SimDestination destination = SimDomainConfig.builder().pages(DESTINATION_PAGES).createDestination()) {
            StreamFormatException error = null;
            try {
                new RestoreEngine(destination, true).restore(new BytesChannel(input));
            } catch (StreamFormatException e) {
                error = e;
            }
            // records the reader started on: those listed, and the one that failed
            return new Outcome(report.error(), error, destination.isComplete(), report.records().size() + 1L);
        }
    }

    static void requireOneLineMessage(String message) {
        if (message == null || message.isBlank()) {
            fail("a StreamFormatException without a message");
        }
        if (message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
            fail("the error is not one line: " + message);
        }
        if (!message.contains(" at offset ")) {
            fail("the error names no offset: " + message);
        }
    }

    /** The input as a blocking channel, in reads of at most 4 KiB (a socket's share) to vary the reader's paths. */
    static final class BytesChannel implements ReadableByteChannel {
        private final byte[] data;
        private int at;

        BytesChannel(byte[] data) {
            this.data = data;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (at == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(dst.remaining(), data.length - at), 4096);
            dst.put(data, at, n);
            at += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
