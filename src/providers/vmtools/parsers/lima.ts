// Lima and Colima print one JSON object per line: `limactl list --json` (name, status, vmType, arch,
// cpus, memory and disk in bytes...) and `colima list --json` (name, status, arch, cpus, memory,
// disk, runtime, address). Both share the reading; each names its own fields.
import type { WorkloadState } from '../../provider';
import { formatBytes } from '../../../shared/units';
import { type ParsedVm, type ParseResult, type VmFact, parsed, parseFailure, tooLarge, vmFact } from '../parsedVm';
import { isRecord, parseJsonLines, toBytes, toCount, toText } from '../values';

const LIMA = 'limactl list --json';
const COLIMA = 'colima list --json';

export function parseLimaList(output: string): ParseResult {
  return parseLines(output, LIMA, (item) => {
    const facts = commonFacts(item, LIMA);
    const vmType = toText(item.vmType);
    if (vmType) facts.push(vmFact('hypervisor', 'accelerator', 'VM type', limaVmType(vmType), `${LIMA} → vmType`));
    const limaVersion = toText(item.limaVersion);
    if (limaVersion) facts.push(vmFact('hypervisor', 'lima-version', 'Lima version', limaVersion, `${LIMA} → limaVersion`));
    return facts;
  });
}

export function parseColimaList(output: string): ParseResult {
  return parseLines(output, COLIMA, (item) => {
    const facts = commonFacts(item, COLIMA);
    const runtime = toText(item.runtime);
    if (runtime) facts.push(vmFact('guest-os', 'runtime', 'Container runtime', runtime, `${COLIMA} → runtime`));
    const address = toText(item.address);
    if (address) facts.push(vmFact('virtual-hardware', 'address', 'Address', address, `${COLIMA} → address`));
    return facts;
  });
}

export function limaState(text: string): WorkloadState {
  switch (text.toLowerCase()) {
    case 'running':
      return 'running';
    case 'stopped':
      return 'exited';
    case 'broken':
      return 'dead';
    default:
      return 'unknown';
  }
}

function limaVmType(vmType: string): string {
  switch (vmType) {
    case 'vz':
      return 'vz (Apple Virtualization.framework)';
    case 'qemu':
      return 'qemu (HVF on macOS, KVM on Linux, else TCG)';
    case 'wsl2':
      return 'wsl2 (a WSL 2 distribution on Hyper-V)';
    case 'krunkit':
      return 'krunkit (libkrun on Apple Hypervisor.framework)';
    default:
      return vmType;
  }
}

function parseLines(output: string, command: string, describe: (item: Record<string, unknown>) => VmFact[]): ParseResult {
  const refused = tooLarge(output, command);
  if (refused) return refused;
  const { values, badLines } = parseJsonLines(output);
  // Some versions print one JSON array instead of lines.
  const items = values.length === 1 && Array.isArray(values[0]) ? (values[0] as unknown[]) : values;
  const vms: ParsedVm[] = [];
  for (const item of items) {
    const name = isRecord(item) ? toText(item.name) : undefined;
    if (!isRecord(item) || !name) continue;
    const stateText = toText(item.status) ?? 'unknown';
    vms.push({
      id: name,
      name,
      state: limaState(stateText),
      stateText,
      vcpus: toCount(item.cpus),
      memoryBytes: toBytes(item.memory),
      sources: { state: `${command} → status`, vcpus: `${command} → cpus`, memory: `${command} → memory` },
      facts: describe(item),
    });
  }
  if (vms.length === 0 && (badLines > 0 || items.length > 0)) return parseFailure(`${command} printed no JSON line with a name (${badLines} line(s) were not JSON).`);
  return parsed(vms);
}

function commonFacts(item: Record<string, unknown>, command: string): VmFact[] {
  const facts: VmFact[] = [];
  const arch = toText(item.arch);
  if (arch) facts.push(vmFact('virtual-hardware', 'architecture', 'Architecture', arch, `${command} → arch`));
  const disk = toBytes(item.disk);
  if (disk !== undefined) facts.push(vmFact('virtual-hardware', 'disks', 'Disk', formatBytes(disk), `${command} → disk`));
  return facts;
}
