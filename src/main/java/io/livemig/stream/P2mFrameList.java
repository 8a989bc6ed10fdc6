package io.livemig.stream;

import java.util.Objects;

/**
 * What an x86 PV save sends as X86_PV_P2M_FRAMES at the start of the stream
 * ({@link PvP2mFramesDescriptor}): the pfns of the frames holding the guest's p2m for pfns
 * 0..{@code endPfn}, as Xen's write_x86_pv_p2m_frames does (start_pfn is always 0).
 *
 * @param endPfn     the guest's last pfn (max_pfn), below 2^32
 * @param framePfns  one pfn per p2m frame, in p2m order; not copied
 */
public record P2mFrameList(long endPfn, long[] framePfns) {
    /**
     * Checks the list.
     *
     * @throws IllegalArgumentException when {@code endPfn} does not fit 32 bits unsigned or {@code framePfns} is empty
     */
    public P2mFrameList {
        Objects.requireNonNull(framePfns, "framePfns");
        if (endPfn < 0 || endPfn > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("end pfn " + endPfn + " does not fit the record's 32 bits");
        }
        if (framePfns.length == 0) {
            throw new IllegalArgumentException("a p2m of pfns 0.." + endPfn + " lives in at least one frame");
        }
    }

    /**
     * The record body: start_pfn 0, end_pfn, then the frames' pfns.
     *
     * @return the body, without padding
     * @throws IllegalArgumentException when the body would exceed the record body limit
     */
    public byte[] toBytes() {
        long length = PvP2mFramesDescriptor.bodyLength(framePfns.length);
        if (length > RecordDescriptor.MAX_BODY_LENGTH) {
            throw new IllegalArgumentException("X86_PV_P2M_FRAMES of " + framePfns.length + " frames exceeds the record limit");
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) length);
        PvP2mFramesDescriptor.encode(b, 0, 0, endPfn, framePfns);
        return b.array();
    }
}
