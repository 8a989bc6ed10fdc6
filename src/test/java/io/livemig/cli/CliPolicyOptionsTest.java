package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        Cli.Run r = Cli.ok("save", "--sim", "16M", "--max-bandwidth", "32M", "--progress", "bar", "--policy", "downtime=50ms,deadline=20s",
                "--to", dir.resolve("bar.stream").toString());
        assertTrue(Pattern.compile("\rround 1 \\[#*\\.*\\] +\\d+% \\d+/4096 pages  [\\d.]+ MiB/s  est\\. downtime [\\d.]+ (ms|s)  ")
                .matcher(r.out()).find(), r::describe);
        assertTrue(r.out().contains("\r\033[K"), "the bar is cleared before the next line");
        Cli.Run none = Cli.ok("save", "--sim", "16M", "--progress", "none", "--to", dir.resolve("quiet.stream").toString());
        assertFalse(none.out().contains("Frames iteration"), none::describe);
    }

    @Test
    void comparePoliciesPrintsOneRowPerRun() {
        Cli.Run r = Cli.ok("compare-policies", "--size", "16M", "--max-bandwidth", "256M", "--workload", "idle",
                "--policy", "stop-now", "--policy", "abort:iteration=1");
        List<String> table = r.out().lines().filter(l -> l.startsWith("|")).toList();
        assertEquals(List.of("| workload | policy | rounds | pages sent / guest pages | total time | downtime | outcome |",
                "|---|---|---:|---:|---:|---:|---|"), table.subList(0, 2), r::describe);
        assertEquals(4, table.size(), r::describe);
        assertTrue(table.get(2).matches("\\| idle \\| `stop-now` \\| 1 \\+ 1 \\| 1\\.00 \\| [\\d.]+ s \\| \\d+ ms \\| completed \\|"),
                table.get(2));
        assertTrue(table.get(3).matches("\\| idle \\| `abort:iteration=1` \\| 1 \\+ 1 \\| 1\\.00 \\| [\\d.]+ s \\| - \\| aborted \\|"),
                table.get(3));
    }
}
