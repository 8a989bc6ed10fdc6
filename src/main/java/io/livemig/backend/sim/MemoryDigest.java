package io.livemig.backend.sim;

import io.livemig.backend.DirtyBitmap;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * A digest of guest memory, to compare a source with the destination it was migrated to.
 *
 * <p>Definition: SHA-256 over, for each pfn of the covered range in ascending order whose
 * 4096-byte page is not entirely zero, the pfn as 8 bytes little-endian followed by the CRC32C
 * (Castagnoli, {@link CRC32C}) of the page as 4 bytes little-endian; written as 64 lowercase hex
 * digits. A memory with no non-zero page digests to SHA-256 of nothing ({@code e3b0c442...}).
 *
 * <p>Zero pages are left out so that a page that was never sent (a destination's unpopulated
 * pfn reads as zeros), a hole and a zero page all count the same, and the result does not depend
 * on how far the range goes past the last non-zero page. It can be recomputed from a stream:
 * replay the PAGE_DATA records (the last data of each pfn wins) and feed the pages to an
 * {@link Accumulator} in pfn order.
 *
 * <p>Cost: one CRC32C pass over the memory (hardware CRC instruction) plus a SHA-256 of 12 bytes
 * per page; a page whose CRC equals the zero page's is compared with zeros to be sure. Measured
 * on the 2-core development VM: about 70 ms per GiB, where SHA-256 straight over the memory
 * takes about 670 ms.
 */
public final class MemoryDigest {
    private MemoryDigest() {
    }

    private static final int PAGE = GuestMemory.PAGE_SIZE;
    private static final MemorySegment ZERO_PAGE = MemorySegment.ofArray(new byte[PAGE]);
    /** Only read (mismatch does not move its position), so one instance serves every thread. */
    private static final ByteBuffer ZERO_BUFFER = ByteBuffer.allocate(PAGE).asReadOnlyBuffer();
    private static final long ZERO_PAGE_CRC;

    static {
        CRC32C crc = new CRC32C();
        crc.update(new byte[PAGE]);
        ZERO_PAGE_CRC = crc.getValue();
    }

    /**
     * Digest of pfns [0, pfnEnd) of {@code memory} (page p at byte p * 4096).
     *
     * @param memory the guest memory
     * @param pfnEnd the first pfn past the range, at most the memory's page count
     * @return the digest, 64 lowercase hex digits
     * @throws IllegalArgumentException when {@code pfnEnd} is negative or past the memory
     */
    public static String of(MemorySegment memory, long pfnEnd) {
        if (pfnEnd < 0 || pfnEnd > memory.byteSize() / PAGE) {
            throw new IllegalArgumentException("digest range 0.." + pfnEnd + " outside the " + memory.byteSize() / PAGE + " pages of memory");
        }
        Accumulator acc = new Accumulator();
        // CRC32C reads a direct buffer in place; buffers are limited to 2 GiB, so go a chunk at a time
        final long chunkPages = GuestMemory.REGION_PAGES;
        for (long first = 0; first < pfnEnd; first += chunkPages) {
            long pages = Math.min(chunkPages, pfnEnd - first);
            ByteBuffer chunk = memory.asSlice(first * PAGE, pages * PAGE).asByteBuffer();
            for (int i = 0; i < pages; i++) {
                chunk.limit((i + 1) * PAGE).position(i * PAGE);
                acc.add(first + i, chunk);
            }
        }
        return acc.finish();
    }

    /**
     * Digest of the pfns of [0, pfnEnd) set in {@code pages}; the others count as zero pages, so
     * this equals {@link #of} when they are. A destination digests only what it populated: reading
     * the rest of a sparse guest would fault in every untouched page (over a second per GiB where
     * page faults are dear, as in an emulated dom0).
     *
     * @param memory the guest memory
     * @param pages  the pfns to read, one bit each (a destination's populated pfns)
     * @param pfnEnd the first pfn past the range, at most the memory's page count and the bitmap's
     *               pfn count
     * @return the digest, 64 lowercase hex digits
     * @throws IllegalArgumentException when {@code pfnEnd} is negative or past the memory or the bitmap
     */
    public static String ofPages(MemorySegment memory, DirtyBitmap pages, long pfnEnd) {
        if (pfnEnd < 0 || pfnEnd > memory.byteSize() / PAGE || pfnEnd > pages.pfnCount()) {
            throw new IllegalArgumentException("digest range 0.." + pfnEnd + " outside the " + memory.byteSize() / PAGE
                    + " pages of memory or the " + pages.pfnCount() + " pfns of the bitmap");
        }
        Accumulator acc = new Accumulator();
        // one view per region met, repositioned for each page: a view per page was 100 MB of garbage
        // for the 1 million pages of a 4 GiB destination, and the young generation grew by as much
        final long chunkPages = GuestMemory.REGION_PAGES;
        ByteBuffer chunk = null;
        long chunkFirst = -1;
        long words = DirtyBitmap.wordCountFor(pfnEnd);
        for (long w = 0; w < words; w++) {
            long bits = pages.word(w);
            while (bits != 0) {
                long pfn = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                if (pfn >= pfnEnd) {
                    break;
                }
                long first = pfn - pfn % chunkPages;
                if (first != chunkFirst) {
                    chunk = memory.asSlice(first * PAGE, Math.min(chunkPages, pfnEnd - first) * PAGE).asByteBuffer();
                    chunkFirst = first;
                }
                int i = (int) (pfn - first);
                chunk.limit((i + 1) * PAGE).position(i * PAGE);
                acc.add(pfn, chunk);
            }
        }
        return acc.finish();
    }

    /**
     * The first pfn in [0, pfnCount) whose page differs between {@code a} and {@code b}, or -1
     * when they are identical.
     *
     * @param a        one memory
     * @param b        the other memory
     * @param pfnCount pages to compare from pfn 0
     * @return the first differing pfn, or -1
     * @throws IllegalArgumentException when {@code pfnCount} is negative or past either memory
     */
    public static long firstDifferentPfn(MemorySegment a, MemorySegment b, long pfnCount) {
        long bytes = pfnCount * PAGE;
        if (pfnCount < 0 || bytes > a.byteSize() || bytes > b.byteSize()) {
            throw new IllegalArgumentException("comparison of " + pfnCount + " pages, memories have " + a.byteSize() / PAGE + " and "
                    + b.byteSize() / PAGE);
        }
        long at = MemorySegment.mismatch(a, 0, bytes, b, 0, bytes);
        return at < 0 ? -1 : at / PAGE;
    }

    /** True when the page at {@code offset} of {@code memory} is all zeros. */
    static boolean isZeroPage(MemorySegment memory, long offset) {
        return MemorySegment.mismatch(memory, offset, offset + PAGE, ZERO_PAGE, 0, PAGE) < 0;
    }

    /**
     * Computes the digest from pages given one at a time in strictly ascending pfn order; pages
     * never given count as zero pages. Not thread-safe.
     */
    public static final class Accumulator {
        private static final int ENTRY = 12;
        private final MessageDigest sha = sha256();
        private final CRC32C crc = new CRC32C();
        private final ByteBuffer entries = ByteBuffer.allocate(ENTRY * 1024).order(ByteOrder.LITTLE_ENDIAN);
        private long lastPfn = -1;
        private boolean finished;

        /** An accumulator that has seen no page yet. */
        public Accumulator() {
        }

        /**
         * Adds the page in {@code page}'s remaining 4096 bytes (its position is left unchanged).
         *
         * @param pfn  the page's frame number, above every pfn added before
         * @param page a buffer with exactly 4096 bytes remaining
         * @throws IllegalStateException    after {@link #finish()}
         * @throws IllegalArgumentException when {@code page} does not have 4096 bytes remaining or
         *                                  {@code pfn} is not above the last one added
         */
        public void add(long pfn, ByteBuffer page) {
            if (finished) {
                throw new IllegalStateException("digest already finished");
            }
            if (page.remaining() != PAGE) {
                throw new IllegalArgumentException("page of pfn " + pfn + " has " + page.remaining() + " bytes, not " + PAGE);
            }
            if (pfn <= lastPfn) {
                throw new IllegalArgumentException("pfn " + pfn + " after pfn " + lastPfn + ": pages must come in ascending pfn order");
            }
            lastPfn = pfn;
            int start = page.position();
            crc.reset();
            crc.update(page);
            page.position(start);
            long value = crc.getValue();
            if (value == ZERO_PAGE_CRC && isZero(page)) {
                return;
            }
            if (!entries.hasRemaining()) {
                flush();
            }
            entries.putLong(pfn).putInt((int) value);
        }

        private static boolean isZero(ByteBuffer page) {
            return page.mismatch(ZERO_BUFFER) < 0;
        }

        private void flush() {
            sha.update(entries.array(), 0, entries.position());
            entries.clear();
        }

        /**
         * The digest as 64 hex digits; the accumulator cannot be used afterwards.
         *
         * @return the digest, 64 lowercase hex digits
         * @throws IllegalStateException when already finished
         */
        public String finish() {
            if (finished) {
                throw new IllegalStateException("digest already finished");
            }
            finished = true;
            flush();
            return HexFormat.of().formatHex(sha.digest());
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no SHA-256", e);
            }
        }
    }
}
