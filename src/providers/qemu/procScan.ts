// Finds QEMU processes by reading /proc: the executable (not `comm`, which `-name x,process=y`
// renames), the argv and the working directory. Processes that vanish mid-read are skipped.
import * as fs from 'fs';
import * as path from 'path';
import { parseCmdline, parseProcStat, type ProcStat } from './procStat';

export interface QemuProcess {
  pid: number;
  /** `pid:<pid>:<start ticks>`: stable for the process's life and never reused by another. */
  id: string;
  executable: string;
  argv: string[];
  cwd?: string;
  stat: ProcStat;
}

/** Enough for any real command line (libvirt's are a few KiB); a larger one is read up to this. */
const CMDLINE_CAP = 256 * 1024;

export function isQemuExecutable(executable: string): boolean {
  return /^qemu-system-[\w.-]+$/.test(path.basename(executable.replace(/ \(deleted\)$/, '')));
}

export function processId(pid: number, stat: ProcStat): string {
  return `pid:${pid}:${stat.startTicks}`;
}

function readCapped(file: string, cap: number): string | undefined {
  let handle: number | undefined;
  try {
    handle = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(cap);
    const bytesRead = fs.readSync(handle, buffer, 0, cap, null);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } catch {
    return undefined;
  } finally {
    if (handle !== undefined) fs.closeSync(handle);
  }
}

function readLink(file: string): string | undefined {
  try {
    return fs.readlinkSync(file);
  } catch {
    return undefined;
  }
}

/** The QEMU process with this pid, or undefined when it is not one (or is gone). */
export function readQemuProcess(pid: number, procRoot = '/proc'): QemuProcess | undefined {
  const dir = path.join(procRoot, String(pid));
  const executable = readLink(path.join(dir, 'exe'));
  if (!executable || !isQemuExecutable(executable)) return undefined;
  const stat = parseProcStat(readCapped(path.join(dir, 'stat'), 4096) ?? '');
  const cmdline = readCapped(path.join(dir, 'cmdline'), CMDLINE_CAP);
  if (!stat || cmdline === undefined) return undefined;
  return { pid, id: processId(pid, stat), executable: executable.replace(/ \(deleted\)$/, ''), argv: parseCmdline(cmdline), cwd: readLink(path.join(dir, 'cwd')), stat };
}

/** Every QEMU process readable under `procRoot` (another user's may hide its exe link: skipped). */
export function scanQemuProcesses(procRoot = '/proc'): QemuProcess[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(procRoot);
  } catch {
    return [];
  }
  return entries
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readQemuProcess(Number(entry), procRoot))
    .filter((found): found is QemuProcess => found !== undefined);
}

/** `pid:<pid>:<start ticks>` → the pid and start ticks, or undefined for another shape. */
export function parseProcessId(id: string): { pid: number; startTicks: number } | undefined {
  const match = /^pid:(\d+):(\d+)$/.exec(id);
  const [pid, startTicks] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  // 400 digits are Infinity, not a pid.
  return Number.isSafeInteger(pid) && Number.isSafeInteger(startTicks) ? { pid, startTicks } : undefined;
}
