// A pod as a tree row: phase, readiness and restarts in words, grouped under its node. Read from
// the one list call: nothing per pod.
import type { HealthState, PodContainerSummary, PublishedPort, WorkloadState, WorkloadSummary } from '../provider';
import type { PodRow, RowContainerStatus } from './podContracts';

/** The group name of pods no node has taken yet. */
export const UNSCHEDULED = '(not scheduled)';

/** A pod's id within its cluster: namespace and name, which survive a reload and name it in the API. */
export function podRefId(pod: Pick<PodRow, 'metadata'>): string {
  return `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
}

export function parsePodRefId(id: string): { namespace: string; name: string } | undefined {
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1 || id.indexOf('/', slash + 1) !== -1) return undefined;
  return { namespace: id.slice(0, slash), name: id.slice(slash + 1) };
}

/** The reason a container is stuck, the way kubectl's STATUS column says it (CrashLoopBackOff, OOMKilled). */
function stuckReason(statuses: PodRow['containerStatuses']): string | undefined {
  for (const status of statuses) {
    if (status.state?.kind === 'waiting' && status.state.reason && status.state.reason !== 'ContainerCreating') return status.state.reason;
    if (status.state?.kind === 'terminated' && status.state.reason && status.state.reason !== 'Completed') return status.state.reason;
  }
  return undefined;
}

export function podState(pod: PodRow): WorkloadState {
  if (pod.deletionRequested) return 'removing';
  const stuck = stuckReason(pod.containerStatuses);
  if (stuck === 'CrashLoopBackOff') return 'restarting';
  switch (pod.phase) {
    case 'Running':
      return 'running';
    case 'Pending':
      return 'created';
    case 'Succeeded':
      return 'exited';
    case 'Failed':
      return 'dead';
    default:
      return 'unknown';
  }
}

function podHealth(pod: PodRow, state: WorkloadState): HealthState | undefined {
  if (state !== 'running' && state !== 'restarting') return undefined;
  const ready = pod.conditions.find((condition) => condition.type === 'Ready');
  if (!ready) return undefined;
  return ready.status === 'True' ? 'healthy' : 'unhealthy';
}

/** `Running · 1/2 ready · 3 restarts`, or the stuck container's reason in place of the phase. */
export function podStatusText(pod: PodRow): string {
  const statuses = pod.containerStatuses;
  const ready = statuses.filter((status) => status.ready).length;
  const restarts = statuses.reduce((sum, status) => sum + status.restartCount, 0);
  const phase = pod.deletionRequested ? 'Terminating' : (stuckReason(statuses) ?? pod.reason ?? pod.phase ?? 'Unknown');
  const parts = [phase, `${ready}/${pod.containers.length} ready`];
  if (restarts > 0) parts.push(`${restarts} restart${restarts === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

function podPorts(pod: PodRow): PublishedPort[] {
  return pod.containers.flatMap((container) =>
    container.ports.map((port) => ({ privatePort: port.containerPort, protocol: port.protocol.toLowerCase(), ...(port.hostPort !== undefined ? { publicPort: port.hostPort } : {}) })),
  );
}

/** `groupBy`: the tree's grouping of a cluster's pods, under their node or their namespace. */
export function toPodSummary(pod: PodRow, providerId: string, groupBy: 'node' | 'namespace' = 'node'): WorkloadSummary {
  const state = podState(pod);
  const health = podHealth(pod, state);
  const created = pod.metadata.creationTimestamp ? Date.parse(pod.metadata.creationTimestamp) / 1000 : 0;
  return {
    ref: { kind: 'pod', providerId, id: podRefId(pod) },
    name: pod.metadata.name,
    image: pod.containers.map((container) => container.image).join(', '),
    state,
    status: podStatusText(pod),
    ...(health ? { health } : {}),
    group: groupBy === 'namespace' ? { kind: 'namespace', project: pod.metadata.namespace ?? 'default' } : { kind: 'node', project: pod.nodeName ?? UNSCHEDULED },
    ports: podPorts(pod),
    created: Number.isFinite(created) ? created : 0,
    labels: pod.metadata.labels,
    namespace: pod.metadata.namespace ?? 'default',
    containers: [
      ...pod.initContainers.map((container) => containerSummary(container, pod.initContainerStatuses, true)),
      ...pod.containers.map((container) => containerSummary(container, pod.containerStatuses, false)),
    ],
  };
}

/** A container's row: its state in the tree's words and kubelet's, from the pod's status. */
function containerSummary(container: { name: string; image: string }, statuses: RowContainerStatus[], init: boolean): PodContainerSummary {
  const status = statuses.find((entry) => entry.name === container.name);
  return { name: container.name, image: container.image, ...stateWords(status?.state), ready: status?.ready ?? false, restarts: status?.restartCount ?? 0, ...(init ? { init } : {}) };
}

/** A container's state as the tree's icon (WorkloadState) and in kubelet's words. */
function stateWords(state: RowContainerStatus['state']): { state: WorkloadState; status: string } {
  const why = (reason: string | undefined) => (reason ? `: ${reason}` : '');
  switch (state?.kind) {
    case 'running':
      return { state: 'running', status: 'Running' };
    case 'waiting':
      return { state: state.reason === 'CrashLoopBackOff' ? 'restarting' : 'created', status: `Waiting${why(state.reason)}` };
    case 'terminated':
      return { state: state.exitCode === 0 ? 'exited' : 'dead', status: `Terminated${why(state.reason)}${state.exitCode !== undefined ? ` (exit ${state.exitCode})` : ''}` };
    default:
      return { state: 'unknown', status: 'Not started' };
  }
}
