// Relative paths on a command line mean relative to QEMU's working directory (/proc/PID/cwd).
import * as path from 'path';
import type { QemuCommandLine } from './commandLine';

export function resolveAgainst(cwd: string | undefined, file: string | undefined): string | undefined {
  // `nbd:host:port`, `json:{...}` and other protocol prefixes are not paths.
  if (file === undefined || cwd === undefined || path.isAbsolute(file) || /^[a-z][\w+.-]*:/i.test(file)) return file;
  return path.resolve(cwd, file);
}

export function resolveRelativePaths(commandLine: QemuCommandLine, cwd: string | undefined): QemuCommandLine {
  const resolve = (file: string | undefined) => resolveAgainst(cwd, file);
  return {
    ...commandLine,
    kernel: resolve(commandLine.kernel),
    initrd: resolve(commandLine.initrd),
    firmware: commandLine.firmware && { ...commandLine.firmware, file: resolve(commandLine.firmware.file) },
    disks: commandLine.disks.map((disk) => ({ ...disk, file: resolve(disk.file) })),
    qmpSockets: commandLine.qmpSockets.map((socketPath) => resolve(socketPath) ?? socketPath),
    agentSocket: resolve(commandLine.agentSocket),
  };
}
