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
 *   - the scheduler (xen/common/sched/credit.c, credit2.c, cpupool.c): domid 7 runs in a cpupool
 *     of the credit2 scheduler (fake_xen_sched changes it, the domain's pool, its cap, and makes
 *     the next set fail); a scheduler op of another scheduler is EINVAL, as in Xen; credit2 takes
 *     cap 0 for no cap and refuses one above 100 per vCPU, credit takes 0xFFFF for "unchanged";
 *     a weight of 0 leaves the weight as it is. Pools 0 and 7 exist; xc_cpupool_getinfo answers
 *     with the first pool at or above the one asked for, as Xen does.
 * Functions named fake_xen_* let the test look inside.
 *
 * A second guest, domid 8, is a 64-bit PV guest of 1024 pfns whose frames are machine frames
 * (mfn = PV_MFN_BASE + (pfn ^ 0x155)): an m2p of one 2 MiB chunk (mapped from DOMID_XEN), a p2m
 * the guest publishes in its shared info both as a linear list (p2m_cr3, p2m_vaddr, walked
 * through four levels of real page tables) and as a frame-list tree, vCPU contexts holding mfns
 * (start info in vcpu0's rdx, GDT frame, cr3, cr1), extended/xsave/MSR state, a second vCPU that
 * is offline, one ballooned pfn, and Xen's own entries in its L4. Its writer rewrites a pattern
 * and flips an accessed bit in a page table, so that tables are sent again. fake_xen_pv() turns
 * faults on (see PV_KNOB_*).
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
static uint64_t dirty_hvm[PFNS / 64];
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
/* domid 7's scheduler (fake_xen_sched) */
enum { SCHED_KNOB_SCHEDULER = 1, SCHED_KNOB_CAP = 2, SCHED_KNOB_WEIGHT = 3, SCHED_KNOB_FAIL_NEXT_SET = 4, SCHED_KNOB_POOL = 5 };
static uint32_t sched_id = XEN_SCHEDULER_CREDIT2, sched_pool;
static uint16_t sched_weight = 256, sched_cap;
static int sched_fail_errno;
static int64_t sched_sets, pool_infos;

static bool hole(uint64_t pfn) { return pfn >= HOLE_FIRST && pfn <= HOLE_LAST; }

/* ---- the PV guest (domid 8) */
#define PV_DOMID 8
#define PV_PFNS 1024
#define PV_MFN_BASE 0x4000ULL
#define PV_MAX_MFN 0x7FFFULL
#define PV_M2P_CHUNK_MFN 0x100000ULL   /* the m2p's one chunk, as DOMID_XEN frames */
#define PV_SHINFO_MFN 0x3000ULL
#define PV_BALLOONED_PFN 0x3F0
#define PV_L4 1
#define PV_L3 2
#define PV_L2 3
#define PV_L1 4
#define PV_FLL 5
#define PV_FL 6
#define PV_START_INFO 7
#define PV_P2M_FIRST 8                 /* two p2m pages: 1024 entries of 8 bytes */
#define PV_GDT 12
#define PV_PATTERN_FIRST 0x100
#define PV_PATTERN_PAGES 64
#define PV_P2M_VADDR 0x40000000ULL     /* L4[0] -> L3[1] -> L2[0] -> L1[0..1] */
#define PV_CONTROL_PATH "/local/domain/8/control/shutdown"
#define PTE_FLAGS 0x67ULL              /* present, rw, user, accessed, dirty */
#define PTE_NX (1ULL << 63)
enum { PV_KNOB_TREE = 1, PV_KNOB_BAD_PTE = 2, PV_KNOB_P2M_CHANGES = 3, PV_KNOB_BAD_CR3 = 4, PV_KNOB_FOREIGN_PTE = 5 };

static int pv_memfd = -1, pv_shinfo_fd = -1, pv_m2p_fd = -1;
static uint8_t *pv_guest;
static shared_info_t *pv_shinfo;
static uint64_t *pv_m2p;
static uint64_t pv_dirty[PV_PFNS / 64];
static uint32_t pv_dirty_count;
static bool pv_logdirty, pv_suspended, pv_control_exists, pv_p2m_changes, pv_bad_cr3;
static char pv_control[64];
static int64_t pv_passes, pv_resumes;

static uint64_t pv_mfn(uint64_t pfn) { return pfn == PV_BALLOONED_PFN ? ~0ULL : PV_MFN_BASE + (pfn ^ 0x155); }
static uint64_t *pv_page(uint64_t pfn) { return (uint64_t *)(pv_guest + pfn * PAGE); }
/* the pfn of a guest mfn, or -1 */
static int64_t pv_pfn_of(uint64_t mfn)
{
    if (mfn < PV_MFN_BASE || mfn >= PV_MFN_BASE + PV_PFNS)
        return -1;
    uint64_t pfn = (mfn - PV_MFN_BASE) ^ 0x155;
    return pfn == PV_BALLOONED_PFN ? -1 : (int64_t)pfn;
}

static void pv_mark(uint64_t pfn)
{
    if (pv_logdirty && !(pv_dirty[pfn / 64] & (1ULL << (pfn % 64)))) {
        pv_dirty[pfn / 64] |= 1ULL << (pfn % 64);
        pv_dirty_count++;
    }
}

static int pv_setup(void)
{
    pv_memfd = memfd_create("fake-xen-pv-guest", 0);
    pv_shinfo_fd = memfd_create("fake-xen-pv-shinfo", 0);
    pv_m2p_fd = memfd_create("fake-xen-m2p", 0);
    if (pv_memfd < 0 || pv_shinfo_fd < 0 || pv_m2p_fd < 0 || ftruncate(pv_memfd, (off_t)PV_PFNS * PAGE) != 0
        || ftruncate(pv_shinfo_fd, PAGE) != 0 || ftruncate(pv_m2p_fd, 2 << 20) != 0)
        return -1;
    pv_guest = mmap(NULL, (size_t)PV_PFNS * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, pv_memfd, 0);
    pv_shinfo = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, pv_shinfo_fd, 0);
    pv_m2p = mmap(NULL, 2 << 20, PROT_READ | PROT_WRITE, MAP_SHARED, pv_m2p_fd, 0);
    if (pv_guest == MAP_FAILED || pv_shinfo == MAP_FAILED || pv_m2p == MAP_FAILED)
        return -1;
    memset(pv_m2p, 0xFF, 2 << 20);                        /* INVALID_MFN... entries: frames of nobody */
    for (uint64_t pfn = 0; pfn < PV_PFNS; pfn++) {
        if (pfn != PV_BALLOONED_PFN)
            pv_m2p[pv_mfn(pfn)] = pfn;
        for (int k = 0; k < PAGE / 8; k++)
            pv_page(pfn)[k] = pfn * 0xD1B54A32D192ED03ULL ^ (uint64_t)k;
    }
    /* the page tables: every entry not set here is 0 (not present) */
    for (int t = PV_L4; t <= PV_L1; t++)
        memset(pv_page(t), 0, PAGE);
    pv_page(PV_L4)[0] = pv_mfn(PV_L3) << 12 | PTE_FLAGS;
    pv_page(PV_L4)[256] = 0x20ULL << 12 | PTE_FLAGS;      /* Xen's slots 256..271: never sent */
    pv_page(PV_L4)[271] = 0x21ULL << 12 | PTE_FLAGS;
    pv_page(PV_L4)[272] = pv_mfn(PV_L3) << 12 | PTE_FLAGS; /* the guest's again */
    pv_page(PV_L3)[1] = pv_mfn(PV_L2) << 12 | PTE_FLAGS;
    pv_page(PV_L2)[0] = pv_mfn(PV_L1) << 12 | PTE_FLAGS;
    pv_page(PV_L1)[0] = pv_mfn(PV_P2M_FIRST) << 12 | PTE_FLAGS | PTE_NX;
    pv_page(PV_L1)[1] = pv_mfn(PV_P2M_FIRST + 1) << 12 | PTE_FLAGS | PTE_NX;
    for (uint64_t i = 16; i < 400; i++)
        pv_page(PV_L1)[i] = pv_mfn(i) << 12 | PTE_FLAGS | (i % 2 ? PTE_NX : 0);
    pv_page(PV_L1)[400] = 0x123456789000ULL;              /* not present: its frame bits are left alone */
    /* the p2m, its tree, the shared info */
    for (uint64_t pfn = 0; pfn < PV_PFNS; pfn++)
        pv_page(PV_P2M_FIRST)[pfn] = pv_mfn(pfn);         /* spans the two p2m pages */
    memset(pv_page(PV_FLL), 0, PAGE);
    memset(pv_page(PV_FL), 0, PAGE);
    pv_page(PV_FLL)[0] = pv_mfn(PV_FL);
    pv_page(PV_FL)[0] = pv_mfn(PV_P2M_FIRST);
    pv_page(PV_FL)[1] = pv_mfn(PV_P2M_FIRST + 1);
    memset(pv_shinfo, 0x5C, PAGE);
    pv_shinfo->arch.max_pfn = PV_PFNS;
    pv_shinfo->arch.pfn_to_mfn_frame_list_list = pv_mfn(PV_FLL);
    pv_shinfo->arch.p2m_cr3 = pv_mfn(PV_L4) << 12;
    pv_shinfo->arch.p2m_vaddr = PV_P2M_VADDR;
    pv_shinfo->arch.p2m_generation = 0;
    return 0;
}

/* One pass of the PV guest's writer; the caller holds the lock. */
static void pv_write(void)
{
    uint64_t p = (uint64_t)++pv_passes;
    for (uint64_t i = 0; i < PV_PATTERN_PAGES; i++) {
        uint64_t *w = pv_page(PV_PATTERN_FIRST + i);
        w[0] = MAGIC;
        w[1] = i;
        w[2] = p;
        pv_mark(PV_PATTERN_FIRST + i);
    }
    pv_page(PV_L1)[17] ^= 0x20;                            /* the accessed bit: the table changes */
    pv_mark(PV_L1);
    if (pv_p2m_changes) {
        pv_shinfo->arch.p2m_generation += 2;
        pv_mark(PV_P2M_FIRST);
    }
}

void fake_xen_pv(int knob, int64_t value)
{
    pthread_mutex_lock(&lock);
    switch (knob) {
    case PV_KNOB_TREE: pv_shinfo->arch.p2m_cr3 = value ? 0 : pv_mfn(PV_L4) << 12; break;
    case PV_KNOB_BAD_PTE: pv_page(PV_L1)[500] = value ? 0x7000ULL << 12 | PTE_FLAGS : 0; break;   /* a frame nobody owns */
    case PV_KNOB_FOREIGN_PTE: pv_page(PV_L2)[9] = value ? 0x9000000ULL << 12 | PTE_FLAGS : 0; break; /* beyond max_mfn */
    case PV_KNOB_P2M_CHANGES: pv_p2m_changes = value != 0; break;
    case PV_KNOB_BAD_CR3: pv_bad_cr3 = value != 0; break;
    }
    pthread_mutex_unlock(&lock);
}

uint8_t *fake_xen_pv_guest(void) { return pv_guest; }

/* suspended, passes, resumes, log-dirty */
void fake_xen_pv_stats(int64_t *out)
{
    pthread_mutex_lock(&lock);
    out[0] = pv_suspended;
    out[1] = pv_passes;
    out[2] = pv_resumes;
    out[3] = pv_logdirty;
    pthread_mutex_unlock(&lock);
}

static void mark(uint64_t pfn)
{
    if (logdirty && !(dirty_hvm[pfn / 64] & (1ULL << (pfn % 64)))) {
        dirty_hvm[pfn / 64] |= 1ULL << (pfn % 64);
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
        if (!pv_suspended) {
            if (pv_control_exists && strcmp(pv_control, "suspend") == 0) {
                pv_control[0] = '\0';
                pv_suspended = true;
            } else {
                pv_write();
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
    if (pv_setup() != 0)
        return -1;
    if (pthread_create(&writer, NULL, run_guest, NULL) != 0)
        return -1;
    started = true;
    return 0;
}

/* ---- xenstore nodes a test sets (fake_xen_xs_set), beside the control node */
#define XS_NODES 32
static struct { char path[160]; char value[96]; } xs_nodes[XS_NODES];
static uint32_t emulation_flags = XEN_X86_EMU_LAPIC;

/* Sets (or with value NULL removes) a xenstore node; an empty path clears them all. */
void fake_xen_xs_set(const char *path, const char *value)
{
    pthread_mutex_lock(&lock);
    if (!*path)
        memset(xs_nodes, 0, sizeof(xs_nodes));
    for (int i = 0; i < XS_NODES && *path; i++)
        if (strcmp(xs_nodes[i].path, path) == 0 || (!xs_nodes[i].path[0] && value)) {
            if (value) {
                snprintf(xs_nodes[i].path, sizeof(xs_nodes[i].path), "%s", path);
                snprintf(xs_nodes[i].value, sizeof(xs_nodes[i].value), "%s", value);
            } else {
                xs_nodes[i].path[0] = '\0';
            }
            break;
        }
    pthread_mutex_unlock(&lock);
}

/* domid 7's XEN_X86_EMU_* flags: LAPIC alone (PVH) unless a test makes it an HVM guest */
void fake_xen_emulation_flags(uint32_t flags) { emulation_flags = flags; }

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
    if (max_domains >= 1 && first_domain == PV_DOMID) {
        memset(info, 0, sizeof(*info));
        pthread_mutex_lock(&lock);
        info->domain = PV_DOMID;
        info->flags = pv_suspended ? XEN_DOMINF_shutdown | (SHUTDOWN_suspend << XEN_DOMINF_shutdownshift) : XEN_DOMINF_running;
        pthread_mutex_unlock(&lock);
        info->tot_pages = PV_PFNS - 1;
        info->max_pages = PV_PFNS;
        info->shared_info_frame = PV_SHINFO_MFN;
        info->nr_online_vcpus = 1;
        info->max_vcpu_id = 1;                                /* vcpu 1 is offline */
        return 1;
    }
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
    info->cpupool = sched_pool;
    info->arch_config.emulation_flags = emulation_flags;
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
    if (domid != DOMID && domid != PV_DOMID) { errno = ESRCH; return -1; }
    long long rc = 0;
    pthread_mutex_lock(&lock);
    bool pv = domid == PV_DOMID;
    uint64_t *dirty = pv ? pv_dirty : dirty_hvm;
    size_t dirty_size = pv ? sizeof(pv_dirty) : sizeof(dirty_hvm);
    uint32_t *count = pv ? &pv_dirty_count : &dirty_count;
    bool *on = pv ? &pv_logdirty : &logdirty;
    switch (sop) {
    case XEN_DOMCTL_SHADOW_OP_OFF:
        *on = false;
        memset(dirty, 0, dirty_size);
        *count = 0;
        break;
    case XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY:
        if (*on) { errno = EINVAL; rc = -1; break; }
        if (pv && pv_p2m_changes)
            pv_shinfo->arch.p2m_generation += 2;   /* the guest reshapes its p2m as the save starts */
        *on = true;
        memset(dirty, 0, dirty_size);
        *count = 0;
        break;
    case XEN_DOMCTL_SHADOW_OP_CLEAN:
    case XEN_DOMCTL_SHADOW_OP_PEEK:
        if (mode & ~XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL) { errno = EINVAL; rc = -1; break; }
        if (!dirty_bitmap || !our_buffer(dirty_bitmap->hbuf)) { errno = EFAULT; rc = -1; break; }
        size_t bytes = (pages + 7) / 8 < dirty_size ? (pages + 7) / 8 : dirty_size;
        memcpy(dirty_bitmap->hbuf, dirty, bytes);
        if (st) { st->fault_count = 0; st->dirty_count = *count; }
        if (sop == XEN_DOMCTL_SHADOW_OP_CLEAN) { memset(dirty, 0, dirty_size); *count = 0; }
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
    if (num > 1024) { errno = E2BIG; return -1; }
    if (dom == PV_DOMID) {   /* by mfn: the page's type, XTAB for frames that are not the guest's */
        for (unsigned int i = 0; i < num; i++) {
            int64_t pfn = pv_pfn_of(arr[i]);
            arr[i] = pfn < 0 ? XEN_DOMCTL_PFINFO_XTAB
                   : pfn == PV_L4 ? XEN_DOMCTL_PFINFO_L4TAB | XEN_DOMCTL_PFINFO_LPINTAB
                   : pfn == PV_L3 ? XEN_DOMCTL_PFINFO_L3TAB
                   : pfn == PV_L2 ? XEN_DOMCTL_PFINFO_L2TAB
                   : pfn == PV_L1 ? XEN_DOMCTL_PFINFO_L1TAB : XEN_DOMCTL_PFINFO_NOTAB;
        }
        return 0;
    }
    if (dom != DOMID) { errno = ESRCH; return -1; }
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
    if (domid != DOMID && domid != PV_DOMID) { errno = ESRCH; return -1; }
    *tsc_mode = 0;
    *elapsed_nsec = 123456789;
    *gtsc_khz = 2400000;
    *incarnation = 1;
    return 0;
}

int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason)
{
    (void)xch;
    if (domid != DOMID && domid != PV_DOMID) { errno = ESRCH; return -1; }
    pthread_mutex_lock(&lock);
    if (reason == SHUTDOWN_suspend)
        *(domid == PV_DOMID ? &pv_suspended : &suspended) = true;
    pthread_mutex_unlock(&lock);
    return 0;
}

/* ---- libxenctrl, for the PV guest */

int xc_domain_get_guest_width(xc_interface *xch, uint32_t domid, unsigned int *guest_width)
{
    (void)xch;
    if (domid != PV_DOMID && domid != DOMID) { errno = ESRCH; return -1; }
    *guest_width = 8;
    return 0;
}

int xc_maximum_ram_page(xc_interface *xch, unsigned long *max_mfn)
{
    (void)xch;
    *max_mfn = PV_MAX_MFN;
    return 0;
}

int xc_machphys_mfn_list(xc_interface *xch, unsigned long max_extents, xen_pfn_t *extent_start)
{
    (void)xch;
    if (max_extents != 1) { errno = EINVAL; return -1; }   /* the m2p of max_mfn 0x7fff is one chunk */
    extent_start[0] = PV_M2P_CHUNK_MFN;
    return 0;
}

int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid, uint32_t vcpu, xc_vcpuinfo_t *info)
{
    (void)xch;
    if (domid != PV_DOMID) { errno = ESRCH; return -1; }
    if (vcpu > 1) { errno = EINVAL; return -1; }
    memset(info, 0, sizeof(*info));
    info->vcpu = vcpu;
    info->online = vcpu == 0;
    return 0;
}

int xc_vcpu_getcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu, vcpu_guest_context_any_t *ctxt)
{
    (void)xch;
    if (domid != PV_DOMID) { errno = ESRCH; return -1; }
    if (vcpu != 0) { errno = EINVAL; return -1; }
    uint8_t *bytes = (uint8_t *)ctxt;
    for (size_t i = 0; i < sizeof(*ctxt); i++)
        bytes[i] = (uint8_t)(i * 7 + 3);                /* every register some value */
    struct vcpu_guest_context *c = &ctxt->c;
    pthread_mutex_lock(&lock);
    c->user_regs.rdx = pv_mfn(PV_START_INFO);
    c->gdt_ents = 14;
    memset(c->gdt_frames, 0, sizeof(c->gdt_frames));
    c->gdt_frames[0] = pv_mfn(PV_GDT);
    c->ctrlreg[3] = (pv_bad_cr3 ? 0x7001ULL : pv_mfn(PV_L4)) << 12;
    c->ctrlreg[1] = pv_mfn(PV_L4) << 12 | 1;             /* user-mode tables: the same L4 */
    pthread_mutex_unlock(&lock);
    return 0;
}

int xc_domctl(xc_interface *xch, struct xen_domctl *domctl)
{
    (void)xch;
    if (domctl->domain != PV_DOMID) { errno = ESRCH; return -1; }
    switch (domctl->cmd) {
    case XEN_DOMCTL_get_ext_vcpucontext: {
        struct xen_domctl_ext_vcpucontext *e = &domctl->u.ext_vcpucontext;
        if (e->vcpu != 0) { errno = EINVAL; return -1; }
        e->size = sizeof(*e);
        e->syscall32_callback_eip = 0xFFFFFFFF81A00000ULL;
        e->sysenter_callback_eip = 0xFFFFFFFF81A00100ULL;
        e->syscall32_callback_cs = 0xE033;
        e->sysenter_callback_cs = 0xE033;
        return 0;
    }
    case XEN_DOMCTL_getvcpuextstate: {
        struct xen_domctl_vcpuextstate *x = &domctl->u.vcpuextstate;
        if (x->vcpu != 0) { errno = EINVAL; return -1; }
        void *buffer = (void *)x->buffer.p;
        if (!buffer) {
            x->xfeature_mask = 7;
            x->size = 832;
            return 0;
        }
        pthread_mutex_lock(&lock);
        bool ours = our_buffer(buffer);
        pthread_mutex_unlock(&lock);
        if (!ours || x->size < 832) { errno = EFAULT; return -1; }
        for (int i = 0; i < 832; i++)
            ((uint8_t *)buffer)[i] = (uint8_t)(0xE0 ^ i);
        x->size = 832;
        return 0;
    }
    case XEN_DOMCTL_get_vcpu_msrs: {
        struct xen_domctl_vcpu_msrs *m = &domctl->u.vcpu_msrs;
        if (m->vcpu != 0) { errno = EINVAL; return -1; }
        xen_domctl_vcpu_msr_t *msrs = (void *)m->msrs.p;
        if (!msrs) {
            m->msr_count = 2;
            return 0;
        }
        pthread_mutex_lock(&lock);
        bool ours = our_buffer(msrs);
        pthread_mutex_unlock(&lock);
        if (!ours || m->msr_count < 2) { errno = EFAULT; return -1; }
        msrs[0] = (xen_domctl_vcpu_msr_t){ .index = 0xC0000103, .value = 5 };     /* TSC_AUX */
        msrs[1] = (xen_domctl_vcpu_msr_t){ .index = 0xC0011027, .value = 0xFFF };  /* a DR mask */
        m->msr_count = 2;
        return 0;
    }
    default:
        errno = EOPNOTSUPP;
        return -1;
    }
}

/* ---- libxenctrl: domid 7's scheduler and cpupools */

void fake_xen_sched(int knob, int64_t value)
{
    pthread_mutex_lock(&lock);
    switch (knob) {
    case SCHED_KNOB_SCHEDULER: sched_id = (uint32_t)value; break;
    case SCHED_KNOB_CAP: sched_cap = (uint16_t)value; break;
    case SCHED_KNOB_WEIGHT: sched_weight = (uint16_t)value; break;
    case SCHED_KNOB_FAIL_NEXT_SET: sched_fail_errno = (int)value; break;
    case SCHED_KNOB_POOL: sched_pool = (uint32_t)value; break;
    }
    pthread_mutex_unlock(&lock);
}

/* weight, cap, successful sets, pool infos not freed yet */
void fake_xen_sched_stats(int64_t *out)
{
    pthread_mutex_lock(&lock);
    out[0] = sched_weight;
    out[1] = sched_cap;
    out[2] = sched_sets;
    out[3] = pool_infos;
    pthread_mutex_unlock(&lock);
}

/* sched_adjust: the domain must exist and the op must be for its pool's scheduler; the caller holds the lock */
static int sched_check(uint32_t domid, uint32_t scheduler)
{
    if (domid != DOMID) { errno = ESRCH; return -1; }
    if (scheduler != sched_id) { errno = EINVAL; return -1; }
    return 0;
}

static int sched_put(uint32_t domid, uint32_t scheduler, uint16_t weight, uint16_t cap)
{
    pthread_mutex_lock(&lock);
    int rc = sched_check(domid, scheduler);
    if (rc == 0 && sched_fail_errno) {
        errno = sched_fail_errno;
        sched_fail_errno = 0;
        rc = -1;
    }
    if (rc == 0 && scheduler == XEN_SCHEDULER_CREDIT2 && cap > 100 * 1) {   /* 100 * nr_units: domid 7 has one vCPU */
        errno = EINVAL;
        rc = -1;
    }
    if (rc == 0) {
        if (weight)
            sched_weight = weight;
        if (scheduler == XEN_SCHEDULER_CREDIT2 || cap != (uint16_t)~0U)
            sched_cap = cap;
        sched_sets++;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

static int sched_get(uint32_t domid, uint32_t scheduler, uint16_t *weight, uint16_t *cap)
{
    pthread_mutex_lock(&lock);
    int rc = sched_check(domid, scheduler);
    if (rc == 0) {
        *weight = sched_weight;
        *cap = sched_cap;
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

int xc_sched_credit_domain_set(xc_interface *xch, uint32_t domid, struct xen_domctl_sched_credit *sdom)
{
    (void)xch;
    return sched_put(domid, XEN_SCHEDULER_CREDIT, sdom->weight, sdom->cap);
}

int xc_sched_credit_domain_get(xc_interface *xch, uint32_t domid, struct xen_domctl_sched_credit *sdom)
{
    (void)xch;
    return sched_get(domid, XEN_SCHEDULER_CREDIT, &sdom->weight, &sdom->cap);
}

int xc_sched_credit2_domain_set(xc_interface *xch, uint32_t domid, struct xen_domctl_sched_credit2 *sdom)
{
    (void)xch;
    return sched_put(domid, XEN_SCHEDULER_CREDIT2, sdom->weight, sdom->cap);
}

int xc_sched_credit2_domain_get(xc_interface *xch, uint32_t domid, struct xen_domctl_sched_credit2 *sdom)
{
    (void)xch;
    return sched_get(domid, XEN_SCHEDULER_CREDIT2, &sdom->weight, &sdom->cap);
}

xc_cpupoolinfo_t *xc_cpupool_getinfo(xc_interface *xch, uint32_t poolid)
{
    (void)xch;
    if (poolid > 7) { errno = ENOENT; return NULL; }
    xc_cpupoolinfo_t *info = calloc(1, sizeof(*info));
    if (!info || !(info->cpumap = calloc(1, 8))) { free(info); errno = ENOMEM; return NULL; }
    pthread_mutex_lock(&lock);
    info->cpupool_id = poolid == 0 ? 0 : 7;
    info->sched_id = sched_id;
    info->n_dom = 1;
    info->cpumap[0] = 1;
    pool_infos++;
    pthread_mutex_unlock(&lock);
    return info;
}

void xc_cpupool_infofree(xc_interface *xch, xc_cpupoolinfo_t *info)
{
    (void)xch;
    pthread_mutex_lock(&lock);
    pool_infos--;
    pthread_mutex_unlock(&lock);
    free(info->cpumap);
    free(info);
}

/* ---- libxenguest */

int xc_domain_resume(xc_interface *xch, uint32_t domid, int fast)
{
    (void)xch;
    if (domid != DOMID && domid != PV_DOMID) { errno = ESRCH; return -1; }
    pthread_mutex_lock(&lock);
    int rc = 0;
    bool *s = domid == PV_DOMID ? &pv_suspended : &suspended;
    if (!*s || fast != 1) {   /* modify_returncode refuses a domain that is not suspended */
        errno = EINVAL;
        rc = -1;
    } else {
        *s = false;
        if (domid == PV_DOMID)
            pv_resumes++;
        else
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
    if (domid != DOMID && domid != PV_DOMID) { errno = ESRCH; return -1; }
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
    if (dom != DOMID && dom != PV_DOMID && dom != DOMID_XEN) { errno = ESRCH; return NULL; }
    if (prot != PROT_READ || flags != 0 || num == 0) { errno = EINVAL; return NULL; }
    uint8_t *region = mmap(addr, num * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED)
        return NULL;
    pthread_mutex_lock(&lock);
    stats[STAT_MAPS]++;
    if (addr && (void *)region == addr)
        stats[STAT_HINTS_HONOURED]++;
    for (size_t i = 0; i < num; i++) {
        if (dom != DOMID) {   /* PV guest frames by mfn, the shared info, or Xen's m2p */
            int fd = -1;
            off_t at = 0;
            int64_t pfn = dom == PV_DOMID ? pv_pfn_of(arr[i]) : -1;
            if (dom == DOMID_XEN && arr[i] >= PV_M2P_CHUNK_MFN && arr[i] < PV_M2P_CHUNK_MFN + 512) {
                fd = pv_m2p_fd;
                at = (off_t)((arr[i] - PV_M2P_CHUNK_MFN) * PAGE);
            } else if (dom == PV_DOMID && arr[i] == PV_SHINFO_MFN) {
                fd = pv_shinfo_fd;
            } else if (pfn >= 0) {
                fd = pv_memfd;
                at = (off_t)(pfn * PAGE);
            }
            if (fd < 0)
                err[i] = -EINVAL;
            else if (mmap(region + i * PAGE, PAGE, PROT_READ, MAP_SHARED | MAP_FIXED, fd, at) == MAP_FAILED)
                err[i] = -errno;
            else
                err[i] = 0;
        } else if (arr[i] >= PFNS || hole(arr[i])) {
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
    char *value = strcmp(path, CONTROL_PATH) == 0 && control_exists ? strdup(control)
                : strcmp(path, PV_CONTROL_PATH) == 0 && pv_control_exists ? strdup(pv_control) : NULL;
    for (int i = 0; i < XS_NODES && !value; i++)
        if (xs_nodes[i].path[0] && strcmp(xs_nodes[i].path, path) == 0)
            value = strdup(xs_nodes[i].value);
    pthread_mutex_unlock(&lock);
    if (!value) { errno = ENOENT; return NULL; }
    *len = (unsigned int)strlen(value);
    return value;
}

bool xs_write(struct xs_handle *h, xs_transaction_t t, const char *path, const void *data, unsigned int len)
{
    (void)h; (void)t;
    bool pv = strcmp(path, PV_CONTROL_PATH) == 0;
    if (!pv && strcmp(path, CONTROL_PATH) != 0) { errno = EACCES; return false; }
    if (len >= sizeof(control)) { errno = E2BIG; return false; }
    pthread_mutex_lock(&lock);
    memcpy(pv ? pv_control : control, data, len);
    (pv ? pv_control : control)[len] = '\0';
    *(pv ? &pv_control_exists : &control_exists) = true;
    pthread_mutex_unlock(&lock);
    return true;
}

/* The children of path among the test's nodes: one malloc'd block of pointers and names, as libxenstore's. */
char **xs_directory(struct xs_handle *h, xs_transaction_t t, const char *path, unsigned int *num)
{
    (void)h; (void)t;
    char names[XS_NODES][96];
    unsigned int n = 0;
    size_t plen = strlen(path), bytes = 0;
    pthread_mutex_lock(&lock);
    for (int i = 0; i < XS_NODES; i++) {
        const char *p = xs_nodes[i].path;
        if (!p[0] || strncmp(p, path, plen) != 0 || p[plen] != '/')
            continue;
        const char *child = p + plen + 1;
        size_t clen = strcspn(child, "/");
        bool seen = false;
        for (unsigned int k = 0; k < n; k++)
            seen |= strlen(names[k]) == clen && strncmp(names[k], child, clen) == 0;
        if (!seen && clen < sizeof(names[0])) {
            memcpy(names[n], child, clen);
            names[n][clen] = '\0';
            bytes += clen + 1;
            n++;
        }
    }
    pthread_mutex_unlock(&lock);
    if (n == 0) { errno = ENOENT; return NULL; }
    char **out = malloc(n * sizeof(char *) + bytes);
    char *at = (char *)(out + n);
    for (unsigned int k = 0; k < n; k++) {
        out[k] = at;
        at = stpcpy(at, names[k]) + 1;
    }
    *num = n;
    return out;
}

xs_transaction_t xs_transaction_start(struct xs_handle *h) { (void)h; return 1; }

bool xs_transaction_end(struct xs_handle *h, xs_transaction_t t, bool abort) { (void)h; (void)t; (void)abort; return true; }

bool xs_resume_domain(struct xs_handle *h, unsigned int domid)
{
    (void)h;
    if (domid != DOMID && domid != PV_DOMID) { errno = ENOENT; return false; }
    if (domid == PV_DOMID)
        return true;
    pthread_mutex_lock(&lock);
    stats[STAT_XS_RESUMES]++;
    pthread_mutex_unlock(&lock);
    return true;
}
