package io.livemig.engine;

import io.livemig.backend.sim.SimDestination;
import io.livemig.backend.sim.SimDomainConfig;
import io.livemig.stream.ByteChannels;
import io.livemig.stream.DomainType;
import io.livemig.stream.Faults;
import io.livemig.stream.PageType;
import io.livemig.stream.PvGuestStream;
import io.livemig.stream.StreamBytes;
import io.livemig.stream.StreamFormat;
import io.livemig.stream.StreamFormatException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;

import static io.livemig.stream.PvGuestStream.BALLOONED;
import static io.livemig.stream.PvGuestStream.DATA;
import static io.livemig.stream.PvGuestStream.L1A;
import static io.livemig.stream.PvGuestStream.L1B;
import static io.livemig.stream.PvGuestStream.L2;
import static io.livemig.stream.PvGuestStream.P2M_SIZE;
import static io.livemig.stream.PvGuestStream.PSE;
import static io.livemig.stream.PvGuestStream.pte;
import static io.livemig.stream.PvGuestStream.table;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** x86 PV streams restore into a simulated destination, page for page, with their page tables checked at END. */
class PvRestoreTest {
    /** More than the p2m, so that a pfn beyond the p2m is still inside the destination. */
    private static final int DESTINATION_PAGES = 2 * P2M_SIZE;

    private static SimDestination destination() {
        return SimDomainConfig.builder().name("pv-destination").pages(DESTINATION_PAGES).createDestination();
    }

    private static RestoreResult restore(SimDestination d, byte[] stream) throws IOException {
        return new RestoreEngine(d, true).restore(ByteChannels.scatteringSource(stream, 1 << 16));
    }

    /** Restores {@code stream} expecting one fault at the libxc END of {@code g}, naming what {@code parts} say. */
    private static void assertRefusedAtEnd(PvGuestStream g, byte[] stream, String... parts) {
        try (SimDestination d = destination()) {
            StreamFormatException e = assertThrows(StreamFormatException.class, () -> restore(d, stream));
            Faults.assertFault(Faults.record(g.endIndex(), "END", g.endOffset()), e.getMessage(), parts);
            assertFalse(d.isComplete());
        }
    }

    private static void assertLastCopies(SimDestination d, PvGuestStream g) {
        MemorySegment mem = d.memory();
        for (Map.Entry<Long, byte[]> e : g.lastCopies().entrySet()) {
            byte[] actual = mem.asSlice(e.getKey() * StreamFormat.PAGE_SIZE, StreamFormat.PAGE_SIZE).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            assertArrayEquals(e.getValue(), actual, () -> "pfn 0x" + Long.toHexString(e.getKey()));
        }
    }

    @Test
    void aPvStreamWithFourLevelPageTablesRestoresPageForPage() throws IOException {
        PvGuestStream g = new PvGuestStream(false).firstPass();
        // a second pass: the L2 gains an L1 at 0x15 (a NOTAB page until now) mapping data page 0x150; data pages change
        long l1c = 0x15;
        long[] l1cEntries = new long[512];
        l1cEntries[0] = pte(0x150);
        g.l2[2] = pte(l1c);
        g.pass(new long[] {L2, l1c, 0x150, DATA + 3}, new int[] {PageType.L2TAB, PageType.L1TAB_PINNED, PageType.NOTAB, PageType.NOTAB},
                new byte[][] {table(g.l2), table(l1cEntries), StreamBytes.page(0x150, 1), StreamBytes.page(DATA + 3, 1)});
        byte[] stream = g.finish();
        try (SimDestination d = destination()) {
            RestoreResult r = restore(d, stream);
            assertTrue(d.isComplete());
            assertEquals(DomainType.X86_PV, r.domainType());
            assertEquals(P2M_SIZE - 1 + 4, r.pagesWritten());
            assertEquals(P2M_SIZE + 4, r.pfnEntries());
            assertLastCopies(d, g);
            assertFalse(d.isPopulated(BALLOONED), "an XTAB pfn is not populated");
            assertEquals(P2M_SIZE - 1, d.populatedPageCount());
            assertEquals(g.expectedDigest(), d.destinationDigest());
            assertEquals(PvGuestStream.VCPUS, r.count("X86_PV_VCPU_BASIC"));
            assertEquals(1, r.count("SHARED_INFO"));
            assertEquals(StreamBytes.CPUID.length, d.appliedStaticState().cpuidPolicy().length);
            List<String> notes = r.notApplied();
            assertEquals(7, notes.size(), notes::toString);
            assertTrue(notes.get(0).matches("record 4 \\(X86_PV_P2M_FRAMES\\) at offset \\d+ not applied: x86 PV p2m frame list: .*"), notes::toString);
            assertTrue(notes.get(1).matches("record \\d+ \\(X86_TSC_INFO\\) at offset \\d+ not applied: x86 PV TSC info: .*"), notes::toString);
            assertTrue(notes.get(2).matches("record \\d+ \\(SHARED_INFO\\) at offset \\d+ not applied: "
                    + "x86 PV shared info: a simulated domain has no shared info page"), notes::toString);
            for (String type : List.of("BASIC", "EXTENDED", "XSAVE", "MSRS")) {
                assertTrue(notes.stream().anyMatch(n -> n.matches("2 X86_PV_VCPU_" + type + " records not applied \\(first: record \\d+ at offset \\d+\\): "
                        + "x86 PV vCPU state: a simulated domain runs no vCPU")), notes::toString);
            }
            assertEquals(null, d.appliedDeviceState(), "nothing of an HVM device state to apply");
        }
    }

    @Test
    void aLibxlWrappedPvStreamRestoresToo() throws IOException {
        PvGuestStream g = new PvGuestStream(true).firstPass();
        byte[] stream = g.finish();
        try (SimDestination d = destination()) {
            RestoreResult r = restore(d, stream);
            assertEquals(DomainType.X86_PV, r.domainType());
            assertEquals(g.expectedDigest(), d.destinationDigest());
        }
    }

    @Test
    void aPageTableResentAsNotabIsNotChecked() throws IOException {
        PvGuestStream bad = new PvGuestStream(false);
        bad.l1a[40] = pte(BALLOONED);
        byte[] refused = bad.firstPass().finish();
        assertRefusedAtEnd(bad, refused, "L1TAB pfn 0x13: entry 40 references pfn 0x1fe, which the stream did not populate");

        PvGuestStream resent = new PvGuestStream(false);
        resent.l1a[40] = pte(BALLOONED);
        resent.firstPass().resend(L1A, PageType.NOTAB, table(resent.l1a));
        try (SimDestination d = destination()) {
            restore(d, resent.finish());
            assertTrue(d.isComplete());
            assertEquals(resent.expectedDigest(), d.destinationDigest());
        }
    }

    @Test
    void theLastCopyOfATableIsWhatIsChecked() throws IOException {
        PvGuestStream fixed = new PvGuestStream(false);
        fixed.l2[3] = pte(DATA) | PSE;
        fixed.firstPass();
        fixed.l2[3] = 0;
        fixed.resend(L2, PageType.L2TAB, table(fixed.l2));
        try (SimDestination d = destination()) {
            restore(d, fixed.finish());
            assertTrue(d.isComplete());
        }

        PvGuestStream broken = new PvGuestStream(false).firstPass();
        broken.l2[3] = pte(DATA) | PSE;
        broken.resend(L2, PageType.L2TAB, table(broken.l2));
        assertRefusedAtEnd(broken, broken.finish(),
                "L2TAB pfn 0x12: entry 3 (pte 0x00000000001000e7) maps a superpage (PSE), which Xen refuses to migrate");
    }

    @Test
    void anEntryToAPfnNeverPopulatedIsRefused() throws IOException {
        PvGuestStream g = new PvGuestStream(false);
        g.l1b[17] = pte(BALLOONED);
        assertRefusedAtEnd(g, g.firstPass().finish(), "L1TAB pfn 0x14: entry 17 references pfn 0x1fe, which the stream did not populate");
    }

    @Test
    void anEntryToAPfnPopulatedWithoutDataIsRefused() throws IOException {
        PvGuestStream g = new PvGuestStream(false);
        g.l1b[18] = pte(BALLOONED);
        g.firstPass().resend(BALLOONED, PageType.XALLOC, null);
        assertRefusedAtEnd(g, g.finish(), "L1TAB pfn 0x14: entry 18 references pfn 0x1fe, which the stream did not populate");
    }

    @Test
    void anEntryBeyondTheP2mIsRefused() throws IOException {
        PvGuestStream g = new PvGuestStream(false);
        g.l1b[7] = pte(P2M_SIZE);
        assertRefusedAtEnd(g, g.firstPass().finish(), "L1TAB pfn 0x14: entry 7 references pfn 0x200, beyond the p2m, whose last pfn is 0x1ff");
    }

    @Test
    void aSuperpageInAnL2IsRefused() throws IOException {
        PvGuestStream g = new PvGuestStream(false);
        g.l2[5] = pte(DATA + 2) | PSE;
        assertRefusedAtEnd(g, g.firstPass().finish(), "L2TAB pfn 0x12: entry 5 (pte 0x00000000001020e7) maps a superpage (PSE)");
    }

    @Test
    void aSuperpageInThePinnedL4IsRefused() throws IOException {
        PvGuestStream g = new PvGuestStream(false);
        g.l4[511] = pte(DATA) | PSE;
        assertRefusedAtEnd(g, g.firstPass().finish(), "L4TAB pfn 0x10: entry 511 (pte 0x00000000001000e7) maps a superpage (PSE)");
    }

    @Test
    void aFaultInATableInTheMiddleOfAMappedRunNamesThatTable() throws IOException {
        // L1A and L1B are adjacent: the simulated destination maps them as one buffer
        PvGuestStream g = new PvGuestStream(false);
        g.l1b[511] = pte(DATA + 0x1000);
        assertRefusedAtEnd(g, g.firstPass().finish(), "L1TAB pfn 0x14: entry 511 references pfn 0x1100, beyond the p2m");
    }
}
