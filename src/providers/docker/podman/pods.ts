// Podman's pods as the tree groups them: which pod each container is in, and which container is
// the pod's infra. Read from the libpod pod list, one call beside the compatible container list.
import type { DockerClient } from '../client';
import type { PodMembership } from '../summaryMapper';
import { parsePodList } from './contracts';

export function toPodMembership(raw: unknown): PodMembership {
  const pods = parsePodList(raw);
  const membership = new Map<string, { pod: string; infra: boolean }>();
  if (!pods.ok) return membership;
  for (const pod of pods.value) {
    for (const id of pod.containerIds) membership.set(id, { pod: pod.name, infra: id === pod.infraId });
  }
  return membership;
}

/**
 * Podman's pods as last read, with the containers listed then. A container never changes pods,
 * so the pod list is read again only when a container the last read did not know is listed.
 */
export class PodGroups {
  private last: { knownIds: ReadonlySet<string>; membership: PodMembership } | undefined;

  /** Throws what the pod list call threw; the caller keeps the rows without their groups. */
  async of(client: DockerClient, listedIds: readonly string[]): Promise<PodMembership> {
    const last = this.last;
    if (last && listedIds.every((id) => last.knownIds.has(id))) return last.membership;
    const membership = toPodMembership(await client.libpod('/pods/json'));
    this.last = { knownIds: new Set(listedIds), membership };
    return membership;
  }

  forget(): void {
    this.last = undefined;
  }
}
