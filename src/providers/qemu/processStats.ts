// Live CPU, memory and disk I/O of a QEMU process from /proc: CPU from utime+stime deltas (percent
// of one core, as `top` shows it), memory from VmRSS, disk from /proc/PID/io (readable only for our
// own user's processes: else null). Its network is not in /proc per process: null. Stops when the
// process is gone or was replaced.
import * as fs from 'fs';
import * as path from 'path';
import type { LiveStats } from '../../shared/model';
import type { Closeable } from '../provider';
import { parseProcIo, parseProcStat, parseVmRssBytes } from './procStat';

/** USER_HZ: 100 on every Linux architecture this runs on. */
const TICKS_PER_SECOND = 100;

export interface CpuSample {
  ticks: number;
  atMs: number;
}

export function cpuPercent(previous: CpuSample, current: CpuSample): number | null {
  const elapsedSeconds = (current.atMs - previous.atMs) / 1000;
  if (elapsedSeconds <= 0 || current.ticks < previous.ticks) return null;
  return ((current.ticks - previous.ticks) / TICKS_PER_SECOND / elapsedSeconds) * 100;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

export function streamProcessStats(
  pid: number,
  startTicks: number,
  intervalMs: number,
  onStats: (stats: LiveStats) => void,
  onEnd: (error?: Error) => void,
  procRoot = '/proc',
): Closeable {
  let previous: CpuSample | undefined;
  const sample = () => {
    const stat = parseProcStat(readText(path.join(procRoot, String(pid), 'stat')) ?? '');
    const status = readText(path.join(procRoot, String(pid), 'status'));
    if (!stat || stat.startTicks !== startTicks || status === undefined) {
      clearInterval(timer);
      onEnd();
      return;
    }
    const current = { ticks: stat.utimeTicks + stat.stimeTicks, atMs: Date.now() };
    const threads = /^Threads:\s*(\d+)/m.exec(status);
    const io = parseProcIo(readText(path.join(procRoot, String(pid), 'io')) ?? '');
    onStats({
      readAt: new Date(current.atMs).toISOString(),
      cpuPercent: previous ? cpuPercent(previous, current) : null,
      memoryBytes: parseVmRssBytes(status) ?? null,
      memoryLimitBytes: null,
      pids: threads ? Number(threads[1]) : null,
      netRxBytes: null,
      netTxBytes: null,
      blockReadBytes: io?.readBytes ?? null,
      blockWriteBytes: io?.writeBytes ?? null,
    });
    previous = current;
  };
  const timer = setInterval(sample, intervalMs);
  sample();
  return { close: () => clearInterval(timer) };
}
