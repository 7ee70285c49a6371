// What every VM tool parser returns: the tool's words mapped onto our states, sizes in our units,
// and each fact naming the command and field it was read from. Parsers are pure and never throw.
import type { WorkloadState } from '../provider';

/** The bands a tool's own metadata can fill; hardware and host-os come from this machine. */
export type VmFactBand = 'hypervisor' | 'virtual-hardware' | 'guest-os';

export interface VmFact {
  key: string;
  label: string;
  value: string;
  /** The command (or file) and field, e.g. `VBoxManage showvminfo → cpus`. */
  source: string;
  band: VmFactBand;
}

/** Where the summary values came from, so the diagram can name it next to each. */
export type CoreField = 'state' | 'vcpus' | 'memory' | 'os';

export interface ParsedVm {
  /** Stable across refreshes: the tool's UUID, or the name where the tool has nothing else. */
  id: string;
  name: string;
  state: WorkloadState;
  /** The tool's own state words. */
  stateText: string;
  vcpus?: number;
  memoryBytes?: number;
  /** Guest OS as the tool names it (ostype, release...). */
  os?: string;
  sources: Partial<Record<CoreField, string>>;
  /** Everything else the tool said that belongs in a band (disks, NICs, firmware...). */
  facts: VmFact[];
}

export type ParseResult = { ok: true; vms: ParsedVm[] } | { ok: false; error: string };

/** Tools print kilobytes; anything past this is not a VM list but a tool gone wrong. */
export const MAX_INPUT_CHARS = 4 * 1024 * 1024;
/** A bound on rows kept, so a runaway list cannot flood the tree. */
export const MAX_VMS = 1000;

export function parseFailure(error: string): ParseResult {
  return { ok: false, error };
}

export function parsed(vms: ParsedVm[]): ParseResult {
  return { ok: true, vms: vms.slice(0, MAX_VMS) };
}

/** The common refusal for input no parser should walk through. */
export function tooLarge(text: string, what: string): ParseResult | undefined {
  return text.length > MAX_INPUT_CHARS ? parseFailure(`${what} printed ${text.length} characters, more than the ${MAX_INPUT_CHARS} accepted.`) : undefined;
}

export function vmFact(band: VmFactBand, key: string, label: string, value: string, source: string): VmFact {
  return { key, label, value, source, band };
}

/** Details (showvminfo, a .vmx, info) complete what the list said; the list's identity stays. */
export function mergeDetails(listed: ParsedVm, details: ParsedVm): ParsedVm {
  return {
    id: listed.id,
    name: listed.name || details.name,
    state: details.state !== 'unknown' ? details.state : listed.state,
    stateText: details.state !== 'unknown' ? details.stateText : listed.stateText,
    vcpus: details.vcpus ?? listed.vcpus,
    memoryBytes: details.memoryBytes ?? listed.memoryBytes,
    os: details.os ?? listed.os,
    sources: { ...listed.sources, ...definedSources(details) },
    facts: [...listed.facts.filter((fact) => !details.facts.some((other) => other.key === fact.key)), ...details.facts],
  };
}

function definedSources(vm: ParsedVm): ParsedVm['sources'] {
  const result: ParsedVm['sources'] = {};
  if (vm.state !== 'unknown' && vm.sources.state) result.state = vm.sources.state;
  if (vm.vcpus !== undefined && vm.sources.vcpus) result.vcpus = vm.sources.vcpus;
  if (vm.memoryBytes !== undefined && vm.sources.memory) result.memory = vm.sources.memory;
  if (vm.os !== undefined && vm.sources.os) result.os = vm.sources.os;
  return result;
}
