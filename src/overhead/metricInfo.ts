// How each row of the overhead table is named, and what published measurements said about it.
// The reference figures are from one study on 2014 hardware: context for a reader, never a target.
import type { OverheadRowId } from '../shared/overhead';

export const REFERENCE_SOURCE =
  'Felter, Ferreira, Rajamony, Rubio: "An Updated Performance Comparison of Virtual Machines and Linux Containers", IBM Research RC25482 (2014) and ISPASS 2015; Docker and KVM on a 2014 dual-socket server.';

export interface RowInfo {
  label: string;
  /** A few words for the diagram annotation. */
  short: string;
  reference?: string;
}

export const ROW_INFO: Record<OverheadRowId, RowInfo> = {
  'cpu.int.one': { label: 'CPU, integer checksum, one core', short: 'CPU int', reference: 'Docker about equal to native on CPU-bound work' },
  'cpu.float.one': { label: 'CPU, floating point, one core', short: 'CPU float', reference: 'Docker about native; untuned KVM lost about half of Linpack' },
  'cpu.int.all': { label: 'CPU, integer checksum, all cores', short: 'CPU int, all', reference: 'Docker about equal to native on CPU-bound work' },
  'cpu.float.all': { label: 'CPU, floating point, all cores', short: 'CPU float, all', reference: 'Docker about native; untuned KVM lost about half of Linpack' },
  'mem.bandwidth': { label: 'Memory bandwidth (memcpy)', short: 'memcpy', reference: 'Docker about equal to native on memory' },
  'mem.latency': { label: 'Memory latency (dependent random reads)', short: 'mem latency', reference: 'Docker about equal to native on memory' },
  'sys.syscall': { label: 'System call (getppid)', short: 'syscall' },
  'sys.clock': { label: 'Clock read (CLOCK_MONOTONIC)', short: 'clock' },
  'proc.spawn': { label: 'Process creation (fork, exec, wait)', short: 'spawn' },
  'fs.fsync': { label: '4 KiB random write + fsync', short: 'fsync', reference: 'Docker about native; KVM about half the native 4 KiB random I/O rate (about 2x the cost)' },
  'fs.read': { label: 'Sequential file read', short: 'file read', reference: 'Docker about equal to native on disk' },
  'net.loopback': { label: 'TCP round trip on loopback, inside the workload', short: 'TCP loopback', reference: 'KVM about 80 % more network round-trip time than native (netperf TCP_RR)' },
  'net.fromHost': { label: 'TCP round trip from this machine into the workload', short: 'TCP from host', reference: 'KVM about 80 % more network round-trip time than native (netperf TCP_RR)' },
  provisioning: { label: 'Provisioning: start a fresh one to ready', short: 'provisioning' },
};
