/*
 * A stand-in for Xen 4.17's libraries, for FakeXenTest: one HVM/PVH guest (domid 7) of 4096 pfns
 * whose "vCPU" is a thread of this library, so that the Java backend's whole save path (domain
 * lookup, log-dirty in hypercall buffers, page types, read-only foreign mapping, cooperative
 * suspend through xenstore, resume, device state, CPU policy) runs end to end on a machine
 * without Xen. The definitions are checked against the real headers' prototypes: this file
 * includes them.
 *
 * What it models of Xen (from xen/arch/x86/mm/paging.c, domctl.c and tools/libs):
 *   - ENABLE_LOGDIRTY fails with EINVAL while log-dirty is on; CLEAN/PEEK copy the dirty bits into
 *     the caller's hypercall buffer (EFAULT for memory not from xc__hypercall_buffer_alloc_pages),
 *     CLEAN clears them, both return the pages covered and the dirty counter; OFF clears all.
 *   - getpageframeinfo3: XTAB for holes and pfns beyond the p2m, NOTAB otherwise; E2BIG above 1024.
 *   - foreign maps are real read-only mappings of the guest's memory (a memfd), page by page;
 *     err[] holds -errno per page; one pfn fails with -EAGAIN the first time it is mapped.
 *   - the guest acknowledges "suspend" in control/shutdown by clearing it, then shuts down with
 *     reason suspend and stops writing; xc_domain_resume lets it run again.
 * Functions named fake_xen_* let the test look inside.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <xenctrl.h>
#include <xenguest.h>
#include <xenforeignmemory.h>
#include <xenstore.h>
#include <xentoollog.h>
#include <xen/hvm/params.h>
#include "xc_get_pfn_type_batch.h"

#define DOMID 7
#define PFNS 4096
#define PAGE 4096
#define HOLE_FIRST 0xA0
#define HOLE_LAST 0xBF
#define PATTERN_FIRST 0x400
#define PATTERN_PAGES 256
#define DEFERRED_PFN 0x300
#define MAGIC 0x4c4956454d494721ULL
#define MAX_BUFFERS 16
#define MAX_MAPPINGS 64
#define CONTROL_PATH "/local/domain/7/control/shutdown"

struct xc_interface_core { int unused; };
struct xenforeignmemory_handle { int unused; };
struct xs_handle { int unused; };
struct xentoollog_logger_stdiostream { xentoollog_logger vtable; int level; };
struct xc_cpu_policy { xen_cpuid_leaf_t leaves[3]; xen_msr_entry_t msrs[2]; };

enum { STAT_MAPS, STAT_UNMAPS, STAT_LIVE_MAPPINGS, STAT_LIVE_BUFFERS, STAT_HINTS_HONOURED, STAT_LOGDIRTY,
       STAT_SUSPENDED, STAT_PASS, STAT_RESUMES, STAT_XS_RESUMES, STAT_LOGGER_LEVEL, STAT_DEFERRALS, STAT_COUNT };

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int memfd = -1;
static uint8_t *guest;
static uint64_t dirty[PFNS / 64];
static uint32_t dirty_count;
static bool logdirty;
static bool suspended;
static char control[64];
static bool control_exists;
static int defer_left = 1;
static int64_t stats[STAT_COUNT];
static void *buffers[MAX_BUFFERS];
static struct { void *addr; size_t pages; } mappings[MAX_MAPPINGS];
static pthread_t writer;
static bool started;

static bool hole(uint64_t pfn) { return pfn >= HOLE_FIRST && pfn <= HOLE_LAST; }

static void mark(uint64_t pfn)
{
    if (logdirty && !(dirty[pfn / 64] & (1ULL << (pfn % 64)))) {
        dirty[pfn / 64] |= 1ULL << (pfn % 64);
        dirty_count++;
    }
}

/* The guest: rewrites its pattern buffer in passes (magic, index, pass) until it suspends. */
static void *run_guest(void *unused)
{
    (void)unused;
    for (;;) {
        pthread_mutex_lock(&lock);
        if (!suspended) {
            if (control_exists && strcmp(control, "suspend") == 0) {
                control[0] = '\0';          /* acknowledge, then suspend */
                suspended = true;
            } else {
                uint64_t p = (uint64_t)++stats[STAT_PASS];
                for (uint64_t i = 0; i < PATTERN_PAGES; i++) {
                    uint64_t *w = (uint64_t *)(guest + (PATTERN_FIRST + i) * PAGE);
                    w[0] = MAGIC;
                    w[1] = i;
                    w[2] = p;
                    mark(PATTERN_FIRST + i);
                }
                uint64_t scattered = 0x800 + (p * 37) % 1024;    /* one more page somewhere else */
                ((uint64_t *)(guest + scattered * PAGE))[5] = p;
                mark(scattered);
            }
        }
        pthread_mutex_unlock(&lock);
        usleep(2000);
    }
    return NULL;
}

static int setup(void)
{
    if (started)
        return 0;
    memfd = memfd_create("fake-xen-guest", 0);
    if (memfd < 0 || ftruncate(memfd, (off_t)PFNS * PAGE) != 0)
        return -1;
    guest = mmap(NULL, (size_t)PFNS * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, memfd, 0);
    if (guest == MAP_FAILED)
        return -1;
    for (uint64_t pfn = 0; pfn < PFNS; pfn++)
        if (!hole(pfn))
            for (int k = 0; k < PAGE / 8; k++)
                ((uint64_t *)(guest + pfn * PAGE))[k] = pfn * 0x9E3779B97F4A7C15ULL ^ (uint64_t)k;
    if (pthread_create(&writer, NULL, run_guest, NULL) != 0)
        return -1;
    started = true;
    return 0;
}

/* ---- test access */

uint8_t *fake_xen_guest(void) { return guest; }

void fake_xen_stats(int64_t *out)
{
    pthread_mutex_lock(&lock);
    stats[STAT_LOGDIRTY] = logdirty;
    stats[STAT_SUSPENDED] = suspended;
    memcpy(out, stats, sizeof(stats));
    pthread_mutex_unlock(&lock);
}

/* ---- libxentoollog */

xentoollog_logger_stdiostream *xtl_createlogger_stdiostream(FILE *f, xentoollog_level min_level, unsigned flags)
{
    (void)f; (void)flags;
    xentoollog_logger_stdiostream *l = calloc(1, sizeof(*l));
    if (l) {
        l->level = (int)min_level;
        stats[STAT_LOGGER_LEVEL] = min_level;
    }
    return l;
}

void xtl_logger_destroy(struct xentoollog_logger *logger) { free(logger); }

/* ---- libxenctrl */

xc_interface *xc_interface_open(xentoollog_logger *logger, xentoollog_logger *dombuild_logger, unsigned open_flags)
{
    (void)dombuild_logger; (void)open_flags;
    if (!logger) {   /* the backend must hand over its quiet logger */
        errno = EINVAL;
        return NULL;
    }
    pthread_mutex_lock(&lock);
    int rc = setup();
    pthread_mutex_unlock(&lock);
    if (rc)
        return NULL;
    return calloc(1, sizeof(xc_interface));
}

int xc_interface_close(xc_interface *xch) { free(xch); return 0; }

int xc_version(xc_interface *xch, int cmd, void *arg)
{
    (void)xch; (void)arg;
    if (cmd != XENVER_version) { errno = EINVAL; return -1; }
    return (4 << 16) | 17;
}

int xc_domain_getinfolist(xc_interface *xch, uint32_t first_domain, unsigned int max_domains, xc_domaininfo_t *info)
{
    (void)xch;
    if (max_domains < 1 || first_domain > DOMID)
        return 0;
    memset(info, 0, sizeof(*info));
    pthread_mutex_lock(&lock);
    info->domain = DOMID;
    info->flags = XEN_DOMINF_hvm_guest | (suspended ? XEN_DOMINF_shutdown | (SHUTDOWN_suspend << XEN_DOMINF_shutdownshift)
                                                    : XEN_DOMINF_running);
    pthread_mutex_unlock(&lock);
    info->tot_pages = PFNS - (HOLE_LAST - HOLE_FIRST + 1);
    info->max_pages = PFNS;
    info->nr_online_vcpus = 1;
    info->max_vcpu_id = 0;
    info->arch_config.emulation_flags = XEN_X86_EMU_LAPIC;
    return 1;
}

int xc_domain_nr_gpfns(xc_interface *xch, uint32_t domid, xen_pfn_t *gpfns)
{
    (void)xch;
    if (domid != DOMID) { errno = ESRCH; return -1; }
    *gpfns = PFNS;
    return 0;
}

static bool our_buffer(void *p)
{
    for (int i = 0; i < MAX_BUFFERS; i++)
        if (p && buffers[i] == p)
            return true;
    return false;
}

long long xc_logdirty_control(xc_interface *xch, uint32_t domid, unsigned int sop, xc_hypercall_buffer_t *dirty_bitmap,
                              unsigned long pages, unsigned int mode, xc_shadow_op_stats_t *st)
{
    (void)xch;
    if (domid != DOMID) { errno = ESRCH; return -1; }
    long long rc = 0;
    pthread_mutex_lock(&lock);
    switch (sop) {
    case XEN_DOMCTL_SHADOW_OP_OFF:
        logdirty = false;
        memset(dirty, 0, sizeof(dirty));
        dirty_count = 0;
        break;
    case XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY:
        if (logdirty) { errno = EINVAL; rc = -1; break; }
        logdirty = true;
        memset(dirty, 0, sizeof(dirty));
        dirty_count = 0;
        break;
    case XEN_DOMCTL_SHADOW_OP_CLEAN:
    case XEN_DOMCTL_SHADOW_OP_PEEK:
        if (mode & ~XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL) { errno = EINVAL; rc = -1; break; }
        if (!dirty_bitmap || !our_buffer(dirty_bitmap->hbuf)) { errno = EFAULT; rc = -1; break; }
        size_t bytes = (pages + 7) / 8 < sizeof(dirty) ? (pages + 7) / 8 : sizeof(dirty);
        memcpy(dirty_bitmap->hbuf, dirty, bytes);
        if (st) { st->fault_count = 0; st->dirty_count = dirty_count; }
        if (sop == XEN_DOMCTL_SHADOW_OP_CLEAN) { memset(dirty, 0, sizeof(dirty)); dirty_count = 0; }
        rc = (long long)pages;
        break;
    default:
        errno = EINVAL;
        rc = -1;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

void *xc__hypercall_buffer_alloc_pages(xc_interface *xch, xc_hypercall_buffer_t *b, int nr_pages)
{
    (void)xch;
    if (b->ubuf != (void *)-1) { errno = EINVAL; return NULL; }   /* must be DECLARE_HYPERCALL_BUFFER's */
    void *p = mmap(NULL, (size_t)nr_pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        return NULL;
    memset(p, 0xA5, (size_t)nr_pages * PAGE);   /* recycled buffers hold garbage */
    pthread_mutex_lock(&lock);
    for (int i = 0; i < MAX_BUFFERS; i++)
        if (!buffers[i]) { buffers[i] = p; stats[STAT_LIVE_BUFFERS]++; break; }
    pthread_mutex_unlock(&lock);
    b->hbuf = p;
    return p;
}

void xc__hypercall_buffer_free_pages(xc_interface *xch, xc_hypercall_buffer_t *b, int nr_pages)
{
    (void)xch;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < MAX_BUFFERS; i++)
        if (buffers[i] && buffers[i] == b->hbuf) {
            buffers[i] = NULL;
            stats[STAT_LIVE_BUFFERS]--;
            munmap(b->hbuf, (size_t)nr_pages * PAGE);
        }
    pthread_mutex_unlock(&lock);
}

int xc_get_pfn_type_batch(xc_interface *xch, uint32_t dom, unsigned int num, xen_pfn_t *arr)
{
    (void)xch;
    if (dom != DOMID) { errno = ESRCH; return -1; }
    if (num > 1024) { errno = E2BIG; return -1; }
    for (unsigned int i = 0; i < num; i++)
        arr[i] = arr[i] >= PFNS || hole(arr[i]) ? XEN_DOMCTL_PFINFO_XTAB : XEN_DOMCTL_PFINFO_NOTAB;
    return 0;
}

static const uint8_t hvm_context[] = {
    1, 0, 0, 0, 24, 0, 0, 0,                       /* HEADER, instance 0, 24 bytes */
    0x86, 0x12, 0x38, 0x54, 1, 0, 0, 0,            /* magic 0x54381286, version 1 */
    0, 0, 0, 0, 0, 0, 0, 0,                        /* changeset */
    0xEC, 0x06, 0x08, 0x00, 0x00, 0x9F, 0x24, 0x00, /* cpuid, gtsc_khz 2400000 */
    2, 0, 0, 0, 8, 0, 0, 0,                        /* CPU, instance 0, 8 bytes */
    1, 2, 3, 4, 5, 6, 7, 8,
    0, 0, 0, 0, 0, 0, 0, 0,                        /* END */
};

int xc_domain_hvm_getcontext(xc_interface *xch, uint32_t domid, uint8_t *ctxt_buf, uint32_t size)
{
    (void)xch;
    if (domid != DOMID) { errno = ESRCH; return -1; }
    if (!ctxt_buf)
        return sizeof(hvm_context);
    if (size < sizeof(hvm_context)) { errno = ENOBUFS; return -1; }
    memcpy(ctxt_buf, hvm_context, sizeof(hvm_context));
    return sizeof(hvm_context);
}

int xc_hvm_param_get(xc_interface *handle, uint32_t dom, uint32_t param, uint64_t *value)
{
    (void)handle;
    if (dom != DOMID) { errno = ESRCH; return -1; }
    switch (param) {
    case HVM_PARAM_CALLBACK_IRQ: *value = (2ULL << 56) | 0xF3; break;   /* a vector callback: PV drivers */
    case HVM_PARAM_STORE_PFN: *value = PFNS - 5; break;
    case HVM_PARAM_CONSOLE_PFN: *value = PFNS - 8; break;
    default:
        if (param >= HVM_NR_PARAMS) { errno = EINVAL; return -1; }
        *value = 0;
    }
    return 0;
}

int xc_domain_get_tsc_info(xc_interface *xch, uint32_t domid, uint32_t *tsc_mode, uint64_t *elapsed_nsec,
                           uint32_t *gtsc_khz, uint32_t *incarnation)
{
    (void)xch;
    if (domid != DOMID) { errno = ESRCH; return -1; }
    *tsc_mode = 0;
    *elapsed_nsec = 123456789;
    *gtsc_khz = 2400000;
    *incarnation = 1;
    return 0;
}

int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason)
{
    (void)xch;
    if (domid != DOMID) { errno = ESRCH; return -1; }
    pthread_mutex_lock(&lock);
    if (reason == SHUTDOWN_suspend)
        suspended = true;
    pthread_mutex_unlock(&lock);
    return 0;
}

/* ---- libxenguest */

int xc_domain_resume(xc_interface *xch, uint32_t domid, int fast)
{
    (void)xch;
    if (domid != DOMID) { errno = ESRCH; return -1; }
    pthread_mutex_lock(&lock);
    int rc = 0;
    if (!suspended || fast != 1) {   /* modify_returncode refuses a domain that is not suspended */
        errno = EINVAL;
        rc = -1;
    } else {
        suspended = false;
        stats[STAT_RESUMES]++;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

int xc_cpu_policy_get_size(xc_interface *xch, uint32_t *nr_leaves, uint32_t *nr_msrs)
{
    (void)xch;
    *nr_leaves = 3;
    *nr_msrs = 2;
    return 0;
}

xc_cpu_policy_t *xc_cpu_policy_init(void) { return calloc(1, sizeof(xc_cpu_policy_t)); }

void xc_cpu_policy_destroy(xc_cpu_policy_t *policy) { free(policy); }

int xc_cpu_policy_get_domain(xc_interface *xch, uint32_t domid, xc_cpu_policy_t *policy)
{
    (void)xch;
    if (domid != DOMID) { errno = ESRCH; return -1; }
    policy->leaves[0] = (xen_cpuid_leaf_t){ 0x0, XEN_CPUID_NO_SUBLEAF, 0xD, 0x756E6547, 0x6C65746E, 0x49656E69 };
    policy->leaves[1] = (xen_cpuid_leaf_t){ 0x1, XEN_CPUID_NO_SUBLEAF, 0x000806EC, 0x00020800, 0xF7FA3223, 0x178BFBFF };
    policy->leaves[2] = (xen_cpuid_leaf_t){ 0x7, 0, 0, 0x009C27AB, 0, 0xBC000400 };
    policy->msrs[0] = (xen_msr_entry_t){ 0xCE, 0, 0 };
    policy->msrs[1] = (xen_msr_entry_t){ 0x10A, 0, 0x2B };
    return 0;
}

int xc_cpu_policy_serialise(xc_interface *xch, const xc_cpu_policy_t *policy, xen_cpuid_leaf_t *leaves,
                            uint32_t *nr_leaves, xen_msr_entry_t *msrs, uint32_t *nr_msrs)
{
    (void)xch;
    if (*nr_leaves < 3 || *nr_msrs < 2) { errno = ENOBUFS; return -1; }
    memcpy(leaves, policy->leaves, sizeof(policy->leaves));
    memcpy(msrs, policy->msrs, sizeof(policy->msrs));
    *nr_leaves = 3;
    *nr_msrs = 2;
    errno = 0;
    return 0;
}

/* ---- libxenforeignmemory */

xenforeignmemory_handle *xenforeignmemory_open(struct xentoollog_logger *logger, unsigned open_flags)
{
    (void)open_flags;
    if (!logger) { errno = EINVAL; return NULL; }
    return calloc(1, sizeof(xenforeignmemory_handle));
}

int xenforeignmemory_close(xenforeignmemory_handle *fmem) { free(fmem); return 0; }

void *xenforeignmemory_map2(xenforeignmemory_handle *fmem, uint32_t dom, void *addr, int prot, int flags, size_t num,
                            const xen_pfn_t arr[], int err[])
{
    (void)fmem;
    if (dom != DOMID) { errno = ESRCH; return NULL; }
    if (prot != PROT_READ || flags != 0 || num == 0) { errno = EINVAL; return NULL; }
    uint8_t *region = mmap(addr, num * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED)
        return NULL;
    pthread_mutex_lock(&lock);
    stats[STAT_MAPS]++;
    if (addr && (void *)region == addr)
        stats[STAT_HINTS_HONOURED]++;
    for (size_t i = 0; i < num; i++) {
        if (arr[i] >= PFNS || hole(arr[i])) {
            err[i] = -EINVAL;
        } else if (arr[i] == DEFERRED_PFN && defer_left > 0) {
            defer_left--;
            stats[STAT_DEFERRALS]++;
            err[i] = -EAGAIN;
        } else if (mmap(region + i * PAGE, PAGE, PROT_READ, MAP_SHARED | MAP_FIXED, memfd, (off_t)(arr[i] * PAGE)) == MAP_FAILED) {
            err[i] = -errno;
        } else {
            err[i] = 0;
        }
    }
    for (int m = 0; m < MAX_MAPPINGS; m++)
        if (!mappings[m].addr) {
            mappings[m].addr = region;
            mappings[m].pages = num;
            stats[STAT_LIVE_MAPPINGS]++;
            break;
        }
    pthread_mutex_unlock(&lock);
    return region;
}

int xenforeignmemory_unmap(xenforeignmemory_handle *fmem, void *addr, size_t pages)
{
    (void)fmem;
    bool found = false;
    pthread_mutex_lock(&lock);
    for (int m = 0; m < MAX_MAPPINGS && !found; m++)
        if (mappings[m].addr == addr && mappings[m].pages == pages) {
            mappings[m].addr = NULL;
            stats[STAT_LIVE_MAPPINGS]--;
            stats[STAT_UNMAPS]++;
            found = true;
        }
    pthread_mutex_unlock(&lock);
    if (!found) {   /* not a mapping of ours, or the wrong size */
        errno = EINVAL;
        return -1;
    }
    return munmap(addr, pages * PAGE);
}

/* ---- libxenstore */

struct xs_handle *xs_open(unsigned long flags) { (void)flags; return calloc(1, sizeof(struct xs_handle)); }

void xs_close(struct xs_handle *xsh) { free(xsh); }

char *xs_get_domain_path(struct xs_handle *h, unsigned int domid)
{
    (void)h;
    char *path;
    return asprintf(&path, "/local/domain/%u", domid) < 0 ? NULL : path;
}

void *xs_read(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *len)
{
    (void)h; (void)t;
    pthread_mutex_lock(&lock);
    char *value = strcmp(path, CONTROL_PATH) == 0 && control_exists ? strdup(control) : NULL;
    pthread_mutex_unlock(&lock);
    if (!value) { errno = ENOENT; return NULL; }
    *len = (unsigned int)strlen(value);
    return value;
}

bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path, const void *data, unsigned int len)
{
    (void)h; (void)t;
    if (strcmp(path, CONTROL_PATH) != 0) { errno = EACCES; return false; }
    if (len >= sizeof(control)) { errno = E2BIG; return false; }
    pthread_mutex_lock(&lock);
    memcpy(control, data, len);
    control[len] = '\0';
    control_exists = true;
    pthread_mutex_unlock(&lock);
    return true;
}

xs_transaction_t xs_transaction_start(struct xs_handle *h) { (void)h; return 1; }

bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort) { (void)h; (void)t; (void)abort; return true; }

bool xs_resume_domain(struct xs_handle *h, unsigned int domid)
{
    (void)h;
    if (domid != DOMID) { errno = ENOENT; return false; }
    pthread_mutex_lock(&lock);
    stats[STAT_XS_RESUMES]++;
    pthread_mutex_unlock(&lock);
    return true;
}
