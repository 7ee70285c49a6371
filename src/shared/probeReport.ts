// What the overhead probe (src/probe/ws-probe.c) prints: one JSON object on stdout. The probe runs
// inside workloads we do not control, so its output is untrusted: parseProbeReport checks every
// field and turns anything else into a sentence, never an exception or a half-read report.

export const PROBE_SCHEMA = 'workload-stacks.probe/1';

/** Every metric the probe knows, in the order reports and tables show them. */
export const PROBE_METRICS = [
  'cpu.int.one',
  'cpu.float.one',
  'cpu.int.all',
  'cpu.float.all',
  'mem.bandwidth',
  'mem.latency',
  'sys.syscall',
  'sys.clock',
  'proc.spawn',
  'fs.fsync',
  'fs.read',
  'net.loopback',
] as const;

export type ProbeMetricId = (typeof PROBE_METRICS)[number];

export interface MeasuredMetric {
  id: ProbeMetricId;
  unit: string;
  better: 'higher' | 'lower';
  /** What exactly was measured, e.g. "4 KiB random writes + fsync, 8 MiB file on ext4". */
  detail: string;
  /** One value per run, in `unit`; at least one. */
  runs: number[];
  median: number;
  elapsedMs: number;
}

/** A metric the probe could not measure, with its reason (e.g. a read-only directory). */
export interface FailedMetric {
  id: ProbeMetricId;
  error: string;
}

export type ProbeMetric = MeasuredMetric | FailedMetric;

export interface ProbeSystem {
  kernel: string;
  machine: string;
  cpusOnline: number;
  /** CPUs this process may run on (sched_getaffinity): a container's cpuset shows here. */
  cpusAllowed: number;
  /** cgroup v2 `cpu.max` ("max 100000" or "50000 100000"), or null where unreadable. */
  cpuMax: string | null;
  memTotalBytes: number;
  /** The `hypervisor` CPU flag from /proc/cpuinfo (x86); null where the CPU does not say. */
  hypervisorFlag: boolean | null;
  cpuModel: string | null;
}

export interface ProbeReport {
  schema: typeof PROBE_SCHEMA;
  probe: { version: string; arch: string; libc: string };
  system: ProbeSystem;
  /** The directory file I/O was measured in and its filesystem type (tmpfs makes fsync meaningless). */
  dir: { path: string; fsType: string };
  metrics: ProbeMetric[];
  elapsedMs: number;
}

export type ParsedReport = { ok: true; report: ProbeReport } | { ok: false; error: string };

export function isMeasured(metric: ProbeMetric): metric is MeasuredMetric {
  return 'runs' in metric;
}

const MAX_TEXT = 512;
const MAX_RUNS = 64;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_TEXT;
}

function finite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function count(value: unknown): value is number {
  return finite(value) && Number.isInteger(value) && value >= 0;
}

function checkMetric(value: unknown): ProbeMetric | string {
  if (!isRecord(value)) return 'a metric is not an object';
  const id = value.id;
  if (typeof id !== 'string' || !(PROBE_METRICS as readonly string[]).includes(id)) return `unknown metric ${JSON.stringify(String(id).slice(0, 40))}`;
  const metricId = id as ProbeMetricId;
  if ('error' in value) return text(value.error) ? { id: metricId, error: value.error } : `${id}: the error is not text`;
  const { unit, better, detail, runs, median, elapsedMs } = value;
  if (!text(unit) || !text(detail)) return `${id}: unit or detail missing`;
  if (better !== 'higher' && better !== 'lower') return `${id}: "better" is neither higher nor lower`;
  if (!Array.isArray(runs) || runs.length === 0 || runs.length > MAX_RUNS || !runs.every((run) => finite(run) && run >= 0)) return `${id}: runs are not a list of numbers`;
  if (!finite(median) || median < 0 || !finite(elapsedMs) || elapsedMs < 0) return `${id}: median or elapsedMs is not a number`;
  return { id: metricId, unit, better, detail, runs: runs as number[], median, elapsedMs };
}

function checkSystem(value: unknown): ProbeSystem | string {
  if (!isRecord(value)) return 'system is missing';
  const { kernel, machine, cpusOnline, cpusAllowed, cpuMax, memTotalBytes, hypervisorFlag, cpuModel } = value;
  if (!text(kernel) || !text(machine)) return 'system: kernel or machine is not text';
  if (!count(cpusOnline) || !count(cpusAllowed) || !count(memTotalBytes)) return 'system: CPU or memory counts are not numbers';
  if (!(cpuMax === null || text(cpuMax)) || !(cpuModel === null || text(cpuModel))) return 'system: cpuMax or cpuModel is not text';
  if (!(hypervisorFlag === null || typeof hypervisorFlag === 'boolean')) return 'system: hypervisorFlag is not a boolean';
  return { kernel, machine, cpusOnline, cpusAllowed, cpuMax, memTotalBytes, hypervisorFlag, cpuModel };
}

/** Parses the probe's stdout; the first problem found is the error. */
export function parseProbeReport(stdout: string): ParsedReport {
  const fail = (error: string): ParsedReport => ({ ok: false, error: `The probe's report is unreadable: ${error}.` });
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    const shown = stdout.trim().slice(0, 120).replace(/[^\x20-\x7e]/g, '?');
    return fail(shown ? `not JSON (it starts with "${shown}")` : 'it printed nothing');
  }
  if (!isRecord(value)) return fail('not a JSON object');
  if (value.schema !== PROBE_SCHEMA) return fail(`schema ${JSON.stringify(String(value.schema).slice(0, 60))}, expected ${PROBE_SCHEMA}`);
  const { probe, dir, metrics, elapsedMs } = value;
  if (!isRecord(probe) || !text(probe.version) || !text(probe.arch) || !text(probe.libc)) return fail('probe version, arch or libc missing');
  const system = checkSystem(value.system);
  if (typeof system === 'string') return fail(system);
  if (!isRecord(dir) || !text(dir.path) || !text(dir.fsType)) return fail('dir path or fsType missing');
  if (!Array.isArray(metrics) || metrics.length > PROBE_METRICS.length) return fail('metrics is not a list of at most one entry per metric');
  if (!finite(elapsedMs) || elapsedMs < 0) return fail('elapsedMs is not a number');
  const checked: ProbeMetric[] = [];
  for (const metric of metrics) {
    const result = checkMetric(metric);
    if (typeof result === 'string') return fail(result);
    if (checked.some((seen) => seen.id === result.id)) return fail(`${result.id} appears twice`);
    checked.push(result);
  }
  return {
    ok: true,
    report: {
      schema: PROBE_SCHEMA,
      probe: { version: probe.version, arch: probe.arch, libc: probe.libc },
      system,
      dir: { path: dir.path, fsType: dir.fsType },
      metrics: checked,
      elapsedMs,
    },
  };
}
