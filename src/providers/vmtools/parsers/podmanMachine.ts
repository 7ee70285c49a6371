// Podman machine: `podman machine list --format json`, an array of {Name, Default, Running, Starting,
// LastUp, VMType, CPUs, Memory, DiskSize...}; Memory and DiskSize are byte counts printed as strings
// by some versions and as numbers by others.
import { formatBytes } from '../../../shared/units';
import { type ParsedVm, type ParseResult, type VmFact, parsed, parseFailure, tooLarge, vmFact } from '../parsedVm';
import { isRecord, parseJson, toBytes, toCount, toText } from '../values';

const LIST = 'podman machine list --format json';

export function parsePodmanMachineList(output: string): ParseResult {
  const refused = tooLarge(output, LIST);
  if (refused) return refused;
  if (!output.trim()) return parsed([]);
  const json = parseJson(output);
  if (!json.ok) return parseFailure(`podman machine list printed no valid JSON: ${json.error}`);
  if (!Array.isArray(json.value)) return parseFailure('podman machine list printed JSON that is not an array.');
  const vms: ParsedVm[] = [];
  for (const item of json.value) {
    const name = isRecord(item) ? toText(item.Name) : undefined;
    if (isRecord(item) && name) vms.push(toParsedVm(item, name));
  }
  return parsed(vms);
}

function toParsedVm(item: Record<string, unknown>, name: string): ParsedVm {
  const running = item.Running === true;
  const starting = item.Starting === true;
  const stateText = running ? 'running' : starting ? 'starting' : 'stopped';
  const facts: VmFact[] = [];
  const vmType = toText(item.VMType);
  if (vmType) facts.push(vmFact('hypervisor', 'accelerator', 'VM type', vmType, `${LIST} → VMType`));
  const disk = toBytes(item.DiskSize);
  if (disk !== undefined) facts.push(vmFact('virtual-hardware', 'disks', 'Disk', formatBytes(disk), `${LIST} → DiskSize`));
  facts.push(vmFact('hypervisor', 'default', 'Default machine', item.Default === true ? 'yes' : 'no', `${LIST} → Default`));
  const lastUp = toText(item.LastUp);
  if (lastUp) facts.push(vmFact('hypervisor', 'last-up', 'Last up', lastUp, `${LIST} → LastUp`));
  return {
    id: name,
    name,
    state: running ? 'running' : starting ? 'restarting' : 'exited',
    stateText,
    vcpus: toCount(item.CPUs),
    memoryBytes: toBytes(item.Memory),
    sources: { state: `${LIST} → Running, Starting`, vcpus: `${LIST} → CPUs`, memory: `${LIST} → Memory` },
    facts,
  };
}
