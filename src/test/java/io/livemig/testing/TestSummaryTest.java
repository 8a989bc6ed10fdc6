package io.livemig.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/lib/TestSummary.java, scripts/test's last lines, on surefire reports made up here. */
class TestSummaryTest {
    @TempDir
    Path dir;

    private static String testcase(String className, String name, String body) {
        return "  <testcase name=\"" + name + "\" classname=\"" + className + "\" time=\"0.1\"" + (body == null ? "/>\n" : ">\n" + body + "\n  </testcase>\n");
    }

    private void report(Path file, String... cases) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"x\" tests=\"" + cases.length + "\">\n"
                + String.join("", cases) + "</testsuite>\n");
    }

    @Test
    void totalsThenOneLinePerReasonWithItsClassesThenTheFailures() throws Exception {
        // an abort in @BeforeAll: the reason is the first line of the body, after the exception's class
        String aborted = "    <skipped type=\"org.opentest4j.TestAbortedException\"><![CDATA[org.opentest4j.TestAbortedException: "
                + "not run: LIVEMIG_TEST_WITHOUT=xen-dev (the Xen 4.17 headers & libraries)\n\tat org.junit...\n]]></skipped>";
        report(dir.resolve("TEST-a.B.XenLayoutTest.xml"), testcase("a.B.XenLayoutTest", "one", aborted), testcase("a.B.XenLayoutTest", "two", aborted));
        report(dir.resolve("TEST-a.B.FakeXenTest.xml"), testcase("a.B.FakeXenTest", "save", aborted), testcase("a.B.FakeXenTest", "abort", null));
        report(dir.resolve("TEST-a.C.TcpTransportTest.xml"), testcase("a.C.TcpTransportTest", "v6",
                "    <skipped message=\"no IPv6 loopback here: &quot;::1&quot;\"/>"), testcase("a.C.TcpTransportTest", "v4", null),
                testcase("a.C.TcpTransportTest", "broken", "    <failure message=\"x\" type=\"java.lang.AssertionError\">x</failure>"));
        report(dir.resolve("fuzz/TEST-a.D.StreamFuzzTest.xml"), testcase("a.D.StreamFuzzTest", "fuzz", null),
                testcase("a.D.StreamFuzzTest", "crash", "    <error message=\"boom\" type=\"java.lang.Error\">boom</error>"));
        Files.writeString(dir.resolve("a.B.XenLayoutTest.txt"), "not a report");

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "scripts/lib/TestSummary.java",
                dir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertEquals(List.of(
                "tests: 3 passed, 2 failed, 4 skipped",
                "- 3 skipped (FakeXenTest, XenLayoutTest): not run: LIVEMIG_TEST_WITHOUT=xen-dev (the Xen 4.17 headers & libraries)",
                "- 1 skipped (TcpTransportTest): no IPv6 loopback here: \"::1\"",
                "- failed: TcpTransportTest.broken",
                "- failed: StreamFuzzTest.crash"), out.lines().toList());
    }
}
