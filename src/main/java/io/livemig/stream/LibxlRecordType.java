package io.livemig.stream;

/**
 * libxl record types (docs/specs/libxl-migration-stream.pandoc). A libxl stream is a
 * {@link LibxlHeaderDescriptor libxl header} and records framed as libxc records are
 * ({@link RecordDescriptor}); bit 31 marks a record a restorer may skip.
 */
public final class LibxlRecordType {
    private LibxlRecordType() {
    }

    /** Empty, last record of the stream. */
    public static final int END = 0;
    /** Empty; the libxc stream follows, through its own END. */
    public static final int LIBXC_CONTEXT = 1;
    /** {@link EmulatorDescriptor}: emulator header, xenstore key/value pairs. */
    public static final int EMULATOR_XENSTORE_DATA = 2;
    /** {@link EmulatorDescriptor}: emulator header, the emulator's state blob. */
    public static final int EMULATOR_CONTEXT = 3;
    /** Empty: the end of a Remus/COLO checkpoint's libxl records. */
    public static final int CHECKPOINT_END = 4;
    /** {@link CheckpointStateDescriptor}: COLO control id. */
    public static final int CHECKPOINT_STATE = 5;

    /**
     * The type's name; libxl's END is named LIBXL_END to tell it from libxc's.
     *
     * @param type the record type
     * @return the name, or {@code LIBXL_UNKNOWN(0x...)} with the type in hex for any other type
     */
    public static String name(int type) {
        return switch (type) {
            case END -> "LIBXL_END";
            case LIBXC_CONTEXT -> "LIBXC_CONTEXT";
            case EMULATOR_XENSTORE_DATA -> "EMULATOR_XENSTORE_DATA";
            case EMULATOR_CONTEXT -> "EMULATOR_CONTEXT";
            case CHECKPOINT_END -> "CHECKPOINT_END";
            case CHECKPOINT_STATE -> "CHECKPOINT_STATE";
            default -> String.format("LIBXL_UNKNOWN(0x%08x)", type);
        };
    }
}
