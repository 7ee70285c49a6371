// GET /containers/json?all=1 -> tree rows. Malformed entries are skipped, never thrown on: one
// odd container must not hide all the others.
import type { HealthState, PublishedPort, WorkloadGroup, WorkloadState, WorkloadSummary } from '../provider';
import { parseContainerList, type ContainerListEntry, type ListPort } from './contracts';
import { shortId } from './format';

const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';
const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';

const KNOWN_STATES: readonly WorkloadState[] = ['running', 'paused', 'exited', 'created', 'restarting', 'dead', 'removing'];

/** Pod membership by container id, from Podman's pod list (the compatible list has none). */
export type PodMembership = ReadonlyMap<string, { pod: string; infra: boolean }>;

export function toWorkloadSummaries(raw: unknown, providerId: string, pods?: PodMembership): WorkloadSummary[] {
  const list = parseContainerList(raw);
  return list.ok ? summariesOf(list.value, providerId, pods) : [];
}

/** For a caller that has parsed the list already (the provider reads the ids first, for the pods). */
export function summariesOf(entries: readonly ContainerListEntry[], providerId: string, pods?: PodMembership): WorkloadSummary[] {
  return entries.map((entry) => toSummary(entry, providerId, pods?.get(entry.Id)));
}

function toSummary(entry: ContainerListEntry, providerId: string, pod: { pod: string; infra: boolean } | undefined): WorkloadSummary {
  const status = entry.Status ?? '';
  const project = entry.Labels[COMPOSE_PROJECT_LABEL];
  const service = entry.Labels[COMPOSE_SERVICE_LABEL];
  const summary: WorkloadSummary = {
    ref: { kind: 'container', providerId, id: entry.Id },
    name: containerName(entry),
    image: entry.Image ?? '',
    state: toWorkloadState(entry.State),
    status,
    ports: toPublishedPorts(entry.Ports),
    created: entry.Created ?? 0,
    labels: entry.Labels,
  };
  const health = healthFromStatus(status);
  if (health) summary.health = health;
  const group = groupOf(project, service, pod);
  if (group) summary.group = group;
  return summary;
}

/** A pod wins over a Compose label: it is what the container's namespaces really follow. */
function groupOf(project: string | undefined, service: string | undefined, pod: { pod: string; infra: boolean } | undefined): WorkloadGroup | undefined {
  if (pod) {
    const group: WorkloadGroup = { kind: 'pod', project: pod.pod };
    if (service) group.service = service;
    if (pod.infra) group.infra = true;
    return group;
  }
  if (!project) return undefined;
  return service ? { project, service } : { project };
}

function containerName(entry: ContainerListEntry): string {
  const first = entry.Names[0];
  return first ? first.replace(/^\//, '') : shortId(entry.Id);
}

export function toWorkloadState(state: string | undefined): WorkloadState {
  const word = (state ?? '').toLowerCase();
  return KNOWN_STATES.find((known) => known === word) ?? 'unknown';
}

/** The list call has no health field: the engine appends it to the status sentence. */
export function healthFromStatus(status: string): HealthState | undefined {
  const match = /\((healthy|unhealthy|health: starting)\)/.exec(status);
  if (!match) return undefined;
  return match[1] === 'health: starting' ? 'starting' : (match[1] as HealthState);
}

/**
 * Engines with IPv6 list a port published on all interfaces twice (0.0.0.0 and ::), likewise on
 * loopback (127.0.0.1 and ::1). Those pairs collapse into the IPv4 entry; other bindings stay.
 */
function toPublishedPorts(ports: readonly ListPort[]): PublishedPort[] {
  const kept: PublishedPort[] = [];
  // Twins found by key, not by scanning: `-p 1-65535:1-65535` lists 131070 ports for one container.
  const twinIndex = new Map<string, number>();
  for (const port of ports) {
    const candidate = toPublishedPort(port);
    const key = twinKey(candidate);
    const twin = twinIndex.get(key);
    if (twin === undefined) twinIndex.set(key, kept.push(candidate) - 1);
    else if (isIpv6(kept[twin].hostIp) && !isIpv6(candidate.hostIp)) kept[twin] = candidate;
  }
  return kept.sort((a, b) => a.privatePort - b.privatePort || a.protocol.localeCompare(b.protocol));
}

function toPublishedPort(port: ListPort): PublishedPort {
  const published: PublishedPort = { privatePort: port.PrivatePort, protocol: port.Type };
  if (port.PublicPort !== undefined) published.publicPort = port.PublicPort;
  if (port.IP) published.hostIp = port.IP;
  return published;
}

/** Equal for IP-family twins: same ports and protocol, addresses of the same scope. */
function twinKey(port: PublishedPort): string {
  return JSON.stringify([port.privatePort, port.publicPort ?? null, port.protocol, addressScope(port.hostIp)]);
}

/** Wildcard and loopback addresses of both families compare equal; others only to themselves. */
function addressScope(ip: string | undefined): string {
  if (ip === undefined || ip === '0.0.0.0' || ip === '::') return 'any';
  if (ip.startsWith('127.') || ip === '::1') return 'loopback';
  return ip;
}

function isIpv6(ip: string | undefined): boolean {
  return ip !== undefined && ip.includes(':');
}
