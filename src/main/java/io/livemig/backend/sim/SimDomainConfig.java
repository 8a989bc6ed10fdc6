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
    /** Most vCPUs a domain may have. */
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

    /**
     * Starts a configuration; only the size must be set.
     *
     * @return a builder with the defaults
     */
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

    /**
     * Name for logs and errors.
     *
     * @return the name set, or "sim-" and the size ("sim-1G")
     */
    public String name() {
        return name;
    }

    /**
     * Size in pages: pfns are 0 .. pageCount() - 1, populated or not.
     *
     * @return the number of 4096-byte pages
     */
    public long pageCount() {
        return pageCount;
    }

    /**
     * Size in bytes.
     *
     * @return {@link #pageCount()} * 4096
     */
    public long byteSize() {
        return pageCount << GuestMemory.PAGE_SHIFT;
    }

    /**
     * Pfns {@code [0, populatedPages())} are the guest's memory; the pfns above are unpopulated
     * (XTAB to the mapper, never prefilled nor written). {@link #pageCount()} unless
     * {@link Builder#populated(long)} said less.
     *
     * @return the number of populated pages
     */
    public long populatedPages() {
        return populatedPages;
    }

    /**
     * True when some pfns are unpopulated ({@link Builder#populated(long)} below the size).
     *
     * @return whether {@link #populatedPages()} is below {@link #pageCount()}
     */
    public boolean sparse() {
        return populatedPages < pageCount;
    }

    /**
     * Memory the domain takes as soon as it is created: all of it when prefilled, and its
     * bookkeeping (the log-dirty bitmap and the save's two bitmaps, a bit per page each). Without
     * prefill the guest's pages cost memory only once written.
     *
     * @return the memory needed at creation, in bytes
     */
    public long memoryNeeded() {
        return (prefill ? populatedPages << GuestMemory.PAGE_SHIFT : 0) + 3 * DirtyBitmap.byteSizeFor(pageCount);
    }

    /**
     * Seeds the prefill content and the vCPU state.
     *
     * @return the seed, 1 unless set
     */
    public long seed() {
        return seed;
    }

    /**
     * Whether the pages are filled at creation ({@link Builder#prefill(boolean)}).
     *
     * @return true when prefilled
     */
    public boolean prefill() {
        return prefill;
    }

    /**
     * What the writer threads do.
     *
     * @return the workload, {@link Workload#IDLE} unless set
     */
    public Workload workload() {
        return workload;
    }

    /**
     * Pfns that are holes (XTAB), ascending.
     *
     * @return a copy of the hole pfns, without duplicates
     */
    public long[] holes() {
        return holes.clone();
    }

    /**
     * Pfns whose mapping fails transiently, ascending.
     *
     * @return a copy of the deferred pfns, without duplicates
     */
    public long[] deferredPfns() {
        return deferredPfns.clone();
    }

    /**
     * How many times each deferred pfn is reported DEFERRED before it maps.
     *
     * @return the deferral count, 0 when no pfn is deferred
     */
    public int deferrals() {
        return deferrals;
    }

    /**
     * Number of vCPUs in the platform state.
     *
     * @return the vCPU count, 2 unless set
     */
    public int vcpus() {
        return vcpus;
    }

    /**
     * The domain is created suspended (as {@code xl create -p}): writers start at the first resume.
     *
     * @return true when created suspended
     */
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

    /**
     * As {@link #checkMemory()}, for {@code extra} bytes more (a destination preallocated at once).
     *
     * @param extra bytes needed on top of {@link #memoryNeeded()}
     * @throws InsufficientMemoryException saying how much is needed and how much is available
     */
    public void checkMemory(long extra) {
        InsufficientMemoryException.check("a domain of " + Sizes.format(byteSize()) + " allocated at once",
                memoryNeeded() + extra);
    }

    /**
     * Builds a source domain from this configuration.
     *
     * @return the new domain (see {@link SimDomain#create})
     * @throws InsufficientMemoryException when the domain needs more memory than this process can take
     */
    public SimDomain create() {
        return SimDomain.create(this);
    }

    /**
     * Builds a destination of this configuration's name and size.
     *
     * @throws IllegalArgumentException when the configuration has a source's settings (prefill, a
     *                                  workload, holes, deferred pfns): a destination starts empty
     * @return the new destination, its memory empty
     * @throws InsufficientMemoryException when its bookkeeping needs more memory than this process
     *                                     can take
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

    /**
     * Sets up a {@link SimDomainConfig}: the size is required, every other setting has a default.
     * Not thread-safe.
     */
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

        /**
         * Name for logs and errors; default "sim-" + size.
         *
         * @param name the domain's name, not blank
         * @return this builder
         * @throws IllegalArgumentException when {@code name} is null or blank
         */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("domain name is empty");
            }
            this.name = name;
            return this;
        }

        /**
         * Size in bytes, a multiple of 4096.
         *
         * @param bytes the size, from 64 KiB ({@link SimDomainConfig#MIN_PAGES} pages) to 4 PiB
         * @return this builder
         * @throws IllegalArgumentException when {@code bytes} is not a multiple of 4096 or out of range
         */
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

        /**
         * Size as text: "64M", "1G", "32G".
         *
         * @param size the size in bytes, with an optional binary unit (K, M, G, T)
         * @return this builder
         * @throws IllegalArgumentException when {@code size} cannot be parsed or is not a valid size
         */
        public Builder size(String size) {
            return size(Sizes.parse(size));
        }

        /**
         * Size in pages, as {@link #size(long)} in bytes.
         *
         * @param pageCount the number of 4096-byte pages, {@link SimDomainConfig#MIN_PAGES} to
         *                  {@link GuestMemory#MAX_PAGES}
         * @return this builder
         * @throws IllegalArgumentException when {@code pageCount} is out of range
         */
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
         *
         * @param bytes the populated size, a positive multiple of 4096 (checked against the size by
         *              {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException when {@code bytes} is not a positive multiple of 4096
         */
        public Builder populated(long bytes) {
            if (bytes <= 0 || (bytes & (GuestMemory.PAGE_SIZE - 1)) != 0) {
                throw new IllegalArgumentException("populated size " + bytes + " bytes is not a positive multiple of 4096");
            }
            this.populatedPages = bytes >>> GuestMemory.PAGE_SHIFT;
            return this;
        }

        /**
         * Seeds the prefill content and the vCPU state; default 1.
         *
         * @param seed any value
         * @return this builder
         */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Fill every page (holes excepted) with content derived from the seed at creation ({@link SimDomain#prefillWord}); default off.
         *
         * @param prefill true to prefill
         * @return this builder
         */
        public Builder prefill(boolean prefill) {
            this.prefill = prefill;
            return this;
        }

        /**
         * What the writer threads do; default {@link Workload#IDLE}, no writers.
         *
         * @param workload the workload, not null
         * @return this builder
         * @throws IllegalArgumentException when {@code workload} is null
         */
        public Builder workload(Workload workload) {
            if (workload == null) {
                throw new IllegalArgumentException("workload is null");
            }
            this.workload = workload;
            return this;
        }

        /**
         * A workload spec, see {@link Workload#parse}.
         *
         * @param spec the spec, such as {@code "hotset:rate=20000"}
         * @return this builder
         * @throws IllegalArgumentException when {@code spec} is not a valid workload
         */
        public Builder workload(String spec) {
            return workload(Workload.parse(spec));
        }

        /**
         * Pfns that are not guest memory: the mapper reports them XTAB, writers and prefill skip them.
         *
         * @param pfns the hole pfns, in any order (checked against the size by {@link #build()});
         *             replaces earlier ones
         * @return this builder
         */
        public Builder holes(long... pfns) {
            this.holes = sortedDistinct(pfns);
            return this;
        }

        /**
         * Pfns whose mapping fails transiently: reported {@code DEFERRED} by the first {@code times} maps of each, then NOTAB.
         *
         * @param times how many maps of each pfn report it deferred, at least 1
         * @param pfns  the deferred pfns, in any order (checked against the size and the holes by
         *              {@link #build()}); replaces earlier ones
         * @return this builder
         * @throws IllegalArgumentException when {@code times} is below 1
         */
        public Builder deferred(int times, long... pfns) {
            if (times < 1) {
                throw new IllegalArgumentException("deferral count " + times + " < 1");
            }
            this.deferrals = times;
            this.deferredPfns = sortedDistinct(pfns);
            return this;
        }

        /**
         * Number of vCPUs in the platform state; default 2.
         *
         * @param vcpus the vCPU count, 1 to {@link SimDomainConfig#MAX_VCPUS}
         * @return this builder
         * @throws IllegalArgumentException when {@code vcpus} is out of range
         */
        public Builder vcpus(int vcpus) {
            if (vcpus < 1 || vcpus > MAX_VCPUS) {
                throw new IllegalArgumentException("vCPU count " + vcpus + ": must be 1.." + MAX_VCPUS);
            }
            this.vcpus = vcpus;
            return this;
        }

        /**
         * Create the domain suspended, its writers started by the first {@link SimDomain#resume()}; default off.
         *
         * @param startSuspended true to create suspended
         * @return this builder
         */
        public Builder startSuspended(boolean startSuspended) {
            this.startSuspended = startSuspended;
            return this;
        }

        /**
         * Checks the settings together and makes the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when no size was set, the populated size is larger than
         *                                  the size, a hole or deferred pfn is outside the domain,
         *                                  or a pfn is both a hole and deferred
         */
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

        /**
         * Builds the configuration and creates the source domain.
         *
         * @return the new domain
         * @throws IllegalArgumentException when the settings are invalid (see {@link #build()})
         * @throws InsufficientMemoryException when the domain needs more memory than this process can take
         */
        public SimDomain create() {
            return build().create();
        }

        /**
         * Builds the configuration and creates a destination (see {@link SimDomainConfig#createDestination()}).
         *
         * @return the new destination
         * @throws IllegalArgumentException when the settings are invalid or a source's
         * @throws InsufficientMemoryException when its bookkeeping needs more memory than this process
         *                                     can take
         */
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
