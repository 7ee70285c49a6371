// Parallels Desktop: `prlctl list -a -j` ([{uuid, status, ip_configured, name}]) and
// `prlctl list -i -j <uuid>` ([{ID, Name, State, OS, Hardware: {cpu, memory, hddN, netN...}}]).
import type { WorkloadState } from '../../provider';
import { type ParsedVm, type ParseResult, type VmFact, parsed, parseFailure, tooLarge, vmFact } from '../parsedVm';
import { isRecord, parseJson, toBytes, toCount, toText } from '../values';

const LIST = 'prlctl list -a -j';
const INFO = 'prlctl list -i -j';

export function parseParallelsList(output: string): ParseResult {
  const items = readArray(output, LIST);
  if (!items.ok) return items;
  const vms: ParsedVm[] = [];
  for (const item of items.values) {
    const id = isRecord(item) ? toText(item.uuid) : undefined;
    if (!isRecord(item) || !id) continue;
    const stateText = toText(item.status) ?? 'unknown';
    const address = toText(item.ip_configured);
    const facts: VmFact[] = address && address !== '-' ? [vmFact('virtual-hardware', 'address', 'IP address', address, `${LIST} → ip_configured`)] : [];
    vms.push({ id: bareUuid(id), name: toText(item.name) ?? id, state: parallelsState(stateText), stateText, sources: { state: `${LIST} → status` }, facts });
  }
  return parsed(vms);
}

export function parseParallelsInfo(output: string): ParseResult {
  const items = readArray(output, INFO);
  if (!items.ok) return items;
  const vms: ParsedVm[] = [];
  for (const item of items.values) {
    const id = isRecord(item) ? toText(item.ID) : undefined;
    if (isRecord(item) && id) vms.push(infoToParsedVm(item, id));
  }
  if (vms.length === 0) return parseFailure('prlctl list -i printed no VM with an ID.');
  return parsed(vms);
}

export function parallelsState(text: string): WorkloadState {
  switch (text.toLowerCase()) {
    case 'running':
    case 'stopping':
    case 'suspending':
    case 'pausing':
      return 'running';
    case 'paused':
      return 'paused';
    case 'stopped':
    case 'suspended':
      return 'exited';
    case 'starting':
    case 'resuming':
    case 'resetting':
    case 'restoring':
      return 'restarting';
    default:
      return 'unknown';
  }
}

function infoToParsedVm(item: Record<string, unknown>, id: string): ParsedVm {
  const hardware = isRecord(item.Hardware) ? item.Hardware : {};
  const cpu = isRecord(hardware.cpu) ? hardware.cpu : {};
  const memory = isRecord(hardware.memory) ? hardware.memory : {};
  const stateText = toText(item.State) ?? 'unknown';
  const os = toText(item.OS);
  const facts: VmFact[] = [];
  const disks = devices(hardware, /^hdd\d+$/, (device) => [toText(device.image), toText(device.size), toText(device.port)]);
  if (disks.length > 0) facts.push(vmFact('virtual-hardware', 'disks', 'Disks', disks.join('\n'), `${INFO} → Hardware.hddN`));
  const nics = devices(hardware, /^net\d+$/, (device) => [toText(device.type), toText(device.card), toText(device.mac)]);
  if (nics.length > 0) facts.push(vmFact('virtual-hardware', 'nics', 'Network adapters', nics.join('\n'), `${INFO} → Hardware.netN`));
  if (os) facts.push(vmFact('guest-os', 'os', 'Guest OS (configured type)', os, `${INFO} → OS`));
  return {
    id: bareUuid(id),
    name: toText(item.Name) ?? id,
    state: parallelsState(stateText),
    stateText,
    vcpus: toCount(cpu.cpus),
    memoryBytes: toBytes(memory.size),
    os,
    sources: { state: `${INFO} → State`, vcpus: `${INFO} → Hardware.cpu.cpus`, memory: `${INFO} → Hardware.memory.size`, os: `${INFO} → OS` },
    facts,
  };
}

function devices(hardware: Record<string, unknown>, key: RegExp, describe: (device: Record<string, unknown>) => (string | undefined)[]): string[] {
  return Object.entries(hardware)
    .filter(([name, device]) => key.test(name) && isRecord(device) && device.enabled !== false)
    .map(([name, device]) => `${name}: ${describe(device as Record<string, unknown>).filter(Boolean).join(', ')}`);
}

/** Parallels prints UUIDs in braces; the braces are not part of the identity. */
function bareUuid(id: string): string {
  return id.replace(/^\{|\}$/g, '').toLowerCase();
}

function readArray(output: string, command: string): { ok: true; values: unknown[] } | { ok: false; error: string } {
  const refused = tooLarge(output, command);
  if (refused && !refused.ok) return refused;
  if (!output.trim()) return { ok: true, values: [] };
  const json = parseJson(output);
  if (!json.ok) return { ok: false, error: `${command} printed no valid JSON: ${json.error}` };
  if (!Array.isArray(json.value)) return { ok: false, error: `${command} printed JSON that is not an array.` };
  return { ok: true, values: json.value };
}
