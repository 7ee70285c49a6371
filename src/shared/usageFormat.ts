// Usage figures as words, the same in the tree's tooltip and the webview's live usage section.
import type { UsageSample } from './usageRates';
import { formatBytes } from './units';

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

export function formatCpu(percent: number): string {
  return `${percent.toFixed(1)} %`;
}

/** The four usage lines (CPU, memory, network, disk) of one sample; a figure the source lacks says so. */
export function usageLines(sample: UsageSample): { label: string; value: string }[] {
  const missing = 'not reported';
  const pair = (first: number | null, second: number | null, firstWord: string, secondWord: string): string =>
    first === null && second === null ? missing : `${firstWord} ${first === null ? '–' : formatRate(first)}, ${secondWord} ${second === null ? '–' : formatRate(second)}`;
  const memory =
    sample.memoryBytes === null ? missing : sample.memoryLimitBytes === null ? formatBytes(sample.memoryBytes) : `${formatBytes(sample.memoryBytes)} of ${formatBytes(sample.memoryLimitBytes)}`;
  return [
    { label: 'CPU', value: sample.cpuPercent === null ? missing : formatCpu(sample.cpuPercent) },
    { label: 'Memory', value: memory },
    { label: 'Network', value: pair(sample.netRxPerSec, sample.netTxPerSec, 'in', 'out') },
    { label: 'Disk', value: pair(sample.blockReadPerSec, sample.blockWritePerSec, 'read', 'write') },
  ];
}
