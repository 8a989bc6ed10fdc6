package io.livemig.policy;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * QEMU's auto-converge as a {@link ThrottleStrategy}: when the guest dirties, over a period, more
 * than {@code trigger} % of the bytes sent in that period, and that happens a second time, the
 * throttle starts at {@code initial} % or rises by {@code step} %, up to {@code max} %.
 *
 * <p>As in QEMU's {@code migration_bitmap_sync} and {@code migration_trigger_throttle}: a period
 * ends at the first fetch of the dirty bitmap at least {@link #PERIOD_NANOS one second} after the
 * previous period ended (the pages dirtied and the bytes sent add up across the fetches in it);
 * the count of high periods is not reset by a low one, only by a step. The defaults are QEMU's
 * ({@code cpu-throttle-initial} 20, {@code cpu-throttle-increment} 10,
 * {@code max-cpu-throttle} 99, {@code throttle-trigger-threshold} 50). QEMU's optional
 * "tail slow" increment is not modelled. Here the dirtied bytes are the fetched dirty count times
 * 4096 and the bytes sent are the stream bytes of the live rounds ({@link PrecopyMetrics#roundBytes()}).
 *
 * <p>Stateful: one instance serves one save ({@link #fresh()} makes another with the same settings).
 */
public final class AutoConverge implements ThrottleStrategy {
    /** A period lasts at least this long: QEMU checks the dirty rate at most once a second. */
    public static final long PERIOD_NANOS = 1_000_000_000L;
    /** How many high periods make a step (QEMU's {@code dirty_rate_high_cnt >= 2}). */
    public static final int HIGH_PERIODS_PER_STEP = 2;
    private static final long PAGE_BYTES = 4096;

    private final int initial;
    private final int step;
    private final int max;
    private final int trigger;

    private long periodStartNanos;
    private long periodDirtyBytes;
    private long periodSentBytes;
    private int highPeriods;

    /**
     * An auto-converge with the given settings; {@link #parse} reads them from text.
     *
     * @param initial throttle of the first step, 1..99 %
     * @param step    added at every further step, 1..99 %
     * @param max     the throttle never goes above it, 1..99 %, at least {@code initial}
     * @param trigger a period is high when its dirtied bytes exceed this share of its sent bytes, 1..100 %
     * @throws IllegalArgumentException when a setting is outside its range or {@code initial} is above {@code max}
     */
    public AutoConverge(int initial, int step, int max, int trigger) {
        check("initial", initial, 1, MAX_PERCENT);
        check("step", step, 1, MAX_PERCENT);
        check("max", max, 1, MAX_PERCENT);
        check("trigger", trigger, 1, 100);
        if (initial > max) {
            throw new IllegalArgumentException("auto-converge: initial " + initial + "% is above max " + max + "%");
        }
        this.initial = initial;
        this.step = step;
        this.max = max;
        this.trigger = trigger;
    }

    /**
     * QEMU's defaults: initial 20 %, step 10 %, max 99 %, trigger 50 %.
     *
     * @return a new instance, for one save
     */
    public static AutoConverge qemuDefaults() {
        return new AutoConverge(20, 10, 99, 50);
    }

    /**
     * The same settings, none of the state: for another save.
     *
     * @return a new instance with this one's settings
     */
    public AutoConverge fresh() {
        return new AutoConverge(initial, step, max, trigger);
    }

    /**
     * Parses {@code initial=20%,step=10%,max=99%,trigger=50%} (any subset, in any order; the
     * {@code %} is optional); empty gives QEMU's defaults.
     *
     * @param settings the settings text, e.g. {@code initial=30%,max=80%}
     * @return a new instance, for one save
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static AutoConverge parse(String settings) {
        Objects.requireNonNull(settings, "settings");
        Map<String, Integer> values = new LinkedHashMap<>(Map.of("initial", 20, "step", 10, "max", 99, "trigger", 50));
        String s = settings.strip();
        if (!s.isEmpty()) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String part : s.split(",", -1)) {
                int eq = part.indexOf('=');
                String name = (eq < 0 ? part : part.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
                if (eq < 0 || !values.containsKey(name)) {
                    throw new IllegalArgumentException("auto-converge setting '" + part.strip()
                            + "': not one of initial=N%, step=N%, max=N%, trigger=N%");
                }
                if (!seen.add(name)) {
                    throw new IllegalArgumentException("auto-converge setting '" + name + "' given twice");
                }
                values.put(name, percent(name, part.substring(eq + 1).strip()));
            }
        }
        try {
            return new AutoConverge(values.get("initial"), values.get("step"), values.get("max"), values.get("trigger"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (in '" + settings + "')");
        }
    }

    /** "20%" or "20" as 20; the error names the setting. */
    static int percent(String name, String text) {
        String t = text.endsWith("%") ? text.substring(0, text.length() - 1).strip() : text;
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("auto-converge " + name + "=" + text + ": not a whole percentage (like 20%)");
        }
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("auto-converge " + name + " must be " + min + ".." + max + " %, not " + value);
        }
    }

    @Override
    public int throttle(PrecopyStats stats, PrecopyMetrics metrics, int current) {
        if (!stats.dirtyCountKnown() || stats.iteration() == 0) {
            return current; // only a fetch of the dirty bitmap ends a period
        }
        periodDirtyBytes += stats.dirtyCount() * PAGE_BYTES;
        periodSentBytes += metrics.roundBytes();
        if (metrics.elapsedNanos() - periodStartNanos < PERIOD_NANOS) {
            return current;
        }
        boolean high = periodDirtyBytes > periodSentBytes * trigger / 100;
        periodStartNanos = metrics.elapsedNanos();
        periodDirtyBytes = 0;
        periodSentBytes = 0;
        if (!high || ++highPeriods < HIGH_PERIODS_PER_STEP) {
            return current;
        }
        highPeriods = 0;
        return current == 0 ? initial : Math.min(current + step, max);
    }

    /**
     * Throttle of the first step.
     *
     * @return the first step's throttle, 1..99 %
     */
    public int initial() {
        return initial;
    }

    /**
     * Rise at every further step.
     *
     * @return percentage points added per step, 1..99
     */
    public int step() {
        return step;
    }

    /**
     * Highest throttle it sets.
     *
     * @return the ceiling, 1..99 %, at least {@link #initial()}
     */
    public int max() {
        return max;
    }

    /**
     * Share of a period's sent bytes that its dirtied bytes must exceed for the period to be high.
     *
     * @return the threshold, 1..100 %
     */
    public int trigger() {
        return trigger;
    }

    /** "auto-converge initial=20%,step=10%,max=99%,trigger=50%" */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "auto-converge initial=%d%%,step=%d%%,max=%d%%,trigger=%d%%", initial, step, max, trigger);
    }
}
