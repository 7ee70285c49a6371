// Runs the probe suite on each chosen workload, one after another (a TCG guest alone keeps a core
// busy: two at once would measure each other). Each metric is its own probe run, so a cancel takes
// effect within one metric, and progress can name what is being measured. Whatever happens, the
// probe is removed from every workload it was copied into.
import type { WorkloadKind, WorkloadRef } from '../shared/model';
import { parseProbeReport, PROBE_METRICS, type ProbeMetric, type ProbeMetricId, type ProbeReport } from '../shared/probeReport';
import type { BootedWorkload, InstalledProbe, ProbeTarget, ProvisioningResult } from '../providers/probeTarget';
import { ROW_INFO } from './metricInfo';
import { measureFromHost, type FromHostResult } from './tcpFromHost';

export interface LabWorkload {
  ref: WorkloadRef;
  name: string;
  kind: WorkloadKind;
  /** The provider's target, or why the probe cannot run there. */
  target: ProbeTarget | Error;
  /** It is off: the lab boots it (timing that as its provisioning) and powers it off again after. */
  needsBoot?: boolean;
}

export interface LabSettings {
  runs: number;
  runMs: number;
  metrics: readonly ProbeMetricId[];
  /** Fresh starts to time per workload; 0 leaves provisioning out. */
  provisioningRuns: number;
  /** Also time TCP round trips from this machine into each workload. */
  fromHost?: boolean;
}

export interface LabHooks {
  /** The probe build for a `uname -m` architecture, or undefined when none is shipped. */
  probeFor(architecture: string): Promise<Uint8Array | undefined>;
  onProgress(message: string, done: number, total: number): void;
  /** After each workload, with the measurements so far (the table fills in as it goes). */
  onMeasured?(measurements: readonly LabMeasurement[]): void;
  signal?: AbortSignal;
}

/** One workload's raw results: the probe's reports merged, or why there are none. */
export interface LabMeasurement {
  workload: LabWorkload;
  system?: ProbeReport['system'];
  dir?: ProbeReport['dir'];
  architecture?: string;
  metrics: ProbeMetric[];
  provisioning?: ProvisioningResult | { error: string };
  fromHost?: FromHostResult;
  notes: string[];
  error?: string;
}

export const DEFAULT_SETTINGS: LabSettings = { runs: 3, runMs: 200, metrics: PROBE_METRICS, provisioningRuns: 3, fromHost: true };

/** How long one metric may take before its run is abandoned: generous, a TCG guest is slow to start processes. */
export function metricTimeoutMs(settings: LabSettings): number {
  return settings.runs * settings.runMs * 4 + 30_000;
}

/** A rough duration for the consent dialog: the probe's own time budget plus start-up per run. */
export function estimatedSeconds(settings: LabSettings, workloads: number): number {
  const probeRuns = settings.metrics.length + (settings.fromHost ? 1 : 0);
  const perWorkload = probeRuns * (settings.runs * settings.runMs + 400) + settings.provisioningRuns * 700;
  return Math.ceil((workloads * perWorkload) / 1000);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Deadlines of the steps that do not bound themselves (a TCG guest's agent writes slowly). */
const STEP_DEADLINE_MS = { architecture: 30_000, install: 120_000, address: 30_000, provision: 180_000, remove: 60_000 } as const;

/**
 * Waits for one step at most `ms`, and not at all past a cancel: the step itself may run on (a
 * call in flight cannot always be taken back), so `onLate` receives what it gives after that.
 */
async function bounded<T>(what: string, ms: number, signal: AbortSignal | undefined, run: Promise<T>, onLate?: (value: T) => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${Math.round(ms / 1000)} s`)), ms);
    onAbort = () => reject(new Error('Cancelled.'));
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort);
  });
  try {
    return await Promise.race([run, stopped]);
  } catch (error) {
    void run.then((value) => onLate?.(value), () => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

async function measureMetric(probe: InstalledProbe, id: ProbeMetricId, settings: LabSettings, signal?: AbortSignal): Promise<ProbeReport | { error: string }> {
  const args = ['--metrics', id, '--runs', String(settings.runs), '--run-ms', String(settings.runMs), '--dir', probe.dir];
  const output = await probe.run(args, metricTimeoutMs(settings), signal);
  if (output.exitCode !== 0) {
    const why = output.stderr.trim().split('\n').slice(-2).join(' ') || `exit ${output.exitCode}`;
    return { error: `The probe failed: ${why.slice(0, 300)}` };
  }
  const parsed = parseProbeReport(output.stdout);
  return parsed.ok ? parsed.report : { error: parsed.error };
}

async function measureWorkload(workload: LabWorkload, settings: LabSettings, hooks: LabHooks, step: (message: string) => void): Promise<LabMeasurement> {
  const measurement: LabMeasurement = { workload, metrics: [], notes: [] };
  const target = workload.target;
  if (target instanceof Error) return { ...measurement, error: target.message };
  let installed: InstalledProbe | undefined;
  let booted: BootedWorkload | undefined;
  try {
    if (workload.needsBoot) {
      if (!target.bootToReady) return { ...measurement, error: 'It is off, and its provider cannot start it to measure it. Start it first.' };
      step(`${workload.name}: booting it (its provisioning time)`);
      booted = await target.bootToReady(hooks.signal);
      measurement.provisioning = { what: booted.what, runsMs: [booted.ms] };
      measurement.notes.push('it was off: the lab booted it to time that, measured it, and powered it off again');
    }
    measurement.architecture = await bounded('Reading its architecture', STEP_DEADLINE_MS.architecture, hooks.signal, target.architecture());
    const probe = await hooks.probeFor(measurement.architecture);
    if (!probe) return { ...measurement, error: `No probe is built for ${measurement.architecture}: the lab ships x86_64 and aarch64 builds.` };
    step(`${workload.name}: copying the probe in`);
    // An install that finishes after the lab stopped waiting is removed as soon as it does.
    installed = await bounded('Copying the probe in', STEP_DEADLINE_MS.install, hooks.signal, target.install(probe), (late) => void late.remove());
    measurement.notes.push(...installed.notes);
    for (const id of settings.metrics) {
      if (hooks.signal?.aborted) break;
      step(`${workload.name}: ${ROW_INFO[id].label}`);
      const result = await measureMetric(installed, id, settings, hooks.signal);
      if (hooks.signal?.aborted) break;
      if ('error' in result) {
        measurement.metrics.push({ id, error: result.error });
        continue;
      }
      measurement.system ??= result.system;
      measurement.dir ??= result.dir;
      measurement.metrics.push(...result.metrics.filter((metric) => metric.id === id));
    }
    if (settings.fromHost && !hooks.signal?.aborted) {
      step(`${workload.name}: ${ROW_INFO['net.fromHost'].label}`);
      const address = target.reachableAddress
        ? await bounded('Finding its address', STEP_DEADLINE_MS.address, hooks.signal, target.reachableAddress()).catch((error: unknown) => ({ unreachable: messageOf(error) }))
        : { unreachable: 'its provider cannot say where it is reachable' };
      measurement.fromHost = 'unreachable' in address ? { error: `Not reachable from this machine: ${address.unreachable}.` } : await measureFromHost(installed, address, settings.runs, settings.runMs, hooks.signal);
    }
    if (settings.provisioningRuns > 0 && target.provision && !booted && !hooks.signal?.aborted) {
      step(`${workload.name}: ${ROW_INFO.provisioning.label}`);
      measurement.provisioning = await bounded('Timing provisioning', STEP_DEADLINE_MS.provision, hooks.signal, target.provision(probe, settings.provisioningRuns, hooks.signal)).catch((error: unknown) => ({ error: messageOf(error) }));
    }
  } catch (error) {
    measurement.error = messageOf(error);
  } finally {
    if (installed) {
      // After a cancel the probe may still be finishing its run (and removing its scratch files):
      // give it that long before the second try.
      // Removal runs after a cancel too: it is bounded by time only.
      const remove = (probe: InstalledProbe) => bounded('Removing the probe', STEP_DEADLINE_MS.remove, undefined, probe.remove()).catch(messageOf);
      let left = await remove(installed);
      if (left) {
        await new Promise((resolve) => setTimeout(resolve, settings.runMs * settings.runs + 1_000));
        left = await remove(installed);
      }
      if (left) measurement.notes.push(left);
    }
    const notRestored = await booted?.restore();
    if (notRestored) measurement.notes.push(notRestored);
  }
  return measurement;
}

export async function runLab(workloads: readonly LabWorkload[], settings: LabSettings, hooks: LabHooks): Promise<LabMeasurement[]> {
  const stepsPerWorkload = settings.metrics.length + 3;
  const total = workloads.length * stepsPerWorkload;
  const results: LabMeasurement[] = [];
  for (const [index, workload] of workloads.entries()) {
    if (hooks.signal?.aborted) {
      // Still a column of the table: the user sees what was left out, not a shorter table.
      results.push({ workload, metrics: [], notes: [], error: 'Cancelled before it was measured.' });
      continue;
    }
    let done = index * stepsPerWorkload;
    results.push(await measureWorkload(workload, settings, hooks, (message) => hooks.onProgress(message, done++, total)));
    hooks.onMeasured?.(results);
  }
  return results;
}
