// The plain facts about this machine the diagram's hardware and host-os bands show, read from
// /proc and /etc so recorded trees give the same answers as the live machine.
import { cpuinfoField } from './cpuEvidence';
import { cleanValue, textValue } from './evidence';
import type { HostFiles } from './hostFiles';

export interface Sourced<T> {
  value: T;
  /** The file (or Node API) the value came from, shown with the fact. */
  source: string;
}

export interface HostFacts {
  cpuCount?: Sourced<number>;
  cpuModel?: Sourced<string>;
  memoryBytes?: Sourced<number>;
  /** PRETTY_NAME of /etc/os-release, e.g. "Debian GNU/Linux 12 (bookworm)". */
  osName?: Sourced<string>;
  /** NAME's first word and VERSION_ID, for short labels ("Debian 12"). */
  osShortName?: string;
  kernel?: Sourced<string>;
  architecture?: Sourced<string>;
}

export const HOST_FACT_SOURCES = {
  cpuinfo: '/proc/cpuinfo',
  meminfo: '/proc/meminfo',
  osRelease: '/etc/os-release',
  kernel: '/proc/sys/kernel/osrelease',
  architecture: '/proc/sys/kernel/arch',
} as const;

/** Logical CPUs: one `processor` line each. */
export function countProcessors(cpuinfo: string): number | undefined {
  const count = (cpuinfo.match(/^processor\s*:/gm) ?? []).length;
  return count > 0 ? count : undefined;
}

/** A /proc/meminfo field in bytes (the file says kB, meaning KiB). */
export function meminfoBytes(meminfo: string, field: string): number | undefined {
  const match = new RegExp(`^${field}:\\s*(\\d+)\\s*kB`, 'm').exec(meminfo);
  if (!match) return undefined;
  const bytes = Number(match[1]) * 1024;
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** KEY=value lines, values optionally quoted (os-release(5)). */
export function parseOsRelease(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!match) continue;
    const raw = match[2].trim();
    const unquoted = /^(["']).*\1$/.test(raw) ? raw.slice(1, -1).replace(/\\(["'$`\\])/g, '$1') : raw;
    fields.set(match[1], unquoted);
  }
  return fields;
}

/** "Debian 12", "Ubuntu 24.04": the first word of NAME and VERSION_ID. */
function shortOsName(fields: Map<string, string>): string | undefined {
  const name = fields.get('NAME')?.split(/\s+/)[0];
  if (!name) return undefined;
  const version = fields.get('VERSION_ID');
  return cleanValue(version ? `${name} ${version}` : name, 40);
}

/**
 * Reads what the files say; `fallbacks` (from Node's os module, for kernels or systems without
 * these files) fill only what the files did not give.
 */
export function readHostFacts(files: HostFiles, fallbacks: HostFacts = {}): HostFacts {
  const facts: HostFacts = {};
  const from = <T>(value: T | undefined, source: string): Sourced<T> | undefined =>
    value === undefined ? undefined : { value, source };
  const cpuinfo = files.readText(HOST_FACT_SOURCES.cpuinfo) ?? '';
  facts.cpuCount = from(countProcessors(cpuinfo), HOST_FACT_SOURCES.cpuinfo);
  const model = cpuinfoField(cpuinfo, 'model name') ?? cpuinfoField(cpuinfo, 'Model');
  facts.cpuModel = from(model ? cleanValue(model) : undefined, HOST_FACT_SOURCES.cpuinfo);
  facts.memoryBytes = from(meminfoBytes(files.readText(HOST_FACT_SOURCES.meminfo) ?? '', 'MemTotal'), HOST_FACT_SOURCES.meminfo);
  const osRelease = parseOsRelease(files.readText(HOST_FACT_SOURCES.osRelease) ?? '');
  const pretty = osRelease.get('PRETTY_NAME');
  facts.osName = from(pretty ? cleanValue(pretty) : undefined, HOST_FACT_SOURCES.osRelease);
  facts.osShortName = shortOsName(osRelease);
  facts.kernel = from(textValue(files.readText(HOST_FACT_SOURCES.kernel)), HOST_FACT_SOURCES.kernel);
  facts.architecture = from(textValue(files.readText(HOST_FACT_SOURCES.architecture)), HOST_FACT_SOURCES.architecture);
  return { ...fallbacks, ...dropUndefined(facts) };
}

function dropUndefined(facts: HostFacts): HostFacts {
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined)) as HostFacts;
}
