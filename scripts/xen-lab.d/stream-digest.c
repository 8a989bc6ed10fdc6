/*
 * stream-digest: the digest of the guest memory a Xen migration stream carries, computed by a
 * reader written apart from livemig's Java one, to cross-check it (in the Xen lab's dom0 on
 * streams Xen wrote, and in IndependentDigestTest on streams livemig wrote).
 *
 * Usage: stream-digest [--max-pfn N] [--rounds] FILE|-      ("-" reads stdin)
 * --rounds adds a second stderr line, "rounds: N1 N2 ...": the data pages of each round, a round
 * being a run of ascending pfns (how Xen's and livemig's senders order a round's pages).
 *        stream-digest --self-test               (CRC32C and SHA-256 against known vectors)
 *
 * Prints the digest (64 lowercase hex digits) on stdout and one summary line on stderr:
 *   "N records, P pages (D distinct pfns with data), framing libxc|libxl|xl"
 * On a malformed or truncated stream: one line on stderr naming what is wrong and where (record
 * index, type and offset, or the header), exit 1. Usage errors exit 2.
 *
 * Digest (as io.livemig.backend.sim.MemoryDigest defines it): SHA-256 over, for each pfn in
 * ascending order whose final page is not all zero, the pfn as 8 bytes little-endian followed by
 * the CRC32C (Castagnoli) of the page as 4 bytes little-endian.
 *
 * Framing (docs/specs/libxc-migration-stream.pandoc and libxl-migration-stream.pandoc of Xen),
 * detected from the first 8 bytes:
 *   libxc: image header (24 bytes, big-endian: u64 0xFFFFFFFFFFFFFFFF, u32 "XENF", u32 version
 *          2..3, u16 options, u16 + u32 reserved), domain header (16 bytes: u32 type, u16
 *          page_shift, u16 reserved, u32 xen major, u32 xen minor), then records
 *          {u32 type, u32 length, body, zero padding to 8} up to END (type 0).
 *   libxl: header (16 bytes, big-endian: u64 "LibxlFmt", u32 version 2, u32 options), then
 *          records framed the same way up to END (type 0); LIBXC_CONTEXT (type 1, empty) is
 *          followed by a whole libxc stream.
 *   xl:    a save file: 32-byte magic "Xen saved domain, xl format\n \0 \r", u32 0x01020304,
 *          u32 mandatory flags, u32 optional flags, u32 optional data length, the optional data
 *          (the domain config), then a libxl stream.
 * PAGE_DATA (type 1): u32 count, u32 reserved, u64 entry[count] (type in bits 63..60, bits 59..52
 * zero, pfn in 51..0), then one 4096-byte page per entry whose type carries data (all but
 * BROKEN 0xD, XALLOC 0xE, XTAB 0xF; 5..8 are invalid). The last data sent for a pfn is its final
 * page; entries without data leave a pfn as it was. After a VERIFY record pages are compared by
 * a restorer, not written, so they do not change the final pages here either.
 *
 * Only the CRC32C of each pfn's latest page is kept (the digest needs nothing else), in a
 * two-level table allocated per 4096 pfns touched: memory follows the pfns the stream carries,
 * not the highest one. Build: gcc -O2 -Wall -Wextra -static -o stream-digest stream-digest.c
 */
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_SIZE 4096u
#define MAX_RECORD_BODY (128u << 20)
#define DEFAULT_MAX_PFN UINT64_C(0xFFFFFFFF) /* 16 TiB of guest-physical space */

#define LIBXC_END 0x00u
#define LIBXC_PAGE_DATA 0x01u
#define LIBXC_VERIFY 0x0Du
#define LIBXC_CHECKPOINT 0x0Eu
#define LIBXL_END 0u
#define LIBXL_LIBXC_CONTEXT 1u

#define PFN_MASK UINT64_C(0x000FFFFFFFFFFFFF)
#define ENTRY_RESERVED_MASK UINT64_C(0x0FF0000000000000)

#define XL_FLAG_JSON 1u
#define XL_FLAG_STREAM_V2 2u

/* ---------------------------------------------------------------- errors and input */

static FILE *input;
static uint64_t position;            /* offset of the next byte of the stream */
static uint64_t record_count;        /* records read so far (libxl and libxc alike) */
static char context[160] = "stream"; /* the header or record being read, for messages */

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "stream-digest: %s: ", context);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static void at_header(const char *name, uint64_t offset)
{
    snprintf(context, sizeof context, "%s at offset %" PRIu64, name, offset);
}

/* Reads exactly n bytes; truncation and read errors name the offset and what was being read. */
static void read_exact(void *buf, size_t n, const char *what)
{
    size_t got = fread(buf, 1, n, input);
    if (got != n) {
        if (ferror(input)) {
            die("read error at offset %" PRIu64 " in %s: %s", position + got, what, strerror(errno));
        }
        die("stream truncated at offset %" PRIu64 ": %s incomplete (%zu of %zu bytes)", position + got, what, got, n);
    }
    position += n;
}

static void skip(uint64_t n, const char *what)
{
    static unsigned char scratch[65536];
    while (n > 0) {
        size_t chunk = n < sizeof scratch ? (size_t)n : sizeof scratch;
        read_exact(scratch, chunk, what);
        n -= chunk;
    }
}

static uint16_t be16(const unsigned char *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t be32(const unsigned char *p) { return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]; }
static uint64_t be64(const unsigned char *p) { return (uint64_t)be32(p) << 32 | be32(p + 4); }
static uint32_t le32(const unsigned char *p) { return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0]; }
static uint64_t le64(const unsigned char *p) { return (uint64_t)le32(p + 4) << 32 | le32(p); }

/* ---------------------------------------------------------------- CRC32C (slicing by 8) */

static uint32_t crc_table[8][256];

static void crc32c_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) {
            c = c & 1 ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        }
        crc_table[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++) {
        for (int t = 1; t < 8; t++) {
            crc_table[t][i] = (crc_table[t - 1][i] >> 8) ^ crc_table[0][crc_table[t - 1][i] & 0xFF];
        }
    }
}

static uint32_t crc32c(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    while (n >= 8) {
        uint32_t lo = c ^ le32(p);
        uint32_t hi = le32(p + 4);
        c = crc_table[7][lo & 0xFF] ^ crc_table[6][(lo >> 8) & 0xFF] ^ crc_table[5][(lo >> 16) & 0xFF] ^ crc_table[4][lo >> 24]
            ^ crc_table[3][hi & 0xFF] ^ crc_table[2][(hi >> 8) & 0xFF] ^ crc_table[1][(hi >> 16) & 0xFF] ^ crc_table[0][hi >> 24];
        p += 8;
        n -= 8;
    }
    while (n-- > 0) {
        c = (c >> 8) ^ crc_table[0][(c ^ *p++) & 0xFF];
    }
    return c ^ 0xFFFFFFFFu;
}

/* ---------------------------------------------------------------- SHA-256 (FIPS 180-4) */

typedef struct {
    uint32_t h[8];
    unsigned char block[64];
    size_t used;      /* bytes in block */
    uint64_t length;  /* bytes hashed */
} sha256_ctx;

static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, int n) { return x >> n | x << (32 - n); }

static void sha256_init(sha256_ctx *s)
{
    static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, h0, sizeof h0);
    s->used = 0;
    s->length = 0;
}

static void sha256_block(sha256_ctx *s, const unsigned char *p)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++) {
        w[i] = be32(p + 4 * i);
    }
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4], f = s->h[5], g = s->h[6], h = s->h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + sha256_k[i] + w[i];
        uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d;
    s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
}

static void sha256_update(sha256_ctx *s, const unsigned char *p, size_t n)
{
    s->length += n;
    while (n > 0) {
        size_t take = 64 - s->used < n ? 64 - s->used : n;
        memcpy(s->block + s->used, p, take);
        s->used += take;
        p += take;
        n -= take;
        if (s->used == 64) {
            sha256_block(s, s->block);
            s->used = 0;
        }
    }
}

/* Writes the digest as 64 lowercase hex digits and a NUL into hex[65]. */
static void sha256_finish(sha256_ctx *s, char hex[65])
{
    uint64_t bits = s->length * 8;
    unsigned char pad[72] = {0x80};
    size_t padlen = (s->used < 56 ? 56 : 120) - s->used;
    for (size_t i = 0; i < 8; i++) {
        pad[padlen + i] = (unsigned char)(bits >> (56 - 8 * i));
    }
    sha256_update(s, pad, padlen + 8);
    for (int i = 0; i < 8; i++) {
        snprintf(hex + 8 * i, 9, "%08" PRIx32, s->h[i]);
    }
}

/* ---------------------------------------------------------------- final pages, by pfn */

/* Per pfn: bit 33 a data page arrived, bit 32 the latest one is not all zero, bits 31..0 its CRC32C. */
#define SLOT_SEEN (1ull << 33)
#define SLOT_NONZERO (1ull << 32)
#define LEAF_SHIFT 12
#define LEAF_PFNS (1u << LEAF_SHIFT)

static uint64_t **leaves;    /* leaves[pfn >> LEAF_SHIFT], NULL where no pfn was seen */
static uint64_t leaf_count;  /* entries in leaves */
static uint64_t max_pfn = DEFAULT_MAX_PFN;

/* Rounds as the stream shows them (--rounds): Xen and livemig send each round's pages in
 * ascending pfn order, so a round starts where the pfns go down. A heuristic for reports only:
 * a round whose first pfn is above the previous round's last one would be merged with it. */
#define MAX_ROUNDS 64
static int report_rounds;
static uint64_t round_pages[MAX_ROUNDS];
static unsigned round_count;
static uint64_t last_round_pfn;

static void count_round(uint64_t pfn, int carries_data)
{
    if (round_count == 0 || (pfn < last_round_pfn && round_count < MAX_ROUNDS)) {
        round_count++;
    }
    last_round_pfn = pfn;
    if (carries_data) {
        round_pages[round_count - 1]++;
    }
}
static uint64_t pages_read;
static uint64_t distinct_pfns;
static uint32_t zero_page_crc;

static void record_page(uint64_t pfn, const unsigned char *page)
{
    uint64_t leaf = pfn >> LEAF_SHIFT;
    if (leaf >= leaf_count) {
        uint64_t grown = leaf_count ? leaf_count : 64;
        while (grown <= leaf) {
            grown *= 2;
        }
        uint64_t **more = realloc(leaves, grown * sizeof *leaves);
        if (!more) {
            die("out of memory for the table of %" PRIu64 " pfns", grown << LEAF_SHIFT);
        }
        memset(more + leaf_count, 0, (grown - leaf_count) * sizeof *more);
        leaves = more;
        leaf_count = grown;
    }
    if (!leaves[leaf] && !(leaves[leaf] = calloc(LEAF_PFNS, sizeof **leaves))) {
        die("out of memory after %" PRIu64 " distinct pfns", distinct_pfns);
    }
    uint64_t *slot = &leaves[leaf][pfn & (LEAF_PFNS - 1)];
    uint32_t crc = crc32c(page, PAGE_SIZE);
    int nonzero = crc != zero_page_crc;
    if (!nonzero) {
        /* the zero page's CRC: compare with zeros to be sure */
        for (unsigned i = 0; i < PAGE_SIZE; i++) {
            if (page[i]) {
                nonzero = 1;
                break;
            }
        }
    }
    if (!(*slot & SLOT_SEEN)) {
        distinct_pfns++;
    }
    *slot = SLOT_SEEN | (nonzero ? SLOT_NONZERO | crc : 0);
}

static void digest_pages(char hex[65])
{
    sha256_ctx sha;
    sha256_init(&sha);
    for (uint64_t leaf = 0; leaf < leaf_count; leaf++) {
        const uint64_t *slots = leaves[leaf];
        if (!slots) {
            continue;
        }
        for (uint64_t i = 0; i < LEAF_PFNS; i++) {
            if (slots[i] & SLOT_NONZERO) {
                uint64_t pfn = leaf << LEAF_SHIFT | i;
                uint32_t crc = (uint32_t)slots[i];
                unsigned char entry[12];
                for (int b = 0; b < 8; b++) {
                    entry[b] = (unsigned char)(pfn >> (8 * b));
                }
                for (int b = 0; b < 4; b++) {
                    entry[8 + b] = (unsigned char)(crc >> (8 * b));
                }
                sha256_update(&sha, entry, sizeof entry);
            }
        }
    }
    sha256_finish(&sha, hex);
}

/* ---------------------------------------------------------------- records */

static const char *libxc_record_name(uint32_t type)
{
    static const char *const names[] = {
        "END", "PAGE_DATA", "X86_PV_INFO", "X86_PV_P2M_FRAMES", "X86_PV_VCPU_BASIC", "X86_PV_VCPU_EXTENDED",
        "X86_PV_VCPU_XSAVE", "SHARED_INFO", "X86_TSC_INFO", "HVM_CONTEXT", "HVM_PARAMS", "TOOLSTACK",
        "X86_PV_VCPU_MSRS", "VERIFY", "CHECKPOINT", "CHECKPOINT_DIRTY_PFN_LIST", "STATIC_DATA_END",
        "X86_CPUID_POLICY", "X86_MSR_POLICY",
    };
    return type < sizeof names / sizeof *names ? names[type] : "unknown";
}

static const char *libxl_record_name(uint32_t type)
{
    static const char *const names[] = {
        "libxl END", "LIBXC_CONTEXT", "EMULATOR_XENSTORE_DATA", "EMULATOR_CONTEXT", "CHECKPOINT_END", "CHECKPOINT_STATE",
    };
    return type < sizeof names / sizeof *names ? names[type] : "unknown libxl record";
}

typedef struct {
    uint32_t type;
    uint32_t length;
} record_header;

/* Reads a record header (little-endian) and checks its length; context names the record. */
static record_header read_record_header(const char *(*name)(uint32_t))
{
    unsigned char h[8];
    uint64_t offset = position;
    snprintf(context, sizeof context, "record %" PRIu64 " at offset %" PRIu64, record_count, offset);
    read_exact(h, sizeof h, "record header");
    record_header r = {le32(h), le32(h + 4)};
    snprintf(context, sizeof context, "record %" PRIu64 " (%s, type 0x%08" PRIx32 ") at offset %" PRIu64, record_count,
             name(r.type & 0x7FFFFFFFu), r.type, offset);
    record_count++;
    if (r.length > MAX_RECORD_BODY) {
        die("body length %" PRIu32 " is over the %u-byte limit", r.length, MAX_RECORD_BODY);
    }
    return r;
}

static uint32_t padding_for(uint32_t length) { return (8 - (length & 7)) & 7; }

static unsigned char *entries_buf;
static size_t entries_cap;

/* PAGE_DATA: the body after its header; the final page of each data-carrying pfn is recorded unless verifying. */
static void read_page_data(uint32_t length, int verifying)
{
    unsigned char head[8];
    if (length < 8) {
        die("body of %" PRIu32 " bytes is shorter than the 8-byte PAGE_DATA header", length);
    }
    read_exact(head, sizeof head, "PAGE_DATA header");
    uint32_t count = le32(head);
    if (count < 1) {
        die("count is 0, must be at least 1");
    }
    if ((uint64_t)count * 8 > length - 8) {
        die("count %" PRIu32 " needs %" PRIu64 " bytes of entries, the body has %" PRIu32 " after its header", count,
            (uint64_t)count * 8, length - 8);
    }
    size_t bytes = (size_t)count * 8;
    if (bytes > entries_cap) {
        unsigned char *more = realloc(entries_buf, bytes);
        if (!more) {
            die("out of memory for %" PRIu32 " entries", count);
        }
        entries_buf = more;
        entries_cap = bytes;
    }
    read_exact(entries_buf, bytes, "PAGE_DATA entries");
    uint64_t data_pages = 0;
    for (uint32_t i = 0; i < count; i++) {
        uint64_t entry = le64(entries_buf + 8 * (size_t)i);
        unsigned type = (unsigned)(entry >> 60);
        uint64_t pfn = entry & PFN_MASK;
        count_round(pfn, type < 0xD);
        if (entry & ENTRY_RESERVED_MASK) {
            die("entry %" PRIu32 " (0x%016" PRIx64 ") has reserved bits 59..52 set", i, entry);
        }
        if (type >= 5 && type <= 8) {
            die("entry %" PRIu32 " (pfn 0x%" PRIx64 ") has invalid page type 0x%x", i, pfn, type);
        }
        if (type < 0xD) {
            if (pfn > max_pfn) {
                die("entry %" PRIu32 " has pfn 0x%" PRIx64 ", above --max-pfn 0x%" PRIx64, i, pfn, max_pfn);
            }
            data_pages++;
        }
    }
    uint64_t expected = 8 + (uint64_t)count * 8 + data_pages * PAGE_SIZE;
    if (expected != length) {
        die("body length %" PRIu32 " is not %" PRIu64 " (8 + 8 x %" PRIu32 " entries + 4096 x %" PRIu64 " data pages)", length,
            expected, count, data_pages);
    }
    static unsigned char page[PAGE_SIZE];
    uint64_t page_index = 0;
    for (uint32_t i = 0; i < count; i++) {
        uint64_t entry = le64(entries_buf + 8 * (size_t)i);
        if ((entry >> 60) >= 0xD) {
            continue;
        }
        char what[96];
        size_t got = fread(page, 1, PAGE_SIZE, input);
        if (got != PAGE_SIZE) {
            snprintf(what, sizeof what, "data page %" PRIu64 " of %" PRIu64 " (entry %" PRIu32 ", pfn 0x%" PRIx64 ")", page_index + 1,
                     data_pages, i, entry & PFN_MASK);
            if (ferror(input)) {
                die("read error at offset %" PRIu64 " in %s: %s", position + got, what, strerror(errno));
            }
            die("stream truncated at offset %" PRIu64 ": %s incomplete (%zu of %u bytes)", position + got, what, got, PAGE_SIZE);
        }
        position += PAGE_SIZE;
        page_index++;
        pages_read++;
        if (!verifying) {
            record_page(entry & PFN_MASK, page);
        }
    }
}

/* The libxc stream from its image header to its END; the first `have` bytes of the image header are in `start`. */
static void read_libxc(const unsigned char *start, size_t have)
{
    unsigned char ih[24];
    uint64_t offset = position - have;
    at_header("libxc image header", offset);
    if (have) {
        memcpy(ih, start, have);
    }
    read_exact(ih + have, sizeof ih - have, "libxc image header");
    if (be64(ih) != 0xFFFFFFFFFFFFFFFFull) {
        die("marker is 0x%016" PRIx64 ", not 0xffffffffffffffff", be64(ih));
    }
    if (be32(ih + 8) != 0x58454E46u) {
        die("id is 0x%08" PRIx32 ", not 0x58454e46 (\"XENF\")", be32(ih + 8));
    }
    uint32_t version = be32(ih + 12);
    if (version < 2 || version > 3) {
        die("version %" PRIu32 " is not 2 or 3", version);
    }
    if (be16(ih + 16) & 1) {
        die("options 0x%04x: big-endian streams are not supported", be16(ih + 16));
    }
    unsigned char dh[16];
    at_header("libxc domain header", position);
    read_exact(dh, sizeof dh, "libxc domain header");
    if ((dh[4] | dh[5] << 8) != 12) {
        die("page_shift %u, not 12", dh[4] | dh[5] << 8);
    }
    int verifying = 0;
    for (;;) {
        record_header r = read_record_header(libxc_record_name);
        switch (r.type) {
        case LIBXC_END:
            if (r.length != 0) {
                die("END has a body of %" PRIu32 " bytes", r.length);
            }
            return;
        case LIBXC_PAGE_DATA:
            read_page_data(r.length, verifying);
            break;
        case LIBXC_VERIFY:
            verifying = 1;
            skip(r.length, "VERIFY body");
            break;
        case LIBXC_CHECKPOINT:
            die("checkpointed streams (Remus/COLO) are not supported");
        default:
            skip(r.length, "record body");
            break;
        }
        skip(padding_for(r.length), "record padding");
    }
}

/* The libxl stream from its header to its END; the first `have` bytes of the header are in `start`. */
static void read_libxl(const unsigned char *start, size_t have)
{
    unsigned char h[16];
    at_header("libxl header", position - have);
    if (have) {
        memcpy(h, start, have);
    }
    read_exact(h + have, sizeof h - have, "libxl header");
    if (memcmp(h, "LibxlFmt", 8) != 0) {
        die("ident is not \"LibxlFmt\"");
    }
    uint32_t version = be32(h + 8), options = be32(h + 12);
    if (version != 2) {
        die("version %" PRIu32 ", not 2", version);
    }
    if (options & 1) {
        die("options 0x%" PRIx32 ": big-endian streams are not supported", options);
    }
    if (options & 2) {
        die("options 0x%" PRIx32 ": legacy (pre-Xen 4.6) libxc streams are not supported", options);
    }
    int libxc_seen = 0;
    for (;;) {
        record_header r = read_record_header(libxl_record_name);
        if (r.type == LIBXL_END) {
            if (r.length != 0) {
                die("END has a body of %" PRIu32 " bytes", r.length);
            }
            if (!libxc_seen) {
                die("the libxl stream ends without a LIBXC_CONTEXT record: it carries no guest memory");
            }
            return;
        }
        if (r.type == LIBXL_LIBXC_CONTEXT) {
            if (r.length != 0) {
                die("LIBXC_CONTEXT has a body of %" PRIu32 " bytes, must be empty", r.length);
            }
            if (libxc_seen) {
                die("a second LIBXC_CONTEXT (checkpointed streams are not supported)");
            }
            libxc_seen = 1;
            read_libxc(NULL, 0);
            continue;
        }
        skip(r.length, "record body");
        skip(padding_for(r.length), "record padding");
    }
}

/* 32 bytes: the literal without its terminating NUL */
static const char XL_MAGIC[] = "Xen saved domain, xl format\n \0 \r";
#define XL_MAGIC_SIZE (sizeof XL_MAGIC - 1)

/* The xl save-file header and its optional data, then the libxl stream; the first `have` bytes are in `start`. */
static void read_xl(const unsigned char *start, size_t have)
{
    unsigned char h[48];
    at_header("xl save-file header", position - have);
    if (have) {
        memcpy(h, start, have);
    }
    read_exact(h + have, sizeof h - have, "xl save-file header");
    if (memcmp(h, XL_MAGIC, XL_MAGIC_SIZE) != 0) {
        die("magic is not \"Xen saved domain, xl format\\n \\0 \\r\"");
    }
    uint32_t byteorder = le32(h + 32), mandatory = le32(h + 36), optional_length = le32(h + 44);
    if (byteorder == 0x04030201u) {
        die("byte-order marker 0x%08" PRIx32 ": big-endian save files are not supported", byteorder);
    }
    if (byteorder != 0x01020304u) {
        die("byte-order marker 0x%08" PRIx32 ", not 0x01020304", byteorder);
    }
    if (mandatory & ~(XL_FLAG_JSON | XL_FLAG_STREAM_V2)) {
        die("unknown mandatory flags 0x%" PRIx32, mandatory & ~(XL_FLAG_JSON | XL_FLAG_STREAM_V2));
    }
    if (!(mandatory & XL_FLAG_STREAM_V2)) {
        die("mandatory flags 0x%" PRIx32 " lack STREAM_V2: legacy (pre-Xen 4.6) streams are not supported", mandatory);
    }
    if (optional_length > MAX_RECORD_BODY) {
        die("optional data length %" PRIu32 " is over the %u-byte limit", optional_length, MAX_RECORD_BODY);
    }
    skip(optional_length, "xl optional data (domain config)");
    read_libxl(NULL, 0);
}

/* ---------------------------------------------------------------- self-test and main */

static int self_test(void)
{
    static const struct {
        const char *name;
        const char *text;
        size_t repeat;
        const char *sha256;
    } sha_vectors[] = {
        {"\"\"", "", 1, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"\"abc\"", "abc", 1, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"\"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq\"", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"1000000 x \"a\"", "a", 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
    };
    static const struct {
        const char *name;
        const char *text;
        uint32_t crc;
    } crc_vectors[] = {
        {"\"123456789\"", "123456789", 0xE3069283u},
        {"\"The quick brown fox jumps over the lazy dog\"", "The quick brown fox jumps over the lazy dog", 0x22620404u},
    };
    int failures = 0;
    for (size_t v = 0; v < sizeof crc_vectors / sizeof *crc_vectors; v++) {
        uint32_t crc = crc32c((const unsigned char *)crc_vectors[v].text, strlen(crc_vectors[v].text));
        int ok = crc == crc_vectors[v].crc;
        failures += !ok;
        printf("crc32c %s %08" PRIx32 " %s\n", crc_vectors[v].name, crc, ok ? "ok" : "WRONG");
    }
    unsigned char zeros[PAGE_SIZE] = {0};
    printf("crc32c zero page %08" PRIx32 "\n", crc32c(zeros, sizeof zeros));
    for (size_t v = 0; v < sizeof sha_vectors / sizeof *sha_vectors; v++) {
        sha256_ctx s;
        char hex[65];
        sha256_init(&s);
        for (size_t i = 0; i < sha_vectors[v].repeat; i++) {
            sha256_update(&s, (const unsigned char *)sha_vectors[v].text, strlen(sha_vectors[v].text));
        }
        sha256_finish(&s, hex);
        int ok = strcmp(hex, sha_vectors[v].sha256) == 0;
        failures += !ok;
        printf("sha256 %s %s %s\n", sha_vectors[v].name, hex, ok ? "ok" : "WRONG");
    }
    return failures ? 1 : 0;
}

static void usage(void)
{
    fprintf(stderr, "usage: stream-digest [--max-pfn N] [--rounds] FILE|-   (digest of the guest memory a Xen migration stream carries)\n"
                    "       stream-digest --self-test\n");
    exit(2);
}

int main(int argc, char **argv)
{
    crc32c_init();
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--self-test") == 0) {
            return self_test();
        } else if (strcmp(argv[i], "--rounds") == 0) {
            report_rounds = 1;
        } else if (strcmp(argv[i], "--max-pfn") == 0 && i + 1 < argc) {
            char *end;
            errno = 0;
            max_pfn = strtoull(argv[++i], &end, 0);
            if (errno || *end || end == argv[i] || max_pfn > PFN_MASK) {
                fprintf(stderr, "stream-digest: --max-pfn %s is not a number from 0 to 0x%" PRIx64 "\n", argv[i], PFN_MASK);
                exit(2);
            }
        } else if (!path && (strcmp(argv[i], "-") == 0 || argv[i][0] != '-')) {
            path = argv[i];
        } else {
            usage();
        }
    }
    if (!path) {
        usage();
    }
    if (strcmp(path, "-") == 0) {
        input = stdin;
    } else if (!(input = fopen(path, "rb"))) {
        fprintf(stderr, "stream-digest: cannot open %s: %s\n", path, strerror(errno));
        return 1;
    }
    static char buffer[1 << 20];
    setvbuf(input, buffer, _IOFBF, sizeof buffer);
    unsigned char zeros[PAGE_SIZE] = {0};
    zero_page_crc = crc32c(zeros, sizeof zeros);

    unsigned char start[8];
    at_header("stream start", 0);
    read_exact(start, sizeof start, "first 8 bytes (framing)");
    const char *framing;
    static const unsigned char libxc_marker[8] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    if (memcmp(start, libxc_marker, 8) == 0) {
        framing = "libxc";
        read_libxc(start, 8);
    } else if (memcmp(start, "LibxlFmt", 8) == 0) {
        framing = "libxl";
        read_libxl(start, 8);
    } else if (memcmp(start, XL_MAGIC, 8) == 0) {
        framing = "xl";
        read_xl(start, 8);
    } else {
        die("first bytes %02x %02x %02x %02x %02x %02x %02x %02x start neither a libxc image header, a libxl header nor an xl save file",
            start[0], start[1], start[2], start[3], start[4], start[5], start[6], start[7]);
    }
    snprintf(context, sizeof context, "after END");
    int extra = fgetc(input);
    if (extra != EOF) {
        die("data after END: byte 0x%02x at offset %" PRIu64 ", where the stream must end", extra, position);
    }
    if (ferror(input)) {
        die("read error at offset %" PRIu64 ": %s", position, strerror(errno));
    }

    char hex[65];
    digest_pages(hex);
    printf("%s\n", hex);
    fprintf(stderr, "%" PRIu64 " records, %" PRIu64 " pages (%" PRIu64 " distinct pfns with data), framing %s\n", record_count, pages_read,
            distinct_pfns, framing);
    if (report_rounds) {
        fprintf(stderr, "rounds:");
        for (unsigned r = 0; r < round_count; r++) {
            fprintf(stderr, " %" PRIu64, round_pages[r]);
        }
        fprintf(stderr, "\n");
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
