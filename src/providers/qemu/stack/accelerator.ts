// Which accelerator a running QEMU really uses: QMP query-kvm says whether KVM is on; otherwise the
// command line's request (QEMU falls back along `-accel kvm -accel tcg` when KVM cannot open).
import type { Accelerator, QemuCommandLine } from '../commandLine';
import { requestedAccelerator } from '../summary';
import { source } from './facts';

const DESCRIPTIONS: Record<Accelerator, string> = {
  KVM: 'KVM (hardware virtualization)',
  TCG: 'TCG (software emulation)',
  HVF: 'HVF (macOS Hypervisor.framework)',
  WHPX: 'WHPX (Windows Hypervisor Platform)',
  Xen: 'Xen',
  NVMM: 'NVMM (NetBSD Virtual Machine Monitor)',
  unknown: 'unknown',
};

export interface ResolvedAccelerator {
  accelerator: Accelerator;
  description: string;
  source: string;
}

function fromCommandLine(commandLine: QemuCommandLine, skipKvm: boolean): { accelerator: Accelerator; source: string } {
  const requested = commandLine.accelerators.filter((accelerator) => !skipKvm || accelerator !== 'KVM');
  if (requested.length > 0) return { accelerator: requested[0], source: source.argv(commandLine.acceleratorOption ?? '-accel') };
  if (commandLine.accelerators.length > 0) return { accelerator: 'TCG', source: source.argv(commandLine.acceleratorOption ?? '-accel') };
  return { accelerator: skipKvm ? 'TCG' : requestedAccelerator(commandLine), source: source.argv('no -accel: QEMU’s default') };
}

export function resolveAccelerator(commandLine: QemuCommandLine, kvm: { enabled: boolean } | undefined): ResolvedAccelerator {
  let chosen: { accelerator: Accelerator; source: string };
  if (kvm?.enabled) chosen = { accelerator: 'KVM', source: source.qmp('query-kvm', 'enabled: true') };
  else if (kvm) chosen = { ...fromCommandLine(commandLine, true), source: `${source.qmp('query-kvm', 'enabled: false')}; ${fromCommandLine(commandLine, true).source}` };
  else chosen = fromCommandLine(commandLine, false);
  return { ...chosen, description: DESCRIPTIONS[chosen.accelerator] };
}
