package io.livemig.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A length field is a claim, not a fact: the reader allocates for what arrives, not for what a
 * record header says. A record that claims the largest body the reader accepts (128 MiB) and then
 * ends after 1 KiB costs at most {@value #BOUND} bytes of heap, for every record type whose body is
 * read or skipped; a claim beyond 128 MiB is refused before anything is read. (The per-record bound
 * stated in StreamInput's documentation: at most 64 KiB before bytes arrive, then at most twice
 * the bytes that arrived.)
 */
class StreamReaderBoundsTest {
    private static final long BOUND = 256 << 10;
    private static final int SENT = 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @ParameterizedTest(name = "record type 0x{0}")
    @ValueSource(ints = {RecordType.HVM_CONTEXT, RecordType.X86_CPUID_POLICY, RecordType.X86_MSR_POLICY,
            RecordType.HVM_PARAMS, RecordType.TOOLSTACK, RecordType.PAGE_DATA, 0x80001234 /* optional, unknown */})
    void aLyingLengthCostsWhatArrivedNotWhatItClaims(int type) throws IOException {
        boolean staticData = type == RecordType.X86_CPUID_POLICY || type == RecordType.X86_MSR_POLICY;
        StreamBytes s = StreamBytes.raw().headers(DomainType.X86_HVM);
        if (!staticData) {
            s.staticState();
        }
        byte[] claimed = new byte[SENT];
        ByteBuffer prefix = ByteBuffer.wrap(claimed).order(ByteOrder.LITTLE_ENDIAN);
        if (type == RecordType.HVM_PARAMS) {
            prefix.putInt(HvmParamsDescriptor.COUNT_OFFSET, (int) ((RecordDescriptor.MAX_BODY_LENGTH - HvmParamsDescriptor.HEADER_LENGTH)
                    / HvmParamsDescriptor.ENTRY_LENGTH)); // the count nearest the claimed length
        } else if (type == RecordType.PAGE_DATA) {
            prefix.putInt(PageDataDescriptor.COUNT_OFFSET, 1); // one pfn, then a length that does not match it: refused at the header
        }
        s.rawRecord(type, RecordDescriptor.MAX_BODY_LENGTH, claimed);
        byte[] stream = s.bytes();

        read(stream); // class loading and first-call initialisation, once
        long before = THREADS.getCurrentThreadAllocatedBytes();
        StreamFormatException e = read(stream);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        // refused when the bytes run out, or earlier from the header's fields (a length that cannot be);
        // never at the record header: 128 MiB is the largest body accepted
        String refusal = switch (type) {
            case RecordType.PAGE_DATA, RecordType.X86_CPUID_POLICY -> "body length"; // not 8 + 8 + 4096 n, not 24 n
            case RecordType.HVM_PARAMS -> "needs a body of"; // 134217728 is not 8 + 16 n
            default -> "truncated";
        };
        assertTrue(e.getMessage().contains(refusal), e.getMessage());
        assertFalse(e.getMessage().contains("exceeds"), e.getMessage());
        assertTrue(allocated < BOUND, "a 128 MiB claim with " + SENT + " bytes sent allocated " + allocated + " B: " + e.getMessage());
    }

    @ParameterizedTest(name = "record type 0x{0}")
    @ValueSource(ints = {RecordType.HVM_CONTEXT, 0x80001234})
    void aClaimBeyondTheRecordLimitIsRefusedAtTheHeader(int type) throws IOException {
        byte[] stream = StreamBytes.raw().headers(DomainType.X86_HVM).staticState()
                .rawRecord(type, RecordDescriptor.MAX_BODY_LENGTH + 1L, new byte[0]).bytes();
        StreamFormatException e = read(stream);
        Faults.assertFault(Faults.record(3, RecordType.name(type), 128), e.getMessage(), "body length 134217729", "134217728-byte");
    }

    private static StreamFormatException read(byte[] stream) {
        return assertThrows(StreamFormatException.class, () -> {
            StreamReader reader = new StreamReader(ByteChannels.source(stream, 64 << 10), StreamReader.NO_PFN_LIMIT, true);
            while (reader.next() != null) {
                // every record is read and checked by next()
            }
        });
    }
}
