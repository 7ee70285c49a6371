// A listed domain -> the tree's WorkloadSummary, and the workload id scheme `${uri}#${uuid}`
// (the UUID is stable across renames and restarts; the URI says which connection owns it).
import type { WorkloadSummary } from '../provider';
import { stateFromCode, stateFromWords } from './domainState';
import type { DomainListing } from './listing';
import { isUuid } from './virshOutput';

export function toDomainSummary(domain: DomainListing, uri: string, providerId: string): WorkloadSummary {
  const mapped = domain.stateCode !== undefined ? stateFromCode(domain.stateCode) : stateFromWords(domain.stateWords);
  const resources: { vcpus?: number; memoryBytes?: number } = {};
  if (domain.vcpus !== undefined) resources.vcpus = domain.vcpus;
  if (domain.memoryBytes !== undefined) resources.memoryBytes = domain.memoryBytes;
  return {
    ref: { kind: 'vm', providerId, id: domainRefId(uri, domain.uuid) },
    name: domain.name,
    image: productForUri(uri),
    state: mapped.state,
    status: mapped.words,
    ports: [],
    created: 0,
    resources,
  };
}

export function domainRefId(uri: string, uuid: string): string {
  return `${uri}#${uuid.toLowerCase()}`;
}

/** Splits a workload id back into its URI and UUID; undefined when it is not one of ours. */
export function parseDomainRefId(id: string): { uri: string; uuid: string } | undefined {
  const hash = id.lastIndexOf('#');
  if (hash <= 0) return undefined;
  const uri = id.slice(0, hash);
  const uuid = id.slice(hash + 1);
  return isUuid(uuid) ? { uri, uuid } : undefined;
}

/** What kind of guest a connection holds, from its driver (the URI scheme before any `+transport`). */
export function productForUri(uri: string): string {
  const driver = driverOfUri(uri);
  switch (driver) {
    case 'qemu':
      return 'QEMU/KVM guest';
    case 'test':
      return 'libvirt test domain';
    case 'xen':
      return 'Xen guest';
    case 'lxc':
      return 'libvirt LXC container';
    case 'ch':
      return 'Cloud Hypervisor guest';
    case 'bhyve':
      return 'bhyve guest';
    case 'vbox':
      return 'VirtualBox guest';
    default:
      return driver ? `${driver} guest (libvirt)` : 'libvirt guest';
  }
}

export function driverOfUri(uri: string): string {
  return /^([a-z][a-z0-9]*)(?:\+[a-z0-9]+)?:/i.exec(uri)?.[1]?.toLowerCase() ?? '';
}

/** True for a URI that names a remote host (qemu+ssh://host/system); local URIs have no host. */
export function isRemoteUri(uri: string): boolean {
  const match = /^[^:]+:\/\/([^/?#]*)/.exec(uri);
  return Boolean(match && match[1] && match[1] !== 'localhost');
}
