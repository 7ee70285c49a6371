// Cgroup limits of one container, in words: what HostConfig's numbers mean (0 and -1 included).
import type { Fact } from '../../../shared/model';
import type { HostConfig } from '../contracts';
import { formatBytes, formatCpuCount } from '../format';
import { fact, source } from './facts';

/** The CFS period the engine uses when only a quota is given, in microseconds. */
const DEFAULT_CFS_PERIOD_US = 100_000;
const DEFAULT_CPU_SHARES = 1024;

export function resourceLimitFacts(host: HostConfig): Fact[] {
  return [
    cpuLimit(host),
    fact('cpu-shares', 'CPU shares', host.CpuShares ? String(host.CpuShares) : `${DEFAULT_CPU_SHARES} (default)`, source.container('HostConfig.CpuShares')),
    fact('cpuset', 'CPU set', host.CpusetCpus || 'all CPUs', source.container('HostConfig.CpusetCpus')),
    fact('memory-limit', 'Memory limit', host.Memory ? formatBytes(host.Memory) : 'unlimited', source.container('HostConfig.Memory')),
    memorySwap(host),
    fact('pids-limit', 'PIDs limit', host.PidsLimit !== undefined && host.PidsLimit > 0 ? String(host.PidsLimit) : 'unlimited', source.container('HostConfig.PidsLimit')),
  ];
}

/** `--cpus` sets NanoCpus; `--cpu-quota`/`--cpu-period` set the CFS pair instead. */
function cpuLimit(host: HostConfig): Fact {
  if (host.NanoCpus && host.NanoCpus > 0) {
    return fact('cpu-limit', 'CPU limit', formatCpuCount(host.NanoCpus / 1e9), source.container('HostConfig.NanoCpus'));
  }
  if (host.CpuQuota && host.CpuQuota > 0) {
    const period = host.CpuPeriod || DEFAULT_CFS_PERIOD_US;
    const value = `${formatCpuCount(host.CpuQuota / period)} (quota ${host.CpuQuota} µs per ${period} µs)`;
    return fact('cpu-limit', 'CPU limit', value, source.container('HostConfig.CpuQuota, HostConfig.CpuPeriod'));
  }
  return fact('cpu-limit', 'CPU limit', 'unlimited', source.container('HostConfig.NanoCpus, HostConfig.CpuQuota'));
}

/** MemorySwap is memory plus swap; 0 with a memory limit means the default of twice the limit. */
function memorySwap(host: HostConfig): Fact {
  const factSource = source.container('HostConfig.MemorySwap');
  if (!host.Memory) return fact('memory-swap', 'Memory + swap', 'unlimited', factSource);
  if (host.MemorySwap === -1) return fact('memory-swap', 'Memory + swap', 'unlimited swap', factSource);
  if (host.MemorySwap && host.MemorySwap > 0) return fact('memory-swap', 'Memory + swap', formatBytes(host.MemorySwap), factSource);
  return fact('memory-swap', 'Memory + swap', `${formatBytes(host.Memory * 2)} (default: twice the memory limit)`, factSource);
}
