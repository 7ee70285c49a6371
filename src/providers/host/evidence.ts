// The vocabulary of host detection: one clue per observed signal, what it points to and how much
// it weighs. No single clue decides: the classifier adds them up (see classify.ts).

/** Hypervisors the detection can name. A child (Firecracker) refines its family (KVM). */
export const HYPERVISOR_FAMILY = {
  KVM: undefined,
  'QEMU/KVM': 'KVM',
  Firecracker: 'KVM',
  'AWS EC2 (Nitro)': 'KVM',
  'Google Compute Engine': 'KVM',
  'Hyper-V': undefined,
  'WSL2 (Hyper-V)': 'Hyper-V',
  Azure: 'Hyper-V',
  VMware: undefined,
  VirtualBox: undefined,
  Xen: undefined,
  bhyve: undefined,
  Parallels: undefined,
  'Apple Virtualization': undefined,
} as const satisfies Record<string, string | undefined>;

export type HypervisorName = keyof typeof HYPERVISOR_FAMILY;

export type ContainerName = 'Docker' | 'Podman' | 'Kubernetes' | 'containerd' | 'LXC' | 'systemd-nspawn' | 'a container';

/** What a clue argues for. `info` clues are shown as evidence but weigh nothing. */
export type Target =
  | { kind: 'hypervisor'; name: HypervisorName }
  | { kind: 'vm' }
  | { kind: 'bare-metal' }
  | { kind: 'container'; name: ContainerName }
  | { kind: 'not-container' }
  | { kind: 'info' };

/** One observed signal, as the diagram shows it. */
export interface Evidence {
  /** What was looked at, e.g. "CPU flag", "ACPI OEM ID". */
  signal: string;
  /** What was seen. */
  value: string;
  /** The file (or variable) it was read from. */
  source: string;
  /** What it argues for, in words: "Firecracker", "a VM", "not a container". */
  pointsTo: string;
  /** 0 = shown only; 1 weak, 2 moderate, 3 strong. */
  weight: number;
}

export interface Clue extends Evidence {
  target: Target;
}

/** Signal families: the classifier's confidence grows with agreeing families, not repeated files. */
export type SignalFamily = 'cpu' | 'dmi' | 'firmware' | 'devices' | 'kernel' | 'container';

export interface FamilyClue extends Clue {
  family: SignalFamily;
}

export function describeTarget(target: Target): string {
  switch (target.kind) {
    case 'hypervisor':
      return target.name;
    case 'vm':
      return 'a VM';
    case 'bare-metal':
      return 'bare metal';
    case 'container':
      return target.name === 'a container' ? 'a container' : `a ${target.name} container`;
    case 'not-container':
      return 'not a container';
    case 'info':
      return 'nothing by itself';
  }
}

export function clue(signal: string, value: string, source: string, target: Target, weight: number): Clue {
  return { signal, value, source, target, pointsTo: describeTarget(target), weight };
}

export const hypervisor = (name: HypervisorName): Target => ({ kind: 'hypervisor', name });
export const someVm: Target = { kind: 'vm' };
export const bareMetal: Target = { kind: 'bare-metal' };
export const container = (name: ContainerName): Target => ({ kind: 'container', name });
export const notContainer: Target = { kind: 'not-container' };
export const infoOnly: Target = { kind: 'info' };

/** Values read from files are untrusted: one line, printable, short enough for a diagram. */
export function cleanValue(raw: string, max = 120): string {
  const oneLine = raw.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** A short value that must be text (a vendor name, a process name): undefined when it is binary noise. */
export function textValue(raw: string | undefined, max = 120): string | undefined {
  if (raw === undefined || /[\ufffd\u0000-\u0008\u000e-\u001f\u007f]/.test(raw)) return undefined;
  return cleanValue(raw, max) || undefined;
}
