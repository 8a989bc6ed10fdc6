package io.livemig.bench;

import io.livemig.backend.DirtyBitmap;
import java.lang.foreign.Arena;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Dirty bitmaps for the scan benchmark, generated deterministically from a fixed seed: the same
 * guest size, density and pattern always give the same bits, so the report can recount them.
 *
 * <ul>
 *   <li>{@code uniform}: every pfn dirty on its own with probability {@code density} (gaps drawn
 *       from the geometric distribution, so the cost is per dirty page, not per pfn; 50 % is a
 *       random word per 64 pfns, 100 % every pfn);</li>
 *   <li>{@code clustered}: runs of dirty pages (1 to 63 pages, 32 on average: a guest writing
 *       buffers of up to 256 KiB) separated by geometric gaps sized for the same density.</li>
 * </ul>
 */
public final class BitmapPatterns {
    public static final long SEED = 0x5EED_B17L;
    /** Mean length of a clustered run, in pages. */
    public static final int MEAN_RUN = 32;

    private BitmapPatterns() {
    }

    /** Pfns of a guest named like "4GiB", "64GiB", "1TiB" (4 KiB pages). */
    public static long pfnsOf(String guest) {
        String g = guest.trim();
        long unit;
        String digits;
        if (g.endsWith("TiB")) {
            unit = 1L << 40;
            digits = g.substring(0, g.length() - 3);
        } else if (g.endsWith("GiB")) {
            unit = 1L << 30;
            digits = g.substring(0, g.length() - 3);
        } else if (g.endsWith("MiB")) {
            unit = 1L << 20;
            digits = g.substring(0, g.length() - 3);
        } else {
            throw new IllegalArgumentException("guest size '" + guest + "': expected a number and MiB, GiB or TiB, e.g. 4GiB");
        }
        long n;
        try {
            n = Long.parseLong(digits.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("guest size '" + guest + "': '" + digits + "' is not a whole number", e);
        }
        if (n < 1) {
            throw new IllegalArgumentException("guest size '" + guest + "' must be at least 1");
        }
        return Math.multiplyExact(n, unit) >>> 12;
    }

    /** A density given in percent ("0.01", "1", "100") as a fraction 0..1. */
    public static double fractionOf(String percent) {
        double p;
        try {
            p = Double.parseDouble(percent.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dirty percent '" + percent + "' is not a number", e);
        }
        if (!(p >= 0 && p <= 100)) {
            throw new IllegalArgumentException("dirty percent '" + percent + "' is outside 0..100");
        }
        return p / 100;
    }

    /** A bitmap of {@code pfns} pfns in {@code arena} with the pattern's bits set. */
    public static DirtyBitmap generate(Arena arena, long pfns, double density, String pattern) {
        DirtyBitmap bitmap = DirtyBitmap.allocate(arena, pfns);
        fill(bitmap, density, pattern, new SplittableRandom(SEED));
        return bitmap;
    }

    public static void fill(DirtyBitmap bitmap, double density, String pattern, SplittableRandom random) {
        bitmap.clearAll();
        switch (pattern.toLowerCase(Locale.ROOT)) {
            case "uniform" -> uniform(bitmap, density, random);
            case "clustered" -> clustered(bitmap, density, random);
            default -> throw new IllegalArgumentException("bitmap pattern '" + pattern + "': expected uniform or clustered");
        }
    }

    private static void uniform(DirtyBitmap bitmap, double density, SplittableRandom random) {
        long n = bitmap.pfnCount();
        if (density <= 0) {
            return;
        }
        if (density >= 1) {
            bitmap.setAll();
            return;
        }
        if (density == 0.5) {
            long words = bitmap.wordCount();
            for (long w = 0; w < words; w++) {
                bitmap.setWord(w, random.nextLong());
            }
            int tail = (int) (n & 63);
            if (tail != 0) {
                bitmap.setWord(words - 1, bitmap.word(words - 1) & ((1L << tail) - 1));
            }
            return;
        }
        double logMiss = Math.log1p(-density);
        for (long p = geometric(random, logMiss); p < n; p += 1 + geometric(random, logMiss)) {
            bitmap.set(p);
        }
    }

    private static void clustered(DirtyBitmap bitmap, double density, SplittableRandom random) {
        long n = bitmap.pfnCount();
        if (density <= 0) {
            return;
        }
        if (density >= 1) {
            bitmap.setAll();
            return;
        }
        // runs average MEAN_RUN pages; gaps average MEAN_RUN * (1 - d) / d so that runs cover d of the pfns
        double meanGap = MEAN_RUN * (1 - density) / density;
        double logMiss = Math.log1p(-1 / (meanGap + 1));
        long p = geometric(random, logMiss);
        while (p < n) {
            int run = 1 + random.nextInt(2 * MEAN_RUN - 1);
            long end = Math.min(n, p + run);
            for (long q = p; q < end; q++) {
                bitmap.set(q);
            }
            p = end + 1 + geometric(random, logMiss);
        }
    }

    /** Failures before the first success, success probability 1 - exp(logMiss). */
    private static long geometric(SplittableRandom random, double logMiss) {
        double u = 1.0 - random.nextDouble(); // (0, 1]
        double k = Math.floor(Math.log(u) / logMiss);
        return k >= Long.MAX_VALUE / 4 ? Long.MAX_VALUE / 4 : (long) k;
    }
}
