package io.livemig.stream;

import java.nio.ByteBuffer;

/**
 * The body of libxl's CHECKPOINT_STATE record (COLO's control messages). Little-endian.
 *
 * <pre>
 *     0     1     2     3     4     5     6     7 octet
 *    +-----------------------+-----------------------+
 *    | control_id            | record padding        |
 *    +-----------------------+-----------------------+
 * </pre>
 */
public final class CheckpointStateDescriptor {
    private CheckpointStateDescriptor() {
    }

    /** Offset of control_id in the body. */
    public static final int CONTROL_ID_OFFSET = 0;
    /** Body length in bytes, without the record padding. */
    public static final int LENGTH = 4;

    /**
     * Writes a body at {@code at}.
     *
     * @param b         the buffer
     * @param at        where the body starts in {@code b}
     * @param controlId the COLO control id
     */
    public static void encode(ByteBuffer b, int at, int controlId) {
        Fields.putU32le(b, at, CONTROL_ID_OFFSET, controlId);
    }

    /**
     * The control_id field.
     *
     * @param b  the buffer
     * @param at where the body starts in {@code b}
     * @return the COLO control id
     */
    public static int controlId(ByteBuffer b, int at) {
        return Fields.u32le(b, at, CONTROL_ID_OFFSET);
    }
}
