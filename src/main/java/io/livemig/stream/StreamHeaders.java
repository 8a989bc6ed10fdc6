package io.livemig.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The reader's headers: which framing a stream has (from its first 8 bytes), and the xl, libxl,
 * image and domain headers, each read through its descriptor and checked field by field.
 */
final class StreamHeaders {
    private static final int DETECT_LENGTH = 8;

    private final StreamInput input;
    private final ErrorLocation location;
    private final List<HeaderInfo> read = new ArrayList<>(4);
    private StreamFraming framing;
    private XlSaveHeader xlHeader;
    private int libxlOptions;
    private LibxcHeader libxcHeader;

    StreamHeaders(StreamInput input, ErrorLocation location) {
        this.input = input;
        this.location = location;
    }

    /** Reads the first bytes and the headers they open: libxc's two, libxl's, or xl's and then libxl's. */
    StreamFraming open() throws IOException {
        ByteBuffer b = input.readHeader(0, DETECT_LENGTH, "the first 8 bytes");
        long first = Fields.u64be(b, 0);
        if (first == ImageHeaderDescriptor.MARKER) {
            framing = StreamFraming.LIBXC;
            readLibxc(0, true);
        } else if (first == LibxlHeaderDescriptor.IDENT) {
            framing = StreamFraming.LIBXL;
            readLibxl(0, true);
        } else if (XlHeaderDescriptor.magicMismatch(b, 0, 0, DETECT_LENGTH) < 0) {
            framing = StreamFraming.XL;
            readXl();
            readLibxl(input.position(), false);
        } else {
            throw location.fail(String.format("unrecognised stream: first bytes 0x%016x are neither a libxc image header"
                + " (marker 0x%016x), a libxl header (\"LibxlFmt\") nor an xl save file", first, ImageHeaderDescriptor.MARKER));
        }
        return framing;
    }

    private void readXl() throws IOException {
        location.atHeader("xl header", 0);
        ByteBuffer b = input.readHeader(DETECT_LENGTH, XlHeaderDescriptor.LENGTH, "xl header");
        int mismatch = XlHeaderDescriptor.magicMismatch(b, 0, DETECT_LENGTH, XlHeaderDescriptor.MAGIC_LENGTH);
        if (mismatch != -1) {
            throw location.fail("magic differs from xl's \"Xen saved domain, xl format\\n \\0 \\r\" at byte " + mismatch);
        }
        int byteOrder = XlHeaderDescriptor.byteOrder(b, 0);
        int mandatory = XlHeaderDescriptor.mandatoryFlags(b, 0);
        int optional = XlHeaderDescriptor.optionalFlags(b, 0);
        long optionalLength = XlHeaderDescriptor.optionalDataLength(b, 0);
        if (byteOrder == XlHeaderDescriptor.BYTE_ORDER_SWAPPED) {
            throw location.fail(String.format("byte-order marker reads 0x%08x: a big-endian save file, only little-endian is supported",
                    XlHeaderDescriptor.BYTE_ORDER_SWAPPED));
        }
        if (byteOrder != XlHeaderDescriptor.BYTE_ORDER_MARKER) {
            throw location.fail(String.format("byte-order marker 0x%08x is not 0x%08x", byteOrder, XlHeaderDescriptor.BYTE_ORDER_MARKER));
        }
        int unknown = mandatory & ~XlSaveHeader.KNOWN_MANDATORY_FLAGS;
        if (unknown != 0) {
            throw location.fail(String.format("mandatory flags 0x%08x include unsupported bits 0x%08x (known: JSON 0x%x, STREAMv2 0x%x)",
                    mandatory, unknown, XlSaveHeader.FLAG_JSON, XlSaveHeader.FLAG_STREAM_V2));
        }
        if ((mandatory & XlSaveHeader.FLAG_STREAM_V2) == 0) {
            throw location.fail(String.format("mandatory flags 0x%08x lack STREAMv2: a legacy (pre-Xen-4.6) stream, not supported", mandatory));
        }
        if (optionalLength > RecordDescriptor.MAX_BODY_LENGTH) {
            throw location.fail("optional data length " + optionalLength + " exceeds the " + RecordDescriptor.MAX_BODY_LENGTH + "-byte limit");
        }
        byte[] config = new byte[0];
        if (optionalLength > 0) {
            if (optionalLength < XlHeaderDescriptor.CONFIG_OFFSET) {
                throw location.fail("optional data of " + optionalLength + " bytes is too short for the u32 config length");
            }
            ByteBuffer data = input.readBody((int) optionalLength, "xl optional data");
            long configLength = XlHeaderDescriptor.configLength(data, 0);
            if (configLength > optionalLength - XlHeaderDescriptor.CONFIG_OFFSET) {
                throw location.fail("optional data of " + optionalLength + " bytes is too short for a config of " + configLength + " bytes");
            }
            config = new byte[(int) configLength];
            data.get(XlHeaderDescriptor.CONFIG_OFFSET, config);
        }
        xlHeader = new XlSaveHeader(mandatory, optional, optionalLength, config);
        read.add(new HeaderInfo("xl header", 0, XlHeaderDescriptor.LENGTH + optionalLength,
                String.format("mandatory flags 0x%x (%sSTREAMv2), optional flags 0x%x, optional data %d bytes, config %d bytes",
                        mandatory, xlHeader.configIsJson() ? "JSON, " : "", optional, optionalLength, config.length)));
    }

    /** The libxl header at {@code offset}; {@code identRead}: its first 8 bytes were read (and matched) already. */
    private void readLibxl(long offset, boolean identRead) throws IOException {
        location.atHeader("libxl header", offset);
        ByteBuffer b = input.readHeader(identRead ? DETECT_LENGTH : 0, LibxlHeaderDescriptor.LENGTH, "libxl header");
        long ident = LibxlHeaderDescriptor.ident(b, 0);
        if (ident != LibxlHeaderDescriptor.IDENT) {
            throw location.fail(String.format("ident 0x%016x is not \"LibxlFmt\" (0x%016x)", ident, LibxlHeaderDescriptor.IDENT));
        }
        int version = LibxlHeaderDescriptor.version(b, 0);
        int options = LibxlHeaderDescriptor.options(b, 0);
        if (version != LibxlHeaderDescriptor.VERSION) {
            throw location.fail("version " + Integer.toUnsignedString(version) + " is not supported (expected " + LibxlHeaderDescriptor.VERSION + ")");
        }
        if ((options & LibxlHeaderDescriptor.OPT_BIG_ENDIAN) != 0) {
            throw location.fail(String.format("options 0x%08x: a big-endian stream, only little-endian is supported", options));
        }
        int reserved = options & ~LibxlHeaderDescriptor.KNOWN_OPTIONS;
        if (reserved != 0) {
            throw location.fail(String.format("options 0x%08x set reserved bits 0x%08x", options, reserved));
        }
        libxlOptions = options;
        read.add(new HeaderInfo("libxl header", offset, LibxlHeaderDescriptor.LENGTH,
                "version " + version + ", options 0x" + Integer.toHexString(options)
                        + ((options & LibxlHeaderDescriptor.OPT_LEGACY) != 0 ? " (converted from a legacy stream)" : "")));
    }

    /** The image and domain headers at {@code offset}; {@code markerRead}: the marker was read (and matched) already. */
    LibxcHeader readLibxc(long offset, boolean markerRead) throws IOException {
        location.atHeader("image header", offset);
        ByteBuffer b = input.readHeader(markerRead ? DETECT_LENGTH : 0, ImageHeaderDescriptor.LENGTH, "image header");
        long marker = ImageHeaderDescriptor.marker(b, 0);
        if (marker != ImageHeaderDescriptor.MARKER) {
            throw location.fail(String.format("marker 0x%016x is not 0x%016x", marker, ImageHeaderDescriptor.MARKER));
        }
        int id = ImageHeaderDescriptor.id(b, 0);
        int version = ImageHeaderDescriptor.version(b, 0);
        int options = ImageHeaderDescriptor.options(b, 0);
        if (id != ImageHeaderDescriptor.ID) {
            throw location.fail(String.format("id 0x%08x is not \"XENF\" (0x%08x)", id, ImageHeaderDescriptor.ID));
        }
        if (version < ImageHeaderDescriptor.VERSION_MIN || version > ImageHeaderDescriptor.VERSION) {
            throw location.fail("version " + Integer.toUnsignedString(version) + " is not supported (expected "
                    + ImageHeaderDescriptor.VERSION_MIN + ".." + ImageHeaderDescriptor.VERSION + ")");
        }
        if ((options & ImageHeaderDescriptor.OPT_BIG_ENDIAN) != 0) {
            throw location.fail(String.format("options 0x%04x: a big-endian stream, only little-endian is supported", options));
        }
        if (options != 0) {
            throw location.fail(String.format("options 0x%04x set reserved bits 1..15", options));
        }
        location.requireZero(ImageHeaderDescriptor.reserved16(b, 0), Short.BYTES);
        location.requireZero(ImageHeaderDescriptor.reserved32(b, 0), Integer.BYTES);
        read.add(new HeaderInfo("image header", offset, ImageHeaderDescriptor.LENGTH, "libxc format version " + version + ", little-endian"));

        long domainOffset = offset + ImageHeaderDescriptor.LENGTH;
        location.atHeader("domain header", domainOffset);
        ByteBuffer d = input.readHeader(0, DomainHeaderDescriptor.LENGTH, "domain header");
        int typeCode = DomainHeaderDescriptor.type(d, 0);
        int pageShift = DomainHeaderDescriptor.pageShift(d, 0);
        int xenMajor = DomainHeaderDescriptor.xenMajor(d, 0);
        int xenMinor = DomainHeaderDescriptor.xenMinor(d, 0);
        DomainType domainType = DomainType.ofCode(typeCode);
        if (domainType == null) {
            throw location.fail("type " + Integer.toUnsignedString(typeCode) + " (" + DomainType.nameOf(typeCode)
                    + ") is not supported: Xen's x86 streams are " + DomainType.X86_PV.displayName() + " (" + DomainType.X86_PV.code()
                    + ") or " + DomainType.X86_HVM.displayName() + " (" + DomainType.X86_HVM.code() + ")");
        }
        if (pageShift != StreamFormat.PAGE_SHIFT) {
            throw location.fail("page_shift " + pageShift + " is not " + StreamFormat.PAGE_SHIFT + " (4 KiB pages)");
        }
        location.requireZero(DomainHeaderDescriptor.reserved(d, 0), Short.BYTES);
        libxcHeader = new LibxcHeader(offset, version, domainType, xenMajor, xenMinor);
        read.add(new HeaderInfo("domain header", domainOffset, DomainHeaderDescriptor.LENGTH,
                domainType.displayName() + ", page_shift " + pageShift + ", "
                        + (libxcHeader.convertedFromLegacy()
                        ? "converted from the legacy format (script version " + Integer.toUnsignedString(xenMinor) + ")"
                        : "Xen " + libxcHeader.xenVersion())));
        return libxcHeader;
    }

    /** The framing, known once the first bytes were read (before the headers were checked). */
    StreamFraming framing() {
        return framing;
    }

    XlSaveHeader xlHeader() {
        return xlHeader;
    }

    int libxlOptions() {
        return libxlOptions;
    }

    LibxcHeader libxcHeader() {
        return libxcHeader;
    }

    List<HeaderInfo> read() {
        return List.copyOf(read);
    }
}
