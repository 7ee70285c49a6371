// Live stats -> usage samples: gauges (CPU, memory) as read, counters (network, block I/O) as
// rates in bytes per second from the deltas of two readings. Shared by the panel host (which keeps
// the history) and the webview (which draws it).
import type { LiveStats } from './model';

/** One point of a usage history. Rates are null on the first reading and across counter resets. */
export interface UsageSample {
  /** Epoch ms of the reading. */
  atMs: number;
  cpuPercent: number | null;
  memoryBytes: number | null;
  memoryLimitBytes: number | null;
  netRxPerSec: number | null;
  netTxPerSec: number | null;
  blockReadPerSec: number | null;
  blockWritePerSec: number | null;
}

/** The metrics a sample carries, in the order CSV columns and the ring's columns use. */
export const USAGE_METRICS = ['cpuPercent', 'memoryBytes', 'memoryLimitBytes', 'netRxPerSec', 'netTxPerSec', 'blockReadPerSec', 'blockWritePerSec'] as const;
export type UsageMetric = (typeof USAGE_METRICS)[number];

type Counter = 'netRxBytes' | 'netTxBytes' | 'blockReadBytes' | 'blockWriteBytes';

/** Bytes per second between two counter readings; null when either is missing or the counter went back (a restart). */
export function ratePerSecond(before: number | null, after: number | null, elapsedMs: number): number | null {
  if (before === null || after === null || elapsedMs <= 0 || after < before) return null;
  return ((after - before) * 1000) / elapsedMs;
}

/** Turns one stream's readings into samples; each call compares with the stream's previous reading. */
export function createRateTracker(): (stats: LiveStats) => UsageSample {
  let previous: { atMs: number; stats: LiveStats } | undefined;
  return (stats) => {
    const parsed = Date.parse(stats.readAt);
    // A reading without a usable time still counts, at the time it arrived.
    const atMs = Number.isFinite(parsed) ? parsed : Date.now();
    const rate = (counter: Counter): number | null => (previous ? ratePerSecond(previous.stats[counter], stats[counter], atMs - previous.atMs) : null);
    const sample: UsageSample = {
      atMs,
      cpuPercent: stats.cpuPercent,
      memoryBytes: stats.memoryBytes,
      memoryLimitBytes: stats.memoryLimitBytes,
      netRxPerSec: rate('netRxBytes'),
      netTxPerSec: rate('netTxBytes'),
      blockReadPerSec: rate('blockReadBytes'),
      blockWritePerSec: rate('blockWriteBytes'),
    };
    previous = { atMs, stats };
    return sample;
  };
}
