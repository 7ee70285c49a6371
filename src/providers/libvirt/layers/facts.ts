// What every libvirt band builder shares: how a fact is made and how its source is named.
import type { Fact } from '../../../shared/model';

export const UNKNOWN = 'unknown';

/** Sources name the virsh command and the field, e.g. "virsh dumpxml → /domain/vcpu". */
export const source = {
  dumpxml: (path: string) => `virsh dumpxml → ${path}`,
  dominfo: (field: string) => `virsh dominfo → ${field}`,
  domstats: (field: string) => `virsh domstats --raw → ${field}`,
  version: (field: string) => `virsh version --daemon → ${field}`,
  nodeinfo: (field: string) => `virsh nodeinfo → ${field}`,
  hostname: 'virsh hostname',
  domblkinfo: 'virsh domblkinfo --all',
  guestinfo: (field: string) => `virsh guestinfo → ${field}`,
  uri: 'setting workloadStacks.libvirt.uris',
};

export function fact(key: string, label: string, value: string, factSource: string): Fact {
  return { key, label, value, source: factSource };
}

/** A list shown as one fact: one line per item, `none` when empty. */
export function listFact(key: string, label: string, items: readonly string[], factSource: string): Fact {
  if (items.length === 0) return fact(key, label, 'none', factSource);
  const result = fact(key, label, items.join('\n'), factSource);
  if (items.length > 1) result.multiline = true;
  return result;
}
