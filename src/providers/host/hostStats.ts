// Live usage of the whole machine from /proc/stat and /proc/meminfo, sampled every 2 s while a
// panel shows it. CPU percent follows `docker stats`: 100 per busy CPU (200 = two CPUs busy).
import { NO_IO_COUNTERS, type LiveStats } from '../../shared/model';
import type { Closeable } from '../provider';
import { meminfoBytes } from './hostFacts';
import type { HostFiles } from './hostFiles';

export const HOST_STATS_INTERVAL_MS = 2000;

export interface CpuTimes {
  /** All jiffies of the aggregate `cpu` line. */
  total: number;
  /** idle + iowait. */
  idle: number;
  cpus: number;
}

/** The aggregate `cpu` line and the count of per-CPU lines; undefined when the text is not /proc/stat. */
export function parseProcStat(text: string): CpuTimes | undefined {
  const line = /^cpu\s+(.+)$/m.exec(text);
  if (!line) return undefined;
  const values = line[1].trim().split(/\s+/).map(Number);
  if (values.length < 4 || values.some((v) => !Number.isFinite(v) || v < 0)) return undefined;
  // user nice system idle iowait irq softirq steal guest guest_nice: guest time is already in user.
  const counted = values.slice(0, 8);
  const total = counted.reduce((sum, v) => sum + v, 0);
  const idle = values[3] + (values[4] ?? 0);
  const cpus = (text.match(/^cpu\d+\s/gm) ?? []).length;
  return { total, idle, cpus: Math.max(cpus, 1) };
}

/** Percent between two samples; null when they cannot be compared (first sample, counter reset). */
export function cpuPercentBetween(before: CpuTimes | undefined, after: CpuTimes | undefined): number | null {
  if (!before || !after) return null;
  const total = after.total - before.total;
  const idle = after.idle - before.idle;
  if (total <= 0 || idle < 0 || idle > total) return null;
  return ((total - idle) / total) * after.cpus * 100;
}

export function hostLiveStats(files: HostFiles, before: CpuTimes | undefined, after: CpuTimes | undefined, readAt: string): LiveStats {
  const meminfo = files.readText('/proc/meminfo') ?? '';
  const total = meminfoBytes(meminfo, 'MemTotal');
  const available = meminfoBytes(meminfo, 'MemAvailable');
  const pids = files.list('/proc').filter((name) => /^\d+$/.test(name)).length;
  return {
    readAt,
    cpuPercent: cpuPercentBetween(before, after),
    memoryBytes: total !== undefined && available !== undefined ? Math.max(0, total - available) : null,
    memoryLimitBytes: total ?? null,
    pids: pids > 0 ? pids : null,
    // This machine has no app band to draw usage over time in: its counters are not read.
    ...NO_IO_COUNTERS,
  };
}

/** Emits one sample now (CPU unknown until there are two) and then one per interval, until closed. */
export function sampleHostStats(files: HostFiles, onStats: (stats: LiveStats) => void, intervalMs = HOST_STATS_INTERVAL_MS): Closeable {
  let previous: CpuTimes | undefined;
  const sample = () => {
    const current = parseProcStat(files.readText('/proc/stat') ?? '');
    onStats(hostLiveStats(files, previous, current, new Date().toISOString()));
    previous = current;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref?.();
  return { close: () => clearInterval(timer) };
}
