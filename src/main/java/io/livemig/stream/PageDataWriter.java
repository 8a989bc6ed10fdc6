package io.livemig.stream;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes PAGE_DATA records ({@link PageDataDescriptor}) with one gathering write each: the
 * record's headers and its entry array from one buffer, then the page buffers exactly as the
 * backend handed them (views of guest memory, no copy).
 *
 * <pre>
 *   iov[0]  record header | count | reserved | entry[count]   (pre-allocated, 16 + 8 * max batch)
 *   iov[1+] page data, 4096 bytes per data-carrying entry, in entry order (one or more pages per buffer)
 * </pre>
 * The headers and the entries share a buffer because they are adjacent in the stream: Xen's
 * write_batch gives them an iovec each, and every iovec is copied in and checked by the kernel.
 * The body length is a multiple of 8: no padding. Nothing is allocated per record.
 */
public final class PageDataWriter {
    private final StreamWriter stream;
    private final ChannelOutput out;
    private final int maxBatch;
    private static final int HEADERS_LENGTH = RecordDescriptor.HEADER_LENGTH + PageDataDescriptor.HEADER_LENGTH;

    /** The record header, the PAGE_DATA header and room for max batch entries. */
    private final ByteBuffer headersAndEntries;
    private final ByteBuffer[] iov;

    /**
     * A writer for records of up to {@code maxBatch} entries, writing through {@code stream}'s output.
     *
     * @param stream   the stream the records belong to; it counts each record written
     * @param maxBatch the largest batch to write, 1..1024
     * @throws IllegalArgumentException when {@code maxBatch} is outside 1..1024
     */
    public PageDataWriter(StreamWriter stream, int maxBatch) {
        if (maxBatch < 1 || maxBatch > StreamFormat.MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch size must be 1.." + StreamFormat.MAX_BATCH_SIZE + ": " + maxBatch);
        }
        this.stream = stream;
        this.out = stream.output();
        this.maxBatch = maxBatch;
        this.headersAndEntries = ByteBuffer.allocateDirect(HEADERS_LENGTH + PageDataDescriptor.ENTRY_LENGTH * maxBatch);
        this.iov = new ByteBuffer[1 + maxBatch];
    }

    /**
     * Writes one PAGE_DATA record.
     *
     * @param pfns        the batch's pfns
     * @param types       their stream page types ({@link PageType}); 5..8 and values outside 0..15 are refused
     * @param count       entries in the batch, 1..max batch
     * @param pages       buffers holding the data of the data-carrying entries, in order
     * @param pageBuffers number of buffers in {@code pages}
     * @return the number of pages of data written
     * @throws IllegalArgumentException when {@code count} is outside 1..max batch, or an entry's type
     *                                  or pfn does not fit its field
     * @throws IllegalStateException    when the buffers do not hold exactly one page per data-carrying entry
     * @throws IOException              when writing to the channel fails
     */
    public int write(long[] pfns, int[] types, int count, ByteBuffer[] pages, int pageBuffers) throws IOException {
        if (count < 1 || count > maxBatch) {
            throw new IllegalArgumentException("PAGE_DATA count " + count + " outside 1.." + maxBatch);
        }
        if (pageBuffers < 0 || pageBuffers > maxBatch) {
            throw new IllegalArgumentException("PAGE_DATA page data in " + pageBuffers + " buffers, outside 0.." + maxBatch);
        }
        ByteBuffer h = headersAndEntries.clear();
        int dataPages = 0;
        for (int i = 0; i < count; i++) {
            int t = types[i];
            long pfn = pfns[i];
            // Xen's write_batch refuses unknown types too; unchecked, a wide pfn or a negative type
            // would spill into the other field and turn into a different, valid-looking entry.
            if (!PageType.isValid(t)) {
                throw new IllegalArgumentException(String.format(
                        "PAGE_DATA entry %d (pfn 0x%x): page type %d is not a stream page type", i, pfn, t));
            }
            if ((pfn & ~PageDataDescriptor.PFN_MASK) != 0) {
                throw new IllegalArgumentException(String.format(
                        "PAGE_DATA entry %d: pfn 0x%x does not fit the 52-bit pfn field", i, pfn));
            }
            PageDataDescriptor.putEntry(h, HEADERS_LENGTH, i, pfn, t);
            if (PageType.carriesData(t)) {
                dataPages++;
            }
        }
        h.limit(HEADERS_LENGTH + count * PageDataDescriptor.ENTRY_LENGTH);
        long dataBytes = 0;
        for (int i = 0; i < pageBuffers; i++) {
            dataBytes += pages[i].remaining();
        }
        if (dataBytes != (long) dataPages << StreamFormat.PAGE_SHIFT) {
            throw new IllegalStateException("backend supplied " + dataBytes + " bytes of page data for " + dataPages + " data pages");
        }
        RecordDescriptor.encodeHeader(h, 0, RecordType.PAGE_DATA, (int) PageDataDescriptor.bodyLength(count, dataPages));
        PageDataDescriptor.encodeHeader(h, RecordDescriptor.HEADER_LENGTH, count);
        ByteBuffer[] v = iov;
        v[0] = h;
        System.arraycopy(pages, 0, v, 1, pageBuffers);
        out.writeFully(v, 0, 1 + pageBuffers);
        stream.countRecord();
        return dataPages;
    }
}
