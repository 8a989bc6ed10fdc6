package io.livemig.stream;

import java.util.List;

/**
 * One {@code {u64 index, u64 value}} entry of an HVM_PARAMS record.
 *
 * @param index the param's HVM_PARAM_* index
 * @param value the param's value
 */
public record HvmParam(long index, long value) {
    // HVM_PARAM_* indices (xen/include/public/hvm/params.h) of the params Xen's save path sends.
    public static final int STORE_PFN = 1;
    public static final int IOREQ_PFN = 5;
    public static final int BUFIOREQ_PFN = 6;
    public static final int VIRIDIAN = 9;
    public static final int IDENT_PT = 12;
    public static final int CONSOLE_PFN = 17;
    public static final int ACPI_IOPORTS_LOCATION = 19;
    public static final int PAGING_RING_PFN = 27;
    public static final int MONITOR_RING_PFN = 28;
    public static final int SHARING_RING_PFN = 29;
    public static final int IOREQ_SERVER_PFN = 32;
    public static final int NR_IOREQ_SERVER_PAGES = 33;
    public static final int VM_GENERATION_ID_ADDR = 34;
    public static final int X87_FIP_WIDTH = 36;
    public static final int VM86_TSS_SIZED = 37;
    public static final int MCA_CAP = 38;

    /**
     * The params Xen 4.17 reads for HVM_PARAMS, in the order it writes them (params[] of
     * write_hvm_params in tools/libs/guest/xg_sr_save_x86_hvm.c); it sends those that are not zero.
     */
    public static final List<Integer> SAVED_BY_XEN = List.of(STORE_PFN, IOREQ_PFN, BUFIOREQ_PFN, PAGING_RING_PFN,
            MONITOR_RING_PFN, SHARING_RING_PFN, VM86_TSS_SIZED, CONSOLE_PFN, ACPI_IOPORTS_LOCATION, VIRIDIAN,
            IDENT_PT, VM_GENERATION_ID_ADDR, IOREQ_SERVER_PFN, NR_IOREQ_SERVER_PAGES, X87_FIP_WIDTH, MCA_CAP);
}
