// CPU clues: the `hypervisor` flag (CPUID leaf 1, ECX bit 31, set by every mainstream hypervisor),
// the brand string some hypervisors replace, and the clock source a paravirtual guest picks.
import { bareMetal, type Clue, clue, cleanValue, hypervisor, infoOnly, someVm, type Target } from './evidence';
import type { HostFiles } from './hostFiles';

const CPUINFO = '/proc/cpuinfo';
const CLOCKSOURCES = '/sys/devices/system/clocksource/clocksource0/available_clocksource';

/** The first value of a `key : value` line of /proc/cpuinfo. */
export function cpuinfoField(cpuinfo: string, key: string): string | undefined {
  const pattern = new RegExp(`^${key}\\s*:\\s*(.*)$`, 'm');
  const match = pattern.exec(cpuinfo);
  return match ? match[1].trim() : undefined;
}

/** Brand strings that name a virtual CPU rather than a physical one. */
const VIRTUAL_CPU_MODELS: { pattern: RegExp; clue: (model: string) => Clue }[] = [
  { pattern: /^QEMU Virtual CPU/i, clue: (model) => clue('CPU model', model, CPUINFO, hypervisor('QEMU/KVM'), 2) },
  { pattern: /^Common KVM processor/i, clue: (model) => clue('CPU model', model, CPUINFO, hypervisor('KVM'), 2) },
  // Firecracker's default brand strings: the bare family name, without a model number.
  { pattern: /^(AMD EPYC|Intel\(R\) Xeon\(R\) Processor( @ [\d.]+GHz)?)$/, clue: (model) => clue('CPU model', model, CPUINFO, hypervisor('Firecracker'), 1) },
];

export function cpuinfoEvidence(cpuinfo: string | undefined): Clue[] {
  if (cpuinfo === undefined || cpuinfo.trim() === '') return [];
  const clues: Clue[] = [];
  const flags = cpuinfoField(cpuinfo, 'flags');
  // Arm's cpuinfo has no `flags` line: there, a missing flag says nothing.
  if (flags !== undefined) {
    const hasFlag = flags.split(/\s+/).includes('hypervisor');
    clues.push(
      hasFlag
        ? clue('CPU flag', 'hypervisor', CPUINFO, someVm, 2)
        : clue('CPU flag', 'no hypervisor flag', CPUINFO, bareMetal, 2),
    );
  }
  const vendor = cpuinfoField(cpuinfo, 'vendor_id');
  if (vendor) clues.push(clue('CPU vendor', cleanValue(vendor), CPUINFO, infoOnly, 0));
  const model = cpuinfoField(cpuinfo, 'model name');
  if (model) {
    const virtual = VIRTUAL_CPU_MODELS.find((entry) => entry.pattern.test(model));
    clues.push(virtual ? virtual.clue(cleanValue(model)) : clue('CPU model', cleanValue(model), CPUINFO, infoOnly, 0));
  }
  return clues;
}

/** Paravirtual clocks exist only where the matching hypervisor offers them. */
const CLOCK_HYPERVISORS = new Map<string, Target>([
  ['kvm-clock', hypervisor('KVM')],
  ['hyperv_clocksource_tsc_page', hypervisor('Hyper-V')],
  ['hyperv_clocksource_msr', hypervisor('Hyper-V')],
  ['xen', hypervisor('Xen')],
]);

export function clocksourceEvidence(available: string | undefined): Clue[] {
  if (available === undefined) return [];
  const clues: Clue[] = [];
  for (const name of new Set(available.split(/\s+/))) {
    const target = CLOCK_HYPERVISORS.get(name);
    if (target) clues.push(clue('Clock source', name, CLOCKSOURCES, target, 2));
  }
  return clues;
}

export function collectCpuEvidence(files: HostFiles): Clue[] {
  return [...cpuinfoEvidence(files.readText(CPUINFO)), ...clocksourceEvidence(files.readText(CLOCKSOURCES))];
}
