/* The bookkeeping every part of the probe shares: the clock, error text, the repeatable PRNG, and
 * the children and scratch files the deadline handler cleans up. In a file of its own so the
 * metrics, the echo server and main all depend on it, and it on none of them. */
#include "probe.h"

#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <time.h>
#include <unistd.h>

int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void fail(struct result *r, const char *fmt, ...)
{
    if (r->error[0]) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->error, sizeof r->error, fmt, ap);
    va_end(ap);
}

uint64_t prng_next(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return x * 0x2545f4914f6cdd1dULL;
}

/* What the deadline handler cleans up. Plain arrays and sig_atomic_t: the handler may only read
 * memory and make async-signal-safe calls (kill, unlink, write, _exit). */
#define MAX_CHILDREN 1024
static volatile pid_t children[MAX_CHILDREN];
static char scratch[2][PATH_MAX];
static volatile sig_atomic_t scratch_set[2];

void track_child(pid_t pid)
{
    for (int i = 0; i < MAX_CHILDREN; i++) {
        if (children[i] == 0) {
            children[i] = pid;
            return;
        }
    }
}

void untrack_child(pid_t pid)
{
    for (int i = 0; i < MAX_CHILDREN; i++)
        if (children[i] == pid) children[i] = 0;
}

void track_scratch(int slot, const char *path)
{
    scratch_set[slot] = 0;
    snprintf(scratch[slot], sizeof scratch[slot], "%s", path);
    scratch_set[slot] = 1;
}

void untrack_scratch(int slot)
{
    scratch_set[slot] = 0;
}

pid_t probe_fork(void)
{
    fflush(stdout);
    fflush(stderr);
    return fork();
}

void on_deadline(int sig)
{
    (void)sig;
    static const char msg[] = "ws-probe: the time limit ran out before every metric was measured\n";
    for (int i = 0; i < MAX_CHILDREN; i++)
        if (children[i] > 0) kill(children[i], SIGKILL);
    for (int i = 0; i < 2; i++)
        if (scratch_set[i]) unlink(scratch[i]);
    if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0) { /* nothing left to report it to */ }
    _exit(3);
}
