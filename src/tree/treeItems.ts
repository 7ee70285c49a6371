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
  const noun = { vm: 'VM', pod: 'pod', container: 'container', host: 'machine' }[node.provider.workloadKind];
  if (state.count !== undefined) {
    const filtered = state.shown !== undefined && state.shown < state.count ? `${state.shown} of ` : '';
    parts.unshift(`${filtered}${state.count} ${noun}${state.count === 1 ? '' : 's'}`);
  }
  if (state.reconnecting && !state.failed) {
    const tries = state.failedReconnects ?? 0;
    parts.push(tries > 0 ? `reconnecting… (${tries} ${tries === 1 ? 'try' : 'tries'} failed)` : 'reconnecting…');
  }
  if (state.runsIn) parts.push(`in VM ${state.runsIn}`);
  item.description = parts.filter(Boolean).join(' · ');
  if (state.runsIn) item.tooltip = `${node.provider.label} runs in the VM ${state.runsIn}, a row of this view: its containers' hypervisor band is that VM.`;
  item.iconPath = new vscode.ThemeIcon(state.failed ? 'warning' : node.provider.workloadKind === 'vm' ? 'vm' : node.provider.workloadKind === 'pod' ? 'cloud' : 'server-environment');
  // A cluster's root also offers its grouping (by node or by namespace) in its context menu.
  item.contextValue = `${state.failed ? 'engine.error' : 'engine.connected'}${node.provider.workloadKind === 'pod' ? '.cluster' : ''}`;
  return item;
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
    item.description = `Namespace · ${running}/${members.length} pods running`;
    item.iconPath = new vscode.ThemeIcon('folder-library');
    item.contextValue = 'kubernetesNamespace';
    return item;
  }
  if (node.kind === 'node') {
    item.description = [`Node · ${running}/${members.length} pods running`, nodeMachine && `${nodeMachine.kind === 'vm' ? 'VM' : 'container'} on ${nodeMachine.on}`].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('server');
    item.tooltip = nodeMachine
      ? nodeMachine.kind === 'vm'
        ? `Kubernetes node ${node.project} is the VM ${node.project} of ${nodeMachine.on}, a row of this view: its pods run in that VM, on its own kernel.`
        : `Kubernetes node ${node.project} is the container ${node.project} of the engine ${nodeMachine.on}, a row of this view: its pods run inside that container, on that engine's machine and kernel.`
      : `Kubernetes node ${node.project}: its pods share its kernel, its container runtime and its kubelet. Open a pod's diagram for the machine under it.`;
    item.contextValue = 'kubernetesNode';
    return item;
  }
  if (node.kind === 'pod') {
    item.description = `Pod · ${running}/${members.length} running`;
    item.iconPath = new vscode.ThemeIcon('symbol-namespace');
    item.tooltip = `Podman pod ${node.project}: its containers share the namespaces its infra container holds (network, IPC and UTS unless the pod was made otherwise). Open a member's diagram for what it shares.`;
    item.contextValue = 'podmanPod';
    return item;
  }
  item.description = `Compose · ${running}/${members.length} running`;
  item.iconPath = new vscode.ThemeIcon('layers');
  item.contextValue = 'composeProject';
  return item;
}

/** `runsEngine`: the engine root this VM runs (Colima, Lima), when the tree shows it. */
export function workloadItem(node: WorkloadNode, runsEngine?: string): vscode.TreeItem {
  const summary = node.summary;
  const item = new vscode.TreeItem(summary.name, summary.containers?.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = node.id;
  item.description = [workloadDescription(summary), runsEngine && `runs ${runsEngine}`].filter(Boolean).join(' · ');
  item.iconPath = summary.ref.kind === 'host' ? new vscode.ThemeIcon('device-desktop') : workloadIcon(summary);
  // The tooltip is built when the row is hovered (resolveTreeItem): a Markdown tooltip per row made
  // a tenth of a 5000-row tree's refresh.
  item.contextValue = workloadContextValue(summary);
  item.accessibilityInformation = { label: `${summary.name}, ${summary.state}${summary.health ? `, ${summary.health}` : ''}, ${summary.image}` };
  // No arguments: VS Code turns a command with arguments into a handle that lives only until the
  // row is drawn again, and a click that lands while the row redraws ran the disposed handle
  // ("Actual command not found", nothing opened). The click selects the row first; the command
  // reads the selection.
  item.command = { command: COMMANDS.showStackFromTree, title: 'Show Stack Diagram' };
  return item;
}

/** Containers: service, image and status; VMs: state and size; this machine: what it runs on. */
function workloadDescription(summary: WorkloadSummary): string {
  if (summary.ref.kind === 'pod') return `${summary.namespace ?? 'default'} · ${summary.status}`;
  if (summary.ref.kind === 'container') {
    const role = summary.group?.infra ? 'infra · ' : summary.group?.service ? `${summary.group.service} · ` : '';
    return `${role}${summary.image} · ${summary.status}`;
  }
  const sizes = [
    summary.resources?.vcpus !== undefined ? `${summary.resources.vcpus} vCPU${summary.resources.vcpus === 1 ? '' : 's'}` : undefined,
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
  const restarts = container.restarts > 0 ? `${container.restarts} restart${container.restarts === 1 ? '' : 's'}` : undefined;
  item.description = [container.init ? 'init' : undefined, container.image, container.status, restarts].filter(Boolean).join(' · ');
  item.iconPath = workloadIcon({ ...node.pod, state: container.state, health: undefined });
  const { tooltip, line } = labelledTooltip(`${container.init ? 'Init container' : 'Container'} ${container.name} of the pod ${node.pod.name}`);
  line('Image', container.image);
  line('State', container.status);
  line('Ready', container.ready ? 'yes' : 'no');
  line('Restarts', String(container.restarts));
  item.tooltip = tooltip;
  item.contextValue = `podContainer.${container.state}`;
  item.accessibilityInformation = { label: `container ${container.name} of ${node.pod.name}, ${container.status}, ${container.image}` };
  item.command = { command: COMMANDS.showStackFromTree, title: 'Show Stack Diagram' };
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
  line(summary.ref.kind === 'container' || summary.ref.kind === 'pod' ? 'Image' : 'Kind', summary.image);
  if (summary.ref.kind === 'pod') line('Namespace', summary.namespace ?? 'default');
  line('Status', summary.status || summary.state);
  if (summary.health) line('Health', summary.health);
  if (summary.group?.kind === 'pod') line('Pod', summary.group.infra ? `${summary.group.project} (its infra container)` : summary.group.project);
  else if (summary.group?.kind === 'node') line('Node', summary.group.project);
  else if (summary.group) line('Compose', summary.group.service ? `${summary.group.project} / ${summary.group.service}` : summary.group.project);
  if (summary.ref.kind === 'container') line('Ports', formatPorts(summary));
  if (runsEngine) line('Engine', `${runsEngine} (its root in this view)`);
  if (summary.resources?.vcpus !== undefined) line('vCPUs', String(summary.resources.vcpus));
  if (summary.resources?.memoryBytes !== undefined) line('Memory', formatBytes(summary.resources.memoryBytes));
  if (summary.created) line('Created', new Date(summary.created * 1000).toLocaleString());
  line('ID', summary.ref.kind === 'container' ? summary.ref.id.slice(0, 12) : summary.ref.id);
  return tooltip;
}

export function formatPorts(summary: WorkloadSummary): string {
  if (summary.ports.length === 0) return 'none';
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
