// Which engine root a VM row runs, and which VM an engine root runs in, by the tools' own naming:
// Colima profile P's engine is found as the root `colima:P`, Lima instance I's as `lima:I`, and
// Podman machine M's (rootless) connection as `podman-connection:M` (engineDiscovery.ts); the
// Colima, Lima and Podman machine sources list those VMs by the same names.
import type { WorkloadRef } from '../shared/model';

/** VM source id -> the prefix of the engine roots its VMs run. */
const ENGINE_PREFIX: Readonly<Record<string, string>> = { colima: 'colima:', lima: 'lima:', 'podman-machine': 'podman-connection:' };

export function engineSourceIdOfVm(ref: WorkloadRef): string | undefined {
  const prefix = ref.kind === 'vm' ? ENGINE_PREFIX[ref.providerId] : undefined;
  return prefix ? `${prefix}${ref.id}` : undefined;
}

export function vmOfEngineSource(sourceId: string): { providerId: string; id: string } | undefined {
  for (const [providerId, prefix] of Object.entries(ENGINE_PREFIX)) {
    if (sourceId.startsWith(prefix) && sourceId.length > prefix.length) return { providerId, id: sourceId.slice(prefix.length) };
  }
  return undefined;
}

/**
 * Whether a Kubernetes node's name is one the local cluster tools give the container that is the
 * node: kind (`CLUSTER-control-plane`, `CLUSTER-worker2`), k3d (`k3d-CLUSTER-server-0`) and
 * minikube's container drivers (`minikube`, `minikube-m02`). Such a node is linked to a container
 * of that very name on a local engine; no other node is, whatever containers share its name.
 */
export function isNodeContainerName(nodeName: string): boolean {
  return /^[a-z0-9.-]+-(control-plane|worker)\d*$/.test(nodeName) || /^k3d-[a-z0-9.-]+-(server|agent)-\d+$/.test(nodeName) || isMinikubeNodeName(nodeName);
}

/** minikube's node names (`minikube`, `minikube-m02`): its VM drivers name the VM after the node too. */
export function isMinikubeNodeName(nodeName: string): boolean {
  return /^minikube(-m\d+)?$/.test(nodeName);
}
