package io.livemig.stream;

import java.nio.charset.StandardCharsets;

/**
 * The validated header of an xl save file (tools/xl/xl_saverestore.c).
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
    public static final int KNOWN_MANDATORY_FLAGS = FLAG_JSON | FLAG_STREAM_V2;

    public boolean configIsJson() {
        return (mandatoryFlags & FLAG_JSON) != 0;
    }

    /** The config as text (xl writes it NUL-terminated; the terminator is dropped). */
    public String configText() {
        int n = config.length;
        while (n > 0 && config[n - 1] == 0) {
            n--;
        }
        return new String(config, 0, n, StandardCharsets.UTF_8);
    }
}
