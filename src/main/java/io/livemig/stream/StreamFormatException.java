package io.livemig.stream;

import java.io.IOException;

/**
 * A migration stream could not be read, validated or applied. The message is one line naming
 * where (header and offset, or record index, type name and absolute byte offset) and what is
 * wrong, for example {@code record 7 (PAGE_DATA) at offset 41000: entry 3 pfn 0x40000 is beyond
 * the destination (limit 0x40000)}. A failure of the channel itself stays a plain
 * {@link IOException}; a failure of the destination while applying a record is reported as this
 * exception with the destination's exception as cause.
 */
public final class StreamFormatException extends IOException {
    /**
     * A fault with no exception behind it.
     *
     * @param message one line: where, then what is wrong
     */
    public StreamFormatException(String message) {
        super(message);
    }

    /**
     * A fault with the exception behind it.
     *
     * @param message one line: where, then what is wrong
     * @param cause   the exception behind it (the destination's, while applying a record)
     */
    public StreamFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
