package io.livemig.backend.xen;

import io.livemig.backend.CpuThrottle;
import io.livemig.backend.DirtyBitmap;
import io.livemig.backend.DomainException;
import io.livemig.backend.PageMapper;
import io.livemig.backend.xen.bindings.XenLibraries;
import io.livemig.backend.xen.bindings.xenctrl_h;
import io.livemig.posix.Errno;
import io.livemig.engine.RestoreEngine;
import io.livemig.engine.SaveAbortedException;
import io.livemig.engine.SaveEngine;
import io.livemig.engine.SaveException;
import io.livemig.engine.SaveListener;
import io.livemig.engine.SaveOptions;
import io.livemig.engine.SaveResult;
import io.livemig.policy.Decision;
import io.livemig.stream.DeviceState;
import io.livemig.stream.DomainType;
import io.livemig.stream.HvmParam;
import io.livemig.stream.InMemoryDestination;
import io.livemig.stream.InspectionReport;
import io.livemig.stream.PageType;
import io.livemig.stream.StaticState;
import io.livemig.stream.StreamInspector;
import io.livemig.testing.Await;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Run in a child JVM by {@link FakeXenTest}: the Xen backend against the stand-in libraries of
 * src/test/c/fake_xen.c (loaded from a directory, as with --xen-lib). Each scenario checks what
 * it did and prints "PASS scenario ..." on stdout; a failed check ends the JVM with an error.
 */
@SuppressWarnings("restricted") // reads the stand-in's state through its test functions
public final class FakeXenChild {
    static final int DOMID = 7;
    static final int PFNS = 4096;
    static final int HOLE_FIRST = 0xA0;
    static final int HOLE_LAST = 0xBF;
    static final int PATTERN_FIRST = 0x400;
    static final int DEFERRED_PFN = 0x300;
    // indices of fake_xen_stats
    static final int MAPS = 0;
    static final int UNMAPS = 1;
    static final int LIVE_MAPPINGS = 2;
    static final int LIVE_BUFFERS = 3;
    static final int HINTS_HONOURED = 4;
    static final int LOGDIRTY = 5;
    static final int SUSPENDED = 6;
    static final int PASS = 7;
    static final int RESUMES = 8;
    static final int XS_RESUMES = 9;
    static final int LOGGER_LEVEL = 10;
    static final int DEFERRALS = 11;

    private FakeXenChild() {
    }

    public static void main(String[] args) throws Exception {
        Path lib = Path.of(args[0]);
        Path privcmd = Path.of(args[1]);
        String scenario = args[2];
        try (XenHost host = XenHost.open(Optional.of(lib), privcmd, Path.of("/nonexistent/capabilities"))) {
            check(host.xenMajor() == 4 && host.xenMinor() == 17, "Xen version " + host.xenMajor() + "." + host.xenMinor());
            check(stats()[LOGGER_LEVEL] == 9, "the libraries got a logger at XTL_CRITICAL, not level " + stats()[LOGGER_LEVEL]);
            switch (scenario) {
                case "save" -> save(host, Path.of(args[3]));
                case "abort" -> abort(host);
                case "fail-after-suspend" -> failAfterSuspend(host);
                case "misuse" -> misuse(host);
                case "throttle" -> throttle(host);
                default -> throw new IllegalArgumentException(scenario);
            }
        }
    }

    private static void save(XenHost host, Path file) throws Exception {
        try (XenDomain d = XenDomain.open(host, DOMID)) {
            check(d.pfnCount() == PFNS, "pfnCount " + d.pfnCount());
            check(d.type() == DomainType.X86_HVM, "type " + d.type());
            StaticState policy = d.staticState();
            check(policy.cpuidPolicy().length == 3 * 24 && policy.msrPolicy().length == 2 * 16, "CPU policy sizes");
            SaveResult result;
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                result = new SaveEngine(d, out, SaveOptions.defaults()).save();
            }
            check(d.isSuspended(), "a saved domain stays suspended");
            check(!d.logDirtyEnabled(), "log-dirty off after the save");
            long[] s = stats();
            byte[] memory = guestMemory();
            check(s[LOGDIRTY] == 0, "the stand-in's log-dirty is off");
            check(s[LIVE_MAPPINGS] == 0 && s[MAPS] == s[UNMAPS], "every mapping unmapped: " + Arrays.toString(s));
            check(s[LIVE_BUFFERS] == 0, "the dirty bitmap's hypercall buffer was freed with the engine's arena");
            check(s[DEFERRALS] == 1, "pfn 0x300 was deferred once");
            check(s[HINTS_HONOURED] >= s[MAPS] - 2, "mappings reused the hinted address: " + s[HINTS_HONOURED] + " of " + s[MAPS]);
            check(result.liveRounds() >= 1 && result.rounds().getLast().deferred() == 0, "rounds " + result.rounds());

            InMemoryDestination destination = new InMemoryDestination(PFNS);
            try (FileChannel in = FileChannel.open(file)) {
                new RestoreEngine(destination, true).restore(in);
            }
            for (int pfn = 0; pfn < PFNS; pfn++) {
                boolean hole = pfn >= HOLE_FIRST && pfn <= HOLE_LAST;
                if (hole) {
                    check(!destination.isPopulated(pfn), "hole pfn " + pfn + " was sent with data");
                } else {
                    byte[] expected = Arrays.copyOfRange(memory, pfn * 4096, (pfn + 1) * 4096);
                    check(Arrays.equals(expected, destination.page(pfn)), "pfn 0x" + Integer.toHexString(pfn)
                            + " restored differs from the guest's memory at suspend");
                }
            }
            DeviceState device = destination.deviceState();
            check(device.hvmParams().equals(List.of(new HvmParam(HvmParam.STORE_PFN, PFNS - 5), new HvmParam(HvmParam.CONSOLE_PFN, PFNS - 8))),
                    "HVM params " + device.hvmParams());
            check(device.tsc().khz() == 2_400_000 && device.tsc().nsec() == 123456789L, "TSC " + device.tsc());
            check(destination.staticState().cpuidPolicy().length == 72, "CPUID policy restored");
            try (FileChannel in = FileChannel.open(file)) {
                InspectionReport report = StreamInspector.inspect(in, PFNS, true);
                check(report.valid(), "inspector: " + report.error());
            }

            long passBefore = stats()[PASS];
            d.resume();
            check(!d.isSuspended() && d.info().state().equals("running"), "resumed: " + d.info().state());
            Await.until(() -> stats()[PASS] > passBefore, "the guest writes again after the resume");
            s = stats();
            check(s[RESUMES] == 1 && s[XS_RESUMES] == 1, "xc_domain_resume and xs_resume_domain once each");
            System.out.println("PASS save: " + result.liveRounds() + " live rounds, " + result.pagesSent() + " pages, "
                    + result.bytesWritten() + " bytes");
        }
    }

    private static void abort(XenHost host) throws Exception {
        try (XenDomain d = XenDomain.open(host, DOMID); FailingChannel out = new FailingChannel(() -> false, 0)) {
            SaveOptions options = SaveOptions.builder()
                    .policy(stats -> stats.iteration() >= 2 ? Decision.ABORT : Decision.CONTINUE_PRECOPY).build();
            try {
                new SaveEngine(d, out, options).save();
                throw new AssertionError("the save did not abort");
            } catch (SaveAbortedException expected) {
                // the policy said so
            }
            long[] s = stats();
            check(s[SUSPENDED] == 0 && !d.isSuspended(), "an aborted save never suspends");
            check(s[LOGDIRTY] == 0 && !d.logDirtyEnabled(), "log-dirty off after the abort");
            check(s[LIVE_MAPPINGS] == 0 && s[LIVE_BUFFERS] == 0, "nothing left mapped: " + Arrays.toString(s));
            System.out.println("PASS abort");
        }
    }

    private static void failAfterSuspend(XenHost host) throws Exception {
        boolean[] suspended = {false};
        SaveListener listener = new SaveListener() {
            @Override
            public void suspended(Instant at) {
                suspended[0] = true;
            }
        };
        try (XenDomain d = XenDomain.open(host, DOMID); FailingChannel out = new FailingChannel(() -> suspended[0], 0)) {
            try {
                new SaveEngine(d, out, SaveOptions.builder().listener(listener).build()).save();
                throw new AssertionError("the save did not fail");
            } catch (SaveException expected) {
                check(expected.getMessage().contains("injected failure"), expected.getMessage());
            }
            check(suspended[0], "the failure came after the suspend");
            long[] s = stats();
            check(s[SUSPENDED] == 0 && !d.isSuspended(), "the engine resumed the guest");
            check(s[RESUMES] == 1 && s[XS_RESUMES] == 1, "resumed through xc_domain_resume and xs_resume_domain");
            check(s[LOGDIRTY] == 0 && !d.logDirtyEnabled(), "log-dirty off after the failure");
            check(s[LIVE_MAPPINGS] == 0 && s[LIVE_BUFFERS] == 0, "nothing left mapped: " + Arrays.toString(s));
            System.out.println("PASS fail-after-suspend");
        }
    }

    private static void misuse(XenHost host) {
        expect(() -> XenDomain.open(host, 5), "there is no domain with domid 5");
        XenDomain d = XenDomain.open(host, DOMID);
        try (Arena arena = Arena.ofConfined()) {
            DirtyBitmap ordinary = DirtyBitmap.allocate(arena, PFNS);
            expect(() -> d.cleanDirtyBitmap(ordinary), "domid 7: the dirty bitmap does not come from allocateDirtyBitmap of this domain"
                    + " (the hypervisor writes only into hypercall buffers)");
            DirtyBitmap bitmap = d.allocateDirtyBitmap(arena);
            check(bitmap.count() == 0, "a new bitmap is clear although the stand-in hands out dirty buffers");
            expect(() -> d.finalDirtyBitmap(bitmap), "domid 7: the final dirty bitmap was asked of a running domain (suspend it first)");
            expect(d::deviceState, "domid 7: the device state was asked of a running domain (suspend it first)");
            d.enableLogDirty();
            d.enableLogDirty(); // already on: Xen refuses, the backend turns it off and on again
            check(d.logDirtyEnabled() && stats()[LOGDIRTY] == 1, "log-dirty on");
            try (PageMapper mapper = d.openPageMapper(16)) {
                long[] pfns = {0x9F, 0xA0, 0xC0, 0xC1};
                int[] types = new int[16];
                ByteBuffer[] pages = new ByteBuffer[16];
                int buffers = mapper.map(pfns, 4, types, pages);
                // the three data pages sit side by side in the mapping: one buffer, in batch order
                check(buffers == 1 && types[1] == PageType.XTAB && types[0] == PageType.NOTAB && types[3] == PageType.NOTAB,
                        "a batch around a hole: " + buffers + " buffers, types " + Arrays.toString(types));
                check(pages[0].remaining() == 3 * 4096, "three pages in the buffer");
                byte[] memory = guestMemory();
                long[] dataPfns = {0x9F, 0xC0, 0xC1};
                for (int i = 0; i < 3; i++) {
                    byte[] mapped = new byte[4096];
                    pages[0].get(pages[0].position() + i * 4096, mapped);
                    int pfn = (int) dataPfns[i];
                    check(Arrays.equals(mapped, Arrays.copyOfRange(memory, pfn * 4096, (pfn + 1) * 4096)),
                            "page " + i + " of the buffer is pfn 0x" + Integer.toHexString(pfn));
                }
                expect(() -> mapper.map(pfns, 1, types, pages), "domid 7: map called while the previous batch is still mapped (unmap it first)");
                mapper.unmap();
                check(pages[0].remaining() == 0, "buffers are emptied by unmap");
                expect(() -> mapper.map(new long[] {PFNS}, 1, types, pages), "domid 7: pfn 4096 (batch entry 0) outside 0..4095");
            }
        }
        d.close();
        check(stats()[LOGDIRTY] == 0, "closing the domain turned the log-dirty it had left on off");
        expect(d::info, "domid 7: this XenDomain is closed");
        XenDomain other = XenDomain.open(host, DOMID);
        host.close();
        expect(other::info, "the Xen connection is closed");
        System.out.println("PASS misuse");
    }

    // knobs of fake_xen_sched and indices of fake_xen_sched_stats
    static final int SCHED_KNOB_SCHEDULER = 1;
    static final int SCHED_KNOB_CAP = 2;
    static final int SCHED_KNOB_WEIGHT = 3;
    static final int SCHED_KNOB_FAIL_NEXT_SET = 4;
    static final int SCHED_KNOB_POOL = 5;
    static final int SCHED_WEIGHT = 0;
    static final int SCHED_CAP = 1;
    static final int SCHED_SETS = 2;
    static final int POOL_INFOS = 3;

    /**
     * The CPU throttle through the scheduler cap: credit2 without a cap of its own, credit2 and
     * credit with one, a refused write (named with its errno, the cap still restored), a domain
     * gone before the restore, schedulers without caps and a cpupool that is gone.
     */
    private static void throttle(XenHost host) {
        try (XenDomain d = XenDomain.open(host, DOMID)) {
            CpuThrottle t = d.openCpuThrottle();
            check(t.describe().equals("credit2 cap of domid 7 (originally 0, none; 1 vCPU)"), t.describe());
            check(t.percent() == 0 && sched()[SCHED_SETS] == 0, "opening a throttle changes nothing");
            t.restore();
            check(sched()[SCHED_SETS] == 0, "restoring a throttle never set writes nothing");
            t.set(50);
            check(sched()[SCHED_CAP] == 50 && sched()[SCHED_WEIGHT] == 256 && t.percent() == 50, "50 %: " + Arrays.toString(sched()));
            t.set(99);
            check(sched()[SCHED_CAP] == 1, "99 %: cap " + sched()[SCHED_CAP]);
            t.restore();
            check(sched()[SCHED_CAP] == 0 && t.percent() == 0, "restored: no cap again");
            long sets = sched()[SCHED_SETS];
            t.restore();
            check(sched()[SCHED_SETS] == sets, "a second restore writes nothing");
            expect(() -> t.set(100), "CPU throttle must be 0..99 %, not 100");

            // a cap and a weight of its own: the cap scales, the weight stays
            sched(SCHED_KNOB_CAP, 80);
            sched(SCHED_KNOB_WEIGHT, 512);
            CpuThrottle own = d.openCpuThrottle();
            check(own.describe().equals("credit2 cap of domid 7 (originally 80; 1 vCPU)"), own.describe());
            own.set(50);
            check(sched()[SCHED_CAP] == 40 && sched()[SCHED_WEIGHT] == 512, "50 % of cap 80: " + Arrays.toString(sched()));
            own.set(0);
            check(sched()[SCHED_CAP] == 80 && own.percent() == 0, "0 %: the domain's own cap");
            sets = sched()[SCHED_SETS];
            own.restore();
            check(sched()[SCHED_SETS] == sets, "after 0 % the restore has nothing to write");

            // credit, and a write Xen refuses: the call and errno named, the restore still done
            sched(SCHED_KNOB_SCHEDULER, xenctrl_h.XEN_SCHEDULER_CREDIT());
            CpuThrottle credit = d.openCpuThrottle();
            check(credit.describe().equals("credit cap of domid 7 (originally 80; 1 vCPU)"), credit.describe());
            credit.set(25);
            check(sched()[SCHED_CAP] == 60, "credit 25 % of 80: " + sched()[SCHED_CAP]);
            sched(SCHED_KNOB_FAIL_NEXT_SET, Errno.EPERM);
            expect(() -> credit.set(50), XenCallException.message("xc_sched_credit_domain_set", "domid 7, weight 512, cap 40", Errno.EPERM, ""));
            check(sched()[SCHED_CAP] == 60, "the refused write changed nothing");
            credit.restore();
            check(sched()[SCHED_CAP] == 80 && credit.percent() == 0, "restored after a refused write: " + sched()[SCHED_CAP]);

            // the throttle outlives the XenDomain; a domain gone before the restore needs none
            XenDomain shortLived = XenDomain.open(host, DOMID);
            CpuThrottle outliving = shortLived.openCpuThrottle();
            outliving.set(10);
            shortLived.close();
            outliving.restore();
            check(sched()[SCHED_CAP] == 80, "restored after the XenDomain was closed");
            outliving.set(10);
            sched(SCHED_KNOB_FAIL_NEXT_SET, Errno.ESRCH);
            outliving.restore();
            check(outliving.percent() == 0 && sched()[SCHED_CAP] == 72, "a domain gone (ESRCH): the restore gives up quietly");
        }
        try (XenDomain d = XenDomain.open(host, DOMID)) {
            // schedulers without caps, and a cpupool that is no longer there
            sched(SCHED_KNOB_SCHEDULER, xenctrl_h.XEN_SCHEDULER_RTDS());
            expect(d::openCpuThrottle, "domid 7 cannot be throttled: its cpupool 0 runs the rtds scheduler, and the CPU throttle"
                    + " (auto-converge) works through the cap of the credit or credit2 scheduler");
            sched(SCHED_KNOB_SCHEDULER, xenctrl_h.XEN_SCHEDULER_NULL());
            expect(d::openCpuThrottle, "domid 7 cannot be throttled: its cpupool 0 runs the null scheduler, and the CPU throttle"
                    + " (auto-converge) works through the cap of the credit or credit2 scheduler");
            sched(SCHED_KNOB_SCHEDULER, xenctrl_h.XEN_SCHEDULER_CREDIT2());
            sched(SCHED_KNOB_POOL, 5);
            expect(d::openCpuThrottle, "the cpupool of domid 7, 5, no longer exists (xc_cpupool_getinfo gave pool 7)");
            sched(SCHED_KNOB_POOL, 9);
            expect(d::openCpuThrottle, XenCallException.message("xc_cpupool_getinfo", "pool 9 of domid 7", Errno.ENOENT, ""));
            sched(SCHED_KNOB_POOL, 7);
            check(d.openCpuThrottle().describe().startsWith("credit2 cap of domid 7"), "a domain in cpupool 7");
        }
        check(sched()[POOL_INFOS] == 0, "every xc_cpupool_getinfo was freed: " + sched()[POOL_INFOS] + " left");
        System.out.println("PASS throttle");
    }

    private static void sched(int knob, long value) {
        try {
            function("fake_xen_sched", FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG)).invokeExact(knob, value);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static long[] sched() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, 4);
            function("fake_xen_sched_stats", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS)).invokeExact(out);
            return out.toArray(ValueLayout.JAVA_LONG);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static void expect(Runnable call, String message) {
        try {
            call.run();
        } catch (DomainException | IllegalStateException | IllegalArgumentException e) {
            check(e.getMessage().equals(message), "expected \"" + message + "\", got \"" + e.getMessage() + "\"");
            return;
        }
        throw new AssertionError("no failure, expected \"" + message + "\"");
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }

    /** A test function of the stand-in library (fake_xen_*). */
    static MethodHandle function(String name, FunctionDescriptor descriptor) {
        MemorySegment address = XenLibraries.lookup(XenLibraries.Library.XENCTRL).find(name).orElseThrow();
        return Linker.nativeLinker().downcallHandle(address, descriptor);
    }

    private static long[] stats() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(ValueLayout.JAVA_LONG, 12);
            function("fake_xen_stats", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS)).invokeExact(out);
            return out.toArray(ValueLayout.JAVA_LONG);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static byte[] guestMemory() {
        try {
            MemorySegment guest = (MemorySegment) function("fake_xen_guest", FunctionDescriptor.of(ValueLayout.ADDRESS)).invokeExact();
            return guest.reinterpret((long) PFNS * 4096).toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
