// Which container of a pod a shell or the overhead probe goes into: the one named (a container's
// row), else the one kubectl picks (the kubectl.kubernetes.io/default-container annotation's, else
// the first); it must be running.
import type { Pod } from './podContracts';

export function runningContainer(pod: Pod, named?: string): { container: string } | { why: string } {
  const wanted = named ?? pod.metadata.annotations['kubectl.kubernetes.io/default-container'];
  const container = pod.containers.find((spec) => spec.name === wanted) ?? (named ? undefined : pod.containers[0]);
  if (!container) {
    return { why: named ? `The pod ${pod.metadata.name} has no container ${named} that runs beside the others (an init container has finished by then).` : `The pod ${pod.metadata.name} has no container.` };
  }
  const state = pod.containerStatuses.find((status) => status.name === container.name)?.state;
  if (state?.kind === 'running') return { container: container.name };
  const words = state?.kind === 'waiting' ? (state.reason ?? 'waiting') : (state?.kind ?? 'not started');
  return { why: `Container ${container.name} of ${pod.metadata.name} is not running (${words}).` };
}
