// The Workloads tree: one engine row per source, its Compose groups and workloads, or a diagnosis
// row with fix-its, drawn from the catalog. After each list only the rows that changed are
// announced to VS Code (same node objects, updated in place).
import * as vscode from 'vscode';
import type { WorkloadCatalog, CatalogChange } from '../catalog/workloadCatalog';
import type { ListResult, WorkloadSummary } from '../providers/provider';
import { groupWorkloads, sameRow } from './grouping';
import { diagnosisRow, emptyRow, filteredOutRow, fixItRows, noticeRow } from './messageRows';
import { type WorkloadFilter, isStopped, parseWorkloadFilter } from './workloadFilter';
import { type EngineNode, type GroupNode, type MessageNode, type TreeNode, type WorkloadNode, groupNodeId, podContainerNodes, workloadNodeId } from './nodes';
import { engineSourceIdOfVm, isMinikubeNodeName, isNodeContainerName, vmOfEngineSource } from './engineLinks';
import { type EngineRowState, type NodeMachineRow, itemFor, workloadTooltip } from './treeItems';
import type { LatestUsage } from '../catalog/latestUsage';
import { appendUsage } from './usageTooltip';

/** The rows of one source as last handed to VS Code. */
interface SourceRows {
  engine: EngineNode;
  /** The catalog's result these rows were drawn from. */
  drawn?: ListResult;
  children: TreeNode[];
  groupChildren: Map<string, WorkloadNode[]>;
  workloadNodes: Map<string, WorkloadNode>;
}

export class WorkloadTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly delivered = new vscode.EventEmitter<void>();
  /** Fires after the view was handed rows (getChildren answered): it knows them again after a redraw. */
  readonly onDidDeliverRows = this.delivered.event;
  private readonly rows = new Map<string, SourceRows>();
  private readonly parents = new Map<TreeNode, TreeNode>();
  private view: { filter: WorkloadFilter; hideStopped: boolean } = { filter: parseWorkloadFilter(''), hideStopped: false };
  private readonly subscription: { dispose(): void };
  private readonly stopUsage: (() => void) | undefined;
  /** Workloads whose row's tooltip was shown (resolved on hover) since the row was last drawn. */
  private readonly tooltipShown = new Set<string>();
  /** Sources left out of the roots as a second way to an engine another root shows. */
  private duplicates = new Set<string>();

  constructor(
    private readonly catalog: WorkloadCatalog,
    /** The latest usage the open stack panels read, shown in a row's tooltip. */
    private readonly usage?: LatestUsage,
  ) {
    this.subscription = catalog.onDidChange((change) => this.onCatalogChange(change));
    // A workload's newer usage: a row whose tooltip was shown is drawn again, so the next hover
    // resolves it afresh. Only those: redrawing every streaming row on a timer would redraw rows
    // under the user's clicks for a tooltip nobody asked for.
    this.stopUsage = usage?.onDidChange((ref) => {
      const node = this.findWorkloadNode(ref.providerId, ref.id);
      if (node && this.tooltipShown.delete(`${ref.providerId}/${ref.id}`)) this.changed.fire(node);
    });
  }

  private onCatalogChange(change: CatalogChange): void {
    if (change.kind === 'sources') {
      this.rows.clear();
      this.parents.clear();
      this.duplicatesChanged();
      this.changed.fire(undefined);
      return;
    }
    const rows = this.rowsOf(change.sourceId);
    if (!rows) return;
    if (change.kind === 'listed' && this.duplicatesChanged()) this.changed.fire(undefined);
    if (change.kind === 'listed') this.redrawEnginesIn(change.sourceId);
    if (change.kind === 'listed' && (rows.engine.provider.workloadKind === 'container' || rows.engine.provider.workloadKind === 'vm')) this.redrawNodeMachineRows();
    if (change.kind === 'connection') {
      this.changed.fire(rows.engine);
      return;
    }
    const result = this.catalog.result(change.sourceId);
    if (result) this.apply(rows, result);
  }

  /** A workload row's tooltip, made when VS Code shows it (hover) rather than for every row drawn. */
  resolveTreeItem(item: vscode.TreeItem, node: TreeNode): vscode.TreeItem {
    if (node.type === 'workload' && item.tooltip === undefined) {
      const tooltip = workloadTooltip(node.summary, this.engineOfVm(node));
      const reading = this.usage?.get(node.summary.ref);
      if (reading) appendUsage(tooltip, reading);
      this.tooltipShown.add(`${node.summary.ref.providerId}/${node.summary.ref.id}`);
      item.tooltip = tooltip;
    }
    return item;
  }

  private engineOfVm(workload: WorkloadNode): string | undefined {
    const sourceId = engineSourceIdOfVm(workload.summary.ref);
    return sourceId ? this.catalog.source(sourceId)?.label : undefined;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return itemFor(node, {
      engineState: (engine) => this.engineRowState(engine),
      groupMembers: (group) => this.rows.get(group.providerId)?.groupChildren.get(group.id)?.map((n) => n.summary) ?? [],
      engineOfVm: (workload) => this.engineOfVm(workload),
      machineOfNode: (group) => this.machineOfNode(group),
    });
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    try {
      return await this.childrenOf(node);
    } finally {
      // After VS Code has taken the answer in (its handles are registered once this call returns).
      setImmediate(() => this.delivered.fire());
    }
  }

  private async childrenOf(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.roots();
    switch (node.type) {
      case 'engine': {
        if (!this.catalog.result(node.id)) await this.catalog.refresh(node.id);
        return this.rowsOf(node.id)?.children ?? [];
      }
      case 'group':
        return this.rowsOf(node.providerId)?.groupChildren.get(node.id) ?? [];
      case 'message':
        return node.diagnosis ? this.fixIts(node) : [];
      case 'workload':
        // Made afresh from the summary on each call; kept in no map (nothing reveals them).
        return podContainerNodes(node);
      case 'podContainer':
        return [];
    }
  }

  /**
   * This machine first, as its own row(s); then a row per available source. A source whose
   * tool is missing (no virsh, no VBoxManage) is left out rather than shown as an error.
   */
  private async roots(): Promise<TreeNode[]> {
    const sources = this.catalog.sources;
    const available = await Promise.all(sources.map((source) => this.catalog.isAvailable(source.id)));
    const roots: TreeNode[] = [];
    for (const [index, source] of sources.entries()) {
      const rows = this.rowsOf(source.id);
      if (!available[index] || !rows || this.duplicates.has(source.id)) continue;
      if (source.workloadKind !== 'host') {
        roots.push(rows.engine);
        continue;
      }
      if (!this.catalog.result(source.id)) await this.catalog.refresh(source.id);
      roots.unshift(...rows.children.filter((child) => child.type === 'workload'));
    }
    return roots;
  }

  /** Whether a list made a source a second way to a shown engine, or no longer one. */
  private duplicatesChanged(): boolean {
    const now = new Set(this.catalog.sources.filter((source) => this.catalog.duplicateOf(source.id)).map((source) => source.id));
    const changed = now.size !== this.duplicates.size || [...now].some((id) => !this.duplicates.has(id));
    this.duplicates = now;
    return changed;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.parents.get(node);
  }

  findWorkloadNode(providerId: string, workloadId: string): WorkloadNode | undefined {
    return this.rows.get(providerId)?.workloadNodes.get(workloadNodeId(providerId, workloadId));
  }

  /** Applies a new filter or hide-stopped choice to what was last listed, without listing again. */
  setView(view: { filter: WorkloadFilter; hideStopped: boolean }): void {
    this.view = view;
    for (const rows of this.rows.values()) {
      const result = this.catalog.result(rows.engine.id);
      if (!result?.ok) continue;
      rows.children = [];
      this.apply(rows, result);
    }
    this.changed.fire(undefined);
  }

  /** The rows of a source the catalog holds, made on first use; undefined for an unknown id. */
  private rowsOf(sourceId: string): SourceRows | undefined {
    let rows = this.rows.get(sourceId);
    const provider = this.catalog.source(sourceId);
    if (!provider) return undefined;
    if (!rows || rows.engine.provider !== provider) {
      rows = { engine: { type: 'engine', id: sourceId, provider }, children: [], groupChildren: new Map(), workloadNodes: new Map() };
      this.rows.set(sourceId, rows);
    }
    return rows;
  }

  private apply(rows: SourceRows, result: ListResult): void {
    const previous = rows.drawn;
    rows.drawn = result;
    if (!result.ok) {
      rows.workloadNodes.clear();
      rows.groupChildren.clear();
      rows.children = [diagnosisRow(rows.engine.id, result.diagnosis)];
      this.adopt(rows.engine, rows.children);
      this.changed.fire(rows.engine);
      return;
    }
    const changedRows: TreeNode[] = [];
    const nextNodes = new Map<string, WorkloadNode>();
    const shown = result.workloads.filter((summary) => this.shows(summary));
    for (const summary of shown) {
      const id = workloadNodeId(rows.engine.id, summary.ref.id);
      const existing = rows.workloadNodes.get(id);
      if (existing) {
        if (!sameRow(existing.summary, summary)) changedRows.push(existing);
        existing.summary = summary;
        nextNodes.set(id, existing);
      } else {
        nextNodes.set(id, { type: 'workload', id, summary });
      }
    }
    rows.workloadNodes = nextNodes;

    const grouped = groupWorkloads(shown);
    const nodeOf = (summary: WorkloadSummary) => nextNodes.get(workloadNodeId(rows.engine.id, summary.ref.id))!;
    const groupChildren = new Map<string, WorkloadNode[]>();
    const children: TreeNode[] = [];
    const changedParents = new Set<TreeNode>();
    for (const group of grouped.groups) {
      const id = groupNodeId(rows.engine.id, group.project, group.kind);
      const existing = rows.children.find((c): c is GroupNode => c.type === 'group' && c.id === id);
      const groupNode: GroupNode = existing ?? { type: 'group', id, providerId: rows.engine.id, kind: group.kind, project: group.project };
      const members = group.workloads.map(nodeOf);
      if (existing && !sameIds(rows.groupChildren.get(id), members)) changedParents.add(existing);
      else if (existing && members.some((m) => changedRows.includes(m))) changedParents.add(existing); // running count
      groupChildren.set(id, members);
      this.adopt(groupNode, members);
      children.push(groupNode);
    }
    children.push(...grouped.ungrouped.map(nodeOf));
    if (shown.length === 0) {
      children.push(result.workloads.length === 0 ? emptyRow(rows.engine.provider) : filteredOutRow(rows.engine.id, result.workloads.length, this.view.filter.text));
    }
    children.push(...(result.notices ?? []).map((notice, index) => noticeRow(rows.engine.id, notice, index)));
    rows.groupChildren = groupChildren;

    const structureChanged = !previous?.ok || !sameIds(rows.children, children);
    rows.children = children;
    this.adopt(rows.engine, children);
    if (structureChanged || previous.workloads.length !== result.workloads.length) {
      this.changed.fire(rows.engine);
      return;
    }
    const toFire = [...changedParents, ...changedRows.filter((row) => !isInside(row, changedParents, this.parents))];
    if (toFire.length > 0) this.changed.fire(toFire);
  }

  private adopt(parent: TreeNode, children: readonly TreeNode[]): void {
    for (const child of children) this.parents.set(child, parent);
  }

  private shows(summary: WorkloadSummary): boolean {
    if (summary.ref.kind === 'host') return true;
    return (!this.view.hideStopped || !isStopped(summary)) && this.view.filter.matches(summary);
  }

  private fixIts(node: MessageNode): MessageNode[] {
    const provider = this.catalog.source(node.id.split('/')[0]);
    if (!provider) return [];
    const rows = fixItRows(node.id, provider, node.diagnosis);
    this.adopt(node, rows);
    return rows;
  }

  private engineRowState(engine: EngineNode): EngineRowState {
    const result = this.catalog.result(engine.id);
    return {
      endpoint: result?.endpoint ?? '',
      reconnecting: this.catalog.isReconnecting(engine.id),
      failedReconnects: this.catalog.failedReconnects(engine.id),
      count: result?.ok ? result.workloads.length : undefined,
      shown: result?.ok ? (this.rows.get(engine.id)?.workloadNodes.size ?? 0) : undefined,
      failed: result !== undefined && !result.ok,
      runsIn: this.vmRowOf(engine.id),
    };
  }

  /** A VM tool listed: the engine roots that run in its VMs say so (or no longer). */
  private redrawEnginesIn(vmSourceId: string): void {
    const engines = [...this.rows.values()].map((rows) => rows.engine).filter((engine) => vmOfEngineSource(engine.id)?.providerId === vmSourceId);
    if (engines.length > 0) this.changed.fire(engines);
  }

  /** The engine root whose container is this Kubernetes node (kind, k3d, minikube), when the tree lists it. */
  private machineOfNode(group: GroupNode): NodeMachineRow | undefined {
    if (group.kind !== 'node' || !isNodeContainerName(group.project)) return undefined;
    const listed = this.catalog.listedWorkloads();
    // A container first (kind, k3d, minikube's Docker driver); a VM only by minikube's names (its VM drivers).
    const machine = listed.find((summary) => summary.ref.kind === 'container' && summary.name === group.project) ?? (isMinikubeNodeName(group.project) ? listed.find((summary) => summary.ref.kind === 'vm' && summary.name === group.project) : undefined);
    const on = machine && this.catalog.source(machine.ref.providerId)?.label;
    return machine && on ? { kind: machine.ref.kind === 'vm' ? 'vm' : 'container', on } : undefined;
  }

  /** An engine or a hypervisor listed: the node rows of clusters that may be its containers or VMs say so (or no longer). */
  private redrawNodeMachineRows(): void {
    const groups = [...this.rows.values()]
      .filter((rows) => rows.engine.provider.workloadKind === 'pod')
      .flatMap((rows) => rows.children.filter((child): child is GroupNode => child.type === 'group' && child.kind === 'node' && isNodeContainerName(child.project)));
    if (groups.length > 0) this.changed.fire(groups);
  }

  /** "default (Colima)" when the engine runs in a VM another root of the tree lists. */
  private vmRowOf(sourceId: string): string | undefined {
    const vm = vmOfEngineSource(sourceId);
    const listed = vm ? this.catalog.summaryOf(vm) : undefined;
    return vm && listed ? `${listed.name} (${this.catalog.source(vm.providerId)?.label ?? vm.providerId})` : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.stopUsage?.();
    this.delivered.dispose();
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
