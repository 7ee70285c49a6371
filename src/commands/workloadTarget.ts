// What a workload command acts on: a tree row, a panel's workload, or the user's pick from a
// QuickPick when the command comes from the palette without one.
import * as vscode from 'vscode';
import type { WorkloadKind, WorkloadRef } from '../shared/model';
import type { WorkloadState, WorkloadSummary } from '../providers/provider';
import type { TreeNode } from '../tree/nodes';
import type { WorkloadTree } from '../tree/workloadTree';

export interface WorkloadTarget {
  ref: WorkloadRef;
  name: string;
}

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

/** Accepts a workload tree row or a `{ ref, name }` (from a panel); anything else is not a target. */
export function asTarget(arg: unknown): WorkloadTarget | undefined {
  const node = arg as Partial<TreeNode> | undefined;
  if (node?.type === 'workload' && 'summary' in node && node.summary) return { ref: node.summary.ref, name: node.summary.name };
  const target = arg as Partial<WorkloadTarget> | undefined;
  if (target && isRef(target.ref) && typeof target.name === 'string') return { ref: target.ref, name: target.name };
  return undefined;
}

/**
 * The targets of a command: the multi-selection when the clicked row is part of it, else the
 * clicked row, else what the user picks.
 */
export async function resolveTargets(
  tree: WorkloadTree,
  arg: unknown,
  selection: unknown,
  pick: PickOptions,
): Promise<WorkloadTarget[]> {
  const clicked = asTarget(arg);
  if (clicked) {
    const selected = Array.isArray(selection) ? selection.map(asTarget).filter((t): t is WorkloadTarget => t !== undefined) : [];
    return selected.some((t) => t.ref.id === clicked.ref.id) ? selected : [clicked];
  }
  const picked = await pickWorkloads(tree, pick);
  return picked.map((summary) => ({ ref: summary.ref, name: summary.name }));
}

async function pickWorkloads(
  tree: WorkloadTree,
  pick: PickOptions,
): Promise<WorkloadSummary[]> {
  if (tree.listedWorkloads().length === 0) await tree.refresh();
  const candidates = tree
    .listedWorkloads()
    .filter((w) => (!pick.states || pick.states.includes(w.state)) && (!pick.kind || w.ref.kind === pick.kind) && (!pick.filter || pick.filter(w)));
  if (candidates.length === 0) {
    const noun = pick.kind === 'vm' ? 'virtual machines' : pick.kind === 'container' ? 'containers' : 'workloads';
    void vscode.window.showInformationMessage(pick.states ? `No ${pick.states.join(' or ')} ${noun} to choose from.` : `No ${noun} to choose from.`);
    return [];
  }
  type Item = vscode.QuickPickItem & { summary: WorkloadSummary };
  const items: Item[] = candidates.map((summary) => ({
    label: summary.name,
    description: [summary.image, summary.status].filter(Boolean).join(' · '),
    detail: summary.group ? `Compose: ${summary.group.project}${summary.group.service ? ` / ${summary.group.service}` : ''}` : undefined,
    summary,
  }));
  if (pick.canPickMany) {
    const chosen = await vscode.window.showQuickPick(items, { title: pick.title, canPickMany: true, matchOnDescription: true });
    return chosen?.map((i) => i.summary) ?? [];
  }
  const chosen = await vscode.window.showQuickPick(items, { title: pick.title, matchOnDescription: true, matchOnDetail: true });
  return chosen ? [chosen.summary] : [];
}
