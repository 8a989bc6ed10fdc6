package io.livemig.engine;

import io.livemig.backend.DomainException;
import io.livemig.stream.ByteChannels;
import io.livemig.stream.DomainType;
import io.livemig.stream.Faults;
import io.livemig.stream.HvmParam;
import io.livemig.stream.InMemoryDestination;
import io.livemig.stream.LibxlRecordType;
import io.livemig.stream.PageType;
import io.livemig.stream.PvVcpuDescriptor;
import io.livemig.stream.RecordDescriptor;
import io.livemig.stream.RecordType;
import io.livemig.stream.StreamBytes;
import io.livemig.stream.StreamFormatException;
import io.livemig.stream.TscInfoDescriptor;
import io.livemig.stream.XlHeaderDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each malformed stream is refused with one line naming where and what, and the destination is never marked complete. */
class RestoreMalformedStreamTest {
    private static final int LIMIT = 128;
    private static final int PAGE = 4096;
    /** Offset of the record after the headers and the CPUID, MSR, STATIC_DATA_END records of a raw stream. */
    private static final long AFTER_STATIC = 128;
    /** Offset of the first record: after the image and domain headers of a raw stream. */
    private static final long AFTER_HEADERS = 40;
    /** As {@link #AFTER_STATIC} for an x86 PV stream, whose static data start with X86_PV_INFO. */
    private static final long AFTER_PV_STATIC = 144;

    private record Case(String name, byte[] stream, String expected) {
    }

    static Stream<Arguments> cases() throws IOException {
        return buildCases().stream().map(c -> Arguments.of(c.name(), c.stream(), c.expected()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void malformedStreamIsRefusedWithItsLocationAndReason(String name, byte[] stream, String expected) {
        InMemoryDestination d = new InMemoryDestination(LIMIT);
        StreamFormatException e = assertThrows(StreamFormatException.class,
                () -> new RestoreEngine(d, true).restore(ByteChannels.source(stream, 1 << 20)));
        // where (header, or record index, type and offset) exactly, then the reason
        int split = expected.indexOf(": ");
        Faults.assertFault(expected.substring(0, split), e.getMessage(), expected.substring(split + 2));
        assertFalse(d.isComplete(), "destination marked complete despite: " + e.getMessage());
        assertFalse(d.events().contains("complete"));
    }

    @Test
    void everyCaseHasItsOwnMessage() throws IOException {
        List<Case> cases = buildCases();
        assertTrue(cases.size() >= 40, "cases: " + cases.size());
        assertEquals(cases.size(), new HashSet<>(cases.stream().map(Case::expected).toList()).size());
    }

    @Test
    void destinationFailureNamesTheRecordAndKeepsTheCause() throws IOException {
        byte[] stream = RestoreEngineTest.standardStream(StreamBytes.raw());
        InMemoryDestination d = new InMemoryDestination(LIMIT);
        d.failMappingOf(5);
        StreamFormatException e = assertThrows(StreamFormatException.class,
                () -> new RestoreEngine(d, true).restore(ByteChannels.source(stream, 1 << 20)));
        Faults.assertFault(Faults.record(3, "PAGE_DATA", 128), e.getMessage(), "destination cannot map the batch", "pfn 0x5");
        assertInstanceOf(DomainException.class, e.getCause());
        assertFalse(d.isComplete());
        assertEquals("close-sink", d.events().getLast());
    }

    private static List<Case> buildCases() throws IOException {
        List<Case> c = new ArrayList<>();
        byte[] valid = RestoreEngineTest.standardStream(StreamBytes.raw());
        int len = valid.length;

        // Headers.
        c.add(new Case("bad marker", patch(valid, 7, 0xFE),
                "stream header at offset 0: unrecognised stream: first bytes 0xfffffffffffffffe are neither a libxc image header"
                        + " (marker 0xffffffffffffffff), a libxl header (\"LibxlFmt\") nor an xl save file"));
        c.add(new Case("bad marker inside libxl", patch(RestoreEngineTest.standardStream(StreamBytes.libxl()), 24, 0x7F),
                "image header at offset 24: marker 0x7fffffffffffffff is not 0xffffffffffffffff"));
        c.add(new Case("bad id", patch(valid, 11, 'G'), "image header at offset 0: id 0x58454e47 is not \"XENF\" (0x58454e46)"));
        c.add(new Case("version 1", patch(valid, 15, 1), "image header at offset 0: version 1 is not supported (expected 2..3)"));
        c.add(new Case("version 4", patch(valid, 15, 4), "image header at offset 0: version 4 is not supported (expected 2..3)"));
        c.add(new Case("big-endian option", patch(valid, 17, 1),
                "image header at offset 0: options 0x0001: a big-endian stream, only little-endian is supported"));
        c.add(new Case("reserved option bit", patch(valid, 16, 0x80), "image header at offset 0: options 0x8000 set reserved bits 1..15"));
        c.add(new Case("image header reserved field", patch(valid, 23, 1),
                "image header at offset 0: reserved field 0x00000001 is not zero"));
        c.add(new Case("page_shift 13", patch(valid, 28, 13), "domain header at offset 24: page_shift 13 is not 12 (4 KiB pages)"));
        c.add(new Case("domain type 3", patch(valid, 24, 3),
                "domain header at offset 24: type 3 (x86 PVH) is not supported: Xen's x86 streams are x86 PV (1) or x86 HVM (2)"));
        c.add(new Case("domain header reserved field", patch(valid, 30, 1), "domain header at offset 24: reserved field 0x0001 is not zero"));

        // Record framing.
        c.add(new Case("record body over 128 MiB", prefix().rawRecord(RecordType.TOOLSTACK, 0x08000001L, new byte[0]).bytes(),
                at(3, "TOOLSTACK", AFTER_STATIC) + "body length 134217729 exceeds the 134217728-byte (128 MiB) record limit"));
        c.add(new Case("non-zero padding", prefix().rawRecord(0x80001234, 5, new byte[]{1, 2, 3, 4, 5, 0, 0, 7}).bytes(),
                at(3, "UNKNOWN(0x80001234)", AFTER_STATIC) + "padding byte 2 at offset 143 is 0x07, not zero"));
        c.add(new Case("unknown mandatory record", prefix().rawRecord(0x13, 0, new byte[0]).bytes(),
                at(3, "UNKNOWN(0x00000013)", AFTER_STATIC) + "unknown mandatory libxc record type 0x00000013: a restorer must not ignore it"));
        c.add(new Case("missing END", Arrays.copyOf(valid, len - 8),
                "record 9 at offset " + (len - 8) + ": stream truncated: it ends here, before the libxc END record"));
        c.add(new Case("truncated record header", Arrays.copyOf(valid, len - 4),
                "record 9 at offset " + (len - 8) + ": stream truncated at offset " + (len - 4) + ": record header incomplete (4 of 8 bytes)"));
        c.add(new Case("data after END", Arrays.copyOf(concat(valid, new byte[]{0x42}), len + 1),
                at(9, "END", len - 8) + "data after END: byte 0x42 at offset " + len + ", where the stream must end"));
        StreamBytes endWithBody = prefix();
        endWithBody.pageRange(0, 2, 0).deviceState().rawRecord(RecordType.END, 8, new byte[8]);
        c.add(new Case("END with a body", endWithBody.bytes(), at(endWithBody.lastIndex(), "END", endWithBody.lastOffset()) + "body length 8, expected 0"));
        c.add(new Case("truncated record body", prefix().rawRecord(RecordType.X86_TSC_INFO, 24, new byte[10]).bytes(),
                at(3, "X86_TSC_INFO", AFTER_STATIC) + "stream truncated at offset 146: body incomplete (10 of 24 bytes)"));

        // PAGE_DATA.
        c.add(new Case("PAGE_DATA count 0", prefix().rawRecord(RecordType.PAGE_DATA, 8, le(0, 0)).bytes(),
                at(3, "PAGE_DATA", AFTER_STATIC) + "count 0: a PAGE_DATA record carries at least one pfn"));
        c.add(new Case("PAGE_DATA count 1025", prefix().rawRecord(RecordType.PAGE_DATA, 8 + 8 * 1025, le(1025, 0)).bytes(),
                at(3, "PAGE_DATA", AFTER_STATIC) + "count 1025 exceeds the batch limit of 1024"));
        c.add(new Case("PAGE_DATA reserved field", prefix().rawRecord(RecordType.PAGE_DATA, 8 + 8 + PAGE,
                        concat(le(1, 9), entries(1), new byte[PAGE])).bytes(),
                at(3, "PAGE_DATA", AFTER_STATIC) + "reserved field 0x00000009 is not zero"));
        c.add(new Case("PAGE_DATA shorter than its entries", prefix().rawRecord(RecordType.PAGE_DATA, 8 + 8, concat(le(2, 0), entries(1))).bytes(),
                at(3, "PAGE_DATA", AFTER_STATIC) + "body length 16 is too short for 2 entries (at least 24)"));
        c.add(new Case("PAGE_DATA wrong length", prefix().rawRecord(RecordType.PAGE_DATA, 8 + 16 + PAGE,
                        concat(le(2, 0), entries(1, 2), new byte[PAGE])).bytes(),
                at(3, "PAGE_DATA", AFTER_STATIC) + "body length 4120 does not match 8 + 8*2 + 4096*2 = 8216"));
        c.add(new Case("invalid page type 5", prefix().rawRecord(RecordType.PAGE_DATA, 8 + 16 + 2 * PAGE,
                        concat(le(2, 0), entries(6, (5L << 60) | 7), new byte[2 * PAGE])).bytes(),
                at(3, "PAGE_DATA", AFTER_STATIC) + "entry 1 (pfn 0x7) has invalid page type 5"));
        c.add(new Case("reserved bits in an entry", prefix().rawRecord(RecordType.PAGE_DATA, 8 + 8 + PAGE,
                        concat(le(1, 0), entries((1L << 55) | 3), new byte[PAGE])).bytes(),
                at(3, "PAGE_DATA", AFTER_STATIC) + "entry 0 (pfn 0x3) has reserved bits 59..52 set: 0x0080000000000003"));
        c.add(new Case("pfn beyond the destination", prefix().rawRecord(RecordType.PAGE_DATA, 8 + 24 + 3 * PAGE,
                        concat(le(3, 0), entries(1, 2, 0x80), new byte[3 * PAGE])).bytes(),
                at(3, "PAGE_DATA", AFTER_STATIC) + "entry 2 pfn 0x80 is beyond the destination (limit 0x80)"));
        StreamBytes noStaticEnd = StreamBytes.raw();
        noStaticEnd.headers(DomainType.X86_HVM).pageRange(0, 2, 0);
        c.add(new Case("PAGE_DATA before STATIC_DATA_END in v3", noStaticEnd.bytes(),
                at(0, "PAGE_DATA", 40) + "PAGE_DATA before STATIC_DATA_END (mandatory first in a v3 stream)"));
        StreamBytes midPage = prefix().pageRange(0, 3, 0);
        long cut = AFTER_STATIC + 8 + 8 + 24 + 2L * PAGE + 100;
        c.add(new Case("truncated in the middle of a page", Arrays.copyOf(midPage.bytes(), (int) cut),
                at(3, "PAGE_DATA", AFTER_STATIC) + "stream truncated at offset " + cut
                        + " inside the page data: data page 2 of 3 (entry 2, pfn 0x2) has 100 of 4096 bytes"));
        StreamBytes verify = prefix().pageRange(0, 4, 0);
        verify.empty(RecordType.VERIFY).pageRange(2, 2, 1);
        c.add(new Case("VERIFY mismatch", verify.bytes(),
                at(5, "PAGE_DATA", verify.lastOffset()) + "VERIFY: data page 0 (entry 0, pfn 0x2) differs from the destination at byte 0"));

        // Static data.
        c.add(new Case("second STATIC_DATA_END", prefix().empty(RecordType.STATIC_DATA_END).bytes(),
                at(3, "STATIC_DATA_END", AFTER_STATIC) + "second STATIC_DATA_END"));
        c.add(new Case("CPUID policy after STATIC_DATA_END", prefix().record(RecordType.X86_CPUID_POLICY, StreamBytes.CPUID).bytes(),
                at(3, "X86_CPUID_POLICY", AFTER_STATIC) + "CPU policy after STATIC_DATA_END"));
        c.add(new Case("CPUID policy size", headersOnly().record(RecordType.X86_CPUID_POLICY, new byte[30]).bytes(),
                at(0, "X86_CPUID_POLICY", 40) + "body length 30 is not a non-zero multiple of 24"));
        c.add(new Case("MSR policy flags", headersOnly().record(RecordType.X86_MSR_POLICY, StreamBytes.msr(5)).bytes(),
                at(0, "X86_MSR_POLICY", 40) + "entry 0 (MSR 0x000000ce) has flags 0x00000005, expected 0"));
        StreamBytes noStaticEndAtEnd = headersOnly();
        noStaticEndAtEnd.deviceState().end();
        c.add(new Case("v3 stream without STATIC_DATA_END", noStaticEndAtEnd.bytes(),
                at(3, "END", noStaticEndAtEnd.lastOffset()) + "END without STATIC_DATA_END (mandatory in a v3 stream)"));

        // Device state.
        byte[] noEndDescriptor = Arrays.copyOf(StreamBytes.HVM_CONTEXT, StreamBytes.HVM_CONTEXT.length - 8);
        c.add(new Case("HVM context without END descriptor", prefix().record(RecordType.HVM_CONTEXT, noEndDescriptor).bytes(),
                at(3, "HVM_CONTEXT", AFTER_STATIC) + "HVM context: no END descriptor"));
        byte[] badMagic = StreamBytes.HVM_CONTEXT.clone();
        badMagic[8] ^= 1;
        c.add(new Case("HVM context bad magic", prefix().record(RecordType.HVM_CONTEXT, badMagic).bytes(),
                at(3, "HVM_CONTEXT", AFTER_STATIC) + "HVM context: HEADER at blob offset 0 lacks magic 0x54381286"));
        c.add(new Case("empty HVM context", prefix().rawRecord(RecordType.HVM_CONTEXT, 0, new byte[0]).bytes(),
                at(3, "HVM_CONTEXT", AFTER_STATIC) + "empty HVM context"));
        c.add(new Case("TSC_INFO wrong size", prefix().record(RecordType.X86_TSC_INFO, new byte[16]).bytes(),
                at(3, "X86_TSC_INFO", AFTER_STATIC) + "body length 16, expected 24"));
        byte[] badParams = StreamBytes.params(List.of(new HvmParam(1, 2), new HvmParam(3, 4)));
        badParams[0] = 3;
        c.add(new Case("HVM_PARAMS count and length mismatch", prefix().record(RecordType.HVM_PARAMS, badParams).bytes(),
                at(3, "HVM_PARAMS", AFTER_STATIC) + "count 3 needs a body of 56 bytes, the record has 40"));
        StreamBytes noContext = prefix().pageRange(0, 2, 0).record(RecordType.X86_TSC_INFO, TscInfoDescriptor.toBytes(StreamBytes.TSC));
        noContext.end();
        c.add(new Case("END without HVM_CONTEXT", noContext.bytes(),
                at(5, "END", noContext.lastOffset()) + "END without HVM_CONTEXT: an x86 HVM stream must carry the hypervisor's HVM context"));
        StreamBytes noTsc = prefix().pageRange(0, 2, 0).record(RecordType.HVM_CONTEXT, StreamBytes.HVM_CONTEXT);
        noTsc.end();
        c.add(new Case("END without TSC_INFO", noTsc.bytes(),
                at(5, "END", noTsc.lastOffset()) + "END without X86_TSC_INFO: an x86 HVM domain cannot be restored without its TSC info"));
        c.add(new Case("X86_PV_INFO invalid combination", pvHeaders().record(RecordType.X86_PV_INFO, new byte[]{8, 3, 0, 0, 0, 0, 0, 0}).bytes(),
                at(0, "X86_PV_INFO", AFTER_HEADERS) + "guest_width 8 with pt_levels 3 is not a valid combination (4/3 or 8/4)"));

        // libxl and xl framing.
        c.add(new Case("bad libxl version", patch(RestoreEngineTest.standardStream(StreamBytes.libxl()), 11, 3),
                "libxl header at offset 0: version 3 is not supported (expected 2)"));
        c.add(new Case("big-endian libxl stream", patch(RestoreEngineTest.standardStream(StreamBytes.libxl()), 15, 1),
                "libxl header at offset 0: options 0x00000001: a big-endian stream, only little-endian is supported"));
        byte[] xl = xlStream(3);
        c.add(new Case("bad xl magic", patch(xl, 20, xl[20] ^ 1),
                "xl header at offset 0: magic differs from xl's \"Xen saved domain, xl format\\n \\0 \\r\" at byte 20"));
        c.add(new Case("unknown xl mandatory flag", xlStream(7),
                "xl header at offset 0: mandatory flags 0x00000007 include unsupported bits 0x00000004 (known: JSON 0x1, STREAMv2 0x2)"));
        c.add(new Case("legacy xl stream", xlStream(1),
                "xl header at offset 0: mandatory flags 0x00000001 lack STREAMv2: a legacy (pre-Xen-4.6) stream, not supported"));
        byte[] xlHeader = StreamBytes.xlHeader(3, "name=\"guest\"");
        c.add(new Case("xl header followed by a bare libxc stream", concat(xlHeader, valid),
                "libxl header at offset " + xlHeader.length + ": ident 0xffffffffffffffff is not \"LibxlFmt\" (0x4c6962786c466d74)"));
        StreamBytes libxlUnknown = StreamBytes.libxl();
        libxlUnknown.headers(DomainType.X86_HVM).staticState().pageRange(0, 2, 0).deviceState().empty(RecordType.END);
        libxlUnknown.libxlRecord(6, new byte[0]);
        c.add(new Case("unknown mandatory libxl record", libxlUnknown.bytes(),
                at(libxlUnknown.lastIndex(), "LIBXL_UNKNOWN(0x00000006)", libxlUnknown.lastOffset())
                        + "unknown mandatory libxl record type 0x00000006: a restorer must not ignore it"));
        StreamBytes libxlEmpty = StreamBytes.libxl();
        libxlEmpty.sink().put(Arrays.copyOf(RestoreEngineTest.standardStream(StreamBytes.libxl()), 16));
        libxlEmpty.libxlRecord(LibxlRecordType.END, new byte[0]);
        c.add(new Case("libxl END before LIBXC_CONTEXT", libxlEmpty.bytes(),
                at(0, "LIBXL_END", 16) + "END before any LIBXC_CONTEXT: the stream carries no domain"));
        StreamBytes strayCheckpointEnd = StreamBytes.libxl();
        strayCheckpointEnd.headers(DomainType.X86_HVM).staticState().pageRange(0, 2, 0).deviceState().empty(RecordType.END);
        strayCheckpointEnd.libxlRecord(LibxlRecordType.CHECKPOINT_END, new byte[0]);
        c.add(new Case("CHECKPOINT_END outside a checkpoint", strayCheckpointEnd.bytes(),
                at(strayCheckpointEnd.lastIndex(), "CHECKPOINT_END", strayCheckpointEnd.lastOffset()) + "CHECKPOINT_END outside a checkpoint"));
        StreamBytes badXenstore = StreamBytes.libxl();
        badXenstore.headers(DomainType.X86_HVM).staticState().pageRange(0, 2, 0).deviceState().empty(RecordType.END);
        badXenstore.libxlRecord(LibxlRecordType.EMULATOR_XENSTORE_DATA, StreamBytes.emulatorBody(2, 0, "/abs\0v\0".getBytes()));
        c.add(new Case("absolute xenstore key", badXenstore.bytes(),
                at(badXenstore.lastIndex(), "EMULATOR_XENSTORE_DATA", badXenstore.lastOffset())
                        + "xenstore key 0 at body byte 8 is absolute (starts with '/')"));

        // Fields and bodies each check of the reader stands for (one case per check).
        c.add(new Case("image header reserved16", patch(valid, 19, 1), "image header at offset 0: reserved field 0x0001 is not zero"));
        byte[] libxl = RestoreEngineTest.standardStream(StreamBytes.libxl());
        c.add(new Case("libxl reserved option", patch(libxl, 15, 4),
                "libxl header at offset 0: options 0x00000004 set reserved bits 0x00000004"));
        byte[] swapped = xlStream(3);
        swapped[32] = 1;
        swapped[33] = 2;
        swapped[34] = 3;
        swapped[35] = 4;
        c.add(new Case("big-endian xl file", swapped, "xl header at offset 0: byte-order marker reads 0x04030201: a big-endian save file"));
        c.add(new Case("xl byte-order marker", patch(xl, 32, 5), "xl header at offset 0: byte-order marker 0x01020305 is not 0x01020304"));
        c.add(new Case("xl optional data too long", xlWithOptional(RecordDescriptor.MAX_BODY_LENGTH + 1L, 0),
                "xl header at offset 0: optional data length 134217729 exceeds the 134217728-byte limit"));
        c.add(new Case("xl optional data at the limit, then cut", xlWithOptional(RecordDescriptor.MAX_BODY_LENGTH, 0),
                "xl header at offset 0: stream truncated at offset 60: xl optional data incomplete (12 of 134217728 bytes)"));
        c.add(new Case("xl optional data without the config length", xlWithOptional(3, 0),
                "xl header at offset 0: optional data of 3 bytes is too short for the u32 config length"));
        c.add(new Case("xl config longer than the optional data", xlWithOptional(8, 5),
                "xl header at offset 0: optional data of 8 bytes is too short for a config of 5 bytes"));
        c.add(new Case("data after END: a zero byte", Arrays.copyOf(valid, len + 1),
                at(9, "END", len - 8) + "data after END: byte 0x00 at offset " + len));
        c.add(new Case("STATIC_DATA_END with a body", headersOnly().record(RecordType.STATIC_DATA_END, new byte[8]).bytes(),
                at(0, "STATIC_DATA_END", 40) + "body length 8, expected 0"));
        c.add(new Case("VERIFY with a body", prefix().record(RecordType.VERIFY, new byte[8]).bytes(),
                at(3, "VERIFY", AFTER_STATIC) + "body length 8, expected 0"));
        c.add(new Case("CHECKPOINT with a body", prefix().record(RecordType.CHECKPOINT, new byte[16]).bytes(),
                at(3, "CHECKPOINT", AFTER_STATIC) + "body length 16, expected 0"));
        c.add(new Case("second X86_CPUID_POLICY", headersOnly().record(RecordType.X86_CPUID_POLICY, StreamBytes.CPUID)
                .record(RecordType.X86_CPUID_POLICY, StreamBytes.CPUID).bytes(), at(1, "X86_CPUID_POLICY", 96) + "second X86_CPUID_POLICY record"));
        c.add(new Case("second X86_MSR_POLICY", headersOnly().record(RecordType.X86_MSR_POLICY, StreamBytes.MSR)
                .record(RecordType.X86_MSR_POLICY, StreamBytes.MSR).bytes(), at(1, "X86_MSR_POLICY", 64) + "second X86_MSR_POLICY record"));
        c.add(new Case("PAGE_DATA shorter than its header", prefix().rawRecord(RecordType.PAGE_DATA, 4, new byte[8]).bytes(),
                at(3, "PAGE_DATA", AFTER_STATIC) + "body of 4 bytes is shorter than the 8-byte PAGE_DATA header"));
        long[] fourPfns = {0, 1, 2, 3};
        int[] secondWithoutData = {0, PageType.XTAB, 0, 0};
        StreamBytes midSecondPage = prefix().pageData(fourPfns, secondWithoutData, 0);
        long secondPageCut = AFTER_STATIC + 16 + 32 + PAGE + 7;
        c.add(new Case("truncated in a data page after one without data", Arrays.copyOf(midSecondPage.bytes(), (int) secondPageCut),
                at(3, "PAGE_DATA", AFTER_STATIC) + "stream truncated at offset " + secondPageCut
                        + " inside the page data: data page 1 of 3 (entry 2, pfn 0x2) has 7 of 4096 bytes"));
        StreamBytes verifyLater = prefix().pageRange(0, 4, 0);
        verifyLater.empty(RecordType.VERIFY).pageData(fourPfns, secondWithoutData, 0);
        byte[] verifyStream = verifyLater.bytes();
        verifyStream[verifyStream.length - 2 * PAGE + 5] ^= 1;
        c.add(new Case("VERIFY mismatch in a later page", verifyStream,
                at(5, "PAGE_DATA", verifyLater.lastOffset()) + "VERIFY: data page 1 (entry 2, pfn 0x2) differs from the destination at byte 5"));
        StreamBytes verifyCut = prefix().pageRange(0, 2, 0);
        verifyCut.empty(RecordType.VERIFY).pageRange(0, 2, 0);
        byte[] verifyCutStream = Arrays.copyOf(verifyCut.bytes(), verifyCut.bytes().length - PAGE + 9);
        c.add(new Case("VERIFY cut short", verifyCutStream, at(5, "PAGE_DATA", verifyCut.lastOffset()) + "stream truncated at offset "
                + verifyCutStream.length + " inside the page data: data page 1 of 2 (entry 1, pfn 0x1) has 9 of 4096 bytes"));
        c.add(new Case("HVM param index at the limit", prefix().record(RecordType.HVM_PARAMS, StreamBytes.params(List.of(new HvmParam(1024, 1))))
                .bytes(), at(3, "HVM_PARAMS", AFTER_STATIC) + "param 0 has index 1024, beyond the limit of 1023"));
        StreamBytes shortXenstore = libxlTail();
        shortXenstore.libxlRecord(LibxlRecordType.EMULATOR_XENSTORE_DATA, new byte[7]);
        c.add(new Case("xenstore data header", shortXenstore.bytes(), at(shortXenstore.lastIndex(), "EMULATOR_XENSTORE_DATA",
                shortXenstore.lastOffset()) + "body of 7 bytes is shorter than the 8-byte emulator header"));
        c.add(new Case("domain header reserved field, high bit", patch(valid, 31, 0x80),
                "domain header at offset 24: reserved field 0x8000 is not zero"));
        StreamBytes v2Policy = headersOnly().pageRange(0, 2, 0).record(RecordType.X86_CPUID_POLICY, StreamBytes.CPUID);
        c.add(new Case("v2: CPU policy after the inferred end of static data", patch(v2Policy.bytes(), 15, 2),
                at(1, "X86_CPUID_POLICY", v2Policy.lastOffset())
                        + "CPU policy after STATIC_DATA_END (inferred at the first PAGE_DATA of this v2 stream)"));
        StreamBytes v2End = headersOnly().pageRange(0, 2, 0).empty(RecordType.STATIC_DATA_END);
        c.add(new Case("v2: STATIC_DATA_END after the inferred end of static data", patch(v2End.bytes(), 15, 2),
                at(1, "STATIC_DATA_END", v2End.lastOffset())
                        + "STATIC_DATA_END after the static data already ended (inferred at the first PAGE_DATA of this v2 stream)"));
        // x86 PV records: their bodies and order (the static data end at offset 144 in pvPrefix()).
        c.add(new Case("X86_PV_INFO length", pvHeaders().record(RecordType.X86_PV_INFO, new byte[16]).bytes(),
                at(0, "X86_PV_INFO", AFTER_HEADERS) + "body length 16, expected 8"));
        c.add(new Case("X86_PV_INFO reserved", pvHeaders().record(RecordType.X86_PV_INFO, new byte[] {8, 4, 0, 1, 0, 0, 0, 0}).bytes(),
                at(0, "X86_PV_INFO", AFTER_HEADERS) + "reserved field 0x000000000100 is not zero"));
        byte[] pvInfo = {8, 4, 0, 0, 0, 0, 0, 0};
        c.add(new Case("second X86_PV_INFO", pvHeaders().record(RecordType.X86_PV_INFO, pvInfo).record(RecordType.X86_PV_INFO, pvInfo).bytes(),
                at(1, "X86_PV_INFO", AFTER_HEADERS + 16) + "second X86_PV_INFO record"));
        // X86_PV_INFO after STATIC_DATA_END is missing where it belongs, and the end of the static data says so
        c.add(new Case("X86_PV_INFO after STATIC_DATA_END", pvHeaders().staticState().record(RecordType.X86_PV_INFO, pvInfo).bytes(),
                at(2, "STATIC_DATA_END", AFTER_STATIC - 8) + "STATIC_DATA_END without X86_PV_INFO before it: an x86 PV stream carries it"
                        + " in its static data"));
        StreamBytes v2NoPvInfoAtAll = pvHeaders().end();
        c.add(new Case("X86_PV_INFO missing (v2, no pages)", patch(v2NoPvInfoAtAll.bytes(), 15, 2),
                at(0, "END", AFTER_HEADERS) + "END ends the static data (inferred: a v2 stream has no STATIC_DATA_END) without X86_PV_INFO"));
        c.add(new Case("x86 PV domain header on an HVM stream's records", patch(valid, 24, 1),
                at(2, "STATIC_DATA_END", AFTER_STATIC - 8) + "STATIC_DATA_END without X86_PV_INFO before it"));
        StreamBytes v2NoPvInfo = pvHeaders().p2mFrames(0, 511, 0);
        c.add(new Case("v2: X86_PV_P2M_FRAMES without X86_PV_INFO", patch(v2NoPvInfo.bytes(), 15, 2),
                at(0, "X86_PV_P2M_FRAMES", AFTER_HEADERS) + "X86_PV_P2M_FRAMES ends the static data (inferred: a v2 stream has no"
                        + " STATIC_DATA_END) without X86_PV_INFO before it"));
        c.add(new Case("X86_PV_P2M_FRAMES header", pvPrefix().record(RecordType.X86_PV_P2M_FRAMES, new byte[4]).bytes(),
                at(4, "X86_PV_P2M_FRAMES", AFTER_PV_STATIC) + "body of 4 bytes is shorter than the 8-byte start/end header"));
        c.add(new Case("X86_PV_P2M_FRAMES start after end", pvPrefix().record(RecordType.X86_PV_P2M_FRAMES, le(5, 4, 0, 0)).bytes(),
                at(4, "X86_PV_P2M_FRAMES", AFTER_PV_STATIC) + "start_pfn 0x5 exceeds end_pfn 0x4"));
        c.add(new Case("X86_PV_P2M_FRAMES length", pvPrefix().record(RecordType.X86_PV_P2M_FRAMES, le(0, 512, 0, 0)).bytes(),
                at(4, "X86_PV_P2M_FRAMES", AFTER_PV_STATIC) + "body length 16 does not match 8 + 8*2 = 24 for pfns 0x0..0x200"));
        c.add(new Case("PAGE_DATA before X86_PV_P2M_FRAMES", pvPrefix().pageRange(0, 2, 0).bytes(),
                at(4, "PAGE_DATA", AFTER_PV_STATIC) + "PAGE_DATA before X86_PV_P2M_FRAMES: an x86 PV stream's pages must lie in its p2m"));
        StreamBytes beyondP2m = pvPrefix().p2mFrames(0, 0x3f, 0).pageRange(0x3e, 3, 0);
        c.add(new Case("PAGE_DATA beyond the p2m", beyondP2m.bytes(), at(5, "PAGE_DATA", beyondP2m.lastOffset())
                + "entry 2 pfn 0x40 is beyond the p2m, whose last pfn is 0x3f (X86_PV_P2M_FRAMES)"));
        c.add(new Case("X86_PV_VCPU header", pvPrefix().record(RecordType.X86_PV_VCPU_BASIC, new byte[4]).bytes(),
                at(4, "X86_PV_VCPU_BASIC", AFTER_PV_STATIC) + "body of 4 bytes is shorter than the 8-byte vcpu header"));
        c.add(new Case("X86_PV_VCPU reserved", pvPrefix().record(RecordType.X86_PV_VCPU_BASIC, le(0, 7, 0)).bytes(),
                at(4, "X86_PV_VCPU_BASIC", AFTER_PV_STATIC) + "reserved field 0x00000007 is not zero"));
        c.add(new Case("X86_PV_VCPU padding", pvPrefix().rawRecord(RecordType.X86_PV_VCPU_BASIC, 13, concat(le(0, 0), new byte[] {1, 2, 3, 4, 5, 0, 9, 0})).bytes(),
                at(4, "X86_PV_VCPU_BASIC", AFTER_PV_STATIC) + "padding byte 1 at offset " + (AFTER_PV_STATIC + 8 + 13 + 1) + " is 0x09, not zero"));
        c.add(new Case("X86_PV_VCPU_BASIC size", pvPrefix().record(RecordType.X86_PV_VCPU_BASIC, new byte[8 + 64]).bytes(),
                at(4, "X86_PV_VCPU_BASIC", AFTER_PV_STATIC) + "vcpu 0 basic context of 64 bytes, expected 5168 (vcpu_guest_context of a 64-bit guest)"));
        StreamBytes basic32 = pvHeaders().pvInfo(4, 3).staticState().pvVcpu(RecordType.X86_PV_VCPU_BASIC, 1, new byte[PvVcpuDescriptor.BASIC_64_LENGTH]);
        c.add(new Case("X86_PV_VCPU_BASIC size, 32-bit guest", basic32.bytes(), at(4, "X86_PV_VCPU_BASIC", AFTER_PV_STATIC)
                + "vcpu 1 basic context of 5168 bytes, expected 2800 (vcpu_guest_context of a 32-bit guest)"));
        c.add(new Case("X86_PV_VCPU before X86_PV_INFO", pvHeaders().record(RecordType.X86_PV_VCPU_MSRS, new byte[8]).bytes(),
                at(0, "X86_PV_VCPU_MSRS", AFTER_HEADERS) + "X86_PV_VCPU_MSRS before X86_PV_INFO"));
        c.add(new Case("X86_PV_VCPU_EXTENDED too long", pvPrefix().record(RecordType.X86_PV_VCPU_EXTENDED, new byte[8 + 129]).bytes(),
                at(4, "X86_PV_VCPU_EXTENDED", AFTER_PV_STATIC) + "vcpu 0 extended context of 129 bytes exceeds 128"));
        c.add(new Case("X86_PV_VCPU_XSAVE too short", pvPrefix().record(RecordType.X86_PV_VCPU_XSAVE, new byte[8 + 15]).bytes(),
                at(4, "X86_PV_VCPU_XSAVE", AFTER_PV_STATIC) + "vcpu 0 xsave context of 15 bytes is below 16"));
        c.add(new Case("SHARED_INFO before X86_PV_INFO", pvHeaders().record(RecordType.SHARED_INFO, new byte[PAGE]).bytes(),
                at(0, "SHARED_INFO", AFTER_HEADERS) + "SHARED_INFO before X86_PV_INFO"));
        c.add(new Case("SHARED_INFO length", pvPrefix().record(RecordType.SHARED_INFO, new byte[8]).bytes(),
                at(4, "SHARED_INFO", AFTER_PV_STATIC) + "body length 8, expected 4096"));
        StreamBytes pvNoBasic = pvPrefix().p2mFrames(0, 0x3f, 0).pageRange(0, 2, 0).pvVcpu(RecordType.X86_PV_VCPU_BASIC, 1,
                new byte[PvVcpuDescriptor.BASIC_64_LENGTH]).end();
        c.add(new Case("END without vcpu 0's X86_PV_VCPU_BASIC", pvNoBasic.bytes(), at(pvNoBasic.lastIndex(), "END", pvNoBasic.lastOffset())
                + "END without X86_PV_VCPU_BASIC for vcpu 0"));
        // the records of the other domain type, refused as Xen's restore refuses a mandatory record its ops do not handle
        c.add(new Case("HVM_CONTEXT in an x86 PV stream", pvPrefix().record(RecordType.HVM_CONTEXT, StreamBytes.HVM_CONTEXT).bytes(),
                at(4, "HVM_CONTEXT", AFTER_PV_STATIC) + "an x86 HVM record in an x86 PV stream: Xen's x86 PV restore refuses it"
                        + " (mandatory record not handled)"));
        c.add(new Case("HVM_PARAMS in an x86 PV stream", pvPrefix().record(RecordType.HVM_PARAMS, StreamBytes.params(StreamBytes.PARAMS)).bytes(),
                at(4, "HVM_PARAMS", AFTER_PV_STATIC) + "an x86 HVM record in an x86 PV stream"));
        c.add(new Case("X86_PV_INFO in an x86 HVM stream", prefix().record(RecordType.X86_PV_INFO, new byte[]{8, 3, 0, 0, 0, 0, 0, 0}).bytes(),
                at(3, "X86_PV_INFO", AFTER_STATIC) + "an x86 PV record in an x86 HVM stream: Xen's x86 HVM restore refuses it"
                        + " (mandatory record not handled)"));
        c.add(new Case("X86_PV_P2M_FRAMES in an x86 HVM stream", prefix().record(RecordType.X86_PV_P2M_FRAMES, new byte[16]).bytes(),
                at(3, "X86_PV_P2M_FRAMES", AFTER_STATIC) + "an x86 PV record in an x86 HVM stream"));
        c.add(new Case("X86_PV_VCPU_BASIC in an x86 HVM stream", prefix().record(RecordType.X86_PV_VCPU_BASIC, new byte[8]).bytes(),
                at(3, "X86_PV_VCPU_BASIC", AFTER_STATIC) + "an x86 PV record in an x86 HVM stream"));
        c.add(new Case("SHARED_INFO in an x86 HVM stream", prefix().record(RecordType.SHARED_INFO, new byte[PAGE]).bytes(),
                at(3, "SHARED_INFO", AFTER_STATIC) + "an x86 PV record in an x86 HVM stream"));
        c.add(new Case("X86_TSC_INFO reserved", prefix().record(RecordType.X86_TSC_INFO, le(0, 1, 0, 0, 0, 3)).bytes(),
                at(3, "X86_TSC_INFO", AFTER_STATIC) + "reserved field 0x00000003 is not zero"));
        c.add(new Case("HVM_CONTEXT padding", prefix().rawRecord(RecordType.HVM_CONTEXT, StreamBytes.HVM_CONTEXT.length - 4,
                        concat(Arrays.copyOf(StreamBytes.HVM_CONTEXT, StreamBytes.HVM_CONTEXT.length - 4), new byte[] {0, 0, 0, 1})).bytes(),
                at(3, "HVM_CONTEXT", AFTER_STATIC) + "padding byte 3 at offset"));
        c.add(new Case("HVM_PARAMS header", prefix().record(RecordType.HVM_PARAMS, new byte[4]).bytes(),
                at(3, "HVM_PARAMS", AFTER_STATIC) + "body of 4 bytes is shorter than the 8-byte count header"));
        c.add(new Case("HVM_PARAMS reserved", prefix().record(RecordType.HVM_PARAMS, le(1, 2, 1, 0, 5, 0)).bytes(),
                at(3, "HVM_PARAMS", AFTER_STATIC) + "reserved field 0x00000002 is not zero"));
        c.add(new Case("TOOLSTACK padding", prefix().rawRecord(RecordType.TOOLSTACK, 3, new byte[] {1, 2, 3, 0, 0, 0, 0, 6}).bytes(),
                at(3, "TOOLSTACK", AFTER_STATIC) + "padding byte 4 at offset " + (AFTER_STATIC + 8 + 3 + 4) + " is 0x06"));
        c.add(new Case("CHECKPOINT_DIRTY_PFN_LIST length", prefix().rawRecord(RecordType.CHECKPOINT_DIRTY_PFN_LIST, 12, new byte[16]).bytes(),
                at(3, "CHECKPOINT_DIRTY_PFN_LIST", AFTER_STATIC) + "body length 12 is not a multiple of 8 (u64 pfns)"));
        StreamBytes t1 = libxlTail();
        t1.libxlRecord(LibxlRecordType.END, new byte[8]);
        c.add(new Case("libxl END with a body", t1.bytes(), at(t1.lastIndex(), "LIBXL_END", t1.lastOffset()) + "body length 8, expected 0"));
        StreamBytes t2 = checkpointThen();
        t2.libxlRecord(LibxlRecordType.END, new byte[0]);
        c.add(new Case("libxl END inside a checkpoint", t2.bytes(), at(t2.lastIndex(), "LIBXL_END", t2.lastOffset()) + "END inside a checkpoint (no CHECKPOINT_END)"));
        StreamBytes t3 = checkpointThen();
        t3.libxlRecord(LibxlRecordType.CHECKPOINT_END, new byte[8]);
        c.add(new Case("CHECKPOINT_END with a body", t3.bytes(), at(t3.lastIndex(), "CHECKPOINT_END", t3.lastOffset()) + "body length 8, expected 0"));
        StreamBytes t4 = libxlTail();
        t4.libxlRecord(LibxlRecordType.LIBXC_CONTEXT, new byte[0]);
        c.add(new Case("second LIBXC_CONTEXT", t4.bytes(), at(t4.lastIndex(), "LIBXC_CONTEXT", t4.lastOffset()) + "second LIBXC_CONTEXT: the libxc stream was already read"));
        StreamBytes contextWithBody = StreamBytes.libxl();
        contextWithBody.sink().put(Arrays.copyOf(libxl, 16));
        contextWithBody.libxlRecord(LibxlRecordType.LIBXC_CONTEXT, new byte[8]);
        c.add(new Case("LIBXC_CONTEXT with a body", contextWithBody.bytes(), at(0, "LIBXC_CONTEXT", 16) + "body length 8, expected 0"));
        StreamBytes t5 = libxlTail();
        t5.libxlRecord(LibxlRecordType.CHECKPOINT_STATE, new byte[8]);
        c.add(new Case("CHECKPOINT_STATE length", t5.bytes(), at(t5.lastIndex(), "CHECKPOINT_STATE", t5.lastOffset()) + "body length 8, expected 4"));
        StreamBytes t6 = libxlTail();
        t6.rawRecord(LibxlRecordType.CHECKPOINT_STATE, 4, new byte[] {3, 0, 0, 0, 0, 0, 1, 0});
        c.add(new Case("CHECKPOINT_STATE padding", t6.bytes(), at(t6.lastIndex(), "CHECKPOINT_STATE", t6.lastOffset()) + "padding byte 2 at offset"));
        StreamBytes t7 = libxlTail();
        t7.libxlRecord(LibxlRecordType.EMULATOR_CONTEXT, new byte[4]);
        c.add(new Case("emulator header", t7.bytes(), at(t7.lastIndex(), "EMULATOR_CONTEXT", t7.lastOffset()) + "body of 4 bytes is shorter than the 8-byte emulator header"));
        StreamBytes t8 = libxlTail();
        t8.rawRecord(LibxlRecordType.EMULATOR_CONTEXT, 9,
                        concat(StreamBytes.emulatorBody(2, 0, new byte[] {7}), new byte[] {0, 0, 0, 0, 0, 0, 2}));
        c.add(new Case("emulator context padding", t8.bytes(), at(t8.lastIndex(), "EMULATOR_CONTEXT", t8.lastOffset()) + "padding byte 6 at offset"));
        StreamBytes t9 = libxlTail();
        t9.libxlRecord(LibxlRecordType.EMULATOR_XENSTORE_DATA,
                        StreamBytes.emulatorBody(2, 0, "k\0v\0key".getBytes()));
        c.add(new Case("xenstore key without NUL", t9.bytes(), at(t9.lastIndex(), "EMULATOR_XENSTORE_DATA", t9.lastOffset()) + "xenstore key 1 at body byte 12 is not NUL-terminated"));
        StreamBytes t10 = libxlTail();
        t10.libxlRecord(LibxlRecordType.EMULATOR_XENSTORE_DATA,
                        StreamBytes.emulatorBody(2, 0, "\0v\0".getBytes()));
        c.add(new Case("empty xenstore key", t10.bytes(), at(t10.lastIndex(), "EMULATOR_XENSTORE_DATA", t10.lastOffset()) + "xenstore key 0 at body byte 8 is empty"));
        StreamBytes t11 = libxlTail();
        t11.libxlRecord(LibxlRecordType.EMULATOR_XENSTORE_DATA,
                        StreamBytes.emulatorBody(2, 0, "a\0b\0key\0value".getBytes()));
        c.add(new Case("xenstore value without NUL", t11.bytes(), at(t11.lastIndex(), "EMULATOR_XENSTORE_DATA", t11.lastOffset()) + "xenstore value 1 at body byte 16 is missing or not NUL-terminated"));
        StreamBytes t12 = libxlTail();
        t12.rawRecord(LibxlRecordType.EMULATOR_XENSTORE_DATA, 12,
                        concat(StreamBytes.emulatorBody(2, 0, "k\0v\0".getBytes()), new byte[] {0, 0, 0, 4}));
        c.add(new Case("xenstore data padding", t12.bytes(), at(t12.lastIndex(), "EMULATOR_XENSTORE_DATA", t12.lastOffset()) + "padding byte 3 at offset"));
        return c;
    }

    /** A libxl stream whose libxc stream is complete: libxl records come next. */
    private static StreamBytes libxlTail() throws IOException {
        StreamBytes s = StreamBytes.libxl();
        s.headers(DomainType.X86_HVM).staticState().pageRange(0, 2, 0).deviceState().empty(RecordType.END);
        return s;
    }

    /** A libxl stream in a checkpoint (the libxc CHECKPOINT handed it to libxl): libxl records come next. */
    private static StreamBytes checkpointThen() throws IOException {
        StreamBytes s = StreamBytes.libxl();
        s.headers(DomainType.X86_HVM).staticState().pageRange(0, 2, 0).empty(RecordType.CHECKPOINT);
        return s;
    }

    /** An xl header whose optional data claims {@code optionalLength} bytes and holds a config length word of {@code configLength}. */
    private static byte[] xlWithOptional(long optionalLength, int configLength) {
        ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(StreamBytes.xlHeader(3, ""), XlHeaderDescriptor.LENGTH + 4))
                .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(XlHeaderDescriptor.OPTIONAL_DATA_LENGTH_OFFSET, (int) optionalLength);
        b.putInt(XlHeaderDescriptor.LENGTH, configLength);
        byte[] head = b.array();
        return optionalLength < 4 ? Arrays.copyOf(head, XlHeaderDescriptor.LENGTH + (int) optionalLength) : concat(head, new byte[8]);
    }

    private static String at(long index, String type, long offset) {
        return "record " + index + " (" + type + ") at offset " + offset + ": ";
    }

    /** Headers of a raw x86 HVM stream. */
    private static StreamBytes headersOnly() throws IOException {
        StreamBytes s = StreamBytes.raw();
        s.headers(DomainType.X86_HVM);
        return s;
    }

    /** Headers and static state of a raw x86 HVM stream: the next record is record 3 at offset 128. */
    private static StreamBytes prefix() throws IOException {
        StreamBytes s = headersOnly().staticState();
        assertEquals(AFTER_STATIC, s.offset());
        assertEquals(3, s.index());
        return s;
    }

    /** Headers of a raw x86 PV stream. */
    private static StreamBytes pvHeaders() throws IOException {
        StreamBytes s = StreamBytes.raw();
        s.headers(DomainType.X86_PV);
        return s;
    }

    /** {@link #pvHeaders()}, X86_PV_INFO, CPUID, MSR, STATIC_DATA_END. */
    private static StreamBytes pvPrefix() throws IOException {
        StreamBytes s = pvHeaders().pvStaticState();
        assertEquals(AFTER_PV_STATIC, s.offset());
        assertEquals(4, s.index());
        return s;
    }

    private static byte[] xlStream(int mandatoryFlags) throws IOException {
        StreamBytes s = StreamBytes.libxl();
        s.sink().put(StreamBytes.xlHeader(mandatoryFlags, "name=\"guest\""));
        return RestoreEngineTest.standardStream(s);
    }

    private static byte[] patch(byte[] stream, int at, int value) {
        byte[] copy = stream.clone();
        copy[at] = (byte) value;
        return copy;
    }

    private static byte[] le(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    private static byte[] entries(long... entries) {
        ByteBuffer b = ByteBuffer.allocate(8 * entries.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long e : entries) {
            b.putLong(e);
        }
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
