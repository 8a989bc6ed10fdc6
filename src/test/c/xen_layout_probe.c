/*
 * Layout probe for the Xen FFM bindings (io.livemig.backend.xen.bindings), compiled and run by
 * XenLayoutTest against the installed Xen 4.17 headers (Debian's libxen-dev):
 *
 *   gcc -std=gnu11 -Wall -Werror -I native-headers -o probe src/test/c/xen_layout_probe.c
 *
 * It prints one line per fact the bindings rely on; the test compares each with the Java side:
 *   struct NAME SIZE ALIGN          sizeof / _Alignof of a struct
 *   field NAME.FIELD OFFSET SIZE    offsetof / sizeof of each of its fields
 *   typedef NAME SIZE KIND          a scalar or array typedef
 *   constant NAME VALUE             a macro or enum constant, as a signed 64-bit value
 *   function NAME RET PARAMS        a function's return and parameter kinds: I int, J 64-bit
 *                                   integer, S short, B byte, Z bool, A pointer, V void, - none
 *   variable NAME KIND              a global variable
 *   errno VALUE NAME TEXT           an errno value, its name and strerror text
 *
 * Each FUNCTION line also asserts, at compile time, that the function has exactly the prototype
 * written there, so a signature that changed in the headers stops the build of the probe.
 * No library is linked: nothing here is called.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/mman.h>
#include <xenctrl.h>
#include <xenguest.h>
#include <xenforeignmemory.h>
#include <xenstore.h>
#include <xentoollog.h>
#include <xen/hvm/params.h>
#include "xc_get_pfn_type_batch.h"

#define KIND(T) _Generic((T){0}, \
    _Bool: "Z", char: "B", signed char: "B", unsigned char: "B", short: "S", unsigned short: "S", \
    int: "I", unsigned int: "I", long: "J", unsigned long: "J", long long: "J", unsigned long long: "J", \
    default: "A")

#define FE_1(m, x) m(x)
#define FE_2(m, x, ...) m(x) FE_1(m, __VA_ARGS__)
#define FE_3(m, x, ...) m(x) FE_2(m, __VA_ARGS__)
#define FE_4(m, x, ...) m(x) FE_3(m, __VA_ARGS__)
#define FE_5(m, x, ...) m(x) FE_4(m, __VA_ARGS__)
#define FE_6(m, x, ...) m(x) FE_5(m, __VA_ARGS__)
#define FE_7(m, x, ...) m(x) FE_6(m, __VA_ARGS__)
#define FE_8(m, x, ...) m(x) FE_7(m, __VA_ARGS__)
#define FE_PICK(_1, _2, _3, _4, _5, _6, _7, _8, NAME, ...) NAME
#define FOR_EACH(m, ...) FE_PICK(__VA_ARGS__, FE_8, FE_7, FE_6, FE_5, FE_4, FE_3, FE_2, FE_1)(m, __VA_ARGS__)
#define PUT_KIND(T) fputs(KIND(T), stdout);

#define SAME_TYPE(name, type) \
    _Static_assert(__builtin_types_compatible_p(__typeof__(&name), type), #name " does not have the prototype written in the probe")

#define FUNCTION(name, ret, ...) do { \
        SAME_TYPE(name, ret (*)(__VA_ARGS__)); \
        printf("function %s %s ", #name, KIND(ret)); FOR_EACH(PUT_KIND, __VA_ARGS__) putchar('\n'); \
    } while (0)
#define FUNCTION_VOID(name, ...) do { \
        SAME_TYPE(name, void (*)(__VA_ARGS__)); \
        printf("function %s V ", #name); FOR_EACH(PUT_KIND, __VA_ARGS__) putchar('\n'); \
    } while (0)
#define FUNCTION0(name, ret) do { \
        SAME_TYPE(name, ret (*)(void)); \
        printf("function %s %s -\n", #name, KIND(ret)); \
    } while (0)

#define STRUCT(s) printf("struct %s %zu %zu\n", #s, sizeof(struct s), _Alignof(struct s))
#define FIELD(s, f) printf("field %s.%s %zu %zu\n", #s, #f, offsetof(struct s, f), sizeof(((struct s *)0)->f))
#define TYPEDEF(t) printf("typedef %s %zu %s\n", #t, sizeof(t), KIND(t))
#define TYPEDEF_ARRAY(t, element) printf("typedef %s %zu [%zu]\n", #t, sizeof(t), sizeof(t) / sizeof(element))
#define TYPEDEF_STRUCT(t, s) do { \
        _Static_assert(__builtin_types_compatible_p(t, struct s), #t " is not struct " #s); \
        printf("typedef %s %zu struct:%s\n", #t, sizeof(t), #s); \
    } while (0)
#define CONSTANT(c) printf("constant %s %lld\n", #c, (long long)(c))
#define VARIABLE(v) printf("variable %s %s\n", #v, KIND(__typeof__(v)))
#define ERRNO(e) printf("errno %d %s %s\n", e, #e, strerror(e))

int main(void)
{
    STRUCT(xen_arch_domainconfig);
    FIELD(xen_arch_domainconfig, emulation_flags);
    FIELD(xen_arch_domainconfig, misc_flags);
    STRUCT(xen_domctl_getdomaininfo);
    FIELD(xen_domctl_getdomaininfo, domain);
    FIELD(xen_domctl_getdomaininfo, pad1);
    FIELD(xen_domctl_getdomaininfo, flags);
    FIELD(xen_domctl_getdomaininfo, tot_pages);
    FIELD(xen_domctl_getdomaininfo, max_pages);
    FIELD(xen_domctl_getdomaininfo, outstanding_pages);
    FIELD(xen_domctl_getdomaininfo, shr_pages);
    FIELD(xen_domctl_getdomaininfo, paged_pages);
    FIELD(xen_domctl_getdomaininfo, shared_info_frame);
    FIELD(xen_domctl_getdomaininfo, cpu_time);
    FIELD(xen_domctl_getdomaininfo, nr_online_vcpus);
    FIELD(xen_domctl_getdomaininfo, max_vcpu_id);
    FIELD(xen_domctl_getdomaininfo, ssidref);
    FIELD(xen_domctl_getdomaininfo, handle);
    FIELD(xen_domctl_getdomaininfo, cpupool);
    FIELD(xen_domctl_getdomaininfo, gpaddr_bits);
    FIELD(xen_domctl_getdomaininfo, pad2);
    FIELD(xen_domctl_getdomaininfo, arch_config);
    STRUCT(xc_hypercall_buffer);
    FIELD(xc_hypercall_buffer, hbuf);
    FIELD(xc_hypercall_buffer, param_shadow);
    FIELD(xc_hypercall_buffer, dir);
    FIELD(xc_hypercall_buffer, ubuf);
    FIELD(xc_hypercall_buffer, sz);
    STRUCT(xen_domctl_shadow_op_stats);
    FIELD(xen_domctl_shadow_op_stats, fault_count);
    FIELD(xen_domctl_shadow_op_stats, dirty_count);
    STRUCT(xen_cpuid_leaf);
    FIELD(xen_cpuid_leaf, leaf);
    FIELD(xen_cpuid_leaf, subleaf);
    FIELD(xen_cpuid_leaf, a);
    FIELD(xen_cpuid_leaf, b);
    FIELD(xen_cpuid_leaf, c);
    FIELD(xen_cpuid_leaf, d);
    STRUCT(xen_msr_entry);
    FIELD(xen_msr_entry, idx);
    FIELD(xen_msr_entry, flags);
    FIELD(xen_msr_entry, val);
    /* x86 PV save: vCPU context, shared info, the domctls of the vCPU records */
    STRUCT(cpu_user_regs);
    FIELD(cpu_user_regs, rdx);
    STRUCT(vcpu_guest_context);
    FIELD(vcpu_guest_context, user_regs);
    FIELD(vcpu_guest_context, gdt_frames);
    FIELD(vcpu_guest_context, gdt_ents);
    FIELD(vcpu_guest_context, ctrlreg);
    /* xc_vcpu_getcontext copies a vcpu_guest_context_any_t: the binding's buffer must be that big */
    _Static_assert(sizeof(vcpu_guest_context_any_t) == sizeof(struct vcpu_guest_context), "vcpu_guest_context_any_t is larger than the x86_64 context");
    STRUCT(arch_shared_info);
    FIELD(arch_shared_info, max_pfn);
    FIELD(arch_shared_info, pfn_to_mfn_frame_list_list);
    FIELD(arch_shared_info, nmi_reason);
    FIELD(arch_shared_info, p2m_cr3);
    FIELD(arch_shared_info, p2m_vaddr);
    FIELD(arch_shared_info, p2m_generation);
    STRUCT(shared_info);
    FIELD(shared_info, arch);
    STRUCT(xen_domctl);
    FIELD(xen_domctl, cmd);
    FIELD(xen_domctl, interface_version);
    FIELD(xen_domctl, domain);
    FIELD(xen_domctl, u);
    STRUCT(xen_domctl_getvcpuinfo);
    FIELD(xen_domctl_getvcpuinfo, vcpu);
    FIELD(xen_domctl_getvcpuinfo, online);
    FIELD(xen_domctl_getvcpuinfo, blocked);
    FIELD(xen_domctl_getvcpuinfo, running);
    FIELD(xen_domctl_getvcpuinfo, cpu_time);
    FIELD(xen_domctl_getvcpuinfo, cpu);
    STRUCT(xen_domctl_ext_vcpucontext);
    FIELD(xen_domctl_ext_vcpucontext, vcpu);
    FIELD(xen_domctl_ext_vcpucontext, size);
    STRUCT(xen_domctl_vcpuextstate);
    FIELD(xen_domctl_vcpuextstate, vcpu);
    FIELD(xen_domctl_vcpuextstate, xfeature_mask);
    FIELD(xen_domctl_vcpuextstate, size);
    FIELD(xen_domctl_vcpuextstate, buffer);
    STRUCT(xen_domctl_vcpu_msrs);
    FIELD(xen_domctl_vcpu_msrs, vcpu);
    FIELD(xen_domctl_vcpu_msrs, msr_count);
    FIELD(xen_domctl_vcpu_msrs, msrs);
    /* the scheduler caps of the CPU throttle (auto-converge), and the domain's cpupool */
    STRUCT(xen_domctl_sched_credit);
    FIELD(xen_domctl_sched_credit, weight);
    FIELD(xen_domctl_sched_credit, cap);
    STRUCT(xen_domctl_sched_credit2);
    FIELD(xen_domctl_sched_credit2, weight);
    FIELD(xen_domctl_sched_credit2, cap);
    STRUCT(xc_cpupoolinfo);
    FIELD(xc_cpupoolinfo, cpupool_id);
    FIELD(xc_cpupoolinfo, sched_id);
    FIELD(xc_cpupoolinfo, n_dom);
    FIELD(xc_cpupoolinfo, cpumap);

    TYPEDEF(domid_t);
    TYPEDEF(xen_pfn_t);
    TYPEDEF_ARRAY(xen_domain_handle_t, uint8_t);
    TYPEDEF(xs_transaction_t);
    TYPEDEF_STRUCT(xen_domctl_getdomaininfo_t, xen_domctl_getdomaininfo);
    TYPEDEF_STRUCT(xc_domaininfo_t, xen_domctl_getdomaininfo);
    TYPEDEF_STRUCT(xc_hypercall_buffer_t, xc_hypercall_buffer);
    TYPEDEF_STRUCT(xc_shadow_op_stats_t, xen_domctl_shadow_op_stats);
    TYPEDEF_STRUCT(xen_cpuid_leaf_t, xen_cpuid_leaf);
    TYPEDEF_STRUCT(xen_msr_entry_t, xen_msr_entry);
    TYPEDEF_STRUCT(xc_vcpuinfo_t, xen_domctl_getvcpuinfo);
    TYPEDEF_STRUCT(xc_cpupoolinfo_t, xc_cpupoolinfo);

    /* xenctrl_h */
    CONSTANT(XC_PAGE_SHIFT);
    CONSTANT(XC_PAGE_SIZE);
    CONSTANT(DOMID_FIRST_RESERVED);
    CONSTANT(XENVER_version);
    CONSTANT(SHUTDOWN_poweroff);
    CONSTANT(SHUTDOWN_reboot);
    CONSTANT(SHUTDOWN_suspend);
    CONSTANT(SHUTDOWN_crash);
    CONSTANT(SHUTDOWN_watchdog);
    CONSTANT(SHUTDOWN_soft_reset);
    CONSTANT(XEN_DOMINF_dying);
    CONSTANT(XEN_DOMINF_hvm_guest);
    CONSTANT(XEN_DOMINF_shutdown);
    CONSTANT(XEN_DOMINF_paused);
    CONSTANT(XEN_DOMINF_blocked);
    CONSTANT(XEN_DOMINF_running);
    CONSTANT(XEN_DOMINF_shutdownmask);
    CONSTANT(XEN_DOMINF_shutdownshift);
    CONSTANT(XEN_DOMCTL_SHADOW_OP_OFF);
    CONSTANT(XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY);
    CONSTANT(XEN_DOMCTL_SHADOW_OP_CLEAN);
    CONSTANT(XEN_DOMCTL_SHADOW_OP_PEEK);
    CONSTANT(XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL);
    CONSTANT(XEN_DOMCTL_PFINFO_LTAB_SHIFT);
    CONSTANT(XEN_DOMCTL_PFINFO_NOTAB);
    CONSTANT(XEN_DOMCTL_PFINFO_L1TAB);
    CONSTANT(XEN_DOMCTL_PFINFO_L2TAB);
    CONSTANT(XEN_DOMCTL_PFINFO_L3TAB);
    CONSTANT(XEN_DOMCTL_PFINFO_L4TAB);
    CONSTANT(XEN_DOMCTL_PFINFO_LTABTYPE_MASK);
    CONSTANT(XEN_DOMCTL_PFINFO_LPINTAB);
    CONSTANT(XEN_DOMCTL_PFINFO_XTAB);
    CONSTANT(XEN_DOMCTL_PFINFO_XALLOC);
    CONSTANT(XEN_DOMCTL_PFINFO_BROKEN);
    CONSTANT(DOMID_XEN);
    CONSTANT(XEN_X86_EMU_LAPIC);
    CONSTANT(XEN_DOMCTL_get_ext_vcpucontext);
    CONSTANT(XEN_DOMCTL_getvcpuextstate);
    CONSTANT(XEN_DOMCTL_get_vcpu_msrs);
    CONSTANT(XEN_DOMCTL_PFINFO_LTAB_MASK);
    CONSTANT(HVM_PARAM_CALLBACK_IRQ);
    CONSTANT(HVM_PARAM_STORE_PFN);
    CONSTANT(HVM_PARAM_IOREQ_PFN);
    CONSTANT(HVM_PARAM_BUFIOREQ_PFN);
    CONSTANT(HVM_PARAM_VIRIDIAN);
    CONSTANT(HVM_PARAM_IDENT_PT);
    CONSTANT(HVM_PARAM_CONSOLE_PFN);
    CONSTANT(HVM_PARAM_ACPI_IOPORTS_LOCATION);
    CONSTANT(HVM_PARAM_PAGING_RING_PFN);
    CONSTANT(HVM_PARAM_MONITOR_RING_PFN);
    CONSTANT(HVM_PARAM_SHARING_RING_PFN);
    CONSTANT(HVM_PARAM_IOREQ_SERVER_PFN);
    CONSTANT(HVM_PARAM_NR_IOREQ_SERVER_PAGES);
    CONSTANT(HVM_PARAM_VM_GENERATION_ID_ADDR);
    CONSTANT(HVM_PARAM_X87_FIP_WIDTH);
    CONSTANT(HVM_PARAM_VM86_TSS_SIZED);
    CONSTANT(HVM_PARAM_MCA_CAP);
    CONSTANT(XEN_SCHEDULER_CREDIT);
    CONSTANT(XEN_SCHEDULER_CREDIT2);
    CONSTANT(XEN_SCHEDULER_ARINC653);
    CONSTANT(XEN_SCHEDULER_RTDS);
    CONSTANT(XEN_SCHEDULER_NULL);
    /* xenforeignmemory_h */
    CONSTANT(PROT_READ);
    /* xentoollog_h */
    CONSTANT(XTL_NONE);
    CONSTANT(XTL_DEBUG);
    CONSTANT(XTL_VERBOSE);
    CONSTANT(XTL_DETAIL);
    CONSTANT(XTL_PROGRESS);
    CONSTANT(XTL_INFO);
    CONSTANT(XTL_NOTICE);
    CONSTANT(XTL_WARN);
    CONSTANT(XTL_ERROR);
    CONSTANT(XTL_CRITICAL);
    CONSTANT(XTL_NUM_LEVELS);
    /* xenstore_h */
    CONSTANT(XBT_NULL);

    /* xenctrl_h */
    FUNCTION(xc_interface_open, xc_interface *, xentoollog_logger *, xentoollog_logger *, unsigned int);
    FUNCTION(xc_interface_close, int, xc_interface *);
    FUNCTION(xc_version, int, xc_interface *, int, void *);
    FUNCTION(xc_domain_getinfolist, int, xc_interface *, uint32_t, unsigned int, xc_domaininfo_t *);
    FUNCTION(xc_domain_nr_gpfns, int, xc_interface *, uint32_t, xen_pfn_t *);
    FUNCTION(xc_logdirty_control, long long, xc_interface *, uint32_t, unsigned int, xc_hypercall_buffer_t *,
             unsigned long, unsigned int, xc_shadow_op_stats_t *);
    FUNCTION(xc_get_pfn_type_batch, int, xc_interface *, uint32_t, unsigned int, xen_pfn_t *);
    FUNCTION(xc_domain_hvm_getcontext, int, xc_interface *, uint32_t, uint8_t *, uint32_t);
    FUNCTION(xc_hvm_param_get, int, xc_interface *, uint32_t, uint32_t, uint64_t *);
    FUNCTION(xc_domain_get_tsc_info, int, xc_interface *, uint32_t, uint32_t *, uint64_t *, uint32_t *, uint32_t *);
    FUNCTION(xc__hypercall_buffer_alloc_pages, void *, xc_interface *, xc_hypercall_buffer_t *, int);
    FUNCTION_VOID(xc__hypercall_buffer_free_pages, xc_interface *, xc_hypercall_buffer_t *, int);
    FUNCTION(xc_domain_shutdown, int, xc_interface *, uint32_t, int);
    FUNCTION(xc_domain_get_guest_width, int, xc_interface *, uint32_t, unsigned int *);
    FUNCTION(xc_maximum_ram_page, int, xc_interface *, unsigned long *);
    FUNCTION(xc_machphys_mfn_list, int, xc_interface *, unsigned long, xen_pfn_t *);
    FUNCTION(xc_vcpu_getinfo, int, xc_interface *, uint32_t, uint32_t, xc_vcpuinfo_t *);
    FUNCTION(xc_vcpu_getcontext, int, xc_interface *, uint32_t, uint32_t, vcpu_guest_context_any_t *);
    FUNCTION(xc_domctl, int, xc_interface *, struct xen_domctl *);
    FUNCTION(xc_sched_credit_domain_set, int, xc_interface *, uint32_t, struct xen_domctl_sched_credit *);
    FUNCTION(xc_sched_credit_domain_get, int, xc_interface *, uint32_t, struct xen_domctl_sched_credit *);
    FUNCTION(xc_sched_credit2_domain_set, int, xc_interface *, uint32_t, struct xen_domctl_sched_credit2 *);
    FUNCTION(xc_sched_credit2_domain_get, int, xc_interface *, uint32_t, struct xen_domctl_sched_credit2 *);
    FUNCTION(xc_cpupool_getinfo, xc_cpupoolinfo_t *, xc_interface *, uint32_t);
    FUNCTION_VOID(xc_cpupool_infofree, xc_interface *, xc_cpupoolinfo_t *);
    /* xenguest_h */
    FUNCTION(xc_domain_resume, int, xc_interface *, uint32_t, int);
    FUNCTION(xc_cpu_policy_get_size, int, xc_interface *, uint32_t *, uint32_t *);
    FUNCTION0(xc_cpu_policy_init, xc_cpu_policy_t *);
    FUNCTION_VOID(xc_cpu_policy_destroy, xc_cpu_policy_t *);
    FUNCTION(xc_cpu_policy_get_domain, int, xc_interface *, uint32_t, xc_cpu_policy_t *);
    FUNCTION(xc_cpu_policy_serialise, int, xc_interface *, const xc_cpu_policy_t *, xen_cpuid_leaf_t *, uint32_t *,
             xen_msr_entry_t *, uint32_t *);
    /* xenforeignmemory_h */
    FUNCTION(xenforeignmemory_open, xenforeignmemory_handle *, struct xentoollog_logger *, unsigned int);
    FUNCTION(xenforeignmemory_close, int, xenforeignmemory_handle *);
    FUNCTION(xenforeignmemory_map2, void *, xenforeignmemory_handle *, uint32_t, void *, int, int, size_t,
             const xen_pfn_t *, int *);
    FUNCTION(xenforeignmemory_unmap, int, xenforeignmemory_handle *, void *, size_t);
    /* xentoollog_h */
    FUNCTION(xtl_createlogger_stdiostream, xentoollog_logger_stdiostream *, FILE *, xentoollog_level, unsigned int);
    FUNCTION_VOID(xtl_logger_destroy, struct xentoollog_logger *);
    VARIABLE(stderr);
    /* xenstore_h */
    FUNCTION(xs_open, struct xs_handle *, unsigned long);
    FUNCTION_VOID(xs_close, struct xs_handle *);
    FUNCTION(xs_get_domain_path, char *, struct xs_handle *, unsigned int);
    FUNCTION(xs_read, void *, struct xs_handle *, xs_transaction_t, const char *, unsigned int *);
    FUNCTION(xs_directory, char **, struct xs_handle *, xs_transaction_t, const char *, unsigned int *);
    FUNCTION(xs_write, bool, struct xs_handle *, xs_transaction_t, const char *, const void *, unsigned int);
    FUNCTION(xs_transaction_start, xs_transaction_t, struct xs_handle *);
    FUNCTION(xs_transaction_end, bool, struct xs_handle *, xs_transaction_t, bool);
    FUNCTION(xs_resume_domain, bool, struct xs_handle *, unsigned int);
    FUNCTION_VOID(free, void *);

    /* errno values, for the messages of XenCallException */
        ERRNO(EPERM);     ERRNO(ENOENT);     ERRNO(ESRCH);     ERRNO(EINTR);     ERRNO(EIO);     ERRNO(ENXIO);
        ERRNO(E2BIG);     ERRNO(ENOEXEC);     ERRNO(EBADF);     ERRNO(ECHILD);     ERRNO(EAGAIN);     ERRNO(ENOMEM);
        ERRNO(EACCES);     ERRNO(EFAULT);     ERRNO(ENOTBLK);     ERRNO(EBUSY);     ERRNO(EEXIST);     ERRNO(EXDEV);
        ERRNO(ENODEV);     ERRNO(ENOTDIR);     ERRNO(EISDIR);     ERRNO(EINVAL);     ERRNO(ENFILE);     ERRNO(EMFILE);
        ERRNO(ENOTTY);     ERRNO(ETXTBSY);     ERRNO(EFBIG);     ERRNO(ENOSPC);     ERRNO(ESPIPE);     ERRNO(EROFS);
        ERRNO(EMLINK);     ERRNO(EPIPE);     ERRNO(EDOM);     ERRNO(ERANGE);     ERRNO(EDEADLK);     ERRNO(ENAMETOOLONG);
        ERRNO(ENOLCK);     ERRNO(ENOSYS);     ERRNO(ENOTEMPTY);     ERRNO(ELOOP);     ERRNO(ENOMSG);     ERRNO(EIDRM);
        ERRNO(ECHRNG);     ERRNO(EL2NSYNC);     ERRNO(EL3HLT);     ERRNO(EL3RST);     ERRNO(ELNRNG);     ERRNO(EUNATCH);
        ERRNO(ENOCSI);     ERRNO(EL2HLT);     ERRNO(EBADE);     ERRNO(EBADR);     ERRNO(EXFULL);     ERRNO(ENOANO);
        ERRNO(EBADRQC);     ERRNO(EBADSLT);     ERRNO(EBFONT);     ERRNO(ENOSTR);     ERRNO(ENODATA);     ERRNO(ETIME);
        ERRNO(ENOSR);     ERRNO(ENONET);     ERRNO(ENOPKG);     ERRNO(EREMOTE);     ERRNO(ENOLINK);     ERRNO(EADV);
        ERRNO(ESRMNT);     ERRNO(ECOMM);     ERRNO(EPROTO);     ERRNO(EMULTIHOP);     ERRNO(EDOTDOT);     ERRNO(EBADMSG);
        ERRNO(EOVERFLOW);     ERRNO(ENOTUNIQ);     ERRNO(EBADFD);     ERRNO(EREMCHG);     ERRNO(ELIBACC);     ERRNO(ELIBBAD);
        ERRNO(ELIBSCN);     ERRNO(ELIBMAX);     ERRNO(ELIBEXEC);     ERRNO(EILSEQ);     ERRNO(ERESTART);     ERRNO(ESTRPIPE);
        ERRNO(EUSERS);     ERRNO(ENOTSOCK);     ERRNO(EDESTADDRREQ);     ERRNO(EMSGSIZE);     ERRNO(EPROTOTYPE);     ERRNO(ENOPROTOOPT);
        ERRNO(EPROTONOSUPPORT);     ERRNO(ESOCKTNOSUPPORT);     ERRNO(EOPNOTSUPP);     ERRNO(EPFNOSUPPORT);     ERRNO(EAFNOSUPPORT);     ERRNO(EADDRINUSE);
        ERRNO(EADDRNOTAVAIL);     ERRNO(ENETDOWN);     ERRNO(ENETUNREACH);     ERRNO(ENETRESET);     ERRNO(ECONNABORTED);     ERRNO(ECONNRESET);
        ERRNO(ENOBUFS);     ERRNO(EISCONN);     ERRNO(ENOTCONN);     ERRNO(ESHUTDOWN);     ERRNO(ETOOMANYREFS);     ERRNO(ETIMEDOUT);
        ERRNO(ECONNREFUSED);     ERRNO(EHOSTDOWN);     ERRNO(EHOSTUNREACH);     ERRNO(EALREADY);     ERRNO(EINPROGRESS);     ERRNO(ESTALE);
        ERRNO(EUCLEAN);     ERRNO(ENOTNAM);     ERRNO(ENAVAIL);     ERRNO(EISNAM);     ERRNO(EREMOTEIO);     ERRNO(EDQUOT);
        ERRNO(ENOMEDIUM);     ERRNO(EMEDIUMTYPE);     ERRNO(ECANCELED);     ERRNO(ENOKEY);     ERRNO(EKEYEXPIRED);     ERRNO(EKEYREVOKED);
        ERRNO(EKEYREJECTED);     ERRNO(EOWNERDEAD);     ERRNO(ENOTRECOVERABLE);     ERRNO(ERFKILL);     ERRNO(EHWPOISON);
    return 0;
}
