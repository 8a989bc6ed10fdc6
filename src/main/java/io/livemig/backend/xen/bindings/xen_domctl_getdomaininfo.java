// Written by hand in jextract's shape from native-headers/ (jextract was not available here); native-headers/README.md lists where it departs from what jextract generates
package io.livemig.backend.xen.bindings;
import java.lang.invoke.*;
import java.lang.foreign.*;
import java.nio.ByteOrder;
import java.util.*;
import java.util.function.*;
import java.util.stream.*;

import static java.lang.foreign.ValueLayout.*;
import static java.lang.foreign.MemoryLayout.PathElement.*;
/**
 * {@snippet lang=c :
 * struct xen_domctl_getdomaininfo {
 *     domid_t domain;
 *     uint16_t pad1;
 *     uint32_t flags;
 *     uint64_aligned_t tot_pages;
 *     uint64_aligned_t max_pages;
 *     uint64_aligned_t outstanding_pages;
 *     uint64_aligned_t shr_pages;
 *     uint64_aligned_t paged_pages;
 *     uint64_aligned_t shared_info_frame;
 *     uint64_aligned_t cpu_time;
 *     uint32_t nr_online_vcpus;
 *     uint32_t max_vcpu_id;
 *     uint32_t ssidref;
 *     xen_domain_handle_t handle;
 *     uint32_t cpupool;
 *     uint8_t gpaddr_bits;
 *     uint8_t pad2[7];
 *     struct xen_arch_domainconfig arch_config;
 * }
 * }
 */
@SuppressWarnings("restricted")
public class xen_domctl_getdomaininfo {

    xen_domctl_getdomaininfo() {
        // Should not be called directly
    }

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
        xenctrl_h.C_SHORT.withName("domain"),
        xenctrl_h.C_SHORT.withName("pad1"),
        xenctrl_h.C_INT.withName("flags"),
        xenctrl_h.C_LONG.withName("tot_pages"),
        xenctrl_h.C_LONG.withName("max_pages"),
        xenctrl_h.C_LONG.withName("outstanding_pages"),
        xenctrl_h.C_LONG.withName("shr_pages"),
        xenctrl_h.C_LONG.withName("paged_pages"),
        xenctrl_h.C_LONG.withName("shared_info_frame"),
        xenctrl_h.C_LONG.withName("cpu_time"),
        xenctrl_h.C_INT.withName("nr_online_vcpus"),
        xenctrl_h.C_INT.withName("max_vcpu_id"),
        xenctrl_h.C_INT.withName("ssidref"),
        MemoryLayout.sequenceLayout(16, xenctrl_h.C_CHAR).withName("handle"),
        xenctrl_h.C_INT.withName("cpupool"),
        xenctrl_h.C_CHAR.withName("gpaddr_bits"),
        MemoryLayout.sequenceLayout(7, xenctrl_h.C_CHAR).withName("pad2"),
        xen_arch_domainconfig.layout().withName("arch_config")
    ).withName("xen_domctl_getdomaininfo");

    /**
     * The layout of this struct
     */
    public static final GroupLayout layout() {
        return $LAYOUT;
    }

    private static final OfShort domain$LAYOUT = (OfShort)$LAYOUT.select(groupElement("domain"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * domid_t domain
     * }
     */
    public static final OfShort domain$layout() {
        return domain$LAYOUT;
    }

    private static final long domain$OFFSET = 0;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * domid_t domain
     * }
     */
    public static final long domain$offset() {
        return domain$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * domid_t domain
     * }
     */
    public static short domain(MemorySegment struct) {
        return struct.get(domain$LAYOUT, domain$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * domid_t domain
     * }
     */
    public static void domain(MemorySegment struct, short fieldValue) {
        struct.set(domain$LAYOUT, domain$OFFSET, fieldValue);
    }

    private static final OfShort pad1$LAYOUT = (OfShort)$LAYOUT.select(groupElement("pad1"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint16_t pad1
     * }
     */
    public static final OfShort pad1$layout() {
        return pad1$LAYOUT;
    }

    private static final long pad1$OFFSET = 2;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint16_t pad1
     * }
     */
    public static final long pad1$offset() {
        return pad1$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint16_t pad1
     * }
     */
    public static short pad1(MemorySegment struct) {
        return struct.get(pad1$LAYOUT, pad1$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint16_t pad1
     * }
     */
    public static void pad1(MemorySegment struct, short fieldValue) {
        struct.set(pad1$LAYOUT, pad1$OFFSET, fieldValue);
    }

    private static final OfInt flags$LAYOUT = (OfInt)$LAYOUT.select(groupElement("flags"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t flags
     * }
     */
    public static final OfInt flags$layout() {
        return flags$LAYOUT;
    }

    private static final long flags$OFFSET = 4;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t flags
     * }
     */
    public static final long flags$offset() {
        return flags$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t flags
     * }
     */
    public static int flags(MemorySegment struct) {
        return struct.get(flags$LAYOUT, flags$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t flags
     * }
     */
    public static void flags(MemorySegment struct, int fieldValue) {
        struct.set(flags$LAYOUT, flags$OFFSET, fieldValue);
    }

    private static final OfLong tot_pages$LAYOUT = (OfLong)$LAYOUT.select(groupElement("tot_pages"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint64_aligned_t tot_pages
     * }
     */
    public static final OfLong tot_pages$layout() {
        return tot_pages$LAYOUT;
    }

    private static final long tot_pages$OFFSET = 8;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint64_aligned_t tot_pages
     * }
     */
    public static final long tot_pages$offset() {
        return tot_pages$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint64_aligned_t tot_pages
     * }
     */
    public static long tot_pages(MemorySegment struct) {
        return struct.get(tot_pages$LAYOUT, tot_pages$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint64_aligned_t tot_pages
     * }
     */
    public static void tot_pages(MemorySegment struct, long fieldValue) {
        struct.set(tot_pages$LAYOUT, tot_pages$OFFSET, fieldValue);
    }

    private static final OfLong max_pages$LAYOUT = (OfLong)$LAYOUT.select(groupElement("max_pages"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint64_aligned_t max_pages
     * }
     */
    public static final OfLong max_pages$layout() {
        return max_pages$LAYOUT;
    }

    private static final long max_pages$OFFSET = 16;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint64_aligned_t max_pages
     * }
     */
    public static final long max_pages$offset() {
        return max_pages$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint64_aligned_t max_pages
     * }
     */
    public static long max_pages(MemorySegment struct) {
        return struct.get(max_pages$LAYOUT, max_pages$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint64_aligned_t max_pages
     * }
     */
    public static void max_pages(MemorySegment struct, long fieldValue) {
        struct.set(max_pages$LAYOUT, max_pages$OFFSET, fieldValue);
    }

    private static final OfLong outstanding_pages$LAYOUT = (OfLong)$LAYOUT.select(groupElement("outstanding_pages"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint64_aligned_t outstanding_pages
     * }
     */
    public static final OfLong outstanding_pages$layout() {
        return outstanding_pages$LAYOUT;
    }

    private static final long outstanding_pages$OFFSET = 24;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint64_aligned_t outstanding_pages
     * }
     */
    public static final long outstanding_pages$offset() {
        return outstanding_pages$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint64_aligned_t outstanding_pages
     * }
     */
    public static long outstanding_pages(MemorySegment struct) {
        return struct.get(outstanding_pages$LAYOUT, outstanding_pages$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint64_aligned_t outstanding_pages
     * }
     */
    public static void outstanding_pages(MemorySegment struct, long fieldValue) {
        struct.set(outstanding_pages$LAYOUT, outstanding_pages$OFFSET, fieldValue);
    }

    private static final OfLong shr_pages$LAYOUT = (OfLong)$LAYOUT.select(groupElement("shr_pages"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint64_aligned_t shr_pages
     * }
     */
    public static final OfLong shr_pages$layout() {
        return shr_pages$LAYOUT;
    }

    private static final long shr_pages$OFFSET = 32;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint64_aligned_t shr_pages
     * }
     */
    public static final long shr_pages$offset() {
        return shr_pages$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint64_aligned_t shr_pages
     * }
     */
    public static long shr_pages(MemorySegment struct) {
        return struct.get(shr_pages$LAYOUT, shr_pages$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint64_aligned_t shr_pages
     * }
     */
    public static void shr_pages(MemorySegment struct, long fieldValue) {
        struct.set(shr_pages$LAYOUT, shr_pages$OFFSET, fieldValue);
    }

    private static final OfLong paged_pages$LAYOUT = (OfLong)$LAYOUT.select(groupElement("paged_pages"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint64_aligned_t paged_pages
     * }
     */
    public static final OfLong paged_pages$layout() {
        return paged_pages$LAYOUT;
    }

    private static final long paged_pages$OFFSET = 40;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint64_aligned_t paged_pages
     * }
     */
    public static final long paged_pages$offset() {
        return paged_pages$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint64_aligned_t paged_pages
     * }
     */
    public static long paged_pages(MemorySegment struct) {
        return struct.get(paged_pages$LAYOUT, paged_pages$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint64_aligned_t paged_pages
     * }
     */
    public static void paged_pages(MemorySegment struct, long fieldValue) {
        struct.set(paged_pages$LAYOUT, paged_pages$OFFSET, fieldValue);
    }

    private static final OfLong shared_info_frame$LAYOUT = (OfLong)$LAYOUT.select(groupElement("shared_info_frame"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint64_aligned_t shared_info_frame
     * }
     */
    public static final OfLong shared_info_frame$layout() {
        return shared_info_frame$LAYOUT;
    }

    private static final long shared_info_frame$OFFSET = 48;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint64_aligned_t shared_info_frame
     * }
     */
    public static final long shared_info_frame$offset() {
        return shared_info_frame$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint64_aligned_t shared_info_frame
     * }
     */
    public static long shared_info_frame(MemorySegment struct) {
        return struct.get(shared_info_frame$LAYOUT, shared_info_frame$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint64_aligned_t shared_info_frame
     * }
     */
    public static void shared_info_frame(MemorySegment struct, long fieldValue) {
        struct.set(shared_info_frame$LAYOUT, shared_info_frame$OFFSET, fieldValue);
    }

    private static final OfLong cpu_time$LAYOUT = (OfLong)$LAYOUT.select(groupElement("cpu_time"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint64_aligned_t cpu_time
     * }
     */
    public static final OfLong cpu_time$layout() {
        return cpu_time$LAYOUT;
    }

    private static final long cpu_time$OFFSET = 56;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint64_aligned_t cpu_time
     * }
     */
    public static final long cpu_time$offset() {
        return cpu_time$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint64_aligned_t cpu_time
     * }
     */
    public static long cpu_time(MemorySegment struct) {
        return struct.get(cpu_time$LAYOUT, cpu_time$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint64_aligned_t cpu_time
     * }
     */
    public static void cpu_time(MemorySegment struct, long fieldValue) {
        struct.set(cpu_time$LAYOUT, cpu_time$OFFSET, fieldValue);
    }

    private static final OfInt nr_online_vcpus$LAYOUT = (OfInt)$LAYOUT.select(groupElement("nr_online_vcpus"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t nr_online_vcpus
     * }
     */
    public static final OfInt nr_online_vcpus$layout() {
        return nr_online_vcpus$LAYOUT;
    }

    private static final long nr_online_vcpus$OFFSET = 64;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t nr_online_vcpus
     * }
     */
    public static final long nr_online_vcpus$offset() {
        return nr_online_vcpus$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t nr_online_vcpus
     * }
     */
    public static int nr_online_vcpus(MemorySegment struct) {
        return struct.get(nr_online_vcpus$LAYOUT, nr_online_vcpus$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t nr_online_vcpus
     * }
     */
    public static void nr_online_vcpus(MemorySegment struct, int fieldValue) {
        struct.set(nr_online_vcpus$LAYOUT, nr_online_vcpus$OFFSET, fieldValue);
    }

    private static final OfInt max_vcpu_id$LAYOUT = (OfInt)$LAYOUT.select(groupElement("max_vcpu_id"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t max_vcpu_id
     * }
     */
    public static final OfInt max_vcpu_id$layout() {
        return max_vcpu_id$LAYOUT;
    }

    private static final long max_vcpu_id$OFFSET = 68;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t max_vcpu_id
     * }
     */
    public static final long max_vcpu_id$offset() {
        return max_vcpu_id$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t max_vcpu_id
     * }
     */
    public static int max_vcpu_id(MemorySegment struct) {
        return struct.get(max_vcpu_id$LAYOUT, max_vcpu_id$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t max_vcpu_id
     * }
     */
    public static void max_vcpu_id(MemorySegment struct, int fieldValue) {
        struct.set(max_vcpu_id$LAYOUT, max_vcpu_id$OFFSET, fieldValue);
    }

    private static final OfInt ssidref$LAYOUT = (OfInt)$LAYOUT.select(groupElement("ssidref"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t ssidref
     * }
     */
    public static final OfInt ssidref$layout() {
        return ssidref$LAYOUT;
    }

    private static final long ssidref$OFFSET = 72;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t ssidref
     * }
     */
    public static final long ssidref$offset() {
        return ssidref$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t ssidref
     * }
     */
    public static int ssidref(MemorySegment struct) {
        return struct.get(ssidref$LAYOUT, ssidref$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t ssidref
     * }
     */
    public static void ssidref(MemorySegment struct, int fieldValue) {
        struct.set(ssidref$LAYOUT, ssidref$OFFSET, fieldValue);
    }

    private static final SequenceLayout handle$LAYOUT = (SequenceLayout)$LAYOUT.select(groupElement("handle"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * xen_domain_handle_t handle
     * }
     */
    public static final SequenceLayout handle$layout() {
        return handle$LAYOUT;
    }

    private static final long handle$OFFSET = 76;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * xen_domain_handle_t handle
     * }
     */
    public static final long handle$offset() {
        return handle$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * xen_domain_handle_t handle
     * }
     */
    public static MemorySegment handle(MemorySegment struct) {
        return struct.asSlice(handle$OFFSET, handle$LAYOUT.byteSize());
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * xen_domain_handle_t handle
     * }
     */
    public static void handle(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, handle$OFFSET, handle$LAYOUT.byteSize());
    }

    private static long[] handle$DIMS = { 16 };

    /**
     * Dimensions for array field:
     * {@snippet lang=c :
     * xen_domain_handle_t handle
     * }
     */
    public static long[] handle$dimensions() {
        return handle$DIMS;
    }
    private static final VarHandle handle$ELEM_HANDLE = $LAYOUT.varHandle(groupElement("handle"), sequenceElement());

    /**
     * Indexed getter for field:
     * {@snippet lang=c :
     * xen_domain_handle_t handle
     * }
     */
    public static byte handle(MemorySegment struct, long index0) {
        return (byte)handle$ELEM_HANDLE.get(struct, 0L, index0);
    }

    /**
     * Indexed setter for field:
     * {@snippet lang=c :
     * xen_domain_handle_t handle
     * }
     */
    public static void handle(MemorySegment struct, long index0, byte fieldValue) {
        handle$ELEM_HANDLE.set(struct, 0L, index0, fieldValue);
    }

    private static final OfInt cpupool$LAYOUT = (OfInt)$LAYOUT.select(groupElement("cpupool"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint32_t cpupool
     * }
     */
    public static final OfInt cpupool$layout() {
        return cpupool$LAYOUT;
    }

    private static final long cpupool$OFFSET = 92;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint32_t cpupool
     * }
     */
    public static final long cpupool$offset() {
        return cpupool$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint32_t cpupool
     * }
     */
    public static int cpupool(MemorySegment struct) {
        return struct.get(cpupool$LAYOUT, cpupool$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint32_t cpupool
     * }
     */
    public static void cpupool(MemorySegment struct, int fieldValue) {
        struct.set(cpupool$LAYOUT, cpupool$OFFSET, fieldValue);
    }

    private static final OfByte gpaddr_bits$LAYOUT = (OfByte)$LAYOUT.select(groupElement("gpaddr_bits"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint8_t gpaddr_bits
     * }
     */
    public static final OfByte gpaddr_bits$layout() {
        return gpaddr_bits$LAYOUT;
    }

    private static final long gpaddr_bits$OFFSET = 96;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint8_t gpaddr_bits
     * }
     */
    public static final long gpaddr_bits$offset() {
        return gpaddr_bits$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint8_t gpaddr_bits
     * }
     */
    public static byte gpaddr_bits(MemorySegment struct) {
        return struct.get(gpaddr_bits$LAYOUT, gpaddr_bits$OFFSET);
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint8_t gpaddr_bits
     * }
     */
    public static void gpaddr_bits(MemorySegment struct, byte fieldValue) {
        struct.set(gpaddr_bits$LAYOUT, gpaddr_bits$OFFSET, fieldValue);
    }

    private static final SequenceLayout pad2$LAYOUT = (SequenceLayout)$LAYOUT.select(groupElement("pad2"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * uint8_t pad2[7]
     * }
     */
    public static final SequenceLayout pad2$layout() {
        return pad2$LAYOUT;
    }

    private static final long pad2$OFFSET = 97;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * uint8_t pad2[7]
     * }
     */
    public static final long pad2$offset() {
        return pad2$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * uint8_t pad2[7]
     * }
     */
    public static MemorySegment pad2(MemorySegment struct) {
        return struct.asSlice(pad2$OFFSET, pad2$LAYOUT.byteSize());
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * uint8_t pad2[7]
     * }
     */
    public static void pad2(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, pad2$OFFSET, pad2$LAYOUT.byteSize());
    }

    private static long[] pad2$DIMS = { 7 };

    /**
     * Dimensions for array field:
     * {@snippet lang=c :
     * uint8_t pad2[7]
     * }
     */
    public static long[] pad2$dimensions() {
        return pad2$DIMS;
    }
    private static final VarHandle pad2$ELEM_HANDLE = $LAYOUT.varHandle(groupElement("pad2"), sequenceElement());

    /**
     * Indexed getter for field:
     * {@snippet lang=c :
     * uint8_t pad2[7]
     * }
     */
    public static byte pad2(MemorySegment struct, long index0) {
        return (byte)pad2$ELEM_HANDLE.get(struct, 0L, index0);
    }

    /**
     * Indexed setter for field:
     * {@snippet lang=c :
     * uint8_t pad2[7]
     * }
     */
    public static void pad2(MemorySegment struct, long index0, byte fieldValue) {
        pad2$ELEM_HANDLE.set(struct, 0L, index0, fieldValue);
    }

    private static final GroupLayout arch_config$LAYOUT = (GroupLayout)$LAYOUT.select(groupElement("arch_config"));

    /**
     * Layout for field:
     * {@snippet lang=c :
     * struct xen_arch_domainconfig arch_config
     * }
     */
    public static final GroupLayout arch_config$layout() {
        return arch_config$LAYOUT;
    }

    private static final long arch_config$OFFSET = 104;

    /**
     * Offset for field:
     * {@snippet lang=c :
     * struct xen_arch_domainconfig arch_config
     * }
     */
    public static final long arch_config$offset() {
        return arch_config$OFFSET;
    }

    /**
     * Getter for field:
     * {@snippet lang=c :
     * struct xen_arch_domainconfig arch_config
     * }
     */
    public static MemorySegment arch_config(MemorySegment struct) {
        return struct.asSlice(arch_config$OFFSET, arch_config$LAYOUT.byteSize());
    }

    /**
     * Setter for field:
     * {@snippet lang=c :
     * struct xen_arch_domainconfig arch_config
     * }
     */
    public static void arch_config(MemorySegment struct, MemorySegment fieldValue) {
        MemorySegment.copy(fieldValue, 0L, struct, arch_config$OFFSET, arch_config$LAYOUT.byteSize());
    }

    /**
     * Obtains a slice of {@code arrayParam} which selects the array element at {@code index}.
     * The returned segment has address {@code arrayParam.address() + index * layout().byteSize()}
     */
    public static MemorySegment asSlice(MemorySegment array, long index) {
        return array.asSlice(layout().byteSize() * index);
    }

    /**
     * The size (in bytes) of this struct
     */
    public static long sizeof() { return layout().byteSize(); }

    /**
     * Allocate a segment of size {@code layout().byteSize()} using {@code allocator}
     */
    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate(layout());
    }

    /**
     * Allocate an array of size {@code elementCount} using {@code allocator}.
     * The returned segment has size {@code elementCount * layout().byteSize()}.
     */
    public static MemorySegment allocateArray(long elementCount, SegmentAllocator allocator) {
        return allocator.allocate(MemoryLayout.sequenceLayout(elementCount, layout()));
    }

    /**
     * Reinterprets {@code addr} using target {@code arena} and {@code cleanupAction} (if any).
     * The returned segment has size {@code layout().byteSize()}
     */
    public static MemorySegment reinterpret(MemorySegment addr, Arena arena, Consumer<MemorySegment> cleanup) {
        return reinterpret(addr, 1, arena, cleanup);
    }

    /**
     * Reinterprets {@code addr} using target {@code arena} and {@code cleanupAction} (if any).
     * The returned segment has size {@code elementCount * layout().byteSize()}
     */
    public static MemorySegment reinterpret(MemorySegment addr, long elementCount, Arena arena, Consumer<MemorySegment> cleanup) {
        return addr.reinterpret(layout().byteSize() * elementCount, arena, cleanup);
    }
}
