package io.livemig.backend;

import io.livemig.stream.DeviceState;
import io.livemig.stream.StaticState;

/**
 * What a domain must provide to be restored into. The restore calls it from one thread:
 * static state, pages, device state at END, then {@link #markComplete()} only when the whole
 * stream was read and checked.
 */
public interface DestinationDomain {

    /**
     * A name for logs and errors.
     *
     * @return the domain's name
     */
    String name();

    /**
     * Pfns of a stream must be below this; a larger one is an error in the stream.
     *
     * @return the number of pfns the domain can hold (an exclusive bound)
     */
    long pfnLimit();

    /**
     * Opens the sink that page data is written into (and read back from for VERIFY). The restore
     * opens one before the first record and closes it after the last.
     *
     * @param maxBatch the most pfns one call of the sink is given
     * @return a sink for batches of at most {@code maxBatch} pfns
     */
    PageSink openPageSink(int maxBatch);

    /**
     * Applies the records sent before STATIC_DATA_END (the CPU policies), once, when the static
     * data ends.
     *
     * @param state the CPUID and MSR policies the stream carried
     * @throws DomainException when the domain rejects it; the restore then fails
     */
    void applyStaticState(StaticState state);

    /**
     * Applies an x86 HVM domain's device state (TSC info, HVM context, HVM params) at END.
     *
     * @param state the device state records the stream carried
     * @throws DomainException when the domain rejects it; the restore then fails
     */
    void applyDeviceState(DeviceState state);

    /** The stream ended well and everything was applied. */
    void markComplete();

    /**
     * Whether {@link #markComplete()} was called.
     *
     * @return true once the whole stream was read, checked and applied
     */
    boolean isComplete();
}
