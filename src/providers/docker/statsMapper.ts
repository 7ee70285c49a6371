// One frame of GET /containers/{id}/stats -> live usage, computed the way `docker stats` does.
// Anything the frame does not carry is null; nothing here throws.
import type { LiveStats } from '../../shared/model';
import { parseStatsFrame, type CpuSample, type StatsFrame } from './contracts';

export function toLiveStats(raw: unknown, readAt: string): LiveStats {
  const frame = parseStatsFrame(raw);
  if (!frame.ok) return { readAt, cpuPercent: null, memoryBytes: null, memoryLimitBytes: null, pids: null };
  return {
    readAt,
    cpuPercent: cpuPercent(frame.value.cpu, frame.value.precpu),
    memoryBytes: memoryWithoutCache(frame.value),
    memoryLimitBytes: frame.value.memoryLimit ?? null,
    pids: frame.value.pids ?? null,
  };
}

/**
 * Share of the whole machine the container used between the two samples, scaled so that one
 * fully busy CPU is 100%. The first frame of a stream has an empty precpu: no figure yet.
 */
function cpuPercent(current: CpuSample, previous: CpuSample): number | null {
  if (
    current.totalUsage === undefined ||
    previous.totalUsage === undefined ||
    current.systemCpuUsage === undefined ||
    !previous.systemCpuUsage
  ) {
    return null;
  }
  const cpuDelta = current.totalUsage - previous.totalUsage;
  const systemDelta = current.systemCpuUsage - previous.systemCpuUsage;
  // cgroup v2 has no percpu_usage: online_cpus is the only count there.
  const cpus = current.onlineCpus || current.percpuUsageCount;
  if (!cpus || systemDelta <= 0 || cpuDelta < 0) return null;
  const percent = (cpuDelta / systemDelta) * cpus * 100;
  return Number.isFinite(percent) ? percent : null; // counters near the double's limits overflow
}

/** Page cache can be reclaimed, so like `docker stats` it is not counted as used memory. */
function memoryWithoutCache(frame: StatsFrame): number | null {
  if (frame.memoryUsage === undefined) return null;
  const cache = reclaimableCache(frame.memoryCounters);
  return cache !== undefined && cache < frame.memoryUsage ? frame.memoryUsage - cache : frame.memoryUsage;
}

function reclaimableCache(counters: Record<string, number>): number | undefined {
  // cgroup v1 reports total_inactive_file (only `cache` on very old engines); v2 inactive_file.
  return counters.total_inactive_file ?? counters.inactive_file ?? counters.cache;
}
