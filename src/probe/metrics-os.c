/* Kernel-crossing metrics: a raw system call, the clock, process creation, and a loopback TCP round
 * trip. These are where containers (seccomp, namespaces) and VMs (exits, emulated timers, virtual
 * NICs) add their overhead. */
#include "probe.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile long long sink;

void metric_sys_syscall(const struct options *opt, struct result *r)
{
    snprintf(r->detail, sizeof r->detail, "raw getppid system call (never cached by the C library)");
    for (int run = 0; run < opt->runs; run++) {
        long calls = 0, acc = 0;
        int64_t start = now_ns(), elapsed;
        do {
            for (int k = 0; k < 64; k++) acc += syscall(SYS_getppid);
            calls += 64;
            elapsed = now_ns() - start;
        } while (elapsed < opt->run_ns);
        sink = acc;
        r->runs[r->nruns++] = (double)elapsed / (double)calls;
    }
}

void metric_sys_clock(const struct options *opt, struct result *r)
{
    snprintf(r->detail, sizeof r->detail, "clock_gettime(CLOCK_MONOTONIC) (the vDSO where the kernel offers one)");
    for (int run = 0; run < opt->runs; run++) {
        long calls = 0;
        long long acc = 0;
        int64_t start = now_ns(), elapsed;
        do {
            for (int k = 0; k < 64; k++) {
                struct timespec ts;
                clock_gettime(CLOCK_MONOTONIC, &ts);
                acc += ts.tv_nsec;
            }
            calls += 64;
            elapsed = now_ns() - start;
        } while (elapsed < opt->run_ns);
        sink = acc;
        r->runs[r->nruns++] = (double)elapsed / (double)calls;
    }
}

#define SPAWN_BAD_EXIT (-1)

/* Starts `path --noop` and waits for it. Returns 0 when it ran and exited 0; otherwise the errno of
 * the failed step, or SPAWN_BAD_EXIT (exec failures are sent back through a close-on-exec pipe when `report` is set). */
static int spawn_noop(const char *path, int report)
{
    static char *const child_argv[] = { "ws-probe", "--noop", NULL };
    static char *const child_env[] = { NULL };
    int errpipe[2] = { -1, -1 };
    if (report && pipe2(errpipe, O_CLOEXEC) != 0) return errno;
    /* Not tracked for the deadline handler: a --noop child exits on its own at once. */
    pid_t pid = probe_fork();
    if (pid < 0) {
        int e = errno;
        if (report) { close(errpipe[0]); close(errpipe[1]); }
        return e;
    }
    if (pid == 0) {
        execve(path, child_argv, child_env);
        int e = errno;
        if (report && write(errpipe[1], &e, sizeof e) < 0) { /* the exit status still says it failed */ }
        _exit(127);
    }
    int exec_errno = 0;
    if (report) {
        close(errpipe[1]);
        /* EOF (0 bytes) means execve succeeded and closed the pipe. */
        while (read(errpipe[0], &exec_errno, sizeof exec_errno) < 0 && errno == EINTR) {}
        close(errpipe[0]);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return errno;
    }
    if (exec_errno) return exec_errno;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : SPAWN_BAD_EXIT;
}

static const char *spawn_error(int e)
{
    return e == SPAWN_BAD_EXIT ? "it did not exit cleanly" : strerror(e);
}

void metric_proc_spawn(const struct options *opt, struct result *r)
{
    /* /proc/self/exe works even when the probe was started by a relative path from elsewhere; a
     * workload without /proc gets the path resolved from argv[0] at start. */
    const char *path = "/proc/self/exe";
    int e1 = spawn_noop(path, 1), e2 = 0;
    if (e1) {
        path = opt->self;
        e2 = path ? spawn_noop(path, 1) : ENOENT;
    }
    if (e1 && e2) {
        int e = e2 == ENOENT ? e1 : e2;
        fail(r, "cannot start a copy of the probe: /proc/self/exe: %s; %s: %s%s", spawn_error(e1), opt->self ? opt->self : "argv[0]",
             opt->self ? spawn_error(e2) : "not found",
             e == ENOEXEC ? " (the kernel cannot run this binary directly, e.g. under an emulator without binfmt_misc)" : "");
        return;
    }
    snprintf(r->detail, sizeof r->detail, "fork + execve(%s --noop) + waitpid of the static probe", path);
    for (int run = 0; run < opt->runs; run++) {
        long spawns = 0;
        int64_t start = now_ns(), elapsed;
        do {
            int e = spawn_noop(path, 0);
            if (e) {
                fail(r, "starting %s failed: %s", path, spawn_error(e));
                return;
            }
            spawns++;
            elapsed = now_ns() - start;
        } while (elapsed < opt->run_ns);
        r->runs[r->nruns++] = (double)elapsed / 1000.0 / (double)spawns;
    }
}

/* The echo side of net.loopback: one connection, one byte back for every byte in, until EOF. */
static void echo_child(int listener)
{
    int one = 1;
    int s = accept(listener, NULL, NULL);
    close(listener);
    if (s < 0) _exit(1);
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    char c;
    for (;;) {
        ssize_t n = read(s, &c, 1);
        if (n == 0) _exit(0);
        if (n < 0) {
            if (errno == EINTR) continue;
            _exit(1);
        }
        if (write(s, &c, 1) != 1) _exit(1);
    }
}

static int round_trip(int s)
{
    char c = 'x';
    if (write(s, &c, 1) != 1) return -1;
    for (;;) {
        ssize_t n = read(s, &c, 1);
        if (n == 1) return 0;
        if (n < 0 && errno == EINTR) continue;
        if (n == 0) errno = ECONNRESET;
        return -1;
    }
}

void metric_net_loopback(const struct options *opt, struct result *r)
{
    struct sockaddr_in addr;
    socklen_t len = sizeof addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0; /* the kernel picks a free port */
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener < 0) {
        fail(r, "loopback networking is not available: cannot create a TCP socket (%s)", strerror(errno));
        return;
    }
    if (bind(listener, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(listener, 1) != 0 ||
        getsockname(listener, (struct sockaddr *)&addr, &len) != 0) {
        fail(r, "loopback networking is not available: cannot listen on 127.0.0.1 (%s)", strerror(errno));
        close(listener);
        return;
    }
    pid_t pid = probe_fork();
    if (pid < 0) {
        fail(r, "cannot start the echo process: %s", strerror(errno));
        close(listener);
        return;
    }
    if (pid == 0) echo_child(listener);
    track_child(pid);
    close(listener);

    int one = 1;
    /* A receive timeout turns a vanished echo process into an error instead of a hang. */
    struct timeval timeout = { .tv_sec = 5, .tv_usec = 0 };
    int s = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s < 0 || connect(s, (struct sockaddr *)&addr, sizeof addr) != 0) {
        fail(r, "loopback networking is not available: cannot connect to 127.0.0.1 (%s)", strerror(errno));
    } else {
        setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        snprintf(r->detail, sizeof r->detail, "1-byte TCP round trips over 127.0.0.1 (TCP_NODELAY) to a forked echo process");
        if (round_trip(s) != 0) fail(r, "the loopback round trip failed: %s", strerror(errno)); /* also warms up */
        for (int run = 0; run < opt->runs && !r->error[0]; run++) {
            long trips = 0;
            int64_t start = now_ns(), elapsed;
            do {
                for (int k = 0; k < 8; k++) {
                    if (round_trip(s) != 0) {
                        fail(r, "the loopback round trip failed: %s", strerror(errno));
                        break;
                    }
                }
                trips += 8;
                elapsed = now_ns() - start;
            } while (elapsed < opt->run_ns && !r->error[0]);
            r->runs[r->nruns++] = (double)elapsed / 1000.0 / (double)trips;
        }
    }
    if (s >= 0) close(s); /* EOF ends the echo process */
    if (r->error[0]) kill(pid, SIGKILL);
    while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {}
    untrack_child(pid);
}
