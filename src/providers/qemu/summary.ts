// A tree row for a QEMU process: name, accelerator, state and sizes, all from argv and /proc
// (plus the QMP run state when the refresh could read it).
import type { WorkloadSummary } from '../provider';
import type { Accelerator, QemuCommandLine } from './commandLine';
import type { QemuProcess } from './procScan';
import type { GuestState } from './runState';

/** The accelerator a command line asks for first; QEMU's default is TCG (KVM for binaries named *kvm). */
export function requestedAccelerator(commandLine: QemuCommandLine): Accelerator {
  if (commandLine.accelerators.length > 0) return commandLine.accelerators[0];
  return /kvm$/.test(commandLine.executable) ? 'KVM' : 'TCG';
}

export function toQemuSummary(
  providerId: string,
  process: QemuProcess,
  commandLine: QemuCommandLine,
  state: GuestState,
  bootTimeSeconds: number | undefined,
): WorkloadSummary {
  const accelerator = requestedAccelerator(commandLine);
  return {
    ref: { kind: 'vm', providerId, id: process.id },
    name: commandLine.name ?? `qemu (pid ${process.pid})`,
    image: accelerator === 'KVM' ? 'QEMU/KVM guest' : `QEMU guest (${accelerator})`,
    state: state.state,
    status: state.status,
    ports: [],
    // Ticks are USER_HZ, 100 on every Linux architecture this runs on.
    created: bootTimeSeconds === undefined ? 0 : Math.floor(bootTimeSeconds + process.stat.startTicks / 100),
    resources: { vcpus: commandLine.vcpus, memoryBytes: commandLine.memoryBytes },
  };
}

/** `btime` of /proc/stat: when the machine booted, in unix seconds. */
export function parseBootTime(procStat: string): number | undefined {
  const match = /^btime\s+(\d+)/m.exec(procStat);
  const seconds = match ? Number(match[1]) : NaN;
  return Number.isFinite(seconds) ? seconds : undefined; // 400 digits are Infinity
}
