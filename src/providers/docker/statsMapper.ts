// One frame of GET /containers/{id}/stats -> live usage, computed the way `docker stats` does
// (network and block I/O as the counters the frame carries; rates are the panel's).
// Anything the frame does not carry is null; nothing here throws.
import type { LiveStats } from '../../shared/model';
import { parseStatsFrame, type CpuSample, type StatsFrame } from './contracts';

/**
 * A CPU figure needs two samples at least this far apart: Podman 4's first frame carries a precpu
 * taken 2 ms before it (0% for a busy container), and older Podman sends none at all.
 */
const MIN_SAMPLE_WINDOW_MS = 100;

/** A CPU sample with the time it was read, when the frame says. */
export interface TimedCpuSample {
  cpu: CpuSample;
  readMs?: number;
}

/**
 * One stats stream's frames -> live usage. Each frame's CPU is measured against the stream's own
 * previous frame, which is what Docker's precpu is, and what Podman's compatible API may not send.
 */
export function statsStreamMapper(): (raw: unknown, readAt: string) => LiveStats {
  let previous: TimedCpuSample | undefined;
  return (raw, readAt) => {
    const frame = parseStatsFrame(raw);
    if (!frame.ok) return noStats(readAt);
    const stats = liveStatsOf(frame.value, readAt, previous);
    if (frame.value.cpu.totalUsage !== undefined && frame.value.cpu.systemCpuUsage) previous = { cpu: frame.value.cpu, readMs: frame.value.readMs };
    return stats;
  };
}

/** `previous` is the stream's last frame; without it the frame's own precpu, when it spans long enough. */
export function toLiveStats(raw: unknown, readAt: string, previous?: TimedCpuSample): LiveStats {
  const frame = parseStatsFrame(raw);
  return frame.ok ? liveStatsOf(frame.value, readAt, previous) : noStats(readAt);
}

function liveStatsOf(frame: StatsFrame, readAt: string, previous: TimedCpuSample | undefined): LiveStats {
  return {
    readAt,
    cpuPercent: cpuPercent({ cpu: frame.cpu, readMs: frame.readMs }, previous ?? enginePrecpu(frame)),
    memoryBytes: memoryWithoutCache(frame),
    memoryLimitBytes: frame.memoryLimit ?? null,
    pids: frame.pids ?? null,
    netRxBytes: frame.networkRxBytes ?? null,
    netTxBytes: frame.networkTxBytes ?? null,
    blockReadBytes: frame.blockReadBytes ?? null,
    blockWriteBytes: frame.blockWriteBytes ?? null,
  };
}

function noStats(readAt: string): LiveStats {
  return { readAt, cpuPercent: null, memoryBytes: null, memoryLimitBytes: null, pids: null, netRxBytes: null, netTxBytes: null, blockReadBytes: null, blockWriteBytes: null };
}

function enginePrecpu(frame: StatsFrame): TimedCpuSample {
  const { readMs, prereadMs } = frame;
  const tooShort = readMs !== undefined && prereadMs !== undefined && readMs - prereadMs < MIN_SAMPLE_WINDOW_MS;
  return tooShort ? { cpu: {} } : { cpu: frame.precpu, readMs: prereadMs };
}

/**
 * Share of the whole machine the container used between the two samples, scaled so that one
 * fully busy CPU is 100%. The first frame of a stream has an empty precpu: no figure yet.
 */
function cpuPercent(current: TimedCpuSample, previous: TimedCpuSample): number | null {
  const now = current.cpu;
  const before = previous.cpu;
  if (now.totalUsage === undefined || before.totalUsage === undefined || now.systemCpuUsage === undefined || !before.systemCpuUsage) {
    return null;
  }
  const cpuDelta = now.totalUsage - before.totalUsage;
  const systemDelta = now.systemCpuUsage - before.systemCpuUsage;
  // cgroup v2 has no percpu_usage: online_cpus is the only count there.
  const cpus = now.onlineCpus || now.percpuUsageCount;
  if (!cpus || systemDelta <= 0 || cpuDelta < 0) return null;
  const scale = systemCounterIsClock(systemDelta, cpus, current.readMs, previous.readMs) ? 1 : cpus;
  const percent = (cpuDelta / systemDelta) * scale * 100;
  return Number.isFinite(percent) ? percent : null; // counters near the double's limits overflow
}

/**
 * Docker's system_cpu_usage is the host's CPU time over all CPUs (it advances cpus x the wall
 * time); Podman 4's compatible API sends a wall clock in ns instead. Told apart by the frames' own
 * read times: a counter that moved less than 1.5x the wall time on a machine of 2+ CPUs is a clock.
 */
function systemCounterIsClock(systemDeltaNs: number, cpus: number, readMs?: number, previousReadMs?: number): boolean {
  if (cpus < 2 || readMs === undefined || previousReadMs === undefined || readMs <= previousReadMs) return false;
  const wallNs = (readMs - previousReadMs) * 1e6;
  return systemDeltaNs < 1.5 * wallNs;
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
