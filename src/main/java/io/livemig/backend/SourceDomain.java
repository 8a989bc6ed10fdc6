package io.livemig.backend;

import io.livemig.stream.DeviceModelState;
import io.livemig.stream.DeviceState;
import io.livemig.stream.DomainType;
import io.livemig.stream.StaticState;
import java.lang.foreign.Arena;

/**
 * What a domain must provide to be saved: the backend SPI the engine drives, implemented by the
 * simulated domain and by the Xen domain. Methods are called from the saving thread, in the
 * order of Xen's save path; failures are {@link DomainException}s.
 *
 * <p>Log-dirty semantics are the hypervisor's: after {@link #enableLogDirty()} every write marks
 * its page; {@link #cleanDirtyBitmap} copies the marks into a bitmap and clears them
 * (SHADOW_OP_CLEAN), {@link #peekDirtyBitmap} copies without clearing (PEEK),
 * {@link #finalDirtyBitmap} is CLEAN on a suspended domain (LOGDIRTY_FINAL), and
 * {@link #disableLogDirty()} stops tracking (OFF) and may be called in any state.
 */
public interface SourceDomain {

    /** A name for logs and errors ("sim-1G", "domid 5"). */
    String name();

    DomainType type();

    /** Number of pfns (the p2m size): pfns are 0 .. pfnCount() - 1. */
    long pfnCount();

    /** Xen version for the domain header. */
    int xenMajor();

    int xenMinor();

    /** Records to send before STATIC_DATA_END: the CPU policy (and an x86 PV guest's X86_PV_INFO). */
    StaticState staticState();

    /** A zeroed bitmap for {@link #pfnCount()} pfns, in memory this domain's log-dirty operations can write to. */
    DirtyBitmap allocateDirtyBitmap(Arena arena);

    void enableLogDirty();

    /** Fetch-and-clear into {@code into} (overwritten); returns the number of dirty pages. */
    long cleanDirtyBitmap(DirtyBitmap into);

    /** Fetch without clearing into {@code into} (overwritten); returns the number of dirty pages. */
    long peekDirtyBitmap(DirtyBitmap into);

    /** The last fetch-and-clear on a suspended domain; fails when the domain runs. */
    long finalDirtyBitmap(DirtyBitmap into);

    /** Stops dirty tracking; harmless when it is off. */
    void disableLogDirty();

    boolean logDirtyEnabled();

    /** A mapper for batches of at most {@code maxBatch} pfns. */
    PageMapper openPageMapper(int maxBatch);

    /** Suspends the domain; returns once it no longer runs (no page changes after this). */
    void suspend();

    /** Lets a suspended domain run again. */
    void resume();

    boolean isSuspended();

    /**
     * The device state of the suspended x86 HVM domain. A domain whose {@link #type()} is x86 PV
     * implements {@link PvSourceDomain}, whose {@link PvSourceDomain#pvDeviceState()} the engine
     * asks instead.
     */
    DeviceState deviceState();

    /**
     * The state of the domain's device model (the emulator of an HVM guest, QEMU), saved when the
     * domain was suspended, for the libxl layer's emulator records; null when the domain has none.
     * A domain with a device model stops it as it suspends ({@link #suspend()}), saves its state
     * then (for a live migration when log-dirty is on, as it is during a live save), and lets it
     * run again with the domain ({@link #resume()}).
     */
    default DeviceModelState deviceModelState() {
        return null;
    }

    /** Whether the domain has a device model whose state {@link #deviceModelState()} gives after the suspend. */
    default boolean hasDeviceModel() {
        return false;
    }

    /**
     * A throttle of the domain's vCPUs ({@link CpuThrottle}), remembering the domain's own setting
     * so that {@link CpuThrottle#restore()} can put it back. Called at most once per save, before
     * the first throttle is set.
     *
     * @throws DomainException when the domain cannot be throttled (a backend without the means, a
     *                         Xen scheduler without caps), saying why
     */
    default CpuThrottle openCpuThrottle() {
        throw new DomainException(name() + " cannot be throttled: its backend (" + getClass().getSimpleName()
                + ") has no CPU throttle");
    }
}
