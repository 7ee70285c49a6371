// The machine a benchmark ran on.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export function describeMachine() {
  const cpuModel = os.cpus()[0]?.model ?? 'unknown';
  let osName = os.type();
  try {
    osName = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? osName;
  } catch {
    // not Linux: the platform name will do
  }
  return {
    nproc: os.availableParallelism(),
    cpuModel,
    memoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    kernel: `${os.type()} ${os.release()}`,
    os: osName,
    node: process.version,
    date: new Date().toISOString(),
  };
}
