// What the overhead lab's engine and VM suites share: the probe the harness built, and a metric
// that must have been measured.
import * as assert from 'assert';
import { existsSync, readFileSync } from 'fs';
import path from 'path';
import type { LabMeasurement } from '../src/overhead/overheadLab';
import { isMeasured, type MeasuredMetric, type ProbeMetricId } from '../src/shared/probeReport';
import { repoRoot } from './repoPaths';

/** The probe build for `architecture` from dist/probe; a missing build fails the test loudly. */
export function probeFor(architecture: string): Promise<Uint8Array | undefined> {
  const file = path.join(repoRoot, 'dist', 'probe', `ws-probe-${architecture}`);
  if (!existsSync(file)) throw new Error(`${file} is missing: the harness builds it (node scripts/probe/buildProbe.mjs).`);
  return Promise.resolve(readFileSync(file));
}

/** The metric `id` of `measurement`, which must be there and measured. */
export function measuredMetric(measurement: LabMeasurement, id: ProbeMetricId): MeasuredMetric {
  const found = measurement.metrics.find((candidate) => candidate.id === id);
  assert.ok(found, `${id} missing from ${measurement.workload.name}`);
  assert.ok(isMeasured(found), `${id} on ${measurement.workload.name} failed: ${'error' in found ? found.error : ''}`);
  return found;
}

function cpuTimes(): { idle: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { idle: fields[3] + (fields[4] ?? 0), total: fields.reduce((sum, value) => sum + value, 0) };
}

/**
 * Waits (up to `timeoutMs`) until this machine's CPUs are at least `idlePercent` idle over a
 * second: a comparison of CPU speeds means nothing while something else (an engine recovering
 * from an earlier test's SIGKILL) keeps a core busy. Resolves with the idle share it last saw.
 */
export async function waitForQuietMachine(idlePercent = 85, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const before = cpuTimes();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = cpuTimes();
    const idle = (100 * (after.idle - before.idle)) / Math.max(1, after.total - before.total);
    if (idle >= idlePercent || Date.now() > deadline) return idle;
  }
}
