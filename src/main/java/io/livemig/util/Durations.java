package io.livemig.util;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * Durations as operators write them: {@code 300ms}, {@code 1.5s}, {@code 10m}, {@code 2h},
 * {@code 250us}; a number and a unit, no spaces.
 */
public final class Durations {
    private Durations() {
    }

    /**
     * Parses a duration.
     *
     * @throws IllegalArgumentException naming the text when it is not a duration
     */
    public static Duration parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        int unitStart = s.length();
        while (unitStart > 0 && Character.isLetter(s.charAt(unitStart - 1))) {
            unitStart--;
        }
        String number = s.substring(0, unitStart);
        long nanosPerUnit = switch (s.substring(unitStart)) {
            case "ns" -> 1L;
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m", "min" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new IllegalArgumentException("not a duration: '" + text + "' (examples: 300ms, 1.5s, 10m, 2h)");
        };
        BigDecimal value;
        try {
            value = new BigDecimal(number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (examples: 300ms, 1.5s, 10m, 2h)");
        }
        if (value.signum() < 0) {
            throw new IllegalArgumentException("negative duration: '" + text + "'");
        }
        BigDecimal nanos = value.multiply(BigDecimal.valueOf(nanosPerUnit));
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("duration out of range: '" + text + "'");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /** Short and exact enough for people: "850 us", "300 ms", "1.50 s", "10.0 min". */
    public static String format(long nanos) {
        if (nanos < 0) {
            return "unknown";
        }
        if (nanos < 1_000_000L) {
            return String.format(Locale.ROOT, "%d us", nanos / 1000);
        }
        if (nanos < 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
        }
        if (nanos < 60_000_000_000L) {
            return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
        }
        return String.format(Locale.ROOT, "%.1f min", nanos / 6e10);
    }
}
