// Reading the files that describe this machine (/proc, /sys, /etc), behind a small interface so the
// detection runs the same on the live machine and on recorded fixture trees. Nothing here throws:
// a missing, unreadable or odd file is simply absent.
import * as fs from 'fs';
import * as path from 'path';

export interface HostFiles {
  /** The file as UTF-8 text, at most the reader's cap; undefined when it cannot be read. */
  readText(filePath: string): string | undefined;
  /** The first `length` bytes (binary tables such as ACPI headers); undefined when unreadable. */
  readBytes(filePath: string, length: number): Uint8Array | undefined;
  /** Entry names of a directory, sorted; empty when it cannot be listed. */
  list(dir: string): string[];
  exists(filePath: string): boolean;
}

/** What the detection reads besides files: the environment of this process. */
export interface HostSources {
  files: HostFiles;
  env(name: string): string | undefined;
}

/** Enough for /proc/cpuinfo of a large machine; sysfs attributes are a page at most. */
const DEFAULT_TEXT_CAP = 256 * 1024;
/** A listing of /sys/bus/pci/devices or /proc is long on big machines; more tells nothing new. */
const LIST_CAP = 4096;
/** Most files read are a few bytes; big ones grow chunk by chunk up to the cap. */
const READ_CHUNK = 16 * 1024;

/** The live machine's files, seen under `root` ('/' normally; a fixture tree in tests). */
export function nodeHostFiles(root = '/', textCap = DEFAULT_TEXT_CAP): HostFiles {
  const resolve = (filePath: string) => path.join(root, filePath);
  return {
    readText(filePath) {
      const bytes = readPrefix(resolve(filePath), textCap);
      return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
    },
    readBytes(filePath, length) {
      return readPrefix(resolve(filePath), length);
    },
    list(dir) {
      try {
        return fs.readdirSync(resolve(dir)).slice(0, LIST_CAP).sort();
      } catch {
        return [];
      }
    },
    exists(filePath) {
      try {
        fs.lstatSync(resolve(filePath));
        return true;
      } catch {
        return false;
      }
    },
  };
}

export function nodeHostSources(): HostSources {
  return { files: nodeHostFiles(), env: (name) => process.env[name] };
}

/**
 * Reads at most `cap` bytes with one descriptor. /proc and /sys files report size 0, so the size
 * is never trusted: read until end of file or the cap. Non-regular files (FIFOs, devices) are refused,
 * they could block.
 */
function readPrefix(filePath: string, cap: number): Uint8Array | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(filePath, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    if (!fs.fstatSync(fd).isFile()) return undefined;
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < cap) {
      const chunk = Buffer.alloc(Math.min(READ_CHUNK, cap - total));
      const read = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      chunks.push(chunk.subarray(0, read));
      total += read;
    }
    return new Uint8Array(Buffer.concat(chunks, total));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // Nothing to do: the descriptor is gone either way.
  }
}
