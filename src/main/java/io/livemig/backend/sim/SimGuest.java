package io.livemig.backend.sim;

import io.livemig.posix.NativeAccess;
import io.livemig.backend.DomainException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Function;

/**
 * What a simulated source ({@link SimDomain}) and a simulated destination ({@link SimDestination})
 * share: a name, pseudo-physical memory ({@link GuestMemory}) with an arena for its bookkeeping,
 * and a life cycle. {@link #close()} unmaps the memory; afterwards every operation fails with a
 * {@link DomainException}.
 */
public abstract sealed class SimGuest implements AutoCloseable permits SimDomain, SimDestination {
    final SimDomainConfig config;
    final String name;
    final long pageCount;
    final GuestMemory memory;
    /** The memory, writable: page p is bytes [p * 4096, (p + 1) * 4096). */
    final MemorySegment mem;
    /** Bitmaps and other bookkeeping, freed with the memory. */
    final Arena aux;
    private volatile boolean closed;

    SimGuest(SimDomainConfig config, GuestMemory memory) {
        this.config = config;
        this.name = config.name();
        this.pageCount = config.pageCount();
        this.memory = memory;
        this.mem = memory.segment();
        this.aux = Arena.ofShared();
    }

    /**
     * Maps the memory of {@code config} and builds the guest over it; unmaps it when that fails.
     *
     * @throws InsufficientMemoryException before anything is mapped, when what the guest needs at
     *                                     once ({@link SimDomainConfig#memoryNeeded()}) is more than this process can take
     */
    static <G extends SimGuest> G create(SimDomainConfig config, Function<GuestMemory, G> build) {
        NativeAccess.require();
        config.checkMemory();
        GuestMemory memory = GuestMemory.map(config.pageCount());
        try {
            return build.apply(memory);
        } catch (RuntimeException | Error e) {
            memory.close();
            throw e;
        }
    }

    /**
     * The settings this guest was created with.
     *
     * @return the configuration
     */
    public SimDomainConfig config() {
        return config;
    }

    /**
     * The domain's name, from its configuration.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Number of pfns: pfns are 0 .. pfnCount() - 1.
     *
     * @return the page count
     */
    public long pfnCount() {
        return pageCount;
    }

    /**
     * The guest memory, read-only: page p is bytes [p * 4096, (p + 1) * 4096).
     *
     * @return a read-only view of the whole memory, unusable once closed
     */
    public MemorySegment memory() {
        return mem.asReadOnly();
    }

    /**
     * The first pfn whose page differs between this guest and {@code other}, comparing pfns
     * [0, min of the two page counts); -1 when they are identical there.
     *
     * @param other the guest to compare with
     * @return the first differing pfn, or -1
     * @throws DomainException when either guest is closed
     */
    public long firstDifferentPfn(SimGuest other) {
        checkOpen();
        other.checkOpen();
        return MemoryDigest.firstDifferentPfn(mem, other.mem, Math.min(pageCount, other.pageCount));
    }

    void checkOpen() {
        if (closed) {
            throw new DomainException(name + ": domain is closed");
        }
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /** Stops what runs on the memory before it is unmapped ({@link SimDomain}'s writers). */
    void stopUsingMemory() {
    }

    /** Unmaps the memory and frees the bookkeeping. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopUsingMemory();
        try {
            memory.close();
        } finally {
            aux.close();
        }
    }

    @Override
    public String toString() {
        return config.toString();
    }
}
