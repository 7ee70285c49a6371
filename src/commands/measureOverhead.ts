// `Workload Stacks: Measure Overhead`: the user picks workloads, agrees to the load it puts on
// them, and watches the probe suite run on this machine (always, as the baseline) and on each of
// them in turn; the table fills in as each one finishes, and each diagram gets its measured cost.
import * as vscode from 'vscode';
import type { Stack, WorkloadRef } from '../shared/model';
import type { Logger, WorkloadProvider } from '../providers/provider';
import { DEFAULT_SETTINGS, runLab, type LabMeasurement, type LabSettings, type LabWorkload } from '../overhead/overheadLab';
import { consentText } from '../overhead/consent';
import { type ProbeRoutes, canBoot, labWorkloads } from '../overhead/probeRouting';
import { annotationFor, buildResults } from '../overhead/overheadResults';
import type { PanelManager } from '../panel/panelManager';
import { readSettings } from '../settings';
import type { WorkloadCatalog } from '../catalog/workloadCatalog';
import { resolveTargets } from './workloadTarget';
import { COMMANDS } from '../commandIds';

export interface OverheadCommandDeps {
  catalog: WorkloadCatalog;
  panels: PanelManager;
  providerOf(id: string): WorkloadProvider | undefined;
  extensionUri: vscode.Uri;
  log: Logger;
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
  const measure = vscode.l10n.t('Measure');
  const answer = await vscode.window.showWarningMessage(consent.question, { modal: true, detail: consent.detail }, measure);
  return answer === measure;
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

  const routes: ProbeRoutes = {
    providerOf: deps.providerOf,
    listedWorkloads: () => deps.catalog.listedWorkloads(),
    sshTargets: () => readSettings().overhead.sshTargets,
  };
  const measure = async (arg?: unknown, selection?: unknown) => {
    if (running) {
      void vscode.window.showInformationMessage(vscode.l10n.t('A measurement is already running: two at once would measure each other. Wait for it, or cancel it.'));
      return;
    }
    const picked = await resolveTargets(deps.catalog, arg, selection, {
      title: vscode.l10n.t('Measure the overhead of which workloads? (This machine is always measured, as the baseline.)'),
      // Running workloads; and VMs that are off, which the lab can boot to time their provisioning.
      filter: (summary) => summary.state === 'running' || (summary.ref.kind === 'vm' && summary.state === 'exited' && canBoot(routes, summary.ref)),
      canPickMany: true,
    });
    if (picked.length === 0) return;
    const configured = readSettings().overhead;
    const settings: LabSettings = { ...DEFAULT_SETTINGS, runs: configured.runs, runMs: configured.runMs, provisioningRuns: configured.provisioningRuns };
    const workloads = labWorkloads(routes, picked);
    if (!(await askConsent(workloads, settings))) return;

    running = true;
    const panel = deps.panels.openOverhead();
    const startedAt = new Date();
    try {
      const stacks = await readStacks(deps, workloads);
      const stackOf = new Map<LabMeasurement, Stack | undefined>();
      const results = (measurements: readonly LabMeasurement[], cancelled: boolean) => {
        for (const measurement of measurements) stackOf.set(measurement, stacks.get(measurement.workload.ref));
        return buildResults({ measurements, stacks: stackOf, settings, startedAt, finishedAt: new Date(), cancelled });
      };
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Measuring overhead'), cancellable: true },
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
          if (abort.signal.aborted) void vscode.window.showInformationMessage(vscode.l10n.t('Measurement cancelled: the table shows what was measured until then. The probe was removed.'));
        },
      );
    } finally {
      running = false;
      // A VM the lab booted and powered off again, provisioning containers come and gone: show the
      // tree as it is now rather than at the next poll.
      void deps.catalog.refresh();
    }
  };
  return [vscode.commands.registerCommand(COMMANDS.measureOverhead, measure)];
}
