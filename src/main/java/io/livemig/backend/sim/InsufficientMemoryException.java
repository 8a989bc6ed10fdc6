package io.livemig.backend.sim;

import io.livemig.backend.DomainException;
import io.livemig.util.HostMemory;
import io.livemig.util.Sizes;

/**
 * A simulated domain would need more memory than this process can take ({@link HostMemory}):
 * refused before any page is touched, instead of ending in the kernel's OOM killer.
 */
public final class InsufficientMemoryException extends DomainException {
    /** Bytes the domain would take. */
    private final long needed;
    private final transient HostMemory.Available available;

    InsufficientMemoryException(String what, long needed, HostMemory.Available available) {
        super(what + " needs " + Sizes.format(needed) + " of memory and " + available.describe() + " is less");
        this.needed = needed;
        this.available = available;
    }

    /**
     * Bytes the domain would take.
     *
     * @return the memory needed, in bytes
     */
    public long needed() {
        return needed;
    }

    /**
     * Bytes available when the check was made.
     *
     * @return the available memory, in bytes
     */
    public long availableBytes() {
        return available.bytes();
    }

    /**
     * Where the available figure came from ("MemAvailable in /proc/meminfo", a cgroup limit, ...).
     *
     * @return the source, for messages
     */
    public String availableSource() {
        return available.source();
    }

    /** Throws when {@code needed} bytes are more than what is available now. */
    static void check(String what, long needed) {
        HostMemory.Available available = HostMemory.available();
        if (needed > available.bytes()) {
            throw new InsufficientMemoryException(what, needed, available);
        }
    }
}
