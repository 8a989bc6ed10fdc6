/*
 * The C pair of scripts/bench --link: what the link carries when C moves a guest's pages in
 * Xen's stream shape, to compare livemig's sender and receiver processes with.
 *
 *   linkpair recv PORT_FILE SIZE         listen on 127.0.0.1 (a port of the kernel's choice, written
 *                                        to PORT_FILE), pre-fault SIZE bytes of destination memory,
 *                                        accept one sender, read PAGE_DATA records until END
 *   linkpair send PORT SIZE BATCH        fill SIZE bytes of guest memory, connect, send every page
 *                                        once in PAGE_DATA records of BATCH pfns, then END
 *
 * Sender: libxc v3 record framing (rhdr type + length, PAGE_DATA body: count, reserved, count pfn
 * entries, the pages), one writev per record with the header, the pfn array and the batch's
 * pages merged into one iovec (newer Xen's write_batch: the pfns of a batch are adjacent), the
 * short-write loop of Xen's writev_exact. Receiver: reads the record header and the pfn array,
 * then readv()s the pages straight into destination memory, one iovec per run of adjacent pfns
 * (a restore scatters into the guest's pages; Xen reads the record into a buffer and copies
 * each page, this is the cheaper form). Both sockets get 4 MiB buffers, as livemig's
 * StreamTarget (SO_SNDBUF) and StreamSource (SO_RCVBUF) ask.
 *
 * Time: the sender prints start_ns (CLOCK_REALTIME after connect, before the first byte), the
 * receiver end_ns (END read): the same span livemig's result files give (save started .. the
 * receiver has END). Both print a checksum of the whole guest memory (computed outside the
 * timed span), so the script can check that the destination equals the source.
 * Output: key=value lines on standard output. Exit 0, or 1 with a message on standard error.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define MAX_BATCH 1024
#define REC_TYPE_END 0x00000000U
#define REC_TYPE_PAGE_DATA 0x00000001U
#define SOCKET_BUFFER (4 << 20)
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

struct rhdr { uint32_t type, length; };              /* xc_sr_rhdr */
struct page_data_hdr { uint32_t count, reserved; };  /* xc_sr_rec_page_data_header */

static void die(const char *what)
{
    fprintf(stderr, "linkpair: %s: %s\n", what, strerror(errno));
    exit(1);
}

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    return (uint64_t)t.tv_sec * 1000000000ULL + (uint64_t)t.tv_nsec;
}

/* Guest-sized anonymous memory, every page allocated now (MADV_POPULATE_WRITE, or touched). */
static uint8_t *map_memory(uint64_t size)
{
    uint8_t *m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if ( m == MAP_FAILED )
        die("mmap");
    if ( madvise(m, size, MADV_POPULATE_WRITE) != 0 )
        for ( uint64_t off = 0; off < size; off += PAGE_SIZE )
            m[off] = 0; /* kernel before 5.14: fault the pages in one by one */
    return m;
}

/* A checksum of memory, position-dependent (a page in the wrong place changes it). */
static uint64_t checksum(const uint8_t *m, uint64_t size)
{
    const uint64_t *w = (const uint64_t *)m;
    uint64_t h = 0, n = size / 8;
    for ( uint64_t i = 0; i < n; ++i )
    {
        uint64_t x = w[i] ^ (i * 0x9E3779B97F4A7C15ULL);
        x ^= x >> 29;
        h += x * 0xBF58476D1CE4E5B9ULL;
    }
    return h;
}

/* writev until every byte of iov[0..cnt) is written: EINTR retried, short writes resumed, IOV_MAX chunks. */
static void writev_exact(int fd, struct iovec *iov, int cnt)
{
    int i = 0;
    while ( i < cnt )
    {
        if ( iov[i].iov_len == 0 ) { i++; continue; }
        ssize_t n = writev(fd, &iov[i], cnt - i < IOV_MAX ? cnt - i : IOV_MAX);
        if ( n < 0 && errno == EINTR )
            continue;
        if ( n <= 0 )
            die("writev");
        while ( n > 0 )
        {
            if ( (size_t)n >= iov[i].iov_len )
                n -= iov[i++].iov_len;
            else
            {
                iov[i].iov_base = (uint8_t *)iov[i].iov_base + n;
                iov[i].iov_len -= n;
                n = 0;
            }
        }
    }
}

/* readv until iov[0..cnt) is full: EINTR retried, short reads resumed; EOF before that is an error. */
static void readv_exact(int fd, struct iovec *iov, int cnt)
{
    int i = 0;
    while ( i < cnt )
    {
        if ( iov[i].iov_len == 0 ) { i++; continue; }
        ssize_t n = readv(fd, &iov[i], cnt - i < IOV_MAX ? cnt - i : IOV_MAX);
        if ( n < 0 && errno == EINTR )
            continue;
        if ( n < 0 )
            die("readv");
        if ( n == 0 )
        {
            fprintf(stderr, "linkpair: the sender closed the stream before END\n");
            exit(1);
        }
        while ( n > 0 )
        {
            if ( (size_t)n >= iov[i].iov_len )
                n -= iov[i++].iov_len;
            else
            {
                iov[i].iov_base = (uint8_t *)iov[i].iov_base + n;
                iov[i].iov_len -= n;
                n = 0;
            }
        }
    }
}

static void read_exact(int fd, void *buf, size_t len)
{
    struct iovec v = { .iov_base = buf, .iov_len = len };
    readv_exact(fd, &v, 1);
}

static int send_main(int port, uint64_t size, unsigned batch)
{
    uint64_t pages = size >> PAGE_SHIFT;
    uint8_t *guest = map_memory(size);
    uint64_t *words = (uint64_t *)guest;
    for ( uint64_t i = 0; i < size / 8; ++i )
        words[i] = (i * 0xD1B54A32D192ED03ULL) ^ (i >> 9); /* non-zero, different in every page */
    uint64_t sum = checksum(guest, size);

    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if ( fd < 0 )
        die("socket");
    int buf = SOCKET_BUFFER;
    if ( setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf)) != 0 )
        die("setsockopt SO_SNDBUF");
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    if ( connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0 )
        die("connect");

    uint64_t *pfns = calloc(batch, sizeof(*pfns));
    if ( !pfns )
        die("calloc");
    struct rhdr rh;
    struct page_data_hdr ph;
    struct iovec iov[4];
    uint64_t bytes = 0, t0 = now_ns();
    for ( uint64_t first = 0; first < pages; first += batch )
    {
        unsigned n = pages - first < batch ? (unsigned)(pages - first) : batch;
        for ( unsigned i = 0; i < n; ++i )
            pfns[i] = first + i; /* type NOTAB (0) in the top bits */
        rh.type = REC_TYPE_PAGE_DATA;
        rh.length = sizeof(ph) + n * 8 + n * PAGE_SIZE;
        ph.count = n;
        ph.reserved = 0;
        iov[0] = (struct iovec){ &rh, sizeof(rh) };
        iov[1] = (struct iovec){ &ph, sizeof(ph) };
        iov[2] = (struct iovec){ pfns, n * 8UL };
        iov[3] = (struct iovec){ guest + (first << PAGE_SHIFT), n * PAGE_SIZE }; /* adjacent pages merged */
        writev_exact(fd, iov, 4);
        bytes += sizeof(rh) + rh.length;
    }
    rh.type = REC_TYPE_END;
    rh.length = 0;
    iov[0] = (struct iovec){ &rh, sizeof(rh) };
    writev_exact(fd, iov, 1);
    bytes += sizeof(rh);
    /* wait for the receiver to close: the stream is consumed */
    char c;
    while ( read(fd, &c, 1) < 0 && errno == EINTR )
        ;
    printf("start_ns=%llu\nbytes=%llu\npages=%llu\nchecksum=%016llx\n", (unsigned long long)t0,
           (unsigned long long)bytes, (unsigned long long)pages, (unsigned long long)sum);
    return 0;
}

static int recv_main(const char *port_file, uint64_t size)
{
    uint64_t pages = size >> PAGE_SHIFT;
    uint8_t *dest = map_memory(size); /* pre-faulted, as a restore's domain is built before the stream */

    int ls = socket(AF_INET, SOCK_STREAM, 0);
    if ( ls < 0 )
        die("socket");
    int buf = SOCKET_BUFFER, one = 1;
    setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if ( setsockopt(ls, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf)) != 0 ) /* before listen: sets the window scale */
        die("setsockopt SO_RCVBUF");
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t al = sizeof(a);
    if ( bind(ls, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(ls, 1) != 0 || getsockname(ls, (struct sockaddr *)&a, &al) != 0 )
        die("bind/listen");
    char tmp[PATH_MAX];
    snprintf(tmp, sizeof(tmp), "%s.tmp", port_file);
    FILE *pf = fopen(tmp, "w");
    if ( !pf || fprintf(pf, "%d\n", ntohs(a.sin_port)) < 0 || fclose(pf) != 0 || rename(tmp, port_file) != 0 )
        die("port file");
    int fd;
    while ( (fd = accept(ls, NULL, NULL)) < 0 )
        if ( errno != EINTR )
            die("accept");

    uint64_t *pfns = malloc(MAX_BATCH * sizeof(*pfns));
    struct iovec *iov = malloc(MAX_BATCH * sizeof(*iov));
    if ( !pfns || !iov )
        die("malloc");
    uint64_t bytes = 0, received = 0;
    for ( ;; )
    {
        struct rhdr rh;
        read_exact(fd, &rh, sizeof(rh));
        bytes += sizeof(rh);
        if ( rh.type == REC_TYPE_END && rh.length == 0 )
            break;
        struct page_data_hdr ph;
        if ( rh.type != REC_TYPE_PAGE_DATA || rh.length < sizeof(ph) )
        {
            fprintf(stderr, "linkpair: unexpected record type %u length %u\n", rh.type, rh.length);
            return 1;
        }
        read_exact(fd, &ph, sizeof(ph));
        if ( ph.count == 0 || ph.count > MAX_BATCH || rh.length != sizeof(ph) + ph.count * (8 + PAGE_SIZE) )
        {
            fprintf(stderr, "linkpair: bad PAGE_DATA: count %u, length %u\n", ph.count, rh.length);
            return 1;
        }
        read_exact(fd, pfns, ph.count * 8UL);
        int cnt = 0;
        for ( unsigned i = 0; i < ph.count; ++i )
        {
            uint64_t pfn = pfns[i] & ((1ULL << 52) - 1), type = pfns[i] >> 60; /* PAGE_DATA_PFN_MASK, _TYPE_MASK */
            if ( type != 0 || pfn >= pages )
            {
                fprintf(stderr, "linkpair: entry %llx: not an ordinary page below %llu\n",
                        (unsigned long long)pfns[i], (unsigned long long)pages);
                return 1;
            }
            uint8_t *to = dest + (pfn << PAGE_SHIFT);
            if ( cnt > 0 && (uint8_t *)iov[cnt - 1].iov_base + iov[cnt - 1].iov_len == to )
                iov[cnt - 1].iov_len += PAGE_SIZE; /* a run of adjacent pfns: one iovec */
            else
                iov[cnt++] = (struct iovec){ to, PAGE_SIZE };
        }
        readv_exact(fd, iov, cnt);
        bytes += rh.length;
        received += ph.count;
    }
    uint64_t t1 = now_ns();
    close(fd);
    printf("end_ns=%llu\nbytes=%llu\npages=%llu\nchecksum=%016llx\n", (unsigned long long)t1,
           (unsigned long long)bytes, (unsigned long long)received, (unsigned long long)checksum(dest, size));
    return 0;
}

int main(int argc, char **argv)
{
    if ( argc == 4 && strcmp(argv[1], "recv") == 0 )
        return recv_main(argv[2], strtoull(argv[3], NULL, 0));
    if ( argc == 5 && strcmp(argv[1], "send") == 0 )
    {
        unsigned batch = (unsigned)strtoul(argv[4], NULL, 0);
        uint64_t size = strtoull(argv[3], NULL, 0);
        if ( batch < 1 || batch > MAX_BATCH || size == 0 || size % PAGE_SIZE )
        {
            fprintf(stderr, "linkpair: batch 1..%d and a size in whole pages\n", MAX_BATCH);
            return 2;
        }
        return send_main(atoi(argv[2]), size, batch);
    }
    fprintf(stderr, "usage: linkpair recv PORT_FILE SIZE | linkpair send PORT SIZE BATCH\n");
    return 2;
}
