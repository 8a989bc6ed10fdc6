package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The save options of the policy issue: their errors, the progress bar, and compare-policies end to end. */
@Timeout(120)
class CliPolicyOptionsTest {
    @TempDir
    Path dir;

    @Test
    void badOptionsAreOneLineNamingThePart() {
        String to = dir.resolve("x.stream").toString();
        Cli.Run rate = Cli.run("save", "--sim", "16M", "--max-bandwidth", "fast", "--to", to);
        assertEquals(Main.EXIT_USAGE, rate.exit());
        assertEquals("livemig save: --max-bandwidth fast: not bytes per second (examples: 100M, 1G)", rate.oneErrorLine());
        Cli.Run progress = Cli.run("save", "--sim", "16M", "--progress", "sometimes", "--to", to);
        assertEquals("livemig save: --progress sometimes: not auto, bar, lines or none", progress.oneErrorLine());
        Cli.Run policy = Cli.run("save", "--sim", "16M", "--policy", "downtime=300ms,deadline=soon", "--to", to);
        assertEquals(Main.EXIT_USAGE, policy.exit());
        assertEquals("livemig save: policy 'deadline=soon' in 'downtime=300ms,deadline=soon': not a duration: 'soon' "
                + "(examples: 300ms, 1.5s, 10m, 2h)", policy.oneErrorLine());
        Cli.Run report = Cli.run("save", "--sim", "16M", "--report", dir.resolve("no/such/dir/r.json").toString(), "--to", to);
        assertEquals(Main.EXIT_USAGE, report.exit());
        assertTrue(report.oneErrorLine().startsWith("livemig save: --report "), report::describe);
        assertFalse(Files.exists(Path.of(to)), "nothing was saved");
        Cli.Run compare = Cli.run("compare-policies", "--policy", "xen", "--policy", "growth=lots");
        assertEquals(Main.EXIT_USAGE, compare.exit());
        assertEquals("livemig compare-policies: policy 'growth=lots' in 'growth=lots': growth=lots is not a percentage (example: 10%)",
                compare.oneErrorLine());
    }

    @Test
    void theProgressBarShowsTheRoundTheRateAndTheEstimate() {
        // an idle guest: one live round of half a second at 32 MiB/s, then the suspended one
        Cli.Run r = Cli.ok("save", "--sim", "16M", "--workload", "idle", "--max-bandwidth", "32M", "--progress", "bar",
                "--to", dir.resolve("bar.stream").toString());
        assertTrue(Pattern.compile("\rround 1 \\[#*\\.*\\] +\\d+% \\d+/4096 pages  [\\d.]+ MiB/s  est\\. downtime [\\d.]+ (ms|s)  ")
                .matcher(r.out()).find(), r::describe);
        assertTrue(r.out().contains("\r\033[K"), "the bar is cleared before the next line");
        Cli.Run none = Cli.ok("save", "--sim", "16M", "--workload", "idle", "--progress", "none", "--to",
                dir.resolve("quiet.stream").toString());
        assertFalse(none.out().contains("Frames iteration"), none::describe);
    }

    @Test
    void comparePoliciesPrintsOneRowPerRun() {
        Cli.Run r = Cli.ok("compare-policies", "--size", "16M", "--max-bandwidth", "256M", "--workload", "idle",
                "--policy", "stop-now");
        List<String> table = r.out().lines().filter(l -> l.startsWith("|")).toList();
        assertEquals(List.of("| workload | policy | rounds (live + suspended) | pages sent / guest pages | total time | downtime | highest throttle | outcome |",
                "|---|---|---:|---:|---:|---:|---:|---|"), table.subList(0, 2), r::describe);
        assertEquals(3, table.size(), r::describe);
        assertTrue(table.get(2).matches("\\| idle \\| `stop-now` \\| 1 \\+ 1 \\| 1\\.00 \\| [\\d.]+ s \\| \\d+ ms \\| - \\| completed \\|"),
                table.get(2));
    }

    /**
     * Issue 17's case: on compare-policies' 128 MiB/s link a guest writing 48 000 pages/s (1.5 x the
     * link) cannot meet a 300 ms downtime target, so the deadline aborts; with auto-converge the
     * throttle brings its dirty rate under the link and it migrates within the budget and the deadline.
     */
    @Test
    void autoConvergeMigratesTheGuestNoPolicyCouldWithinItsDowntimeBudget() {
        Cli.Run r = Cli.ok("compare-policies", "--workload", "uniform:rate=48000",
                "--policy", "downtime=300ms,deadline=20s:abort", "--policy", "downtime=300ms,deadline=20s:abort +auto-converge",
                "--policy", "downtime=300ms,deadline=20s:abort +auto-converge=target=300ms");
        List<String> rows = r.out().lines().filter(l -> l.startsWith("| uniform")).toList();
        assertEquals(3, rows.size(), r::describe);
        assertTrue(rows.get(0).matches("\\| uniform:rate=48000 \\| `downtime=300ms,deadline=20s:abort` \\| \\d+ \\| [\\d.]+ \\| [\\d.]+ s"
                + " \\| - \\| - \\| aborted \\|"), rows.get(0));
        Matcher m = Pattern.compile("\\| uniform:rate=48000 \\| `downtime=300ms,deadline=20s:abort \\+auto-converge` \\| \\d+ \\+ 1"
                + " \\| [\\d.]+ \\| ([\\d.]+) s \\| (\\d+) ms \\| (\\d+) % \\| completed \\|").matcher(rows.get(1));
        assertTrue(m.matches(), rows.get(1));
        assertTrue(Double.parseDouble(m.group(1)) < 20, "within the deadline: " + rows.get(1));
        assertTrue(Integer.parseInt(m.group(2)) <= 300, "within the downtime budget: " + rows.get(1));
        assertTrue(Integer.parseInt(m.group(3)) >= 20, "the guest was throttled: " + rows.get(1));
        Matcher target = Pattern.compile("\\| uniform:rate=48000 \\| `downtime=300ms,deadline=20s:abort \\+auto-converge=target=300ms`"
                + " \\| \\d+ \\+ 1 \\| [\\d.]+ \\| [\\d.]+ s \\| (\\d+) ms \\| (\\d+) % \\| completed \\|").matcher(rows.get(2));
        assertTrue(target.matches(), rows.get(2));
        assertTrue(Integer.parseInt(target.group(1)) <= 300, "within the downtime budget: " + rows.get(2));
    }

    @Test
    void aPolicyEntryCarriesItsAutoConvergeSettings() {
        assertEquals(new ComparePoliciesCommand.Entry("xen", null), ComparePoliciesCommand.Entry.parse("xen"));
        assertEquals(new ComparePoliciesCommand.Entry("xen", ""), ComparePoliciesCommand.Entry.parse("xen +auto-converge"));
        assertEquals(new ComparePoliciesCommand.Entry("xen", "initial=40%"),
                ComparePoliciesCommand.Entry.parse("xen +auto-converge=initial=40%"));
        assertEquals("--policy xen +auto-converge now: '+auto-converge' is followed by 'now', not =SETTINGS",
                assertThrows(IllegalArgumentException.class, () -> ComparePoliciesCommand.Entry.parse("xen +auto-converge now"))
                        .getMessage());
    }

    @Test
    void anAbortedRunHasNoDowntimeAndItsTimeIsUntilTheAbort() {
        ResultFile send = new ResultFile().put("result", "aborted").put("pfns", 4096).put("rounds", 1)
                .put("round.0.iteration", 1).put("round.0.live", true).put("round.0.dirty", 4096).put("round.0.pages", 4096)
                .put("round.0.bytes", 16 << 20).put("round.0.nanos", 500_000_000L).put("totalNanos", 1_500_000_000L);
        DemoCommand.Migration m = new DemoCommand.Migration("16M", "idle", "abort:iteration=1", null, 1024, 1, "256M", null, null, true, false);
        ComparePoliciesCommand.Row row = ComparePoliciesCommand.row(m, new DemoCommand.Outcome(1, 1, send, null, null));
        assertEquals(new ComparePoliciesCommand.Row("idle", "abort:iteration=1", "aborted", 1, 1.0, 1.5, Double.NaN, 0), row);
        java.io.StringWriter text = new java.io.StringWriter();
        ComparePoliciesCommand.printTable(new java.io.PrintWriter(text, true), List.of(row));
        assertEquals("| idle | `abort:iteration=1` | 1 | 1.00 | 1.5 s | - | - | aborted |", text.toString().lines().toList().get(2));
    }
}
