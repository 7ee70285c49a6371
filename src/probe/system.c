/* The "system" part of the report: what the workload sees of the machine under it. Every source
 * may be missing (no /proc, no /sys in a distroless image or an initramfs), so each falls back to
 * null instead of failing the report. */
#include "probe.h"

#include <ctype.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

int allowed_cpus(void)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int n = CPU_COUNT(&set);
        if (n > 0) return n;
    }
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? (int)online : 1;
}

/* First line of a small file without its newline, or 0 when unreadable or empty. */
static int read_line(const char *path, char *buf, size_t size)
{
    FILE *f = fopen(path, "re");
    if (!f) return 0;
    int ok = fgets(buf, (int)size, f) != NULL;
    fclose(f);
    if (!ok) return 0;
    buf[strcspn(buf, "\n")] = 0;
    return buf[0] != 0;
}

/* cgroup v1 (still what some hosts run, this one among them): cpu.cfs_quota_us and
 * cpu.cfs_period_us, written in cpu.max's own form ("max 100000", "50000 100000"). A container
 * sees its own cgroup mounted at the controller's root, which is where this looks. */
static int read_cfs_quota(char *buf, size_t size)
{
    static const char *dirs[] = { "/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct" };
    char path[128], quota[64], period[64];
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(path, sizeof path, "%s/cpu.cfs_quota_us", dirs[i]);
        if (!read_line(path, quota, sizeof quota)) continue;
        snprintf(path, sizeof path, "%s/cpu.cfs_period_us", dirs[i]);
        if (!read_line(path, period, sizeof period)) continue;
        snprintf(buf, size, "%s %s", strcmp(quota, "-1") == 0 ? "max" : quota, period);
        return 1;
    }
    return 0;
}

/* cgroup v2 cpu.max of our own cgroup; a container with its own cgroup namespace sees itself at
 * the root, so /sys/fs/cgroup/cpu.max is the second place to look. */
static int read_cpu_max(char *buf, size_t size)
{
    char line[1024], path[1200];
    FILE *f = fopen("/proc/self/cgroup", "re");
    if (f) {
        while (fgets(line, sizeof line, f)) {
            if (strncmp(line, "0::", 3) != 0) continue;
            line[strcspn(line, "\n")] = 0;
            const char *own = line + 3;
            if (strcmp(own, "/") != 0 && strstr(own, "..") == NULL) {
                snprintf(path, sizeof path, "/sys/fs/cgroup%s/cpu.max", own);
                if (read_line(path, buf, size)) {
                    fclose(f);
                    return 1;
                }
            }
            break;
        }
        fclose(f);
    }
    if (read_line("/sys/fs/cgroup/cpu.max", buf, size)) return 1;
    return read_cfs_quota(buf, size);
}

/* Value after the colon of a /proc/cpuinfo line, trimmed. */
static char *cpuinfo_value(char *line)
{
    char *v = strchr(line, ':');
    if (!v) return NULL;
    v++;
    while (*v == ' ' || *v == '\t') v++;
    v[strcspn(v, "\n")] = 0;
    return v;
}

static int has_word(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)) != NULL; p += n) {
        int starts = p == list || isspace((unsigned char)p[-1]);
        int ends = p[n] == 0 || isspace((unsigned char)p[n]);
        if (starts && ends) return 1;
    }
    return 0;
}

/* hypervisor: 1/0, or -1 when there is no x86 "flags" line (arm64, or no /proc). */
static void read_cpuinfo(int *hypervisor, char *model, size_t size)
{
    *hypervisor = -1;
    model[0] = 0;
    FILE *f = fopen("/proc/cpuinfo", "re");
    if (!f) return;
    char *line = NULL;
    size_t cap = 0;
    /* getline: the flags line is well over a kilobyte on modern x86. Only the first CPU is read. */
    while (getline(&line, &cap, f) > 0 && (*hypervisor < 0 || !model[0])) {
        char *v;
        if (*hypervisor < 0 && strncmp(line, "flags", 5) == 0 && (v = cpuinfo_value(line)))
            *hypervisor = has_word(v, "hypervisor");
        else if (!model[0] && strncmp(line, "model name", 10) == 0 && (v = cpuinfo_value(line)))
            snprintf(model, size, "%s", v);
    }
    free(line);
    fclose(f);
}

void write_system(FILE *out)
{
    struct utsname u;
    if (uname(&u) != 0) {
        strcpy(u.release, "unknown");
        strcpy(u.machine, "unknown");
    }
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    struct sysinfo si;
    unsigned long long mem = 0;
    if (sysinfo(&si) == 0) mem = (unsigned long long)si.totalram * (si.mem_unit ? si.mem_unit : 1);
    char cpu_max[128], model[256];
    int hypervisor;
    read_cpuinfo(&hypervisor, model, sizeof model);

    fputs("{\"kernel\":", out);
    json_string(out, u.release);
    fputs(",\"machine\":", out);
    json_string(out, u.machine);
    fprintf(out, ",\"cpusOnline\":%ld,\"cpusAllowed\":%d,\"cpuMax\":", online > 0 ? online : 0, allowed_cpus());
    if (read_cpu_max(cpu_max, sizeof cpu_max)) json_string(out, cpu_max);
    else fputs("null", out);
    fprintf(out, ",\"memTotalBytes\":%llu,\"hypervisorFlag\":%s,\"cpuModel\":", mem,
            hypervisor < 0 ? "null" : hypervisor ? "true" : "false");
    if (model[0]) json_string(out, model);
    else fputs("null", out);
    fputc('}', out);
}

/* statfs magic numbers (linux/magic.h) of the file systems a workload is likely to run on. */
static const struct { unsigned long magic; const char *name; } fs_names[] = {
    { 0xef53, "ext2/3/4" },
    { 0x58465342, "xfs" },
    { 0x9123683e, "btrfs" },
    { 0x01021994, "tmpfs" },
    { 0x794c7630, "overlayfs" },
    { 0x858458f6, "ramfs (initramfs)" },
    { 0x6969, "nfs" },
    { 0x01021997, "9p" },
    { 0x65735546, "virtiofs/fuse" },
    { 0x2fc12fc1, "zfs" },
    { 0xf2f52010, "f2fs" },
    { 0x73717368, "squashfs" },
    { 0xe0f5e1e2, "erofs" },
    { 0x9fa0, "proc" },
    { 0x62656572, "sysfs" },
    { 0x4d44, "vfat" },
    { 0x2011bab0, "exfat" },
    { 0x5346544e, "ntfs" },
    { 0xff534d42, "cifs" },
    { 0xfe534d42, "smb2" },
    { 0x00c36400, "ceph" },
    { 0x9660, "iso9660" },
    { 0x61756673, "aufs" },
    { 0x786f4256, "vboxsf" },
};

void fs_type_name(const char *dir, char *buf, size_t size)
{
    struct statfs st;
    if (statfs(dir, &st) != 0) {
        snprintf(buf, size, "unknown");
        return;
    }
    /* f_type is signed on some ABIs: compare the low 32 bits, where every magic lives. */
    unsigned long magic = (unsigned long)st.f_type & 0xffffffffUL;
    for (size_t i = 0; i < sizeof fs_names / sizeof fs_names[0]; i++) {
        if (fs_names[i].magic == magic) {
            snprintf(buf, size, "%s", fs_names[i].name);
            return;
        }
    }
    snprintf(buf, size, "0x%lx", magic);
}
