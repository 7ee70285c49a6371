// The bands a pod brings itself: its sandbox (what its RuntimeClass runs it in, what it shares with
// the node, its security and its QoS class), a Kata pod's own VM and guest kernel, its images, and
// its containers.
import type { Fact, Layer } from '../../shared/model';
import type { Parsed } from '../docker/jsonFields';
import { fact, listFact, UNKNOWN } from '../docker/layers/facts';
import type { RuntimeClass } from './contracts';
import type { ContainerSpec, ContainerStateWords, ContainerStatus, Pod, SecurityContext } from './podContracts';
import type { PodRuntime } from './podRuntime';
import type { LocalPod } from './localPod';
import { formatBytes } from '../../shared/units';

const podSource = (field: string) => `GET /api/v1/namespaces/{ns}/pods/{name} → ${field}`;
const runtimeClassSource = (field: string) => `GET /apis/node.k8s.io/v1/runtimeclasses/{name} → ${field}`;

function quantities(values: Record<string, string>): string {
  const entries = Object.entries(values);
  return entries.length === 0 ? 'none' : entries.map(([name, value]) => `${name} ${value}`).join(', ');
}

function securityText(context: SecurityContext): string[] {
  const lines: string[] = [];
  if (context.privileged) lines.push('privileged: every capability, every device of the node');
  if (context.runAsUser !== undefined) lines.push(`runs as UID ${context.runAsUser}${context.runAsUser === 0 ? ' (root)' : ''}`);
  if (context.runAsNonRoot) lines.push('must run as non-root');
  if (context.readOnlyRootFilesystem) lines.push('read-only root filesystem');
  if (context.allowPrivilegeEscalation === false) lines.push('no privilege escalation');
  if (context.capabilitiesAdd.length > 0) lines.push(`adds ${context.capabilitiesAdd.join(', ')}`);
  if (context.capabilitiesDrop.length > 0) lines.push(`drops ${context.capabilitiesDrop.join(', ')}`);
  if (context.seccomp) lines.push(`seccomp ${context.seccomp}`);
  if (context.appArmor) lines.push(`AppArmor ${context.appArmor}`);
  return lines;
}

const KERNEL_WORDS: Record<PodRuntime['kind'], string> = {
  'shared-kernel': 'the node’s kernel, shared with every other pod on the node (namespaces and cgroups keep them apart)',
  'user-space-kernel': 'gVisor’s Sentry, a kernel in user space: the app’s system calls stop there and only a narrow set reaches the node’s kernel',
  vm: 'a guest kernel of the pod’s own, in a lightweight VM (see the two bands above)',
};

/** What this machine shows of a pod it runs (localPod.ts), as facts of the sandbox band. */
function localFacts(local: LocalPod): Fact[] {
  const facts: Fact[] = [];
  if (local.sandboxPid !== undefined) facts.push(fact('here.sandbox', 'Sandbox (pause)', `PID ${local.sandboxPid}`, `/proc/*/cgroup on this machine (the pod’s cgroup)`));
  for (const container of local.containers) {
    const limits = [container.memoryLimitBytes !== undefined ? `memory ${formatBytes(container.memoryLimitBytes)}` : 'no memory limit', container.cpuQuota ? `CPU ${container.cpuQuota} µs` : 'no CPU quota'];
    const namespaces = [`own: ${container.own.join(', ') || 'none'}`, `with the pod: ${container.withPod.join(', ') || 'none'}`, `with this machine: ${container.withHost.join(', ') || 'none'}`];
    facts.push(
      fact(
        `here.${container.name}`,
        container.name,
        `PID ${container.pid} · cgroup ${container.cgroup} · ${limits.join(' · ')} · namespaces ${namespaces.join('; ')}`,
        `/proc/${container.pid}/cgroup, /proc/${container.pid}/ns/* against the sandbox’s and this machine’s, /sys/fs/cgroup (read on this machine)`,
      ),
    );
  }
  if (local.notRunning.length > 0) facts.push(listFact('here.not-running', 'No process here', local.notRunning, '/proc/*/cgroup on this machine'));
  return facts;
}

/** `local`: what this machine shows of the pod, when its node is this machine. */
export function isolationLayer(pod: Pod, runtime: PodRuntime, runtimeClass: Parsed<RuntimeClass> | undefined, local?: LocalPod): Layer {
  const facts: Fact[] = [
    fact('runtime-class', 'RuntimeClass', pod.runtimeClassName ?? 'none (the node’s default handler)', podSource('spec.runtimeClassName')),
    fact('runtime', 'Runtime', runtime.name, pod.runtimeClassName ? runtimeClassSource('handler') : podSource('spec.runtimeClassName (absent)')),
    fact('kernel', 'Kernel the containers talk to', KERNEL_WORDS[runtime.kind], pod.runtimeClassName ? runtimeClassSource('handler') : 'no RuntimeClass: the handler runc shares the node’s kernel'),
    fact('network-ns', 'Network namespace', pod.hostNetwork ? 'the node’s own (hostNetwork)' : `the pod’s own, shared by its ${pod.containers.length} container${pod.containers.length === 1 ? '' : 's'}`, podSource('spec.hostNetwork')),
    fact('pid-ns', 'PID namespace', pod.hostPID ? 'the node’s own (hostPID)' : pod.shareProcessNamespace ? 'one for the whole pod (shareProcessNamespace)' : 'one per container', podSource(pod.hostPID ? 'spec.hostPID' : 'spec.shareProcessNamespace')),
    fact('ipc-ns', 'IPC namespace', pod.hostIPC ? 'the node’s own (hostIPC)' : 'the pod’s own, shared by its containers', podSource('spec.hostIPC')),
    fact('uts-ns', 'UTS namespace (hostname)', pod.hostNetwork ? 'the node’s own (with hostNetwork)' : `the pod’s own (hostname ${pod.metadata.name})`, podSource('spec.hostNetwork')),
    fact('qos', 'QoS class', pod.qosClass ?? UNKNOWN, podSource('status.qosClass')),
    listFact('pod-security', 'Pod security context', securityText(pod.securityContext), podSource('spec.securityContext'), 'none set'),
  ];
  for (const container of pod.containers) {
    facts.push(fact(`resources.${container.name}`, `${container.name}: requests / limits`, `${quantities(container.requests)} / ${quantities(container.limits)}`, podSource(`spec.containers[${container.name}].resources`)));
    facts.push(listFact(`security.${container.name}`, `${container.name}: security`, securityText(container.securityContext), podSource(`spec.containers[${container.name}].securityContext`), 'defaults of the runtime'));
  }
  if (runtimeClass?.ok && Object.keys(runtimeClass.value.overhead).length > 0) {
    facts.push(fact('runtime-overhead', 'Runtime overhead per pod', quantities(runtimeClass.value.overhead), runtimeClassSource('overhead.podFixed')));
  }
  if (local) facts.push(...localFacts(local));
  const layer: Layer = { kind: 'isolation', title: 'Pod sandbox', facts };
  if (runtimeClass && !runtimeClass.ok) layer.unavailable = `The RuntimeClass ${pod.runtimeClassName} could not be read (${runtimeClass.error}): its handler is guessed as runc.`;
  return layer;
}

/** A Kata pod's VM: the pod sandbox is a VM of its own, under the containers and over the node. */
export function kataLayers(runtime: PodRuntime, runtimeClass: Parsed<RuntimeClass> | undefined): Layer[] {
  const overhead = runtimeClass?.ok ? runtimeClass.value.overhead : {};
  return [
    {
      kind: 'virtual-hardware',
      title: 'Pod VM (Kata Containers)',
      facts: [
        fact('vmm', 'VMM', runtime.vmm ?? UNKNOWN, runtimeClassSource('handler')),
        fact('vm-size', 'VM size', 'the pod’s limits plus the runtime’s overhead; the exact vCPUs and memory are in the Kata configuration on the node, not in the API', podSource('spec.containers[*].resources.limits')),
        fact('vm-overhead', 'Runtime overhead per pod', quantities(overhead), runtimeClassSource('overhead.podFixed')),
      ],
    },
    {
      kind: 'guest-os',
      title: 'Pod guest kernel',
      facts: [fact('guest-kernel', 'Guest kernel', 'Kata’s own guest kernel and agent; its version is on the node (the Kata configuration), not in the API', runtimeClassSource('handler'))],
    },
  ];
}

function statusOf(pod: Pod, name: string, init = false): ContainerStatus | undefined {
  return (init ? pod.initContainerStatuses : pod.containerStatuses).find((status) => status.name === name);
}

export function librariesLayer(pod: Pod): Layer {
  const facts: Fact[] = [];
  for (const container of [...pod.initContainers, ...pod.containers]) {
    const init = pod.initContainers.includes(container);
    const status = statusOf(pod, container.name, init);
    facts.push(fact(`image.${container.name}`, `${container.name}${init ? ' (init)' : ''}: image`, container.image || UNKNOWN, podSource(`spec.${init ? 'initContainers' : 'containers'}[${container.name}].image`)));
    facts.push(fact(`image-id.${container.name}`, `${container.name}: image ID`, status?.imageID ?? 'not pulled yet', podSource(`status.${init ? 'initContainerStatuses' : 'containerStatuses'}[${container.name}].imageID`)));
  }
  return { kind: 'libraries', title: 'Images', facts };
}

function stateText(state: ContainerStateWords | undefined): string {
  if (!state) return UNKNOWN;
  switch (state.kind) {
    case 'running':
      return `running${state.startedAt ? ` since ${state.startedAt}` : ''}`;
    case 'waiting':
      return `waiting${state.reason ? `: ${state.reason}` : ''}${state.message ? ` (${state.message})` : ''}`;
    case 'terminated':
      return `terminated${state.reason ? `: ${state.reason}` : ''}${state.exitCode !== undefined ? `, exit code ${state.exitCode}` : ''}${state.finishedAt ? ` at ${state.finishedAt}` : ''}`;
  }
}

function containerFacts(pod: Pod, container: ContainerSpec, init: boolean): Fact[] {
  const status = statusOf(pod, container.name, init);
  const specPath = `spec.${init ? 'initContainers' : 'containers'}[${container.name}]`;
  const statusPath = `status.${init ? 'initContainerStatuses' : 'containerStatuses'}[${container.name}]`;
  const name = `${container.name}${init ? ' (init)' : ''}`;
  const command = [...container.command, ...container.args];
  const facts: Fact[] = [
    fact(`state.${container.name}`, `${name}: state`, stateText(status?.state), podSource(`${statusPath}.state`)),
    fact(`restarts.${container.name}`, `${name}: restarts`, String(status?.restartCount ?? 0), podSource(`${statusPath}.restartCount`)),
    fact(`command.${container.name}`, `${name}: command`, command.length > 0 ? command.join(' ') : 'the image’s own', podSource(`${specPath}.command, args`)),
  ];
  if (status?.lastState) facts.push(fact(`last-state.${container.name}`, `${name}: last state`, stateText(status.lastState), podSource(`${statusPath}.lastState`)));
  if (container.ports.length > 0) {
    const ports = container.ports.map((port) => `${port.containerPort}/${port.protocol.toLowerCase()}${port.name ? ` (${port.name})` : ''}${port.hostPort !== undefined ? ` on the node’s port ${port.hostPort}` : ''}`);
    facts.push(listFact(`ports.${container.name}`, `${name}: ports`, ports, podSource(`${specPath}.ports`)));
  }
  if (container.probes.length > 0) facts.push(listFact(`probes.${container.name}`, `${name}: probes`, container.probes.map((probe) => `${probe.kind}: ${probe.text}`), podSource(`${specPath}.*Probe`)));
  if (container.volumeMounts.length > 0) {
    facts.push(listFact(`mounts.${container.name}`, `${name}: mounts`, container.volumeMounts.map((mount) => `${mount.name} at ${mount.mountPath}${mount.readOnly ? ' (read-only)' : ''}`), podSource(`${specPath}.volumeMounts`)));
  }
  return facts;
}

export function appLayer(pod: Pod): Layer {
  const facts: Fact[] = [
    fact('phase', 'Phase', [pod.phase ?? UNKNOWN, pod.reason, pod.message].filter(Boolean).join(': '), podSource('status.phase, reason, message')),
    fact('namespace', 'Namespace', pod.metadata.namespace ?? 'default', podSource('metadata.namespace')),
    fact('pod-ip', 'Pod IP', pod.podIP ?? 'none yet', podSource('status.podIP')),
    fact('started', 'Started', pod.startTime ?? 'not yet', podSource('status.startTime')),
    listFact('owners', 'Owned by', pod.metadata.owners, podSource('metadata.ownerReferences'), 'nothing (a bare pod)'),
    listFact('volumes', 'Volumes', pod.volumes, podSource('spec.volumes')),
  ];
  for (const container of pod.initContainers) facts.push(...containerFacts(pod, container, true));
  for (const container of pod.containers) facts.push(...containerFacts(pod, container, false));
  return { kind: 'app', title: `Containers (${pod.containers.length}${pod.initContainers.length > 0 ? ` and ${pod.initContainers.length} init` : ''})`, facts };
}
