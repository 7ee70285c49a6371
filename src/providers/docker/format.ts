// Display formatting for engine values. Pure functions, no engine knowledge beyond units.
export { formatBytes } from '../../shared/units';

/** 0.5 -> "0.5 CPUs", 1 -> "1 CPU", 1.25 -> "1.25 CPUs". */
export function formatCpuCount(cpus: number): string {
  const rounded = Math.round(cpus * 1000) / 1000;
  return `${rounded} ${rounded === 1 ? 'CPU' : 'CPUs'}`;
}

/** Coarse, human durations: "45s", "5m 12s", "3h 4m", "2d 7h". */
export function formatDuration(milliseconds: number): string {
  if (!Number.isFinite(milliseconds) || milliseconds < 0) return 'unknown';
  const seconds = Math.floor(milliseconds / 1000);
  const days = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds % 86400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${rest}s`;
  return `${rest}s`;
}

/** "sha256:7f4bc5fb687e4ac3..." -> "7f4bc5fb687e" (the short id the docker CLI shows). */
export function shortId(id: string): string {
  const hex = id.startsWith('sha256:') ? id.slice('sha256:'.length) : id;
  return hex.slice(0, 12);
}

/** Unix seconds -> ISO 8601, or '' when the engine gave no usable time. */
export function unixSecondsToIso(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0) return '';
  // Past year 275760 a Date is invalid and toISOString throws.
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}

/** Go's zero time ("0001-01-01T00:00:00Z") is how the engine says "never". */
export function isEngineZeroTime(time: string | undefined): boolean {
  return time === undefined || time === '' || time.startsWith('0001-01-01');
}

/**
 * Joins a command line for display only: arguments with whitespace or quotes are wrapped in
 * double quotes. The result is never executed.
 */
export function joinArgsForDisplay(args: readonly string[]): string {
  return args.map(quoteIfNeeded).join(' ');
}

function quoteIfNeeded(arg: string): string {
  if (arg !== '' && !/[\s"']/.test(arg)) return arg;
  return `"${arg.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
