package io.livemig.stream;

/**
 * Where the reader is, for its errors: a header and its offset, or a record by index, type and
 * offset. Every fault the reader reports is one line, "WHERE: WHAT", made here. Until the first
 * header is known, the reader is at the "stream header" at offset 0.
 */
final class ErrorLocation {
    private boolean inRecord;
    private String headerName = "stream header";
    private long headerOffset;
    private long recordIndex;
    private long recordOffset;
    private StreamReader.Layer layer;
    private boolean typeRead;
    private int type;

    void atHeader(String name, long offset) {
        inRecord = false;
        headerName = name;
        headerOffset = offset;
    }

    /** At a record whose type is not read yet. */
    void atRecord(long index, long offset, StreamReader.Layer layer) {
        inRecord = true;
        recordIndex = index;
        recordOffset = offset;
        this.layer = layer;
        typeRead = false;
    }

    void recordType(int type) {
        this.type = type;
        typeRead = true;
    }

    /** Back at the current record after reading headers inside it (LIBXC_CONTEXT). */
    void backAtRecord() {
        inRecord = true;
    }

    String where() {
        if (!inRecord) {
            return headerName + " at offset " + headerOffset;
        }
        if (!typeRead) {
            return "record " + recordIndex + " at offset " + recordOffset;
        }
        return "record " + recordIndex + " (" + layer.recordName(type) + ") at offset " + recordOffset;
    }

    StreamFormatException fail(String what) {
        return new StreamFormatException(where() + ": " + what);
    }

    StreamFormatException fail(String what, Throwable cause) {
        return new StreamFormatException(where() + ": " + what, cause);
    }

    /** The stream ended at {@code position}, {@code got} of the {@code want} bytes of {@code what} in. */
    StreamFormatException truncated(long position, String what, long got, long want) {
        return fail("stream truncated at offset " + position + ": " + what + " incomplete (" + got + " of " + want + " bytes)");
    }

    /** A reserved field of {@code bytes} (1..7) bytes, its value in the low bytes of {@code reserved}, must be zero. */
    void requireZero(long reserved, int bytes) throws StreamFormatException {
        long value = reserved & ((1L << Byte.SIZE * bytes) - 1);
        if (value != 0) {
            throw fail(String.format("reserved field 0x%0" + 2 * bytes + "x is not zero", value));
        }
    }

    void requireLength(int bodyLength, int expected) throws StreamFormatException {
        if (bodyLength != expected) {
            throw fail("body length " + bodyLength + ", expected " + expected);
        }
    }

    /** The body must hold at least a {@code header}-byte fixed part, named {@code what}. */
    void requireAtLeast(int bodyLength, int header, String what) throws StreamFormatException {
        if (bodyLength < header) {
            throw fail("body of " + bodyLength + " bytes is shorter than the " + header + "-byte " + what);
        }
    }
}
