package io.livemig.backend.sim;

import io.livemig.backend.CpuThrottle;
import io.livemig.backend.DirtyBitmap;
import io.livemig.backend.DomainException;
import io.livemig.backend.PageMapper;
import io.livemig.backend.SourceDomain;
import io.livemig.stream.DeviceState;
import io.livemig.stream.DomainType;
import io.livemig.stream.PageType;
import io.livemig.stream.StaticState;
import io.livemig.util.Sizes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A simulated x86 HVM domain to migrate from: off-heap guest memory ({@link GuestMemory}), writer
 * threads that dirty it ({@link Workload}), Xen's log-dirty semantics, and the platform state of a
 * Xen 4.17 guest. The engine, the CLI and the demo save it without Xen; {@link SimDestination} is
 * what they restore into.
 *
 * <p>Life cycle: created running (writers started, unless the workload is idle) or, when the
 * configuration says so, suspended; log-dirty off.
 * {@link #suspend()} and {@link #resume()} are idempotent: suspending a suspended domain or
 * resuming a running one does nothing. {@link #close()} stops the writers and unmaps the memory;
 * afterwards every operation fails with a {@link DomainException}.
 *
 * <p>Log-dirty: {@link #enableLogDirty()} starts tracking with no page marked (enabling while
 * enabled restarts tracking, as libxc's OFF-then-ENABLE retry does). {@link #cleanDirtyBitmap}
 * and {@link #peekDirtyBitmap} may be called with tracking off: nothing is marked then.
 * {@link #finalDirtyBitmap} and {@link #deviceState()} refuse a running domain.
 *
 * <p>Thread use: writers are internal threads; the SPI methods come from the one saving thread;
 * life-cycle methods are synchronized and may come from any thread.
 */
public final class SimDomain extends SimGuest implements SourceDomain {
    private static final Logger LOG = LogManager.getLogger(SimDomain.class);
    /** Major version of the Xen the simulated guest runs on (4.17). */
    public static final int XEN_MAJOR = 4;
    /** Minor version of the Xen the simulated guest runs on (4.17). */
    public static final int XEN_MINOR = 17;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long PREFILL_STRIDE = 0xD1B54A32D192ED03L;
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG;

    private final LogDirtyBitmap logDirty;
    private final long[] holes;
    /** Pfns from here up are unpopulated: holes too, without a list. */
    private final long populatedPages;
    private final long[] deferredPfns;
    private final AtomicIntegerArray deferralsLeft;
    private final GuestWriters writers;
    private final StaticState staticState;
    private final long createdNanos;
    /** Guest time at the last suspend: the TSC info of a suspended domain does not move. */
    private volatile long suspendedAtGuestNanos;
    private volatile boolean suspended;

    private SimDomain(SimDomainConfig config, GuestMemory memory) {
        super(config, memory);
        this.holes = config.holes();
        this.populatedPages = config.populatedPages();
        this.deferredPfns = config.deferredPfns();
        int[] left = new int[deferredPfns.length];
        Arrays.fill(left, config.deferrals());
        this.deferralsLeft = new AtomicIntegerArray(left);
        this.staticState = SimPlatform.staticState();
        long prefillNanos = 0;
        try {
            if (config.prefill()) {
                long t0 = System.nanoTime();
                memory.populate(populatedPages);
                prefill(mem, populatedPages, config.seed(), holes);
                prefillNanos = System.nanoTime() - t0;
            }
            this.logDirty = new LogDirtyBitmap(aux, pageCount);
            this.writers = new GuestWriters(name, config.workload(), mem, pageCount, logDirty, holes, populatedPages);
        } catch (RuntimeException | Error e) {
            aux.close();
            throw e;
        }
        this.createdNanos = System.nanoTime();
        LOG.info("{}: {} pages ({}){}, workload {}", name, pageCount, Sizes.format(memory.byteSize()),
                config.prefill() ? ", prefilled in " + TimeUnit.NANOSECONDS.toMillis(prefillNanos) + " ms" : "", config.workload().spec());
        if (config.startSuspended()) {
            suspended = true;
        } else {
            writers.start();
        }
    }

    /**
     * Maps the memory, prefills it if asked, and starts the writers.
     *
     * @throws InsufficientMemoryException before anything is mapped, when what the domain needs at
     *                                     once ({@link SimDomainConfig#memoryNeeded()}) is more than this process can take
     * @param config the domain's settings
     * @return the new domain, running unless the configuration starts it suspended
     */
    public static SimDomain create(SimDomainConfig config) {
        return SimGuest.create(config, memory -> new SimDomain(config, memory));
    }

    // ---- prefill

    /**
     * Word {@code index} (0..511, native byte order, at byte {@code 8 * index}) of page
     * {@code pfn} after a prefill with {@code seed}:
     * {@code mix(mix(seed) + pfn * 0x9E3779B97F4A7C15) ^ (index * 0xD1B54A32D192ED03)}, where
     * mix is SplitMix64's finaliser. Holes and unpopulated pfns are left zero.
     *
     * @param seed  the configuration's seed
     * @param pfn   the guest frame number
     * @param index the word's index in the page, 0..511
     * @return the word's value
     */
    public static long prefillWord(long seed, long pfn, int index) {
        return pageKey(WriteSequence.mix(seed), pfn) ^ (index * PREFILL_STRIDE);
    }

    private static long pageKey(long seedMix, long pfn) {
        return WriteSequence.mix(seedMix + pfn * GOLDEN);
    }

    private static void prefill(MemorySegment mem, long pageCount, long seed, long[] holes) {
        final long seedMix = WriteSequence.mix(seed);
        int nextHole = 0;
        for (long pfn = 0; pfn < pageCount; pfn++) {
            if (nextHole < holes.length && holes[nextHole] == pfn) {
                nextHole++;
                continue;
            }
            final long key = pageKey(seedMix, pfn);
            final long base = pfn << GuestMemory.PAGE_SHIFT;
            for (int i = 0; i < GuestMemory.PAGE_SIZE / 8; i++) {
                mem.set(WORD, base + ((long) i << 3), key ^ (i * PREFILL_STRIDE));
            }
        }
    }

    // ---- identity

    @Override
    public DomainType type() {
        return DomainType.X86_HVM;
    }

    @Override
    public int xenMajor() {
        return XEN_MAJOR;
    }

    @Override
    public int xenMinor() {
        return XEN_MINOR;
    }

    @Override
    public StaticState staticState() {
        return staticState;
    }

    // ---- guest writes

    /**
     * A guest write: stores {@code value} (native byte order) at byte {@code offset} (a multiple
     * of 8, below 4096) of page {@code pfn} and marks the page dirty when tracking is on.
     *
     * <p>Meant for tests and demos; {@link #suspend()} waits for the writer threads only, so a
     * call racing with it may still land.
     *
     * @param pfn    the guest frame number, below {@link #pfnCount()}
     * @param offset the byte offset in the page, a multiple of 8 below 4096
     * @param value  the 8 bytes to store
     * @throws DomainException when the domain is suspended or closed, or the pfn is a hole
     * @throws IllegalArgumentException when {@code pfn} or {@code offset} is out of range
     */
    public void write(long pfn, int offset, long value) {
        checkOpen();
        if (suspended) {
            throw new DomainException(name + ": write to pfn " + pfn + " while the domain is suspended");
        }
        if (pfn < 0 || pfn >= pageCount) {
            throw new IllegalArgumentException(name + ": pfn " + pfn + " outside 0.." + (pageCount - 1));
        }
        if (offset < 0 || offset >= GuestMemory.PAGE_SIZE || (offset & 7) != 0) {
            throw new IllegalArgumentException(name + ": offset " + offset + " in a page is not a multiple of 8 below 4096");
        }
        if (isHole(pfn)) {
            throw new DomainException(name + ": pfn " + pfn + " is a hole, not guest memory");
        }
        mem.set(WORD, (pfn << GuestMemory.PAGE_SHIFT) + offset, value);
        // Mark after the bytes are written. A fetch-and-clear racing with this write then either
        // comes after the mark (it fetches the bit, and the page, read after it, has the new
        // bytes) or before it (the bit is set again and the page goes out in the next pass).
        // Marking first would let a clean take the bit and the page be sent before the bytes
        // land, with nothing left to send them later.
        logDirty.mark(pfn);
    }

    /**
     * Page writes done by the writer threads so far.
     *
     * @return the number of 8-byte writes, updated after each chunk of writes
     */
    public long writeCount() {
        return writers.writeCount();
    }

    /**
     * Whether the writer threads are started: false while suspended, after close, and for an idle
     * workload.
     *
     * @return true while the writers run
     */
    public boolean writersRunning() {
        return writers.running();
    }

    private boolean isHole(long pfn) {
        return pfn >= populatedPages || holes.length != 0 && Arrays.binarySearch(holes, pfn) >= 0;
    }

    // ---- log-dirty

    @Override
    public DirtyBitmap allocateDirtyBitmap(Arena arena) {
        return DirtyBitmap.allocate(arena, pageCount);
    }

    @Override
    public synchronized void enableLogDirty() {
        checkOpen();
        logDirty.enable();
        LOG.debug("{}: log-dirty on", name);
    }

    @Override
    public long cleanDirtyBitmap(DirtyBitmap into) {
        checkOpen();
        return logDirty.fetch(into, true);
    }

    @Override
    public long peekDirtyBitmap(DirtyBitmap into) {
        checkOpen();
        return logDirty.fetch(into, false);
    }

    @Override
    public long finalDirtyBitmap(DirtyBitmap into) {
        checkOpen();
        if (!suspended) {
            throw new DomainException(name + ": final dirty bitmap asked of a running domain (suspend it first)");
        }
        return logDirty.fetch(into, true);
    }

    @Override
    public synchronized void disableLogDirty() {
        if (!isClosed()) {
            logDirty.disable();
            LOG.debug("{}: log-dirty off", name);
        }
    }

    @Override
    public boolean logDirtyEnabled() {
        return logDirty.enabled();
    }

    // ---- source pages

    @Override
    public PageMapper openPageMapper(int maxBatch) {
        checkOpen();
        return new SimPageMapper(this, memory, maxBatch);
    }

    /**
     * The type a mapper reports for {@code pfn}: XTAB for a hole, DEFERRED while the pfn has
     * deferrals left (each call uses one), NOTAB otherwise.
     */
    int sourcePageType(long pfn) {
        if (isHole(pfn)) {
            return PageType.XTAB;
        }
        if (deferredPfns.length != 0) {
            int k = Arrays.binarySearch(deferredPfns, pfn);
            if (k >= 0) {
                for (int left = deferralsLeft.get(k); left > 0; left = deferralsLeft.get(k)) {
                    if (deferralsLeft.compareAndSet(k, left, left - 1)) {
                        return PageMapper.DEFERRED;
                    }
                }
            }
        }
        return PageType.NOTAB;
    }

    // ---- suspend / resume

    /** Stops the writers and returns once none is writing: memory does not change until {@link #resume()}. Idempotent. */
    @Override
    public synchronized void suspend() {
        checkOpen();
        if (suspended) {
            return;
        }
        suspended = true;
        writers.stop();
        suspendedAtGuestNanos = System.nanoTime() - createdNanos;
        LOG.debug("{}: suspended after {} writes", name, writers.writeCount());
    }

    /** Restarts the writers where their sequences stopped. Idempotent. */
    @Override
    public synchronized void resume() {
        checkOpen();
        if (!suspended) {
            return;
        }
        suspended = false;
        writers.start();
        LOG.debug("{}: resumed", name);
    }

    @Override
    public boolean isSuspended() {
        return suspended;
    }

    // ---- CPU throttle

    /**
     * A throttle of the writer threads (see {@link GuestWriters}): the simulated vCPUs are busy
     * writing, so taking p % of their time takes p % of their write rate.
     */
    @Override
    public CpuThrottle openCpuThrottle() {
        checkOpen();
        final int original = writers.throttle();
        return new CpuThrottle() {
            @Override
            public int percent() {
                return writers.throttle();
            }

            @Override
            public void set(int percent) {
                checkOpen();
                writers.setThrottle(CpuThrottle.checkPercent(percent));
                LOG.debug("{}: writers throttled to {}%", name, percent);
            }

            @Override
            public void restore() {
                writers.setThrottle(original);
            }

            @Override
            public String describe() {
                return "writer threads of " + name + " (originally " + original + "% throttled)";
            }
        };
    }

    /**
     * The throttle of the writer threads now, 0..99 %.
     *
     * @return the percent of their time taken from the writers
     */
    public int writerThrottle() {
        return writers.throttle();
    }

    @Override
    public DeviceState deviceState() {
        checkOpen();
        if (!suspended) {
            throw new DomainException(name + ": device state asked of a running domain (suspend it first)");
        }
        return SimPlatform.deviceState(config.seed(), config.vcpus(), pageCount, suspendedAtGuestNanos);
    }

    // ---- digest

    /**
     * {@link MemoryDigest} of pfns [0, pfnCount()): the digest of a source. Unpopulated pfns are
     * zero, which the digest leaves out, so only the populated ones are read.
     *
     * @return the digest, 64 lowercase hex digits
     * @throws DomainException when the domain is closed
     */
    public String sourceDigest() {
        checkOpen();
        return MemoryDigest.of(mem, populatedPages);
    }

    /** The writers stop before the memory is unmapped. */
    @Override
    void stopUsingMemory() {
        writers.stop();
    }
}
