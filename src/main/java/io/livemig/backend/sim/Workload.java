package io.livemig.backend.sim;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the writer threads of a simulated domain do. Written as a spec:
 * {@code pattern[:key=value[,key=value]...]}, for example {@code idle}, {@code uniform:rate=50000},
 * {@code hotset:rate=20000,hot=5%,share=90%}, {@code sweep:rate=100000},
 * {@code uniform:rate=max,writers=2,seed=7}.
 *
 * <p>Parameters (all but idle): {@code rate} = page writes per second over all writers, a positive
 * integer with an optional k/m suffix (thousands, millions) or {@code max} for no pacing;
 * {@code writers} = threads, 1..64; {@code seed} = decimal or 0x-hex long. Hotset only:
 * {@code hot} = fraction of the pfns in the hot set, in (0, 100%]; {@code share} = fraction of
 * the writes that go to the hot set, in [0, 100%]; both as {@code 5%} or {@code 0.05}.
 *
 * <p>Defaults: uniform rate 10000, hotset rate 20000 hot 5% share 90%, sweep rate 50000; one
 * writer; seed 1.
 *
 * @param pattern        where the writes land
 * @param pagesPerSecond total page writes per second, or {@link #UNLIMITED}; 0 for idle
 * @param writers        writer threads; 0 for idle
 * @param seed           seeds every writer's sequence (with the writer's index)
 * @param hotFraction    hotset: fraction of the pfns in the hot set
 * @param hotShare       hotset: fraction of the writes that go to the hot set
 */
public record Workload(WritePattern pattern, long pagesPerSecond, int writers, long seed, double hotFraction, double hotShare) {

    /** {@code rate=max}: writers do not pace themselves. */
    public static final long UNLIMITED = Long.MAX_VALUE;
    /** Most writer threads a workload may have. */
    public static final int MAX_WRITERS = 64;
    /** Seed when the spec gives none. */
    public static final long DEFAULT_SEED = 1;
    /** Hot set when the spec gives none: 5 % of the pfns. */
    public static final double DEFAULT_HOT_FRACTION = 0.05;
    /** Share of the writes to the hot set when the spec gives none: 90 %. */
    public static final double DEFAULT_HOT_SHARE = 0.90;

    /** No writers: the memory changes only through {@link SimDomain#write}. */
    public static final Workload IDLE = new Workload(WritePattern.IDLE, 0, 0, DEFAULT_SEED, DEFAULT_HOT_FRACTION, DEFAULT_HOT_SHARE);

    /**
     * Checks the components: idle has no writers and no rate; any other pattern a positive rate
     * and 1 to {@link #MAX_WRITERS} writers.
     *
     * @param pattern        where the writes land
     * @param pagesPerSecond total page writes per second, or {@link #UNLIMITED}; 0 for idle
     * @param writers        writer threads; 0 for idle
     * @param seed           seeds every writer's sequence (with the writer's index)
     * @param hotFraction    hotset: fraction of the pfns in the hot set, in (0, 1]
     * @param hotShare       hotset: fraction of the writes that go to the hot set, in [0, 1]
     * @throws IllegalArgumentException when {@code pattern} is null or a component is out of range
     */
    public Workload {
        if (pattern == null) {
            throw new IllegalArgumentException("workload pattern is null");
        }
        if (pattern == WritePattern.IDLE) {
            if (writers != 0 || pagesPerSecond != 0) {
                throw new IllegalArgumentException("idle workload has no writers and no rate");
            }
        } else {
            if (pagesPerSecond < 1) {
                throw new IllegalArgumentException("workload " + pattern.specName() + ": rate must be > 0, got " + pagesPerSecond);
            }
            if (writers < 1 || writers > MAX_WRITERS) {
                throw new IllegalArgumentException("workload " + pattern.specName() + ": writers must be 1.." + MAX_WRITERS + ", got " + writers);
            }
        }
        if (!(hotFraction > 0 && hotFraction <= 1)) {
            throw new IllegalArgumentException("workload " + pattern.specName() + ": hot fraction must be in (0, 1], got " + hotFraction);
        }
        if (!(hotShare >= 0 && hotShare <= 1)) {
            throw new IllegalArgumentException("workload " + pattern.specName() + ": hot share must be in [0, 1], got " + hotShare);
        }
    }

    /**
     * The pattern's defaults.
     *
     * @param pattern the pattern
     * @return {@link #IDLE}, or the pattern at its default rate with one writer and the default seed
     */
    public static Workload defaults(WritePattern pattern) {
        return switch (pattern) {
            case IDLE -> IDLE;
            case UNIFORM -> new Workload(pattern, 10_000, 1, DEFAULT_SEED, DEFAULT_HOT_FRACTION, DEFAULT_HOT_SHARE);
            case HOTSET -> new Workload(pattern, 20_000, 1, DEFAULT_SEED, DEFAULT_HOT_FRACTION, DEFAULT_HOT_SHARE);
            case SWEEP -> new Workload(pattern, 50_000, 1, DEFAULT_SEED, DEFAULT_HOT_FRACTION, DEFAULT_HOT_SHARE);
        };
    }

    /**
     * Whether the writers run unpaced ({@code rate=max}).
     *
     * @return true when the rate is {@link #UNLIMITED}
     */
    public boolean unlimited() {
        return pagesPerSecond == UNLIMITED;
    }

    /**
     * Size of the hot set of a memory of {@code pageCount} pages: at least 1, at most all.
     *
     * @param pageCount the memory's size in pages
     * @return the number of hot pages
     */
    public long hotPages(long pageCount) {
        return Math.max(1, Math.min(pageCount, Math.round(pageCount * hotFraction)));
    }

    /**
     * This workload's rate for writer {@code index}: the total split evenly, the remainder to the first writers.
     *
     * @param index the writer's index, 0 .. writers() - 1
     * @return the writer's page writes per second, or {@link #UNLIMITED}
     */
    public long writerRate(int index) {
        if (unlimited()) {
            return UNLIMITED;
        }
        long base = pagesPerSecond / writers;
        return base + (index < pagesPerSecond % writers ? 1 : 0);
    }

    /**
     * Parses a spec (see the class comment).
     *
     * @param spec the spec, such as {@code hotset:rate=20000,hot=5%}
     * @return the workload, defaults filled in
     * @throws IllegalArgumentException naming the spec and the bad part
     */
    public static Workload parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("empty workload spec (examples: idle, uniform:rate=50000, hotset:hot=5%,share=90%, sweep)");
        }
        String text = spec.trim();
        int colon = text.indexOf(':');
        String patternName = (colon < 0 ? text : text.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        WritePattern pattern = null;
        for (WritePattern p : WritePattern.values()) {
            if (p.specName().equals(patternName)) {
                pattern = p;
            }
        }
        if (pattern == null) {
            throw new IllegalArgumentException("workload '" + spec + "': unknown pattern '" + patternName + "' (idle, uniform, hotset, sweep)");
        }
        Workload d = defaults(pattern);
        if (colon < 0) {
            return d;
        }
        if (pattern == WritePattern.IDLE) {
            throw new IllegalArgumentException("workload '" + spec + "': idle takes no parameters");
        }
        long rate = d.pagesPerSecond;
        int writers = d.writers;
        long seed = d.seed;
        double hot = d.hotFraction;
        double share = d.hotShare;
        Set<String> seen = new HashSet<>();
        String params = text.substring(colon + 1);
        if (params.isBlank()) {
            throw new IllegalArgumentException("workload '" + spec + "': no parameters after ':'");
        }
        for (String part : params.split(",", -1)) {
            int eq = part.indexOf('=');
            String key = (eq < 0 ? part : part.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("workload '" + spec + "': empty parameter");
            }
            boolean known = switch (key) {
                case "rate", "writers", "seed" -> true;
                case "hot", "share" -> pattern == WritePattern.HOTSET;
                default -> false;
            };
            if (!known) {
                throw new IllegalArgumentException("workload '" + spec + "': unknown parameter '" + key + "' for " + pattern.specName()
                        + " (takes " + (pattern == WritePattern.HOTSET ? "rate, writers, seed, hot, share" : "rate, writers, seed") + ")");
            }
            if (eq < 0) {
                throw new IllegalArgumentException("workload '" + spec + "': parameter '" + key + "' has no value (write " + key + "=...)");
            }
            if (!seen.add(key)) {
                throw new IllegalArgumentException("workload '" + spec + "': parameter '" + key + "' given twice");
            }
            String value = part.substring(eq + 1).trim();
            switch (key) {
                case "rate" -> rate = parseRate(spec, value);
                case "writers" -> writers = parseWriters(spec, value);
                case "seed" -> seed = parseSeed(spec, value);
                case "hot" -> {
                    hot = parseFraction(spec, key, value);
                    if (hot == 0) {
                        throw new IllegalArgumentException("workload '" + spec + "': hot must be in (0%, 100%], got '" + value + "'");
                    }
                }
                case "share" -> share = parseFraction(spec, key, value);
                default -> throw new IllegalStateException(key);
            }
        }
        return new Workload(pattern, rate, writers, seed, hot, share);
    }

    private static long parseRate(String spec, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (v.equals("max")) {
            return UNLIMITED;
        }
        long multiplier = 1;
        if (v.endsWith("k")) {
            multiplier = 1_000;
            v = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            multiplier = 1_000_000;
            v = v.substring(0, v.length() - 1);
        }
        long n;
        try {
            n = Math.multiplyExact(Long.parseLong(v), multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            n = -1;
        }
        if (n < 1 || n == UNLIMITED) {
            throw new IllegalArgumentException("workload '" + spec + "': rate must be a positive number of pages per second "
                    + "(e.g. 50000, 50k, 2m) or 'max', got '" + value + "'");
        }
        return n;
    }

    private static int parseWriters(String spec, String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > MAX_WRITERS) {
            throw new IllegalArgumentException("workload '" + spec + "': writers must be 1.." + MAX_WRITERS + ", got '" + value + "'");
        }
        return n;
    }

    private static long parseSeed(String spec, String value) {
        try {
            String v = value.toLowerCase(Locale.ROOT);
            if (v.startsWith("0x")) {
                return Long.parseUnsignedLong(v.substring(2), 16);
            }
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("workload '" + spec + "': seed must be a decimal or 0x-hex 64-bit integer, got '" + value + "'");
        }
    }

    /** "5%" or "0.05" to 0.05, in [0, 1]. */
    private static double parseFraction(String spec, String key, String value) {
        BigDecimal fraction;
        try {
            fraction = value.endsWith("%")
                    ? new BigDecimal(value.substring(0, value.length() - 1).trim()).movePointLeft(2)
                    : new BigDecimal(value);
        } catch (NumberFormatException e) {
            fraction = null;
        }
        if (fraction == null || fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("workload '" + spec + "': " + key + " must be a percentage (5%) or a fraction (0.05) in [0%, 100%], got '"
                    + value + "'");
        }
        return fraction.doubleValue();
    }

    /**
     * The canonical spec, which {@link #parse} turns back into an equal workload.
     *
     * @return "idle", or the pattern with every parameter it takes
     */
    public String spec() {
        if (pattern == WritePattern.IDLE) {
            return "idle";
        }
        StringBuilder s = new StringBuilder(pattern.specName());
        s.append(":rate=").append(unlimited() ? "max" : Long.toString(pagesPerSecond));
        if (pattern == WritePattern.HOTSET) {
            s.append(",hot=").append(percent(hotFraction)).append(",share=").append(percent(hotShare));
        }
        s.append(",writers=").append(writers).append(",seed=").append(seed);
        return s.toString();
    }

    private static String percent(double fraction) {
        return BigDecimal.valueOf(fraction).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    @Override
    public String toString() {
        return spec();
    }
}
