package io.livemig.bench;

import java.util.Locale;

/** The {@code iov} parameter of the batch benchmarks. */
final class BatchShape {
    private BatchShape() {
    }

    /** True for "merged" (adjacent pages in one buffer), false for "perPage". */
    static boolean merged(String iov) {
        return switch (iov.toLowerCase(Locale.ROOT)) {
            case "merged" -> true;
            case "perpage" -> false;
            default -> throw new IllegalArgumentException("iov '" + iov + "': expected perPage or merged");
        };
    }
}
