package io.livemig.stream;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Walks a stream without a destination (for {@code livemig inspect FILE}): every header and record
 * is checked as for a restore, except the pfn bound, which applies only when a limit is given.
 * Page data is skipped in bounded chunks, never kept.
 */
public final class StreamInspector {
    private static final int MAX_LISTED_PARAMS = 8;

    private StreamInspector() {
    }

    /**
     * Inspects a stream, collecting every record.
     *
     * @param in                 the stream
     * @param pfnLimit           pfns must be below this; {@link StreamReader#NO_PFN_LIMIT} for no bound
     * @param requireEofAfterEnd the channel must end right after the stream (true for files)
     * @return the framing, headers and records read, the bytes consumed and the first fault, if any
     * @throws IOException when the channel itself fails; stream faults are reported in the result
     */
    public static InspectionReport inspect(ReadableByteChannel in, long pfnLimit, boolean requireEofAfterEnd) throws IOException {
        return inspect(in, pfnLimit, requireEofAfterEnd, r -> { });
    }

    /**
     * As {@link #inspect(ReadableByteChannel, long, boolean)}, handing each record to {@code listener} as soon as it is read.
     *
     * @param in                 the stream
     * @param pfnLimit           pfns must be below this; {@link StreamReader#NO_PFN_LIMIT} for no bound
     * @param requireEofAfterEnd the channel must end right after the stream (true for files)
     * @param listener           called with each record once it is read and checked
     * @return the framing, headers and records read, the bytes consumed and the first fault, if any
     * @throws IOException when the channel itself fails; stream faults are reported in the result
     */
    public static InspectionReport inspect(ReadableByteChannel in, long pfnLimit, boolean requireEofAfterEnd,
                                           Consumer<RecordInfo> listener) throws IOException {
        StreamReader reader = new StreamReader(in, pfnLimit, requireEofAfterEnd);
        List<RecordInfo> records = new ArrayList<>();
        String error = null;
        try {
            reader.open();
            for (StreamRecord r = reader.next(); r != null; r = reader.next()) {
                String detail = describe(r);
                if (reader.staticDataEndsHere()) {
                    detail = (detail.isEmpty() ? "" : detail + "; ") + "static data ends here (v2 stream, no STATIC_DATA_END)";
                }
                RecordInfo info = new RecordInfo(reader.recordIndex(), reader.recordOffset(), reader.layer(),
                        reader.recordType(), reader.recordName(), reader.bodyLength(), detail);
                records.add(info);
                listener.accept(info);
            }
        } catch (StreamFormatException e) {
            error = e.getMessage();
        }
        return new InspectionReport(reader.framing(), reader.headers(), records, reader.position(), error);
    }

    /** A short description of a record's body. */
    static String describe(StreamRecord record) {
        return switch (record) {
            case PageData p -> describePageData(p);
            case StreamRecord.End e -> "";
            case StreamRecord.StaticDataEnd s -> "";
            case StreamRecord.CpuidPolicy c -> plural(c.leaves(), "leaf", "leaves");
            case StreamRecord.MsrPolicy m -> plural(m.entries(), "MSR", "MSRs");
            case StreamRecord.PvInfo i -> "guest_width " + i.guestWidth() + ", pt_levels " + i.ptLevels();
            case StreamRecord.PvP2mFrames f -> String.format("pfns 0x%x..0x%x, %d frames", f.startPfn(), f.endPfn(), f.frames());
            case StreamRecord.PvVcpu v -> "vcpu " + Integer.toUnsignedString(v.vcpuId()) + ", " + v.contextLength() + " bytes";
            case StreamRecord.SharedInfo s -> "";
            case StreamRecord.Tsc t -> "mode " + Integer.toUnsignedString(t.info().mode()) + ", " + Integer.toUnsignedString(t.info().khz())
                    + " kHz, elapsed " + Long.toUnsignedString(t.info().nsec()) + " ns, incarnation "
                    + Integer.toUnsignedString(t.info().incarnation());
            case StreamRecord.HvmContextBlob h -> describeHvmContext(h.entries());
            case StreamRecord.HvmParams h -> describeParams(h.params());
            case StreamRecord.Toolstack t -> "";
            case StreamRecord.Verify v -> "following PAGE_DATA is compared, not written";
            case StreamRecord.Checkpoint c -> "";
            case StreamRecord.DirtyPfnList d -> plural(d.pfns(), "pfn", "pfns");
            case StreamRecord.Skipped s -> "unknown optional record, skipped";
            case StreamRecord.LibxcContext c -> "libxc stream v" + c.header().version() + ", " + c.header().domainType().displayName()
                    + (c.header().convertedFromLegacy() ? ", converted from legacy" : ", Xen " + c.header().xenVersion()) + ", follows";
            case StreamRecord.LibxlEnd e -> "";
            case StreamRecord.EmulatorXenstoreData x -> emulator(x.emulatorId(), x.index()) + ", "
                    + plural(x.pairs(), "xenstore entry", "xenstore entries");
            case StreamRecord.EmulatorContext x -> emulator(x.emulatorId(), x.index()) + ", " + x.stateLength() + " bytes of state";
            case StreamRecord.CheckpointEnd c -> "";
            case StreamRecord.CheckpointState s -> "id " + Integer.toUnsignedString(s.controlId());
        };
    }

    private static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static String emulator(int id, int index) {
        return "emulator " + Integer.toUnsignedString(id) + " (" + EmulatorDescriptor.emulatorName(id) + ") index "
                + Integer.toUnsignedString(index);
    }

    private static String describePageData(PageData p) {
        int n = p.count();
        long[] pfns = p.pfns();
        int[] types = p.types();
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
                .append(", data pages ").append(p.dataPages())
                .append(", pfn 0x").append(Long.toHexString(pfns[0]))
                .append("..0x").append(Long.toHexString(pfns[n - 1]));
        appendCount(s, PageType.XTAB, xtab);
        appendCount(s, PageType.XALLOC, xalloc);
        appendCount(s, PageType.BROKEN, broken);
        if (p.verify()) {
            s.append(" (verify)");
        }
        return s.toString();
    }

    private static void appendCount(StringBuilder s, int pageType, int n) {
        if (n > 0) {
            s.append(", ").append(PageType.name(pageType)).append(' ').append(n);
        }
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
            case HvmContext.TYPE_END -> "END";
            case HvmContext.TYPE_HEADER -> "HEADER";
            case HvmContext.TYPE_CPU -> "CPU";
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
