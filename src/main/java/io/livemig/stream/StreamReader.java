package io.livemig.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and validates a migration stream from a channel, sequentially (no seeking), one record at
 * a time. The framing is detected from the first bytes: a bare libxc stream, a libxl stream, or an
 * xl save file ({@link StreamFraming}). Every header field, record length, padding byte and
 * record body is checked before it is handed out; any fault is a {@link StreamFormatException}
 * whose one-line message names the record index, type name and absolute offset (or the header and
 * its offset) and what is wrong.
 *
 * <p>Usage: {@link #open()} (optional, {@link #next()} opens), then {@code while (next())} inspect
 * the current record through the accessors. The stream is complete when {@code next()} returns
 * false. For PAGE_DATA only the header and entries have been read when {@code next()} returns: the
 * caller moves the page data straight into its own buffers with {@link #readPageData}, compares it
 * with {@link #verifyPageData}, or leaves it, in which case the next {@code next()} skips it in
 * bounded chunks.
 *
 * <p>Memory: nothing is allocated before the length that sizes it has been validated. Record
 * bodies (at most 128 MiB) are read into a buffer that grows as bytes actually arrive: per record
 * at most 64 KiB before any body byte has come, then at most twice what arrived, so a lying length
 * on a short stream costs what was sent, not what was claimed ({@code StreamReaderBoundsTest}).
 * Decoded values (HVM context, at most {@link #MAX_HVM_PARAMS} HVM params) cost a small multiple
 * of their bytes. Page data never passes through a buffer of the reader except when it is skipped
 * or verified (64 KiB chunks). Steady-state PAGE_DATA reading allocates nothing. The reader keeps
 * nothing per record once the next one is read.
 *
 * <p>Strictness beyond Xen's restorer, on purpose: reserved fields, reserved option bits and
 * padding must be zero (the specification has savers write zeros); a v3 stream must carry
 * STATIC_DATA_END; CPU policy records must precede STATIC_DATA_END and appear at most once; a
 * PAGE_DATA record has at most 1024 entries; an x86 HVM stream must carry HVM_CONTEXT.
 *
 * <p>Record indices count every record of the stream from 0, libxl and libxc records alike.
 * The channel should be blocking; one that keeps returning no bytes is an error. Used by one
 * thread.
 */
public final class StreamReader {

    /** The level a record belongs to. */
    public enum Layer {
        LIBXL, LIBXC
    }

    /** A pfn limit that accepts every pfn the 52-bit field can carry (for inspection without a destination). */
    public static final long NO_PFN_LIMIT = 1L << 52;

    private static final int CHUNK = 64 << 10;
    /** Body buffers up to this size are kept for the next record; larger ones only for their own record. */
    private static final int RETAINED_BODY_CAPACITY = 1 << 20;
    private static final int MAX_ZERO_READS = 1_000;

    private static final int EMULATOR_HEADER_SIZE = 8;
    private static final int CHECKPOINT_STATE_SIZE = 4;
    private static final int PV_INFO_SIZE = 8;
    private static final int PV_VCPU_HEADER_SIZE = 8;
    private static final int PV_VCPU_EXTENDED_MAX = 128;
    private static final int PV_VCPU_XSAVE_MIN = 16;
    private static final int PV_VCPU_MSR_SIZE = 16;
    private static final int P2M_FRAMES_HEADER_SIZE = 8;
    private static final int HVM_PARAMS_HEADER_SIZE = 8;
    private static final int HVM_PARAM_SIZE = 16;
    /**
     * HVM params per record, and the bound on their index: Xen 4.17 defines 39 (HVM_NR_PARAMS) and
     * its hypervisor refuses any other index, so a restore keeps at most this many.
     */
    public static final int MAX_HVM_PARAMS = 1024;
    private static final int XL_FIELDS_SIZE = 16;
    private static final int XL_MAGIC_SIZE = 32;
    private static final int XL_BYTEORDER_SWAPPED = 0x04030201;

    private enum State {
        UNOPENED, LIBXL, LIBXC, DONE
    }

    private final ReadableByteChannel channel;
    private final ScatteringByteChannel scattering;
    private final long pfnLimit;
    private final boolean requireEofAfterEnd;

    private final ByteBuffer small = ByteBuffer.allocateDirect(64);
    private final ByteBuffer entries = ByteBuffer.allocateDirect(8 * StreamFormat.MAX_BATCH_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
    private final long[] pfns = new long[StreamFormat.MAX_BATCH_SIZE];
    private final int[] pageTypes = new int[StreamFormat.MAX_BATCH_SIZE];
    private ByteBuffer bodyBuffer = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    private final List<HeaderInfo> headers = new ArrayList<>(4);

    private long position;
    private State state = State.UNOPENED;
    private StreamFraming framing;
    private XlSaveHeader xlHeader;
    private int libxlOptions;
    private LibxcHeader libxcHeader;

    // Where an error is reported: a header, or the current record.
    private boolean inRecord;
    private boolean typeRead;
    private String headerName = "stream header";
    private long headerOffset;

    // The current record.
    private long recordIndex = -1;
    private long recordOffset;
    private Layer layer;
    private int type;
    private int bodyLength;
    private ByteBuffer body;
    private boolean skippedOptional;
    private boolean inferredStaticDataEnd;
    private long pendingPageBytes;
    private int pageCount;
    private int dataPages;
    private int emulatorId;
    private int emulatorIndex;
    private TscInfo tsc;
    private byte[] hvmContext;
    private List<HvmContext.Entry> hvmContextEntries;
    private List<HvmParam> hvmParams;

    // Stream-wide facts.
    private boolean libxcSeen;
    private boolean libxcEnded;
    private boolean inLibxlCheckpoint;
    private boolean staticDataEnd;
    private boolean staticDataEndInferred;
    private boolean cpuidSeen;
    private boolean msrSeen;
    private boolean pvInfoSeen;
    private int pvGuestWidth;
    private boolean vcpu0BasicSeen;
    private boolean hvmContextSeen;
    private boolean verifyActive;

    /**
     * @param channel            the stream
     * @param pfnLimit           PAGE_DATA pfns must be below this ({@link #NO_PFN_LIMIT} or more for no bound)
     * @param requireEofAfterEnd after the final END the channel must be at end of stream (files, pipes);
     *                           false where the channel carries more after the stream (a migration connection)
     */
    public StreamReader(ReadableByteChannel channel, long pfnLimit, boolean requireEofAfterEnd) {
        if (pfnLimit < 1) {
            throw new IllegalArgumentException("pfn limit must be positive: " + pfnLimit);
        }
        this.channel = channel;
        this.scattering = channel instanceof ScatteringByteChannel s ? s : null;
        this.pfnLimit = Math.min(pfnLimit, NO_PFN_LIMIT);
        this.requireEofAfterEnd = requireEofAfterEnd;
    }

    // ---------------------------------------------------------------- headers

    /**
     * Reads the stream's leading headers: for a libxc stream the image and domain headers, for a
     * libxl stream its header, for an xl save file the xl header, its optional data and the libxl
     * header. Idempotent.
     */
    public StreamFraming open() throws IOException {
        if (state != State.UNOPENED) {
            return framing;
        }
        atHeader("stream header", 0);
        ByteBuffer b = readSmall(8, "the first 8 bytes").order(ByteOrder.BIG_ENDIAN);
        long first = b.getLong(0);
        if (first == ImageHeaderDescriptor.MARKER) {
            framing = StreamFraming.LIBXC;
            readLibxcHeaders(0, true);
            libxcSeen = true;
            state = State.LIBXC;
        } else if (first == LibxlHeaderDescriptor.IDENT) {
            framing = StreamFraming.LIBXL;
            readLibxlHeader(0, true);
            state = State.LIBXL;
        } else if (startsWithXlMagic(b)) {
            framing = StreamFraming.XL;
            readXlHeader();
            readLibxlHeader(position, false);
            state = State.LIBXL;
        } else {
            throw fail(String.format("unrecognised stream: first bytes 0x%016x are neither a libxc image header"
                    + " (marker 0xffffffffffffffff), a libxl header (\"LibxlFmt\") nor an xl save file", first));
        }
        return framing;
    }

    private static boolean startsWithXlMagic(ByteBuffer b) {
        for (int i = 0; i < 8; i++) {
            if (b.get(i) != XlHeaderDescriptor.MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private void readXlHeader() throws IOException {
        atHeader("xl header", 0);
        ByteBuffer b = readSmall(XL_MAGIC_SIZE - 8 + XL_FIELDS_SIZE, "xl header").order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 8; i < XL_MAGIC_SIZE; i++) {
            if (b.get(i - 8) != XlHeaderDescriptor.MAGIC[i]) {
                throw fail("magic differs from xl's \"Xen saved domain, xl format\\n \\0 \\r\" at byte " + i);
            }
        }
        int fields = XL_MAGIC_SIZE - 8;
        int byteOrder = b.getInt(fields);
        int mandatory = b.getInt(fields + 4);
        int optional = b.getInt(fields + 8);
        long optionalLength = Integer.toUnsignedLong(b.getInt(fields + 12));
        if (byteOrder == XL_BYTEORDER_SWAPPED) {
            throw fail("byte-order marker reads 0x04030201: a big-endian save file, only little-endian is supported");
        }
        if (byteOrder != XlHeaderDescriptor.BYTE_ORDER_MARKER) {
            throw fail(String.format("byte-order marker 0x%08x is not 0x01020304", byteOrder));
        }
        int unknown = mandatory & ~XlSaveHeader.KNOWN_MANDATORY_FLAGS;
        if (unknown != 0) {
            throw fail(String.format("mandatory flags 0x%08x include unsupported bits 0x%08x (known: JSON 0x1, STREAMv2 0x2)", mandatory, unknown));
        }
        if ((mandatory & XlSaveHeader.FLAG_STREAM_V2) == 0) {
            throw fail(String.format("mandatory flags 0x%08x lack STREAMv2: a legacy (pre-Xen-4.6) stream, not supported", mandatory));
        }
        if (optionalLength > RecordDescriptor.MAX_BODY_LENGTH) {
            throw fail("optional data length " + optionalLength + " exceeds the " + RecordDescriptor.MAX_BODY_LENGTH + "-byte limit");
        }
        byte[] config = new byte[0];
        if (optionalLength > 0) {
            if (optionalLength < 4) {
                throw fail("optional data of " + optionalLength + " bytes is too short for the u32 config length");
            }
            ByteBuffer data = readBody((int) optionalLength, "xl optional data");
            long configLength = Integer.toUnsignedLong(data.getInt(0));
            if (configLength > optionalLength - 4) {
                throw fail("optional data of " + optionalLength + " bytes is too short for a config of " + configLength + " bytes");
            }
            config = new byte[(int) configLength];
            data.get(4, config);
        }
        xlHeader = new XlSaveHeader(mandatory, optional, optionalLength, config);
        headers.add(new HeaderInfo("xl header", 0, XlHeaderDescriptor.LENGTH + optionalLength,
                String.format("mandatory flags 0x%x (%sSTREAMv2), optional flags 0x%x, optional data %d bytes, config %d bytes",
                        mandatory, xlHeader.configIsJson() ? "JSON, " : "", optional, optionalLength, config.length)));
    }

    private void readLibxlHeader(long offset, boolean identRead) throws IOException {
        atHeader("libxl header", offset);
        ByteBuffer b;
        int at;
        if (identRead) {
            b = readSmall(8, "libxl header").order(ByteOrder.BIG_ENDIAN);
            at = 0;
        } else {
            b = readSmall(LibxlHeaderDescriptor.LENGTH, "libxl header").order(ByteOrder.BIG_ENDIAN);
            long ident = b.getLong(0);
            if (ident != LibxlHeaderDescriptor.IDENT) {
                throw fail(String.format("ident 0x%016x is not \"LibxlFmt\" (0x%016x)", ident, LibxlHeaderDescriptor.IDENT));
            }
            at = 8;
        }
        int version = b.getInt(at);
        int options = b.getInt(at + 4);
        if (version != LibxlHeaderDescriptor.VERSION) {
            throw fail("version " + Integer.toUnsignedString(version) + " is not supported (expected " + LibxlHeaderDescriptor.VERSION + ")");
        }
        if ((options & LibxlHeaderDescriptor.OPT_BIG_ENDIAN) != 0) {
            throw fail(String.format("options 0x%08x: a big-endian stream, only little-endian is supported", options));
        }
        int reserved = options & ~(LibxlHeaderDescriptor.OPT_BIG_ENDIAN | LibxlHeaderDescriptor.OPT_LEGACY);
        if (reserved != 0) {
            throw fail(String.format("options 0x%08x set reserved bits 0x%08x", options, reserved));
        }
        libxlOptions = options;
        headers.add(new HeaderInfo("libxl header", offset, LibxlHeaderDescriptor.LENGTH,
                "version " + version + ", options 0x" + Integer.toHexString(options)
                        + ((options & LibxlHeaderDescriptor.OPT_LEGACY) != 0 ? " (converted from a legacy stream)" : "")));
    }

    private void readLibxcHeaders(long offset, boolean markerRead) throws IOException {
        atHeader("image header", offset);
        ByteBuffer b;
        int at;
        if (markerRead) {
            b = readSmall(ImageHeaderDescriptor.LENGTH - 8, "image header").order(ByteOrder.BIG_ENDIAN);
            at = 0;
        } else {
            b = readSmall(ImageHeaderDescriptor.LENGTH, "image header").order(ByteOrder.BIG_ENDIAN);
            long marker = b.getLong(0);
            if (marker != ImageHeaderDescriptor.MARKER) {
                throw fail(String.format("marker 0x%016x is not 0xffffffffffffffff", marker));
            }
            at = 8;
        }
        int id = b.getInt(at);
        int version = b.getInt(at + 4);
        int options = Short.toUnsignedInt(b.getShort(at + 8));
        int reserved16 = Short.toUnsignedInt(b.getShort(at + 10));
        int reserved32 = b.getInt(at + 12);
        if (id != ImageHeaderDescriptor.ID) {
            throw fail(String.format("id 0x%08x is not \"XENF\" (0x%08x)", id, ImageHeaderDescriptor.ID));
        }
        if (version < ImageHeaderDescriptor.VERSION_MIN || version > ImageHeaderDescriptor.VERSION) {
            throw fail("version " + Integer.toUnsignedString(version) + " is not supported (expected "
                    + ImageHeaderDescriptor.VERSION_MIN + ".." + ImageHeaderDescriptor.VERSION + ")");
        }
        if ((options & ImageHeaderDescriptor.OPT_BIG_ENDIAN) != 0) {
            throw fail(String.format("options 0x%04x: a big-endian stream, only little-endian is supported", options));
        }
        if (options != 0) {
            throw fail(String.format("options 0x%04x set reserved bits 1..15", options));
        }
        if (reserved16 != 0 || reserved32 != 0) {
            throw fail(String.format("reserved fields 0x%04x / 0x%08x are not zero", reserved16, reserved32));
        }
        headers.add(new HeaderInfo("image header", offset, ImageHeaderDescriptor.LENGTH,
                "libxc format version " + version + ", little-endian"));

        long domainOffset = offset + ImageHeaderDescriptor.LENGTH;
        atHeader("domain header", domainOffset);
        ByteBuffer d = readSmall(DomainHeaderDescriptor.LENGTH, "domain header").order(ByteOrder.LITTLE_ENDIAN);
        int typeCode = d.getInt(0);
        int pageShift = Short.toUnsignedInt(d.getShort(4));
        int reserved = Short.toUnsignedInt(d.getShort(6));
        int xenMajor = d.getInt(8);
        int xenMinor = d.getInt(12);
        DomainType domainType = DomainType.ofCode(typeCode);
        if (domainType == null) {
            throw fail("type " + Integer.toUnsignedString(typeCode) + " (" + domainTypeName(typeCode)
                    + ") is not supported: Xen's x86 streams are x86 PV (1) or x86 HVM (2)");
        }
        if (pageShift != StreamFormat.PAGE_SHIFT) {
            throw fail("page_shift " + pageShift + " is not " + StreamFormat.PAGE_SHIFT + " (4 KiB pages)");
        }
        if (reserved != 0) {
            throw fail(String.format("reserved field 0x%04x is not zero", reserved));
        }
        libxcHeader = new LibxcHeader(offset, version, domainType, xenMajor, xenMinor);
        headers.add(new HeaderInfo("domain header", domainOffset, DomainHeaderDescriptor.LENGTH,
                domainTypeName(typeCode) + ", page_shift " + pageShift + ", "
                        + (xenMajor == 0 ? "converted from the legacy format (script version " + Integer.toUnsignedString(xenMinor) + ")"
                        : "Xen " + Integer.toUnsignedString(xenMajor) + "." + Integer.toUnsignedString(xenMinor))));
    }

    private static String domainTypeName(int code) {
        return DomainType.nameOf(code);
    }

    // ---------------------------------------------------------------- records

    /**
     * Advances to the next record, reading and validating it (for PAGE_DATA: its header and
     * entries). Page data the caller left unread is skipped first.
     *
     * @return false once the stream is complete (after its final END record was returned)
     */
    public boolean next() throws IOException {
        if (state == State.UNOPENED) {
            open();
        }
        if (pendingPageBytes > 0) {
            consumePageData(null, 0, false);
        }
        if (state == State.DONE) {
            return false;
        }
        readRecordHeader();
        if (layer == Layer.LIBXL) {
            readLibxlRecord();
        } else {
            readLibxcRecord();
        }
        return true;
    }

    private void readRecordHeader() throws IOException {
        recordIndex++;
        recordOffset = position;
        layer = state == State.LIBXL ? Layer.LIBXL : Layer.LIBXC;
        inRecord = true;
        typeRead = false;
        body = null;
        skippedOptional = false;
        inferredStaticDataEnd = false;
        pageCount = 0;
        dataPages = 0;
        tsc = null;
        hvmContext = null;
        hvmContextEntries = null;
        hvmParams = null;
        ByteBuffer h = small.clear().limit(RecordDescriptor.HEADER_LENGTH);
        while (h.hasRemaining()) {
            if (readSome(h) < 0) {
                if (h.position() == 0) {
                    throw fail("stream truncated: it ends here, before the " + (layer == Layer.LIBXL ? "libxl" : "libxc") + " END record");
                }
                throw truncated("record header", h.position(), RecordDescriptor.HEADER_LENGTH);
            }
        }
        h.order(ByteOrder.LITTLE_ENDIAN);
        type = h.getInt(0);
        long length = Integer.toUnsignedLong(h.getInt(4));
        typeRead = true;
        if (length > RecordDescriptor.MAX_BODY_LENGTH) {
            throw fail("body length " + length + " exceeds the " + RecordDescriptor.MAX_BODY_LENGTH + "-byte (128 MiB) record limit");
        }
        bodyLength = (int) length;
    }

    private void readLibxlRecord() throws IOException {
        switch (type) {
            case LibxlRecordType.END -> {
                requireLength(0);
                if (inLibxlCheckpoint) {
                    throw fail("END inside a checkpoint (no CHECKPOINT_END)");
                }
                if (!libxcSeen) {
                    throw fail("END before any LIBXC_CONTEXT: the stream carries no domain");
                }
                finishStream();
            }
            case LibxlRecordType.LIBXC_CONTEXT -> {
                requireLength(0);
                if (libxcSeen) {
                    throw fail("second LIBXC_CONTEXT: the libxc stream was already read");
                }
                libxcSeen = true;
                readLibxcHeaders(position, false);
                inRecord = true;
                state = State.LIBXC;
            }
            case LibxlRecordType.EMULATOR_XENSTORE_DATA -> {
                requireEmulatorHeader();
                ByteBuffer b = readBody(bodyLength, "body");
                readPadding();
                emulatorId = b.getInt(0);
                emulatorIndex = b.getInt(4);
                checkXenstoreData(b);
                body = b;
            }
            case LibxlRecordType.EMULATOR_CONTEXT -> {
                requireEmulatorHeader();
                ByteBuffer b = readSmall(EMULATOR_HEADER_SIZE, "emulator header").order(ByteOrder.LITTLE_ENDIAN);
                emulatorId = b.getInt(0);
                emulatorIndex = b.getInt(4);
                skip(bodyLength - EMULATOR_HEADER_SIZE, "emulator context");
                readPadding();
            }
            case LibxlRecordType.CHECKPOINT_END -> {
                requireLength(0);
                if (!inLibxlCheckpoint) {
                    throw fail("CHECKPOINT_END outside a checkpoint");
                }
                inLibxlCheckpoint = false;
                state = State.LIBXC;
            }
            case LibxlRecordType.CHECKPOINT_STATE -> {
                requireLength(CHECKPOINT_STATE_SIZE);
                body = readBody(bodyLength, "body");
                readPadding();
            }
            default -> skipOptionalOrFail();
        }
    }

    private void requireEmulatorHeader() throws StreamFormatException {
        if (bodyLength < EMULATOR_HEADER_SIZE) {
            throw fail("body of " + bodyLength + " bytes is shorter than the " + EMULATOR_HEADER_SIZE + "-byte emulator header");
        }
        if (libxcHeader != null && libxcHeader.domainType() != DomainType.X86_HVM) {
            throw fail("emulator record in an " + domainTypeName(libxcHeader.domainType().code()) + " stream (only x86 HVM domains have a device model)");
        }
    }

    /** Xenstore data: NUL-terminated key, value pairs; keys non-empty and relative. */
    private void checkXenstoreData(ByteBuffer b) throws StreamFormatException {
        int at = EMULATOR_HEADER_SIZE;
        int end = b.limit();
        int pair = 0;
        while (at < end) {
            int keyEnd = indexOfNul(b, at, end);
            if (keyEnd < 0) {
                throw fail("xenstore key " + pair + " at body byte " + at + " is not NUL-terminated");
            }
            if (keyEnd == at) {
                throw fail("xenstore key " + pair + " at body byte " + at + " is empty");
            }
            if (b.get(at) == '/') {
                throw fail("xenstore key " + pair + " at body byte " + at + " is absolute (starts with '/')");
            }
            int valueStart = keyEnd + 1;
            int valueEnd = indexOfNul(b, valueStart, end);
            if (valueEnd < 0) {
                throw fail("xenstore value " + pair + " at body byte " + valueStart + " is missing or not NUL-terminated");
            }
            at = valueEnd + 1;
            pair++;
        }
    }

    private static int indexOfNul(ByteBuffer b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (b.get(i) == 0) {
                return i;
            }
        }
        return -1;
    }

    private void readLibxcRecord() throws IOException {
        switch (type) {
            case RecordType.END -> {
                requireLength(0);
                endLibxcStream();
            }
            case RecordType.PAGE_DATA -> readPageDataHeader();
            case RecordType.X86_PV_INFO -> readPvInfo();
            case RecordType.X86_PV_P2M_FRAMES -> readP2mFrames();
            case RecordType.X86_PV_VCPU_BASIC, RecordType.X86_PV_VCPU_EXTENDED, RecordType.X86_PV_VCPU_XSAVE,
                 RecordType.X86_PV_VCPU_MSRS -> readPvVcpu();
            case RecordType.SHARED_INFO -> {
                if (!pvInfoSeen) {
                    throw fail("SHARED_INFO before X86_PV_INFO");
                }
                requireLength(StreamFormat.PAGE_SIZE);
                skip(bodyLength, "shared info");
            }
            case RecordType.X86_TSC_INFO -> readTscInfo();
            case RecordType.HVM_CONTEXT -> readHvmContext();
            case RecordType.HVM_PARAMS -> readHvmParams();
            case RecordType.TOOLSTACK -> {
                skip(bodyLength, "toolstack blob");
                readPadding();
            }
            case RecordType.VERIFY -> {
                requireLength(0);
                verifyActive = true;
            }
            case RecordType.CHECKPOINT -> {
                requireLength(0);
                if (framing != StreamFraming.LIBXC) {
                    // The libxl layer takes the stream back until its CHECKPOINT_END.
                    inLibxlCheckpoint = true;
                    state = State.LIBXL;
                }
            }
            case RecordType.CHECKPOINT_DIRTY_PFN_LIST -> {
                if (bodyLength % 8 != 0) {
                    throw fail("body length " + bodyLength + " is not a multiple of 8 (u64 pfns)");
                }
                skip(bodyLength, "dirty pfn list");
            }
            case RecordType.STATIC_DATA_END -> {
                requireLength(0);
                if (staticDataEnd) {
                    throw fail(staticDataEndInferred
                            ? "STATIC_DATA_END after the static data already ended (inferred at the first PAGE_DATA of this v2 stream)"
                            : "second STATIC_DATA_END");
                }
                staticDataEnd = true;
            }
            case RecordType.X86_CPUID_POLICY -> readCpuPolicy(StaticState.CPUID_ENTRY_SIZE);
            case RecordType.X86_MSR_POLICY -> readCpuPolicy(StaticState.MSR_ENTRY_SIZE);
            default -> skipOptionalOrFail();
        }
    }

    private void skipOptionalOrFail() throws IOException {
        if (!RecordType.isOptional(type)) {
            throw fail(String.format("unknown mandatory %s record type 0x%08x: a restorer must not ignore it",
                    layer == Layer.LIBXL ? "libxl" : "libxc", type));
        }
        skippedOptional = true;
        skip(bodyLength, "optional record body");
        readPadding();
    }

    /** Marks STATIC_DATA_END reached at this record when a v2 stream never sends it; fails for v3. */
    private void requireStaticDataEnd(String what) throws StreamFormatException {
        if (staticDataEnd) {
            return;
        }
        if (libxcHeader.version() < 3) {
            staticDataEnd = true;
            staticDataEndInferred = true;
            inferredStaticDataEnd = true;
            return;
        }
        throw fail(what + " before STATIC_DATA_END (mandatory first in a v3 stream)");
    }

    private void endLibxcStream() throws IOException {
        if (!staticDataEnd && libxcHeader.version() >= 3) {
            throw fail("END without STATIC_DATA_END (mandatory in a v3 stream)");
        }
        requireStaticDataEnd("END");
        if (libxcHeader.domainType() == DomainType.X86_HVM && !hvmContextSeen) {
            throw fail("END without HVM_CONTEXT: an x86 HVM stream must carry the hypervisor's HVM context");
        }
        if (libxcHeader.domainType() == DomainType.X86_PV) {
            if (!pvInfoSeen) {
                throw fail("END without X86_PV_INFO: an x86 PV stream must carry it");
            }
            if (!vcpu0BasicSeen) {
                throw fail("END without X86_PV_VCPU_BASIC for vcpu 0");
            }
        }
        libxcEnded = true;
        if (framing == StreamFraming.LIBXC) {
            finishStream();
        } else {
            state = State.LIBXL;
        }
    }

    private void finishStream() throws IOException {
        state = State.DONE;
        if (requireEofAfterEnd) {
            ByteBuffer one = small.clear().limit(1);
            if (readSome(one) > 0) {
                throw fail(String.format("data after END: byte 0x%02x at offset %d, where the stream must end",
                        one.get(0) & 0xFF, position - 1));
            }
        }
    }

    private void readPageDataHeader() throws IOException {
        requireStaticDataEnd("PAGE_DATA");
        if (bodyLength < PageDataDescriptor.HEADER_LENGTH) {
            throw fail("body of " + bodyLength + " bytes is shorter than the 8-byte PAGE_DATA header");
        }
        ByteBuffer h = readSmall(PageDataDescriptor.HEADER_LENGTH, "PAGE_DATA header").order(ByteOrder.LITTLE_ENDIAN);
        long count = Integer.toUnsignedLong(h.getInt(0));
        int reserved = h.getInt(4);
        if (count == 0) {
            throw fail("count 0: a PAGE_DATA record carries at least one pfn");
        }
        if (count > StreamFormat.MAX_BATCH_SIZE) {
            throw fail("count " + count + " exceeds the batch limit of " + StreamFormat.MAX_BATCH_SIZE);
        }
        if (reserved != 0) {
            throw fail(String.format("reserved field 0x%08x is not zero", reserved));
        }
        int n = (int) count;
        long minLength = PageDataDescriptor.HEADER_LENGTH + 8L * n;
        if (bodyLength < minLength) {
            throw fail("body length " + bodyLength + " is too short for " + n + " entries (at least " + minLength + ")");
        }
        ByteBuffer e = entries.clear().limit(8 * n);
        readFully(e, "PAGE_DATA entries");
        long[] p = pfns;
        int[] t = pageTypes;
        long limit = pfnLimit;
        int data = 0;
        for (int i = 0; i < n; i++) {
            long entry = e.getLong(i << 3);
            int pageType = (int) (entry >>> PageDataDescriptor.TYPE_SHIFT);
            long pfn = entry & PageDataDescriptor.PFN_MASK;
            if (!PageType.isValid(pageType)) {
                throw fail("entry " + i + " (pfn 0x" + Long.toHexString(pfn) + ") has invalid page type " + pageType);
            }
            if ((entry & PageDataDescriptor.RESERVED_MASK) != 0) {
                throw fail(String.format("entry %d (pfn 0x%x) has reserved bits 59..52 set: 0x%016x", i, pfn, entry));
            }
            if (pfn >= limit) {
                throw fail(String.format("entry %d pfn 0x%x is beyond the destination (limit 0x%x)", i, pfn, limit));
            }
            p[i] = pfn;
            t[i] = pageType;
            if (PageType.carriesData(pageType)) {
                data++;
            }
        }
        long expected = minLength + ((long) data << StreamFormat.PAGE_SHIFT);
        if (bodyLength != expected) {
            throw fail("body length " + bodyLength + " does not match 8 + 8*" + n + " + 4096*" + data + " = " + expected);
        }
        pageCount = n;
        dataPages = data;
        pendingPageBytes = (long) data << StreamFormat.PAGE_SHIFT;
    }

    private void readPvInfo() throws IOException {
        if (pvInfoSeen) {
            throw fail("second X86_PV_INFO record");
        }
        requireLength(PV_INFO_SIZE);
        ByteBuffer b = readBody(bodyLength, "body");
        int width = b.get(0) & 0xFF;
        int levels = b.get(1) & 0xFF;
        if (!((width == 4 && levels == 3) || (width == 8 && levels == 4))) {
            throw fail("guest_width " + width + " with pt_levels " + levels + " is not a valid combination (4/3 or 8/4)");
        }
        for (int i = 2; i < PV_INFO_SIZE; i++) {
            if (b.get(i) != 0) {
                throw fail("reserved byte " + i + " is 0x" + Integer.toHexString(b.get(i) & 0xFF) + ", not zero");
            }
        }
        pvInfoSeen = true;
        pvGuestWidth = width;
        body = b;
    }

    private void readP2mFrames() throws IOException {
        requireStaticDataEnd("X86_PV_P2M_FRAMES");
        if (!pvInfoSeen) {
            throw fail("X86_PV_P2M_FRAMES before X86_PV_INFO");
        }
        if (bodyLength < P2M_FRAMES_HEADER_SIZE) {
            throw fail("body of " + bodyLength + " bytes is shorter than the 8-byte start/end header");
        }
        ByteBuffer b = readBody(bodyLength, "body");
        readPadding();
        long start = Integer.toUnsignedLong(b.getInt(0));
        long end = Integer.toUnsignedLong(b.getInt(4));
        if (start > end) {
            throw fail(String.format("start_pfn 0x%x exceeds end_pfn 0x%x", start, end));
        }
        long perFrame = StreamFormat.PAGE_SIZE / pvGuestWidth;
        long frames = end / perFrame + 1 - start / perFrame;
        long expected = P2M_FRAMES_HEADER_SIZE + 8 * frames;
        if (bodyLength != expected) {
            throw fail(String.format("body length %d does not match 8 + 8*%d = %d for pfns 0x%x..0x%x", bodyLength, frames, expected, start, end));
        }
        body = b;
    }

    private void readPvVcpu() throws IOException {
        if (bodyLength < PV_VCPU_HEADER_SIZE) {
            throw fail("body of " + bodyLength + " bytes is shorter than the 8-byte vcpu header");
        }
        ByteBuffer b = readBody(bodyLength, "body");
        readPadding();
        int vcpu = b.getInt(0);
        int reserved = b.getInt(4);
        if (reserved != 0) {
            throw fail(String.format("reserved field 0x%08x is not zero", reserved));
        }
        int blob = bodyLength - PV_VCPU_HEADER_SIZE;
        if (blob > 0) {
            switch (type) {
                case RecordType.X86_PV_VCPU_BASIC -> vcpu0BasicSeen |= vcpu == 0;
                case RecordType.X86_PV_VCPU_EXTENDED -> {
                    if (blob > PV_VCPU_EXTENDED_MAX) {
                        throw fail("vcpu " + Integer.toUnsignedString(vcpu) + " extended context of " + blob + " bytes exceeds " + PV_VCPU_EXTENDED_MAX);
                    }
                }
                case RecordType.X86_PV_VCPU_XSAVE -> {
                    if (blob < PV_VCPU_XSAVE_MIN) {
                        throw fail("vcpu " + Integer.toUnsignedString(vcpu) + " xsave context of " + blob + " bytes is below " + PV_VCPU_XSAVE_MIN);
                    }
                }
                case RecordType.X86_PV_VCPU_MSRS -> {
                    if (blob % PV_VCPU_MSR_SIZE != 0) {
                        throw fail("vcpu " + Integer.toUnsignedString(vcpu) + " MSR payload of " + blob + " bytes is not a multiple of " + PV_VCPU_MSR_SIZE);
                    }
                }
                default -> throw new IllegalStateException("not a vcpu record: " + type);
            }
        }
        body = b;
    }

    private void readTscInfo() throws IOException {
        requireLength(TscInfoDescriptor.LENGTH);
        ByteBuffer b = readBody(bodyLength, "body");
        int reserved = b.getInt(20);
        if (reserved != 0) {
            throw fail(String.format("reserved field 0x%08x is not zero", reserved));
        }
        tsc = new TscInfo(b.getInt(0), b.getInt(4), b.getLong(8), b.getInt(16));
        body = b;
    }

    private void readHvmContext() throws IOException {
        if (bodyLength == 0) {
            throw fail("empty HVM context");
        }
        ByteBuffer b = readBody(bodyLength, "body");
        readPadding();
        byte[] blob = new byte[bodyLength];
        b.get(0, blob);
        try {
            hvmContextEntries = HvmContext.parse(blob);
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
        hvmContext = blob;
        hvmContextSeen = true;
        body = b;
    }

    private void readHvmParams() throws IOException {
        if (bodyLength < HVM_PARAMS_HEADER_SIZE) {
            throw fail("body of " + bodyLength + " bytes is shorter than the 8-byte count header");
        }
        ByteBuffer h = readSmall(HVM_PARAMS_HEADER_SIZE, "HVM_PARAMS header").order(ByteOrder.LITTLE_ENDIAN);
        long count = Integer.toUnsignedLong(h.getInt(0));
        int reserved = h.getInt(4);
        long expected = HVM_PARAMS_HEADER_SIZE + HVM_PARAM_SIZE * count;
        if (bodyLength != expected) {
            throw fail("count " + count + " needs a body of " + expected + " bytes, the record has " + bodyLength);
        }
        if (reserved != 0) {
            throw fail(String.format("reserved field 0x%08x is not zero", reserved));
        }
        if (count > MAX_HVM_PARAMS) {
            throw fail("count " + count + " exceeds the limit of " + MAX_HVM_PARAMS + " params per record");
        }
        ByteBuffer b = readBody(bodyLength - HVM_PARAMS_HEADER_SIZE, "params");
        List<HvmParam> params = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            long index = b.getLong(i * HVM_PARAM_SIZE);
            if (Long.compareUnsigned(index, MAX_HVM_PARAMS) >= 0) {
                throw fail("param " + i + " has index " + Long.toUnsignedString(index) + ", beyond the limit of "
                        + (MAX_HVM_PARAMS - 1) + " (Xen 4.17 defines 39 HVM params and refuses others)");
            }
            params.add(new HvmParam(index, b.getLong(i * HVM_PARAM_SIZE + 8)));
        }
        hvmParams = List.copyOf(params);
        body = b;
    }

    private void readCpuPolicy(int entrySize) throws IOException {
        boolean cpuid = type == RecordType.X86_CPUID_POLICY;
        if (staticDataEnd) {
            throw fail("CPU policy after STATIC_DATA_END" + (staticDataEndInferred ? " (inferred at the first PAGE_DATA of this v2 stream)" : ""));
        }
        if (cpuid ? cpuidSeen : msrSeen) {
            throw fail("second " + RecordType.name(type) + " record");
        }
        if (bodyLength == 0 || bodyLength % entrySize != 0) {
            throw fail("body length " + bodyLength + " is not a non-zero multiple of " + entrySize);
        }
        ByteBuffer b = readBody(bodyLength, "body");
        readPadding();
        if (!cpuid) {
            for (int i = 0; i < bodyLength / entrySize; i++) {
                int flags = b.getInt(i * entrySize + 4);
                if (flags != 0) {
                    throw fail(String.format("entry %d (MSR 0x%08x) has flags 0x%08x, expected 0", i, b.getInt(i * entrySize), flags));
                }
            }
            msrSeen = true;
        } else {
            cpuidSeen = true;
        }
        body = b;
    }

    private void requireLength(int expected) throws StreamFormatException {
        if (bodyLength != expected) {
            throw fail("body length " + bodyLength + ", expected " + expected);
        }
    }

    // ---------------------------------------------------------------- page data

    /**
     * Reads the current PAGE_DATA record's page data straight into {@code pages[0 .. bufferCount)}
     * (scatter reads where the channel supports them), filling every remaining byte of each buffer.
     * The buffers together must hold exactly {@link #dataPages()} pages.
     *
     * @throws IllegalArgumentException when the buffers' size does not match the data pages
     * @throws StreamFormatException    when the stream ends inside the page data
     */
    public void readPageData(ByteBuffer[] pages, int bufferCount) throws IOException {
        requirePageData(pages, bufferCount);
        consumePageData(pages, bufferCount, false);
    }

    /**
     * Compares the current PAGE_DATA record's page data with {@code current[0 .. bufferCount)} (VERIFY
     * mode), reading the stream through a 64 KiB buffer. The buffers are left unchanged except for
     * their positions, which end at their limits.
     *
     * @throws StreamFormatException naming the first page whose data differs
     */
    public void verifyPageData(ByteBuffer[] current, int bufferCount) throws IOException {
        requirePageData(current, bufferCount);
        consumePageData(current, bufferCount, true);
    }

    /** Skips the current PAGE_DATA record's page data (also done by {@link #next()}). */
    public void skipPageData() throws IOException {
        if (pendingPageBytes > 0) {
            consumePageData(null, 0, false);
        }
    }

    private void requirePageData(ByteBuffer[] pages, int bufferCount) {
        if (!typeRead || layer != Layer.LIBXC || type != RecordType.PAGE_DATA) {
            throw new IllegalStateException("the current record is not PAGE_DATA");
        }
        long supplied = 0;
        for (int i = 0; i < bufferCount; i++) {
            supplied += pages[i].remaining();
        }
        if (supplied != pendingPageBytes) {
            throw new IllegalArgumentException("page buffers hold " + supplied + " bytes, the record has "
                    + pendingPageBytes + " bytes of page data left (" + dataPages + " data pages)");
        }
    }

    private void consumePageData(ByteBuffer[] pages, int bufferCount, boolean verify) throws IOException {
        long total = pendingPageBytes;
        if (pages == null) {
            long left = total;
            while (left > 0) {
                ByteBuffer c = chunk.clear().limit((int) Math.min(left, CHUNK));
                if (readSome(c) < 0) {
                    throw pageDataTruncated(total - left);
                }
                left -= c.position();
            }
        } else if (verify) {
            long done = 0;
            for (int i = 0; i < bufferCount; i++) {
                ByteBuffer cur = pages[i];
                int limit = cur.limit();
                int at = cur.position();
                while (at < limit) {
                    int len = Math.min(limit - at, CHUNK);
                    ByteBuffer c = chunk.clear().limit(len);
                    while (c.hasRemaining()) {
                        if (readSome(c) < 0) {
                            throw pageDataTruncated(done + c.position());
                        }
                    }
                    c.flip();
                    cur.limit(at + len).position(at);
                    int mismatch = c.mismatch(cur);
                    cur.limit(limit);
                    if (mismatch >= 0) {
                        long differs = done + mismatch;
                        int page = (int) (differs >>> StreamFormat.PAGE_SHIFT);
                        int entry = entryOfDataPage(page);
                        throw fail(String.format("VERIFY: data page %d (entry %d, pfn 0x%x) differs from the destination at byte %d",
                                page, entry, pfns[entry], differs & (StreamFormat.PAGE_SIZE - 1)));
                    }
                    at += len;
                    done += len;
                }
                cur.position(limit);
            }
        } else {
            long left = total;
            int first = 0;
            while (left > 0) {
                while (!pages[first].hasRemaining()) {
                    first++;
                }
                long n = scattering != null ? readSomeScattering(pages, first, bufferCount - first) : readSome(pages[first]);
                if (n < 0) {
                    throw pageDataTruncated(total - left);
                }
                left -= n;
            }
        }
        pendingPageBytes = 0;
    }

    private StreamFormatException pageDataTruncated(long done) {
        int page = (int) (done >>> StreamFormat.PAGE_SHIFT);
        int entry = entryOfDataPage(page);
        return fail(String.format("stream truncated at offset %d inside the page data: data page %d of %d (entry %d, pfn 0x%x) has %d of %d bytes",
                position, page, dataPages, entry, pfns[entry], done & (StreamFormat.PAGE_SIZE - 1), StreamFormat.PAGE_SIZE));
    }

    /** The entry index of the {@code page}-th data-carrying entry of the current record. */
    private int entryOfDataPage(int page) {
        int seen = 0;
        for (int i = 0; i < pageCount; i++) {
            if (PageType.carriesData(pageTypes[i])) {
                if (seen == page) {
                    return i;
                }
                seen++;
            }
        }
        return pageCount - 1;
    }

    // ---------------------------------------------------------------- low-level input

    private int readSome(ByteBuffer dst) throws IOException {
        int zeroReads = 0;
        while (true) {
            int n = channel.read(dst);
            if (n > 0) {
                position += n;
                return n;
            }
            if (n < 0) {
                return -1;
            }
            if (++zeroReads > MAX_ZERO_READS) {
                throw new IOException("the input channel returned no bytes " + MAX_ZERO_READS + " times in a row (a non-blocking channel?)");
            }
            Thread.onSpinWait();
        }
    }

    private long readSomeScattering(ByteBuffer[] dsts, int offset, int length) throws IOException {
        int zeroReads = 0;
        while (true) {
            long n = scattering.read(dsts, offset, length);
            if (n > 0) {
                position += n;
                return n;
            }
            if (n < 0) {
                return -1;
            }
            if (++zeroReads > MAX_ZERO_READS) {
                throw new IOException("the input channel returned no bytes " + MAX_ZERO_READS + " times in a row (a non-blocking channel?)");
            }
            Thread.onSpinWait();
        }
    }

    private void readFully(ByteBuffer dst, String what) throws IOException {
        int want = dst.remaining();
        while (dst.hasRemaining()) {
            if (readSome(dst) < 0) {
                throw truncated(what, want - dst.remaining(), want);
            }
        }
    }

    /** Reads {@code n} (at most 64) bytes into the small buffer, returned with position 0 and limit n. */
    private ByteBuffer readSmall(int n, String what) throws IOException {
        ByteBuffer b = small.clear().limit(n);
        readFully(b, what);
        return b.flip();
    }

    /** Reads {@code length} bytes into a buffer that grows as they arrive; returned little-endian, position 0, limit length. */
    private ByteBuffer readBody(int length, String what) throws IOException {
        ByteBuffer b = bodyBuffer;
        int initial = Math.min(length, CHUNK);
        if (b.capacity() < initial) {
            b = ByteBuffer.allocate(initial).order(ByteOrder.LITTLE_ENDIAN);
        }
        b.clear();
        while (b.position() < length) {
            if (b.position() == b.capacity()) {
                int grown = (int) Math.min(length, Math.max(2L * b.capacity(), CHUNK));
                ByteBuffer bigger = ByteBuffer.allocate(grown).order(ByteOrder.LITTLE_ENDIAN);
                b.flip();
                bigger.put(b);
                b = bigger;
            }
            b.limit(Math.min(length, b.capacity()));
            if (readSome(b) < 0) {
                throw truncated(what, b.position(), length);
            }
        }
        b.flip();
        if (b.capacity() <= RETAINED_BODY_CAPACITY) {
            bodyBuffer = b;
        }
        return b;
    }

    private void skip(long n, String what) throws IOException {
        long left = n;
        while (left > 0) {
            ByteBuffer c = chunk.clear().limit((int) Math.min(left, CHUNK));
            if (readSome(c) < 0) {
                throw truncated(what, n - left, n);
            }
            left -= c.position();
        }
    }

    private void readPadding() throws IOException {
        int pad = RecordDescriptor.paddingFor(bodyLength);
        if (pad == 0) {
            return;
        }
        ByteBuffer b = small.clear().limit(pad);
        readFully(b, "padding");
        for (int i = 0; i < pad; i++) {
            if (b.get(i) != 0) {
                throw fail(String.format("padding byte %d at offset %d is 0x%02x, not zero", i, position - pad + i, b.get(i) & 0xFF));
            }
        }
    }

    // ---------------------------------------------------------------- errors

    private void atHeader(String name, long offset) {
        inRecord = false;
        headerName = name;
        headerOffset = offset;
    }

    private String where() {
        if (!inRecord) {
            return headerName + " at offset " + headerOffset;
        }
        if (!typeRead) {
            return "record " + recordIndex + " at offset " + recordOffset;
        }
        return "record " + recordIndex + " (" + recordName() + ") at offset " + recordOffset;
    }

    private StreamFormatException fail(String what) {
        return new StreamFormatException(where() + ": " + what);
    }

    private StreamFormatException truncated(String what, long got, long want) {
        return fail("stream truncated at offset " + position + ": " + what + " incomplete (" + got + " of " + want + " bytes)");
    }

    /** An error about the current record (or header), for callers applying it: "record N (TYPE) at offset X: what". */
    public StreamFormatException error(String what) {
        return fail(what);
    }

    /** As {@link #error(String)}, with the cause (a destination's failure). */
    public StreamFormatException error(String what, Throwable cause) {
        return new StreamFormatException(where() + ": " + what, cause);
    }

    // ---------------------------------------------------------------- accessors

    public StreamFraming framing() {
        return framing;
    }

    /** The xl save-file header, or null when the stream is not an xl save file. */
    public XlSaveHeader xlHeader() {
        return xlHeader;
    }

    /** The libxl header's options (0 for a bare libxc stream). */
    public int libxlOptions() {
        return libxlOptions;
    }

    /** The libxc headers, or null before they were read (a libxl stream has them after LIBXC_CONTEXT). */
    public LibxcHeader libxcHeader() {
        return libxcHeader;
    }

    /** The headers read so far, in stream order. */
    public List<HeaderInfo> headers() {
        return List.copyOf(headers);
    }

    /** Bytes consumed from the channel. */
    public long position() {
        return position;
    }

    /** True once the final END was read (and, when required, the end of the channel checked). */
    public boolean finished() {
        return state == State.DONE;
    }

    public long recordIndex() {
        return recordIndex;
    }

    public long recordOffset() {
        return recordOffset;
    }

    public Layer layer() {
        return layer;
    }

    public int recordType() {
        return type;
    }

    /** The current record's type name. */
    public String recordName() {
        return layer == Layer.LIBXL ? LibxlRecordType.name(type) : RecordType.name(type);
    }

    public int bodyLength() {
        return bodyLength;
    }

    /**
     * The current record's body, little-endian, read-only, position 0; null where it was skipped
     * rather than read (PAGE_DATA, SHARED_INFO, TOOLSTACK, EMULATOR_CONTEXT, dirty pfn lists,
     * unknown optional records). For HVM_PARAMS the count header is not included. Valid until
     * {@link #next()}.
     */
    public ByteBuffer body() {
        return body == null ? null : body.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** A copy of the current record's body (see {@link #body()}). */
    public byte[] bodyBytes() {
        if (body == null) {
            throw new IllegalStateException(recordName() + " body was not retained");
        }
        byte[] copy = new byte[body.limit()];
        body.get(0, copy);
        return copy;
    }

    /** The current record is an unknown optional record that was skipped. */
    public boolean isSkippedOptional() {
        return skippedOptional;
    }

    /** A v2 stream's static data ends at this record (first PAGE_DATA, X86_PV_P2M_FRAMES or END): it has no STATIC_DATA_END. */
    public boolean inferredStaticDataEnd() {
        return inferredStaticDataEnd;
    }

    /** A VERIFY record was read: PAGE_DATA from here on is for comparison. */
    public boolean verifyActive() {
        return verifyActive;
    }

    /** PAGE_DATA: number of entries. */
    public int pageCount() {
        return pageCount;
    }

    /** PAGE_DATA: the entries' pfns ([0, pageCount)); the reader's array, valid until {@link #next()}. */
    public long[] pfns() {
        return pfns;
    }

    /** PAGE_DATA: the entries' page types ({@link PageType}); the reader's array, valid until {@link #next()}. */
    public int[] pageTypes() {
        return pageTypes;
    }

    /** PAGE_DATA: entries that carry a page of data. */
    public int dataPages() {
        return dataPages;
    }

    /** X86_TSC_INFO: the decoded body. */
    public TscInfo tscInfo() {
        return tsc;
    }

    /** HVM_CONTEXT: the validated blob (a copy owned by the caller). */
    public byte[] hvmContext() {
        return hvmContext == null ? null : Arrays.copyOf(hvmContext, hvmContext.length);
    }

    /** HVM_CONTEXT: the blob's descriptors. */
    public List<HvmContext.Entry> hvmContextEntries() {
        return hvmContextEntries;
    }

    /** HVM_PARAMS: the params of the current record. */
    public List<HvmParam> hvmParams() {
        return hvmParams;
    }

    /** libxl emulator records: the emulator id (0 unknown, 1 qemu traditional, 2 qemu upstream). */
    public int emulatorId() {
        return emulatorId;
    }

    /** libxl emulator records: the emulator's index. */
    public int emulatorIndex() {
        return emulatorIndex;
    }

    /** The x86 PV guest width from X86_PV_INFO (0 before it). */
    public int pvGuestWidth() {
        return pvGuestWidth;
    }
}
