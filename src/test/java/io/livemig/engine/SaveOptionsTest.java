package io.livemig.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.livemig.stream.StreamFormat;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The builder's bounds: what it takes at each end, and the first value past it that it refuses. */
class SaveOptionsTest {

    @Test
    void aBatchIsOneTo1024Pfns() {
        assertEquals(1024, StreamFormat.MAX_BATCH_SIZE);
        assertEquals(1, SaveOptions.builder().batchSize(1).build().batchSize());
        assertEquals(1024, SaveOptions.builder().batchSize(1024).build().batchSize());
        assertThrows(IllegalArgumentException.class, () -> SaveOptions.builder().batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> SaveOptions.builder().batchSize(1025));
    }

    @Test
    void aBandwidthLimitOf0IsNoneAndANegativeOneIsRefused() {
        SaveOptions none = SaveOptions.builder().maxBandwidth(5).maxBandwidth(0).maxBandwidthSuspended(5).maxBandwidthSuspended(0).build();
        assertEquals(0, none.maxBandwidth());
        assertEquals(0, none.maxBandwidthSuspended());
        SaveOptions limited = SaveOptions.builder().maxBandwidth(1).maxBandwidthSuspended(2).build();
        assertEquals(1, limited.maxBandwidth());
        assertEquals(2, limited.maxBandwidthSuspended());
        assertThrows(IllegalArgumentException.class, () -> SaveOptions.builder().maxBandwidth(-1));
        assertThrows(IllegalArgumentException.class, () -> SaveOptions.builder().maxBandwidthSuspended(-1));
    }

    @Test
    void theBandwidthWindowIsMoreThanZero() {
        assertEquals(Duration.ofSeconds(1), SaveOptions.defaults().bandwidthWindow());
        assertEquals(Duration.ofNanos(1), SaveOptions.builder().bandwidthWindow(Duration.ofNanos(1)).build().bandwidthWindow());
        assertThrows(IllegalArgumentException.class, () -> SaveOptions.builder().bandwidthWindow(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> SaveOptions.builder().bandwidthWindow(Duration.ofNanos(-1)));
    }
}
