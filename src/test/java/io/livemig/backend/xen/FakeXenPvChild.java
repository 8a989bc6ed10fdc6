package io.livemig.backend.xen;

import io.livemig.engine.RestoreEngine;
import io.livemig.engine.RestoreResult;
import io.livemig.engine.SaveEngine;
import io.livemig.engine.SaveException;
import io.livemig.engine.SaveOptions;
import io.livemig.engine.SaveResult;
import io.livemig.stream.DomainType;
import io.livemig.stream.InMemoryDestination;
import io.livemig.stream.InspectionReport;
import io.livemig.stream.PageType;
import io.livemig.stream.RecordType;
import io.livemig.stream.StreamInspector;
import io.livemig.testing.Await;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.livemig.backend.xen.FakeXenChild.check;
import static io.livemig.backend.xen.FakeXenChild.function;

/**
 * Run in a child JVM by {@link FakeXenTest}: the Xen backend's x86 PV save against the stand-in PV
 * guest of src/test/c/fake_xen.c (domid 8). The stream is read back here record by record, from
 * its bytes (independently of livemig's reader), then restored by livemig's RestoreEngine: the records in Xen 4.17's order, every page equal
 * to the guest's memory at suspend with page tables normalised by hand (mfn to pfn, Xen's L4 slots
 * cleared), the vCPU context's frames as pfns. Faults of the guest's tables fail the save with one
 * line naming the pfn, and leave the guest running with log-dirty off. Prints "PASS scenario".
 */
@SuppressWarnings("restricted") // reads the stand-in's state through its test functions
public final class FakeXenPvChild {
    static final int DOMID = 8;
    static final int PFNS = 1024;
    static final long MFN_BASE = 0x4000;
    static final int BALLOONED = 0x3F0;
    static final int L4 = 1;
    static final int L3 = 2;
    static final int L2 = 3;
    static final int L1 = 4;
    static final int START_INFO = 7;
    static final int P2M_FIRST = 8;
    static final int GDT = 12;
    // fake_xen_pv knobs
    static final int TREE = 1;
    static final int BAD_PTE = 2;
    static final int P2M_CHANGES = 3;
    static final int BAD_CR3 = 4;
    static final int FOREIGN_PTE = 5;
    private static final long FRAME_MASK = 0x000F_FFFF_FFFF_F000L;

    private FakeXenPvChild() {
    }

    public static void main(String[] args) throws Exception {
        Path lib = Path.of(args[0]);
        Path privcmd = Path.of(args[1]);
        String scenario = args[2];
        try (XenHost host = XenHost.open(Optional.of(lib), privcmd, Path.of("/nonexistent/capabilities"))) {
            switch (scenario) {
                case "pv-save" -> save(host, Path.of(args[3]), true);
                case "pv-save-tree" -> {
                    knob(TREE, 1);
                    save(host, Path.of(args[3]), false);
                }
                case "pv-faults" -> faults(host);
                case "pv-policies" -> policies(host, Path.of(args[3]));
                default -> throw new IllegalArgumentException(scenario);
            }
        }
    }

    static long mfn(long pfn) {
        return pfn == BALLOONED ? -1 : MFN_BASE + (pfn ^ 0x155);
    }

    static long pfnOf(long mfn) {
        return (mfn - MFN_BASE) ^ 0x155;
    }

    private static void save(XenHost host, Path file, boolean live) throws Exception {
        SaveResult result;
        byte[] memory;
        try (XenDomain d = XenDomain.open(host, DOMID)) {
            check(d.type() == DomainType.X86_PV, "type " + d.type());
            check(d.pfnCount() == PFNS, "pfnCount " + d.pfnCount());
            check(d.p2mFrames().framePfns().length == 2 && d.p2mFrames().framePfns()[0] == P2M_FIRST
                    && d.p2mFrames().framePfns()[1] == P2M_FIRST + 1 && d.p2mFrames().endPfn() == PFNS - 1,
                    "p2m frames " + Arrays.toString(d.p2mFrames().framePfns()) + " to " + d.p2mFrames().endPfn());
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                result = new SaveEngine(d, out, SaveOptions.builder().live(live).build()).save();
            }
            check(d.isSuspended() && pvStats()[0] == 1, "a saved domain stays suspended");
            check(!d.logDirtyEnabled() && pvStats()[3] == 0, "log-dirty off after the save");
            memory = guestMemory();
            if (live) {
                check(result.liveRounds() >= 2, "live rounds " + result.liveRounds());
            }

            List<long[]> order = new ArrayList<>();
            Map<Long, byte[]> pages = new HashMap<>();
            Map<Long, Integer> types = new HashMap<>();
            Map<Integer, byte[]> vcpu = new HashMap<>();
            readStream(Files.readAllBytes(file), order, pages, types, vcpu);
            List<Integer> kinds = order.stream().map(r -> (int) r[0]).filter(t -> t != RecordType.PAGE_DATA).toList();
            check(kinds.equals(List.of(RecordType.X86_PV_INFO, RecordType.X86_CPUID_POLICY, RecordType.X86_MSR_POLICY,
                    RecordType.STATIC_DATA_END, RecordType.X86_PV_P2M_FRAMES, RecordType.X86_TSC_INFO, RecordType.SHARED_INFO,
                    RecordType.X86_PV_VCPU_BASIC, RecordType.X86_PV_VCPU_EXTENDED, RecordType.X86_PV_VCPU_XSAVE,
                    RecordType.X86_PV_VCPU_MSRS, RecordType.END)), "records in Xen's order: " + kinds.stream().map(RecordType::name).toList());
            check(types.get((long) L4) == (PageType.L4TAB | PageType.LPINTAB) && types.get((long) L3) == PageType.L3TAB
                    && types.get((long) L2) == PageType.L2TAB && types.get((long) L1) == PageType.L1TAB, "page-table types " + types);
            check(types.get((long) BALLOONED) == PageType.XTAB && !pages.containsKey((long) BALLOONED), "the ballooned pfn is XTAB");
            for (long pfn = 0; pfn < PFNS; pfn++) {
                if (pfn == BALLOONED) {
                    continue;
                }
                byte[] expected = Arrays.copyOfRange(memory, (int) pfn * 4096, (int) (pfn + 1) * 4096);
                if (pfn >= L4 && pfn <= L1) {
                    expected = normalised(expected, (int) pfn);
                }
                check(Arrays.equals(expected, pages.get(pfn)), "pfn 0x" + Long.toHexString(pfn) + " differs from the guest's memory at suspend");
            }
            // the hand-made expectation, spelled out once: Xen's slots gone, frames as pfns, flags kept
            ByteBuffer l4 = ByteBuffer.wrap(pages.get((long) L4)).order(ByteOrder.LITTLE_ENDIAN);
            check(l4.getLong(256 * 8) == 0 && l4.getLong(271 * 8) == 0 && l4.getLong(0) == ((long) L3 << 12 | 0x67)
                    && l4.getLong(272 * 8) == ((long) L3 << 12 | 0x67), "L4 normalised");
            ByteBuffer l1 = ByteBuffer.wrap(pages.get((long) L1)).order(ByteOrder.LITTLE_ENDIAN);
            check(l1.getLong(0) == (1L << 63 | (long) P2M_FIRST << 12 | 0x67) && l1.getLong(400 * 8) == 0x123456789000L,
                    "L1 normalised: " + Long.toHexString(l1.getLong(0)));

            ByteBuffer basic = ByteBuffer.wrap(vcpu.get(RecordType.X86_PV_VCPU_BASIC)).order(ByteOrder.LITTLE_ENDIAN);
            check(basic.capacity() == 8 + 5168 && basic.getInt(0) == 0, "BASIC of vcpu 0, 5168 bytes of context");
            int ctx = 8;
            check(basic.getLong(ctx + 520 + 96) == START_INFO, "rdx: the start info's pfn");
            check(basic.getLong(ctx + 4832) == GDT, "gdt_frames[0] as a pfn");
            check(basic.getLong(ctx + 4984 + 3 * 8) == (long) L4 << 12, "cr3 as a pfn");
            check(basic.getLong(ctx + 4984 + 8) == ((long) L4 << 12 | 1), "cr1 as a pfn");
            check(basic.get(ctx + 5) == (byte) (5 * 7 + 3), "the rest of the context as the hypervisor gave it");
            check(vcpu.get(RecordType.X86_PV_VCPU_EXTENDED).length == 8 + 64, "EXTENDED: the 64 bytes Xen announced");
            check(vcpu.get(RecordType.X86_PV_VCPU_XSAVE).length == 8 + 832, "XSAVE: 832 bytes");
            ByteBuffer msrs = ByteBuffer.wrap(vcpu.get(RecordType.X86_PV_VCPU_MSRS)).order(ByteOrder.LITTLE_ENDIAN);
            check(msrs.capacity() == 8 + 32 && msrs.getInt(8) == 0xC0000103 && msrs.getLong(16) == 5, "MSRS");
            try (FileChannel in = FileChannel.open(file)) {
                InspectionReport report = StreamInspector.inspect(in, PFNS, true);
                check(report.valid(), "inspector: " + report.error());
            }
            // and livemig's own restore side, which checks every table's entries against the pages sent
            InMemoryDestination destination = new InMemoryDestination(PFNS);
            RestoreResult restored;
            try (FileChannel in = FileChannel.open(file)) {
                restored = new RestoreEngine(destination, true).restore(in);
            }
            check(destination.isComplete() && !destination.isPopulated(BALLOONED), "restored, the ballooned pfn left out");
            for (long pfn = 0; pfn < PFNS; pfn++) {
                if (pfn != BALLOONED) {
                    check(Arrays.equals(pages.get(pfn), destination.page(pfn)), "restored pfn 0x" + Long.toHexString(pfn));
                }
            }
            check(restored.notApplied().stream().anyMatch(n -> n.contains("X86_PV_VCPU_BASIC")), "vCPU state noted: " + restored.notApplied());

            long passes = pvStats()[1];
            d.resume();
            check(!d.isSuspended(), "resumed");
            Await.until(() -> pvStats()[1] > passes, "the guest writes again after the resume");
        }
        System.out.println("PASS " + (live ? "pv-save" : "pv-save-tree") + ": " + result.liveRounds() + " live rounds, "
                + result.pagesSent() + " pages");
    }

    /** normalise_pagetable by hand: present entries' mfns to pfns, Xen's L4 slots 256..271 cleared. */
    private static byte[] normalised(byte[] table, int pfn) {
        ByteBuffer b = ByteBuffer.wrap(table.clone()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 512; i++) {
            long pte = b.getLong(i * 8);
            if (pfn == L4 && i >= 256 && i <= 271) {
                pte = 0;
            }
            if ((pte & 1) != 0) {
                pte = (pte & ~FRAME_MASK) | pfnOf((pte & FRAME_MASK) >>> 12) << 12;
            }
            b.putLong(i * 8, pte);
        }
        return b.array();
    }

    /** Reads the stream's records from its bytes: order (type, length), last data and type per pfn, vCPU record bodies. */
    private static void readStream(byte[] stream, List<long[]> order, Map<Long, byte[]> pages, Map<Long, Integer> types,
                                   Map<Integer, byte[]> vcpu) {
        ByteBuffer b = ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN);
        check(b.getLong(0) == -1L, "image header marker");
        check(ByteBuffer.wrap(stream).getInt(8) == 0x58454E46 && ByteBuffer.wrap(stream).getInt(12) == 3, "image header: XENF, version 3");
        check(b.getInt(24) == DomainType.X86_PV.code(), "domain header: x86 PV");
        int at = 24 + 16;
        while (at < stream.length) {
            int type = b.getInt(at);
            int length = b.getInt(at + 4);
            int body = at + 8;
            order.add(new long[] {type, length});
            if (type == RecordType.PAGE_DATA) {
                int count = b.getInt(body);
                int data = body + 8 + 8 * count;
                for (int i = 0; i < count; i++) {
                    long entry = b.getLong(body + 8 + 8 * i);
                    long pfn = entry & ((1L << 52) - 1);
                    int t = (int) (entry >>> 60);
                    types.put(pfn, t);
                    if (PageType.carriesData(t)) {
                        pages.put(pfn, Arrays.copyOfRange(stream, data, data + 4096));
                        data += 4096;
                    } else {
                        pages.remove(pfn);
                    }
                }
            } else if (type == RecordType.X86_PV_P2M_FRAMES) {
                check(b.getInt(body) == 0 && b.getInt(body + 4) == PFNS - 1 && length == 8 + 16
                        && b.getLong(body + 8) == P2M_FIRST && b.getLong(body + 16) == P2M_FIRST + 1, "X86_PV_P2M_FRAMES");
            } else if (type == RecordType.X86_PV_INFO) {
                check(length == 8 && stream[body] == 8 && stream[body + 1] == 4, "X86_PV_INFO: width 8, 4 levels");
            } else if (type == RecordType.SHARED_INFO) {
                check(length == 4096 && stream[body + 100] == 0x5C, "SHARED_INFO: the guest's page");
            } else if (type >= RecordType.X86_PV_VCPU_BASIC && type <= RecordType.X86_PV_VCPU_XSAVE || type == RecordType.X86_PV_VCPU_MSRS) {
                check(b.getInt(body) == 0, RecordType.name(type) + " of vcpu 0 only (vcpu 1 is offline)");
                vcpu.put(type, Arrays.copyOfRange(stream, body, body + length));
            } else if (type == RecordType.END) {
                return;
            }
            at = body + ((length + 7) & ~7);
        }
        throw new AssertionError("the stream has no END");
    }

    /**
     * The precopy policy's three answers on a PV guest: ABORT leaves it running with log-dirty off;
     * STOP_AND_COPY at the first question and a verify pass in libxl framing give streams that the
     * inspector accepts; small batches (page tables alone in their batch, or beside data pages).
     */
    private static void policies(XenHost host, Path file) throws Exception {
        try (XenDomain d = XenDomain.open(host, DOMID); FileChannel out = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE)) {
            try {
                new SaveEngine(d, out, SaveOptions.builder()
                        .policy(stats -> stats.iteration() >= 2 ? io.livemig.policy.Decision.ABORT : io.livemig.policy.Decision.CONTINUE_PRECOPY)
                        .build()).save();
                throw new AssertionError("the save did not abort");
            } catch (io.livemig.engine.SaveAbortedException expected) {
                // the policy said so
            }
            check(!d.isSuspended() && pvStats()[0] == 0 && pvStats()[3] == 0, "ABORT: the guest runs, log-dirty off");
        }
        int[] batches = {1, 3, 64};
        for (int batch : batches) {
            try (XenDomain d = XenDomain.open(host, DOMID)) {
                try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
                    new SaveEngine(d, out, SaveOptions.builder().batchSize(batch).libxlFraming(true).verify(batch == 3)
                            .policy(stats -> io.livemig.policy.Decision.STOP_AND_COPY).build()).save();
                }
                try (FileChannel in = FileChannel.open(file)) {
                    InspectionReport report = StreamInspector.inspect(in, PFNS, true);
                    check(report.valid(), "batch " + batch + ": inspector: " + report.error());
                }
                d.resume();
            }
        }
        System.out.println("PASS pv-policies");
    }

    private static void faults(XenHost host) throws Exception {
        fault(host, BAD_PTE, true, "domid 8: pfn 0x4 (L1TAB) entry 500: mfn 0x7000 (max 0x7fff; m2p gives pfn 0xffffffffffffffff, "
                + "beyond max_pfn 0x3ff) is not in the guest's pseudo-physical map");
        fault(host, FOREIGN_PTE, false, "domid 8: pfn 0x3 (L2TAB) entry 9: mfn 0x9000000 (max 0x7fff) is not in the guest's pseudo-physical map");
        fault(host, BAD_CR3, true, "domid 8: bad mfn for vcpu0's cr3: mfn 0x7001 (max 0x7fff; m2p gives pfn 0xffffffffffffffff, "
                + "beyond max_pfn 0x3ff) is not in the guest's pseudo-physical map");
        fault(host, P2M_CHANGES, true, "domid 8: the guest changed its p2m during the live save (p2m_generation");
        System.out.println("PASS pv-faults");
    }

    private static void fault(XenHost host, int knob, boolean live, String message) throws Exception {
        knob(knob, 1);
        try (XenDomain d = XenDomain.open(host, DOMID); FileChannel out = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE)) {
            try {
                new SaveEngine(d, out, SaveOptions.builder().live(live).build()).save();
                throw new AssertionError("the save of a guest with fault " + knob + " succeeded");
            } catch (SaveException expected) {
                check(expected.getMessage().contains(message), "fault " + knob + ": expected \"" + message + "\" in \"" + expected.getMessage() + "\"");
            }
            check(!d.isSuspended() && pvStats()[0] == 0, "fault " + knob + ": the guest runs again");
            check(!d.logDirtyEnabled() && pvStats()[3] == 0, "fault " + knob + ": log-dirty off");
        } finally {
            knob(knob, 0);
        }
    }

    private static void knob(int knob, long value) {
        try {
            function("fake_xen_pv", FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG)).invokeExact(knob, value);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** suspended, passes, resumes, log-dirty. */
    private static long[] pvStats() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, 4);
            function("fake_xen_pv_stats", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS)).invokeExact(out);
            return out.toArray(ValueLayout.JAVA_LONG);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static byte[] guestMemory() {
        try {
            MemorySegment guest = (MemorySegment) function("fake_xen_pv_guest", FunctionDescriptor.of(ValueLayout.ADDRESS)).invokeExact();
            return guest.reinterpret((long) PFNS * 4096).toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
