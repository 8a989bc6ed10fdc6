package io.livemig.backend.sim;

import io.livemig.backend.DirtyBitmap;
import io.livemig.util.Sizes;
import java.util.Arrays;

/**
 * How to build a {@link SimDomain}, the source: {@code SimDomainConfig.builder().size("1G").seed(7).prefill(true)
 * .workload("hotset:rate=20000").build()}, or a {@link SimDestination} of a size:
 * {@code SimDomainConfig.builder().size("1G").createDestination()}. Immutable.
 */
public final class SimDomainConfig {
    /** Smallest domain: room for the special pages the HVM params point at (the top 8 pfns). */
    public static final long MIN_PAGES = 16;
    public static final int MAX_VCPUS = 128;

    private final String name;
    private final long pageCount;
    private final long populatedPages;
    private final long seed;
    private final boolean prefill;
    private final Workload workload;
    private final long[] holes;
    private final long[] deferredPfns;
    private final int deferrals;
    private final int vcpus;
    private final boolean startSuspended;

    private SimDomainConfig(Builder b) {
        this.pageCount = b.pageCount;
        this.populatedPages = b.populatedPages < 0 ? b.pageCount : b.populatedPages;
        this.name = b.name != null ? b.name : defaultName(b.pageCount);
        this.seed = b.seed;
        this.prefill = b.prefill;
        this.workload = b.workload;
        this.holes = b.holes.clone();
        this.deferredPfns = b.deferredPfns.clone();
        this.deferrals = b.deferrals;
        this.vcpus = b.vcpus;
        this.startSuspended = b.startSuspended;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** "sim-1G", "sim-64M", "sim-400K": the size in the largest binary unit that divides it exactly. */
    static String defaultName(long pageCount) {
        long bytes = pageCount << GuestMemory.PAGE_SHIFT;
        String[] units = {"T", "G", "M"};
        int[] shifts = {40, 30, 20};
        for (int i = 0; i < units.length; i++) {
            if (bytes % (1L << shifts[i]) == 0) {
                return "sim-" + (bytes >> shifts[i]) + units[i];
            }
        }
        return "sim-" + (bytes >> 10) + "K"; // pages are 4 KiB
    }

    public String name() {
        return name;
    }

    public long pageCount() {
        return pageCount;
    }

    public long byteSize() {
        return pageCount << GuestMemory.PAGE_SHIFT;
    }

    /**
     * Pfns {@code [0, populatedPages())} are the guest's memory; the pfns above are unpopulated
     * (XTAB to the mapper, never prefilled nor written). {@link #pageCount()} unless
     * {@link Builder#populated(long)} said less.
     */
    public long populatedPages() {
        return populatedPages;
    }

    /** True when some pfns are unpopulated ({@link Builder#populated(long)} below the size). */
    public boolean sparse() {
        return populatedPages < pageCount;
    }

    /**
     * Memory the domain takes as soon as it is created: all of it when prefilled, and its
     * bookkeeping (the log-dirty bitmap and the save's two bitmaps, a bit per page each). Without
     * prefill the guest's pages cost memory only once written.
     */
    public long memoryNeeded() {
        return (prefill ? populatedPages << GuestMemory.PAGE_SHIFT : 0) + 3 * DirtyBitmap.byteSizeFor(pageCount);
    }

    /** Seeds the prefill content and the vCPU state. */
    public long seed() {
        return seed;
    }

    public boolean prefill() {
        return prefill;
    }

    public Workload workload() {
        return workload;
    }

    /** Pfns that are holes (XTAB), ascending. */
    public long[] holes() {
        return holes.clone();
    }

    /** Pfns whose mapping fails transiently, ascending. */
    public long[] deferredPfns() {
        return deferredPfns.clone();
    }

    /** How many times each deferred pfn is reported DEFERRED before it maps. */
    public int deferrals() {
        return deferrals;
    }

    public int vcpus() {
        return vcpus;
    }

    /** The domain is created suspended (as {@code xl create -p}): writers start at the first resume. */
    public boolean startSuspended() {
        return startSuspended;
    }

    /**
     * Checks, without allocating anything, that this process can take {@link #memoryNeeded()} now.
     *
     * @throws InsufficientMemoryException saying how much is needed and how much is available
     */
    public void checkMemory() {
        InsufficientMemoryException.check("a " + (prefill ? "prefilled " : "") + "simulated guest of "
                + Sizes.format(byteSize()), memoryNeeded());
    }

    /** As {@link #checkMemory()}, for {@code extra} bytes more (a destination preallocated at once). */
    public void checkMemory(long extra) {
        InsufficientMemoryException.check("a domain of " + Sizes.format(byteSize()) + " allocated at once",
                memoryNeeded() + extra);
    }

    /** Builds a source domain from this configuration. */
    public SimDomain create() {
        return SimDomain.create(this);
    }

    /**
     * Builds a destination of this configuration's name and size.
     *
     * @throws IllegalArgumentException when the configuration has a source's settings (prefill, a
     *                                  workload, holes, deferred pfns): a destination starts empty
     */
    public SimDestination createDestination() {
        String sourceOnly = prefill ? "prefill" : workload.pattern() != WritePattern.IDLE ? "workload " + workload.spec()
                : holes.length > 0 ? "holes" : sparse() ? "a populated limit" : deferredPfns.length > 0 ? "deferred pfns" : null;
        if (sourceOnly != null) {
            throw new IllegalArgumentException(name + ": " + sourceOnly + " is a source's setting; a destination starts empty");
        }
        return SimDestination.create(this);
    }

    @Override
    public String toString() {
        return name + " (" + pageCount + " pages, seed " + seed + (prefill ? ", prefilled" : "") + ", workload " + workload.spec()
                + ", " + vcpus + " vCPUs" + (sparse() ? ", " + populatedPages + " pages populated" : "") + (startSuspended ? ", created suspended" : "") + (holes.length > 0 ? ", " + holes.length + " holes" : "")
                + (deferredPfns.length > 0 ? ", " + deferredPfns.length + " pfns deferred " + deferrals + "x" : "") + ")";
    }

    public static final class Builder {
        private String name;
        private long pageCount = -1;
        private long populatedPages = -1;
        private long seed = 1;
        private boolean prefill;
        private Workload workload = Workload.IDLE;
        private long[] holes = new long[0];
        private long[] deferredPfns = new long[0];
        private int deferrals;
        private int vcpus = 2;
        private boolean startSuspended;

        private Builder() {
        }

        /** Name for logs and errors; default "sim-" + size. */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("domain name is empty");
            }
            this.name = name;
            return this;
        }

        /** Size in bytes, a multiple of 4096. */
        public Builder size(long bytes) {
            if (bytes <= 0 || (bytes & (GuestMemory.PAGE_SIZE - 1)) != 0) {
                throw new IllegalArgumentException("domain size " + bytes + " bytes is not a positive multiple of 4096");
            }
            long pages = bytes >>> GuestMemory.PAGE_SHIFT;
            if (pages < MIN_PAGES || pages > GuestMemory.MAX_PAGES) {
                throw new IllegalArgumentException("a domain of " + Sizes.format(bytes) + " is too " + (pages < MIN_PAGES
                        ? "small: at least " + Sizes.format(MIN_PAGES << GuestMemory.PAGE_SHIFT) + " (" + MIN_PAGES + " pages)"
                        : "large: at most " + (GuestMemory.MAX_PAGES << GuestMemory.PAGE_SHIFT >>> 50) + " PiB"));
            }
            return pages(pages);
        }

        /** Size as text: "64M", "1G", "32G". */
        public Builder size(String size) {
            return size(Sizes.parse(size));
        }

        public Builder pages(long pageCount) {
            if (pageCount < MIN_PAGES || pageCount > GuestMemory.MAX_PAGES) {
                throw new IllegalArgumentException("domain of " + pageCount + " pages: must be " + MIN_PAGES + ".." + GuestMemory.MAX_PAGES);
            }
            this.pageCount = pageCount;
            return this;
        }

        /**
         * Only the first {@code bytes} of the guest are memory (a multiple of 4096, at most the
         * size): the pfns above are unpopulated, reported XTAB by the mapper and left alone by
         * the prefill and the writers, as in a guest whose p2m reaches far above the memory it
         * has (maxmem above memory, memory ballooned out). A guest of 1 TiB of pfns with 4 GiB
         * populated costs 4 GiB when prefilled, and its stream carries every pfn, the
         * unpopulated ones without data. Default: the whole size.
         */
        public Builder populated(long bytes) {
            if (bytes <= 0 || (bytes & (GuestMemory.PAGE_SIZE - 1)) != 0) {
                throw new IllegalArgumentException("populated size " + bytes + " bytes is not a positive multiple of 4096");
            }
            this.populatedPages = bytes >>> GuestMemory.PAGE_SHIFT;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Fill every page (holes excepted) with content derived from the seed at creation ({@link SimDomain#prefillWord}); default off. */
        public Builder prefill(boolean prefill) {
            this.prefill = prefill;
            return this;
        }

        public Builder workload(Workload workload) {
            if (workload == null) {
                throw new IllegalArgumentException("workload is null");
            }
            this.workload = workload;
            return this;
        }

        /** A workload spec, see {@link Workload#parse}. */
        public Builder workload(String spec) {
            return workload(Workload.parse(spec));
        }

        /** Pfns that are not guest memory: the mapper reports them XTAB, writers and prefill skip them. */
        public Builder holes(long... pfns) {
            this.holes = sortedDistinct(pfns);
            return this;
        }

        /** Pfns whose mapping fails transiently: reported {@code DEFERRED} by the first {@code times} maps of each, then NOTAB. */
        public Builder deferred(int times, long... pfns) {
            if (times < 1) {
                throw new IllegalArgumentException("deferral count " + times + " < 1");
            }
            this.deferrals = times;
            this.deferredPfns = sortedDistinct(pfns);
            return this;
        }

        public Builder vcpus(int vcpus) {
            if (vcpus < 1 || vcpus > MAX_VCPUS) {
                throw new IllegalArgumentException("vCPU count " + vcpus + ": must be 1.." + MAX_VCPUS);
            }
            this.vcpus = vcpus;
            return this;
        }

        /** Create the domain suspended, its writers started by the first {@link SimDomain#resume()}; default off. */
        public Builder startSuspended(boolean startSuspended) {
            this.startSuspended = startSuspended;
            return this;
        }

        public SimDomainConfig build() {
            if (pageCount < 0) {
                throw new IllegalArgumentException("domain size not set (size(\"1G\") or pages(n))");
            }
            if (populatedPages > pageCount) {
                throw new IllegalArgumentException("populated size " + Sizes.format(populatedPages << GuestMemory.PAGE_SHIFT)
                        + " is larger than the domain's " + Sizes.format(pageCount << GuestMemory.PAGE_SHIFT));
            }
            checkPfns("hole", holes);
            checkPfns("deferred pfn", deferredPfns);
            for (long p : deferredPfns) {
                if (Arrays.binarySearch(holes, p) >= 0) {
                    throw new IllegalArgumentException("pfn " + p + " is both a hole and deferred");
                }
            }
            return new SimDomainConfig(this);
        }

        /** Builds the configuration and creates the source domain. */
        public SimDomain create() {
            return build().create();
        }

        /** Builds the configuration and creates a destination (see {@link SimDomainConfig#createDestination()}). */
        public SimDestination createDestination() {
            return build().createDestination();
        }

        private void checkPfns(String what, long[] pfns) {
            for (long p : pfns) {
                if (p < 0 || p >= pageCount) {
                    throw new IllegalArgumentException(what + " " + p + " outside the domain's pfns 0.." + (pageCount - 1));
                }
            }
        }

        private static long[] sortedDistinct(long[] pfns) {
            return Arrays.stream(pfns).sorted().distinct().toArray();
        }
    }
}
