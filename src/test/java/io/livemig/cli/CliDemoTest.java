package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo end to end: it starts a receiver and a sender JVM itself and summarises their run. */
@Timeout(60)
class CliDemoTest {
    private static final Pattern ITERATIONS = Pattern.compile("^iterations\\s+(\\d+) live \\+ 1 suspended$", Pattern.MULTILINE);
    private static final Pattern DOWNTIME = Pattern.compile("^downtime\\s+(\\d+\\.\\d) ms \\(suspend until the receiver has END\\)$", Pattern.MULTILINE);
    private static final Pattern SOURCE = Pattern.compile("^source digest\\s+([0-9a-f]{64}) \\(at suspend\\)$", Pattern.MULTILINE);
    private static final Pattern DEST = Pattern.compile("^dest digest\\s+([0-9a-f]{64})$", Pattern.MULTILINE);
    private static final Pattern OUTCOME = Pattern.compile("^outcome\\s+sender completed, receiver completed$", Pattern.MULTILINE);

    @Test
    void demoMigratesA64MGuestAndTheDigestsMatch() {
        Cli.Run r = Cli.ok("demo", "--size", "64M");
        String out = r.out();
        assertTrue(out.startsWith("livemig demo: 64.0 MiB guest, workload hotset:rate=50000, policy xen, over loopback TCP"), out);
        // Both children's output reaches the parent, prefixed.
        assertTrue(out.contains("receiver | listening on 127.0.0.1:"), out);
        assertTrue(out.contains("sender   | saving sim-64M: 16384 pages"), out);
        assertTrue(out.contains("== livemig demo summary =="), out);
        assertTrue(OUTCOME.matcher(out).find(), out);

        Matcher iterations = ITERATIONS.matcher(out);
        assertTrue(iterations.find(), out);
        int live = Integer.parseInt(iterations.group(1));
        assertTrue(live >= 1 && live <= 5, "live rounds under Xen's policy: " + live);

        Matcher downtime = DOWNTIME.matcher(out);
        assertTrue(downtime.find(), out);
        assertTrue(Double.parseDouble(downtime.group(1)) > 0, out);

        Matcher source = SOURCE.matcher(out);
        Matcher dest = DEST.matcher(out);
        assertTrue(source.find() && dest.find(), out);
        assertEquals(source.group(1), dest.group(1));
        assertTrue(out.contains("digests MATCH: the destination equals the source at suspend"), out);
    }

    @Test
    void anAbortedDemoSaysWhoEndedItAndWhereTheGuestRuns() {
        Cli.Run r = Cli.run("demo", "--size", "16M", "--policy", "abort:iteration=1");
        assertEquals(Main.EXIT_FAILURE, r.exit(), r::describe);
        String summary = r.out().substring(r.out().indexOf("== livemig demo summary =="));
        assertTrue(summary.contains("\noutcome        ABORTED by the policy\n"), summary);
        assertTrue(summary.contains("\nsender         Abort precopy loop: the policy answered ABORT at iteration 1"), summary);
        assertTrue(summary.contains("the source domain sim-16M runs on, log-dirty off"), summary);
        assertTrue(summary.contains("\ndestination    not complete, as it must be after a save that did not finish\n"), summary);
        assertTrue(summary.contains("\niterations     1 live, nothing suspended\n"), summary);
        for (String wrong : new String[] {"suspended ", "digest", "DIFFER", "null", "downtime"}) {
            assertTrue(!summary.contains(wrong), "'" + wrong + "' in the summary of an aborted run:\n" + summary);
        }
    }
}
