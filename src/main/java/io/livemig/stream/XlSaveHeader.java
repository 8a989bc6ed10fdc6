package io.livemig.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The values of an xl save file's header (tools/xl/xl_saverestore.c): what the reader checked,
 * or what {@link #forConfig} builds for the writer ({@link StreamWriter#writeXlHeader}). Layout:
 * {@link XlHeaderDescriptor}; the optional data is a u32 config length and the config, as
 * save_domain_core_writeconfig writes it (the length word is there even when no config is).
 *
 * @param mandatoryFlags   {@link #FLAG_JSON} and {@link #FLAG_STREAM_V2}; other bits are refused
 * @param optionalFlags    ignored by xl, kept for display
 * @param optionalDataLength length of the optional data that followed the header
 * @param config           the domain configuration carried in the optional data (empty when none)
 */
public record XlSaveHeader(int mandatoryFlags, int optionalFlags, long optionalDataLength, byte[] config) {
    /** The domain config is JSON (else xl's config-file syntax). */
    public static final int FLAG_JSON = 1;
    /** The libxl stream is format v2 (else a pre-Xen-4.6 legacy stream). */
    public static final int FLAG_STREAM_V2 = 1 << 1;
    /** The mandatory flags this implementation understands. */
    public static final int KNOWN_MANDATORY_FLAGS = FLAG_JSON | FLAG_STREAM_V2;

    /**
     * The header xl writes in front of a libxl stream.
     *
     * @param config the domain configuration, or an empty array for none (then `xl restore` needs
     *               the config file on its command line)
     * @param json   the config is libxl's JSON (libxl_domain_config); else xl's config-file syntax
     * @return the header: {@link #FLAG_STREAM_V2}, plus {@link #FLAG_JSON} for a non-empty JSON
     *         config, which gets a terminating NUL when it lacks one
     * @throws IllegalArgumentException when the config is too large for a save file
     */
    public static XlSaveHeader forConfig(byte[] config, boolean json) {
        if (config.length > RecordDescriptor.MAX_BODY_LENGTH - XlHeaderDescriptor.CONFIG_OFFSET) {
            throw new IllegalArgumentException("a domain config of " + config.length + " bytes is larger than a save file carries");
        }
        byte[] body = config;
        if (json && config.length > 0 && config[config.length - 1] != 0) {
            // xl stores its JSON with the terminating NUL, and reads it back as a C string
            body = java.util.Arrays.copyOf(config, config.length + 1);
        }
        int mandatory = FLAG_STREAM_V2 | (json && body.length > 0 ? FLAG_JSON : 0);
        return new XlSaveHeader(mandatory, 0, XlHeaderDescriptor.CONFIG_OFFSET + (long) body.length, body);
    }

    /**
     * The header and its optional data, ready to write before the libxl stream.
     *
     * @return a new buffer of {@link XlHeaderDescriptor#encodedLength} octets, positioned at 0
     */
    public ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate((int) XlHeaderDescriptor.encodedLength(this));
        XlHeaderDescriptor.encode(b, 0, this);
        return b;
    }

    /**
     * Whether the config is libxl's JSON.
     *
     * @return true when {@link #FLAG_JSON} is set, false for xl's config-file syntax
     */
    public boolean configIsJson() {
        return (mandatoryFlags & FLAG_JSON) != 0;
    }

    /**
     * The config as text (xl writes it NUL-terminated; the terminator is dropped).
     *
     * @return the config decoded as UTF-8, trailing NULs removed
     */
    public String configText() {
        int n = config.length;
        while (n > 0 && config[n - 1] == 0) {
            n--;
        }
        return new String(config, 0, n, StandardCharsets.UTF_8);
    }
}
