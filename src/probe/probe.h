/* Shared declarations of the overhead probe. The probe is copied into containers and VMs we do not
 * control and run there with no shell, no interpreter and no other files: everything it needs is in
 * these few C files, built statically. */
#ifndef WS_PROBE_H
#define WS_PROBE_H

#define _GNU_SOURCE
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define PROBE_VERSION "1.0.0"
#define MAX_RUNS 15
#define TEXT_MAX 256
#define MAX_CHILDREN_PER_RUN 1000 /* workers of one cpu.*.all run */

/* What the command line asked for. */
struct options {
    int runs;           /* 1..15 */
    long run_ns;        /* time budget of one run of one metric */
    const char *dir;    /* absolute directory for the file-system metrics */
    size_t mem_bytes;   /* size of each memory buffer */
    const char *self;   /* the probe's own executable, for proc.spawn when /proc is missing */
};

/* One metric's outcome: either runs (values per run, in the metric's unit) or an error sentence. */
struct result {
    double runs[MAX_RUNS];
    int nruns;
    char detail[TEXT_MAX];
    char error[TEXT_MAX];
};

/* A metric fills `r`; it must return within about runs x run-ms plus its setup time. */
typedef void (*metric_fn)(const struct options *opt, struct result *r);

/* Monotonic clock in nanoseconds. */
int64_t now_ns(void);

/* Sets r->error (printf-style); the first error wins. */
void fail(struct result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Small fixed-seed PRNG (xorshift64*): runs must be repeatable, not random. */
uint64_t prng_next(uint64_t *state);

/* Child processes and scratch files the deadline handler must clean up if the probe runs out of
 * time. Register right after creating, unregister right after reaping/removing. */
void track_child(pid_t pid);
void untrack_child(pid_t pid);
void track_scratch(int slot, const char *path);
void untrack_scratch(int slot);
/* Flushes stdout and stderr first so a forked child cannot write buffered output twice. */
pid_t probe_fork(void);

/* SIGALRM handler: kills the tracked children, removes the scratch files, exits with 3. */
void on_deadline(int sig);

/* Number of CPUs this process may run on (sched_getaffinity), at least 1. */
int allowed_cpus(void);

/* Metrics, one function each (metrics-*.c). */
void metric_cpu_int_one(const struct options *opt, struct result *r);
void metric_cpu_float_one(const struct options *opt, struct result *r);
void metric_cpu_int_all(const struct options *opt, struct result *r);
void metric_cpu_float_all(const struct options *opt, struct result *r);
void metric_mem_bandwidth(const struct options *opt, struct result *r);
void metric_mem_latency(const struct options *opt, struct result *r);
void metric_sys_syscall(const struct options *opt, struct result *r);
void metric_sys_clock(const struct options *opt, struct result *r);
void metric_proc_spawn(const struct options *opt, struct result *r);
void metric_fs_fsync(const struct options *opt, struct result *r);
void metric_fs_read(const struct options *opt, struct result *r);
void metric_net_loopback(const struct options *opt, struct result *r);

/* echo-server.c: `--echo ADDRESS PORT MS`, the far end of the TCP round trip from this machine. */
int echo_server(const char *address, int port, int lifetime_ms);

/* system.c: the "system" object and the file-system type name of a directory. */
void write_system(FILE *out);
void fs_type_name(const char *dir, char *buf, size_t size);

/* json.c: string output that any JSON parser accepts whatever bytes the workload hands us. */
void json_string(FILE *out, const char *s);
void json_number(FILE *out, double value);

#endif
