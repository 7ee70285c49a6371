// The two bands under every local VM: this machine's hardware and operating system, read from
// /proc, /etc/os-release and Node's os module. Small local readers; nothing here runs a process.
import * as fs from 'fs';
import * as os from 'os';
import type { Layer } from '../../shared/model';
import { formatBytes } from '../../shared/units';

export async function hostHardwareLayer(): Promise<Layer> {
  const cpus = os.cpus();
  const cpuModel = (await cpuModelFromProc()) ?? cpus[0]?.model?.trim();
  return {
    kind: 'hardware',
    title: 'Hardware (this machine)',
    facts: [
      { key: 'cpus', label: 'CPUs', value: cpus.length > 0 ? String(cpus.length) : 'unknown', source: 'os.cpus()' },
      { key: 'cpu-model', label: 'CPU model', value: cpuModel || 'unknown', source: process.platform === 'linux' ? '/proc/cpuinfo → model name' : 'os.cpus() → model' },
      { key: 'memory', label: 'Memory', value: formatBytes(os.totalmem()), source: 'os.totalmem()' },
      { key: 'architecture', label: 'Architecture', value: os.arch(), source: 'os.arch()' },
    ],
  };
}

export async function hostOsLayer(): Promise<Layer> {
  const prettyName = await osReleaseName();
  return {
    kind: 'host-os',
    title: 'Host OS',
    facts: [
      { key: 'os', label: 'Operating system', value: prettyName ?? `${os.type()} ${os.release()}`, source: prettyName ? '/etc/os-release → PRETTY_NAME' : 'os.type(), os.release()' },
      { key: 'kernel', label: 'Kernel', value: `${os.type()} ${os.release()}`, source: 'os.type(), os.release()' },
      { key: 'platform', label: 'Platform', value: process.platform, source: 'process.platform' },
    ],
  };
}

async function cpuModelFromProc(): Promise<string | undefined> {
  const text = await readSmallFile('/proc/cpuinfo');
  return text ? /^model name\s*:\s*(.+)$/m.exec(text)?.[1]?.trim() : undefined;
}

async function osReleaseName(): Promise<string | undefined> {
  const text = (await readSmallFile('/etc/os-release')) ?? (await readSmallFile('/usr/lib/os-release'));
  const match = text ? /^PRETTY_NAME=(?:"([^"]*)"|(.*))$/m.exec(text) : undefined;
  return match ? (match[1] ?? match[2])?.trim() || undefined : undefined;
}

async function readSmallFile(file: string): Promise<string | undefined> {
  try {
    const handle = await fs.promises.open(file, 'r');
    try {
      const buffer = Buffer.alloc(256 * 1024);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}
