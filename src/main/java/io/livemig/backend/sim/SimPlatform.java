package io.livemig.backend.sim;

import io.livemig.stream.DeviceState;
import io.livemig.stream.HvmContext;
import io.livemig.stream.HvmParam;
import io.livemig.stream.StaticState;
import io.livemig.stream.TscInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The platform state a simulated x86 HVM domain reports: the CPU policy records sent before the
 * pages, and the device state sent after them, shaped like what Xen 4.17 produces.
 */
final class SimPlatform {
    private SimPlatform() {
    }

    public static final int TSC_KHZ = 2_400_000;
    /** CPUID.1:EAX of the simulated host (family 6, model 0x8E, stepping 0xC). */
    public static final int HOST_CPUID_1_EAX = 0x000806EC;
    /** sizeof(struct hvm_hw_cpu) in Xen 4.17, with the 16 bytes of non-register state. */
    public static final int HVM_CPU_SIZE = 1048;
    /** Xen's XEN_CPUID_NO_SUBLEAF: the leaf has no subleaves. */
    private static final int NO_SUBLEAF = 0xFFFFFFFF;

    // Xen's special pages sit just below a fixed top (special_pfn(x) = top - 1 - x); the sim uses its last pfns
    private static final int SPECIALPAGE_BUFIOREQ = 3;
    private static final int SPECIALPAGE_XENSTORE = 4;
    private static final int SPECIALPAGE_IOREQ = 5;
    private static final int SPECIALPAGE_IDENT_PT = 6;
    private static final int SPECIALPAGE_CONSOLE = 7;

    /** A small CPUID policy (an Intel host, {leaf, subleaf, eax, ebx, ecx, edx}) and MSR policy ({index, flags 0, value}). */
    static StaticState staticState() {
        int[][] leaves = {
                {0x0, NO_SUBLEAF, 0x0000000D, 0x756E6547, 0x6C65746E, 0x49656E69}, // max leaf, "GenuineIntel"
                {0x1, NO_SUBLEAF, HOST_CPUID_1_EAX, 0x00020800, 0xF7FA3223, 0x178BFBFF},
                {0x7, 0, 0x00000000, 0x009C27AB, 0x00000000, 0xBC000400},
                {0xD, 0, 0x00000007, 0x00000340, 0x00000340, 0x00000000},
                {0xD, 1, 0x0000000F, 0x00000000, 0x00000000, 0x00000000},
                {0x80000000, NO_SUBLEAF, 0x80000008, 0x00000000, 0x00000000, 0x00000000},
                {0x80000001, NO_SUBLEAF, 0x00000000, 0x00000000, 0x00000121, 0x2C100800},
                {0x80000008, NO_SUBLEAF, 0x00003027, 0x00000000, 0x00000000, 0x00000000},
        };
        ByteBuffer cpuid = ByteBuffer.allocate(leaves.length * StaticState.CPUID_ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (int[] leaf : leaves) {
            for (int v : leaf) {
                cpuid.putInt(v);
            }
        }
        long[][] msrs = {
                {0x000000CE, 0x0000000000000000L}, // MSR_INTEL_PLATFORM_INFO
                {0x0000010A, 0x000000000000002BL}, // MSR_ARCH_CAPABILITIES
        };
        ByteBuffer msr = ByteBuffer.allocate(msrs.length * StaticState.MSR_ENTRY_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (long[] m : msrs) {
            msr.putInt((int) m[0]).putInt(0).putLong(m[1]);
        }
        return new StaticState(cpuid.array(), msr.array());
    }

    /**
     * TSC info (mode 0, {@link #TSC_KHZ}, {@code elapsedNanos}, incarnation 0), the HVM context
     * (HEADER, one CPU record per vCPU, END) and the HVM params Xen sends, in Xen's order.
     */
    static DeviceState deviceState(long seed, int vcpus, long pageCount, long elapsedNanos) {
        TscInfo tsc = new TscInfo(0, TSC_KHZ, elapsedNanos, 0);
        List<HvmContext.Entry> entries = new ArrayList<>(vcpus);
        for (int v = 0; v < vcpus; v++) {
            entries.add(new HvmContext.Entry(HvmContext.TYPE_CPU, v, cpuRecord(seed, v, pageCount)));
        }
        byte[] context = HvmContext.build(0, HOST_CPUID_1_EAX, TSC_KHZ, entries);
        long top = pageCount - 1;
        List<HvmParam> params = List.of(
                new HvmParam(HvmParam.STORE_PFN, top - SPECIALPAGE_XENSTORE),
                new HvmParam(HvmParam.IOREQ_PFN, top - SPECIALPAGE_IOREQ),
                new HvmParam(HvmParam.BUFIOREQ_PFN, top - SPECIALPAGE_BUFIOREQ),
                new HvmParam(HvmParam.CONSOLE_PFN, top - SPECIALPAGE_CONSOLE),
                // IDENT_PT holds a guest physical address, not a pfn
                new HvmParam(HvmParam.IDENT_PT, (top - SPECIALPAGE_IDENT_PT) << GuestMemory.PAGE_SHIFT));
        return new DeviceState(tsc, context, params);
    }

    /**
     * A struct hvm_hw_cpu of a 64-bit guest kernel: FXSAVE area with the reset FCW and MXCSR,
     * general registers derived from (seed, vCPU), long-mode control registers and segments.
     */
    static byte[] cpuRecord(long seed, int vcpu, long pageCount) {
        ByteBuffer b = ByteBuffer.allocate(HVM_CPU_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort(0, (short) 0x037F);         // FCW
        b.putInt(24, 0x1F80);                  // MXCSR
        b.putInt(28, 0xFFFF);                  // MXCSR_MASK
        long r = WriteSequence.mix(seed ^ WriteSequence.mix(0x1000L + vcpu));
        for (int i = 0; i < 16; i++) {         // rax .. r15 at 512
            r = WriteSequence.mix(r + i);
            b.putLong(512 + 8 * i, r);
        }
        b.putLong(568, 0xFFFFC90000000000L + ((long) vcpu << 14) + 0x3F00); // rsp: a kernel stack
        b.putLong(640, 0xFFFFFFFF81000000L + ((r >>> 40) & 0xFFFFF0));       // rip in kernel text
        b.putLong(648, 0x246);                 // rflags: IF ZF PF
        b.putLong(656, 0x80050033L);           // cr0: PG AM WP NE ET MP PE
        b.putLong(672, ((pageCount / 2) & ~0x1FFL) << GuestMemory.PAGE_SHIFT); // cr3: page tables mid-memory
        b.putLong(680, 0x003506F0L);           // cr4
        b.putLong(720, 0xFFFF0FF0L);           // dr6
        b.putLong(728, 0x400L);                // dr7
        b.putInt(736, 0x10);                   // cs_sel
        b.putInt(740, 0x18);                   // ds_sel
        b.putInt(744, 0x18);                   // es_sel
        b.putInt(756, 0x18);                   // ss_sel
        b.putInt(760, 0x40);                   // tr_sel
        for (int i = 0; i < 6; i++) {
            b.putInt(768 + 4 * i, 0xFFFFFFFF); // cs..ss limits
        }
        b.putInt(792, 0x206F);                 // tr_limit
        b.putInt(800, 0xFFF);                  // idtr_limit
        b.putInt(804, 0x7F);                   // gdtr_limit
        b.putLong(840, 0xFFFF888000000000L + ((long) vcpu << 21)); // gs_base: per-CPU area
        b.putLong(856, 0xFFFFFE0000003000L + ((long) vcpu << 16)); // tr_base
        b.putLong(872, 0xFFFFFE0000000000L);   // idtr_base
        b.putLong(880, 0xFFFFFE0000001000L + ((long) vcpu << 16)); // gdtr_base
        b.putInt(888, 0xA09B);                 // cs_arbytes: 64-bit code
        b.putInt(892, 0xC093);                 // ds_arbytes
        b.putInt(896, 0xC093);                 // es_arbytes
        b.putInt(908, 0xC093);                 // ss_arbytes
        b.putInt(912, 0x008B);                 // tr_arbytes: busy TSS
        b.putInt(916, 0x10000);                // ldtr_arbytes: unusable
        b.putLong(960, 0xFFFFFFFF81C00080L);   // msr_lstar
        b.putLong(968, 0x0023001000000000L);   // msr_star
        b.putLong(984, 0x47700L);              // msr_syscall_mask
        b.putLong(992, 0xD01L);                // msr_efer: SCE LME LMA NXE
        b.putLong(1000, vcpu);                 // msr_tsc_aux
        b.putLong(1008, (r >>> 24) * 1000);    // tsc
        b.putInt(1024, 1);                     // flags: XEN_X86_FPU_INITIALISED
        return b.array();
    }
}
