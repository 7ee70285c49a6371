// Podman's own (libpod) answers, where the Docker-compatible API has none: pods, the OCI runtime a
// container really runs on, and how the engine itself runs (rootless, user-namespace mapping,
// networking). Same policy as contracts.ts: reject what is not the right thing at the top, treat
// an odd optional field as absent.
import { type JsonRecord, type Parsed, isRecord, string, nonEmptyString, number, boolean, record, records, stringArray, failure } from '../jsonFields';

/** GET /libpod/pods/json: which containers each pod holds, and which of them is its infra. */
export interface PodListEntry {
  id: string;
  name: string;
  infraId?: string;
  containerIds: string[];
}

/** GET /libpod/pods/{id}/json, the part the isolation band draws. */
export interface PodInspect {
  id: string;
  name: string;
  infraId?: string;
  sharedNamespaces: string[];
  containerCount?: number;
}

/** GET /libpod/containers/{id}/json, the part the compatible inspect gets wrong or leaves out. */
export interface LibpodContainer {
  podId?: string;
  isInfra: boolean;
  /** The compatible inspect says `oci` for every container. */
  ociRuntime?: string;
  networkMode?: string;
}

export interface IdMapping {
  containerId: number;
  hostId: number;
  size: number;
}

/** GET /libpod/info → host, the part about how the engine runs its containers. */
export interface LibpodHost {
  rootless?: boolean;
  cgroupManager?: string;
  cgroupVersion?: string;
  networkBackend?: string;
  uidMap: IdMapping[];
  gidMap: IdMapping[];
  slirp4netnsVersion?: string;
  pastaVersion?: string;
  /** Where its containers live, and on which host: together, which Podman this is. */
  graphRoot?: string;
  hostname?: string;
}

export function parsePodList(raw: unknown): Parsed<PodListEntry[]> {
  if (!Array.isArray(raw)) return failure('the pod list is not an array', raw);
  const pods: PodListEntry[] = [];
  for (const item of raw) {
    if (!isRecord(item)) continue;
    const id = nonEmptyString(item, 'Id');
    const name = nonEmptyString(item, 'Name');
    if (id === undefined || name === undefined) continue;
    const containerIds = records(item, 'Containers').flatMap((member) => nonEmptyString(member, 'Id') ?? []);
    pods.push({ id, name, infraId: nonEmptyString(item, 'InfraId'), containerIds });
  }
  return { ok: true, value: pods };
}

export function parsePodInspect(raw: unknown): Parsed<PodInspect> {
  if (!isRecord(raw)) return failure('the pod inspect is not an object', raw);
  const id = nonEmptyString(raw, 'Id');
  const name = nonEmptyString(raw, 'Name');
  if (id === undefined || name === undefined) return failure('the pod inspect has no Id or Name', raw);
  return {
    ok: true,
    value: {
      id,
      name,
      infraId: nonEmptyString(raw, 'InfraContainerID'),
      // Podman lists them in map order, different from one inspect to the next.
      sharedNamespaces: [...(stringArray(raw, 'SharedNamespaces') ?? [])].sort(),
      containerCount: number(raw, 'NumContainers'),
    },
  };
}

export function parseLibpodContainer(raw: unknown): Parsed<LibpodContainer> {
  if (!isRecord(raw) || nonEmptyString(raw, 'Id') === undefined) return failure('the libpod container inspect has no Id', raw);
  return {
    ok: true,
    value: {
      podId: nonEmptyString(raw, 'Pod'),
      isInfra: boolean(raw, 'IsInfra') ?? false,
      ociRuntime: nonEmptyString(raw, 'OCIRuntime'),
      networkMode: nonEmptyString(record(raw, 'HostConfig') ?? {}, 'NetworkMode'),
    },
  };
}

export function parseLibpodInfo(raw: unknown): Parsed<LibpodHost> {
  const host = isRecord(raw) ? record(raw, 'host') : undefined;
  if (host === undefined) return failure('the libpod info has no host section', raw);
  const security = record(host, 'security') ?? {};
  const idMappings = record(host, 'idMappings') ?? {};
  return {
    ok: true,
    value: {
      rootless: boolean(security, 'rootless'),
      cgroupManager: nonEmptyString(host, 'cgroupManager'),
      cgroupVersion: nonEmptyString(host, 'cgroupVersion'),
      networkBackend: nonEmptyString(host, 'networkBackend'),
      uidMap: idMappingsOf(idMappings, 'uidmap'),
      gidMap: idMappingsOf(idMappings, 'gidmap'),
      slirp4netnsVersion: toolVersion(record(host, 'slirp4netns')),
      pastaVersion: toolVersion(record(host, 'pasta')),
      graphRoot: isRecord(raw) ? nonEmptyString(record(raw, 'store') ?? {}, 'graphRoot') : undefined,
      hostname: nonEmptyString(host, 'hostname'),
    },
  };
}

function idMappingsOf(mappings: JsonRecord, key: string): IdMapping[] {
  return records(mappings, key).flatMap((mapping) => {
    const containerId = number(mapping, 'container_id');
    const hostId = number(mapping, 'host_id');
    const size = number(mapping, 'size');
    return containerId === undefined || hostId === undefined || size === undefined ? [] : [{ containerId, hostId, size }];
  });
}

/** Podman names a helper only when it found its executable; the version text is several lines. */
function toolVersion(tool: JsonRecord | undefined): string | undefined {
  if (!tool || !nonEmptyString(tool, 'executable')) return undefined;
  return firstLine(string(tool, 'version')) ?? 'found';
}

function firstLine(text: string | undefined): string | undefined {
  const line = text?.split('\n')[0].trim();
  return line || undefined;
}
