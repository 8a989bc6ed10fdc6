package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** save to a file, inspect it, receive it: the destination's digest is the source's at suspend. */
@Timeout(60)
class CliFileRoundTripTest {
    private static final Pattern SAVED = Pattern.compile("^saved: (\\d+) live rounds? \\+ \\d+ suspended rounds?, (\\d+) pages,", Pattern.MULTILINE);
    private static final Pattern VALID = Pattern.compile("^valid: (\\d+) records, (\\d+) bytes$", Pattern.MULTILINE);
    private static final Pattern RECEIVED = Pattern.compile("^received (libxc|libxl|xl) stream v3 \\(X86_HVM, Xen 4\\.17\\) from file .*: (\\d+) records, (\\d+) pages,",
            Pattern.MULTILINE);

    @TempDir
    Path dir;

    /** What a variant's save must show, beyond a matching digest. */
    record Expect(String framing, int liveRounds, String printed) {
    }

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of(List.of(), new Expect("libxc", -1, "policy: STOP_AND_COPY at iteration ")),
                Arguments.of(List.of("--format", "libxl"), new Expect("libxl", -1, "policy: STOP_AND_COPY")),
                Arguments.of(List.of("--format", "xl"), new Expect("xl", -1, "the save file carries no domain config")),
                Arguments.of(List.of("--non-live"), new Expect("libxc", 0, "round 1 (suspended): 4096 pages")),
                Arguments.of(List.of("--batch", "100"), new Expect("libxc", -1, "batch 100, live")),
                Arguments.of(List.of("--policy", "xen"), new Expect("libxc", -1, "policy xen,")),
                // A dirty target of 0 never stops the loop, so the iteration cap does, whatever the writer
                // managed to dirty (a busy machine can starve it for a whole short round).
                Arguments.of(List.of("--policy", "xen:iterations=2,dirty=0", "--workload", "uniform:rate=max"),
                        new Expect("libxc", -1, "policy: STOP_AND_COPY at iteration 2 (dirty unknown")),
                // Stop at once: the first round (every page) is still sent live, as Xen does.
                Arguments.of(List.of("--policy", "stop-now"), new Expect("libxc", 1, "policy: STOP_AND_COPY at iteration 0")),
                Arguments.of(List.of("--format", "libxl", "--non-live", "--batch", "1", "--workload", "idle"),
                        new Expect("libxl", 0, "batch 1, not live")));
    }

    @ParameterizedTest
    @MethodSource("variants")
    void saveInspectReceiveAgree(List<String> options, Expect expect) {
        Path stream = dir.resolve("guest.stream");
        List<String> save = new ArrayList<>(List.of("save", "--sim", "16M", "--to", stream.toString()));
        save.addAll(options);
        Cli.Run saved = Cli.ok(save.toArray(String[]::new));
        String source = Cli.sourceDigest(saved.out());
        assertTrue(saved.out().contains(expect.printed()), saved::describe);
        Matcher s = SAVED.matcher(saved.out());
        assertTrue(s.find(), saved::describe);
        if (expect.liveRounds() >= 0) {
            assertEquals(expect.liveRounds(), Integer.parseInt(s.group(1)), saved::describe);
        }
        long pagesSent = Long.parseLong(s.group(2));
        assertTrue(pagesSent >= 4096, saved::describe);

        Cli.Run inspected = Cli.ok("inspect", stream.toString());
        List<String> lines = inspected.out().lines().toList();
        assertEquals("framing: " + expect.framing(), lines.getFirst());
        assertTrue(inspected.out().contains(" libxc PAGE_DATA "), inspected::describe);
        assertTrue(inspected.out().contains(" libxc END "), inspected::describe);
        Matcher v = VALID.matcher(lines.getLast());
        assertTrue(v.matches(), () -> "last line: " + lines.getLast());
        assertEquals(stream.toFile().length(), Long.parseLong(v.group(2)));

        Cli.Run quiet = Cli.ok("inspect", "--quiet", stream.toString());
        assertEquals(lines.getLast(), quiet.out().strip());

        Cli.Run received = Cli.ok("receive", "--from", stream.toString(), "--capacity", "16M");
        Matcher r = RECEIVED.matcher(received.out());
        assertTrue(r.find(), received::describe);
        assertEquals(expect.framing(), r.group(1));
        assertEquals(Long.parseLong(v.group(1)), Long.parseLong(r.group(2)), "records: receive and inspect disagree");
        assertEquals(pagesSent, Long.parseLong(r.group(3)), "pages: receive and save disagree");
        assertTrue(received.out().contains("destination complete: true"), received::describe);
        assertEquals(source, Cli.destinationDigest(received.out()));

        // The same digest, asked for, passes; the check is case-insensitive.
        Cli.ok("receive", "--from", stream.toString(), "--expect-digest", source.toUpperCase(java.util.Locale.ROOT));
    }

    @Test
    void anXlSaveFileCarriesTheGivenConfig() throws Exception {
        Path config = dir.resolve("guest.cfg");
        String text = "name = \"sim-guest\"\ntype = \"pvh\"\nmemory = 16\n";
        java.nio.file.Files.writeString(config, text);
        Path stream = dir.resolve("guest.xl");
        String source = Cli.sourceDigest(Cli.ok("save", "--sim", "16M", "--workload", "idle", "--format", "xl",
                "--xl-config", config.toString(), "--to", stream.toString()).out());
        byte[] head = java.nio.file.Files.readAllBytes(stream);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(head).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals("Xen saved domain, xl format\n \0 \r", new String(head, 0, 32, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(0x01020304, b.getInt(32));
        assertEquals(2, b.getInt(36), "mandatory flags: STREAMv2 only (an xl-syntax config is not JSON)");
        assertEquals(4 + text.length(), b.getInt(44), "optional data: u32 length and the config");
        assertEquals(text.length(), b.getInt(48));
        assertEquals(text, new String(head, 52, text.length(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("LibxlFmt", new String(head, 52 + text.length(), 8, java.nio.charset.StandardCharsets.ISO_8859_1));

        Cli.Run inspected = Cli.ok("inspect", stream.toString());
        assertTrue(inspected.out().contains("mandatory flags 0x2 (STREAMv2), optional flags 0x0, optional data "
                + (4 + text.length()) + " bytes, config " + text.length() + " bytes"), inspected::describe);
        Cli.Run received = Cli.ok("receive", "--from", stream.toString(), "--capacity", "16M");
        assertEquals(source, Cli.destinationDigest(received.out()));
    }

    @Test
    void aSparseGuestSendsItsUnpopulatedPfnsAsXtab() {
        Path stream = dir.resolve("sparse.stream");
        Cli.Run saved = Cli.ok("save", "--sim", "64M", "--populated", "4M", "--workload", "idle", "--to", stream.toString());
        assertTrue(saved.out().contains("saving sim-64M: 16384 pages"), saved::describe);
        Cli.Run inspected = Cli.ok("inspect", stream.toString());
        assertTrue(inspected.out().contains("count 1024, data pages 0, pfn 0x400..0x7ff, XTAB 1024"), inspected::describe);
        Cli.Run received = Cli.ok("receive", "--from", stream.toString(), "--capacity", "64M");
        Matcher r = RECEIVED.matcher(received.out());
        assertTrue(r.find(), received::describe);
        assertEquals(1024, Long.parseLong(r.group(3)), "only the populated pages carry data");
        assertEquals(Cli.sourceDigest(saved.out()), Cli.destinationDigest(received.out()));

        Cli.Run larger = Cli.run("save", "--sim", "1M", "--populated", "2M", "--to", stream.toString());
        assertEquals(Main.EXIT_USAGE, larger.exit(), larger::describe);
        assertEquals("livemig save: --sim 1M: populated size 2.0 MiB is larger than the domain's 1.0 MiB", larger.oneErrorLine());
    }

    @Test
    void xlOptionsAreCheckedBeforeAnythingRuns() {
        Path stream = dir.resolve("never.stream");
        Cli.Run noXl = Cli.run("save", "--sim", "16M", "--xl-config", "x.cfg", "--to", stream.toString());
        assertEquals(Main.EXIT_USAGE, noXl.exit(), noXl::describe);
        assertEquals("livemig save: --xl-config needs --format xl", noXl.oneErrorLine());
        Cli.Run badFormat = Cli.run("save", "--sim", "16M", "--format", "qcow2", "--to", stream.toString());
        assertEquals(Main.EXIT_USAGE, badFormat.exit(), badFormat::describe);
        assertEquals("livemig save: --format qcow2: expected libxc, libxl or xl", badFormat.oneErrorLine());
        Cli.Run checkpoint = Cli.run("save", "--sim", "16M", "--checkpoint", "--to", stream.toString());
        assertEquals(Main.EXIT_USAGE, checkpoint.exit(), checkpoint::describe);
        assertEquals("livemig save: --checkpoint applies to --domid: a simulated guest ends with the command", checkpoint.oneErrorLine());
        Cli.Run missing = Cli.run("save", "--sim", "16M", "--format", "xl", "--xl-config", dir.resolve("absent.cfg").toString(),
                "--to", stream.toString());
        assertEquals(Main.EXIT_USAGE, missing.exit(), missing::describe);
        assertTrue(missing.oneErrorLine().endsWith("absent.cfg: no such file"), missing::describe);
        assertTrue(!java.nio.file.Files.exists(stream) || stream.toFile().length() == 0, "nothing written");
    }

    @Test
    void aWrongExpectedDigestFails() {
        Path stream = dir.resolve("guest.stream");
        String source = Cli.sourceDigest(Cli.ok("save", "--sim", "16M", "--workload", "idle", "--to", stream.toString()).out());
        String wrong = (source.charAt(0) == '0' ? "1" : "0") + source.substring(1);
        Cli.Run r = Cli.run("receive", "--from", stream.toString(), "--expect-digest", wrong);
        assertEquals(Main.EXIT_FAILURE, r.exit(), r::describe);
        assertEquals("livemig receive: the restored memory's digest " + source + " is not the expected " + wrong, r.oneErrorLine());
        assertEquals(source, Cli.destinationDigest(r.out()));
    }

    @Test
    void resultFilesRecordBothSides() throws Exception {
        Path stream = dir.resolve("guest.stream");
        Path sendResult = dir.resolve("send.properties");
        Path recvResult = dir.resolve("recv.properties");
        String source = Cli.sourceDigest(Cli.ok("save", "--sim", "16M", "--policy", "stop-now",
                "--workload", "uniform:rate=max", "--to", stream.toString(), "--result-file", sendResult.toString()).out());
        Cli.ok("receive", "--from", stream.toString(), "--result-file", recvResult.toString());
        ResultFile send = ResultFile.read(sendResult);
        ResultFile recv = ResultFile.read(recvResult);
        assertEquals("completed", send.get("result"));
        assertEquals(source, send.get("digest"));
        assertEquals(4096, send.getLong("pfns", -1));
        assertEquals(stream.toFile().length(), send.getLong("bytes", -1));
        List<io.livemig.engine.RoundStats> rounds = send.rounds();
        assertEquals(2, rounds.size());
        assertEquals(List.of(true, false), rounds.stream().map(io.livemig.engine.RoundStats::live).toList());
        assertEquals(List.of(1, 2), rounds.stream().map(io.livemig.engine.RoundStats::iteration).toList());
        assertEquals(4096, rounds.getFirst().pagesSent());
        assertEquals("completed", recv.get("result"));
        assertEquals(source, recv.get("digest"));
        assertEquals(stream.toFile().length(), recv.getLong("bytes", -1));
        assertTrue(!recv.getInstant("endReadAt").isBefore(send.getInstant("suspendedAt")));
    }
}
