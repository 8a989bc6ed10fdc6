package io.livemig.backend;

import io.livemig.stream.P2mFrameList;
import io.livemig.stream.PvDeviceState;

/**
 * What an x86 PV guest provides beyond {@link SourceDomain}: the parts of Xen's x86 PV save ops
 * (tools/libs/guest/xg_sr_save_x86_pv.c) that an HVM guest has no use for. A domain whose
 * {@link #type()} is x86 PV implements this; the engine then asks it, instead of
 * {@link #deviceState()}, for {@link #pvDeviceState()}.
 *
 * <p>Its {@link #staticState()} carries the X86_PV_INFO; its page mapper hands out page tables
 * with every machine frame number turned into a pfn (normalise_pagetable), and reports a page
 * table it cannot normalise while the guest runs as {@link PageMapper#DEFERRED}.
 */
public interface PvSourceDomain extends SourceDomain {

    /**
     * The frames of the guest's p2m, for X86_PV_P2M_FRAMES (start_of_stream).
     *
     * @return the p2m frame list to send
     */
    P2mFrameList p2mFrames();

    /**
     * Xen's check_vm_state, called before the first page pass and after every pass: during a live
     * save, fails when the guest changed the layout of its p2m since the last call (its
     * p2m_generation moved), because pages already sent may then belong to other pfns.
     *
     * @param live whether the save is live (a non-live save does not check)
     * @throws DomainException when the p2m changed
     */
    void checkVmState(boolean live);

    /**
     * TSC info, shared info and vCPU records of the suspended domain (end_of_checkpoint).
     *
     * @return the device state records to send after the last page pass
     */
    PvDeviceState pvDeviceState();
}
