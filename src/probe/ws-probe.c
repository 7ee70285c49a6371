/* ws-probe: the overhead probe. Measures what a workload pays for the layers under it (CPU, memory,
 * system calls, process creation, file I/O, loopback networking) and prints one JSON report
 * (workload-stacks.probe/1, see src/shared/probeReport.ts). This file holds the command line, the
 * deadline and the report; the bookkeeping shared by the metrics is in helpers.c. */
#include "probe.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__)
#define PROBE_ARCH "x86_64"
#elif defined(__aarch64__)
#define PROBE_ARCH "aarch64"
#else
#define PROBE_ARCH "unknown"
#endif

/* musl defines no macro of its own; the build only uses musl and glibc. */
#if defined(__GLIBC__)
#define STR2(x) #x
#define STR(x) STR2(x)
#define PROBE_LIBC "glibc " STR(__GLIBC__) "." STR(__GLIBC_MINOR__)
#else
#define PROBE_LIBC "musl"
#endif

static const struct {
    const char *id, *unit;
    int higher;
    int big_buffers; /* sets up --mem-mib sized buffers before its runs */
    metric_fn fn;
} metrics[] = {
    { "cpu.int.one", "MB/s", 1, 0, metric_cpu_int_one },
    { "cpu.float.one", "Mflop/s", 1, 0, metric_cpu_float_one },
    { "cpu.int.all", "MB/s", 1, 0, metric_cpu_int_all },
    { "cpu.float.all", "Mflop/s", 1, 0, metric_cpu_float_all },
    { "mem.bandwidth", "MB/s", 1, 1, metric_mem_bandwidth },
    { "mem.latency", "ns", 0, 1, metric_mem_latency },
    { "sys.syscall", "ns", 0, 0, metric_sys_syscall },
    { "sys.clock", "ns", 0, 0, metric_sys_clock },
    { "proc.spawn", "us", 0, 0, metric_proc_spawn },
    { "fs.fsync", "us", 0, 0, metric_fs_fsync },
    { "fs.read", "MB/s", 1, 0, metric_fs_read },
    { "net.loopback", "us", 0, 0, metric_net_loopback },
};
#define METRIC_COUNT ((int)(sizeof metrics / sizeof metrics[0]))

/* ---- command line ---- */

static void usage(const char *problem)
{
    fprintf(stderr,
            "ws-probe: %s\n"
            "usage: ws-probe [--metrics LIST|all] [--runs 1..15] [--run-ms 20..5000] [--dir PATH] [--mem-mib 1..256]\n"
            "       ws-probe --noop | --version | --remove PATH... | --echo ADDRESS PORT MS\n"
            "metrics:",
            problem);
    for (int i = 0; i < METRIC_COUNT; i++) fprintf(stderr, " %s", metrics[i].id);
    fputc('\n', stderr);
    exit(2);
}

static long parse_number(const char *name, const char *text, long min, long max)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || end == text || *end || v < min || v > max) {
        char msg[200];
        snprintf(msg, sizeof msg, "%s must be a whole number from %ld to %ld, not \"%.40s\"", name, min, max, text);
        usage(msg);
    }
    return v;
}

/* Marks the metrics of a comma-separated list; "all" selects every one. */
static void parse_metrics(const char *list, int *selected)
{
    if (strcmp(list, "all") == 0) {
        for (int i = 0; i < METRIC_COUNT; i++) selected[i] = 1;
        return;
    }
    for (int i = 0; i < METRIC_COUNT; i++) selected[i] = 0;
    const char *p = list;
    int any = 0;
    while (*p) {
        size_t n = strcspn(p, ",");
        int found = 0;
        for (int i = 0; i < METRIC_COUNT; i++) {
            if (strlen(metrics[i].id) == n && strncmp(metrics[i].id, p, n) == 0) {
                selected[i] = found = any = 1;
            }
        }
        if (!found) {
            char msg[200];
            snprintf(msg, sizeof msg, "unknown metric \"%.*s\"", (int)(n < 60 ? n : 60), p);
            usage(msg);
        }
        p += n;
        if (*p == ',') p++;
    }
    if (!any) usage("--metrics needs at least one metric");
}

/* The probe's own path for re-executing itself when /proc/self/exe is missing: argv[0] as given
 * when it holds a slash, else the first match on PATH; made absolute now, before anything moves. */
static const char *resolve_self(const char *argv0)
{
    static char resolved[PATH_MAX];
    if (!argv0 || !*argv0) return NULL;
    if (strchr(argv0, '/')) return realpath(argv0, resolved) ? resolved : NULL;
    const char *path = getenv("PATH");
    while (path && *path) {
        size_t n = strcspn(path, ":");
        char candidate[PATH_MAX];
        if (n > 0 && (size_t)snprintf(candidate, sizeof candidate, "%.*s/%s", (int)n, path, argv0) < sizeof candidate &&
            access(candidate, X_OK) == 0 && realpath(candidate, resolved))
            return resolved;
        path += n;
        if (*path == ':') path++;
    }
    return NULL;
}

/* ---- report ---- */

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *runs, int n)
{
    double sorted[MAX_RUNS];
    memcpy(sorted, runs, sizeof(double) * (size_t)n);
    qsort(sorted, (size_t)n, sizeof(double), compare_doubles);
    return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

static void write_metric(FILE *out, int index, struct result *r, double elapsed_ms)
{
    /* A run that produced no number (a clock that did not move, a bug) must not reach the report. */
    for (int i = 0; i < r->nruns && !r->error[0]; i++)
        if (!(r->runs[i] >= 0) || r->runs[i] > 1e300) fail(r, "the measurement produced no usable number");
    if (!r->error[0] && r->nruns == 0) fail(r, "no run finished");
    fputs("{\"id\":", out);
    json_string(out, metrics[index].id);
    if (r->error[0]) {
        fputs(",\"error\":", out);
        json_string(out, r->error);
        fputc('}', out);
        return;
    }
    fputs(",\"unit\":", out);
    json_string(out, metrics[index].unit);
    fprintf(out, ",\"better\":\"%s\",\"detail\":", metrics[index].higher ? "higher" : "lower");
    json_string(out, r->detail);
    fputs(",\"runs\":[", out);
    for (int i = 0; i < r->nruns; i++) {
        if (i) fputc(',', out);
        json_number(out, r->runs[i]);
    }
    fputs("],\"median\":", out);
    json_number(out, median(r->runs, r->nruns));
    fputs(",\"elapsedMs\":", out);
    json_number(out, elapsed_ms);
    fputc('}', out);
}

int main(int argc, char **argv)
{
    /* --noop first and alone: it times process creation, so it does nothing else at all. */
    if (argc == 2 && strcmp(argv[1], "--noop") == 0) return 0;
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        puts("ws-probe " PROBE_VERSION);
        return 0;
    }
    if (argc >= 2 && strcmp(argv[1], "--echo") == 0) {
        if (argc != 5) usage("--echo takes an IPv4 address, a port and a lifetime in milliseconds");
        int port = (int)parse_number("--echo port", argv[3], 1, 65535);
        int lifetime = (int)parse_number("--echo lifetime", argv[4], 100, 60000);
        return echo_server(argv[2], port, lifetime);
    }
    if (argc >= 2 && strcmp(argv[1], "--remove") == 0) {
        /* For images without rm: the extension has the probe delete itself, then its (empty)
         * directory, in the order given. */
        if (argc < 3) usage("--remove takes one or more paths");
        int failed = 0;
        for (int i = 2; i < argc; i++) {
            int gone = unlink(argv[i]) == 0 || errno == ENOENT;
            if (!gone && (errno == EISDIR || errno == EPERM)) gone = rmdir(argv[i]) == 0 || errno == ENOENT;
            if (!gone) {
                fprintf(stderr, "ws-probe: cannot remove %s: %s\n", argv[i], strerror(errno));
                failed = 1;
            }
        }
        return failed;
    }

    int64_t started = now_ns();
    struct options opt = { .runs = 3, .run_ns = 200 * 1000000L, .dir = NULL, .mem_bytes = 16u << 20, .self = NULL };
    int selected[METRIC_COUNT];
    parse_metrics("all", selected);
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--noop") == 0 || strcmp(arg, "--version") == 0 || strcmp(arg, "--remove") == 0 || strcmp(arg, "--echo") == 0)
            usage("--noop, --version, --remove and --echo stand alone");
        if (i + 1 >= argc) {
            char msg[120];
            snprintf(msg, sizeof msg, "unknown argument or missing value: \"%.60s\"", arg);
            usage(msg);
        }
        const char *value = argv[++i];
        if (strcmp(arg, "--metrics") == 0) parse_metrics(value, selected);
        else if (strcmp(arg, "--runs") == 0) opt.runs = (int)parse_number("--runs", value, 1, MAX_RUNS);
        else if (strcmp(arg, "--run-ms") == 0) opt.run_ns = parse_number("--run-ms", value, 20, 5000) * 1000000L;
        else if (strcmp(arg, "--dir") == 0) opt.dir = value;
        else if (strcmp(arg, "--mem-mib") == 0) opt.mem_bytes = (size_t)parse_number("--mem-mib", value, 1, 256) << 20;
        else {
            char msg[120];
            snprintf(msg, sizeof msg, "unknown argument \"%.60s\"", arg);
            usage(msg);
        }
    }

    /* Writes to a closed pipe or socket must fail with EPIPE, not kill the probe. */
    signal(SIGPIPE, SIG_IGN);
    opt.self = resolve_self(argv[0]);

    static char dir[PATH_MAX];
    if (opt.dir == NULL) {
        if (!getcwd(dir, sizeof dir)) snprintf(dir, sizeof dir, ".");
    } else if (!realpath(opt.dir, dir)) {
        snprintf(dir, sizeof dir, "%s", opt.dir); /* the fs metrics report why it is unusable */
    }
    opt.dir = dir;

    /* The hard bound: generous (x3 plus setup slack) so a slow emulated machine still finishes,
     * but a hung fsync or a stuck child cannot keep the probe alive forever. */
    int count = 0, big_buffers = 0;
    for (int i = 0; i < METRIC_COUNT; i++) {
        count += selected[i];
        big_buffers |= selected[i] && metrics[i].big_buffers;
    }
    long long limit_ms = (long long)opt.runs * (opt.run_ns / 1000000) * count * 3 + 10000;
    /* Filling and shuffling buffers of up to 2 x 256 MiB is setup outside the run budget. */
    if (big_buffers) limit_ms += (long long)(opt.mem_bytes >> 20) * 100;
    signal(SIGALRM, on_deadline);
    alarm((unsigned)((limit_ms + 999) / 1000));

    /* The report is assembled in memory and written at once: no half report on stdout. */
    char *report = NULL;
    size_t report_size = 0;
    FILE *out = open_memstream(&report, &report_size);
    if (!out) {
        fprintf(stderr, "ws-probe: out of memory\n");
        return 1;
    }
    char fs_type[64];
    fs_type_name(dir, fs_type, sizeof fs_type);
    fputs("{\"schema\":\"workload-stacks.probe/1\",\"probe\":{\"version\":\"" PROBE_VERSION "\",\"arch\":\"" PROBE_ARCH
          "\",\"libc\":\"" PROBE_LIBC "\"},\"system\":",
          out);
    write_system(out);
    fputs(",\"dir\":{\"path\":", out);
    json_string(out, dir);
    fputs(",\"fsType\":", out);
    json_string(out, fs_type);
    fputs("},\"metrics\":[", out);
    int written = 0;
    for (int i = 0; i < METRIC_COUNT; i++) {
        if (!selected[i]) continue;
        static struct result r;
        memset(&r, 0, sizeof r);
        int64_t t0 = now_ns();
        metrics[i].fn(&opt, &r);
        double elapsed_ms = (double)(now_ns() - t0) / 1e6;
        if (written++) fputc(',', out);
        write_metric(out, i, &r, elapsed_ms);
    }
    fputs("],\"elapsedMs\":", out);
    json_number(out, (double)(now_ns() - started) / 1e6);
    fputs("}\n", out);
    if (fclose(out) != 0) {
        fprintf(stderr, "ws-probe: out of memory\n");
        return 1;
    }
    alarm(0);
    if (fwrite(report, 1, report_size, stdout) != report_size || fflush(stdout) != 0) {
        fprintf(stderr, "ws-probe: cannot write the report: %s\n", strerror(errno));
        return 1;
    }
    free(report);
    return 0;
}
