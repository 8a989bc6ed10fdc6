/*
 * The C reference of the benchmarks: Xen's own save loops (tools/libs/guest/xg_sr_save.c and
 * tools/libs/ctrl/xc_private.c, Xen 4.17), rewritten from their behaviour, not copied, and loaded
 * into the JMH process through FFM so that C and Java work on the same off-heap memory and the
 * same file descriptors.
 *
 *   xenref_scan_per_bit   send_dirty_pages: test_bit on every pfn of the p2m, add_to_batch,
 *                         flush at MAX_BATCH_SIZE (1024), a last flush at the end.
 *   xenref_scan_word_ctz  the obvious improvement: 64 bits at a time, zero words skipped,
 *                         __builtin_ctzll for each set bit; same batches, same flushes.
 *   xenref_write_batch    write_batch's I/O: one writev per PAGE_DATA record with an iovec for
 *                         the record header, one for the pfn array and one per page (Xen 4.17),
 *                         or adjacent pages merged into one iovec (newer Xen); writev_exact.
 *
 * A flush hands the batch to a sink (sum of the pfns, counts, optionally a copy for tests) in a
 * function the compiler may not inline, the role write_batch plays in Xen: the scan cannot be
 * optimised away and pays for a real call per batch, as Xen's does.
 *
 * Left out on purpose, the same on the Java side: the progress report every 1024 pages (a call
 * that does nothing unless a progress callback is set), xc_get_pfn_type_batch and the foreign
 * mapping (hypervisor costs the simulated domain does not have), and write_batch's seven
 * malloc/free pairs per batch (the scratch arrays are allocated once here, the C side's best case).
 */
#define _GNU_SOURCE /* IOV_MAX, as Xen builds its tools */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_BATCH_SIZE 1024
#define XC_PAGE_SHIFT 12
#define XC_PAGE_SIZE (1UL << XC_PAGE_SHIFT)
#define REC_TYPE_PAGE_DATA 0x00000001U
/* XEN_DOMCTL_PFINFO_NOTAB: an ordinary page; type << 28 in the hypervisor's encoding */
#define XEN_DOMCTL_PFINFO_NOTAB 0x0UL

/* Xen 4.17's xc_bitops.h: the bitmap is byte-addressed, bit nr is bit nr % 8 of byte nr / 8. */
#define BITMAP_ENTRY(_nr, _bmap) ((_bmap))[(_nr) / 8]
#define BITMAP_SHIFT(_nr) ((_nr) % 8)

static inline int test_bit(unsigned long nr, const void *_addr)
{
    const char *addr = _addr;
    return (BITMAP_ENTRY(nr, addr) >> BITMAP_SHIFT(nr)) & 1;
}

/* Where flushed batches go. Laid out as XenRef.SINK on the Java side. */
struct xenref_sink {
    uint64_t pfn_sum;     /* sum of every pfn flushed */
    uint64_t pfns;        /* pfns flushed */
    uint64_t batches;     /* flushes */
    uint64_t *record;     /* NULL, or room for record_cap pfns: every pfn flushed, in order (tests) */
    uint64_t record_cap;
};

/* The batch being built, as ctx->save.batch_pfns / nr_batch_pfns in Xen. */
struct batch_ctx {
    uint64_t *batch_pfns;
    unsigned int nr_batch_pfns;
    struct xenref_sink *sink;
};

__attribute__((noinline))
static void flush_batch(struct batch_ctx *ctx)
{
    struct xenref_sink *s = ctx->sink;
    unsigned int n = ctx->nr_batch_pfns, i;
    uint64_t sum = 0;

    if ( n == 0 )
        return;
    for ( i = 0; i < n; ++i )
        sum += ctx->batch_pfns[i];
    if ( s->record )
    {
        uint64_t room = s->record_cap > s->pfns ? s->record_cap - s->pfns : 0;
        memcpy(s->record + s->pfns, ctx->batch_pfns, (n < room ? n : room) * sizeof(uint64_t));
    }
    s->pfn_sum += sum;
    s->pfns += n;
    s->batches++;
    ctx->nr_batch_pfns = 0;
}

static inline void add_to_batch(struct batch_ctx *ctx, uint64_t pfn)
{
    if ( ctx->nr_batch_pfns == MAX_BATCH_SIZE )
        flush_batch(ctx);
    ctx->batch_pfns[ctx->nr_batch_pfns++] = pfn;
}

/*
 * Xen's send_dirty_pages loop: every pfn below p2m_size is tested, one bit at a time.
 * batch: room for MAX_BATCH_SIZE pfns. Returns the sink's pfn sum.
 */
uint64_t xenref_scan_per_bit(const void *dirty_bitmap, uint64_t p2m_size, uint64_t *batch,
                             struct xenref_sink *sink)
{
    struct batch_ctx ctx = { .batch_pfns = batch, .nr_batch_pfns = 0, .sink = sink };
    unsigned long p;

    for ( p = 0; p < p2m_size; ++p )
    {
        if ( !test_bit(p, dirty_bitmap) )
            continue;
        add_to_batch(&ctx, p);
    }
    flush_batch(&ctx);
    return sink->pfn_sum;
}

/*
 * The word-at-a-time scan: little-endian 64-bit words (Xen's byte order on x86), zero words
 * skipped, each set bit found with count-trailing-zeros; bits past p2m_size in the last word
 * ignored. Same batches and flushes as above.
 */
uint64_t xenref_scan_word_ctz(const uint64_t *words, uint64_t p2m_size, uint64_t *batch,
                              struct xenref_sink *sink)
{
    struct batch_ctx ctx = { .batch_pfns = batch, .nr_batch_pfns = 0, .sink = sink };
    uint64_t nwords = (p2m_size + 63) / 64, w;
    unsigned int tail = p2m_size & 63;

    for ( w = 0; w < nwords; ++w )
    {
        uint64_t bits = words[w];

        if ( bits == 0 )
            continue;
        if ( tail && w == nwords - 1 )
            bits &= (1ULL << tail) - 1;
        while ( bits )
        {
            add_to_batch(&ctx, (w << 6) + (uint64_t)__builtin_ctzll(bits));
            bits &= bits - 1;
        }
    }
    flush_batch(&ctx);
    return sink->pfn_sum;
}

/*
 * writev_exact (xc_private.c): writev in chunks of at most IOV_MAX vectors, EINTR retried, a
 * short write completed by resubmitting the rest. Xen copies the iovec array before adjusting
 * it; the array here is the writer's own scratch, so it is adjusted in place (as a later Xen
 * change does). Returns 0, or -1 with errno set.
 */
static int writev_exact(int fd, struct iovec *iov, int iovcnt)
{
    int iov_idx = 0;
    ssize_t len;

    while ( iov_idx < iovcnt )
    {
        /* Skip zero-length vectors: after a short write they would look like EOF. */
        while ( iov[iov_idx].iov_len == 0 )
            if ( ++iov_idx == iovcnt )
                return 0;

        len = writev(fd, &iov[iov_idx], (iovcnt - iov_idx) < IOV_MAX ? (iovcnt - iov_idx) : IOV_MAX);
        if ( len == -1 && errno == EINTR )
            continue;
        if ( len <= 0 )
        {
            if ( len == 0 )
                errno = EIO;
            return -1;
        }

        while ( len > 0 && iov_idx < iovcnt )
        {
            if ( (size_t)len >= iov[iov_idx].iov_len )
                len -= iov[iov_idx++].iov_len;
            else
            {
                iov[iov_idx].iov_base = (char *)iov[iov_idx].iov_base + len;
                iov[iov_idx].iov_len -= len;
                len = 0;
            }
        }
    }
    return 0;
}

/* Scratch of one batch writer, allocated once (Xen allocates these per batch). */
struct xenref_writer {
    unsigned int max_batch;
    struct {
        uint32_t type;      /* struct xc_sr_rhdr */
        uint32_t length;
        uint32_t count;     /* struct xc_sr_rec_page_data_header */
        uint32_t _res1;
    } hdrs;
    uint64_t *batch_pfns;
    uint64_t *types;
    uint64_t *rec_pfns;
    struct iovec *iov;
};

void xenref_writer_free(struct xenref_writer *w)
{
    if ( !w )
        return;
    free(w->batch_pfns);
    free(w->types);
    free(w->rec_pfns);
    free(w->iov);
    free(w);
}

/* A writer for batches of up to max_batch pfns; NULL when out of memory or max_batch is 0. */
struct xenref_writer *xenref_writer_new(unsigned int max_batch)
{
    struct xenref_writer *w;

    if ( max_batch == 0 )
        return NULL;
    w = calloc(1, sizeof(*w));
    if ( !w )
        return NULL;
    w->max_batch = max_batch;
    w->batch_pfns = calloc(max_batch, sizeof(*w->batch_pfns));
    w->types = calloc(max_batch, sizeof(*w->types));
    w->rec_pfns = calloc(max_batch, sizeof(*w->rec_pfns));
    w->iov = calloc((size_t)max_batch + 2, sizeof(*w->iov));
    if ( !w->batch_pfns || !w->types || !w->rec_pfns || !w->iov )
    {
        xenref_writer_free(w);
        return NULL;
    }
    return w;
}

/*
 * One PAGE_DATA record of nr_pfns ordinary pages, pfns first_pfn, first_pfn + 1, ..., their data
 * at guest + pfn * 4096, written to fd as write_batch does. merge = 0: one iovec per page (Xen
 * 4.17); merge != 0: a page that directly follows the previous iovec extends it (newer Xen).
 * Returns the record's bytes, or -errno (-EINVAL for a bad batch size).
 */
int64_t xenref_write_batch(struct xenref_writer *w, int fd, const uint8_t *guest, uint64_t first_pfn,
                           unsigned int nr_pfns, int merge)
{
    struct iovec *iov = w->iov;
    unsigned int i, nr_pages = 0;
    int iovcnt;

    if ( nr_pfns == 0 || nr_pfns > w->max_batch )
        return -EINVAL;

    /* What add_to_batch collected: here a run of pfns. */
    for ( i = 0; i < nr_pfns; ++i )
        w->batch_pfns[i] = first_pfn + i;

    w->hdrs.type = REC_TYPE_PAGE_DATA;
    w->hdrs.length = (uint32_t)(sizeof(w->hdrs.count) + sizeof(w->hdrs._res1) + nr_pfns * sizeof(uint64_t));
    w->hdrs.count = nr_pfns;
    w->hdrs._res1 = 0;

    iov[0].iov_base = &w->hdrs;
    iov[0].iov_len = sizeof(w->hdrs);
    iov[1].iov_base = w->rec_pfns;
    iov[1].iov_len = nr_pfns * sizeof(*w->rec_pfns);
    iovcnt = 2;

    for ( i = 0; i < nr_pfns; ++i )
    {
        const uint8_t *page = guest + (w->batch_pfns[i] << XC_PAGE_SHIFT);

        w->types[i] = XEN_DOMCTL_PFINFO_NOTAB;
        if ( merge && (const uint8_t *)iov[iovcnt - 1].iov_base + iov[iovcnt - 1].iov_len == page )
            iov[iovcnt - 1].iov_len += XC_PAGE_SIZE;
        else
        {
            iov[iovcnt].iov_base = (void *)page;
            iov[iovcnt].iov_len = XC_PAGE_SIZE;
            iovcnt++;
        }
        nr_pages++;
    }

    w->hdrs.length += nr_pages * XC_PAGE_SIZE;

    for ( i = 0; i < nr_pfns; ++i )
        w->rec_pfns[i] = (w->types[i] << 32) | w->batch_pfns[i];

    if ( writev_exact(fd, iov, iovcnt) )
        return -errno;
    return 8 + (int64_t)w->hdrs.length; /* rhdr (type, length) + body */
}

/* 1 when fd is non-blocking (writev_exact would fail with EAGAIN), 0 when blocking, -errno. */
int xenref_fd_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);

    if ( flags == -1 )
        return -errno;
    return (flags & O_NONBLOCK) ? 1 : 0;
}
