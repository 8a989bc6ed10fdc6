package io.livemig.stream;

/**
 * Stream-wide facts of the libxc migration stream (docs/specs/libxc-migration-stream.pandoc,
 * format version 3): the page size and the batch bound. Layouts are described once each, by
 * the descriptors: {@link ImageHeaderDescriptor}, {@link DomainHeaderDescriptor},
 * {@link RecordDescriptor} (framing of every record), {@link PageDataDescriptor} and the other
 * record bodies ({@link RecordType} names the descriptor of each), {@link LibxlHeaderDescriptor}
 * and {@link XlHeaderDescriptor} for the libxl and xl framings.
 */
public final class StreamFormat {
    private StreamFormat() {
    }

    /** log2 of {@link #PAGE_SIZE}: a pfn shifted left by this is a byte address. */
    public static final int PAGE_SHIFT = 12;
    /** Bytes per page: 4096. */
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;

    /** Largest batch of pfns in one PAGE_DATA record (Xen's MAX_BATCH_SIZE). */
    public static final int MAX_BATCH_SIZE = 1024;
}
