package io.livemig.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streams written by Xen 4.17's own C path in the lab (`xl save`, and a live `xl migrate` captured
 * on the way), kept as fixtures (src/test/resources/xen-streams, see its README): livemig's
 * inspector accepts them and its restore reproduces the memory they carry, whose digest
 * stream-digest (the lab's separate C reader) computed when they were made.
 */
class XenWrittenStreamsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"xl-save-pvh", "xl-migrate-pvh"})
    void livemigReadsWhatXenWrote(String name) throws IOException {
        Properties expect = new Properties();
        try (InputStream in = resource(name + ".properties")) {
            expect.load(in);
        }
        Path stream = dir.resolve(name + ".xl");
        try (InputStream in = new GZIPInputStream(resource(name + ".xl.gz"))) {
            Files.copy(in, stream);
        }

        Cli.Run inspected = Cli.ok("inspect", stream.toString());
        String out = inspected.out();
        assertEquals("framing: xl", out.lines().findFirst().orElseThrow(), inspected::describe);
        assertTrue(out.contains("mandatory flags 0x3 (JSON, STREAMv2)"), inspected::describe);
        assertTrue(out.contains("domain header @") && out.contains("x86 HVM, page_shift 12, Xen 4.17"), inspected::describe);
        for (String record : expect.getProperty("records").split(",")) {
            assertTrue(out.contains(" libxc " + record.strip() + " "), () -> record + " missing:\n" + out);
        }
        assertEquals("valid: " + expect.getProperty("recordCount") + " records, " + Files.size(stream) + " bytes",
                out.lines().reduce((a, b) -> b).orElseThrow());

        Cli.Run received = Cli.ok("receive", "--from", stream.toString(), "--expect-digest", expect.getProperty("digest"));
        assertTrue(received.out().contains("received xl stream v3 (X86_HVM, Xen 4.17)"), received::describe);
        assertTrue(received.out().contains(expect.getProperty("pages") + " pages"), received::describe);
        assertEquals(expect.getProperty("digest"), Cli.destinationDigest(received.out()));
    }

    private static InputStream resource(String name) {
        InputStream in = XenWrittenStreamsTest.class.getResourceAsStream("/xen-streams/" + name);
        assertNotNull(in, "fixture /xen-streams/" + name + " is missing");
        return in;
    }
}
