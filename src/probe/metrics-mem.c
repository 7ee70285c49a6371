/* Memory metrics: copy bandwidth and dependent-load latency over buffers of --mem-mib MiB, large
 * enough to leave the caches and (for latency) the TLB, where virtualisation adds its page walks. */
#include "probe.h"

#include <stdlib.h>
#include <string.h>

#define LINE 64
#define CHUNK ((size_t)1 << 20)

static volatile unsigned char byte_sink;
static void *volatile pointer_sink;

void metric_mem_bandwidth(const struct options *opt, struct result *r)
{
    size_t size = opt->mem_bytes;
    unsigned char *src = malloc(size), *dst = malloc(size);
    if (!src || !dst) {
        fail(r, "cannot allocate two %zu MiB buffers", size >> 20);
        free(src);
        free(dst);
        return;
    }
    /* Touch every page first: page faults are not copy bandwidth. */
    memset(src, 0x5a, size);
    memset(dst, 0, size);
    size_t chunk = size < CHUNK ? size : CHUNK;
    snprintf(r->detail, sizeof r->detail, "memcpy between two %zu MiB buffers in %zu KiB chunks; bytes copied per second",
             size >> 20, chunk >> 10);
    size_t offset = 0;
    for (int run = 0; run < opt->runs; run++) {
        size_t bytes = 0;
        int64_t start = now_ns(), elapsed;
        do {
            memcpy(dst + offset, src + offset, chunk);
            bytes += chunk;
            offset += chunk;
            if (offset + chunk > size) offset = 0;
            elapsed = now_ns() - start;
        } while (elapsed < opt->run_ns);
        byte_sink = dst[size / 2];
        r->runs[r->nruns++] = (double)bytes * 1000.0 / (double)elapsed;
    }
    free(src);
    free(dst);
}

void metric_mem_latency(const struct options *opt, struct result *r)
{
    size_t size = opt->mem_bytes, lines = size / LINE;
    char *buf = NULL;
    uint32_t *order = malloc(lines * sizeof *order);
    if (!order || posix_memalign((void **)&buf, 4096, size) != 0) {
        fail(r, "cannot allocate a %zu MiB buffer", size >> 20);
        free(order);
        return;
    }
    /* Sattolo's shuffle yields a single cycle through every line, so the chase visits the whole
     * buffer before repeating; the fixed seed makes every run and every machine walk the same. */
    uint64_t seed = 0x2545f4914f6cdd1dULL;
    for (size_t i = 0; i < lines; i++) order[i] = (uint32_t)i;
    for (size_t i = lines - 1; i > 0; i--) {
        size_t j = (size_t)(prng_next(&seed) % i);
        uint32_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (size_t i = 0; i < lines; i++) *(void **)(buf + i * LINE) = buf + (size_t)order[i] * LINE;
    free(order);
    snprintf(r->detail, sizeof r->detail, "dependent loads along a random cycle through a %zu MiB buffer, one per 64-byte line",
             size >> 20);

    void *p = buf;
    for (int run = 0; run < opt->runs; run++) {
        size_t loads = 0;
        int64_t start = now_ns(), elapsed;
        do {
            /* Each load's address is the previous load's value: nothing can overlap. */
            for (int k = 0; k < 1024; k += 8) {
                p = *(void **)p; p = *(void **)p; p = *(void **)p; p = *(void **)p;
                p = *(void **)p; p = *(void **)p; p = *(void **)p; p = *(void **)p;
            }
            loads += 1024;
            elapsed = now_ns() - start;
        } while (elapsed < opt->run_ns);
        pointer_sink = p;
        r->runs[r->nruns++] = (double)elapsed / (double)loads;
    }
    free(buf);
}
