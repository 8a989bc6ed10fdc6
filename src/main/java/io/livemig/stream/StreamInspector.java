package io.livemig.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Walks a stream without a destination (for {@code livemig inspect FILE}): every header and record
 * is validated as for a restore, except the pfn bound, which applies only when a limit is given.
 * Page data is skipped in bounded chunks, never kept.
 */
public final class StreamInspector {
    private static final int MAX_LISTED_PARAMS = 8;

    private StreamInspector() {
    }

    /**
     * Inspects a stream, collecting every record.
     *
     * @param pfnLimit           pfns must be below this; {@link StreamReader#NO_PFN_LIMIT} for no bound
     * @param requireEofAfterEnd the channel must end right after the stream (true for files)
     * @throws IOException when the channel itself fails; stream faults are reported in the result
     */
    public static InspectionReport inspect(ReadableByteChannel in, long pfnLimit, boolean requireEofAfterEnd) throws IOException {
        return inspect(in, pfnLimit, requireEofAfterEnd, r -> { });
    }

    /** As {@link #inspect(ReadableByteChannel, long, boolean)}, handing each record to {@code listener} as soon as it is read. */
    public static InspectionReport inspect(ReadableByteChannel in, long pfnLimit, boolean requireEofAfterEnd,
                                           Consumer<RecordInfo> listener) throws IOException {
        StreamReader reader = new StreamReader(in, pfnLimit, requireEofAfterEnd);
        List<RecordInfo> records = new ArrayList<>();
        String error = null;
        try {
            reader.open();
            while (reader.next()) {
                RecordInfo info = new RecordInfo(reader.recordIndex(), reader.recordOffset(), reader.layer(),
                        reader.recordType(), reader.recordName(), reader.bodyLength(), describe(reader));
                records.add(info);
                listener.accept(info);
            }
        } catch (StreamFormatException e) {
            error = e.getMessage();
        }
        return new InspectionReport(reader.framing(), reader.headers(), records, reader.position(), error);
    }

    /** A short description of the current record's body. */
    static String describe(StreamReader r) {
        String detail = r.layer() == StreamReader.Layer.LIBXL ? describeLibxl(r) : describeLibxc(r);
        if (r.inferredStaticDataEnd()) {
            detail = (detail.isEmpty() ? "" : detail + "; ") + "static data ends here (v2 stream, no STATIC_DATA_END)";
        }
        return detail;
    }

    private static String describeLibxl(StreamReader r) {
        return switch (r.recordType()) {
            case LibxlRecordType.LIBXC_CONTEXT -> {
                LibxcHeader h = r.libxcHeader();
                yield "libxc stream v" + h.version() + ", " + (h.domainType() == DomainType.X86_HVM ? "x86 HVM" : "x86 PV")
                        + (h.convertedFromLegacy() ? ", converted from legacy" : ", Xen " + Integer.toUnsignedString(h.xenMajor())
                        + "." + Integer.toUnsignedString(h.xenMinor())) + ", follows";
            }
            case LibxlRecordType.EMULATOR_XENSTORE_DATA -> {
                ByteBuffer b = r.body();
                int strings = 0;
                for (int i = 8; i < b.limit(); i++) {
                    if (b.get(i) == 0) {
                        strings++;
                    }
                }
                yield emulator(r) + ", " + plural(strings / 2, "xenstore entry", "xenstore entries");
            }
            case LibxlRecordType.EMULATOR_CONTEXT -> emulator(r) + ", " + (r.bodyLength() - 8) + " bytes of state";
            case LibxlRecordType.CHECKPOINT_STATE -> "id " + Integer.toUnsignedString(r.body().getInt(0));
            default -> r.isSkippedOptional() ? "unknown optional record, skipped" : "";
        };
    }

    private static String plural(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static String emulator(StreamReader r) {
        String name = switch (r.emulatorId()) {
            case 0 -> "unknown";
            case 1 -> "qemu traditional";
            case 2 -> "qemu upstream";
            default -> "reserved";
        };
        return "emulator " + Integer.toUnsignedString(r.emulatorId()) + " (" + name + ") index " + Integer.toUnsignedString(r.emulatorIndex());
    }

    private static String describeLibxc(StreamReader r) {
        ByteBuffer b = r.body();
        return switch (r.recordType()) {
            case RecordType.PAGE_DATA -> describePageData(r);
            case RecordType.X86_PV_INFO -> "guest_width " + b.get(0) + ", pt_levels " + b.get(1);
            case RecordType.X86_PV_P2M_FRAMES -> String.format("pfns 0x%x..0x%x, %d frames",
                    Integer.toUnsignedLong(b.getInt(0)), Integer.toUnsignedLong(b.getInt(4)), (r.bodyLength() - 8) / 8);
            case RecordType.X86_PV_VCPU_BASIC, RecordType.X86_PV_VCPU_EXTENDED, RecordType.X86_PV_VCPU_XSAVE,
                 RecordType.X86_PV_VCPU_MSRS -> "vcpu " + Integer.toUnsignedString(b.getInt(0)) + ", " + (r.bodyLength() - 8) + " bytes";
            case RecordType.X86_TSC_INFO -> {
                TscInfo t = r.tscInfo();
                yield "mode " + Integer.toUnsignedString(t.mode()) + ", " + Integer.toUnsignedString(t.khz()) + " kHz, elapsed "
                        + Long.toUnsignedString(t.nsec()) + " ns, incarnation " + Integer.toUnsignedString(t.incarnation());
            }
            case RecordType.HVM_CONTEXT -> describeHvmContext(r.hvmContextEntries());
            case RecordType.HVM_PARAMS -> describeParams(r.hvmParams());
            case RecordType.X86_CPUID_POLICY -> plural(r.bodyLength() / StaticState.CPUID_ENTRY_SIZE, "leaf", "leaves");
            case RecordType.X86_MSR_POLICY -> plural(r.bodyLength() / StaticState.MSR_ENTRY_SIZE, "MSR", "MSRs");
            case RecordType.CHECKPOINT_DIRTY_PFN_LIST -> plural(r.bodyLength() / 8, "pfn", "pfns");
            case RecordType.VERIFY -> "following PAGE_DATA is compared, not written";
            default -> r.isSkippedOptional() ? "unknown optional record, skipped" : "";
        };
    }

    private static String describePageData(StreamReader r) {
        int n = r.pageCount();
        long[] pfns = r.pfns();
        int[] types = r.pageTypes();
        int xtab = 0;
        int xalloc = 0;
        int broken = 0;
        for (int i = 0; i < n; i++) {
            switch (types[i]) {
                case PageType.XTAB -> xtab++;
                case PageType.XALLOC -> xalloc++;
                case PageType.BROKEN -> broken++;
                default -> {
                }
            }
        }
        StringBuilder s = new StringBuilder()
                .append("count ").append(n)
                .append(", data pages ").append(r.dataPages())
                .append(", pfn 0x").append(Long.toHexString(pfns[0]))
                .append("..0x").append(Long.toHexString(pfns[n - 1]));
        if (xtab > 0) {
            s.append(", XTAB ").append(xtab);
        }
        if (xalloc > 0) {
            s.append(", XALLOC ").append(xalloc);
        }
        if (broken > 0) {
            s.append(", BROKEN ").append(broken);
        }
        if (r.verifyActive()) {
            s.append(" (verify)");
        }
        return s.toString();
    }

    private static String describeHvmContext(List<HvmContext.Entry> entries) {
        StringBuilder s = new StringBuilder().append(entries.size()).append(" descriptors:");
        int i = 0;
        while (i < entries.size()) {
            int code = entries.get(i).typecode();
            int run = 1;
            while (i + run < entries.size() && entries.get(i + run).typecode() == code) {
                run++;
            }
            s.append(' ').append(hvmSaveTypeName(code));
            if (run > 1) {
                s.append(" x").append(run);
            }
            i += run;
        }
        return s.toString();
    }

    /** Type codes of xen/include/public/arch-x86/hvm/save.h. */
    static String hvmSaveTypeName(int code) {
        return switch (code) {
            case 0 -> "END";
            case 1 -> "HEADER";
            case 2 -> "CPU";
            case 3 -> "PIC";
            case 4 -> "IOAPIC";
            case 5 -> "LAPIC";
            case 6 -> "LAPIC_REGS";
            case 7 -> "PCI_IRQ";
            case 8 -> "ISA_IRQ";
            case 9 -> "PCI_LINK";
            case 10 -> "PIT";
            case 11 -> "RTC";
            case 12 -> "HPET";
            case 13 -> "PMTIMER";
            case 14 -> "MTRR";
            case 15 -> "VIRIDIAN_DOMAIN";
            case 16 -> "CPU_XSAVE";
            case 17 -> "VIRIDIAN_VCPU";
            case 18 -> "VMCE_VCPU";
            case 19 -> "TSC_ADJUST";
            case 20 -> "CPU_MSR";
            default -> "TYPE_" + code;
        };
    }

    private static String describeParams(List<HvmParam> params) {
        StringBuilder s = new StringBuilder().append("count ").append(params.size());
        for (int i = 0; i < params.size() && i < MAX_LISTED_PARAMS; i++) {
            HvmParam p = params.get(i);
            s.append(i == 0 ? ": " : " ").append('[').append(Long.toUnsignedString(p.index())).append("]=0x")
                    .append(Long.toHexString(p.value()));
        }
        if (params.size() > MAX_LISTED_PARAMS) {
            s.append(" ...");
        }
        return s.toString();
    }
}
