// Podman's pods as the tree groups them: which pod each container is in, and which container is
// the pod's infra. Read from the libpod pod list, one call beside the compatible container list.
import { parsePodList } from './contracts';
import type { PodMembership } from '../summaryMapper';

export function toPodMembership(raw: unknown): PodMembership {
  const pods = parsePodList(raw);
  const membership = new Map<string, { pod: string; infra: boolean }>();
  if (!pods.ok) return membership;
  for (const pod of pods.value) {
    for (const id of pod.containerIds) membership.set(id, { pod: pod.name, infra: id === pod.infraId });
  }
  return membership;
}
