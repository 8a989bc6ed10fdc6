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

    public static final int CONTROL_ID_OFFSET = 0;
    public static final int LENGTH = 4;

    public static void encode(ByteBuffer b, int at, int controlId) {
        Fields.putU32le(b, at, CONTROL_ID_OFFSET, controlId);
    }

    public static int controlId(ByteBuffer b, int at) {
        return Fields.u32le(b, at, CONTROL_ID_OFFSET);
    }
}
