package io.livemig.backend.sim;

import io.livemig.backend.DirtyBitmap;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The hypervisor side of log-dirty mode: one bit per pfn, where {@link DirtyBitmap} has it, set by
 * guest writes while tracking is on and fetched by the saving thread. Every word is read and
 * written atomically, so a fetch-and-clear racing with writers loses no mark: a bit set before the
 * {@code getAndSet(0)} of its word is fetched, one set after it stays for the next fetch.
 */
final class LogDirtyBitmap {
    private static final VarHandle WORD = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment words;
    private final long pfnCount;
    private final long wordCount;
    private volatile boolean enabled;

    LogDirtyBitmap(Arena arena, long pfnCount) {
        this.pfnCount = pfnCount;
        this.wordCount = DirtyBitmap.wordCountFor(pfnCount);
        this.words = arena.allocate(DirtyBitmap.byteSizeFor(pfnCount), 64);
    }

    boolean enabled() {
        return enabled;
    }

    /**
     * Starts tracking with no page marked. The bitmap is cleared before the flag is raised, so
     * a writer that sees tracking on marks into the cleared bitmap and its mark is kept.
     */
    void enable() {
        clearAll();
        enabled = true;
    }

    /** Stops tracking and drops the marks. */
    void disable() {
        enabled = false;
        clearAll();
    }

    private void clearAll() {
        final MemorySegment w = words;
        for (long k = 0, n = wordCount; k < n; k++) {
            WORD.setVolatile(w, k << 3, 0L);
        }
    }

    /** Marks {@code pfn} when tracking is on. Callers write the page first (see {@link SimDomain#write}). */
    void mark(long pfn) {
        if (enabled) {
            long unused = (long) WORD.getAndBitwiseOr(words, DirtyBitmap.wordOffset(pfn), DirtyBitmap.bit(pfn));
        }
    }

    /** Copies the marks into {@code into} and, when {@code clear}, clears each word atomically as it goes. */
    long fetch(DirtyBitmap into, boolean clear) {
        if (into.pfnCount() != pfnCount) {
            throw new IllegalArgumentException("dirty bitmap for " + into.pfnCount() + " pfns, the domain has " + pfnCount);
        }
        final MemorySegment w = words;
        long count = 0;
        for (long k = 0, n = wordCount; k < n; k++) {
            long offset = k << 3;
            long v = (long) WORD.getVolatile(w, offset);
            // a zero word needs no atomic exchange: a bit set after this read is fetched next time
            if (clear && v != 0) {
                v = (long) WORD.getAndSet(w, offset, 0L);
            }
            into.setWord(k, v);
            count += Long.bitCount(v);
        }
        return count;
    }

    /** The word {@code k} as it is now (for tests). */
    long word(long k) {
        return (long) WORD.getVolatile(words, k << 3);
    }
}
