package io.livemig.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.List;
import java.util.Locale;

/**
 * Reads and checks a migration stream from a channel, sequentially, one record at a time. The
 * framing is detected from the first bytes: a bare libxc stream, a libxl stream, or an xl save
 * file ({@link StreamFraming}). Every header field, record length, padding byte and record body
 * is checked before it is handed out; any fault is a {@link StreamFormatException} whose one-line
 * message names the record index, type name and absolute offset (or the header and its offset)
 * and what is wrong.
 *
 * <p>Usage: {@link #open()} (optional, {@link #next()} opens), then {@code next()} until it
 * returns null, switching on the {@link StreamRecord} it returns; {@link #recordIndex()},
 * {@link #recordOffset()}, {@link #layer()}, {@link #recordType()} say where that record is.
 * A {@link PageData} record's page data is still in the channel: the caller reads it into its own
 * buffers or leaves it, and the next {@code next()} skips it.
 *
 * <p>Layers: {@link StreamInput} takes bytes from the channel; this class and
 * {@link StreamHeaders} are the framing (headers, the libxl/libxc/checkpoint state machine,
 * {@link ErrorLocation}); {@link LibxcBodies}, {@link LibxlBodies} and {@link PageData} decode
 * bodies into values, and {@link LibxcRules} holds the libxc record order.
 *
 * <p>Memory: nothing is allocated before the length that sizes it has been checked; a body buffer
 * grows as bytes arrive (at most 64 KiB before the first, then at most twice what arrived,
 * {@code StreamReaderBoundsTest}), so a lying length costs what was sent, not what was claimed.
 * Decoded values (HVM context, at most {@link #MAX_HVM_PARAMS} HVM params) cost a small multiple
 * of their bytes. Page data passes through a buffer of the reader only when it is skipped or
 * compared. Reading PAGE_DATA records allocates nothing.
 *
 * <p>Strictness beyond Xen's restorer, on purpose: reserved fields, reserved option bits and
 * padding must be zero (the specification has savers write zeros); a v3 stream must carry
 * STATIC_DATA_END; CPU policy records must precede STATIC_DATA_END and appear at most once; a
 * PAGE_DATA record has at most 1024 entries; an x86 HVM stream must carry HVM_CONTEXT; an x86 PV
 * stream must carry X86_PV_INFO in its static data, and its vCPU records must follow it.
 *
 * <p>Record indices count every record of the stream from 0, libxl and libxc records alike.
 * The channel should be blocking; one that keeps returning no bytes is an error. Used by one
 * thread.
 */
public final class StreamReader {

    /** The level a record belongs to. */
    public enum Layer {
        /** A record of the libxl stream. */
        LIBXL,
        /** A record of the libxc stream. */
        LIBXC;

        /**
         * The name of a record type of this layer.
         *
         * @param type the record type field
         * @return {@link LibxlRecordType#name} for libxl, {@link RecordType#name} for libxc
         */
        public String recordName(int type) {
            return this == LIBXL ? LibxlRecordType.name(type) : RecordType.name(type);
        }
    }

    /** A pfn limit that accepts every pfn an entry can carry (for inspection without a destination). */
    public static final long NO_PFN_LIMIT = PageDataDescriptor.PFN_LIMIT;
    /**
     * HVM params per record, and the bound on their index: Xen 4.17 defines 39 (HVM_NR_PARAMS) and
     * its hypervisor refuses any other index, so a restore keeps at most this many.
     */
    public static final int MAX_HVM_PARAMS = 1024;

    private enum State {
        UNOPENED, LIBXL, LIBXC, DONE
    }

    private final boolean requireEofAfterEnd;
    private final ErrorLocation location = new ErrorLocation();
    private final StreamInput input;
    private final StreamHeaders headers;
    private final LibxcBodies libxcBodies;
    private final LibxlBodies libxlBodies;
    private final PageData pageData;
    private LibxcRules libxc;

    private State state = State.UNOPENED;
    private boolean inLibxlCheckpoint;

    // The current record.
    private long recordIndex = -1;
    private long recordOffset;
    private Layer layer;
    private int type;
    private int bodyLength;
    private boolean staticDataEndsHere;

    /**
     * A reader of {@code channel}; nothing is read before {@link #open()} or {@link #next()}.
     *
     * @param channel            the stream
     * @param pfnLimit           PAGE_DATA pfns must be below this ({@link #NO_PFN_LIMIT} or more for no bound)
     * @param requireEofAfterEnd after the final END the channel must be at end of stream (files, pipes);
     *                           false where the channel carries more after the stream (a migration connection)
     * @throws IllegalArgumentException when {@code pfnLimit} is below 1
     */
    public StreamReader(ReadableByteChannel channel, long pfnLimit, boolean requireEofAfterEnd) {
        if (pfnLimit < 1) {
            throw new IllegalArgumentException("pfn limit must be positive: " + pfnLimit);
        }
        this.requireEofAfterEnd = requireEofAfterEnd;
        this.input = new StreamInput(channel, location);
        this.headers = new StreamHeaders(input, location);
        this.libxcBodies = new LibxcBodies(input, location);
        this.libxlBodies = new LibxlBodies(input, location);
        this.pageData = new PageData(input, location, Math.min(pfnLimit, NO_PFN_LIMIT));
    }

    /**
     * Reads the stream's leading headers: for a libxc stream the image and domain headers, for a
     * libxl stream its header, for an xl save file the xl header, its optional data and the libxl
     * header. Idempotent.
     *
     * @return the framing detected
     * @throws StreamFormatException when a header is malformed or truncated
     * @throws IOException           when the channel fails or keeps returning no bytes
     */
    public StreamFraming open() throws IOException {
        if (state == State.UNOPENED) {
            if (headers.open() == StreamFraming.LIBXC) {
                libxc = new LibxcRules(location, headers.libxcHeader());
                state = State.LIBXC;
            } else {
                state = State.LIBXL;
            }
        }
        return headers.framing();
    }

    /**
     * Advances to the next record, reading and checking it (for PAGE_DATA: its header and
     * entries). Page data the caller left unread is skipped first.
     *
     * @return the record, or null once the stream is complete (after its final END was returned)
     * @throws StreamFormatException when the record is malformed, truncated or out of order
     * @throws IOException           when the channel fails or keeps returning no bytes
     */
    public StreamRecord next() throws IOException {
        if (state == State.UNOPENED) {
            open();
        }
        pageData.finish();
        if (state == State.DONE) {
            return null;
        }
        readRecordHeader();
        return layer == Layer.LIBXL ? libxlRecord() : libxcRecord();
    }

    private void readRecordHeader() throws IOException {
        recordIndex++;
        recordOffset = input.position();
        layer = state == State.LIBXL ? Layer.LIBXL : Layer.LIBXC;
        staticDataEndsHere = false;
        location.atRecord(recordIndex, recordOffset, layer);
        ByteBuffer h = input.headerBuffer(RecordDescriptor.HEADER_LENGTH);
        if (!input.fill(h)) {
            if (h.position() == 0) {
                throw location.fail("stream truncated: it ends here, before the " + layer.name().toLowerCase(Locale.ROOT)
                        + " END record");
            }
            throw location.truncated(input.position(), "record header", h.position(), RecordDescriptor.HEADER_LENGTH);
        }
        type = RecordDescriptor.type(h, 0);
        long length = RecordDescriptor.bodyLength(h, 0);
        location.recordType(type);
        if (length > RecordDescriptor.MAX_BODY_LENGTH) {
            throw location.fail("body length " + length + " exceeds the " + RecordDescriptor.MAX_BODY_LENGTH + "-byte (128 MiB) record limit");
        }
        bodyLength = (int) length;
    }

    private StreamRecord libxlRecord() throws IOException {
        int length = bodyLength;
        return switch (type) {
            case LibxlRecordType.END -> {
                location.requireLength(length, 0);
                if (inLibxlCheckpoint) {
                    throw location.fail("END inside a checkpoint (no CHECKPOINT_END)");
                }
                if (libxc == null) {
                    throw location.fail("END before any LIBXC_CONTEXT: the stream carries no domain");
                }
                finishStream();
                yield StreamRecord.LibxlEnd.INSTANCE;
            }
            case LibxlRecordType.LIBXC_CONTEXT -> {
                location.requireLength(length, 0);
                if (libxc != null) {
                    throw location.fail("second LIBXC_CONTEXT: the libxc stream was already read");
                }
                LibxcHeader header = headers.readLibxc(input.position(), false);
                location.backAtRecord();
                libxc = new LibxcRules(location, header);
                state = State.LIBXC;
                yield new StreamRecord.LibxcContext(header);
            }
            case LibxlRecordType.EMULATOR_XENSTORE_DATA -> libxlBodies.xenstoreData(length, headers.libxcHeader());
            case LibxlRecordType.EMULATOR_CONTEXT -> libxlBodies.emulatorContext(length, headers.libxcHeader());
            case LibxlRecordType.CHECKPOINT_END -> {
                location.requireLength(length, 0);
                if (!inLibxlCheckpoint) {
                    throw location.fail("CHECKPOINT_END outside a checkpoint");
                }
                inLibxlCheckpoint = false;
                state = State.LIBXC;
                yield StreamRecord.CheckpointEnd.INSTANCE;
            }
            case LibxlRecordType.CHECKPOINT_STATE -> libxlBodies.checkpointState(length);
            default -> skipOptionalOrFail();
        };
    }

    private StreamRecord libxcRecord() throws IOException {
        int length = bodyLength;
        LibxcRules rules = libxc;
        return switch (type) {
            case RecordType.END -> {
                location.requireLength(length, 0);
                staticDataEndsHere = rules.end();
                if (headers.framing() == StreamFraming.LIBXC) {
                    finishStream();
                } else {
                    state = State.LIBXL;
                }
                yield StreamRecord.End.INSTANCE;
            }
            case RecordType.PAGE_DATA -> {
                staticDataEndsHere = rules.staticDataEndsBefore("PAGE_DATA");
                yield pageData.decode(length, rules.verifying(), rules.pagePfnLimit());
            }
            case RecordType.X86_PV_INFO -> {
                rules.pvOnly();
                rules.beforePvInfo();
                StreamRecord.PvInfo info = libxcBodies.pvInfo(length);
                rules.pvInfo(info);
                yield info;
            }
            case RecordType.X86_PV_P2M_FRAMES -> {
                rules.pvOnly();
                staticDataEndsHere = rules.staticDataEndsBefore("X86_PV_P2M_FRAMES");
                rules.requirePvInfo("X86_PV_P2M_FRAMES");
                StreamRecord.PvP2mFrames frames = libxcBodies.p2mFrames(length, rules.pvGuestWidth());
                rules.p2mFrames(frames);
                yield frames;
            }
            case RecordType.X86_PV_VCPU_BASIC, RecordType.X86_PV_VCPU_EXTENDED, RecordType.X86_PV_VCPU_XSAVE,
                 RecordType.X86_PV_VCPU_MSRS -> {
                rules.pvOnly();
                rules.requirePvInfo(RecordType.name(type)); // its width sizes the BASIC context
                StreamRecord.PvVcpu vcpu = libxcBodies.pvVcpu(type, length, rules.pvGuestWidth());
                rules.pvVcpu(vcpu);
                yield vcpu;
            }
            case RecordType.SHARED_INFO -> {
                rules.pvOnly();
                rules.requirePvInfo("SHARED_INFO");
                yield libxcBodies.sharedInfo(length);
            }
            case RecordType.X86_TSC_INFO -> libxcBodies.tsc(length);
            case RecordType.HVM_CONTEXT -> {
                rules.hvmOnly();
                StreamRecord.HvmContextBlob blob = libxcBodies.hvmContext(length);
                rules.hvmContext();
                yield blob;
            }
            case RecordType.HVM_PARAMS -> {
                rules.hvmOnly();
                yield libxcBodies.hvmParams(length);
            }
            case RecordType.TOOLSTACK -> libxcBodies.toolstack(length);
            case RecordType.VERIFY -> {
                location.requireLength(length, 0);
                rules.verify();
                yield StreamRecord.Verify.INSTANCE;
            }
            case RecordType.CHECKPOINT -> {
                location.requireLength(length, 0);
                if (headers.framing() != StreamFraming.LIBXC) {
                    // the libxl layer takes the stream back until its CHECKPOINT_END
                    inLibxlCheckpoint = true;
                    state = State.LIBXL;
                }
                yield StreamRecord.Checkpoint.INSTANCE;
            }
            case RecordType.CHECKPOINT_DIRTY_PFN_LIST -> libxcBodies.dirtyPfnList(length);
            case RecordType.STATIC_DATA_END -> {
                location.requireLength(length, 0);
                rules.staticDataEnd();
                yield StreamRecord.StaticDataEnd.INSTANCE;
            }
            case RecordType.X86_CPUID_POLICY -> {
                rules.cpuPolicy(type);
                yield libxcBodies.cpuidPolicy(length);
            }
            case RecordType.X86_MSR_POLICY -> {
                rules.cpuPolicy(type);
                yield libxcBodies.msrPolicy(length);
            }
            default -> skipOptionalOrFail();
        };
    }

    private StreamRecord.Skipped skipOptionalOrFail() throws IOException {
        if (!RecordType.isOptional(type)) {
            throw location.fail(String.format("unknown mandatory %s record type 0x%08x: a restorer must not ignore it",
                    layer.name().toLowerCase(Locale.ROOT), type));
        }
        input.skip(bodyLength, "optional record body");
        input.readPadding(bodyLength);
        return new StreamRecord.Skipped(layer, type, bodyLength);
    }

    private void finishStream() throws IOException {
        state = State.DONE;
        if (requireEofAfterEnd) {
            int extra = input.readByte();
            if (extra >= 0) {
                throw location.fail(String.format("data after END: byte 0x%02x at offset %d, where the stream must end",
                        extra, input.position() - 1));
            }
        }
    }

    /**
     * An error about the current record (or header), for callers applying it: "record N (TYPE) at offset X: what".
     *
     * @param what what is wrong
     * @return the exception, for the caller to throw
     */
    public StreamFormatException error(String what) {
        return location.fail(what);
    }

    /**
     * As {@link #error(String)}, with the cause (a destination's failure).
     *
     * @param what  what is wrong
     * @param cause the failure behind it
     * @return the exception, for the caller to throw
     */
    public StreamFormatException error(String what, Throwable cause) {
        return location.fail(what, cause);
    }

    /**
     * The framing, once the first bytes were read; null before.
     *
     * @return the framing, or null
     */
    public StreamFraming framing() {
        return headers.framing();
    }

    /**
     * The xl save-file header, or null when the stream is not an xl save file.
     *
     * @return the header's values, or null
     */
    public XlSaveHeader xlHeader() {
        return headers.xlHeader();
    }

    /**
     * The libxl header's options (0 for a bare libxc stream).
     *
     * @return the options field
     */
    public int libxlOptions() {
        return headers.libxlOptions();
    }

    /**
     * The libxc headers, or null before they were read (a libxl stream has them after LIBXC_CONTEXT).
     *
     * @return the image and domain headers' values, or null
     */
    public LibxcHeader libxcHeader() {
        return headers.libxcHeader();
    }

    /**
     * The headers read so far, in stream order.
     *
     * @return one entry per header
     */
    public List<HeaderInfo> headers() {
        return headers.read();
    }

    /**
     * Bytes consumed from the channel.
     *
     * @return the count of bytes read so far
     */
    public long position() {
        return input.position();
    }

    /**
     * True once the final END was read (and, when required, the end of the channel checked).
     *
     * @return whether the stream is complete
     */
    public boolean finished() {
        return state == State.DONE;
    }

    /**
     * The current record's index among all records of the stream, libxl and libxc alike.
     *
     * @return the index, from 0; -1 before the first record
     */
    public long recordIndex() {
        return recordIndex;
    }

    /**
     * Where the current record starts.
     *
     * @return the absolute byte offset of its header
     */
    public long recordOffset() {
        return recordOffset;
    }

    /**
     * The layer of the current record.
     *
     * @return the layer, or null before the first record
     */
    public Layer layer() {
        return layer;
    }

    /**
     * The current record's type.
     *
     * @return the type field, optional bit included
     */
    public int recordType() {
        return type;
    }

    /**
     * The current record's type name.
     *
     * @return the name, as {@link Layer#recordName} gives it
     */
    public String recordName() {
        return layer.recordName(type);
    }

    /**
     * The current record's body length.
     *
     * @return bytes of body, padding excluded
     */
    public int bodyLength() {
        return bodyLength;
    }

    /**
     * A v2 stream's static data ends at this record (first PAGE_DATA, X86_PV_P2M_FRAMES or END): it has no STATIC_DATA_END.
     *
     * @return whether the current record ends a v2 stream's static data
     */
    public boolean staticDataEndsHere() {
        return staticDataEndsHere;
    }
}
