package io.livemig.backend.xen;

import static io.livemig.backend.xen.FakeXenChild.check;
import static io.livemig.backend.xen.FakeXenChild.function;

import io.livemig.backend.DomainException;
import io.livemig.engine.RestoreEngine;
import io.livemig.engine.RestoreResult;
import io.livemig.engine.SaveAbortedException;
import io.livemig.engine.SaveEngine;
import io.livemig.engine.SaveException;
import io.livemig.engine.SaveOptions;
import io.livemig.policy.Decision;
import io.livemig.stream.InMemoryDestination;
import io.livemig.stream.InspectionReport;
import io.livemig.stream.LibxlRecordType;
import io.livemig.stream.StreamInspector;
import io.livemig.stream.StreamReader;
import io.livemig.stream.StreamRecord;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Run in a child JVM by {@link FakeXenTest}: the stand-in guest (domid 7) made an HVM guest whose
 * upstream QEMU answers on a stand-in QMP socket ({@link StandInQmp}). A save stops the device
 * model once the guest is suspended, has it save its state, and ends the libxl stream with
 * EMULATOR_XENSTORE_DATA (the physmap keys) and EMULATOR_CONTEXT (what the stand-in saved), as
 * libxl does; every failure and ABORT leaves guest and device model running; device models livemig
 * cannot save are refused with one line. Prints "PASS scenario".
 */
@SuppressWarnings("restricted")
public final class FakeXenHvmChild {
    static final int DOMID = 7;
    static final int PFNS = 4096;
    /** What the stand-in QEMU saves: a multiple of 8 bytes, so that the record needs no padding. */
    static final byte[] QEMU_STATE = qemuState();

    private FakeXenHvmChild() {
    }

    private static byte[] qemuState() {
        byte[] b = new byte[4000];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    public static void main(String[] args) throws Exception {
        Path lib = Path.of(args[0]);
        Path privcmd = Path.of(args[1]);
        String scenario = args[2];
        Path dir = Path.of(args[3]);
        System.setProperty("livemig.xen.runDir", dir.toString());
        System.setProperty("livemig.xen.libDir", dir.toString());
        System.setProperty("livemig.xen.qmpTimeoutMillis", "1500");
        try (XenHost host = XenHost.open(Optional.of(lib), privcmd, Path.of("/nonexistent/capabilities"))) {
            makeHvm();
            try (StandInQmp qemu = new StandInQmp(dir.resolve("qmp-libxl-" + DOMID), QEMU_STATE)) {
                switch (scenario) {
                    case "hvm-dm-save" -> save(host, qemu, dir.resolve("stream"));
                    case "hvm-dm-failures" -> failures(host, qemu);
                    case "hvm-dm-refused" -> refused(host);
                    default -> throw new IllegalArgumentException(scenario);
                }
            }
        }
    }

    private static void makeHvm() {
        xs("/libxl/7/type", "hvm");
        xs("/libxl/7/dm-version", "qemu_xen");
        xs("/local/domain/0/device-model/7/physmap/f0000000/start_addr", "f0000000");
        xs("/local/domain/0/device-model/7/physmap/f0000000/size", "800000");
        xs("/local/domain/0/device-model/7/physmap/f0000000/name", "vga.vram");
        emulationFlags(0x3ff);
    }

    private static void save(XenHost host, StandInQmp qemu, Path file) throws Exception {
        try (XenDomain d = XenDomain.open(host, DOMID)) {
            check(d.hasDeviceModel(), "an HVM guest with a device model");
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                new SaveEngine(d, out, SaveOptions.builder().libxlFraming(true).build()).save();
            }
            check(qemu.received().equals(List.of("qmp_capabilities", "xen-set-global-dirty-log", "qmp_capabilities", "stop", "add-fd",
                    "xen-save-devices-state", "qmp_capabilities", "xen-set-global-dirty-log")), "QMP: " + qemu.received());
            check(qemu.arguments().get(1).get("enable").getAsBoolean() && !qemu.arguments().get(7).get("enable").getAsBoolean(),
                    "QEMU's dirty log on for the save, off after it: " + qemu.arguments());
            // as libxl: QEMU gets the open save file through add-fd (SCM_RIGHTS) and writes to the fdset
            var saveArguments = qemu.arguments().get(5);
            check(saveArguments.get("live").getAsBoolean() && saveArguments.get("filename").getAsString().equals("/dev/fdset/0"),
                    "xen-save-devices-state " + saveArguments);
            check(qemu.fdsets() == 0, "QEMU's copy of the descriptor is closed");
            check(!Files.exists(Path.of(System.getProperty("livemig.xen.libDir"), "qemu-save.7")), "the save file is removed");

            // the records at the stream's end, in libxl's order
            List<String> tail = new ArrayList<>();
            try (FileChannel in = FileChannel.open(file)) {
                StreamReader reader = new StreamReader(in, PFNS, true);
                reader.open();
                StreamRecord r;
                do {
                    r = reader.next();
                    switch (r) {
                        case StreamRecord.End e -> tail.add("END");
                        case StreamRecord.EmulatorXenstoreData x -> tail.add("XENSTORE " + x.emulatorId() + " " + x.pairs());
                        case StreamRecord.EmulatorContext c -> tail.add("CONTEXT " + c.emulatorId() + " " + c.stateLength());
                        case StreamRecord.LibxlEnd e -> tail.add("LIBXL END");
                        default -> {
                        }
                    }
                } while (!(r instanceof StreamRecord.LibxlEnd));
            }
            check(tail.equals(List.of("END", "XENSTORE 2 3", "CONTEXT 2 " + QEMU_STATE.length, "LIBXL END")), "stream end: " + tail);
            byte[] bytes = Files.readAllBytes(file);
            int contextAt = bytes.length - 8 - QEMU_STATE.length;
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            check(b.getInt(contextAt - 16) == LibxlRecordType.EMULATOR_CONTEXT && b.getInt(contextAt - 12) == QEMU_STATE.length + 8
                    && b.getInt(contextAt - 8) == 2 && b.getInt(contextAt - 4) == 0, "EMULATOR_CONTEXT header");
            check(Arrays.equals(QEMU_STATE, Arrays.copyOfRange(bytes, contextAt, contextAt + QEMU_STATE.length)),
                    "EMULATOR_CONTEXT holds what QEMU saved");
            String pairs = "physmap/f0000000/start_addr\0f0000000\0physmap/f0000000/size\0800000\0physmap/f0000000/name\0vga.vram\0";
            check(new String(bytes, StandardCharsets.ISO_8859_1).contains(pairs), "EMULATOR_XENSTORE_DATA holds the physmap keys");
            try (FileChannel in = FileChannel.open(file)) {
                InspectionReport report = StreamInspector.inspect(in, PFNS, true);
                check(report.valid(), "inspector: " + report.error());
            }
            RestoreResult restored;
            try (FileChannel in = FileChannel.open(file)) {
                restored = new RestoreEngine(new InMemoryDestination(PFNS), true).restore(in);
            }
            check(restored.notApplied().stream().anyMatch(n -> n.contains("device-model state")), "not applied: " + restored.notApplied());

            d.resume(); // --checkpoint: the guest and its device model run on
            check(!d.isSuspended() && qemu.received().getLast().equals("cont"), "resumed with QMP cont: " + qemu.received());
        }
        System.out.println("PASS hvm-dm-save");
    }

    private static void failures(XenHost host, StandInQmp qemu) throws Exception {
        qemu.fail("xen-save-devices-state", StandInQmp.Failure.REFUSE);
        failedSave(host, qemu, "QMP xen-save-devices-state to the device model of domid 7 (", "failed: GenericError: stand-in refuses xen-save-devices-state");
        qemu.fail("xen-save-devices-state", StandInQmp.Failure.SILENT);
        failedSave(host, qemu, "QMP xen-save-devices-state to the device model of domid 7 (", "): no answer within 1500 ms");
        qemu.fail("xen-save-devices-state", null);
        qemu.fail("add-fd", StandInQmp.Failure.REFUSE);
        failedSave(host, qemu, "QMP add-fd to the device model of domid 7 (", "failed: GenericError: stand-in refuses add-fd");
        qemu.fail("add-fd", null);
        qemu.fail("stop", StandInQmp.Failure.CLOSE);
        failedSave(host, qemu, "QMP stop to the device model of domid 7 (", "): the device model closed the connection");
        // an ABORT before the suspend leaves the device model running: its dirty log on, then off, no stop
        int before = qemu.received().size();
        try (XenDomain d = XenDomain.open(host, DOMID); FileChannel out = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE)) {
            try {
                new SaveEngine(d, out, SaveOptions.builder().libxlFraming(true)
                        .policy(stats -> stats.iteration() >= 2 ? Decision.ABORT : Decision.CONTINUE_PRECOPY).build()).save();
                throw new AssertionError("no abort");
            } catch (SaveAbortedException expected) {
                // the policy said so
            }
            List<String> after = qemu.received().subList(before, qemu.received().size());
            check(!d.isSuspended() && after.equals(List.of("qmp_capabilities", "xen-set-global-dirty-log", "qmp_capabilities",
                    "xen-set-global-dirty-log")), "ABORT: the guest runs, QEMU never stopped: " + after);
        }
        System.out.println("PASS hvm-dm-failures");
    }

    private static void failedSave(XenHost host, StandInQmp qemu, String prefix, String suffix) throws Exception {
        try (XenDomain d = XenDomain.open(host, DOMID); FileChannel out = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE)) {
            try {
                new SaveEngine(d, out, SaveOptions.builder().libxlFraming(true).build()).save();
                throw new AssertionError("the save succeeded, expected " + suffix);
            } catch (SaveException expected) {
                String m = expected.getMessage();
                check(m.contains(prefix) && m.contains(suffix), "expected \"" + prefix + "..." + suffix + "\" in \"" + m + "\"");
            }
            check(!d.isSuspended() && !d.logDirtyEnabled(), "the guest runs again, log-dirty off");
            check(!Files.exists(Path.of(System.getProperty("livemig.xen.libDir"), "qemu-save.7")), "no save file left behind");
            List<String> received = qemu.received();
            int dirtyLog = received.lastIndexOf("xen-set-global-dirty-log");
            check(received.getLast().equals("cont") && received.lastIndexOf("cont") > received.lastIndexOf("stop")
                    && !qemu.arguments().get(dirtyLog).get("enable").getAsBoolean(),
                    "the device model's dirty log turned off, then the device model let run again (QMP cont): " + received);
        }
    }

    private static void refused(XenHost host) throws Exception {
        try (XenDomain d = XenDomain.open(host, DOMID); FileChannel out = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE)) {
            try {
                new SaveEngine(d, out, SaveOptions.defaults()).save();
                throw new AssertionError("a libxc-only save of an HVM guest with a device model succeeded");
            } catch (SaveException expected) {
                check(expected.getMessage().equals("save of domid 7 refused: it has a device model, whose state travels only in the libxl"
                        + " stream; save it in the libxl or xl format"), expected.getMessage());
            }
            check(!d.isSuspended(), "refused before anything");
        }
        xs("/libxl/7/dm-version", "qemu_xen_traditional");
        expect(host, "domid 7 is an HVM guest with the qemu-traditional device model: livemig saves upstream QEMU's state only"
                + " (device_model_version = \"qemu-xen\"); save it with xl save");
        xs("/libxl/7/dm-version", "qemu_xen");
        xs("/local/domain/7/image/device-model-domid", "8");
        expect(host, "domid 7 is an HVM guest whose device model runs in a stubdomain (domid 8): livemig cannot save a stubdomain's"
                + " device model; save it with xl save");
        xs("/local/domain/7/image/device-model-domid", null);
        xs("/libxl/7/type", null);
        expect(host, "domid 7 is an HVM guest with emulated devices that libxl did not create (no /libxl/7/type): livemig cannot"
                + " find its device model to save its state");
        System.out.println("PASS hvm-dm-refused");
    }

    private static void expect(XenHost host, String message) {
        try {
            XenDomain.open(host, DOMID).close();
            throw new AssertionError("opened, expected \"" + message + "\"");
        } catch (DomainException e) {
            check(e.getMessage().equals(message), "expected \"" + message + "\", got \"" + e.getMessage() + "\"");
        }
    }

    private static void xs(String path, String value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = value == null ? MemorySegment.NULL : arena.allocateFrom(value);
            function("fake_xen_xs_set", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS))
                    .invokeExact(arena.allocateFrom(path), v);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static void emulationFlags(int flags) {
        try {
            function("fake_xen_emulation_flags", FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT)).invokeExact(flags);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
