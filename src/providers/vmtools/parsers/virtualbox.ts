// VBoxManage: `list vms` / `list runningvms` ("name" {uuid} lines) and
// `showvminfo <uuid> --machinereadable` (key=value, keys and values optionally quoted).
import type { WorkloadState } from '../../provider';
import { formatBytes } from '../../../shared/units';
import { type ParsedVm, type ParseResult, type VmFact, parsed, parseFailure, tooLarge, vmFact } from '../parsedVm';
import { completeText, preview, textLines, toCount } from '../values';

const LIST = 'VBoxManage list vms';
const INFO = 'VBoxManage showvminfo --machinereadable';

/** The name is everything between the first and the last quote: VirtualBox does not escape it. */
const LIST_LINE = /^"(.*)" \{([0-9a-fA-F-]{36})\}$/;

export function parseVBoxList(output: string): ParseResult {
  const refused = tooLarge(output, 'VBoxManage list');
  if (refused) return refused;
  const lines = textLines(output);
  const vms: ParsedVm[] = [];
  for (const line of lines) {
    const match = LIST_LINE.exec(line.trim());
    if (!match) continue;
    vms.push({ id: match[2].toLowerCase(), name: match[1], state: 'unknown', stateText: 'unknown', sources: {}, facts: [] });
  }
  if (vms.length === 0 && lines.length > 0) return parseFailure(`VBoxManage list printed no "name" {uuid} line: ${preview(lines[0])}`);
  return parsed(vms);
}

/** `list vms` names every VM, `list runningvms` the ones with a live session (running or paused). */
export function markRunning(all: ParsedVm[], running: ParsedVm[]): ParsedVm[] {
  const live = new Set(running.map((vm) => vm.id));
  return all.map((vm) => ({
    ...vm,
    state: live.has(vm.id) ? 'running' : 'exited',
    stateText: live.has(vm.id) ? 'running' : 'not running',
    sources: { ...vm.sources, state: `${LIST} / VBoxManage list runningvms` },
  }));
}

export function parseVBoxShowVmInfo(output: string): ParseResult {
  const refused = tooLarge(output, 'VBoxManage showvminfo');
  if (refused) return refused;
  const values = readKeyValues(output);
  const id = values.get('UUID');
  const name = values.get('name');
  if (!id || name === undefined) return parseFailure('VBoxManage showvminfo printed no name and UUID (not --machinereadable output?).');
  const stateText = values.get('VMState') ?? 'unknown';
  const memoryMb = toCount(values.get('memory'));
  const vcpus = toCount(values.get('cpus'));
  const vm: ParsedVm = {
    id: id.toLowerCase(),
    name,
    state: vboxState(stateText),
    stateText,
    vcpus,
    memoryBytes: memoryMb !== undefined ? memoryMb * 1024 * 1024 : undefined,
    os: values.get('ostype'),
    sources: { state: `${INFO} → VMState`, vcpus: `${INFO} → cpus`, memory: `${INFO} → memory`, os: `${INFO} → ostype` },
    facts: [...hardwareFacts(values), ...guestFacts(values), ...hypervisorFacts(values)],
  };
  return parsed([vm]);
}

export function vboxState(text: string): WorkloadState {
  switch (text) {
    case 'running':
    case 'stopping':
    case 'saving':
    case 'livesnapshotting':
    case 'teleporting':
      return 'running';
    case 'paused':
      return 'paused';
    case 'poweroff':
    case 'saved':
    case 'teleported':
      return 'exited';
    case 'starting':
    case 'restoring':
    case 'resetting':
      return 'restarting';
    case 'aborted':
    case 'aborted-saved':
    case 'gurumeditation':
    case 'stuck':
      return 'dead';
    default:
      return 'unknown';
  }
}

function hardwareFacts(values: Map<string, string>): VmFact[] {
  const facts: VmFact[] = [];
  const add = (key: string, label: string, field: string, format: (value: string) => string = (value) => value) => {
    const value = values.get(field);
    if (value !== undefined && value !== '') facts.push(vmFact('virtual-hardware', key, label, format(value), `${INFO} → ${field}`));
  };
  add('chipset', 'Chipset', 'chipset');
  add('machine', 'Machine', 'chipset', (value) => `VirtualBox ${value}`);
  add('firmware', 'Firmware', 'firmware');
  add('video-memory', 'Video memory', 'vram', (value) => (toCount(value) !== undefined ? formatBytes(Number(value) * 1024 * 1024) : value));
  const disks = diskLines(values);
  if (disks.length > 0) facts.push(vmFact('virtual-hardware', 'disks', 'Disks', disks.join('\n'), `${INFO} → "<controller>-<port>-<device>"`));
  const nics = nicLines(values);
  if (nics.length > 0) facts.push(vmFact('virtual-hardware', 'nics', 'Network adapters', nics.join('\n'), `${INFO} → nicN, nictypeN, macaddressN`));
  return facts;
}

function guestFacts(values: Map<string, string>): VmFact[] {
  const facts: VmFact[] = [];
  const os = values.get('ostype');
  if (os) facts.push(vmFact('guest-os', 'os', 'Guest OS (configured type)', os, `${INFO} → ostype`));
  const additions = values.get('GuestAdditionsVersion');
  if (additions) facts.push(vmFact('guest-os', 'guest-additions', 'Guest Additions', additions, `${INFO} → GuestAdditionsVersion`));
  return facts;
}

function hypervisorFacts(values: Map<string, string>): VmFact[] {
  const provider = values.get('effparavirtprovider') ?? values.get('paravirtprovider');
  if (!provider) return [];
  const field = values.has('effparavirtprovider') ? 'effparavirtprovider' : 'paravirtprovider';
  return [vmFact('hypervisor', 'paravirt', 'Paravirtualization interface', provider, `${INFO} → ${field}`)];
}

/** `"SATA-0-0"="/path/disk.vdi"`: controller, port, device; empty slots say none/emptydrive. */
function diskLines(values: Map<string, string>): string[] {
  const disks: string[] = [];
  for (const [key, value] of values) {
    const slot = /^(.+)-(\d+)-(\d+)$/.exec(key);
    if (!slot || /ImageUUID|IsEjected|tempeject|nonrotational|discard|hot-pluggable/i.test(slot[1])) continue;
    if (value === 'none' || value === 'emptydrive' || value === '') continue;
    disks.push(`${value} (${slot[1]} port ${slot[2]} device ${slot[3]})`);
  }
  return disks;
}

function nicLines(values: Map<string, string>): string[] {
  const nics: string[] = [];
  for (let index = 1; index <= 36; index++) {
    const attachment = values.get(`nic${index}`);
    if (attachment === undefined || attachment === 'none') continue;
    const details = [values.get(`nictype${index}`), values.get(`macaddress${index}`)].filter(Boolean).join(', ');
    nics.push(`nic${index}: ${attachment}${details ? ` (${details})` : ''}`);
  }
  return nics;
}

/** key=value and "key"="value" lines; later duplicates win; lines without `=` are skipped. */
function readKeyValues(output: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of textLines(completeText(output))) {
    const match = /^("(?:[^"\\]|\\.)*"|[^=]+)=(.*)$/.exec(line);
    if (match) values.set(unquote(match[1]), unquote(match[2]));
  }
  return values;
}

function unquote(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) return trimmed.slice(1, -1).replace(/\\(["\\])/g, '$1');
  return trimmed;
}

