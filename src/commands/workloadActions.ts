// State changes of containers (start, stop, restart, pause, unpause, remove) and VMs (start,
// shutdown, force off, pause, resume, reboot): on the clicked row, the multi-selection, or a
// QuickPick from the palette. Destructive ones (remove, force off) always ask first and say what
// will be lost, and so does any verb a provider can only carry out the hard way (a reset).
import * as vscode from 'vscode';
import type { WorkloadKind } from '../shared/model';
import type { WorkloadAction, WorkloadProvider, WorkloadState } from '../providers/provider';
import { WorkloadGoneError } from '../providers/provider';
import type { WorkloadCatalog } from '../catalog/workloadCatalog';
import { type WorkloadTarget, resolveTargets } from './workloadTarget';
import { COMMANDS, type CommandId } from '../commandIds';
import type { ErrorReporter } from './errorReport';

export interface ActionSpec {
  kind: Extract<WorkloadKind, 'container' | 'vm' | 'pod'>;
  action: WorkloadAction;
  command: CommandId;
  /** States the QuickPick offers, matching the context menu. */
  states: readonly WorkloadState[];
  /** The sentences the action shows, each whole so a translation can order its words. */
  texts(): ActionTexts;
  /** For destructive actions: what the confirmation says will be lost. */
  confirm?: { detail(): string };
}

export interface ActionTexts {
  /** The QuickPick's title: `Stop which container?`. */
  pick: string;
  /** The confirmation's button, also the verb of the confirmation. */
  button: string;
  askOne(name: string): string;
  askMany(count: number, names: string): string;
  progressOne(name: string): string;
  progressMany(count: number): string;
  failed(failures: string): string;
}

export const WORKLOAD_ACTIONS: readonly ActionSpec[] = [
  {
    kind: 'container',
    action: 'start',
    command: COMMANDS.containerStart,
    states: ['exited', 'created'],
    texts: () => ({
      pick: vscode.l10n.t('Start which container?'),
      button: vscode.l10n.t('Start'),
      askOne: (name) => vscode.l10n.t('Start the container "{0}"?', name),
      askMany: (count, names) => vscode.l10n.t('Start {0} containers ({1})?', count, names),
      progressOne: (name) => vscode.l10n.t('Starting {0}', name),
      progressMany: (count) => vscode.l10n.t('Starting {0} containers', count),
      failed: (failures) => vscode.l10n.t('Could not start {0}', failures),
    }),
  },
  {
    kind: 'container',
    action: 'stop',
    command: COMMANDS.containerStop,
    states: ['running', 'paused', 'restarting'],
    texts: () => ({
      pick: vscode.l10n.t('Stop which container?'),
      button: vscode.l10n.t('Stop'),
      askOne: (name) => vscode.l10n.t('Stop the container "{0}"?', name),
      askMany: (count, names) => vscode.l10n.t('Stop {0} containers ({1})?', count, names),
      progressOne: (name) => vscode.l10n.t('Stopping {0}', name),
      progressMany: (count) => vscode.l10n.t('Stopping {0} containers', count),
      failed: (failures) => vscode.l10n.t('Could not stop {0}', failures),
    }),
  },
  {
    kind: 'container',
    action: 'restart',
    command: COMMANDS.containerRestart,
    states: ['running', 'exited', 'created'],
    texts: () => ({
      pick: vscode.l10n.t('Restart which container?'),
      button: vscode.l10n.t('Restart'),
      askOne: (name) => vscode.l10n.t('Restart the container "{0}"?', name),
      askMany: (count, names) => vscode.l10n.t('Restart {0} containers ({1})?', count, names),
      progressOne: (name) => vscode.l10n.t('Restarting {0}', name),
      progressMany: (count) => vscode.l10n.t('Restarting {0} containers', count),
      failed: (failures) => vscode.l10n.t('Could not restart {0}', failures),
    }),
  },
  {
    kind: 'container',
    action: 'pause',
    command: COMMANDS.containerPause,
    states: ['running'],
    texts: () => ({
      pick: vscode.l10n.t('Pause which container?'),
      button: vscode.l10n.t('Pause'),
      askOne: (name) => vscode.l10n.t('Pause the container "{0}"?', name),
      askMany: (count, names) => vscode.l10n.t('Pause {0} containers ({1})?', count, names),
      progressOne: (name) => vscode.l10n.t('Pausing {0}', name),
      progressMany: (count) => vscode.l10n.t('Pausing {0} containers', count),
      failed: (failures) => vscode.l10n.t('Could not pause {0}', failures),
    }),
  },
  {
    kind: 'container',
    action: 'unpause',
    command: COMMANDS.containerUnpause,
    states: ['paused'],
    texts: () => ({
      pick: vscode.l10n.t('Resume which container?'),
      button: vscode.l10n.t('Resume'),
      askOne: (name) => vscode.l10n.t('Resume the container "{0}"?', name),
      askMany: (count, names) => vscode.l10n.t('Resume {0} containers ({1})?', count, names),
      progressOne: (name) => vscode.l10n.t('Resuming {0}', name),
      progressMany: (count) => vscode.l10n.t('Resuming {0} containers', count),
      failed: (failures) => vscode.l10n.t('Could not resume {0}', failures),
    }),
  },
  {
    kind: 'container',
    action: 'remove',
    command: COMMANDS.containerRemove,
    states: ['running', 'paused', 'exited', 'created', 'restarting', 'dead'],
    texts: () => ({
      pick: vscode.l10n.t('Remove which container?'),
      button: vscode.l10n.t('Remove'),
      askOne: (name) => vscode.l10n.t('Remove the container "{0}"?', name),
      askMany: (count, names) => vscode.l10n.t('Remove {0} containers ({1})?', count, names),
      progressOne: (name) => vscode.l10n.t('Removing {0}', name),
      progressMany: (count) => vscode.l10n.t('Removing {0} containers', count),
      failed: (failures) => vscode.l10n.t('Could not remove {0}', failures),
    }),
    confirm: {
      detail: () => vscode.l10n.t('A running container is stopped first. Everything written inside the container (its writable layer) is lost; named volumes and the image are kept.'),
    },
  },
  {
    kind: 'pod',
    action: 'remove',
    command: COMMANDS.podDelete,
    states: ['running', 'created', 'exited', 'dead', 'restarting', 'unknown'],
    texts: () => ({
      pick: vscode.l10n.t('Delete which pod?'),
      button: vscode.l10n.t('Delete'),
      askOne: (name) => vscode.l10n.t('Delete the pod "{0}"?', name),
      askMany: (count, names) => vscode.l10n.t('Delete {0} pods ({1})?', count, names),
      progressOne: (name) => vscode.l10n.t('Deleting {0}', name),
      progressMany: (count) => vscode.l10n.t('Deleting {0} pods', count),
      failed: (failures) => vscode.l10n.t('Could not delete {0}', failures),
    }),
    confirm: {
      detail: () =>
        vscode.l10n.t('Its containers are stopped (each gets its grace period) and whatever they wrote outside volumes is lost. A pod a controller owns (a Deployment, a StatefulSet, a Job) is made again by it.'),
    },
  },
  {
    kind: 'vm',
    action: 'start',
    command: COMMANDS.vmStart,
    states: ['exited', 'created', 'dead'],
    texts: () => ({
      pick: vscode.l10n.t('Start which virtual machine?'),
      button: vscode.l10n.t('Start'),
      askOne: (name) => vscode.l10n.t('Start the virtual machine "{0}"?', name),
      askMany: (count, names) => vscode.l10n.t('Start {0} virtual machines ({1})?', count, names),
      progressOne: (name) => vscode.l10n.t('Starting {0}', name),
      progressMany: (count) => vscode.l10n.t('Starting {0} virtual machines', count),
      failed: (failures) => vscode.l10n.t('Could not start {0}', failures),
    }),
  },
  {
    kind: 'vm',
    action: 'shutdown',
    command: COMMANDS.vmShutdown,
    states: ['running'],
    texts: () => ({
      pick: vscode.l10n.t('Shut down which virtual machine?'),
      button: vscode.l10n.t('Shut down'),
      askOne: (name) => vscode.l10n.t('Shut down the virtual machine "{0}"?', name),
      askMany: (count, names) => vscode.l10n.t('Shut down {0} virtual machines ({1})?', count, names),
      progressOne: (name) => vscode.l10n.t('Shutting down {0}', name),
      progressMany: (count) => vscode.l10n.t('Shutting down {0} virtual machines', count),
      failed: (failures) => vscode.l10n.t('Could not shut down {0}', failures),
    }),
  },
  {
    kind: 'vm',
    action: 'reboot',
    command: COMMANDS.vmReboot,
    states: ['running'],
    texts: () => ({
      pick: vscode.l10n.t('Reboot which virtual machine?'),
      button: vscode.l10n.t('Reboot'),
      askOne: (name) => vscode.l10n.t('Reboot the virtual machine "{0}"?', name),
      askMany: (count, names) => vscode.l10n.t('Reboot {0} virtual machines ({1})?', count, names),
      progressOne: (name) => vscode.l10n.t('Rebooting {0}', name),
      progressMany: (count) => vscode.l10n.t('Rebooting {0} virtual machines', count),
      failed: (failures) => vscode.l10n.t('Could not reboot {0}', failures),
    }),
  },
  {
    kind: 'vm',
    action: 'pause',
    command: COMMANDS.vmPause,
    states: ['running'],
    texts: () => ({
      pick: vscode.l10n.t('Pause which virtual machine?'),
      button: vscode.l10n.t('Pause'),
      askOne: (name) => vscode.l10n.t('Pause the virtual machine "{0}"?', name),
      askMany: (count, names) => vscode.l10n.t('Pause {0} virtual machines ({1})?', count, names),
      progressOne: (name) => vscode.l10n.t('Pausing {0}', name),
      progressMany: (count) => vscode.l10n.t('Pausing {0} virtual machines', count),
      failed: (failures) => vscode.l10n.t('Could not pause {0}', failures),
    }),
  },
  {
    kind: 'vm',
    action: 'resume',
    command: COMMANDS.vmResume,
    states: ['paused'],
    texts: () => ({
      pick: vscode.l10n.t('Resume which virtual machine?'),
      button: vscode.l10n.t('Resume'),
      askOne: (name) => vscode.l10n.t('Resume the virtual machine "{0}"?', name),
      askMany: (count, names) => vscode.l10n.t('Resume {0} virtual machines ({1})?', count, names),
      progressOne: (name) => vscode.l10n.t('Resuming {0}', name),
      progressMany: (count) => vscode.l10n.t('Resuming {0} virtual machines', count),
      failed: (failures) => vscode.l10n.t('Could not resume {0}', failures),
    }),
  },
  {
    kind: 'vm',
    action: 'forceOff',
    command: COMMANDS.vmForceOff,
    states: ['running', 'paused', 'restarting', 'unknown'],
    texts: () => ({
      pick: vscode.l10n.t('Force off which virtual machine?'),
      button: vscode.l10n.t('Force Off'),
      askOne: (name) => vscode.l10n.t('Force off the virtual machine "{0}"?', name),
      askMany: (count, names) => vscode.l10n.t('Force off {0} virtual machines ({1})?', count, names),
      progressOne: (name) => vscode.l10n.t('Forcing off {0}', name),
      progressMany: (count) => vscode.l10n.t('Forcing off {0} virtual machines', count),
      failed: (failures) => vscode.l10n.t('Could not force off {0}', failures),
    }),
    confirm: {
      detail: () => vscode.l10n.t('Like pulling the power plug: the guest gets no chance to shut down, unsaved work in it is lost, and its file systems may need a check at the next boot.'),
    },
  },
];

export function registerWorkloadActions(
  catalog: WorkloadCatalog,
  treeView: vscode.TreeView<unknown>,
  providerOf: (id: string) => WorkloadProvider | undefined,
  errors: ErrorReporter,
): vscode.Disposable[] {
  return WORKLOAD_ACTIONS.map((spec) =>
    vscode.commands.registerCommand(spec.command, async (arg?: unknown, selection?: unknown) => {
      const targets = await resolveTargets(catalog, arg, selection ?? treeView.selection, {
        title: spec.texts().pick,
        states: spec.states,
        kind: spec.kind,
      });
      await changeState(spec, targets, { catalog, providerOf, errors });
    }),
  );
}

export interface StateChangeDeps {
  catalog: WorkloadCatalog;
  providerOf(id: string): WorkloadProvider | undefined;
  errors: ErrorReporter;
}

/** The action spec of a verb on a kind of workload, for the panels' toolbar. */
export function actionSpecOf(kind: WorkloadKind, action: WorkloadAction): ActionSpec | undefined {
  return WORKLOAD_ACTIONS.find((spec) => spec.kind === kind && spec.action === action);
}

/** Asks first where the action destroys something or the provider warns, runs it, then relists. */
export async function changeState(spec: ActionSpec, targets: readonly WorkloadTarget[], { catalog, providerOf, errors }: StateChangeDeps): Promise<void> {
  if (targets.length === 0) return;
  const warnings = [...new Set(targets.flatMap((target) => providerOf(target.ref.providerId)?.actionWarning?.(target.ref, spec.action) ?? []))];
  if ((spec.confirm || warnings.length > 0) && !(await confirmDestructive(spec, targets, warnings))) return;
  await runOnTargets(spec, targets, providerOf, errors);
  void catalog.refresh();
}

async function confirmDestructive(spec: ActionSpec, targets: readonly WorkloadTarget[], warnings: readonly string[]): Promise<boolean> {
  const texts = spec.texts();
  const names = targets.map((target) => target.name);
  const question = names.length === 1 ? texts.askOne(names[0]) : texts.askMany(names.length, names.join(', '));
  const detail = [spec.confirm?.detail(), ...warnings].filter(Boolean).join('\n\n');
  const answer = await vscode.window.showWarningMessage(question, { modal: true, detail }, texts.button);
  return answer === texts.button;
}

async function runOnTargets(spec: ActionSpec, targets: readonly WorkloadTarget[], providerOf: (id: string) => WorkloadProvider | undefined, errors: ErrorReporter): Promise<void> {
  const texts = spec.texts();
  await vscode.window.withProgress(
    { location: { viewId: 'workloadStacks.workloads' }, title: targets.length === 1 ? texts.progressOne(targets[0].name) : texts.progressMany(targets.length) },
    async () => {
      const failures: string[] = [];
      await Promise.all(
        targets.map(async (target) => {
          const provider = providerOf(target.ref.providerId);
          if (!provider) return;
          try {
            await provider.runAction(target.ref, spec.action);
          } catch (error) {
            if (error instanceof WorkloadGoneError && spec.action === 'remove') return;
            failures.push(`${target.name}: ${error instanceof Error ? error.message : String(error)}`); // runAction explains its own errors
          }
        }),
      );
      if (failures.length > 0) errors.report(texts.failed(failures.join('; ')));
    },
  );
}
