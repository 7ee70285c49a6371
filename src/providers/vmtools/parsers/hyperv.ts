// Hyper-V: `Get-VM | Select-Object ... | ConvertTo-Json -Compress`. One VM gives an object, several an
// array, none gives nothing; State is a string with -EnumsAsStrings (PowerShell 7) or the enum's
// number (Windows PowerShell 5.1); Uptime is a TimeSpan object or its string form.
import type { WorkloadState } from '../../provider';
import { type ParsedVm, type ParseResult, type VmFact, parsed, parseFailure, tooLarge, vmFact } from '../parsedVm';
import { isRecord, parseJson, toCount, toText } from '../values';

const GET_VM = 'Get-VM | ConvertTo-Json';

/** Microsoft.HyperV.PowerShell.VMState values, as ConvertTo-Json prints them without -EnumsAsStrings. */
const STATE_NAMES: Record<number, string> = {
  1: 'Other', 2: 'Running', 3: 'Off', 4: 'Stopping', 6: 'Saved', 9: 'Paused', 10: 'Starting', 11: 'Reset',
  32773: 'Saving', 32776: 'Pausing', 32777: 'Resuming', 32779: 'FastSaved', 32780: 'FastSaving',
  32781: 'ForceShutdown', 32782: 'ForceReboot', 32783: 'RunningCritical', 32784: 'OffCritical',
  32785: 'StoppingCritical', 32786: 'SavedCritical', 32787: 'PausedCritical', 32788: 'StartingCritical',
  32789: 'ResetCritical', 32790: 'SavingCritical', 32791: 'PausingCritical', 32792: 'ResumingCritical',
};

export function parseHyperVList(output: string): ParseResult {
  const refused = tooLarge(output, GET_VM);
  if (refused) return refused;
  const text = output.replace(/^\uFEFF/, '').trim();
  if (!text) return parsed([]);
  const json = parseJson(text);
  if (!json.ok) return parseFailure(`Get-VM printed no valid JSON: ${json.error}`);
  const items = Array.isArray(json.value) ? json.value : [json.value];
  const vms: ParsedVm[] = [];
  for (const item of items) {
    const vm = isRecord(item) ? toParsedVm(item) : undefined;
    if (vm) vms.push(vm);
  }
  if (vms.length === 0 && items.length > 0) return parseFailure('Get-VM printed JSON without Name and Id fields.');
  return parsed(vms);
}

export function hyperVStateName(state: unknown): string {
  if (typeof state === 'string') return state;
  if (typeof state === 'number') return STATE_NAMES[state] ?? `state ${state}`;
  return 'unknown';
}

export function hyperVState(name: string): WorkloadState {
  if (/Critical$/.test(name)) return 'dead';
  switch (name) {
    case 'Running':
    case 'Stopping':
    case 'Saving':
    case 'Pausing':
    case 'FastSaving':
    case 'ForceShutdown':
      return 'running';
    case 'Paused':
      return 'paused';
    case 'Off':
    case 'Saved':
    case 'FastSaved':
      return 'exited';
    case 'Starting':
    case 'Resuming':
    case 'Reset':
    case 'ForceReboot':
      return 'restarting';
    default:
      return 'unknown';
  }
}

function toParsedVm(item: Record<string, unknown>): ParsedVm | undefined {
  const name = toText(item.Name);
  const id = toText(item.Id) ?? toText(item.VMId);
  if (!name || !id) return undefined;
  const stateText = hyperVStateName(item.State);
  const assigned = toCount(item.MemoryAssigned);
  const startup = toCount(item.MemoryStartup);
  // A VM that is off has 0 bytes assigned: show what it starts with instead.
  const memoryBytes = assigned ? assigned : startup;
  return {
    id: id.toLowerCase(),
    name,
    state: hyperVState(stateText),
    stateText,
    vcpus: toCount(item.ProcessorCount),
    memoryBytes,
    sources: {
      state: `${GET_VM} → State`,
      vcpus: `${GET_VM} → ProcessorCount`,
      memory: `${GET_VM} → ${assigned ? 'MemoryAssigned' : 'MemoryStartup'}`,
    },
    facts: facts(item),
  };
}

function facts(item: Record<string, unknown>): VmFact[] {
  const result: VmFact[] = [];
  const generation = toText(item.Generation);
  if (generation) {
    result.push(vmFact('virtual-hardware', 'machine', 'Generation', `Generation ${generation}`, `${GET_VM} → Generation`));
    result.push(vmFact('virtual-hardware', 'firmware', 'Firmware', generation === '2' ? 'UEFI (generation 2)' : 'BIOS (generation 1)', `${GET_VM} → Generation`));
  }
  const version = toText(item.Version);
  if (version) result.push(vmFact('hypervisor', 'config-version', 'Configuration version', version, `${GET_VM} → Version`));
  const uptime = uptimeText(item.Uptime);
  if (uptime) result.push(vmFact('hypervisor', 'uptime', 'Uptime', uptime, `${GET_VM} → Uptime`));
  return result;
}

/** A TimeSpan serialises as { Days, Hours, Minutes, Seconds, ... }, or as "d.hh:mm:ss" text. */
function uptimeText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (!isRecord(value)) return undefined;
  const [days, hours, minutes, seconds] = ['Days', 'Hours', 'Minutes', 'Seconds'].map((key) => toCount(value[key]) ?? 0);
  if (toCount(value.Ticks) === 0) return undefined;
  return `${days ? `${days}d ` : ''}${hours}h ${minutes}m ${seconds}s`;
}
