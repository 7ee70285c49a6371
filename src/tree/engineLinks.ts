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
