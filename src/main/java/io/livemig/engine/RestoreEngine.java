package io.livemig.engine;

import io.livemig.backend.DestinationDomain;
import io.livemig.backend.DomainException;
import io.livemig.backend.PageSink;
import io.livemig.stream.DeviceState;
import io.livemig.stream.DomainType;
import io.livemig.stream.HvmParam;
import io.livemig.stream.LibxcHeader;
import io.livemig.stream.LibxlHeaderDescriptor;
import io.livemig.stream.PageData;
import io.livemig.stream.StaticState;
import io.livemig.stream.StreamFormat;
import io.livemig.stream.StreamFormatException;
import io.livemig.stream.StreamReader;
import io.livemig.stream.StreamRecord;
import io.livemig.stream.TscInfo;
import io.livemig.stream.XlSaveHeader;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Restores a migration stream into a {@link DestinationDomain}, as Xen's xc_domain_restore does
 * for an x86 HVM or x86 PV guest: the CPU policy records are applied at STATIC_DATA_END (for a v2
 * stream, at the first PAGE_DATA or X86_PV_P2M_FRAMES), page data is read from the channel
 * straight into the destination's memory (an x86 PV stream's pfns, pseudo-physical frame numbers
 * inside its p2m, address the destination as an HVM stream's gfns do), and the destination is
 * marked complete only after the whole stream (libxl layer included) was read and checked. Any
 * fault leaves the destination incomplete and surfaces as one {@link StreamFormatException}
 * naming the record and offset.
 *
 * <p>x86 HVM: TSC info, HVM context and HVM params are kept and applied together at the libxc END.
 * x86 PV: at the libxc END every page whose last copy was a page table (L1TAB..L4TAB, pinned or
 * not) is checked in the destination's memory ({@link PvPageTables}): its present entries must
 * reference pfns inside the p2m that the stream populated with data, and map no superpage. The
 * vCPU records, SHARED_INFO, X86_TSC_INFO and the p2m frame list are checked but have nowhere to
 * go in a destination that runs no vCPU and has neither shared info nor a p2m of its own.
 *
 * <p>Every record type Xen 4.17 writes is understood; the reader refuses the records of the other
 * domain type, as Xen's restore does. What cannot be applied (the PV state above, the deprecated
 * TOOLSTACK record, Remus/COLO checkpoint records, device-model records of the libxl layer,
 * unknown optional records) is reported in {@link RestoreResult#notApplied()}.
 *
 * <p>After a VERIFY record, PAGE_DATA is compared with the destination instead of written; a
 * difference is an error (Xen only logs it).
 */
public final class RestoreEngine {
    private static final Logger LOG = LogManager.getLogger(RestoreEngine.class);
    private static final byte[] NONE = new byte[0];
    /** Distinct record names counted, and kinds of unapplied records noted, before they are lumped together. */
    static final int MAX_KINDS = 64;
    static final String OTHER_RECORDS = "OTHER_RECORD_TYPES";

    private final DestinationDomain destination;
    private final boolean requireEofAfterEnd;

    /**
     * An engine that restores into {@code destination}.
     *
     * @param destination        the domain to restore into
     * @param requireEofAfterEnd the channel must end right after the stream (files, pipes); false for a
     *                           connection that carries more after it
     */
    public RestoreEngine(DestinationDomain destination, boolean requireEofAfterEnd) {
        this.destination = destination;
        this.requireEofAfterEnd = requireEofAfterEnd;
    }

    /**
     * Reads the whole stream from {@code in} and applies it.
     *
     * @param in the channel the stream is read from
     * @return what the restore read and applied
     * @throws StreamFormatException when the stream is malformed, truncated, does not fit the
     *                               destination, or the destination fails to apply a record
     * @throws IOException           when the channel fails
     */
    public RestoreResult restore(ReadableByteChannel in) throws IOException {
        return new Run(in).run();
    }

    /** The state of one restore. */
    private final class Run {
        private final StreamReader reader;
        private final long startNanos = System.nanoTime();
        private final ByteBuffer[] pages = new ByteBuffer[StreamFormat.MAX_BATCH_SIZE];
        /** Records per type name; a one-element array per name so counting a record allocates nothing. */
        private final Map<String, long[]> counts = new LinkedHashMap<>();
        private final Map<String, Note> notes = new LinkedHashMap<>();
        private final List<String> headerNotes = new ArrayList<>();

        private byte[] cpuidPolicy = NONE;
        private byte[] msrPolicy = NONE;
        private boolean staticStateApplied;
        private TscInfo tsc;
        /** The page tables of an x86 PV stream; null for x86 HVM. */
        private PvPageTables pvPageTables;
        private byte[] hvmContext;
        private final Map<Long, Long> hvmParams = new LinkedHashMap<>();
        private boolean verify;
        private long pfnEntries;
        private long pagesWritten;
        private long pagesVerified;
        private Instant endReadAt;

        Run(ReadableByteChannel in) {
            this.reader = new StreamReader(in, destination.pfnLimit(), requireEofAfterEnd);
        }

        RestoreResult run() throws IOException {
            reader.open();
            XlSaveHeader xl = reader.xlHeader();
            if (xl != null && xl.config().length > 0) {
                headerNotes.add("xl header: domain config of " + xl.config().length + " bytes" + (xl.configIsJson() ? " (JSON)" : "")
                        + " not applied: domain \"" + destination.name() + "\" was configured before the stream");
            }
            if ((reader.libxlOptions() & LibxlHeaderDescriptor.OPT_LEGACY) != 0) {
                headerNotes.add("libxl header: the stream was converted from the legacy format");
            }
            if (reader.libxcHeader() != null) {
                checkHeader(reader.libxcHeader());
            }
            try (PageSink sink = destination.openPageSink(StreamFormat.MAX_BATCH_SIZE)) {
                for (StreamRecord record = reader.next(); record != null; record = reader.next()) {
                    counts.computeIfAbsent(countedName(), k -> new long[1])[0]++;
                    apply(record, sink);
                    if (reader.finished()) {
                        endReadAt = Instant.now();
                    }
                }
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
            destination.markComplete();
            LibxcHeader h = reader.libxcHeader();
            List<String> notApplied = new ArrayList<>(headerNotes);
            for (Note n : notes.values()) {
                notApplied.add(n.render());
            }
            LOG.info("restored {} from a {} stream (v{}, Xen {}.{}): {} pages written, {} verified, {} bytes in {} ms, {} not applied",
                    destination.name(), reader.framing(), h.version(), h.xenMajor(), h.xenMinor(), pagesWritten, pagesVerified,
                    reader.position(), elapsed.toMillis(), notApplied.size());
            Map<String, Long> recordCounts = new LinkedHashMap<>();
            counts.forEach((name, n) -> recordCounts.put(name, n[0]));
            return new RestoreResult(reader.framing(), h.version(), h.domainType(), h.xenMajor(), h.xenMinor(), recordCounts,
                    pfnEntries, pagesWritten, pagesVerified, reader.position(), elapsed, notApplied, endReadAt, xl);
        }

        /** The libxc headers (of a bare libxc stream, or from LIBXC_CONTEXT). */
        private void checkHeader(LibxcHeader h) {
            if (h.domainType() == DomainType.X86_PV) {
                pvPageTables = new PvPageTables(destination.pfnLimit());
            }
            if (h.convertedFromLegacy()) {
                headerNotes.add("domain header: converted from the legacy format by conversion script version "
                        + Integer.toUnsignedString(h.xenMinor()));
            }
        }

        /** Applies one record, or keeps what is applied at the end, or notes why it is not applied. */
        private void apply(StreamRecord record, PageSink sink) throws IOException {
            if (reader.staticDataEndsHere()) {
                applyStaticState();
            }
            switch (record) {
                case PageData p -> pageData(sink, p);
                case StreamRecord.End e -> {
                    if (pvPageTables == null) {
                        applyDeviceState();
                    } else {
                        checkPageTables(sink);
                    }
                }
                case StreamRecord.StaticDataEnd s -> applyStaticState();
                case StreamRecord.CpuidPolicy c -> cpuidPolicy = c.body();
                case StreamRecord.MsrPolicy m -> msrPolicy = m.body();
                case StreamRecord.Tsc t -> {
                    tsc = t.info();
                    if (pvPageTables != null) {
                        note("x86 PV TSC info: the destination takes TSC info only with an x86 HVM context");
                    }
                }
                case StreamRecord.HvmContextBlob h -> hvmContext = h.blob();
                case StreamRecord.HvmParams h -> {
                    if (h.params().isEmpty()) {
                        note("empty, tolerated as Xen does");
                    }
                    for (HvmParam p : h.params()) {
                        hvmParams.put(p.index(), p.value());
                    }
                }
                case StreamRecord.Verify v -> verify = true;
                case StreamRecord.PvInfo i -> {
                    // the reader sizes the vCPU contexts by its guest width; the destination has no paging mode to set
                }
                case StreamRecord.PvP2mFrames f -> {
                    pvPageTables.p2m(f.endPfn() + 1);
                    note("x86 PV p2m frame list: it sizes the p2m; the guest's p2m pages are kept as sent,"
                            + " a simulated domain's frames being its pfns");
                }
                case StreamRecord.PvVcpu v -> note("x86 PV vCPU state: a simulated domain runs no vCPU");
                case StreamRecord.SharedInfo i -> note("x86 PV shared info: a simulated domain has no shared info page");
                case StreamRecord.Toolstack t -> note("deprecated toolstack blob, ignored");
                case StreamRecord.Checkpoint c -> note("Remus/COLO checkpoint: records are applied as they arrive and the state at END is kept");
                case StreamRecord.DirtyPfnList d -> note("COLO back-channel record, meaningless in a forward stream");
                case StreamRecord.Skipped k -> note("unknown optional " + (k.layer() == StreamReader.Layer.LIBXL ? "libxl " : "")
                        + "record (" + k.length() + " bytes), skipped");
                case StreamRecord.LibxcContext c -> checkHeader(c.header());
                case StreamRecord.LibxlEnd e -> {
                }
                case StreamRecord.EmulatorXenstoreData x -> note("device-model xenstore data (emulator " + x.emulatorId()
                        + "): this restore runs no device model");
                case StreamRecord.EmulatorContext x -> note("device-model state (emulator " + x.emulatorId()
                        + "): this restore runs no device model");
                case StreamRecord.CheckpointEnd c -> note("end of a Remus/COLO checkpoint's libxl records");
                case StreamRecord.CheckpointState c -> note("COLO checkpoint state, meaningless in a forward stream");
            }
        }

        private void pageData(PageSink sink, PageData record) throws IOException {
            int count = record.count();
            long[] pfns = record.pfns();
            int[] types = record.types();
            ByteBuffer[] bufs = pages;
            int mapped;
            try {
                mapped = verify ? sink.mapForRead(pfns, types, count, bufs) : sink.mapForWrite(pfns, types, count, bufs);
            } catch (DomainException e) {
                throw reader.error("destination cannot map the batch: " + e.getMessage(), e);
            }
            try {
                if (verify) {
                    record.compareWith(bufs, mapped);
                    pagesVerified += record.dataPages();
                } else {
                    record.readInto(bufs, mapped);
                    pagesWritten += record.dataPages();
                    if (pvPageTables != null) {
                        pvPageTables.record(pfns, types, count);
                    }
                }
            } catch (IllegalArgumentException e) {
                throw reader.error("destination page buffers do not fit the record: " + e.getMessage(), e);
            } finally {
                Arrays.fill(bufs, 0, mapped, null);
                sink.unmap();
            }
            pfnEntries += count;
        }

        private void applyStaticState() throws StreamFormatException {
            if (staticStateApplied) {
                return;
            }
            staticStateApplied = true;
            try {
                destination.applyStaticState(new StaticState(cpuidPolicy, msrPolicy));
            } catch (DomainException e) {
                throw reader.error("destination rejected the static state (CPU policy): " + e.getMessage(), e);
            }
        }

        /** At an x86 PV stream's END, when every page has its last copy: each page table's entries. */
        private void checkPageTables(PageSink sink) throws StreamFormatException {
            String fault;
            try {
                fault = pvPageTables.check(sink, pages);
            } catch (DomainException e) {
                throw reader.error("destination cannot map a page table for its check: " + e.getMessage(), e);
            }
            if (fault != null) {
                throw reader.error(fault);
            }
        }

        private void applyDeviceState() throws StreamFormatException {
            if (tsc == null) {
                throw reader.error("END without X86_TSC_INFO: an x86 HVM domain cannot be restored without its TSC info");
            }
            List<HvmParam> params = new ArrayList<>(hvmParams.size());
            for (Map.Entry<Long, Long> e : hvmParams.entrySet()) {
                params.add(new HvmParam(e.getKey(), e.getValue()));
            }
            try {
                destination.applyDeviceState(new DeviceState(tsc, hvmContext, params));
            } catch (DomainException e) {
                throw reader.error("destination rejected the device state: " + e.getMessage(), e);
            }
        }

        /**
         * The record's name for {@link RestoreResult#records()}; past {@value #MAX_KINDS} names (only
         * unknown optional types get there) one shared name, so that a stream of ever new record types
         * cannot grow the receiver's memory.
         */
        private String countedName() {
            String name = reader.recordName();
            return counts.size() < MAX_KINDS || counts.containsKey(name) ? name : OTHER_RECORDS;
        }

        private void note(String reason) {
            String name = reader.recordName();
            String key = name + '\0' + reason;
            Note n = notes.get(key);
            if (n == null && notes.size() >= MAX_KINDS) {
                // bounded as the counts are: further kinds of unapplied records share one note
                key = OTHER_RECORDS;
                n = notes.get(key);
                if (n == null) {
                    n = new Note(OTHER_RECORDS, "not applied (more than " + MAX_KINDS + " kinds of unapplied records; the first "
                            + MAX_KINDS + " are listed)", reader.recordIndex(), reader.recordOffset());
                    notes.put(key, n);
                }
            } else if (n == null) {
                n = new Note(name, reason, reader.recordIndex(), reader.recordOffset());
                notes.put(key, n);
            }
            n.count++;
        }
    }

    /** Records of one type left unapplied for one reason. */
    private static final class Note {
        private final String name;
        private final String reason;
        private final long firstIndex;
        private final long firstOffset;
        private long count;

        Note(String name, String reason, long firstIndex, long firstOffset) {
            this.name = name;
            this.reason = reason;
            this.firstIndex = firstIndex;
            this.firstOffset = firstOffset;
        }

        String render() {
            if (count == 1) {
                return "record " + firstIndex + " (" + name + ") at offset " + firstOffset + " not applied: " + reason;
            }
            return count + " " + name + " records not applied (first: record " + firstIndex + " at offset " + firstOffset + "): " + reason;
        }
    }
}
