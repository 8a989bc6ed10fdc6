package io.livemig.cli;

import io.livemig.stream.PvGuestStream;
import io.livemig.stream.RecordType;
import io.livemig.stream.StreamBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code receive} and {@code inspect} of an x86 PV stream file: a digest of the restored pages, every record validated. */
@Timeout(60)
class CliPvStreamTest {
    @TempDir
    Path dir;

    @Test
    void aPvStreamIsReceivedWithItsDigestAndInspected() throws IOException {
        PvGuestStream g = new PvGuestStream(false).firstPass();
        Path file = dir.resolve("pv.stream");
        Files.write(file, g.finish());

        Cli.Run received = Cli.ok("receive", "--from", file.toString(), "--capacity", "4M");
        assertTrue(received.out().contains("stream v3 (X86_PV, Xen 4.17) from file"), received::describe);
        assertTrue(received.out().contains("destination complete: true"), received::describe);
        assertTrue(received.out().contains("x86 PV vCPU state: a simulated domain runs no vCPU"), received::describe);
        assertEquals(g.expectedDigest(), Cli.destinationDigest(received.out()));
        Cli.ok("receive", "--from", file.toString(), "--capacity", "4M", "--expect-digest", g.expectedDigest());

        Cli.Run inspected = Cli.ok("inspect", file.toString());
        assertTrue(inspected.out().contains(" libxc X86_PV_INFO "), inspected::describe);
        assertTrue(inspected.out().contains("guest_width 8, pt_levels 4"), inspected::describe);
        assertTrue(inspected.out().contains("pfns 0x0..0x1ff, 1 frames"), inspected::describe);
        assertTrue(inspected.out().lines().toList().getLast().startsWith("valid: "), inspected::describe);
    }

    @Test
    void aPvStreamWithABadPageTableIsRefusedWithOneLine() throws IOException {
        PvGuestStream g = new PvGuestStream(false);
        g.l1a[9] = PvGuestStream.pte(PvGuestStream.BALLOONED);
        Path file = dir.resolve("bad-pv.stream");
        Files.write(file, g.firstPass().finish());

        Cli.Run received = Cli.run("receive", "--from", file.toString(), "--capacity", "4M");
        assertEquals(Main.EXIT_FAILURE, received.exit(), received::describe);
        assertEquals("livemig receive: record " + g.endIndex() + " (END) at offset " + g.endOffset()
                + ": L1TAB pfn 0x13: entry 9 references pfn 0x1fe, which the stream did not populate; destination NOT complete",
                received.oneErrorLine());
        assertFalse(received.out().contains("destination digest"), received::describe);
    }

    @Test
    void anHvmRecordInAPvStreamFailsInspectAndReceive() throws IOException {
        PvGuestStream g = new PvGuestStream(false).firstPass();
        long at = g.bytes().offset();
        long index = g.bytes().index();
        g.bytes().record(RecordType.HVM_CONTEXT, StreamBytes.HVM_CONTEXT);
        Path file = dir.resolve("hvm-in-pv.stream");
        Files.write(file, g.finish());
        String where = "record " + index + " (HVM_CONTEXT) at offset " + at
                + ": an x86 HVM record in an x86 PV stream: Xen's x86 PV restore refuses it (mandatory record not handled)";

        Cli.Run inspected = Cli.run("inspect", file.toString());
        assertEquals(Main.EXIT_FAILURE, inspected.exit(), inspected::describe);
        assertEquals("livemig inspect: INVALID: " + where, inspected.oneErrorLine());
        Cli.Run received = Cli.run("receive", "--from", file.toString(), "--capacity", "4M");
        assertEquals("livemig receive: " + where + "; destination NOT complete", received.oneErrorLine());
    }
}
