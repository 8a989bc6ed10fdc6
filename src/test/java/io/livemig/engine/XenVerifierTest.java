package io.livemig.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.policy.PrecopyPolicy;
import io.livemig.stream.DeviceState;
import io.livemig.stream.HvmContext;
import io.livemig.stream.HvmParam;
import io.livemig.stream.StaticState;
import io.livemig.stream.TscInfo;
import io.livemig.testing.RequiredTool;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Streams written by the save engine pass Xen's own verifier (verify-stream-v2 of Xen 4.17,
 * run by scripts/verify-with-xen): a live save with several rounds, holes (XTAB), deferred
 * pages, CPUID and MSR policies and a padded HVM context, as a raw libxc stream and wrapped in
 * libxl, and a non-live save. The verifier's record-by-record listing is pinned, so a record
 * that goes missing, moves or changes length fails here too.
 *
 * <p>Needs Xen's verifier and python3 ({@link RequiredTool}): scripts/test fetches the verifier
 * ({@code scripts/verify-with-xen --fetch --locate}); without it this test fails and says so.
 */
class XenVerifierTest {
    private static final Path SCRIPT = Path.of("scripts/verify-with-xen");
    private static final Path OUT = Path.of("target/xen-verifier");
    private static final long PFNS = 1200;

    @BeforeAll
    static void verifierPresent() throws Exception {
        RequiredTool.require(RequiredTool.PYTHON3, RequiredTool.XEN_VERIFIER);
    }

    /** 3 CPUID leaves (72 bytes), 2 MSRs (32 bytes), a 3-entry HVM context of 77 bytes (3 of padding). */
    private static ScriptedDomain domain() {
        ScriptedDomain d = new ScriptedDomain(PFNS, List.of(
                ScriptedDomain.range(0, 600), ScriptedDomain.range(100, 400), ScriptedDomain.range(1000, 1100),
                Set.of()),
                ScriptedDomain.range(10, 30));
        d.holes.addAll(Set.of(3L, 700L, 1199L));
        d.deferrals.put(7L, 1);
        d.deferrals.put(1050L, 2);
        ByteBuffer cpuid = ByteBuffer.allocate(3 * StaticState.CPUID_ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        cpuid.putInt(0).putInt(-1).putInt(0xd).putInt(0x756e6547).putInt(0x6c65746e).putInt(0x49656e69);
        cpuid.putInt(1).putInt(-1).putInt(0x906ea).putInt(0x800).putInt(0xfffa3203).putInt(0x1f8bfbff);
        cpuid.putInt(7).putInt(0).putInt(0).putInt(0x29c6fbf).putInt(0).putInt(0);
        ByteBuffer msr = ByteBuffer.allocate(2 * StaticState.MSR_ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        msr.putInt(0xce).putInt(0).putLong(0x80000000L);
        msr.putInt(0x10a).putInt(0).putLong(0);
        d.staticState = new StaticState(cpuid.array(), msr.array());
        byte[] context = HvmContext.build(0, 0x906ea, 2_400_000, List.of(
                new HvmContext.Entry(HvmContext.TYPE_CPU, 0, new byte[16]),
                new HvmContext.Entry(4, 0, new byte[5])));
        d.deviceState = new DeviceState(new TscInfo(0, 2_400_000, 987_654_321L, 3), context, List.of(
                new HvmParam(HvmParam.STORE_PFN, PFNS - 1), new HvmParam(HvmParam.CONSOLE_PFN, PFNS - 2),
                new HvmParam(HvmParam.IDENT_PT, 0xfeffc000L)));
        return d;
    }

    private static SaveResult save(ScriptedDomain d, SaveOptions options, Path file) throws Exception {
        Files.createDirectories(OUT);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            return new SaveEngine(d, ch, options).save();
        }
    }

    private static long pageDataRecords(SaveResult r) {
        return r.rounds().stream().mapToLong(RoundStats::records).sum();
    }

    /** What verify-stream-v2 -v prints for the libxc part of the domain() saves. */
    private static List<String> libxcListing(long pageDataRecords) {
        return List.of(
                "Libxc Image Header: Version 3, little endian",
                "Domain Header: x86 HVM from Xen 4.17",
                "Libxc Record: x86 CPUID policy, length 72",
                "Libxc Record: x86 MSR policy, length 32",
                "Libxc Record: Static data end, length 0",
                "Squashed " + pageDataRecords + " Page Data records together",
                "Libxc Record: TSC info, length 24",
                "  Mode 0, 2400000 kHz, 987654321 ns, incarnation 3",
                "Libxc Record: HVM context, length 77",
                "Libxc Record: HVM params, length 56",
                "Libxc Record: End, length 0");
    }

    @Test
    void liveLibxcStreamPassesXensVerifier() throws Exception {
        Path file = OUT.resolve("live-libxc.stream");
        SaveResult r = save(domain(), SaveOptions.builder().policy(PrecopyPolicy.xenDefault()).build(), file);
        // 4 live rounds; the 4th clean is empty, so the policy stops; the final pass adds the deferred pages
        assertEquals(List.of(1200L, 600L, 300L, 100L, 22L), r.rounds().stream().map(RoundStats::entriesSent).toList());
        // holes 3, 700, 1199 and deferred 7, 1050 carry no data; 1050 is deferred twice
        assertEquals(List.of(1195L, 599L, 300L, 99L, 22L), r.rounds().stream().map(RoundStats::pagesSent).toList());
        assertEquals(List.of(2L, 0L, 0L, 1L, 0L), r.rounds().stream().map(RoundStats::deferred).toList());
        assertEquals(List.of(2L, 1L, 1L, 1L, 1L), r.rounds().stream().map(RoundStats::records).toList());

        Result v = run(List.of("-v", file.toString()));
        assertEquals(0, v.exit, v.output);
        assertEquals(libxcListing(6), v.lines());
    }

    @Test
    void liveLibxlStreamPassesXensVerifier() throws Exception {
        Path file = OUT.resolve("live-libxl.stream");
        SaveResult r = save(domain(), SaveOptions.builder().libxlFraming(true).build(), file);

        Result v = run(List.of("--libxl", "-v", file.toString()));
        assertEquals(0, v.exit, v.output);
        List<String> expected = new ArrayList<>();
        expected.add("Libxl Header: little endian");
        expected.add("Libxl Record: Libxc context, length 0");
        expected.addAll(libxcListing(pageDataRecords(r)));
        expected.add("Libxl Record: End, length 0");
        assertEquals(expected, v.lines());
    }

    @Test
    void anXlSaveFilePassesXensVerifier() throws Exception {
        Path file = OUT.resolve("live.xl");
        Files.createDirectories(OUT);
        SaveResult r;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(io.livemig.stream.XlSaveHeader.forConfig("{\"c_info\": {}}".getBytes(java.nio.charset.StandardCharsets.UTF_8), true)
                    .encode());
            r = new SaveEngine(domain(), ch, SaveOptions.builder().libxlFraming(true).build()).save();
        }
        Result v = run(List.of("--xl", "-v", file.toString()));
        assertEquals(0, v.exit, v.output);
        List<String> expected = new ArrayList<>();
        expected.add("Processed xl header");
        expected.add("Libxl Header: little endian");
        expected.add("Libxl Record: Libxc context, length 0");
        expected.addAll(libxcListing(pageDataRecords(r)));
        expected.add("Libxl Record: End, length 0");
        assertEquals(expected, v.lines());
    }

    @Test
    void nonLiveStreamPassesXensVerifier() throws Exception {
        Path file = OUT.resolve("nonlive-libxc.stream");
        ScriptedDomain d = domain();
        d.deferrals.clear();
        SaveResult r = save(d, SaveOptions.builder().live(false).batchSize(500).build(), file);
        assertEquals(3, pageDataRecords(r));

        Result v = run(List.of("-v", file.toString()));
        assertEquals(0, v.exit, v.output);
        assertEquals(libxcListing(3), v.lines());
    }

    @Test
    void aBusySimulatedGuestsLibxlStreamPassesXensVerifier() throws Exception {
        Path file = OUT.resolve("sim-libxl.stream");
        try (io.livemig.backend.sim.SimDomain guest = io.livemig.backend.sim.SimDomainConfig.builder().size("32M")
                .prefill(true).vcpus(2).workload("hotset:rate=50000").create();
             java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
                     java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING)) {
            new SaveEngine(guest, out, SaveOptions.builder().libxlFraming(true).build()).save();
        }
        Result v = run(List.of("--libxl", "-v", file.toString()));
        assertEquals(0, v.exit, v.output);
        // two 1048-byte CPU records between HEADER and END, five non-zero params
        assertTrue(v.lines().contains("Libxc Record: HVM context, length " + (8 + 24 + 2 * (8 + 1048) + 8)), v.output);
        assertTrue(v.lines().contains("Libxc Record: HVM params, length 88"), v.output);
        assertEquals("Libxl Record: End, length 0", v.lines().getLast());
    }

    @Test
    void xensVerifierRejectsACorruptedStream() throws Exception {
        Path good = OUT.resolve("live-libxc.stream");
        save(domain(), SaveOptions.defaults(), good);
        byte[] bytes = Files.readAllBytes(good);
        // The first PAGE_DATA record follows the headers (40), CPUID (8 + 72), MSR (8 + 32) and
        // STATIC_DATA_END (8): set its reserved word, which Xen's verifier refuses.
        int pageData = 40 + 80 + 40 + 8;
        assertEquals(1, ByteBuffer.wrap(bytes, pageData, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
        bytes[pageData + 12] = 1;
        Path bad = OUT.resolve("corrupt-libxc.stream");
        Files.write(bad, bytes);

        Result v = run(List.of(bad.toString()));
        assertEquals(1, v.exit, v.output);
        assertTrue(v.output.contains("StreamError: Reserved bits set in PAGE_DATA record 0x0001"), v.output);
    }

    private record Result(int exit, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    private static Result run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("bash");
        command.add(SCRIPT.toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "verify-with-xen did not finish");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
