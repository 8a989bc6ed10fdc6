package io.livemig.stream;

/** How a stream is framed, detected from its first bytes. */
public enum StreamFraming {
    /** A bare libxc stream: image header (marker 0xFF x 8), domain header, records, END. */
    LIBXC,
    /** A libxl stream ("LibxlFmt") carrying the libxc stream in its LIBXC_CONTEXT record. */
    LIBXL,
    /** An xl save file: xl header and domain config, then a libxl stream. */
    XL
}
