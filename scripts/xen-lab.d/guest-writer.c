/*
 * The lab's domU workload (PID 1's child in the guest's busybox initramfs): keeps writing a
 * known pattern into a buffer so that dom0 can check what log-dirty and foreign mapping see.
 *
 * Every 4 KiB page of the buffer starts with three little-endian u64 words:
 *   [0] GUEST_MAGIC (0x4c4956454d494721, the bytes "!GIMEVIL")
 *   [1] the page's index within the buffer (0 .. pages-1)
 *   [2] the pass counter: 1 on the first pass, +1 on every pass over the whole buffer
 * The rest of each page stays zero. One pass rewrites every page, spread over PASS_SLICES
 * slices of a second, so the guest dirties about pages/second pages at a steady pace.
 *
 * Console output (hvc0, read by dom0 from xenconsoled's guest log):
 *   "DOMU ALIVE: livemig guest writer pages=N buffer_pfn0=0x... pid=P" once the first pass is done
 *   "LIVEMIG GUEST counter=N checked=C failed=F" every HEARTBEAT_PASSES passes
 *   "LIVEMIG GUEST CHECK FAILED page=... word0=... word1=... word2=... expected counter=..." for
 *   the first few pages found not as the previous pass left them
 *   "LIVEMIG TICK n ms=M" every TICK_MS ms from a child process (n counts from 1, M is the guest's
 *   CLOCK_MONOTONIC in ms): dom0 stamps each as it arrives, and the longest gap around a
 *   migration is the downtime as the guest sees it (steps-migrate.sh)
 * Before it rewrites a page, the writer checks that the page still holds what the previous pass
 * wrote (magic, index, counter - 1, zero tail words). So after a restore (xl restore of a save
 * file, or a migration), the first pass checks the whole buffer as the guest left it at suspend.
 *
 * Usage: guest-writer [MiB]   (default 16). Build: gcc -O2 -static -o guest-writer guest-writer.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define GUEST_MAGIC 0x4c4956454d494721ULL
#define PAGE_BYTES 4096UL
#define PASS_SLICES 16
#define HEARTBEAT_PASSES 5
#define TICK_MS 20

/* The buffer's first page frame as the guest kernel sees it (a GFN in a PVH/HVM guest, a PFN in
 * a PV one), from /proc/self/pagemap; 0 when the kernel hides it. */
static unsigned long long first_frame(const void *buffer) {
    int fd = open("/proc/self/pagemap", O_RDONLY);
    if (fd < 0) return 0;
    uint64_t entry = 0;
    off_t where = (off_t)((uintptr_t)buffer / PAGE_BYTES) * (off_t)sizeof entry;
    ssize_t got = pread(fd, &entry, sizeof entry, where);
    close(fd);
    if (got != (ssize_t)sizeof entry || !(entry >> 63)) return 0;
    return entry & ((1ULL << 55) - 1);
}

#define WORDS_PER_PAGE (PAGE_BYTES / sizeof(uint64_t))
#define REPORTED_FAILURES 8
static unsigned long long checked, failed;

static void check_page(volatile uint64_t *words, unsigned long page, uint64_t counter) {
    checked++;
    if (words[0] == GUEST_MAGIC && words[1] == page && words[2] == counter - 1 && words[3] == 0
        && words[WORDS_PER_PAGE / 2] == 0 && words[WORDS_PER_PAGE - 1] == 0)
        return;
    if (failed++ < REPORTED_FAILURES)
        printf("LIVEMIG GUEST CHECK FAILED page=%lu word0=0x%llx word1=%llu word2=%llu expected counter=%llu\n",
               page, (unsigned long long)words[0], (unsigned long long)words[1],
               (unsigned long long)words[2], (unsigned long long)(counter - 1));
}

static void write_pages(volatile uint64_t *buffer, unsigned long from, unsigned long to,
                        uint64_t counter) {
    for (unsigned long page = from; page < to; page++) {
        volatile uint64_t *words = buffer + page * WORDS_PER_PAGE;
        if (counter > 1) check_page(words, page, counter);
        words[0] = GUEST_MAGIC;
        words[1] = page;
        words[2] = counter;
    }
}

/* The ticker: one write(2) per line, so its lines never interleave with the writer's. */
static void tick_forever(void) {
    const struct timespec interval = {0, TICK_MS * 1000000L};
    char line[64];
    for (unsigned long long n = 1;; n++) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        int len = snprintf(line, sizeof line, "LIVEMIG TICK %llu ms=%llu\n", n,
                           (unsigned long long)now.tv_sec * 1000ULL + (unsigned long long)now.tv_nsec / 1000000ULL);
        if (write(STDOUT_FILENO, line, (size_t)len) < 0) _exit(1);
        nanosleep(&interval, NULL);
    }
}

int main(int argc, char **argv) {
    unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 16;
    if (mib == 0 || mib > 1024) {
        fprintf(stderr, "guest-writer: buffer size %s MiB is not in 1..1024\n", argv[1]);
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    /* Before the buffer exists: the child shares none of it. */
    pid_t ticker = fork();
    if (ticker == 0) tick_forever();
    if (ticker < 0) fprintf(stderr, "guest-writer: fork of the ticker failed: %s\n", strerror(errno));
    unsigned long pages = mib * 1024 * 1024 / PAGE_BYTES;
    void *mapping = mmap(NULL, pages * PAGE_BYTES, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
    if (mapping == MAP_FAILED) {
        fprintf(stderr, "guest-writer: mmap of %lu MiB failed: %s\n", mib, strerror(errno));
        return 1;
    }
    /* Locked so the frames dom0 looks at stay the buffer's (no swap here, but no surprises). */
    if (mlock(mapping, pages * PAGE_BYTES) != 0)
        fprintf(stderr, "guest-writer: mlock failed (%s), continuing\n", strerror(errno));
    volatile uint64_t *buffer = mapping;

    const unsigned long per_slice = (pages + PASS_SLICES - 1) / PASS_SLICES;
    const struct timespec slice = {0, 1000000000L / PASS_SLICES};
    for (uint64_t counter = 1;; counter++) {
        for (unsigned long from = 0; from < pages; from += per_slice) {
            unsigned long to = from + per_slice < pages ? from + per_slice : pages;
            write_pages(buffer, from, to, counter);
            nanosleep(&slice, NULL);
        }
        if (counter == 1)
            printf("DOMU ALIVE: livemig guest writer pages=%lu buffer_pfn0=0x%llx pid=%d\n",
                   pages, first_frame(mapping), (int)getpid());
        if (counter % HEARTBEAT_PASSES == 0)
            printf("LIVEMIG GUEST counter=%llu checked=%llu failed=%llu\n",
                   (unsigned long long)counter, checked, failed);
    }
}
