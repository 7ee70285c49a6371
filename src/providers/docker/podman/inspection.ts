// What a Podman engine adds to a container's diagram, read from its libpod API beside the
// compatible inspect: the container's own libpod view, its pod and the pod's infra container.
// Every call may fail on its own (an old Podman, a pod removed meanwhile); its band then says so.
import type { DockerClient } from '../client';
import { parseEngineVersion } from '../contracts';
import { parseLibpodContainer, parseLibpodInfo, parsePodInspect } from './contracts';

export interface PodmanInspection {
  /** GET /libpod/info, or the Error it failed with. */
  host: unknown;
  /** GET /libpod/containers/{id}/json, or the Error. */
  container: unknown;
  /** GET /libpod/pods/{id}/json when the container is in a pod. */
  pod?: unknown;
  /** GET /libpod/containers/{infra}/json for a pod member: whose network it shares. */
  infra?: unknown;
}

/** Podman says who it is in /version's components; Docker never lists that one. */
export function isPodmanVersion(version: unknown): boolean {
  const parsed = parseEngineVersion(version);
  return parsed.ok && parsed.value.Components.some((component) => component.Name === 'Podman Engine');
}

/**
 * Podman's /info gives a new random ID in every answer, so its identity is its store on its host
 * (GET /libpod/info → store.graphRoot, host.hostname): one store is one Podman, however reached.
 */
export function podmanIdentity(libpodInfo: unknown): string | undefined {
  const parsed = parseLibpodInfo(libpodInfo);
  return parsed.ok && parsed.value.graphRoot && parsed.value.hostname ? `podman ${parsed.value.graphRoot} on ${parsed.value.hostname}` : undefined;
}

export async function readPodmanInspection(client: DockerClient, id: string, host: unknown): Promise<PodmanInspection> {
  const container = await client.libpod(`/containers/${encodeURIComponent(id)}/json`).catch(asError);
  const own = parseLibpodContainer(container);
  if (!own.ok || !own.value.podId) return { host, container };
  const { podId, isInfra } = own.value;
  const pod = await client.libpod(`/pods/${encodeURIComponent(podId)}/json`).catch(asError);
  const parsedPod = parsePodInspect(pod);
  const infraId = parsedPod.ok && !isInfra ? parsedPod.value.infraId : undefined;
  const infra = infraId ? await client.libpod(`/containers/${encodeURIComponent(infraId)}/json`).catch(asError) : undefined;
  return { host, container, pod, ...(infra !== undefined ? { infra } : {}) };
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
