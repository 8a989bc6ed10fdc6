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
 *   xenref_read_page_data the restore side: read_exact of the record header, the PAGE_DATA
 *                         header and the pfn array, the checks of handle_page_data, then one
 *                         readv (readv_exact) scattering the page data straight into destination
 *                         memory, an iovec per page or adjacent pages merged.
 *   xenref_feeder_*       not Xen: a pthread writing an endless stream of PAGE_DATA records into
 *                         a descriptor, the same for the Java and the C receiver.
 *   xenref_swap_receive_options  not Xen: a socket's receive options in and out, for two
 *                         readers taking turns on one connection.
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
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
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
 * change does). The restore side's readv_exact is the same loop around readv (end of stream:
 * EIO). Returns 0, or -1 with errno set.
 */
typedef ssize_t (*iov_call)(int fd, const struct iovec *iov, int iovcnt);

static int iov_exact(int fd, struct iovec *iov, int iovcnt, iov_call call)
{
    int iov_idx = 0;
    ssize_t len;

    while ( iov_idx < iovcnt )
    {
        /* Skip zero-length vectors: after a short transfer they would look like EOF. */
        while ( iov[iov_idx].iov_len == 0 )
            if ( ++iov_idx == iovcnt )
                return 0;

        len = call(fd, &iov[iov_idx], (iovcnt - iov_idx) < IOV_MAX ? (iovcnt - iov_idx) : IOV_MAX);
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

static int writev_exact(int fd, struct iovec *iov, int iovcnt)
{
    return iov_exact(fd, iov, iovcnt, writev);
}

static int readv_exact(int fd, struct iovec *iov, int iovcnt)
{
    return iov_exact(fd, iov, iovcnt, readv);
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

/* ---- the restore side ------------------------------------------------------------------- */

/* XEN_DOMCTL_PFINFO_*: the page types of a PAGE_DATA entry (bits 63..60 of the hypervisor's
 * encoding, 35..32 of the stream's u64 entry: type << 32 | pfn). */
#define PAGE_DATA_PFN_MASK  0x000fffffffffffffULL
#define PAGE_DATA_TYPE_MASK 0xf000000000000000ULL
#define PFINFO_LTAB_SHIFT 28
#define PFINFO_XTAB    (0xfU << PFINFO_LTAB_SHIFT)
#define PFINFO_XALLOC  (0xeU << PFINFO_LTAB_SHIFT)
#define PFINFO_BROKEN  (0xdU << PFINFO_LTAB_SHIFT)

/* read_exact (xc_private.c): read until len bytes came, EINTR retried, 0 at end of stream is an
 * error (EIO here, Xen sets none). Returns 0, or -1 with errno set. */
static int read_exact(int fd, void *data, size_t size)
{
    size_t offset = 0;
    ssize_t len;

    while ( offset < size )
    {
        len = read(fd, (char *)data + offset, size - offset);
        if ( len == -1 && errno == EINTR )
            continue;
        if ( len == 0 )
            errno = EIO;
        if ( len <= 0 )
            return -1;
        offset += len;
    }
    return 0;
}

/* Scratch of one receiver, allocated once (Xen's restore allocates per record). */
struct xenref_reader {
    unsigned int max_batch;
    struct {
        uint32_t type;      /* struct xc_sr_rhdr */
        uint32_t length;
        uint32_t count;     /* struct xc_sr_rec_page_data_header */
        uint32_t _res1;
    } hdrs;
    uint64_t *entries;
    uint64_t *pfns;
    uint32_t *types;
    struct iovec *iov;
    uint8_t *populated;     /* ctx->restore.populated_pfns: a bit per destination pfn */
    uint64_t dest_pages;
};

void xenref_reader_free(struct xenref_reader *r)
{
    if ( !r )
        return;
    free(r->entries);
    free(r->pfns);
    free(r->types);
    free(r->iov);
    free(r->populated);
    free(r);
}

/* A receiver for records of up to max_batch entries into a destination of dest_pages pages (the
 * populated bitmap starts empty: the destination is preallocated, but Xen's restore tests and sets
 * a bit per pfn anyway); NULL when out of memory or max_batch is 0. */
struct xenref_reader *xenref_reader_new(unsigned int max_batch, uint64_t dest_pages)
{
    struct xenref_reader *r;

    if ( max_batch == 0 )
        return NULL;
    r = calloc(1, sizeof(*r));
    if ( !r )
        return NULL;
    r->max_batch = max_batch;
    r->entries = calloc(max_batch, sizeof(*r->entries));
    r->pfns = calloc(max_batch, sizeof(*r->pfns));
    r->types = calloc(max_batch, sizeof(*r->types));
    r->iov = calloc(max_batch, sizeof(*r->iov));
    r->dest_pages = dest_pages;
    r->populated = calloc((dest_pages + 7) / 8, 1);
    if ( !r->entries || !r->pfns || !r->types || !r->iov || !r->populated )
    {
        xenref_reader_free(r);
        return NULL;
    }
    return r;
}

/*
 * Receives one PAGE_DATA record from fd into dest (dest_pages pages, pfn p at dest + p * 4096):
 * read_exact of the record header and the PAGE_DATA header (16 bytes), the checks of Xen's
 * handle_page_data (type, length, count, reserved field, every entry's type and pfn, the length
 * against the data pages), read_exact of the entries, then one readv_exact of the page data
 * scattered into the destination: an iovec per page, or (merge != 0) a page that directly follows
 * the previous iovec extends it. Every entry but XTAB and BROKEN is marked populated (populate_pfns
 * tests a bit per pfn and allocates the missing ones: none here, the destination is preallocated);
 * XTAB, BROKEN and XALLOC entries carry no data, as in Xen.
 * Returns the data pages written, or -errno (-EINVAL for a malformed record, -ERANGE for a pfn
 * beyond the destination).
 */
int64_t xenref_read_page_data(struct xenref_reader *r, int fd, uint8_t *dest, int merge)
{
    const uint64_t dest_pages = r->dest_pages;
    struct iovec *iov = r->iov;
    unsigned int i, count, pages = 0;
    int iovcnt = 0;

    if ( read_exact(fd, &r->hdrs, sizeof(r->hdrs)) )
        return -errno;
    if ( r->hdrs.type != REC_TYPE_PAGE_DATA || r->hdrs.length < 8 )
        return -EINVAL;
    count = r->hdrs.count;
    if ( count == 0 || count > r->max_batch || r->hdrs._res1 != 0
         || r->hdrs.length < 8 + (uint64_t)count * sizeof(uint64_t) )
        return -EINVAL;
    if ( read_exact(fd, r->entries, count * sizeof(uint64_t)) )
        return -errno;

    for ( i = 0; i < count; ++i )
    {
        uint64_t pfn = r->entries[i] & PAGE_DATA_PFN_MASK;
        uint32_t type = (uint32_t)((r->entries[i] & PAGE_DATA_TYPE_MASK) >> 32);

        /* 5..8 are no type (8 alone is LPINTAB without a table level) */
        if ( (type >> PFINFO_LTAB_SHIFT) >= 5 && (type >> PFINFO_LTAB_SHIFT) <= 8 )
            return -EINVAL;
        if ( pfn >= dest_pages )
            return -ERANGE;
        r->pfns[i] = pfn;
        r->types[i] = type;
        if ( type == PFINFO_XTAB || type == PFINFO_BROKEN || type == PFINFO_XALLOC )
            continue;
        pages++;
    }
    if ( r->hdrs.length != 8 + (uint64_t)count * sizeof(uint64_t) + (uint64_t)pages * XC_PAGE_SIZE )
        return -EINVAL;

    for ( i = 0; i < count; ++i )
    {
        uint8_t *page;
        uint32_t type = r->types[i];

        if ( type == PFINFO_XTAB || type == PFINFO_BROKEN )
            continue;
        if ( !test_bit(r->pfns[i], r->populated) )
            r->populated[r->pfns[i] / 8] |= (uint8_t)(1U << (r->pfns[i] % 8));
        if ( type == PFINFO_XALLOC )
            continue;
        page = dest + (r->pfns[i] << XC_PAGE_SHIFT);
        if ( merge && iovcnt > 0 && (uint8_t *)iov[iovcnt - 1].iov_base + iov[iovcnt - 1].iov_len == page )
            iov[iovcnt - 1].iov_len += XC_PAGE_SIZE;
        else
        {
            iov[iovcnt].iov_base = page;
            iov[iovcnt].iov_len = XC_PAGE_SIZE;
            iovcnt++;
        }
    }
    /* the body is 8 + 8 * count + 4096 * pages bytes: a multiple of 8, no padding */
    if ( iovcnt && readv_exact(fd, iov, iovcnt) )
        return -errno;
    return pages;
}

/* ---- the feeder: the sending end of the receive benchmarks ------------------------------ */

/*
 * Record r (counted from 0, cycling every dest_pages / batch records) carries batch ordinary
 * pages. With stride 1 its pfns are r * batch + k; with stride s (dest_pages / batch a multiple
 * of s) the records first cover every s-th pfn, then the next offset: part = records / s,
 * pfn = s * ((r % part) * batch + k) + r / part (stride 2: no two pfns of a record adjacent).
 * The data of entry k is page (r * batch + k) % pool_pages of the pool (contiguous: batch divides
 * pool_pages), so that the pool stays in the cache and the feeder costs little.
 */
struct xenref_feeder {
    int fd;
    unsigned int batch;
    unsigned int stride;
    uint64_t records_per_cycle;
    const uint8_t *pool;
    uint64_t pool_pages;
    const uint8_t *prelude;
    uint64_t prelude_len;
    struct {
        uint32_t type;
        uint32_t length;
        uint32_t count;
        uint32_t _res1;
    } hdrs;
    uint64_t *entries;
    struct iovec iov[3];
    atomic_int stop;
    atomic_uint_fast64_t records;
    int error;
    pthread_t thread;
};

/* Record r's pfn k (the formula above; Java's RestoreFeed.pfn is the same). */
uint64_t xenref_feeder_pfn(uint64_t records_per_cycle, unsigned int batch, unsigned int stride, uint64_t r, unsigned int k)
{
    uint64_t part = records_per_cycle / stride;
    r %= records_per_cycle;
    return (uint64_t)stride * ((r % part) * batch + k) + r / part;
}

static void *feeder_main(void *arg)
{
    struct xenref_feeder *f = arg;
    sigset_t pipe_signal;
    uint64_t r = 0;
    unsigned int k;

    /* a vanished reader makes writev fail with EPIPE; the signal stays on this thread, blocked */
    sigemptyset(&pipe_signal);
    sigaddset(&pipe_signal, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_signal, NULL);

    if ( f->prelude_len )
    {
        f->iov[0].iov_base = (void *)f->prelude;
        f->iov[0].iov_len = f->prelude_len;
        if ( writev_exact(f->fd, f->iov, 1) )
        {
            f->error = errno;
            return NULL;
        }
    }
    while ( !atomic_load_explicit(&f->stop, memory_order_relaxed) )
    {
        uint64_t in_cycle = r % f->records_per_cycle;

        for ( k = 0; k < f->batch; ++k )
            f->entries[k] = (XEN_DOMCTL_PFINFO_NOTAB << 32)
                | xenref_feeder_pfn(f->records_per_cycle, f->batch, f->stride, in_cycle, k);
        f->iov[0].iov_base = &f->hdrs;
        f->iov[0].iov_len = sizeof(f->hdrs);
        f->iov[1].iov_base = f->entries;
        f->iov[1].iov_len = f->batch * sizeof(uint64_t);
        f->iov[2].iov_base = (void *)(f->pool + (((in_cycle * f->batch) % f->pool_pages) << XC_PAGE_SHIFT));
        f->iov[2].iov_len = (size_t)f->batch << XC_PAGE_SHIFT;
        if ( writev_exact(f->fd, f->iov, 3) )
        {
            f->error = errno;
            break;
        }
        atomic_fetch_add_explicit(&f->records, 1, memory_order_relaxed);
        r++;
    }
    return NULL;
}

/*
 * Starts a thread writing prelude (prelude_len bytes, may be 0: the stream's headers for a
 * receiver that checks them) and then records without end to fd (blocking). NULL on a bad
 * shape (batch 0, pool_pages or dest_pages / batch not multiples as described above) or when
 * out of memory or threads.
 */
struct xenref_feeder *xenref_feeder_start(int fd, unsigned int batch, unsigned int stride, uint64_t dest_pages,
                                          const uint8_t *pool, uint64_t pool_pages,
                                          const uint8_t *prelude, uint64_t prelude_len)
{
    struct xenref_feeder *f;

    if ( batch == 0 || stride == 0 || pool_pages % batch || dest_pages % batch || (dest_pages / batch) % stride )
        return NULL;
    f = calloc(1, sizeof(*f));
    if ( !f )
        return NULL;
    f->fd = fd;
    f->batch = batch;
    f->stride = stride;
    f->records_per_cycle = dest_pages / batch;
    f->pool = pool;
    f->pool_pages = pool_pages;
    f->prelude = prelude;
    f->prelude_len = prelude_len;
    f->hdrs.type = REC_TYPE_PAGE_DATA;
    f->hdrs.length = (uint32_t)(8 + (uint64_t)batch * sizeof(uint64_t) + ((uint64_t)batch << XC_PAGE_SHIFT));
    f->hdrs.count = batch;
    f->entries = calloc(batch, sizeof(*f->entries));
    if ( !f->entries )
    {
        free(f);
        return NULL;
    }
    if ( pthread_create(&f->thread, NULL, feeder_main, f) )
    {
        free(f->entries);
        free(f);
        return NULL;
    }
    return f;
}

/* Records written completely so far. */
uint64_t xenref_feeder_records(struct xenref_feeder *f)
{
    return atomic_load_explicit(&f->records, memory_order_relaxed);
}

/* Asks the thread to stop after its current record; the caller then closes the reading end
 * (which ends a writev blocked on a full pipe or socket) and calls xenref_feeder_join. */
void xenref_feeder_stop(struct xenref_feeder *f)
{
    atomic_store(&f->stop, 1);
}

/* Waits for the thread, frees the feeder; returns the errno it stopped on (0, EPIPE, ECONNRESET
 * after the reader closed). */
int xenref_feeder_join(struct xenref_feeder *f)
{
    int error;

    pthread_join(f->thread, NULL);
    error = f->error;
    free(f->entries);
    free(f);
    return error;
}

/* ---- loopback TCP for the receive benchmarks --------------------------------------------- */

/* A listening socket on 127.0.0.1, an ephemeral port (written to *port); -errno on failure. */
int xenref_tcp_listen(int *port)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK), .sin_port = 0 };
    socklen_t len = sizeof(a);
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), e;

    if ( s < 0 )
        return -errno;
    if ( bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 1) || getsockname(s, (struct sockaddr *)&a, &len) )
    {
        e = errno;
        close(s);
        return -e;
    }
    *port = ntohs(a.sin_port);
    return s;
}

/* accept(2) on a listening socket (blocking), with a send buffer of sndbuf bytes (0: the
 * default); the connection's descriptor or -errno. */
int xenref_tcp_accept(int listener, int sndbuf)
{
    int c = accept4(listener, NULL, NULL, SOCK_CLOEXEC), e;

    if ( c < 0 )
        return -errno;
    if ( sndbuf > 0 && setsockopt(c, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf)) )
    {
        e = errno;
        close(c);
        return -e;
    }
    return c;
}

/* The receive options a reader of a socket sets for itself. */
struct xenref_receive_options {
    int lowat;                  /* SO_RCVLOWAT */
    struct timeval timeout;     /* SO_RCVTIMEO */
};

/* Swaps a socket's SO_RCVLOWAT and SO_RCVTIMEO with *o (the socket's go to *o): the paired
 * receive benchmark's readers take turns on one connection, each with its own options (Xen's
 * read loop the kernel's defaults, livemig's reader its mark and receive slices). 0 or -errno. */
int xenref_swap_receive_options(int fd, struct xenref_receive_options *o)
{
    struct xenref_receive_options old;
    socklen_t len = sizeof(old.lowat);

    memset(&old, 0, sizeof(old)); /* the padding too: *o is compared byte for byte in the tests */
    if ( getsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &old.lowat, &len) )
        return -errno;
    len = sizeof(old.timeout);
    if ( getsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &old.timeout, &len) )
        return -errno;
    if ( setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &o->lowat, sizeof(o->lowat)) ||
         setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &o->timeout, sizeof(o->timeout)) )
        return -errno;
    *o = old;
    return 0;
}

/* close(2), for the descriptors made here. */
int xenref_close(int fd)
{
    return close(fd) ? -errno : 0;
}
