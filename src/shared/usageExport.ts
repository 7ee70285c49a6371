// A usage recording as files: CSV (one row per sample, text fields quoted and formula-safe) and
// JSON (the same rows with the workload and the window). Pure text out; the panel saves it.
import type { WorkloadRef } from './model';
import { USAGE_METRICS, type UsageSample } from './usageRates';

export interface UsageRecording {
  workload: WorkloadRef;
  name: string;
  /** ISO times the recording started and stopped. */
  startedAt: string;
  stoppedAt: string;
  /** Where the samples came from ("Docker stats stream", "virsh domstats"...). */
  source: string;
  /** Samples that fell out of the bounded window, oldest first: the export says so. */
  dropped: number;
  samples: UsageSample[];
}

const CSV_COLUMNS = ['time', 'workload', 'kind', ...USAGE_METRICS.map(snakeCase)];

function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * One CSV field. Names come from engines: a quote, comma or newline is quoted (RFC 4180), and a
 * leading =, +, -, @, tab or CR gets an apostrophe so a spreadsheet shows it instead of running it.
 */
export function csvField(text: string): string {
  const inert = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

function csvNumber(value: number | null): string {
  return value === null ? '' : String(value);
}

export function recordingToCsv(recording: UsageRecording): string {
  const rows = recording.samples.map((sample) =>
    [csvField(new Date(sample.atMs).toISOString()), csvField(recording.name), csvField(recording.workload.kind), ...USAGE_METRICS.map((metric) => csvNumber(sample[metric]))].join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}

export function recordingToJson(recording: UsageRecording): string {
  return `${JSON.stringify(
    {
      workload: { name: recording.name, ...recording.workload },
      source: recording.source,
      startedAt: recording.startedAt,
      stoppedAt: recording.stoppedAt,
      droppedSamples: recording.dropped,
      units: { cpuPercent: '% of one CPU', memoryBytes: 'bytes', memoryLimitBytes: 'bytes', rates: 'bytes per second' },
      samples: recording.samples.map((sample) => ({ time: new Date(sample.atMs).toISOString(), ...sample })),
    },
    null,
    2,
  )}\n`;
}
