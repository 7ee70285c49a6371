// Bench (12): the usage history's memory over a 10-minute recording. Runs in plain Node (no editor:
// the ring and the recording are host-side code without VS Code), started by scripts/bench/usageRing.mjs
// with --expose-gc. Readings are simulated (timestamps one or two seconds apart, fed as fast as they
// go): what is measured is what the history keeps, not how fast an engine sends.
import type { LiveStats } from '../../src/shared/model';
import { RECORDING_CAPACITY, UsageHistory } from '../../src/panel/usageHistory';
import { StatsRing, USAGE_HISTORY_CAPACITY } from '../../src/shared/statsRing';
import { report } from './report';

const MB = 1024 * 1024;
const START_MS = Date.parse('2026-12-05T10:00:00.000Z');

function collect(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc: the heap figures must follow a full collection');
  gc();
  gc();
}

/** The JS heap and the ArrayBuffers outside it: the rings' Float64Arrays live in the latter. */
function heapUsed(): number {
  collect();
  const { heapUsed: heap, arrayBuffers } = process.memoryUsage();
  return heap + arrayBuffers;
}

/** A reading as a stream gives it: counters that grow, a CPU figure that moves. */
function reading(index: number, intervalMs: number): LiveStats {
  return {
    readAt: new Date(START_MS + index * intervalMs).toISOString(),
    cpuPercent: 50 + 40 * Math.sin(index / 10),
    memoryBytes: 200 * MB + (index % 100) * 4096,
    memoryLimitBytes: 512 * MB,
    pids: 12,
    netRxBytes: index * 150_000,
    netTxBytes: index * 20_000,
    blockReadBytes: index * 4096,
    blockWriteBytes: index * 65_536,
  };
}

/** Feeds `minutes` of readings into a panel's history with a recording running; heap before and after. */
function feed(history: UsageHistory, from: number, minutes: number, intervalMs: number): { readings: number; ms: number } {
  const readings = Math.round((minutes * 60_000) / intervalMs);
  const started = performance.now();
  for (let index = from; index < from + readings; index++) history.add(reading(index, intervalMs));
  return { readings, ms: performance.now() - started };
}

function measure(label: string, id: string, intervalMs: number, retainedBytes: number): void {
  // A throwaway run first: V8's compiled code and type feedback for this path would otherwise be
  // counted as growth of the history.
  const warmUp = new UsageHistory();
  warmUp.startRecording(new Date(START_MS));
  feed(warmUp, 0, 70, intervalMs);
  warmUp.stopRecording();

  const before = heapUsed();
  const history = new UsageHistory();
  history.startRecording(new Date(START_MS));
  const tenMinutes = feed(history, 0, 10, intervalMs);
  const afterTen = heapUsed();
  const held = history.samples().length;
  // Six more 10-minute blocks: past the hour the recording keeps, so both rings are full and the
  // heap must stay where it is.
  const heapByBlock: number[] = [];
  let fed = tenMinutes.readings;
  for (let block = 0; block < 6; block++) {
    fed += feed(history, fed, 10, intervalMs).readings;
    heapByBlock.push(heapUsed());
  }
  const finished = history.stopRecording();
  const last = heapByBlock.at(-1) ?? afterTen;
  const spread = Math.max(...heapByBlock) - Math.min(...heapByBlock);
  report({
    id: `usage-heap-${id}`,
    measure: `(12) heap + ArrayBuffer growth, a panel's usage history + recording fed 10 min of ${label} readings`,
    unit: 'MB',
    samples: [(afterTen - before) / MB],
    note: `${tenMinutes.readings} readings in ${tenMinutes.ms.toFixed(1)} ms; heap ${(before / MB).toFixed(2)} -> ${(afterTen / MB).toFixed(2)} MB, ${((afterTen - before) / retainedBytes).toFixed(2)}x the rings' retained ${(retainedBytes / 1024).toFixed(0)} KiB; the history then held ${held} samples`,
  });
  report({
    id: `usage-heap-bounded-${id}`,
    measure: `(12b) heap + ArrayBuffer growth over another 60 min of ${label} readings (both rings full: bounded means ~0)`,
    unit: 'MB',
    samples: [(last - afterTen) / MB],
    note: `${fed - tenMinutes.readings} more readings; heap after each 10 min: ${heapByBlock.map((bytes) => (bytes / MB).toFixed(2)).join(', ')} MB (spread ${(spread / 1024).toFixed(0)} KiB); the recording kept ${finished?.samples.length ?? 0}, dropped ${finished?.dropped ?? 0}`,
  });
}

export function run(): void {
  const history = new StatsRing(USAGE_HISTORY_CAPACITY);
  const recording = new StatsRing(RECORDING_CAPACITY);
  report({
    id: 'usage-ring-retained',
    measure: `(12) retained size of the rings: history (${USAGE_HISTORY_CAPACITY}) + recording (${RECORDING_CAPACITY}), fixed at construction`,
    unit: 'MB',
    samples: [(history.retainedBytes + recording.retainedBytes) / MB],
    note: `${history.retainedBytes} + ${recording.retainedBytes} bytes of Float64Array columns, whatever they are fed`,
  });
  const retained = history.retainedBytes + recording.retainedBytes;
  measure('1 Hz (Docker stats)', '1hz', 1_000, retained);
  measure('2 s (libvirt, QEMU)', '2s', 2_000, retained);
}

if (require.main === module) run();
