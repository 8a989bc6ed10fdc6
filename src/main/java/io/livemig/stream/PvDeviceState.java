package io.livemig.stream;

import java.util.List;
import java.util.Objects;

/**
 * The records an x86 PV save sends after its last page pass, in the order of Xen's
 * x86_pv_end_of_checkpoint: X86_TSC_INFO, SHARED_INFO, then for each online vCPU its BASIC record
 * and, where the hypervisor has that state, EXTENDED, XSAVE and MSRS.
 *
 * @param tsc        the TSC info
 * @param sharedInfo the shared info page, {@link StreamFormat#PAGE_SIZE} bytes; not copied
 * @param vcpus      the vCPU records in stream order
 */
public record PvDeviceState(TscInfo tsc, byte[] sharedInfo, List<PvVcpuContext> vcpus) {
    /**
     * Checks the shared info's size and copies the vCPU list.
     *
     * @param tsc        the TSC info
     * @param sharedInfo the shared info page, {@link StreamFormat#PAGE_SIZE} bytes; not copied
     * @param vcpus      the vCPU records in stream order
     * @throws IllegalArgumentException when {@code sharedInfo} is not one page long
     */
    public PvDeviceState {
        Objects.requireNonNull(tsc, "tsc");
        Objects.requireNonNull(sharedInfo, "sharedInfo");
        if (sharedInfo.length != StreamFormat.PAGE_SIZE) {
            throw new IllegalArgumentException("shared info of " + sharedInfo.length + " bytes, expected one page");
        }
        vcpus = List.copyOf(vcpus);
    }
}
