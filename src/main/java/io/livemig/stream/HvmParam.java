package io.livemig.stream;

/** One {@code {u64 index, u64 value}} entry of an HVM_PARAMS record. */
public record HvmParam(long index, long value) {
    /** A few HVM_PARAM_* indices (xen/include/public/hvm/params.h) that Xen's save path sends. */
    public static final int STORE_PFN = 1;
    public static final int IOREQ_PFN = 5;
    public static final int BUFIOREQ_PFN = 6;
    public static final int IDENT_PT = 12;
    public static final int CONSOLE_PFN = 17;
}
