package io.livemig.backend.sim;

import java.util.Locale;

/** Where a simulated guest's writes land. */
public enum WritePattern {
    /** No writer threads: memory changes only through {@link SimDomain#write}. */
    IDLE,
    /** Uniformly random pfns over the whole memory. */
    UNIFORM,
    /** A hot set (the first {@code hot} fraction of the pfns) receives {@code share} of the writes, the rest are uniform over the other pfns. */
    HOTSET,
    /** Sequential pfns wrapping around; writer w of W starts at pfn {@code w * pageCount / W}. */
    SWEEP;

    /**
     * The name used in workload specs ("uniform").
     *
     * @return the constant's name in lower case
     */
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
