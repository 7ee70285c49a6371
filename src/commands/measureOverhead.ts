// `Workload Stacks: Measure Overhead`: the user picks workloads, agrees to the load it puts on
// them, and watches the probe suite run on this machine (always, as the baseline) and on each of
// them in turn; the table fills in as each one finishes, and each diagram gets its measured cost.
import * as os from 'os';
import * as vscode from 'vscode';
import type { Stack, WorkloadRef } from '../shared/model';
import { hostProbeTarget } from '../providers/host/hostProbe';
import { HOST_REF } from '../providers/host/hostStack';
import type { Logger, WorkloadProvider } from '../providers/provider';
import { ProbeUnavailableError, type ProbeTarget } from '../providers/probeTarget';
import { parseSshDestination, sshProbeTarget } from '../providers/ssh/sshProbe';
import { DEFAULT_SETTINGS, runLab, type LabMeasurement, type LabSettings, type LabWorkload } from '../overhead/overheadLab';
import { consentText } from '../overhead/consent';
import { annotationFor, buildResults } from '../overhead/overheadResults';
import { OverheadPanel } from '../panel/overheadPanel';
import type { PanelManager } from '../panel/panelManager';
import { readSettings } from '../settings';
import type { WorkloadTree } from '../tree/workloadTree';
import { resolveTargets, type WorkloadTarget } from './workloadTarget';

export const MEASURE_OVERHEAD = 'workloadStacks.measureOverhead';

export interface OverheadCommandDeps {
  tree: WorkloadTree;
  panels: PanelManager;
  providerOf(id: string): WorkloadProvider | undefined;
  extensionUri: vscode.Uri;
  log: Logger;
}

/** The overhead panels opened so far in this window, newest last: for the tests. */
export const overheadPanels: OverheadPanel[] = [];

function sameRef(a: WorkloadRef, b: WorkloadRef): boolean {
  return a.providerId === b.providerId && a.id === b.id;
}

function targetOf(deps: OverheadCommandDeps, ref: WorkloadRef, name?: string): ProbeTarget | Error {
  if (ref.kind === 'host') return deps.providerOf(ref.providerId)?.probeTarget?.(ref) ?? hostProbeTarget();
  const sshTargets = readSettings().overhead.sshTargets;
  const ssh = ref.kind === 'vm' && name !== undefined && Object.hasOwn(sshTargets, name) ? sshTargets[name] : undefined;
  if (ssh !== undefined) {
    const destination = parseSshDestination(ssh);
    return destination ? sshProbeTarget(destination) : new ProbeUnavailableError(`workloadStacks.overhead.sshTargets gives "${ssh}" for ${name}, which is not [user@]host[:port].`);
  }
  const provider = deps.providerOf(ref.providerId);
  if (!provider?.probeTarget) return new ProbeUnavailableError(`${provider?.label ?? ref.providerId} cannot run programs inside its workloads yet, so nothing was measured.`);
  try {
    return provider.probeTarget(ref);
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** This machine first (every ratio divides by it), then the picked workloads in the order picked. */
function labWorkloads(deps: OverheadCommandDeps, picked: readonly WorkloadTarget[]): LabWorkload[] {
  const hostRow = picked.find((target) => target.ref.kind === 'host') ?? deps.tree.listedWorkloads().find((summary) => summary.ref.kind === 'host');
  const host: WorkloadTarget = hostRow ? { ref: hostRow.ref, name: hostRow.name } : { ref: { ...HOST_REF }, name: os.hostname() || 'This machine' };
  const others = picked.filter((target) => target.ref.kind !== 'host' && !sameRef(target.ref, host.ref));
  const isOff = (ref: WorkloadRef) => ref.kind === 'vm' && deps.tree.listedWorkloads().some((summary) => sameRef(summary.ref, ref) && summary.state === 'exited');
  return [host, ...others].map((target) => ({ ref: target.ref, name: target.name, kind: target.ref.kind, target: targetOf(deps, target.ref, target.name), needsBoot: isOff(target.ref) }));
}

/** Whether the lab can boot this VM (its provider can start it and wait for its guest agent). */
function canBoot(deps: OverheadCommandDeps, ref: WorkloadRef): boolean {
  const target = targetOf(deps, ref);
  return !(target instanceof Error) && target.bootToReady !== undefined;
}

async function askConsent(workloads: readonly LabWorkload[], settings: LabSettings): Promise<boolean> {
  const notes = new Map<string, string>();
  await Promise.all(
    workloads.map(async (workload) => {
      const note = workload.target instanceof Error ? undefined : await workload.target.placementNote?.().catch(() => undefined);
      if (note) notes.set(workload.name, note);
    }),
  );
  const consent = consentText(workloads, settings, notes);
  const answer = await vscode.window.showWarningMessage(consent.question, { modal: true, detail: consent.detail }, 'Measure');
  return answer === 'Measure';
}

async function readStacks(deps: OverheadCommandDeps, workloads: readonly LabWorkload[]): Promise<Map<WorkloadRef, Stack | undefined>> {
  const stacks = new Map<WorkloadRef, Stack | undefined>();
  await Promise.all(
    workloads.map(async (workload) => {
      const stack = await deps.providerOf(workload.ref.providerId)?.inspectStack(workload.ref, { processes: false }).catch(() => undefined);
      stacks.set(workload.ref, stack);
    }),
  );
  return stacks;
}

export function registerOverheadCommand(deps: OverheadCommandDeps): vscode.Disposable[] {
  let running = false;
  const probeFor = async (architecture: string): Promise<Uint8Array | undefined> => {
    if (!/^[a-z0-9_]+$/.test(architecture)) return undefined; // the name becomes a file path
    try {
      return await vscode.workspace.fs.readFile(vscode.Uri.joinPath(deps.extensionUri, 'dist', 'probe', `ws-probe-${architecture}`));
    } catch {
      return undefined;
    }
  };

  const measure = async (arg?: unknown, selection?: unknown) => {
    if (running) {
      void vscode.window.showInformationMessage('A measurement is already running: two at once would measure each other. Wait for it, or cancel it.');
      return;
    }
    const picked = await resolveTargets(deps.tree, arg, selection, {
      title: 'Measure the overhead of which workloads? (This machine is always measured, as the baseline.)',
      // Running workloads; and VMs that are off, which the lab can boot to time their provisioning.
      filter: (summary) => summary.state === 'running' || (summary.ref.kind === 'vm' && summary.state === 'exited' && canBoot(deps, summary.ref)),
      canPickMany: true,
    });
    if (picked.length === 0) return;
    const configured = readSettings().overhead;
    const settings: LabSettings = { ...DEFAULT_SETTINGS, runs: configured.runs, runMs: configured.runMs, provisioningRuns: configured.provisioningRuns };
    const workloads = labWorkloads(deps, picked);
    if (!(await askConsent(workloads, settings))) return;

    running = true;
    const panel = OverheadPanel.open(deps.extensionUri, deps.log);
    overheadPanels.push(panel);
    panel.onDidDispose(() => overheadPanels.splice(overheadPanels.indexOf(panel), 1));
    const startedAt = new Date();
    try {
      const stacks = await readStacks(deps, workloads);
      const stackOf = new Map<LabMeasurement, Stack | undefined>();
      const results = (measurements: readonly LabMeasurement[], cancelled: boolean) => {
        for (const measurement of measurements) stackOf.set(measurement, stacks.get(measurement.workload.ref));
        return buildResults({ measurements, stacks: stackOf, settings, startedAt, finishedAt: new Date(), cancelled });
      };
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'Measuring overhead', cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          let reported = 0;
          const measurements = await runLab(workloads, settings, {
            probeFor,
            signal: abort.signal,
            onProgress: (message, done, total) => {
              const fraction = (done / total) * 100;
              progress.report({ message, increment: fraction - reported });
              reported = fraction;
            },
            onMeasured: (soFar) => panel.update(results(soFar, false), true),
          });
          const final = results(measurements, abort.signal.aborted);
          panel.update(final, false);
          final.columns.forEach((column, index) => deps.panels.setOverheadAnnotation(column.ref, annotationFor(final, index)));
          for (const measurement of measurements) {
            if (measurement.error) deps.log.warn(`overhead: ${measurement.workload.name}: ${measurement.error}`);
            for (const note of measurement.notes) deps.log.info(`overhead: ${measurement.workload.name}: ${note}`);
          }
          if (abort.signal.aborted) void vscode.window.showInformationMessage('Measurement cancelled: the table shows what was measured until then. The probe was removed.');
        },
      );
    } finally {
      running = false;
      // A VM the lab booted and powered off again, provisioning containers come and gone: show the
      // tree as it is now rather than at the next poll.
      void deps.tree.refresh();
    }
  };
  return [vscode.commands.registerCommand(MEASURE_OVERHEAD, measure)];
}
