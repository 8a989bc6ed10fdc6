package io.livemig.backend.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livemig.backend.DomainException;
import io.livemig.stream.DeviceState;
import io.livemig.stream.DomainType;
import io.livemig.stream.HvmContext;
import io.livemig.stream.HvmParam;
import io.livemig.stream.StaticState;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class SimDomainTest {

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    @Test
    void a32GiBDomainCostsNothingUntilTouched() throws IOException {
        long before = residentBytes();
        SimDomain d = SimDomainConfig.builder().size("32G").workload("idle").create();
        try {
            assertEquals(8L << 20, d.pfnCount());
            long last = d.pfnCount() - 1;
            d.write(last, 4088, 0xABCDEFL);
            assertEquals(0xABCDEFL, d.memory().get(ValueLayout.JAVA_LONG, last * 4096 + 4088));
            long grown = residentBytes() - before;
            assertTrue(grown < 64L << 20, "resident memory grew by " + grown + " bytes");
        } finally {
            d.close();
        }
        assertThrows(IllegalStateException.class, () -> d.memory().get(ValueLayout.JAVA_BYTE, 0), "memory is gone after close");
        assertEquals("sim-32G: domain is closed", assertThrows(DomainException.class, d::sourceDigest).getMessage());
    }

    @Test
    void failedMmapNamesTheCallAndErrno() {
        DomainException e = assertThrows(DomainException.class, () -> GuestMemory.map(GuestMemory.MAX_PAGES));
        assertEquals("mmap(NULL, 4503599627370496, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE, -1, 0) failed: "
                + "errno 12 (Cannot allocate memory)", e.getMessage());
    }

    @Test
    void identityOfASimulatedHvmGuest() {
        try (SimDomain d = SimDomainConfig.builder().size("64M").name("guest-a").create()) {
            assertEquals("guest-a", d.name());
            assertEquals(DomainType.X86_HVM, d.type());
            assertEquals(4, d.xenMajor());
            assertEquals(17, d.xenMinor());
            StaticState s = d.staticState();
            assertEquals(8 * StaticState.CPUID_ENTRY_SIZE, s.cpuidPolicy().length);
            assertEquals(2 * StaticState.MSR_ENTRY_SIZE, s.msrPolicy().length);
            ByteBuffer cpuid = ByteBuffer.wrap(s.cpuidPolicy()).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(0, cpuid.getInt(0));
            assertEquals(0xFFFFFFFF, cpuid.getInt(4), "leaf 0 has no subleaf");
            assertEquals(0x756E6547, cpuid.getInt(12), "Genu");
            ByteBuffer msr = ByteBuffer.wrap(s.msrPolicy()).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(0xCE, msr.getInt(0));
            assertEquals(0, msr.getInt(4), "flags 0");
            assertEquals(0x10A, msr.getInt(16));
        }
    }

    @Test
    void deviceStateOfASuspendedDomain() {
        long beforeCreation = System.nanoTime();
        try (SimDomain d = SimDomainConfig.builder().size("64M").seed(4).vcpus(3).create()) {
            DomainException running = assertThrows(DomainException.class, d::deviceState);
            assertEquals("sim-64M: device state asked of a running domain (suspend it first)", running.getMessage());
            d.suspend();
            long sinceCreation = System.nanoTime() - beforeCreation;
            DeviceState s = d.deviceState();
            assertEquals(0, s.tsc().mode());
            assertEquals(2_400_000, s.tsc().khz());
            assertEquals(0, s.tsc().incarnation());
            assertTrue(s.tsc().nsec() > 0 && s.tsc().nsec() <= sinceCreation,
                    "nsec from creation to suspend: " + s.tsc().nsec() + ", at most " + sinceCreation);

            List<HvmContext.Entry> entries = HvmContext.parse(s.hvmContext());
            assertEquals(5, entries.size());
            assertEquals(HvmContext.TYPE_HEADER, entries.get(0).typecode());
            ByteBuffer header = ByteBuffer.wrap(entries.get(0).payload()).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(0x000806EC, header.getInt(16), "cpuid");
            assertEquals(2_400_000, header.getInt(20), "gtsc_khz");
            for (int v = 0; v < 3; v++) {
                HvmContext.Entry cpu = entries.get(1 + v);
                assertEquals(HvmContext.TYPE_CPU, cpu.typecode());
                assertEquals(v, cpu.instance());
                assertEquals(1048, cpu.payload().length);
                ByteBuffer regs = ByteBuffer.wrap(cpu.payload()).order(ByteOrder.LITTLE_ENDIAN);
                assertEquals(0x80050033L, regs.getLong(656), "cr0");
                assertEquals(0xD01L, regs.getLong(992), "efer");
            }
            assertEquals(HvmContext.TYPE_END, entries.get(4).typecode());
            assertNotEquals(HexFormat.of().formatHex(entries.get(1).payload()), HexFormat.of().formatHex(entries.get(2).payload()));

            long top = d.pfnCount() - 1;
            assertEquals(List.of(
                    new HvmParam(HvmParam.STORE_PFN, top - 4),
                    new HvmParam(HvmParam.IOREQ_PFN, top - 5),
                    new HvmParam(HvmParam.BUFIOREQ_PFN, top - 3),
                    new HvmParam(HvmParam.CONSOLE_PFN, top - 7),
                    new HvmParam(HvmParam.IDENT_PT, (top - 6) << 12)), s.hvmParams());

            try (SimDomain twin = SimDomainConfig.builder().size("64M").seed(4).vcpus(3).startSuspended(true).create()) {
                assertArrayEquals(s.hvmContext(), twin.deviceState().hvmContext(), "the HVM context is a function of the seed");
            }
        }
    }

    @Test
    void prefillIsDeterministicFromTheSeed() {
        try (SimDomain a = SimDomainConfig.builder().size("4M").seed(77).prefill(true).holes(3).create();
             SimDomain b = SimDomainConfig.builder().size("4M").seed(77).prefill(true).holes(3).create();
             SimDomain c = SimDomainConfig.builder().size("4M").seed(78).prefill(true).holes(3).create()) {
            MemorySegment m = a.memory();
            for (long pfn : new long[] {0, 1, 500, 1023}) {
                for (int i : new int[] {0, 1, 255, 511}) {
                    assertEquals(SimDomain.prefillWord(77, pfn, i), m.get(ValueLayout.JAVA_LONG, pfn * 4096 + i * 8L), "pfn " + pfn + " word " + i);
                }
            }
            assertTrue(MemoryDigest.isZeroPage(m, 3 * 4096L));
            assertEquals(-1, a.firstDifferentPfn(b));
            assertEquals(a.sourceDigest(), b.sourceDigest());
            assertEquals(0, a.firstDifferentPfn(c));
            assertNotEquals(a.sourceDigest(), c.sourceDigest());
        }
    }

    /** The digest recomputed from its javadoc definition, independently of MemoryDigest. */
    @Test
    void digestMatchesItsDefinition() throws Exception {
        try (SimDomain d = SimDomainConfig.builder().pages(64).seed(3).prefill(true).holes(0, 17).create()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] page = new byte[4096];
            for (long pfn = 0; pfn < 64; pfn++) {
                MemorySegment.copy(d.memory(), ValueLayout.JAVA_BYTE, pfn * 4096, page, 0, 4096);
                boolean zero = true;
                for (byte b : page) {
                    zero &= b == 0;
                }
                if (zero) {
                    continue;
                }
                CRC32C crc = new CRC32C();
                crc.update(page);
                sha.update(ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(pfn).putInt((int) crc.getValue()).array());
            }
            assertEquals(HexFormat.of().formatHex(sha.digest()), d.sourceDigest());
        }
        try (SimDomain empty = SimDomainConfig.builder().pages(64).create();
             SimDestination nothingRestored = SimDomainConfig.builder().pages(64).createDestination()) {
            assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", empty.sourceDigest());
            assertEquals(empty.sourceDigest(), nothingRestored.destinationDigest());
        }
    }

    @Test
    void accumulatorWantsAscendingWholePages() {
        MemoryDigest.Accumulator acc = new MemoryDigest.Accumulator();
        acc.add(5, ByteBuffer.allocate(4096));
        assertEquals("pfn 5 after pfn 5: pages must come in ascending pfn order",
                assertThrows(IllegalArgumentException.class, () -> acc.add(5, ByteBuffer.allocate(4096))).getMessage());
        assertEquals("page of pfn 6 has 100 bytes, not 4096",
                assertThrows(IllegalArgumentException.class, () -> acc.add(6, ByteBuffer.allocate(100))).getMessage());
    }

    @Test
    void configurationErrorsAreNamed() {
        assertEquals("domain size 4097 bytes is not a positive multiple of 4096",
                assertThrows(IllegalArgumentException.class, () -> SimDomainConfig.builder().size(4097)).getMessage());
        assertEquals("domain of 8 pages: must be 16..1099511627776",
                assertThrows(IllegalArgumentException.class, () -> SimDomainConfig.builder().pages(8)).getMessage());
        assertEquals("domain size not set (size(\"1G\") or pages(n))",
                assertThrows(IllegalArgumentException.class, () -> SimDomainConfig.builder().build()).getMessage());
        assertEquals("hole 64 outside the domain's pfns 0..63",
                assertThrows(IllegalArgumentException.class, () -> SimDomainConfig.builder().pages(64).holes(64).build()).getMessage());
        assertEquals("pfn 5 is both a hole and deferred",
                assertThrows(IllegalArgumentException.class, () -> SimDomainConfig.builder().pages(64).holes(5).deferred(1, 5).build())
                        .getMessage());
        assertEquals("vCPU count 0: must be 1..128", assertThrows(IllegalArgumentException.class, () -> SimDomainConfig.builder().vcpus(0))
                .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimDomainConfig.builder().workload("uniform:rate=0")).getMessage()
                .startsWith("workload 'uniform:rate=0': rate"));
        assertEquals("sim-1G", SimDomainConfig.builder().size("1G").build().name());
        assertEquals("sim-400K", SimDomainConfig.builder().pages(100).build().name());
        assertEquals("sim-65540K", SimDomainConfig.builder().pages(16385).build().name());
    }

    @Test
    void writeChecksItsArguments() {
        try (SimDomain d = SimDomainConfig.builder().pages(64).holes(9).create()) {
            assertEquals("sim-256K: offset 4 in a page is not a multiple of 8 below 4096",
                    assertThrows(IllegalArgumentException.class, () -> d.write(1, 4, 0)).getMessage());
            assertEquals("sim-256K: pfn 64 outside 0..63", assertThrows(IllegalArgumentException.class, () -> d.write(64, 0, 0)).getMessage());
            assertEquals("sim-256K: pfn 9 is a hole, not guest memory", assertThrows(DomainException.class, () -> d.write(9, 0, 0)).getMessage());
        }
    }
}
