/* File-system metrics in --dir: small synchronous writes (what databases pay) and sequential reads
 * past the page cache. Each uses one scratch file with a name of its own, removed on every path,
 * also by the deadline handler; a directory we may not write to becomes an error sentence. */
#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define MIB ((size_t)1 << 20)
#define BLOCK 4096
#define FSYNC_FILE_BYTES (8 * MIB)

enum { SLOT_FSYNC, SLOT_READ };

/* Creates .ws-probe-<pid>-<suffix> in the directory; returns its fd, or -1 after setting r->error. */
static int create_scratch(const struct options *opt, int slot, const char *suffix, char *path, size_t size, struct result *r)
{
    size_t n = strlen(opt->dir);
    const char *sep = n > 0 && opt->dir[n - 1] == '/' ? "" : "/";
    if ((size_t)snprintf(path, size, "%s%s.ws-probe-%d-%s", opt->dir, sep, (int)getpid(), suffix) >= size) {
        fail(r, "the directory path %s is too long", opt->dir);
        return -1;
    }
    /* O_EXCL: never truncate a file that is not ours. */
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        fail(r, "cannot create a scratch file in %s: %s", opt->dir, strerror(errno));
        return -1;
    }
    track_scratch(slot, path);
    return fd;
}

static void remove_scratch(int slot, int fd, const char *path)
{
    if (fd >= 0) close(fd);
    unlink(path);
    untrack_scratch(slot);
}

/* Fills the file with `bytes` of pseudo-random data (incompressible, so a compressing file system
 * such as btrfs or zfs writes it all) and syncs it. Returns 0, or -1 with errno set. */
static int fill_file(int fd, size_t bytes)
{
    unsigned char *buf = malloc(MIB);
    if (!buf) {
        errno = ENOMEM;
        return -1;
    }
    uint64_t seed = 0xa0761d6478bd642fULL;
    for (size_t i = 0; i < MIB; i += 8) {
        uint64_t v = prng_next(&seed);
        memcpy(buf + i, &v, 8);
    }
    int rc = 0;
    for (size_t done = 0; done < bytes && rc == 0;) {
        size_t n = bytes - done < MIB ? bytes - done : MIB;
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            if (w == 0) errno = ENOSPC;
            rc = -1;
        } else {
            done += (size_t)w;
        }
    }
    int saved = errno;
    free(buf);
    errno = saved;
    if (rc == 0 && fsync(fd) != 0) rc = -1;
    return rc;
}

void metric_fs_fsync(const struct options *opt, struct result *r)
{
    char path[4200], fs[64];
    int fd = create_scratch(opt, SLOT_FSYNC, "fsync", path, sizeof path, r);
    if (fd < 0) return;
    if (fill_file(fd, FSYNC_FILE_BYTES) != 0) {
        fail(r, "cannot write a scratch file in %s: %s", opt->dir, strerror(errno));
        remove_scratch(SLOT_FSYNC, fd, path);
        return;
    }
    fs_type_name(opt->dir, fs, sizeof fs);
    snprintf(r->detail, sizeof r->detail, "4 KiB writes at random offsets of an 8 MiB file, each followed by fsync, on %s", fs);
    static unsigned char block[BLOCK] __attribute__((aligned(BLOCK)));
    uint64_t seed = 0x5851f42d4c957f2dULL, counter = 0;
    for (int run = 0; run < opt->runs && !r->error[0]; run++) {
        long ops = 0;
        int64_t start = now_ns(), elapsed;
        do {
            off_t offset = (off_t)(prng_next(&seed) % (FSYNC_FILE_BYTES / BLOCK)) * BLOCK;
            counter++;
            memcpy(block, &counter, sizeof counter); /* new content each time: nothing to dedupe */
            errno = 0;
            if (pwrite(fd, block, BLOCK, offset) != BLOCK || fsync(fd) != 0) {
                fail(r, "writing a scratch file in %s failed: %s", opt->dir, strerror(errno ? errno : EIO));
                break;
            }
            ops++;
            elapsed = now_ns() - start;
        } while (elapsed < opt->run_ns);
        r->runs[r->nruns++] = (double)(now_ns() - start) / 1000.0 / (double)(ops ? ops : 1);
    }
    remove_scratch(SLOT_FSYNC, fd, path);
}

/* Fraction (0..1) of the file's pages in the page cache, or -1 when it cannot be told. */
static double cached_fraction(int fd, size_t bytes)
{
    size_t pages = (bytes + BLOCK - 1) / BLOCK;
    void *map = mmap(NULL, bytes, PROT_READ, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) return -1;
    unsigned char *vec = malloc(pages);
    double fraction = -1;
    if (vec && mincore(map, bytes, vec) == 0) {
        size_t resident = 0;
        for (size_t i = 0; i < pages; i++) resident += vec[i] & 1;
        fraction = (double)resident / (double)pages;
    }
    free(vec);
    munmap(map, bytes);
    return fraction;
}

void metric_fs_read(const struct options *opt, struct result *r)
{
    char path[4200], fs[64];
    size_t bytes = opt->mem_bytes < 16 * MIB ? opt->mem_bytes : 16 * MIB;
    int fd = create_scratch(opt, SLOT_READ, "read", path, sizeof path, r);
    if (fd < 0) return;
    unsigned char *buf = NULL;
    if (fill_file(fd, bytes) != 0) {
        fail(r, "cannot write a scratch file in %s: %s", opt->dir, strerror(errno));
    } else if (!(buf = malloc(MIB))) {
        fail(r, "cannot allocate a 1 MiB read buffer");
    }
    double worst_cached = 0;
    int known = 1;
    for (int run = 0; run < opt->runs && !r->error[0]; run++) {
        /* Drop the file's clean pages so the reads reach the device; tmpfs and ramfs ignore this. */
        posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        double cached = cached_fraction(fd, bytes);
        if (cached < 0) known = 0;
        else if (cached > worst_cached) worst_cached = cached;
        size_t done = 0;
        int64_t start = now_ns(), elapsed;
        /* One pass at most: a second pass would be served from the cache the first one filled. */
        do {
            ssize_t got = pread(fd, buf, MIB, (off_t)done);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) {
                if (got < 0) fail(r, "reading a scratch file in %s failed: %s", opt->dir, strerror(errno));
                break;
            }
            done += (size_t)got;
            elapsed = now_ns() - start;
        } while (done < bytes && elapsed < opt->run_ns);
        elapsed = now_ns() - start;
        r->runs[r->nruns++] = (double)done * 1000.0 / (double)(elapsed > 0 ? elapsed : 1);
    }
    free(buf);
    remove_scratch(SLOT_READ, fd, path);
    fs_type_name(opt->dir, fs, sizeof fs);
    const char *cache = !known ? "whether the page cache was dropped is unknown"
                        : worst_cached < 0.1 ? "page cache dropped before each run"
                                             : "the page cache could not be dropped (the file stays in memory), so these are memory reads";
    snprintf(r->detail, sizeof r->detail, "sequential 1 MiB reads of a %zu MiB file on %s; %s", bytes >> 20, fs, cache);
}
