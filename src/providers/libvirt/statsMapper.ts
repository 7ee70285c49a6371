// `virsh domstats --raw --state --cpu-total --balloon --interface --block` samples -> live usage.
// CPU is the delta of cpu.time (nanoseconds of host CPU the whole VM used) over wall time: 100% =
// one busy host core. Network and disk are the sums of the per-NIC and per-disk byte counters.
import type { LiveStats } from '../../shared/model';
import { numberField, parseDomainStats } from './virshOutput';

export interface CpuSample {
  cpuTimeNs: number;
  atMs: number;
}

export interface StatsReading {
  stats: LiveStats;
  /** Pass to the next reading to get a CPU figure. */
  sample?: CpuSample;
  /** False when the text held no domain record at all: not domstats output. */
  readable: boolean;
}

export function toLiveStats(domstatsText: string, atMs: number, previous: CpuSample | undefined): StatsReading {
  const record = parseDomainStats(domstatsText)[0];
  const fields = record?.fields ?? new Map<string, string>();
  const cpuTimeNs = numberField(fields.get('cpu.time'));
  const sample = cpuTimeNs !== undefined ? { cpuTimeNs, atMs } : undefined;
  let cpuPercent: number | null = null;
  if (sample && previous && sample.atMs > previous.atMs && sample.cpuTimeNs >= previous.cpuTimeNs) {
    cpuPercent = ((sample.cpuTimeNs - previous.cpuTimeNs) / ((sample.atMs - previous.atMs) * 1e6)) * 100;
  }
  return {
    stats: {
      readAt: new Date(atMs).toISOString(),
      cpuPercent,
      memoryBytes: kibToBytes(memoryInUseKib(fields)),
      memoryLimitBytes: kibToBytes(numberField(fields.get('balloon.current'))),
      pids: null,
      netRxBytes: indexedSum(fields, 'net', 'rx.bytes'),
      netTxBytes: indexedSum(fields, 'net', 'tx.bytes'),
      blockReadBytes: indexedSum(fields, 'block', 'rd.bytes'),
      blockWriteBytes: indexedSum(fields, 'block', 'wr.bytes'),
    },
    sample,
    readable: record !== undefined,
  };
}

/** Most indexed entries domstats is read for: a bound on what a hostile count makes us loop over. */
const MAX_INDEXED = 256;

/**
 * Sum of `<group>.<i>.<counter>` for i below `<group>.count`; null when no entry has the counter
 * (a user-mode NIC has no host-side counters: net.count=1 and nothing else).
 */
function indexedSum(fields: Map<string, string>, group: 'net' | 'block', counter: string): number | null {
  const count = Math.min(numberField(fields.get(`${group}.count`)) ?? 0, MAX_INDEXED);
  let total: number | null = null;
  for (let index = 0; index < count; index++) {
    const value = numberField(fields.get(`${group}.${index}.${counter}`));
    if (value !== undefined) total = (total ?? 0) + value;
  }
  return total;
}

/** What the guest uses when its balloon driver reports it; else what the VM holds on the host. */
function memoryInUseKib(fields: Map<string, string>): number | undefined {
  const available = numberField(fields.get('balloon.available'));
  const unused = numberField(fields.get('balloon.unused'));
  if (available !== undefined && unused !== undefined && unused <= available) return available - unused;
  return numberField(fields.get('balloon.rss'));
}

function kibToBytes(kib: number | undefined): number | null {
  return kib === undefined ? null : kib * 1024;
}
