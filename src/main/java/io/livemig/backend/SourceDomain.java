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

    /**
     * A name for logs and errors ("sim-1G", "domid 5").
     *
     * @return the domain's name
     */
    String name();

    /**
     * The kind of guest, for the domain header; it decides which save steps apply.
     *
     * @return x86 HVM or x86 PV
     */
    DomainType type();

    /**
     * Number of pfns (the p2m size): pfns are 0 .. pfnCount() - 1.
     *
     * @return the p2m size in pfns
     */
    long pfnCount();

    /**
     * Xen version for the domain header.
     *
     * @return the major version number
     */
    int xenMajor();

    /**
     * Xen version for the domain header.
     *
     * @return the minor version number
     */
    int xenMinor();

    /**
     * Records to send before STATIC_DATA_END: the CPU policy (and an x86 PV guest's X86_PV_INFO).
     *
     * @return the domain's static state
     */
    StaticState staticState();

    /**
     * A zeroed bitmap for {@link #pfnCount()} pfns, in memory this domain's log-dirty operations can write to.
     *
     * @param arena the arena whose lifetime the bitmap's memory has
     * @return the new bitmap, to pass to this domain's fetches
     */
    DirtyBitmap allocateDirtyBitmap(Arena arena);

    /** Starts dirty tracking (ENABLE_LOGDIRTY): from now on every write marks its page. */
    void enableLogDirty();

    /**
     * Fetch-and-clear into {@code into} (overwritten); returns the number of dirty pages.
     *
     * @param into a bitmap of {@link #allocateDirtyBitmap}
     * @return the number of dirty pages
     */
    long cleanDirtyBitmap(DirtyBitmap into);

    /**
     * Fetch without clearing into {@code into} (overwritten); returns the number of dirty pages.
     *
     * @param into a bitmap of {@link #allocateDirtyBitmap}
     * @return the number of dirty pages
     */
    long peekDirtyBitmap(DirtyBitmap into);

    /**
     * The last fetch-and-clear on a suspended domain; fails when the domain runs.
     *
     * @param into a bitmap of {@link #allocateDirtyBitmap}, overwritten
     * @return the number of dirty pages
     */
    long finalDirtyBitmap(DirtyBitmap into);

    /** Stops dirty tracking; harmless when it is off. */
    void disableLogDirty();

    /**
     * Whether dirty tracking is on.
     *
     * @return true between {@link #enableLogDirty()} and {@link #disableLogDirty()}
     */
    boolean logDirtyEnabled();

    /**
     * A mapper for batches of at most {@code maxBatch} pfns.
     *
     * @param maxBatch the most pfns one {@link PageMapper#map} call is given
     * @return a new mapper, which the caller closes
     */
    PageMapper openPageMapper(int maxBatch);

    /** Suspends the domain; returns once it no longer runs (no page changes after this). */
    void suspend();

    /** Lets a suspended domain run again. */
    void resume();

    /**
     * Whether the domain is suspended.
     *
     * @return true when the domain is suspended now
     */
    boolean isSuspended();

    /**
     * The device state of the suspended x86 HVM domain. A domain whose {@link #type()} is x86 PV
     * implements {@link PvSourceDomain}, whose {@link PvSourceDomain#pvDeviceState()} the engine
     * asks instead.
     *
     * @return the device state records to send after the last page pass
     */
    DeviceState deviceState();

    /**
     * The state of the domain's device model (the emulator of an HVM guest, QEMU), saved when the
     * domain was suspended, for the libxl layer's emulator records; null when the domain has none.
     * A domain with a device model stops it as it suspends ({@link #suspend()}), saves its state
     * then (for a live migration when log-dirty is on, as it is during a live save), and lets it
     * run again with the domain ({@link #resume()}).
     *
     * @return the device model's saved state, or null without a device model
     */
    default DeviceModelState deviceModelState() {
        return null;
    }

    /**
     * Whether the domain has a device model whose state {@link #deviceModelState()} gives after the suspend.
     *
     * @return true when it has one; false by default
     */
    default boolean hasDeviceModel() {
        return false;
    }

    /**
     * A throttle of the domain's vCPUs ({@link CpuThrottle}), remembering the domain's own setting
     * so that {@link CpuThrottle#restore()} can put it back. Called at most once per save, before
     * the first throttle is set.
     *
     * @return the throttle, at 0 % until set
     * @throws DomainException when the domain cannot be throttled (a backend without the means, a
     *                         Xen scheduler without caps), saying why
     */
    default CpuThrottle openCpuThrottle() {
        throw new DomainException(name() + " cannot be throttled: its backend (" + getClass().getSimpleName()
                + ") has no CPU throttle");
    }
}
