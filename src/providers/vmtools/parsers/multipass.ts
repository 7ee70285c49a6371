// Multipass: `multipass list --format json` ({"list": [{name, state, ipv4, release}]}) and
// `multipass info [--all|<name>] --format json` ({"errors": [], "info": {<name>: {cpu_count, memory, disks...}}}).
import type { WorkloadState } from '../../provider';
import { formatBytes } from '../../../shared/units';
import { type ParsedVm, type ParseResult, type VmFact, parsed, parseFailure, tooLarge, vmFact } from '../parsedVm';
import { isRecord, parseJson, toBytes, toCount, toText } from '../values';

const LIST = 'multipass list --format json';
const INFO = 'multipass info --format json';

export function parseMultipassList(output: string): ParseResult {
  const refused = tooLarge(output, LIST);
  if (refused) return refused;
  const json = parseJson(output);
  if (!json.ok) return parseFailure(`multipass list printed no valid JSON: ${json.error}`);
  if (!isRecord(json.value) || !Array.isArray(json.value.list)) return parseFailure('multipass list printed JSON without a "list" array.');
  const vms: ParsedVm[] = [];
  for (const item of json.value.list) {
    const name = isRecord(item) ? toText(item.name) : undefined;
    if (!isRecord(item) || !name) continue;
    const stateText = toText(item.state) ?? 'Unknown';
    const release = toText(item.release);
    const addresses = Array.isArray(item.ipv4) ? item.ipv4.filter((address): address is string => typeof address === 'string') : [];
    const facts: VmFact[] = [];
    if (release) facts.push(vmFact('guest-os', 'os', 'Release', release, `${LIST} → release`));
    if (addresses.length > 0) facts.push(vmFact('virtual-hardware', 'ipv4', 'IPv4 addresses', addresses.join('\n'), `${LIST} → ipv4`));
    vms.push({ id: name, name, state: multipassState(stateText), stateText, os: release, sources: { state: `${LIST} → state`, os: `${LIST} → release` }, facts });
  }
  return parsed(vms);
}

export function parseMultipassInfo(output: string): ParseResult {
  const refused = tooLarge(output, INFO);
  if (refused) return refused;
  const json = parseJson(output);
  if (!json.ok) return parseFailure(`multipass info printed no valid JSON: ${json.error}`);
  if (!isRecord(json.value) || !isRecord(json.value.info)) return parseFailure('multipass info printed JSON without an "info" object.');
  const vms: ParsedVm[] = [];
  for (const [name, item] of Object.entries(json.value.info)) {
    if (isRecord(item)) vms.push(infoToParsedVm(name, item));
  }
  return parsed(vms);
}

export function multipassState(text: string): WorkloadState {
  switch (text.toLowerCase()) {
    case 'running':
    case 'delayed shutdown':
    case 'suspending':
      return 'running';
    case 'suspended':
      return 'paused';
    case 'stopped':
      return 'exited';
    case 'starting':
    case 'restarting':
      return 'restarting';
    case 'deleted':
      return 'removing';
    default:
      return 'unknown';
  }
}

function infoToParsedVm(name: string, item: Record<string, unknown>): ParsedVm {
  const stateText = toText(item.state) ?? 'Unknown';
  const memory = isRecord(item.memory) ? item.memory : {};
  const release = toText(item.release);
  const imageRelease = toText(item.image_release);
  const facts: VmFact[] = [];
  const used = toBytes(memory.used);
  if (used !== undefined) facts.push(vmFact('virtual-hardware', 'memory-used', 'Memory used (in the guest)', formatBytes(used), `${INFO} → memory.used`));
  const disks = diskLines(item.disks);
  if (disks.length > 0) facts.push(vmFact('virtual-hardware', 'disks', 'Disks', disks.join('\n'), `${INFO} → disks`));
  if (release) facts.push(vmFact('guest-os', 'os', 'Guest OS', release, `${INFO} → release`));
  if (imageRelease) facts.push(vmFact('guest-os', 'image', 'Image', imageRelease, `${INFO} → image_release`));
  const load = Array.isArray(item.load) ? item.load.filter((value) => typeof value === 'number') : [];
  if (load.length > 0) facts.push(vmFact('guest-os', 'load', 'Load average', load.join(' '), `${INFO} → load`));
  return {
    id: name,
    name,
    state: multipassState(stateText),
    stateText,
    vcpus: toCount(item.cpu_count),
    memoryBytes: toBytes(memory.total),
    os: release ?? imageRelease,
    sources: { state: `${INFO} → state`, vcpus: `${INFO} → cpu_count`, memory: `${INFO} → memory.total`, os: `${INFO} → ${release ? 'release' : 'image_release'}` },
    facts,
  };
}

function diskLines(disks: unknown): string[] {
  if (!isRecord(disks)) return [];
  return Object.entries(disks).map(([device, usage]) => {
    const total = isRecord(usage) ? toBytes(usage.total) : undefined;
    const used = isRecord(usage) ? toBytes(usage.used) : undefined;
    if (total === undefined) return `${device} (size not reported while stopped)`;
    return `${device}: ${formatBytes(total)}${used !== undefined ? `, ${formatBytes(used)} used` : ''}`;
  });
}
