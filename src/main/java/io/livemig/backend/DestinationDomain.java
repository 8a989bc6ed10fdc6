package io.livemig.backend;

import io.livemig.stream.DeviceState;
import io.livemig.stream.StaticState;

/**
 * What a domain must provide to be restored into. The restore calls it from one thread:
 * static state, pages, device state at END, then {@link #markComplete()} only when the whole
 * stream was read and checked.
 */
public interface DestinationDomain {

    String name();

    /** Pfns of a stream must be below this; a larger one is an error in the stream. */
    long pfnLimit();

    PageSink openPageSink(int maxBatch);

    void applyStaticState(StaticState state);

    void applyDeviceState(DeviceState state);

    /** The stream ended well and everything was applied. */
    void markComplete();

    boolean isComplete();
}
