package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** Help and bad command lines: exit 0 with the options listed, or exit 2 with one line and no stack trace. */
@Timeout(30)
class CliUsageTest {
    @TempDir
    Path dir;

    static Stream<Arguments> helpTexts() {
        return Stream.of(
                Arguments.of(List.of("--help"), List.of("save", "receive", "relay", "inspect", "demo", "--version")),
                Arguments.of(List.of("save", "--help"), List.of("--sim=SIZE", "--workload=SPEC", "--seed", "--no-prefill",
                        "--policy=SPEC", "--auto-converge[=SETTINGS]", "--batch=N", "--non-live", "--format=FORMAT", "--xl-config=FILE", "--checkpoint", "--to=TARGET", "--result-file=FILE",
                        "--tls-cert=FILE.pem", "--tls-key=FILE.pem", "--tls-keystore=FILE.p12", "--tls-ca=FILE.pem",
                        "hot=5%,share=90%", "abort:iteration=N", "tcp:HOST:PORT", "2 bad usage")),
                Arguments.of(List.of("migrate", "--help"), List.of("DOMAIN", "[HOST]", "--sim=SIZE", "-s=SSHCOMMAND", "-C=CONFIG",
                        "-e ", "--debug", "-p ", "-D ", "--to=tcp:HOST:PORT", "--connect-retry=DURATION", "--tls-cert=FILE.pem",
                        "--tls-ca=FILE.pem", "--workload=SPEC", "--policy=SPEC", "--auto-converge[=SETTINGS]", "--batch=N", "--max-bandwidth=RATE",
                        "--max-bandwidth-downtime=RATE", "--control=PATH", "--control-stdin", "--report=FILE", "--report-html=FILE",
                        "--progress=MODE", "--result-file=FILE", "xl migrate-receive", "DOMAIN--migratedaway", "livemig relay",
                        "2 bad usage")),
                Arguments.of(List.of("receive", "--help"), List.of("--protocol=NAME", "--save-file=FILE", "--from=SOURCE", "--capacity=SIZE", "--preallocate",
                        "--expect-digest=HEX", "--port-file=FILE", "--result-file=FILE", "--accept-timeout=DURATION",
                        "--idle-timeout=DURATION", "--tls-cert=FILE.pem", "--tls-ca=FILE.pem")),
                Arguments.of(List.of("relay", "--help"), List.of("--listen=tcp:HOST:PORT", "--exec=COMMAND",
                        "(default: xl migrate-receive)", "--accept-timeout=DURATION", "(default: 10m)", "--port-file=FILE",
                        "--tls-cert=FILE.pem", "--tls-key=FILE.pem", "--tls-keystore=FILE.p12", "--tls-ca=FILE.pem",
                        "sh -c", "Exit status: the command's", "2 bad usage")),
                Arguments.of(List.of("inspect", "--help"), List.of("FILE", "--quiet")),
                Arguments.of(List.of("demo", "--help"), List.of("--size", "--workload", "--policy", "--auto-converge", "--batch", "--seed")),
                Arguments.of(List.of("help", "save"), List.of("--sim=SIZE", "--to=TARGET")));
    }

    @ParameterizedTest
    @MethodSource("helpTexts")
    void helpExitsZeroAndListsTheOptions(List<String> args, List<String> mentions) {
        Cli.Run r = Cli.ok(args.toArray(String[]::new));
        for (String m : mentions) {
            assertTrue(r.out().contains(m), () -> "help of " + args + " lacks '" + m + "':\n" + r.out());
        }
        // picocli complains on stderr about a help text it cannot format (an unescaped '%').
        assertEquals("", r.err(), "help wrote to stderr");
    }

    /**
     * picocli formats help texts with String.format; a stray '%' makes it warn on the process's real
     * stderr (out of a test's reach) and print the text raw, so check every text formats cleanly.
     */
    @Test
    void everyHelpTextIsAValidFormatString() {
        List<String> texts = new ArrayList<>();
        collectHelpTexts(new CommandLine(new Main()), texts);
        assertTrue(texts.size() > 40, "only " + texts.size() + " help texts found");
        for (String text : texts) {
            try {
                String.format(Locale.ROOT, text);
            } catch (IllegalFormatException e) {
                throw new AssertionError("help text is not a valid format string (" + e.getMessage() + "): " + text);
            }
        }
    }

    private static void collectHelpTexts(CommandLine cmd, List<String> texts) {
        CommandSpec spec = cmd.getCommandSpec();
        texts.addAll(List.of(spec.usageMessage().description()));
        texts.addAll(List.of(spec.usageMessage().header()));
        texts.addAll(List.of(spec.usageMessage().footer()));
        spec.options().forEach(o -> texts.addAll(List.of(o.description())));
        spec.positionalParameters().forEach(p -> texts.addAll(List.of(p.description())));
        cmd.getSubcommands().values().forEach(sub -> collectHelpTexts(sub, texts));
    }

    /**
     * Every command's help is complete (exit statuses, one placeholder style) and wraps cleanly at
     * 80 columns: no line is longer, and no line break falls inside a token (picocli breaks after a
     * '.', ':' or '=' when a line is full, as in "hotset:" / "rate=50000"): every break of the
     * 80-column text is a space in the same help rendered without a width limit.
     */
    @Test
    void everyHelpStatesItsExitStatusAndWrapsCleanlyAt80Columns() {
        CommandLine wide = new CommandLine(new Main()).setUsageHelpWidth(1000);
        List<List<String>> helps = new ArrayList<>(List.of(List.of("--help")));
        for (String sub : wide.getSubcommands().keySet()) {
            if (!sub.equals("help")) {
                helps.add(List.of(sub, "--help"));
            }
        }
        assertTrue(helps.size() >= 7, helps::toString);
        for (List<String> args : helps) {
            List<String> lines = Cli.ok(args.toArray(String[]::new)).out().lines().toList();
            String text = String.join("\n", lines);
            assertTrue(text.contains("Exit status:"), () -> args + " states no exit status:\n" + text);
            assertFalse(text.matches("(?s).*<[a-zA-Z]+>.*"), () -> args + " mixes <placeholder> with NAME:\n" + text);
            CommandLine cmd = args.size() == 1 ? wide : wide.getSubcommands().get(args.getFirst());
            String unwrapped = cmd.getUsageMessage().replaceAll("[ \\t]+", " ");
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                assertTrue(line.length() <= 80, args + " line " + i + " is " + line.length() + " columns: " + line);
                if (i + 1 < lines.size() && !line.isBlank() && !lines.get(i + 1).isBlank()) {
                    String[] before = line.strip().split("\\s+");
                    String last = before[before.length - 1];
                    String first = lines.get(i + 1).strip().split("\\s+")[0];
                    boolean joined = unwrapped.contains(last + first);
                    boolean spaced = unwrapped.contains(last + " " + first) || unwrapped.contains(last + "\n" + first)
                            || unwrapped.contains(last + "\n " + first);
                    assertFalse(joined && !spaced, args + " splits '" + last + first + "' across lines " + i + " and "
                            + (i + 1) + ":\n" + line + "\n" + lines.get(i + 1));
                }
            }
        }
    }

    @Test
    void versionIsPrinted() {
        assertEquals("livemig 0.1.0", Cli.ok("--version").out().strip());
    }

    static Stream<Arguments> badCommandLines() {
        return Stream.of(
                Arguments.of(List.of("save", "--sim", "12Q", "--to", "x"), "livemig save: --sim 12Q: not a size: '12Q'"),
                Arguments.of(List.of("save", "--sim", "16M", "--workload", "bogus", "--to", "x"),
                        "livemig save: workload 'bogus': unknown pattern 'bogus'"),
                Arguments.of(List.of("save", "--sim", "16M", "--workload", "uniform:rate=-3", "--to", "x"), "livemig save: workload"),
                Arguments.of(List.of("save", "--sim", "16M", "--policy", "bogus", "--to", "x"), "livemig save: unknown policy 'bogus'"),
                Arguments.of(List.of("save", "--sim", "16M", "--policy", "xen:iterations=x", "--to", "x"), "livemig save: "),
                Arguments.of(List.of("save", "--sim", "16M", "--batch", "0", "--to", "x"), "livemig save: --batch 0 is outside 1..1024"),
                Arguments.of(List.of("save", "--sim", "16M", "--batch", "2000", "--to", "x"), "livemig save: --batch 2000 is outside 1..1024"),
                Arguments.of(List.of("save", "--sim", "16M", "--batch", "abc", "--to", "x"),
                        "livemig save: Invalid value for option '--batch': 'abc' is not an int; see 'livemig save --help'"),
                Arguments.of(List.of("save", "--sim", "16M", "--to", "tcp:foo"), "livemig save: invalid endpoint 'tcp:foo': no port"),
                Arguments.of(List.of("save", "--sim", "16M", "--to", "tcp:127.0.0.1:0"), "livemig save: "),
                Arguments.of(List.of("save", "--sim", "16M"),
                        "livemig save: Missing required option: '--to=TARGET'; see 'livemig save --help'"),
                Arguments.of(List.of("save", "--to", "x"), "livemig save: Missing required argument (specify one of these): (--sim=SIZE | --domid=N)"),
                Arguments.of(List.of("save", "--sim", "4097", "--to", "x"), "livemig save: --sim 4097: domain size 4097 bytes"),
                Arguments.of(List.of("save", "--sim", "16M", "--to", "x", "stray"), "livemig save: Unmatched argument at index 5: 'stray'"),
                Arguments.of(List.of("receive", "--from", "tcp:1.2.3"), "livemig receive: invalid endpoint 'tcp:1.2.3'"),
                Arguments.of(List.of("receive", "--from", "x", "--capacity", "12Q"), "livemig receive: --capacity 12Q: not a size: '12Q'"),
                Arguments.of(List.of("receive"), "livemig receive: Missing required option: '--from=SOURCE'"),
                Arguments.of(List.of("relay"), "livemig relay: Missing required option: '--listen=tcp:HOST:PORT'"),
                Arguments.of(List.of("relay", "--listen", "x"),
                        "livemig relay: --listen takes tcp:HOST:PORT, tcp:[IPv6]:PORT, tcp::PORT or tcp:PORT, not "),
                Arguments.of(List.of("relay", "--listen", "tcp:127.0.0.1:0", "--exec", " "),
                        "livemig relay: --exec is empty: give the receiving command (default: xl migrate-receive)"),
                Arguments.of(List.of("relay", "--listen", "tcp:127.0.0.1:0", "--accept-timeout", "soon"),
                        "livemig relay: --accept-timeout soon: not a duration: 'soon'"),
                Arguments.of(List.of("relay", "--listen", "tcp:127.0.0.1:0", "--tls-cert", "c.pem", "--tls-key", "k.pem"),
                        "livemig relay: --tls-ca is needed"),
                Arguments.of(List.of("relay", "--listen", "tcp:127.0.0.1:0", "--port-file", "x/port"),
                        "livemig relay: --port-file "),
                Arguments.of(List.of("inspect"), "livemig inspect: Missing required parameter: 'FILE'"),
                Arguments.of(List.of("inspect", "tcp:127.0.0.1:5"), "livemig inspect: inspect reads a file or standard input, not tcp:127.0.0.1:5"),
                Arguments.of(List.of("demo", "--size", "12Q"), "livemig demo: --size 12Q: not a size: '12Q'"),
                Arguments.of(List.of("demo", "--size", "16M", "--workload", "bogus"), "livemig demo: workload 'bogus'"),
                Arguments.of(List.of("demo", "--size", "16M", "--policy", "bogus"), "livemig demo: unknown policy 'bogus'"),
                Arguments.of(List.of("demo", "--size", "16M", "--batch", "2000"), "livemig demo: --batch 2000 is outside 1..1024"),
                Arguments.of(List.of("save", "--sim", "4096", "--to", "x"),
                        "livemig save: --sim 4096: a domain of 4.0 KiB is too small: at least 64.0 KiB (16 pages)"),
                Arguments.of(List.of("save", "--sim", "16M", "--non-live", "--max-bandwidth", "10M", "--to", "x"),
                        "livemig save: --max-bandwidth limits the live rounds and a --non-live save has none: its one round"
                                + " is all downtime; use --max-bandwidth-downtime to limit it"),
                Arguments.of(List.of("save", "--sim", "16M", "--max-bandwidth-downtime", "0", "--to", "x"),
                        "livemig save: --max-bandwidth-downtime 0: must be more than 0"),
                Arguments.of(List.of("save", "--sim", "16M", "--keep-partial", "--to", "tcp:127.0.0.1:5"),
                        "livemig save: --keep-partial applies to a file target, not tcp:127.0.0.1:5"),
                Arguments.of(List.of("save", "--sim", "16M", "--connect-retry", "soon", "--to", "x"),
                        "livemig save: --connect-retry soon: not a duration: 'soon'"),
                Arguments.of(List.of("migrate"), "livemig migrate: Missing required parameter: 'DOMAIN'"),
                Arguments.of(List.of("migrate", "--sim", "16M", "g"),
                        "livemig migrate: give HOST (reached through -s) or --to tcp:HOST:PORT (a relay)"),
                Arguments.of(List.of("migrate", "--sim", "16M", "--to", "tcp:127.0.0.1:5", "g", "h"),
                        "livemig migrate: give HOST or --to, not both (HOST is where -s reaches xl migrate-receive)"),
                Arguments.of(List.of("migrate", "--sim", "16M", "--to", "x", "g"), "livemig migrate: --to "),
                Arguments.of(List.of("migrate", "--sim", "16M", "-e", "--to", "tcp:127.0.0.1:5", "g"),
                        "livemig migrate: -s, -e and -p shape the command run on HOST; with --to the relay's --exec command is"
                                + " what runs there"),
                Arguments.of(List.of("migrate", "--sim", "16M", "--tls-ca", "x", "g", "h"),
                        "livemig migrate: the --tls-* options secure --to tcp:HOST:PORT; the command -s runs secures its own path (ssh)"),
                Arguments.of(List.of("migrate", "--sim", "16M", "-D", "g", "h"),
                        "livemig migrate: -D keeps a Xen domain's domid; a simulated guest has none"),
                Arguments.of(List.of("migrate", "--sim", "16M", "-C", "x", "g", "h"), "livemig migrate: -C "),
                Arguments.of(List.of("migrate", "--sim", "12Q", "g", "h"), "livemig migrate: --sim 12Q: not a size: '12Q'"),
                Arguments.of(List.of("migrate", "--sim", "16M", "--policy", "bogus", "g", "h"), "livemig migrate: unknown policy 'bogus'"),
                Arguments.of(List.of("migrate", "--sim", "16M", "--batch", "0", "g", "h"), "livemig migrate: --batch 0 is outside 1..1024"),
                Arguments.of(List.of("migrate", "--sim", "16M", "--progress", "loud", "g", "h"),
                        "livemig migrate: --progress loud: not auto, bar, lines or none"),
                Arguments.of(List.of("receive", "--protocol", "xl", "--from", "x"),
                        "livemig receive: --protocol xl answers a sender: --from - (as ssh starts it) or tcp:HOST:PORT, not the file "),
                Arguments.of(List.of("receive", "--protocol", "bogus", "--from", "-"), "livemig receive: --protocol bogus: not none or xl"),
                Arguments.of(List.of("receive", "--save-file", "x", "--from", "-"),
                        "livemig receive: --save-file needs --protocol xl (a plain stream is kept with livemig save --to FILE)"),
                Arguments.of(List.of("control", "x", "pause"),
                        "livemig control: unknown command 'pause' (known: stop, abort, downtime=DURATION, throttle=N%|auto|off, status)"),
                Arguments.of(List.of("control", "x", "downtime=soon"), "livemig control: not a duration: 'soon'"),
                Arguments.of(List.of("control", "x", "throttle=100%"), "livemig control: throttle=100%: not 0..99%, auto or off"),
                Arguments.of(List.of("control", "x", "throttle=fast"), "livemig control: throttle=fast: not 0..99%, auto or off"),
                Arguments.of(List.of("save", "--sim", "16M", "--auto-converge=speed=3", "--to", "x"),
                        "livemig save: --auto-converge: auto-converge setting 'speed=3': not one of initial=N%, step=N%, max=N%, trigger=N%"),
                Arguments.of(List.of("save", "--sim", "16M", "--non-live", "--auto-converge", "--to", "x"),
                        "livemig save: --auto-converge throttles the guest during the live rounds and a --non-live save has none"),
                Arguments.of(List.of("demo", "--size", "16M", "--auto-converge=max=100%"),
                        "livemig demo: --auto-converge: auto-converge max must be 1..99 %, not 100"),
                Arguments.of(List.of("migrate", "--sim", "16M", "--auto-converge=initial=50%,max=40%", "g", "h"),
                        "livemig migrate: --auto-converge: auto-converge: initial 50% is above max 40%"),
                Arguments.of(List.of("sav"), "livemig: Unmatched argument at index 0: 'sav' (did you mean save?)"),
                Arguments.of(List.of("--frobnicate"), "livemig: Unknown option: '--frobnicate'"));
    }

    @ParameterizedTest
    @MethodSource("badCommandLines")
    void badUsageExitsTwoWithOneLine(List<String> args, String expectedStart) {
        // "x" stands for a file in the temporary directory.
        Path x = dir.resolve("x");
        String[] argv = args.stream().map(a -> a.equals("x") ? x.toString() : a).toArray(String[]::new);
        long t0 = System.nanoTime();
        Cli.Run r = Cli.run(argv);
        assertEquals(Main.EXIT_USAGE, r.exit(), r::describe);
        String line = r.oneErrorLine();
        assertTrue(line.startsWith(expectedStart), () -> "stderr line: " + line);
        // The usage text is not dumped: one line says what is wrong and where help is.
        assertFalse(r.out().contains("Usage:"), r::describe);
        // Rejected before any work: no guest built, no child started, nothing written.
        assertFalse(Files.exists(x), "a bad command line created the target file");
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "rejecting a bad command line took more than 5 s");
    }

    @Test
    void aResultFileInAMissingDirectoryIsRejectedBeforeTheSave() {
        Path target = dir.resolve("x.stream");
        Cli.Run r = Cli.run("save", "--sim", "16M", "--to", target.toString(), "--result-file", dir.resolve("no/such/r.properties").toString());
        assertEquals(Main.EXIT_USAGE, r.exit(), r::describe);
        assertEquals("livemig save: --result-file " + dir.resolve("no/such/r.properties") + ": directory "
                + dir.resolve("no/such") + " does not exist", r.oneErrorLine());
        assertFalse(Files.exists(target), "the save ran although its result could not be written");
        assertEquals("", r.out());
    }

    @Test
    void aPortFileInAMissingDirectoryIsRejectedBeforeListening() {
        Cli.Run r = Cli.run("receive", "--from", "tcp:127.0.0.1:0", "--port-file", dir.resolve("no/port").toString());
        assertEquals(Main.EXIT_USAGE, r.exit(), r::describe);
        assertTrue(r.oneErrorLine().startsWith("livemig receive: --port-file " + dir.resolve("no/port") + ": directory "), r::describe);
        assertFalse(r.out().contains("listening"), r::describe);
    }

    @Test
    void missingFilesAndDirectoriesAreOneLineFailures() {
        Path missing = dir.resolve("missing.stream");
        Cli.Run receive = Cli.run("receive", "--from", missing.toString());
        assertEquals(Main.EXIT_FAILURE, receive.exit(), receive::describe);
        assertEquals("livemig receive: cannot read file " + missing + ": no such file", receive.oneErrorLine());

        Cli.Run inspect = Cli.run("inspect", missing.toString());
        assertEquals(Main.EXIT_FAILURE, inspect.exit(), inspect::describe);
        assertEquals("livemig inspect: cannot read file " + missing + ": no such file", inspect.oneErrorLine());

        Cli.Run save = Cli.run("save", "--sim", "16M", "--to", dir.toString());
        assertEquals(Main.EXIT_USAGE, save.exit(), save::describe);
        assertEquals("livemig save: --to " + dir + ": is a directory", save.oneErrorLine());
        assertEquals("", save.out(), "refused before the guest is filled");
    }

    // ---------------------------------------------------------------- messages an operator reads

    @Test
    void aTargetTheFileSystemRefusesIsNamedForWhatItIsBeforeTheGuestIsFilled() {
        Cli.Run r = Cli.run("save", "--sim", "16M", "--to", "/proc/nope.stream");
        assertEquals(Main.EXIT_FAILURE, r.exit(), r::describe);
        assertEquals("livemig save: cannot create file /proc/nope.stream: directory /proc does not take new files"
                + " (the kernel answered ENOENT)", r.oneErrorLine());
        assertEquals("", r.out(), "nothing was filled or saved");
    }

    @Test
    void aMissingXlConfigIsNoticedBeforeTheGuestIsFilled() {
        Path config = dir.resolve("missing.cfg");
        Path target = dir.resolve("x.xl");
        Cli.Run r = Cli.run("save", "--sim", "16M", "--format", "xl", "--xl-config", config.toString(), "--to", target.toString());
        assertEquals(Main.EXIT_USAGE, r.exit(), r::describe);
        assertEquals("livemig save: --xl-config " + config + ": no such file", r.oneErrorLine());
        assertEquals("", r.out());
        assertFalse(Files.exists(target));
    }

    @Test
    void inspectSaysWhatIsWrongOnceEvenWhenQuiet() throws Exception {
        Path bad = Files.write(dir.resolve("bad.stream"), new byte[64]);
        for (List<String> args : List.of(List.of("inspect", bad.toString()), List.of("inspect", "--quiet", bad.toString()))) {
            Cli.Run r = Cli.run(args.toArray(String[]::new));
            assertEquals(Main.EXIT_FAILURE, r.exit(), r::describe);
            assertTrue(r.oneErrorLine().startsWith("livemig inspect: INVALID: "), r::describe);
            assertFalse(r.out().contains("INVALID"), "not repeated on stdout: " + r.describe());
        }
        assertEquals("", Cli.run("inspect", "--quiet", bad.toString()).out());
    }

    @Test
    void controlTellsAFileThatIsNotASocketFromASaveThatIsGone() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Cli.Run r = Cli.run("control", file.toString(), "status");
        assertEquals(Main.EXIT_USAGE, r.exit(), r::describe);
        assertEquals("livemig control: " + file + ": not a socket (a save's --control PATH is a Unix socket)", r.oneErrorLine());
        Path none = dir.resolve("none.ctl");
        Cli.Run gone = Cli.run("control", none.toString(), "status");
        assertEquals(Main.EXIT_FAILURE, gone.exit(), gone::describe);
        assertEquals("livemig control: " + none + ": no control socket there (is a save running with --control " + none + "?)",
                gone.oneErrorLine());
    }

    @Test
    void oneLiveRoundIsOneRound() {
        Cli.Run r = Cli.ok("save", "--sim", "64K", "--policy", "stop-now", "--to", dir.resolve("one.stream").toString());
        assertTrue(r.out().contains("saved: 1 live round + 1 suspended round, "), r::describe);
    }

    @Test
    void theConnectRetryIsTheOperatorsToChoose() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nobody listens there
        }
        Cli.Run once = Cli.run("save", "--sim", "64K", "--connect-retry", "0", "--to", "tcp:127.0.0.1:" + port);
        assertEquals(Main.EXIT_FAILURE, once.exit(), once::describe);
        assertEquals("livemig save: connection refused by 127.0.0.1:" + port, once.oneErrorLine());
        Cli.Run retried = Cli.run("save", "--sim", "64K", "--connect-retry", "300ms", "--to", "tcp:127.0.0.1:" + port);
        assertTrue(retried.oneErrorLine().matches("livemig save: connection refused by 127\\.0\\.0\\.1:" + port
                + " after 0\\.3 s of retries \\(\\d+ attempts\\)"), retried::describe);
    }
}
