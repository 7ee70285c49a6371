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
  progress: string;
  verb: string;
  /** For destructive actions: what the confirmation says will be lost. */
  confirm?: { button: string; detail: string };
}

const REMOVE_DETAIL =
  'A running container is stopped first. Everything written inside the container (its writable layer) is lost; named volumes and the image are kept.';
const DELETE_POD_DETAIL =
  'Its containers are stopped (each gets its grace period) and whatever they wrote outside volumes is lost. A pod a controller owns (a Deployment, a StatefulSet, a Job) is made again by it.';
const FORCE_OFF_DETAIL =
  'Like pulling the power plug: the guest gets no chance to shut down, unsaved work in it is lost, and its file systems may need a check at the next boot.';

const NOUNS: Record<ActionSpec['kind'], string> = { container: 'container', vm: 'virtual machine', pod: 'pod' };

export const WORKLOAD_ACTIONS: readonly ActionSpec[] = [
  { kind: 'container', action: 'start', command: COMMANDS.containerStart, verb: 'Start', states: ['exited', 'created'], progress: 'Starting' },
  { kind: 'container', action: 'stop', command: COMMANDS.containerStop, verb: 'Stop', states: ['running', 'paused', 'restarting'], progress: 'Stopping' },
  { kind: 'container', action: 'restart', command: COMMANDS.containerRestart, verb: 'Restart', states: ['running', 'exited', 'created'], progress: 'Restarting' },
  { kind: 'container', action: 'pause', command: COMMANDS.containerPause, verb: 'Pause', states: ['running'], progress: 'Pausing' },
  { kind: 'container', action: 'unpause', command: COMMANDS.containerUnpause, verb: 'Resume', states: ['paused'], progress: 'Resuming' },
  {
    kind: 'container',
    action: 'remove',
    command: COMMANDS.containerRemove,
    verb: 'Remove',
    states: ['running', 'paused', 'exited', 'created', 'restarting', 'dead'],
    progress: 'Removing',
    confirm: { button: 'Remove', detail: REMOVE_DETAIL },
  },
  {
    kind: 'pod',
    action: 'remove',
    command: COMMANDS.podDelete,
    verb: 'Delete',
    states: ['running', 'created', 'exited', 'dead', 'restarting', 'unknown'],
    progress: 'Deleting',
    confirm: { button: 'Delete', detail: DELETE_POD_DETAIL },
  },
  { kind: 'vm', action: 'start', command: COMMANDS.vmStart, verb: 'Start', states: ['exited', 'created', 'dead'], progress: 'Starting' },
  { kind: 'vm', action: 'shutdown', command: COMMANDS.vmShutdown, verb: 'Shut down', states: ['running'], progress: 'Shutting down' },
  { kind: 'vm', action: 'reboot', command: COMMANDS.vmReboot, verb: 'Reboot', states: ['running'], progress: 'Rebooting' },
  { kind: 'vm', action: 'pause', command: COMMANDS.vmPause, verb: 'Pause', states: ['running'], progress: 'Pausing' },
  { kind: 'vm', action: 'resume', command: COMMANDS.vmResume, verb: 'Resume', states: ['paused'], progress: 'Resuming' },
  {
    kind: 'vm',
    action: 'forceOff',
    command: COMMANDS.vmForceOff,
    verb: 'Force off',
    states: ['running', 'paused', 'restarting', 'unknown'],
    progress: 'Forcing off',
    confirm: { button: 'Force Off', detail: FORCE_OFF_DETAIL },
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
        title: `${spec.verb} which ${NOUNS[spec.kind]}?`,
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
  const noun = NOUNS[spec.kind];
  const names = targets.map((t) => t.name);
  const what = names.length === 1 ? `the ${noun} "${names[0]}"` : `${names.length} ${noun}s (${names.join(', ')})`;
  const detail = [spec.confirm?.detail, ...warnings].filter(Boolean).join('\n\n');
  const answer = await vscode.window.showWarningMessage(`${spec.verb} ${what}?`, { modal: true, detail }, spec.confirm?.button ?? spec.verb);
  return answer === (spec.confirm?.button ?? spec.verb);
}

async function runOnTargets(spec: ActionSpec, targets: readonly WorkloadTarget[], providerOf: (id: string) => WorkloadProvider | undefined, errors: ErrorReporter): Promise<void> {
  await vscode.window.withProgress(
    { location: { viewId: 'workloadStacks.workloads' }, title: `${spec.progress} ${targets.length === 1 ? targets[0].name : `${targets.length} ${NOUNS[spec.kind]}s`}` },
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
      if (failures.length > 0) errors.report(`Could not ${spec.verb.toLowerCase()} ${failures.join('; ')}`);
    },
  );
}
