package io.livemig.stream;

import java.util.List;
import java.util.Objects;

/**
 * The device state records sent after the last page pass of an x86 HVM save: X86_TSC_INFO,
 * HVM_CONTEXT and HVM_PARAMS (Xen omits HVM_PARAMS when it would be empty).
 *
 * @param tsc        the TSC info, never null
 * @param hvmContext the hypervisor's HVM save blob ({@link HvmContext}), non-empty
 * @param hvmParams  HVM params, possibly empty; the writer sends those whose value is not zero, as Xen does
 */
public record DeviceState(TscInfo tsc, byte[] hvmContext, List<HvmParam> hvmParams) {
    /**
     * Checks the state and copies {@code hvmParams}.
     *
     * @throws IllegalArgumentException when {@code hvmContext} is empty
     */
    public DeviceState {
        Objects.requireNonNull(tsc, "tsc");
        Objects.requireNonNull(hvmContext, "hvmContext");
        if (hvmContext.length == 0) {
            throw new IllegalArgumentException("HVM context must not be empty");
        }
        hvmParams = List.copyOf(hvmParams);
    }
}
