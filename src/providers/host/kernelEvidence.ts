// Kernel clues: what the VMM wrote on the kernel command line, the kernel's own build string
// (WSL2 kernels say "microsoft-standard-WSL2"), and WSL's interop hooks and variables.
import { type Clue, clue, cleanValue, hypervisor, someVm } from './evidence';
import type { HostSources } from './hostFiles';

const CMDLINE = '/proc/cmdline';
const VERSION = '/proc/version';
const WSL_INTEROP = ['/proc/sys/fs/binfmt_misc/WSLInterop', '/proc/sys/fs/binfmt_misc/WSLInterop-late'];

export function cmdlineEvidence(cmdline: string | undefined): Clue[] {
  if (cmdline === undefined) return [];
  const tokens = cmdline.trim().split(/\s+/);
  const clues: Clue[] = [];
  const firecracker = tokens.find((token) => /firecracker/i.test(token));
  if (firecracker) clues.push(clue('Kernel command line', cleanValue(firecracker), CMDLINE, hypervisor('Firecracker'), 2));
  // Micro-VMs (Firecracker, QEMU microvm) announce their virtio-mmio devices on the command line.
  const mmio = tokens.filter((token) => token.startsWith('virtio_mmio.device='));
  if (mmio.length > 0) clues.push(clue('Kernel command line', `${mmio.length} × virtio_mmio.device=`, CMDLINE, someVm, 1));
  return clues;
}

export function kernelVersionEvidence(version: string | undefined): Clue[] {
  if (version === undefined || !/microsoft/i.test(version)) return [];
  const release = /^Linux version (\S+)/.exec(version.trim());
  return [clue('Kernel build', cleanValue(release ? release[1] : version), VERSION, hypervisor('WSL2 (Hyper-V)'), 3)];
}

export function collectKernelEvidence(sources: HostSources): Clue[] {
  const { files, env } = sources;
  const clues = [...cmdlineEvidence(files.readText(CMDLINE)), ...kernelVersionEvidence(files.readText(VERSION))];
  const interop = WSL_INTEROP.find((file) => files.exists(file));
  if (interop) clues.push(clue('WSL interop', 'registered', interop, hypervisor('WSL2 (Hyper-V)'), 2));
  const distro = env('WSL_DISTRO_NAME');
  if (distro) clues.push(clue('Environment', `WSL_DISTRO_NAME=${cleanValue(distro)}`, 'process environment', hypervisor('WSL2 (Hyper-V)'), 1));
  if (files.exists('/proc/xen')) clues.push(clue('Xen interface', 'present', '/proc/xen', hypervisor('Xen'), 2));
  return clues;
}
