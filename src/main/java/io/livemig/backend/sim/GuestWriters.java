package io.livemig.backend.sim;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The guest's vCPUs as far as memory is concerned: daemon threads writing real bytes into guest
 * memory, each following its {@link WriteSequence} at its share of the workload's rate. A writer
 * works in chunks (about a millisecond of writes, at most 1024) and between chunks checks for
 * stop and sleeps until its schedule ({@code System.nanoTime()} based) says the next chunk is due.
 *
 * <p>{@link #stop()} returns only after every thread has ended, so no write is in flight
 * afterwards; {@link #start()} makes new threads that continue the same sequences.
 *
 * <p>A {@linkplain #setThrottle throttle} of p % slows the writers as a CPU cap slows vCPUs
 * that are busy writing: a paced writer runs at (100 - p) % of its rate; an unpaced one
 * ({@code rate=max}) sleeps p / (100 - p) times as long as each chunk took, as QEMU's
 * {@code cpu_throttle_thread} makes a vCPU sleep. A change applies from the writer's next chunk.
 */
final class GuestWriters {
    private static final Logger LOG = LogManager.getLogger(GuestWriters.class);
    /** Writes between two checks for stop: bounds how long suspend waits (about 0.1 ms, more while pages are first touched). */
    private static final int MAX_CHUNK = 1024;
    /** A writer this far behind its schedule (machine busy) starts a new schedule instead of bursting to catch up. */
    private static final long MAX_LAG_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final String domainName;
    private final Workload workload;
    private final MemorySegment memory;
    private final LogDirtyBitmap dirty;
    private final long[] holes;
    /** Pfns from here up are unpopulated: skipped as holes are. */
    private final long populatedPages;
    private final WriteSequence[] sequences;
    private final AtomicLongArray writes;
    private Thread[] threads;
    private volatile boolean stopRequested;
    /** Percent of their time taken from the writers, 0..99. */
    private volatile int throttlePercent;

    GuestWriters(String domainName, Workload workload, MemorySegment memory, long pageCount, LogDirtyBitmap dirty, long[] holes,
                 long populatedPages) {
        this.domainName = domainName;
        this.workload = workload;
        this.memory = memory;
        this.dirty = dirty;
        this.holes = holes;
        this.populatedPages = populatedPages;
        this.sequences = new WriteSequence[workload.writers()];
        for (int i = 0; i < sequences.length; i++) {
            sequences[i] = new WriteSequence(workload, pageCount, i);
        }
        this.writes = new AtomicLongArray(Math.max(1, sequences.length));
    }

    synchronized boolean running() {
        return threads != null;
    }

    /** Starts the writers (nothing when the workload is idle or they already run). */
    synchronized void start() {
        if (threads != null || sequences.length == 0) {
            return;
        }
        stopRequested = false;
        Thread[] started = new Thread[sequences.length];
        for (int i = 0; i < started.length; i++) {
            final int index = i;
            started[i] = Thread.ofPlatform()
                    .name("sim-writer-" + domainName + "-" + i)
                    .daemon(true)
                    .uncaughtExceptionHandler((t, e) -> LOG.error("{}: writer {} died", domainName, index, e))
                    .unstarted(() -> run(index));
        }
        threads = started;
        for (Thread t : started) {
            t.start();
        }
    }

    /** Stops the writers and waits for every thread to end; after it returns no write is in flight. */
    synchronized void stop() {
        Thread[] running = threads;
        if (running == null) {
            return;
        }
        stopRequested = true;
        for (Thread t : running) {
            LockSupport.unpark(t);
        }
        boolean interrupted = false;
        for (Thread t : running) {
            // must not return early: the caller relies on no write being in flight
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        threads = null;
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Slows the writers from their next chunk on: {@code percent} % of their time is taken, 0..99. */
    void setThrottle(int percent) {
        if (percent < 0 || percent > 99) {
            throw new IllegalArgumentException("writer throttle must be 0..99 %, not " + percent);
        }
        throttlePercent = percent;
    }

    int throttle() {
        return throttlePercent;
    }

    /** Writes done so far by all writers (updated after each chunk). */
    long writeCount() {
        long n = 0;
        for (int i = 0; i < writes.length(); i++) {
            n += writes.get(i);
        }
        return n;
    }

    private void run(int index) {
        final WriteSequence seq = sequences[index];
        final MemorySegment mem = memory;
        final LogDirtyBitmap log = dirty;
        final long[] holePfns = holes;
        final boolean anyHoles = holePfns.length > 0;
        final long populated = populatedPages;
        final long rate = workload.writerRate(index);
        final boolean paced = rate != Workload.UNLIMITED;
        final int chunk = paced ? Math.clamp(rate / 1000, 1, MAX_CHUNK) : MAX_CHUNK;
        int throttle = throttlePercent;
        double nanosPerWrite = paced ? nanosPerWrite(rate, throttle) : 0;
        long done = writes.get(index);
        long scheduleStart = System.nanoTime();
        long scheduled = 0;
        while (!stopRequested) {
            long chunkStart = paced ? 0 : System.nanoTime();
            for (int k = 0; k < chunk; k++) {
                seq.next();
                long pfn = seq.pfn();
                if (pfn >= populated || anyHoles && Arrays.binarySearch(holePfns, pfn) >= 0) {
                    continue; // a hole is not guest memory
                }
                mem.set(ValueLayout.JAVA_LONG, (pfn << GuestMemory.PAGE_SHIFT) + seq.offset(), seq.value());
                // marked after the bytes are written, see SimDomain.write
                log.mark(pfn);
                done++;
            }
            writes.setRelease(index, done);
            int nowThrottle = throttlePercent;
            if (paced) {
                if (nowThrottle != throttle) {
                    // a new rate from here: the old schedule's debt or credit does not carry over
                    throttle = nowThrottle;
                    nanosPerWrite = nanosPerWrite(rate, throttle);
                    scheduleStart = System.nanoTime();
                    scheduled = 0;
                    continue;
                }
                scheduled += chunk;
                long due = scheduleStart + (long) (scheduled * nanosPerWrite);
                long now = System.nanoTime();
                if (now - due > MAX_LAG_NANOS) {
                    scheduleStart = now;
                    scheduled = 0;
                } else {
                    sleepUntil(due, now);
                }
            } else if (nowThrottle > 0) {
                long now = System.nanoTime();
                sleepUntil(now + (now - chunkStart) * nowThrottle / (100 - nowThrottle), now);
            }
        }
    }

    /** Paced at {@code rate} writes per second with {@code throttle} % of the time taken. */
    private static double nanosPerWrite(long rate, int throttle) {
        return 1e9 / rate * 100 / (100 - throttle);
    }

    private void sleepUntil(long due, long now) {
        while (due - now > 0 && !stopRequested) {
            LockSupport.parkNanos(this, due - now);
            now = System.nanoTime();
        }
    }
}
