/* CPU metrics: an integer and a floating-point kernel, on one CPU and on every allowed CPU at once.
 * Both kernels load from memory on every step (L1/L2-sized buffers), because emulation (QEMU TCG)
 * pays most for guest memory accesses; a register-only loop would hide exactly that cost. */
#include "probe.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define INT_BUF_BYTES (64 * 1024)
#define FLOAT_LEN 512 /* doubles: 4 KiB per array */

static uint32_t crc_table[4][256];
static unsigned char int_buf[INT_BUF_BYTES];
static double fx[FLOAT_LEN], fy[FLOAT_LEN];
static volatile uint32_t int_sink;
static volatile double float_sink;

/* CRC-32 with slicing-by-4 tables: every 4 bytes cost four table loads whose addresses depend on
 * the data, plus shifts and xors. Assumes a little-endian CPU (x86-64 and arm64 Linux are). */
static uint32_t crc32_update(uint32_t crc, const unsigned char *p, size_t n)
{
    crc = ~crc;
    for (; n >= 4; p += 4, n -= 4) {
        uint32_t w;
        memcpy(&w, p, 4);
        crc ^= w;
        crc = crc_table[3][crc & 0xff] ^ crc_table[2][(crc >> 8) & 0xff] ^ crc_table[1][(crc >> 16) & 0xff] ^
              crc_table[0][crc >> 24];
    }
    while (n--) crc = crc_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

/* Tables, buffers, and a known-answer check: a wrong CRC means the CPU (or its emulator)
 * computes wrongly, and then no speed figure is worth reporting. */
static int prepare_kernels(struct result *r)
{
    static int prepared;
    if (prepared) return 1;
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[0][i] = c;
    }
    for (int t = 1; t < 4; t++)
        for (int i = 0; i < 256; i++)
            crc_table[t][i] = (crc_table[t - 1][i] >> 8) ^ crc_table[0][crc_table[t - 1][i] & 0xff];
    if (crc32_update(0, (const unsigned char *)"123456789", 9) != 0xcbf43926u) {
        fail(r, "the CPU computed a wrong CRC-32 check value");
        return 0;
    }
    uint64_t seed = 0x9e3779b97f4a7c15ULL;
    for (size_t i = 0; i < INT_BUF_BYTES; i += 8) {
        uint64_t v = prng_next(&seed);
        memcpy(int_buf + i, &v, 8);
    }
    for (int i = 0; i < FLOAT_LEN; i++) {
        fx[i] = 0.5 + (double)(prng_next(&seed) % 1000) / 1000.0;
        fy[i] = 1.0;
    }
    prepared = 1;
    return 1;
}

/* One run of the integer kernel: MB/s hashed within the budget. */
static double int_run(long budget_ns)
{
    uint32_t crc = 0;
    size_t bytes = 0;
    int64_t start = now_ns(), elapsed;
    do {
        crc = crc32_update(crc, int_buf, INT_BUF_BYTES);
        bytes += INT_BUF_BYTES;
        elapsed = now_ns() - start;
    } while (elapsed < budget_ns);
    int_sink = crc;
    return (double)bytes * 1000.0 / (double)elapsed;
}

/* One run of the floating-point kernel: y += a*x followed by a dot product x.y over 4 KiB arrays,
 * four flops per element. The sign of a alternates so y stays near 1 however long it runs. */
static double float_run(long budget_ns)
{
    double total = 0, a = 1e-3;
    size_t passes = 0;
    int64_t start = now_ns(), elapsed;
    do {
        for (int rep = 0; rep < 16; rep++, a = -a) {
            double s0 = 0, s1 = 0;
            for (int i = 0; i < FLOAT_LEN; i += 2) {
                fy[i] += a * fx[i];
                fy[i + 1] += a * fx[i + 1];
                s0 += fx[i] * fy[i];
                s1 += fx[i + 1] * fy[i + 1];
            }
            total += s0 + s1;
        }
        passes += 16;
        elapsed = now_ns() - start;
    } while (elapsed < budget_ns);
    float_sink = total + fy[0]; /* volatile: the compiler must keep every pass */
    return (double)passes * FLOAT_LEN * 4 * 1000.0 / (double)elapsed;
}

static void run_one(const struct options *opt, struct result *r, double (*kernel)(long))
{
    if (!prepare_kernels(r)) return;
    for (int i = 0; i < opt->runs; i++) r->runs[r->nruns++] = kernel(opt->run_ns);
}

/* One run on every allowed CPU: one forked worker each, held at a start pipe until all exist so
 * they overlap, each sending its rate back through a result pipe; the rates are summed. */
static double run_all_once(long budget_ns, int workers, double (*kernel)(long), struct result *r)
{
    int start[2], results[2];
    pid_t pids[MAX_CHILDREN_PER_RUN];
    int started = 0;
    double sum = 0;
    if (pipe(start) != 0 || pipe(results) != 0) {
        fail(r, "cannot create a pipe for the workers: %s", strerror(errno));
        return 0;
    }
    for (; started < workers; started++) {
        pid_t pid = probe_fork();
        if (pid < 0) {
            fail(r, "cannot start worker %d of %d: %s", started + 1, workers, strerror(errno));
            break;
        }
        if (pid == 0) {
            char go;
            close(start[1]);
            close(results[0]);
            /* EOF on the start pipe is the start signal; if the probe dies we just run and exit. */
            while (read(start[0], &go, 1) < 0 && errno == EINTR) {}
            double value = kernel(budget_ns);
            _exit(write(results[1], &value, sizeof value) == (ssize_t)sizeof value ? 0 : 1);
        }
        pids[started] = pid;
        track_child(pid);
    }
    if (r->error[0])
        for (int i = 0; i < started; i++) kill(pids[i], SIGKILL);
    close(start[1]);
    close(start[0]);
    close(results[1]);
    int received = 0;
    double value;
    ssize_t got;
    /* 8-byte writes are atomic on a pipe, so values never interleave. */
    while ((got = read(results[0], &value, sizeof value)) != 0) {
        if (got < 0 && errno == EINTR) continue;
        if (got != (ssize_t)sizeof value) break;
        sum += value;
        received++;
    }
    close(results[0]);
    for (int i = 0; i < started; i++) {
        while (waitpid(pids[i], NULL, 0) < 0 && errno == EINTR) {}
        untrack_child(pids[i]);
    }
    if (!r->error[0] && received != workers) fail(r, "only %d of %d workers reported a result", received, workers);
    return sum;
}

static void run_all(const struct options *opt, struct result *r, double (*kernel)(long), const char *what)
{
    if (!prepare_kernels(r)) return;
    int workers = allowed_cpus();
    if (workers > MAX_CHILDREN_PER_RUN) workers = MAX_CHILDREN_PER_RUN;
    snprintf(r->detail, sizeof r->detail, "%s; %d worker process%s (one per allowed CPU) at once, rates summed", what, workers,
             workers == 1 ? "" : "es");
    for (int i = 0; i < opt->runs && !r->error[0]; i++) r->runs[r->nruns++] = run_all_once(opt->run_ns, workers, kernel, r);
}

#define INT_DETAIL "CRC-32 (slicing-by-4 table lookups) over a 64 KiB buffer"
#define FLOAT_DETAIL "double y += a*x and dot product x.y over 4 KiB arrays, 2 flops per multiply-add"

void metric_cpu_int_one(const struct options *opt, struct result *r)
{
    snprintf(r->detail, sizeof r->detail, "%s; one process", INT_DETAIL);
    run_one(opt, r, int_run);
}

void metric_cpu_float_one(const struct options *opt, struct result *r)
{
    snprintf(r->detail, sizeof r->detail, "%s; one process", FLOAT_DETAIL);
    run_one(opt, r, float_run);
}

void metric_cpu_int_all(const struct options *opt, struct result *r)
{
    run_all(opt, r, int_run, INT_DETAIL);
}

void metric_cpu_float_all(const struct options *opt, struct result *r)
{
    run_all(opt, r, float_run, FLOAT_DETAIL);
}
