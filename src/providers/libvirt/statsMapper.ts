// `virsh domstats --raw --state --cpu-total --balloon` samples -> live usage. CPU is the delta of
// cpu.time (nanoseconds of host CPU the whole VM used) over wall time: 100% = one busy host core.
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
}

export function toLiveStats(domstatsText: string, atMs: number, previous: CpuSample | undefined): StatsReading {
  const fields = parseDomainStats(domstatsText)[0]?.fields ?? new Map<string, string>();
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
    },
    sample,
  };
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
