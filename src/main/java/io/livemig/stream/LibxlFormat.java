package io.livemig.stream;

import java.nio.charset.StandardCharsets;

/**
 * The libxl stream that wraps a libxc stream (docs/specs/libxl-migration-stream.pandoc), and the
 * xl save-file header in front of it (tools/xl/xl_saverestore.c).
 *
 * <pre>
 * libxl header (16 bytes, BIG-endian): u64 "LibxlFmt" | u32 version = 2 | u32 options
 * then records framed like libxc records (u32 type, u32 length, body, padding to 8):
 *   0 END, 1 LIBXC_CONTEXT (length 0, the raw libxc stream follows through its END),
 *   2 EMULATOR_XENSTORE_DATA, 3 EMULATOR_CONTEXT (u32 emulator_id, u32 index, blob),
 *   4 CHECKPOINT_END, 5 CHECKPOINT_STATE
 *
 * xl save file: 32-byte magic "Xen saved domain, xl format\n \0 \r", u32 byte-order marker
 * 0x01020304 (host order), u32 mandatory flags, u32 optional flags, u32 optional data length,
 * optional data, then the libxl stream.
 * </pre>
 */
public final class LibxlFormat {
    private LibxlFormat() {
    }

    public static final long MAGIC = 0x4c6962786c466d74L; // "LibxlFmt"
    public static final int VERSION = 2;
    public static final int HEADER_SIZE = 16;
    /** libxl header option bit 0: big-endian records. */
    public static final int OPT_BIG_ENDIAN = 1;
    /** libxl header option bit 1: legacy stream. */
    public static final int OPT_LEGACY = 2;

    public static final int REC_END = 0;
    public static final int REC_LIBXC_CONTEXT = 1;
    public static final int REC_EMULATOR_XENSTORE_DATA = 2;
    public static final int REC_EMULATOR_CONTEXT = 3;
    public static final int REC_CHECKPOINT_END = 4;
    public static final int REC_CHECKPOINT_STATE = 5;

    public static final byte[] XL_MAGIC = "Xen saved domain, xl format\n \0 \r".getBytes(StandardCharsets.ISO_8859_1);
    public static final int XL_BYTEORDER_MARKER = 0x01020304;
    public static final int XL_HEADER_SIZE = 32 + 16;

    public static String recordName(int type) {
        return switch (type) {
            case REC_END -> "LIBXL_END";
            case REC_LIBXC_CONTEXT -> "LIBXC_CONTEXT";
            case REC_EMULATOR_XENSTORE_DATA -> "EMULATOR_XENSTORE_DATA";
            case REC_EMULATOR_CONTEXT -> "EMULATOR_CONTEXT";
            case REC_CHECKPOINT_END -> "CHECKPOINT_END";
            case REC_CHECKPOINT_STATE -> "CHECKPOINT_STATE";
            default -> String.format("LIBXL_UNKNOWN(0x%08x)", type);
        };
    }
}
