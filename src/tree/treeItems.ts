// Turns tree nodes into VS Code tree items: labels, descriptions, Markdown tooltips (engine data
// added as escaped text, never as Markdown), icons, and the contextValue menus match on.
import * as vscode from 'vscode';
import type { WorkloadSummary } from '../providers/provider';
import { formatBytes } from '../shared/units';
import type { EngineNode, GroupNode, MessageNode, PodContainerNode, TreeNode, WorkloadNode } from './nodes';
import { workloadIcon } from './workloadIcons';
import { COMMANDS } from '../commandIds';

/** What a click on a workload row runs (internal: not in the palette). */

export interface EngineRowState {
  /** Endpoint shown next to the engine, or empty when unknown. */
  endpoint: string;
  /** Events stream down: the row says it is reconnecting. */
  reconnecting: boolean;
  /** Reconnects that failed in a row, said beside "reconnecting". */
  failedReconnects?: number;
  count?: number;
  /** How many rows the filter lets through, when it hides some. */
  shown?: number;
  failed: boolean;
  /** The VM row this engine runs in (a Colima profile, a Lima instance), when the tree lists it. */
  runsIn?: string;
}

export function engineItem(node: EngineNode, state: EngineRowState): vscode.TreeItem {
  const item = new vscode.TreeItem(node.provider.label, vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.id;
  const parts = [state.endpoint];
  if (state.count !== undefined) {
    const filtered = state.shown !== undefined && state.shown < state.count;
    parts.unshift(filtered ? shownOfCount(node.provider.workloadKind, state.shown ?? 0, state.count) : workloadCount(node.provider.workloadKind, state.count));
  }
  if (state.reconnecting && !state.failed) {
    const tries = state.failedReconnects ?? 0;
    parts.push(tries === 0 ? vscode.l10n.t('reconnecting…') : tries === 1 ? vscode.l10n.t('reconnecting… (1 try failed)') : vscode.l10n.t('reconnecting… ({0} tries failed)', tries));
  }
  if (state.runsIn) parts.push(vscode.l10n.t('in VM {0}', state.runsIn));
  item.description = parts.filter(Boolean).join(' · ');
  if (state.runsIn) item.tooltip = vscode.l10n.t("{0} runs in the VM {1}, a row of this view: its containers' hypervisor band is that VM.", node.provider.label, state.runsIn);
  item.iconPath = new vscode.ThemeIcon(state.failed ? 'warning' : node.provider.workloadKind === 'vm' ? 'vm' : node.provider.workloadKind === 'pod' ? 'cloud' : 'server-environment');
  // A cluster's root also offers its grouping (by node or by namespace) in its context menu.
  item.contextValue = `${state.failed ? 'engine.error' : 'engine.connected'}${node.provider.workloadKind === 'pod' ? '.cluster' : ''}`;
  return item;
}

/** An engine row's count: `3 containers`, one whole sentence per kind and number for translators. */
function workloadCount(kind: WorkloadSummary['ref']['kind'], count: number): string {
  const one = count === 1;
  switch (kind) {
    case 'vm':
      return one ? vscode.l10n.t('1 VM') : vscode.l10n.t('{0} VMs', count);
    case 'pod':
      return one ? vscode.l10n.t('1 pod') : vscode.l10n.t('{0} pods', count);
    case 'host':
      return one ? vscode.l10n.t('1 machine') : vscode.l10n.t('{0} machines', count);
    default:
      return one ? vscode.l10n.t('1 container') : vscode.l10n.t('{0} containers', count);
  }
}

/** An engine row's count while the filter hides some: `2 of 3 containers`. */
function shownOfCount(kind: WorkloadSummary['ref']['kind'], shown: number, count: number): string {
  switch (kind) {
    case 'vm':
      return vscode.l10n.t('{0} of {1} VMs', shown, count);
    case 'pod':
      return vscode.l10n.t('{0} of {1} pods', shown, count);
    case 'host':
      return vscode.l10n.t('{0} of {1} machines', shown, count);
    default:
      return vscode.l10n.t('{0} of {1} containers', shown, count);
  }
}

/** Big projects start collapsed so a tree of a thousand containers stays usable. */
const EXPANDED_GROUP_LIMIT = 25;

/** `nodeMachine`: for a Kubernetes node, the listed container or VM that is the node, and its root. */
export function groupItem(node: GroupNode, members: readonly WorkloadSummary[], nodeMachine?: NodeMachineRow): vscode.TreeItem {
  const collapsed = members.length > EXPANDED_GROUP_LIMIT;
  const item = new vscode.TreeItem(node.project, collapsed ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.id;
  const running = members.filter((m) => m.state === 'running').length;
  if (node.kind === 'namespace') {
    item.description = vscode.l10n.t('Namespace · {0}/{1} pods running', running, members.length);
    item.iconPath = new vscode.ThemeIcon('folder-library');
    item.contextValue = 'kubernetesNamespace';
    return item;
  }
  if (node.kind === 'node') {
    const machine = nodeMachine && (nodeMachine.kind === 'vm' ? vscode.l10n.t('VM on {0}', nodeMachine.on) : vscode.l10n.t('container on {0}', nodeMachine.on));
    item.description = [vscode.l10n.t('Node · {0}/{1} pods running', running, members.length), machine].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('server');
    item.tooltip = nodeMachine
      ? nodeMachine.kind === 'vm'
        ? vscode.l10n.t('Kubernetes node {0} is the VM {0} of {1}, a row of this view: its pods run in that VM, on its own kernel.', node.project, nodeMachine.on)
        : vscode.l10n.t("Kubernetes node {0} is the container {0} of the engine {1}, a row of this view: its pods run inside that container, on that engine's machine and kernel.", node.project, nodeMachine.on)
      : vscode.l10n.t("Kubernetes node {0}: its pods share its kernel, its container runtime and its kubelet. Open a pod's diagram for the machine under it.", node.project);
    item.contextValue = 'kubernetesNode';
    return item;
  }
  if (node.kind === 'pod') {
    item.description = vscode.l10n.t('Pod · {0}/{1} running', running, members.length);
    item.iconPath = new vscode.ThemeIcon('symbol-namespace');
    item.tooltip = vscode.l10n.t("Podman pod {0}: its containers share the namespaces its infra container holds (network, IPC and UTS unless the pod was made otherwise). Open a member's diagram for what it shares.", node.project);
    item.contextValue = 'podmanPod';
    return item;
  }
  item.description = vscode.l10n.t('Compose · {0}/{1} running', running, members.length);
  item.iconPath = new vscode.ThemeIcon('layers');
  item.contextValue = 'composeProject';
  return item;
}

/** `runsEngine`: the engine root this VM runs (Colima, Lima), when the tree shows it. */
export function workloadItem(node: WorkloadNode, runsEngine?: string): vscode.TreeItem {
  const summary = node.summary;
  const item = new vscode.TreeItem(summary.name, summary.containers?.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = [workloadDescription(summary), runsEngine && vscode.l10n.t('runs {0}', runsEngine)].filter(Boolean).join(' · ');
  item.iconPath = summary.ref.kind === 'host' ? new vscode.ThemeIcon('device-desktop') : workloadIcon(summary);
  // The tooltip is built when the row is hovered (resolveTreeItem): a Markdown tooltip per row made
  // a tenth of a 5000-row tree's refresh.
  item.contextValue = workloadContextValue(summary);
  item.accessibilityInformation = { label: `${summary.name}, ${summary.state}${summary.health ? `, ${summary.health}` : ''}, ${summary.image}` };
  // No arguments: VS Code turns a command with arguments into a handle that lives only until the
  // row is drawn again, and a click that lands while the row redraws ran the disposed handle
  // ("Actual command not found", nothing opened). The click selects the row first; the command
  // reads the selection.
  item.command = { command: COMMANDS.showStackFromTree, title: vscode.l10n.t('Show Stack Diagram') };
  return item;
}

/** Containers: service, image and status; VMs: state and size; this machine: what it runs on. */
function workloadDescription(summary: WorkloadSummary): string {
  if (summary.ref.kind === 'pod') return `${summary.namespace ?? 'default'} · ${summary.status}`;
  if (summary.ref.kind === 'container') {
    const role = summary.group?.infra ? `${vscode.l10n.t('infra')} · ` : summary.group?.service ? `${summary.group.service} · ` : '';
    return `${role}${summary.image} · ${summary.status}`;
  }
  const sizes = [
    summary.resources?.vcpus !== undefined ? (summary.resources.vcpus === 1 ? vscode.l10n.t('1 vCPU') : vscode.l10n.t('{0} vCPUs', summary.resources.vcpus)) : undefined,
    summary.resources?.memoryBytes !== undefined ? formatBytes(summary.resources.memoryBytes) : undefined,
  ];
  return [summary.ref.kind === 'host' ? summary.image : summary.status, ...sizes].filter(Boolean).join(' · ');
}

/** `container.running`, plus `.ports` when something is published: menus match with regexes. */
export function workloadContextValue(summary: WorkloadSummary): string {
  const published = summary.ports.some((p) => p.publicPort !== undefined);
  return `${summary.ref.kind}.${summary.state}${published ? '.ports' : ''}`;
}

/** A pod's container: image, state in kubelet's words, restarts; its click opens the pod's diagram. */
export function podContainerItem(node: PodContainerNode): vscode.TreeItem {
  const { container } = node;
  const item = new vscode.TreeItem(container.name, vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  const restarts = container.restarts === 0 ? undefined : container.restarts === 1 ? vscode.l10n.t('1 restart') : vscode.l10n.t('{0} restarts', container.restarts);
  item.description = [container.init ? vscode.l10n.t('init') : undefined, container.image, container.status, restarts].filter(Boolean).join(' · ');
  item.iconPath = workloadIcon({ ...node.pod, state: container.state, health: undefined });
  const { tooltip, line } = labelledTooltip(
    container.init ? vscode.l10n.t('Init container {0} of the pod {1}', container.name, node.pod.name) : vscode.l10n.t('Container {0} of the pod {1}', container.name, node.pod.name),
  );
  line(vscode.l10n.t('Image'), container.image);
  line(vscode.l10n.t('State'), container.status);
  line(vscode.l10n.t('Ready'), container.ready ? vscode.l10n.t('yes') : vscode.l10n.t('no'));
  line(vscode.l10n.t('Restarts'), String(container.restarts));
  item.tooltip = tooltip;
  item.contextValue = `podContainer.${container.state}`;
  item.accessibilityInformation = { label: vscode.l10n.t('container {0} of {1}, {2}, {3}', container.name, node.pod.name, container.status, container.image) };
  item.command = { command: COMMANDS.showStackFromTree, title: vscode.l10n.t('Show Stack Diagram') };
  return item;
}

export function messageItem(node: MessageNode): vscode.TreeItem {
  const collapsible = node.diagnosis ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None;
  const item = new vscode.TreeItem(node.label, collapsible);
  item.id = node.id;
  item.tooltip = node.tooltip;
  if (node.diagnosis) item.description = node.diagnosis.hint;
  item.iconPath = new vscode.ThemeIcon(
    node.tone === 'error' ? 'error' : node.tone === 'action' ? 'arrow-right' : 'info',
    node.tone === 'error' ? new vscode.ThemeColor('errorForeground') : undefined,
  );
  item.contextValue = `message.${node.tone}`;
  item.command = node.command;
  return item;
}

/** A tooltip of a title and labelled lines; engine data goes in as escaped text, never as Markdown. */
function labelledTooltip(title: string): { tooltip: vscode.MarkdownString; line(label: string, value: string): void } {
  const tooltip = new vscode.MarkdownString(undefined, false);
  tooltip.isTrusted = false;
  tooltip.supportHtml = false;
  tooltip.appendText(title);
  tooltip.appendMarkdown('\n\n');
  return {
    tooltip,
    line: (label, value) => {
      tooltip.appendMarkdown(`**${label}:** `);
      tooltip.appendText(value);
      tooltip.appendMarkdown('  \n');
    },
  };
}

export function workloadTooltip(summary: WorkloadSummary, runsEngine?: string): vscode.MarkdownString {
  const { tooltip, line } = labelledTooltip(summary.name);
  line(summary.ref.kind === 'container' || summary.ref.kind === 'pod' ? vscode.l10n.t('Image') : vscode.l10n.t('Kind'), summary.image);
  if (summary.ref.kind === 'pod') line(vscode.l10n.t('Namespace'), summary.namespace ?? 'default');
  line(vscode.l10n.t('Status'), summary.status || summary.state);
  if (summary.health) line(vscode.l10n.t('Health'), summary.health);
  if (summary.group?.kind === 'pod') line(vscode.l10n.t('Pod'), summary.group.infra ? vscode.l10n.t('{0} (its infra container)', summary.group.project) : summary.group.project);
  else if (summary.group?.kind === 'node') line(vscode.l10n.t('Node'), summary.group.project);
  else if (summary.group) line(vscode.l10n.t('Compose'), summary.group.service ? `${summary.group.project} / ${summary.group.service}` : summary.group.project);
  if (summary.ref.kind === 'container') line(vscode.l10n.t('Ports'), formatPorts(summary));
  if (runsEngine) line(vscode.l10n.t('Engine'), vscode.l10n.t('{0} (its root in this view)', runsEngine));
  if (summary.resources?.vcpus !== undefined) line(vscode.l10n.t('vCPUs'), String(summary.resources.vcpus));
  if (summary.resources?.memoryBytes !== undefined) line(vscode.l10n.t('Memory'), formatBytes(summary.resources.memoryBytes));
  if (summary.created) line(vscode.l10n.t('Created'), new Date(summary.created * 1000).toLocaleString());
  line(vscode.l10n.t('ID'), summary.ref.kind === 'container' ? summary.ref.id.slice(0, 12) : summary.ref.id);
  return tooltip;
}

export function formatPorts(summary: WorkloadSummary): string {
  if (summary.ports.length === 0) return vscode.l10n.t('none');
  return summary.ports
    .map((p) => (p.publicPort !== undefined ? `${p.hostIp ?? '0.0.0.0'}:${p.publicPort}→${p.privatePort}/${p.protocol}` : `${p.privatePort}/${p.protocol}`))
    .join(', ');
}

/** A listed container or VM that is a Kubernetes node, and the label of the root that lists it. */
export interface NodeMachineRow {
  kind: 'container' | 'vm';
  on: string;
}

export interface TreeContext {
  engineState(node: EngineNode): EngineRowState;
  groupMembers(node: GroupNode): readonly WorkloadSummary[];
  /** The label of the engine root a VM row runs, when there is one. */
  engineOfVm(node: WorkloadNode): string | undefined;
  /** The container (kind, k3d, minikube's Docker driver) or VM (minikube's VM drivers) this Kubernetes node is, and the root that lists it. */
  machineOfNode(node: GroupNode): NodeMachineRow | undefined;
}

export function itemFor(node: TreeNode, context: TreeContext): vscode.TreeItem {
  switch (node.type) {
    case 'engine':
      return engineItem(node, context.engineState(node));
    case 'group':
      return groupItem(node, context.groupMembers(node), context.machineOfNode(node));
    case 'workload':
      return workloadItem(node, context.engineOfVm(node));
    case 'podContainer':
      return podContainerItem(node);
    case 'message':
      return messageItem(node);
  }
}
