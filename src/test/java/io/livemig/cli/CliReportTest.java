package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.livemig.testing.RequiredTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The migration report: the JSON holds every round and consultation, and the HTML page, rendered
 * by a real headless browser (Debian's chromium, or $LIVEMIG_CHROMIUM), draws one bar per round
 * and one point per estimate with its own script. Without chromium the browser's test fails and
 * says how to install it ({@link RequiredTool#CHROMIUM}), unless LIVEMIG_TEST_WITHOUT=chromium.
 */
@Timeout(120)
class CliReportTest {
    private static final Pattern SAVED = Pattern.compile("^saved: (\\d+) live rounds? \\+ 1 suspended round,", Pattern.MULTILINE);

    @TempDir
    Path dir;

    /** A save with a report; its number of rounds (live and final). */
    private int save(Path json, Path html) {
        Cli.Run r = Cli.ok("save", "--sim", "16M", "--workload", "hotset:rate=20000", "--policy", "downtime=20ms,deadline=20s",
                "--max-bandwidth", "64M", "--progress", "none", "--report", json.toString(), "--report-html", html.toString(),
                "--to", dir.resolve("guest.stream").toString());
        Matcher saved = SAVED.matcher(r.out());
        assertTrue(saved.find(), r::describe);
        return Integer.parseInt(saved.group(1)) + 1;
    }

    @Test
    void theReportHoldsTheSave() throws Exception {
        Path json = dir.resolve("report.json");
        int rounds = save(json, dir.resolve("report.html"));
        String report = Files.readString(json);
        assertTrue(report.startsWith("{\"report\":\"livemig save\",\"version\":1,\"guest\":\"sim-16M\",\"pfns\":4096,"), report);
        assertTrue(report.contains("\"policy\":\"downtime=20ms,deadline=20s\""), report);
        assertTrue(report.contains("\"maxBandwidth\":67108864,\"maxBandwidthSuspended\":0"), report);
        // the limit of each round: the live ones at 64 MiB/s, the suspended one not limited
        assertEquals(rounds - 1, count(report, "\"live\":true,") - 1, "live rounds, besides the top-level flag");
        assertEquals(rounds - 1, count(report, "\"bandwidthLimit\":67108864"), report);
        assertEquals(1, count(report, "\"bandwidthLimit\":0,"), report);
        assertEquals(rounds, count(report, "\"throttlePercent\":0}"), "no round throttled without --auto-converge");
        assertTrue(report.contains("\"outcome\":\"completed\""), report);
        assertEquals(rounds, count(report, "\"dirtyPages\":"));
        int consultations = count(report, "\"decidedBy\":");
        assertEquals(2 * (rounds - 1) - (report.contains("\"dirtyCount\":null,\"decision\":\"STOP_AND_COPY\"") ? 0 : 1), consultations,
                "two consultations per live round, the last one may be the 'before' one");
        assertTrue(consultations - count(report, "\"estimatedDowntimeSeconds\":null") > 0, report);
    }

    @Test
    void theBrowserDrawsItsCharts() throws Exception {
        String chromium = RequiredTool.CHROMIUM.path().toString();
        Path json = dir.resolve("report.json");
        Path html = dir.resolve("report.html");
        int rounds = save(json, html);
        String report = Files.readString(json);
        int estimates = count(report, "\"decidedBy\":") - count(report, "\"estimatedDowntimeSeconds\":null");
        String dom = render(chromium, html);
        assertTrue(dom.contains("data-rendered=\"true\""), "the page's script ran to its end:\n" + dom);
        for (String id : List.of("chart-dirty", "chart-bandwidth", "chart-downtime")) {
            assertTrue(dom.contains("<svg id=\"" + id + "\""), id + " in\n" + dom);
        }
        assertEquals(rounds, count(dom, "class=\"bar dirty"), "one dirty bar per round");
        assertEquals(rounds, count(dom, "class=\"bar sent"), "one sent bar per round");
        assertEquals(rounds, count(dom, "class=\"bar bandwidth"), "one bandwidth bar per round");
        assertEquals(estimates, count(dom, "class=\"point estimate"), "one point per known estimate");
        assertEquals(1, count(dom, "class=\"point estimate stop\""), "the deciding consultation");
        assertTrue(dom.contains("id=\"downtime-measured\""), dom);
        assertTrue(dom.contains("class=\"limit\""), "the bandwidth limit line");
        assertEquals(rounds + 1, count(dom.substring(dom.indexOf("id=\"rounds-table\"")), "<tr>") - count(
                dom.substring(dom.indexOf("id=\"consultations-table\"")), "<tr>"), "the rounds table");
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) {
            n++;
        }
        return n;
    }

    /** The DOM after the page's scripts ran, from headless chromium. */
    private String render(String chromium, Path html) throws Exception {
        Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
        Path dom = dir.resolve("dom.html");
        Path log = dir.resolve("chromium.log");
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--user-data-dir=" + profile, "--dump-dom", html.toUri().toString()));
        Process p = new ProcessBuilder(cmd).redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not render the report within 90 s: " + Cli.read(log));
        }
        assertEquals(0, p.exitValue(), () -> "chromium failed: " + Cli.read(log));
        return Files.readString(dom);
    }
}
