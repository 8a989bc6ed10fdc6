package io.livemig.backend.sim;

/**
 * The writes of one writer thread, as a deterministic sequence of (pfn, offset, value): a
 * function of the workload (pattern, seed, hot set, writer count), the page count and the
 * writer's index only, never of timing. Each write stores the 64-bit {@link #value()}
 * (native byte order) at byte {@link #offset()} (a multiple of 8) of page {@link #pfn()}.
 *
 * <p>Random draws come from SplitMix64 seeded with {@code mix(seed) ^ mix(index + 1)}; each
 * write takes a draw for the pfn (uniform: the pfn; hotset: first a draw choosing hot or cold,
 * then one for the pfn inside that set; sweep: none, the pfn is the previous one + 1 mod
 * pageCount) and one draw {@code d} giving {@code offset = (d >>> 55) << 3} and
 * {@code value = d | 1} (never zero, so a write to a zero page always changes it).
 *
 * <p>Not thread-safe: one writer thread advances it (it survives the thread across
 * suspend/resume, so a resumed writer continues its sequence).
 */
public final class WriteSequence {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final int pattern;
    private final long pageCount;
    private final long hotPages;
    private final long coldPages;
    /** hotShare scaled to 2^53, compared with 53 random bits. */
    private final long hotThreshold;
    private long state;
    private long pfn;
    private int offset;
    private long value;

    /**
     * The sequence of writer {@code writerIndex}, before its first write: call {@link #next()}
     * first.
     *
     * @param workload    the workload, not idle
     * @param pageCount   the memory's size in pages, at least 1
     * @param writerIndex the writer's index, 0 .. workload.writers() - 1
     * @throws IllegalArgumentException when the workload is idle or an argument is out of range
     */
    public WriteSequence(Workload workload, long pageCount, int writerIndex) {
        if (workload.pattern() == WritePattern.IDLE) {
            throw new IllegalArgumentException("an idle workload has no writers");
        }
        if (writerIndex < 0 || writerIndex >= workload.writers()) {
            throw new IllegalArgumentException("writer index " + writerIndex + " outside 0.." + (workload.writers() - 1));
        }
        if (pageCount < 1) {
            throw new IllegalArgumentException("page count " + pageCount + " < 1");
        }
        this.pattern = workload.pattern().ordinal();
        this.pageCount = pageCount;
        this.hotPages = workload.hotPages(pageCount);
        this.coldPages = pageCount - hotPages;
        this.hotThreshold = (long) (workload.hotShare() * (1L << 53));
        this.state = mix(workload.seed()) ^ mix(writerIndex + 1L);
        // sweep: the first next() moves to the start pfn
        long start = writerIndex * pageCount / workload.writers(); // pageCount <= 2^40, index < 64: no overflow
        this.pfn = Math.floorMod(start - 1, pageCount);
    }

    /** Advances to the next write. */
    public void next() {
        final long n = pageCount;
        long p;
        if (pattern == WritePattern.SWEEP.ordinal()) {
            p = pfn + 1;
            if (p == n) {
                p = 0;
            }
        } else if (pattern == WritePattern.HOTSET.ordinal()) {
            boolean hot = coldPages == 0 || (draw() >>> 11) < hotThreshold;
            p = hot ? below(draw(), hotPages) : hotPages + below(draw(), coldPages);
        } else {
            p = below(draw(), n);
        }
        long d = draw();
        pfn = p;
        offset = (int) (d >>> 55) << 3;
        value = d | 1;
    }

    /**
     * The current write's page.
     *
     * @return the pfn, below the page count
     */
    public long pfn() {
        return pfn;
    }

    /**
     * Where in the page the current write lands.
     *
     * @return the byte offset, a multiple of 8 below 4096
     */
    public int offset() {
        return offset;
    }

    /**
     * What the current write stores (native byte order).
     *
     * @return the 64-bit value, never zero once {@link #next()} has been called
     */
    public long value() {
        return value;
    }

    /**
     * Pfns [0, hotPages()) are the hot set of a hotset workload.
     *
     * @return the number of hot pages (also computed for other patterns, which ignore it)
     */
    public long hotPages() {
        return hotPages;
    }

    private long draw() {
        return mix(state += GOLDEN);
    }

    /** A value in [0, bound) from 64 random bits. */
    private static long below(long random, long bound) {
        return Math.unsignedMultiplyHigh(random, bound);
    }

    /** SplitMix64's finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
