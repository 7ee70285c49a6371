// What a workload command acts on: a tree row, a panel's workload, or the user's pick from a
// QuickPick when the command comes from the palette without one. An argument can come from
// anywhere (another extension, a keybinding, a link): it counts only when a source lists the
// workload it names, and the command then acts on the listed workload, not on the argument.
import * as vscode from 'vscode';
import type { WorkloadKind, WorkloadRef, WorkloadTarget } from '../shared/model';
import type { WorkloadState, WorkloadSummary } from '../providers/provider';
import type { TreeNode } from '../tree/nodes';
import type { WorkloadCatalog } from '../catalog/workloadCatalog';

export type { WorkloadTarget };

function isRef(value: unknown): value is WorkloadRef {
  const ref = value as Partial<WorkloadRef> | undefined;
  return typeof ref?.id === 'string' && typeof ref.providerId === 'string' && typeof ref.kind === 'string';
}

export interface PickOptions {
  title: string;
  states?: readonly WorkloadState[];
  /** Only workloads of this kind (a VM command offers VMs). */
  kind?: WorkloadKind;
  canPickMany?: boolean;
  /** Finer than `states`: which workloads to offer. */
  filter?: (summary: WorkloadSummary) => boolean;
}

/** The workload a tree row or a `{ ref, name }` (from a panel) names, as given; anything else names none. */
function namedRef(arg: unknown): WorkloadRef | undefined {
  const node = arg as Partial<TreeNode> | undefined;
  if (node?.type === 'workload' && 'summary' in node && isRef(node.summary?.ref)) return node.summary.ref;
  // A pod's container row names its pod; containerOf() says which container.
  if (node?.type === 'podContainer' && 'pod' in node && isRef(node.pod?.ref)) return node.pod.ref;
  const target = arg as Partial<WorkloadTarget> | undefined;
  return target && isRef(target.ref) ? target.ref : undefined;
}

/**
 * The listed workload an argument names; undefined when it names none. When it names one no
 * source lists, the user is told, and nothing is done with it.
 */
export async function asTarget(catalog: WorkloadCatalog, arg: unknown): Promise<WorkloadTarget | undefined> {
  const ref = namedRef(arg);
  if (!ref) return undefined;
  const listed = await catalog.listedWorkload(ref);
  if (!listed) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Workload Stacks did nothing: {0} is not a workload Workload Stacks lists.', ref.id.slice(0, 80)));
    return undefined;
  }
  return { ref: listed.ref, name: listed.name };
}

/** The container a pod's container row names, for the commands that act on one (logs, shell). */
export function containerOf(arg: unknown): string | undefined {
  const node = arg as Partial<TreeNode> | undefined;
  return node?.type === 'podContainer' && 'container' in node && typeof node.container?.name === 'string' ? node.container.name : undefined;
}

/** Whether a command argument names a workload at all (listed or not). */
export function namesWorkload(arg: unknown): boolean {
  return namedRef(arg) !== undefined;
}

/** The listed workloads of a selection (the tree's rows); rows no source lists any more are left out. */
export async function asTargets(catalog: WorkloadCatalog, selection: unknown): Promise<WorkloadTarget[]> {
  if (!Array.isArray(selection)) return [];
  const targets = await Promise.all(selection.filter(namesWorkload).map((item) => asTarget(catalog, item)));
  return targets.filter((target): target is WorkloadTarget => target !== undefined);
}

/**
 * The targets of a command: the multi-selection when the clicked row is part of it, else the
 * clicked row, else what the user picks.
 */
export async function resolveTargets(
  catalog: WorkloadCatalog,
  arg: unknown,
  selection: unknown,
  pick: PickOptions,
): Promise<WorkloadTarget[]> {
  if (namesWorkload(arg)) {
    const clicked = await asTarget(catalog, arg);
    if (!clicked) return [];
    const selected = await asTargets(catalog, selection);
    return selected.some((t) => t.ref.id === clicked.ref.id) ? selected : [clicked];
  }
  const picked = await pickWorkloads(catalog, pick);
  return picked.map((summary) => ({ ref: summary.ref, name: summary.name }));
}

/**
 * Our pickers stay open when the focus moves (Escape still closes them). Run from the palette
 * while a diagram has the focus, the palette hands the focus back to that webview as it closes,
 * and the webview takes it a moment later, in a message to its frame: on a busy machine that is
 * after the command's QuickPick showed, which then closed at once.
 */
export const KEEP_OPEN_ON_FOCUS_OUT = true;

async function pickWorkloads(
  catalog: WorkloadCatalog,
  pick: PickOptions,
): Promise<WorkloadSummary[]> {
  if (catalog.listedWorkloads().length === 0) await catalog.refresh();
  const candidates = catalog
    .listedWorkloads()
    .filter((w) => (!pick.states || pick.states.includes(w.state)) && (!pick.kind || w.ref.kind === pick.kind) && (!pick.filter || pick.filter(w)));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(nothingToChoose(pick));
    return [];
  }
  type Item = vscode.QuickPickItem & { summary: WorkloadSummary };
  const items: Item[] = candidates.map((summary) => ({
    label: summary.name,
    description: [summary.image, summary.status].filter(Boolean).join(' · '),
    detail: groupDetail(summary),
    summary,
  }));
  if (pick.canPickMany) {
    const chosen = await vscode.window.showQuickPick(items, { title: pick.title, canPickMany: true, matchOnDescription: true, ignoreFocusOut: KEEP_OPEN_ON_FOCUS_OUT });
    return chosen?.map((i) => i.summary) ?? [];
  }
  const chosen = await vscode.window.showQuickPick(items, { title: pick.title, matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: KEEP_OPEN_ON_FOCUS_OUT });
  return chosen ? [chosen.summary] : [];
}

/** `No running containers to choose from.`: the states are the engine's words, the rest a whole sentence per kind. */
function nothingToChoose(pick: PickOptions): string {
  const states = pick.states?.join(' / ');
  if (pick.kind === 'vm') return states ? vscode.l10n.t('No {0} virtual machines to choose from.', states) : vscode.l10n.t('No virtual machines to choose from.');
  if (pick.kind === 'container') return states ? vscode.l10n.t('No {0} containers to choose from.', states) : vscode.l10n.t('No containers to choose from.');
  return states ? vscode.l10n.t('No {0} workloads to choose from.', states) : vscode.l10n.t('No workloads to choose from.');
}

function groupDetail(summary: WorkloadSummary): string | undefined {
  const group = summary.group;
  if (!group) return undefined;
  if (group.kind === 'pod') return group.infra ? vscode.l10n.t('Pod: {0} (infra)', group.project) : vscode.l10n.t('Pod: {0}', group.project);
  return vscode.l10n.t('Compose: {0}', group.service ? `${group.project} / ${group.service}` : group.project);
}
