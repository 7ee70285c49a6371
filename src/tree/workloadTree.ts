// The Workloads tree: one engine row per provider, its Compose groups and containers, or a
// diagnosis row with fix-its. A refresh is one list call; afterwards only the rows that changed are
// announced to VS Code (same node objects, updated in place).
import * as vscode from 'vscode';
import type { WorkloadRef } from '../shared/model';
import type { KnownState, ListResult, WorkloadProvider, WorkloadSummary } from '../providers/provider';
import { groupWorkloads, sameRow } from './grouping';
import { KnownStates, withKnown } from './knownStates';
import { diagnosisRow, emptyRow, filteredOutRow, fixItRows, noticeRow, restrictedDiagnosis } from './messageRows';
import { type WorkloadFilter, isStopped, parseWorkloadFilter } from './workloadFilter';
import { type EngineNode, type GroupNode, type MessageNode, type TreeNode, type WorkloadNode, groupNodeId, workloadNodeId } from './nodes';
import { type EngineRowState, itemFor } from './treeItems';

interface ProviderState {
  engine: EngineNode;
  result?: ListResult;
  /** Children of the engine row as last handed to VS Code, and of each group. */
  children: TreeNode[];
  groupChildren: Map<string, WorkloadNode[]>;
  workloadNodes: Map<string, WorkloadNode>;
  reconnecting: boolean;
  /** Checked once per provider set (and on a full refresh): unavailable providers are not shown. */
  available?: Promise<boolean>;
  inFlight?: Promise<void>;
  again: boolean;
  /** States events reported ahead of the next list. */
  known: KnownStates;
}

export class WorkloadTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly states = new Map<string, ProviderState>();
  private readonly parents = new Map<TreeNode, TreeNode>();
  /** Orders lists and events: a list started before an event cannot undo what the event said. */
  private seq = 0;
  private view: { filter: WorkloadFilter; hideStopped: boolean } = { filter: parseWorkloadFilter(''), hideStopped: false };

  /** `isTrusted`: whether the workspace is trusted; in Restricted Mode providers that run a program list nothing. */
  constructor(providers: readonly WorkloadProvider[], private readonly isTrusted: () => boolean = () => true) {
    this.setProviders(providers);
  }

  /** The program listing this provider would run, when Restricted Mode forbids running it. */
  restrictedBy(provider: WorkloadProvider): string | undefined {
    return this.isTrusted() ? undefined : provider.listingProgram?.();
  }

  /** Switches providers on or off (settings); the whole tree is drawn again. */
  setProviders(providers: readonly WorkloadProvider[]): void {
    this.states.clear();
    this.parents.clear();
    for (const provider of providers) {
      this.states.set(provider.id, {
        engine: { type: 'engine', id: provider.id, provider },
        children: [],
        groupChildren: new Map(),
        workloadNodes: new Map(),
        reconnecting: false,
        again: false,
        known: new KnownStates(),
      });
    }
    this.changed.fire(undefined);
  }

  get providers(): WorkloadProvider[] {
    return [...this.states.values()].map((s) => s.engine.provider);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return itemFor(
      node,
      (engine) => this.engineRowState(engine),
      (group) => this.states.get(group.providerId)?.groupChildren.get(group.id)?.map((n) => n.summary) ?? [],
    );
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.roots();
    switch (node.type) {
      case 'engine': {
        const state = this.stateOf(node.id);
        if (!state.result) await this.refresh(node.id);
        return state.children;
      }
      case 'group':
        return this.stateOf(node.providerId).groupChildren.get(node.id) ?? [];
      case 'message':
        return node.diagnosis ? this.fixIts(node) : [];
      case 'workload':
        return [];
    }
  }

  /**
   * This machine first, as its own row(s); then a row per available provider. A provider whose
   * tool is missing (no virsh, no VBoxManage) is left out rather than shown as an error.
   */
  private async roots(): Promise<TreeNode[]> {
    const states = [...this.states.values()];
    const available = await Promise.all(states.map((state) => this.isAvailable(state)));
    const roots: TreeNode[] = [];
    for (const [index, state] of states.entries()) {
      if (!available[index]) continue;
      if (state.engine.provider.workloadKind !== 'host') {
        roots.push(state.engine);
        continue;
      }
      if (!state.result) await this.refresh(state.engine.id);
      roots.unshift(...state.children.filter((child) => child.type === 'workload'));
    }
    return roots;
  }

  private isAvailable(state: ProviderState): Promise<boolean> {
    const provider = state.engine.provider;
    state.available ??= provider.availability
      ? provider.availability().then(
          (result) => result.available,
          () => false,
        )
      : Promise.resolve(true);
    return state.available;
  }

  /** Asks every provider again whether its tool is there (the view's Refresh). */
  recheckAvailability(): void {
    for (const state of this.states.values()) state.available = undefined;
    this.changed.fire(undefined);
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.parents.get(node);
  }

  /** Every workload currently listed, for QuickPicks. */
  listedWorkloads(): WorkloadSummary[] {
    return [...this.states.values()].flatMap((s) => [...s.workloadNodes.values()].map((n) => n.summary));
  }

  /**
   * The listed workload a reference from outside names (a restored panel, a command argument, a
   * document URI): honoured only when a source the user enabled lists it now. Its source is
   * listed once more when it is not in the last list (a panel restored before the first list).
   * Callers go on with the listed summary's own ref, never with the one they were given.
   */
  async listedWorkload(ref: { providerId: string; id: string }): Promise<WorkloadSummary | undefined> {
    const state = this.states.get(ref.providerId);
    if (!state || !(await this.isAvailable(state)) || this.restrictedBy(state.engine.provider)) return undefined;
    const find = () => (state.result?.ok ? state.result.workloads.find((summary) => summary.ref.id === ref.id) : undefined);
    if (!find()) await this.refresh(ref.providerId);
    return find();
  }

  findWorkloadNode(providerId: string, workloadId: string): WorkloadNode | undefined {
    return this.states.get(providerId)?.workloadNodes.get(workloadNodeId(providerId, workloadId));
  }

  setReconnecting(providerId: string, reconnecting: boolean): void {
    const state = this.stateOf(providerId);
    if (state.reconnecting === reconnecting) return;
    state.reconnecting = reconnecting;
    this.changed.fire(state.engine);
  }

  /**
   * Lists again. At most one list call per provider is in flight; calls arriving meanwhile are
   * folded into a single follow-up run.
   */
  refresh(providerId?: string): Promise<void> {
    const ids = providerId ? [providerId] : [...this.states.keys()];
    return Promise.all(ids.map((id) => this.refreshOne(this.stateOf(id)))).then(() => undefined);
  }

  private refreshOne(state: ProviderState): Promise<void> {
    if (state.inFlight) {
      state.again = true;
      return state.inFlight;
    }
    state.inFlight = (async () => {
      do {
        state.again = false;
        const listedAt = ++this.seq;
        const program = this.restrictedBy(state.engine.provider);
        const result: ListResult = program
          ? { ok: false, endpoint: '', diagnosis: restrictedDiagnosis(state.engine.provider, program) }
          : await this.listSafely(state.engine.provider);
        this.apply(state, state.known.overlay(result, listedAt));
      } while (state.again);
    })().finally(() => {
      state.inFlight = undefined;
    });
    return state.inFlight;
  }

  /**
   * Shows the state an event reported for one row at once (a stop shows as soon as the process
   * died), without a list call; the list the event also triggers confirms it.
   */
  applyKnownState(ref: WorkloadRef, known: KnownState): void {
    const state = this.states.get(ref.providerId);
    const result = state?.result;
    if (!state || !result?.ok) return;
    const index = result.workloads.findIndex((summary) => summary.ref.id === ref.id);
    if (index < 0) return; // a workload the last list did not have: the list brings it
    state.known.record(ref.id, known, ++this.seq);
    const workloads = [...result.workloads];
    workloads[index] = withKnown(workloads[index], known);
    this.apply(state, { ...result, workloads });
  }

  /** A provider that throws instead of answering shows that as its own diagnosis; the others carry on. */
  private async listSafely(provider: WorkloadProvider): Promise<ListResult> {
    try {
      return await provider.list();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, endpoint: '', diagnosis: { kind: 'unknown', message: `${provider.label} could not list its workloads: ${message}`, hint: 'Retry, or turn this source off in the settings.' } };
    }
  }

  private apply(state: ProviderState, result: ListResult): void {
    const previous = state.result;
    state.result = result;
    if (!result.ok) {
      state.workloadNodes.clear();
      state.groupChildren.clear();
      state.children = [diagnosisRow(state.engine.id, result.diagnosis)];
      this.adopt(state.engine, state.children);
      this.changed.fire(state.engine);
      return;
    }
    const changedRows: TreeNode[] = [];
    const nextNodes = new Map<string, WorkloadNode>();
    const shown = result.workloads.filter((summary) => this.shows(summary));
    for (const summary of shown) {
      const id = workloadNodeId(state.engine.id, summary.ref.id);
      const existing = state.workloadNodes.get(id);
      if (existing) {
        if (!sameRow(existing.summary, summary)) changedRows.push(existing);
        existing.summary = summary;
        nextNodes.set(id, existing);
      } else {
        nextNodes.set(id, { type: 'workload', id, summary });
      }
    }
    state.workloadNodes = nextNodes;

    const grouped = groupWorkloads(shown);
    const nodeOf = (summary: WorkloadSummary) => nextNodes.get(workloadNodeId(state.engine.id, summary.ref.id))!;
    const groupChildren = new Map<string, WorkloadNode[]>();
    const children: TreeNode[] = [];
    const changedParents = new Set<TreeNode>();
    for (const group of grouped.groups) {
      const id = groupNodeId(state.engine.id, group.project);
      const existing = state.children.find((c): c is GroupNode => c.type === 'group' && c.id === id);
      const groupNode: GroupNode = existing ?? { type: 'group', id, providerId: state.engine.id, project: group.project };
      const members = group.workloads.map(nodeOf);
      if (existing && !sameIds(state.groupChildren.get(id), members)) changedParents.add(existing);
      else if (existing && members.some((m) => changedRows.includes(m))) changedParents.add(existing); // running count
      groupChildren.set(id, members);
      this.adopt(groupNode, members);
      children.push(groupNode);
    }
    children.push(...grouped.ungrouped.map(nodeOf));
    if (shown.length === 0) {
      children.push(result.workloads.length === 0 ? emptyRow(state.engine.provider) : filteredOutRow(state.engine.id, result.workloads.length, this.view.filter.text));
    }
    children.push(...(result.notices ?? []).map((notice, index) => noticeRow(state.engine.id, notice, index)));
    state.groupChildren = groupChildren;

    const structureChanged = !previous?.ok || !sameIds(state.children, children);
    state.children = children;
    this.adopt(state.engine, children);
    if (structureChanged || previous.workloads.length !== result.workloads.length) {
      this.changed.fire(state.engine);
      return;
    }
    const toFire = [...changedParents, ...changedRows.filter((row) => !isInside(row, changedParents, this.parents))];
    if (toFire.length > 0) this.changed.fire(toFire);
  }

  private adopt(parent: TreeNode, children: readonly TreeNode[]): void {
    for (const child of children) this.parents.set(child, parent);
  }

  /** Applies a new filter or hide-stopped choice to what was last listed, without listing again. */
  setView(view: { filter: WorkloadFilter; hideStopped: boolean }): void {
    this.view = view;
    for (const state of this.states.values()) {
      if (!state.result?.ok) continue;
      state.children = [];
      this.apply(state, state.result);
    }
    this.changed.fire(undefined);
  }

  private shows(summary: WorkloadSummary): boolean {
    if (summary.ref.kind === 'host') return true;
    return (!this.view.hideStopped || !isStopped(summary)) && this.view.filter.matches(summary);
  }

  private fixIts(node: MessageNode): MessageNode[] {
    const rows = fixItRows(node.id, this.stateOf(node.id.split('/')[0]).engine.provider, node.diagnosis);
    this.adopt(node, rows);
    return rows;
  }

  private engineRowState(engine: EngineNode): EngineRowState {
    const state = this.stateOf(engine.id);
    const result = state.result;
    return {
      endpoint: result?.endpoint ?? '',
      reconnecting: state.reconnecting,
      count: result?.ok ? result.workloads.length : undefined,
      shown: result?.ok ? state.workloadNodes.size : undefined,
      failed: result !== undefined && !result.ok,
    };
  }

  private stateOf(providerId: string): ProviderState {
    const state = this.states.get(providerId);
    if (!state) throw new Error(`No workload provider '${providerId}'.`);
    return state;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function sameIds(a: readonly TreeNode[] | undefined, b: readonly TreeNode[]): boolean {
  return a !== undefined && a.length === b.length && a.every((node, i) => node.id === b[i].id);
}

function isInside(node: TreeNode, ancestors: ReadonlySet<TreeNode>, parents: ReadonlyMap<TreeNode, TreeNode>): boolean {
  for (let parent = parents.get(node); parent; parent = parents.get(parent)) if (ancestors.has(parent)) return true;
  return false;
}
