package io.livemig.stream;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A PAGE_DATA record ({@link PageDataDescriptor}) as the reader returns it: its entries are read
 * and checked, its page data is still in the channel. The caller moves the data straight into its
 * own buffers with {@link #readInto} (scattering reads, no copy), compares it with
 * {@link #compareWith} (after VERIFY), or leaves it, and the reader skips it. One instance per
 * reader, reused for every PAGE_DATA record, valid until the reader's next {@code next()}: not a
 * record class, so that a batch allocates nothing.
 */
public final class PageData implements StreamRecord {
    private final StreamInput input;
    private final ErrorLocation location;
    private final long pfnLimit;
    /** The body's header and its entries, read together (see {@link #leastEntries}). */
    private final ByteBuffer headerAndEntries = ByteBuffer.allocateDirect(
            PageDataDescriptor.HEADER_LENGTH + PageDataDescriptor.ENTRY_LENGTH * StreamFormat.MAX_BATCH_SIZE);
    private final long[] pfns = new long[StreamFormat.MAX_BATCH_SIZE];
    private final int[] types = new int[StreamFormat.MAX_BATCH_SIZE];
    private int count;
    private int dataPages;
    private boolean verify;
    private boolean current;
    private long pendingBytes;

    PageData(StreamInput input, ErrorLocation location, long pfnLimit) {
        this.input = input;
        this.location = location;
        this.pfnLimit = pfnLimit;
    }

    /**
     * Entries in the batch, 1..1024.
     *
     * @return the number of entries
     */
    public int count() {
        return count;
    }

    /**
     * The entries' pfns ({@code [0, count)}); the reader's array.
     *
     * @return the array, valid in {@code [0, count)} until the reader's next record
     */
    public long[] pfns() {
        return pfns;
    }

    /**
     * The entries' page types ({@link PageType}); the reader's array.
     *
     * @return the array, valid in {@code [0, count)} until the reader's next record
     */
    public int[] types() {
        return types;
    }

    /**
     * Entries that carry a page of data.
     *
     * @return the number of pages of data, 4096 bytes each, in the record
     */
    public int dataPages() {
        return dataPages;
    }

    /**
     * A VERIFY record came earlier: the data is to be compared, not written.
     *
     * @return whether the record's data is to be compared with {@link #compareWith}
     */
    public boolean verify() {
        return verify;
    }

    /**
     * Reads the body's count and entries and checks them: count 1..1024, reserved fields zero,
     * page types valid, every pfn below the limit and below {@code p2mLimit} (an x86 PV stream's
     * p2m size; {@link Long#MAX_VALUE} for none), the body length that of the entries and their
     * pages.
     */
    PageData decode(int bodyLength, boolean verifyActive, long p2mLimit) throws IOException {
        current = false;
        location.requireAtLeast(bodyLength, PageDataDescriptor.HEADER_LENGTH, "PAGE_DATA header");
        ByteBuffer b = headerAndEntries.clear().limit(PageDataDescriptor.HEADER_LENGTH
                + leastEntries(bodyLength) * PageDataDescriptor.ENTRY_LENGTH);
        boolean whole = input.fill(b);
        if (b.position() < PageDataDescriptor.HEADER_LENGTH) {
            throw location.truncated(input.position(), "PAGE_DATA header", b.position(), PageDataDescriptor.HEADER_LENGTH);
        }
        long n = PageDataDescriptor.count(b, 0);
        if (n == 0) {
            throw location.fail("count 0: a PAGE_DATA record carries at least one pfn");
        }
        if (n > StreamFormat.MAX_BATCH_SIZE) {
            throw location.fail("count " + n + " exceeds the batch limit of " + StreamFormat.MAX_BATCH_SIZE);
        }
        location.requireZero(PageDataDescriptor.reserved(b, 0), Integer.BYTES);
        long minLength = PageDataDescriptor.bodyLength(n, 0);
        if (bodyLength < minLength) {
            throw location.fail("body length " + bodyLength + " is too short for " + n + " entries (at least " + minLength + ")");
        }
        int entryCount = (int) n;
        int end = PageDataDescriptor.HEADER_LENGTH + entryCount * PageDataDescriptor.ENTRY_LENGTH;
        if (b.position() < end) {
            b.limit(end);
            if (!whole || !input.fill(b)) {
                throw location.truncated(input.position(), "PAGE_DATA entries",
                        b.position() - PageDataDescriptor.HEADER_LENGTH, end - PageDataDescriptor.HEADER_LENGTH);
            }
        }
        long[] p = pfns;
        int[] t = types;
        long limit = pfnLimit;
        int data = 0;
        for (int i = 0; i < entryCount; i++) {
            long entry = PageDataDescriptor.entry(b, PageDataDescriptor.HEADER_LENGTH, i);
            int type = PageDataDescriptor.type(entry);
            long pfn = PageDataDescriptor.pfn(entry);
            if (!PageType.isValid(type)) {
                throw location.fail("entry " + i + " (pfn 0x" + Long.toHexString(pfn) + ") has invalid page type " + type);
            }
            if (PageDataDescriptor.reservedBits(entry) != 0) {
                throw location.fail(String.format("entry %d (pfn 0x%x) has reserved bits 59..52 set: 0x%016x", i, pfn, entry));
            }
            if (pfn >= limit) {
                throw location.fail(String.format("entry %d pfn 0x%x is beyond the destination (limit 0x%x)", i, pfn, limit));
            }
            if (pfn >= p2mLimit) {
                throw location.fail(String.format("entry %d pfn 0x%x is beyond the p2m, whose last pfn is 0x%x (X86_PV_P2M_FRAMES)",
                        i, pfn, p2mLimit - 1));
            }
            p[i] = pfn;
            t[i] = type;
            if (PageType.carriesData(type)) {
                data++;
            }
        }
        long expected = PageDataDescriptor.bodyLength(entryCount, data);
        if (bodyLength != expected) {
            throw location.fail("body length " + bodyLength + " does not match " + PageDataDescriptor.HEADER_LENGTH + " + "
                    + PageDataDescriptor.ENTRY_LENGTH + "*" + entryCount + " + " + StreamFormat.PAGE_SIZE + "*" + data + " = " + expected);
        }
        count = entryCount;
        dataPages = data;
        verify = verifyActive;
        pendingBytes = (long) data << StreamFormat.PAGE_SHIFT;
        current = true;
        return this;
    }

    /**
     * The fewest entries a PAGE_DATA body of {@code bodyLength} bytes can have, read with its header.
     * The body is 8 + 8 * count + 4096 * pages bytes and 4096 is 8 * 512, so its length fixes count
     * modulo 512: a record of fewer than 512 entries comes in one read (Xen's restore reads its
     * header, then its entries, in two), a larger one in two. This never reads past the entries of
     * a well-formed record, and never past the body of any record; a count that disagrees with the
     * length fails the length check after the entries, as before.
     */
    static int leastEntries(int bodyLength) {
        int words = (bodyLength - PageDataDescriptor.HEADER_LENGTH) / PageDataDescriptor.ENTRY_LENGTH;
        int pageWords = StreamFormat.PAGE_SIZE / PageDataDescriptor.ENTRY_LENGTH;
        int least = words % pageWords;
        return least != 0 ? least : Math.min(words, pageWords);
    }

    /**
     * Reads the page data straight into {@code pages[0 .. bufferCount)}, filling every remaining
     * byte of each buffer (scattering reads where the channel can). The buffers together must hold
     * exactly {@link #dataPages()} pages.
     *
     * @param pages       the buffers to fill, in order
     * @param bufferCount number of buffers in {@code pages} to use
     * @throws IllegalArgumentException when the buffers' size does not match the data pages
     * @throws StreamFormatException    when the stream ends inside the page data
     */
    public void readInto(ByteBuffer[] pages, int bufferCount) throws IOException {
        long total = requireBuffersFit(pages, bufferCount);
        long left = total;
        int first = 0;
        while (left > 0) {
            while (!pages[first].hasRemaining()) {
                first++;
            }
            long n = input.readToFill(pages, first, bufferCount - first); // the record's length fixed these bytes
            if (n == -1) {
                throw truncated(total - left);
            }
            left -= n;
        }
        pendingBytes = 0;
    }

    /**
     * Compares the page data with {@code current[0 .. bufferCount)} (VERIFY), reading the stream
     * through a 64 KiB buffer. The buffers are left unchanged but for their positions, which end
     * at their limits.
     *
     * @param current     the buffers holding the destination's current data, in order
     * @param bufferCount number of buffers in {@code current} to use
     * @throws StreamFormatException naming the first page whose data differs
     */
    public void compareWith(ByteBuffer[] current, int bufferCount) throws IOException {
        requireBuffersFit(current, bufferCount);
        long done = 0;
        for (int i = 0; i < bufferCount; i++) {
            ByteBuffer cur = current[i];
            int limit = cur.limit();
            int at = cur.position();
            while (at < limit) {
                int len = Math.min(limit - at, StreamInput.CHUNK);
                ByteBuffer c = input.readChunk(len);
                if (c.limit() < len) {
                    throw truncated(done + c.limit());
                }
                cur.limit(at + len).position(at);
                int mismatch = c.mismatch(cur);
                cur.limit(limit);
                if (mismatch >= 0) {
                    long differs = done + mismatch;
                    int page = (int) (differs >>> StreamFormat.PAGE_SHIFT);
                    int entry = entryOfDataPage(page);
                    throw location.fail(String.format("VERIFY: data page %d (entry %d, pfn 0x%x) differs from the destination at byte %d",
                            page, entry, pfns[entry], differs & (StreamFormat.PAGE_SIZE - 1)));
                }
                at += len;
                done += len;
            }
            cur.position(limit);
        }
        pendingBytes = 0;
    }

    /** Skips what the caller left of the page data; the record is no longer current. */
    void finish() throws IOException {
        current = false;
        long left = pendingBytes;
        pendingBytes = 0;
        long got = input.skipAvailable(left);
        if (got < left) {
            throw truncated(got);
        }
    }

    private long requireBuffersFit(ByteBuffer[] pages, int bufferCount) {
        if (!current) {
            throw new IllegalStateException("the reader has moved past this PAGE_DATA record");
        }
        long supplied = 0;
        for (int i = 0; i < bufferCount; i++) {
            supplied += pages[i].remaining();
        }
        if (supplied != pendingBytes) {
            throw new IllegalArgumentException("page buffers hold " + supplied + " bytes, the record has "
                    + pendingBytes + " bytes of page data left (" + dataPages + " data pages)");
        }
        return supplied;
    }

    private StreamFormatException truncated(long done) {
        int page = (int) (done >>> StreamFormat.PAGE_SHIFT);
        int entry = entryOfDataPage(page);
        return location.fail(String.format("stream truncated at offset %d inside the page data: data page %d of %d (entry %d, pfn 0x%x) has %d of %d bytes",
                input.position(), page, dataPages, entry, pfns[entry], done & (StreamFormat.PAGE_SIZE - 1), StreamFormat.PAGE_SIZE));
    }

    /** The entry index of the {@code page}-th data-carrying entry. */
    private int entryOfDataPage(int page) {
        int seen = 0;
        for (int i = 0; i < count; i++) {
            if (PageType.carriesData(types[i])) {
                if (seen == page) {
                    return i;
                }
                seen++;
            }
        }
        return count - 1;
    }
}
