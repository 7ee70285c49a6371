// /proc/PID/stat, /proc/PID/status and /proc/PID/io, parsed: untrusted text in, a value or undefined out.

export interface ProcStat {
  /** One letter: R running, S sleeping, D disk wait, T stopped, t traced, Z zombie, X dead... */
  state: string;
  /** CPU time in clock ticks (USER_HZ). */
  utimeTicks: number;
  stimeTicks: number;
  /** Clock ticks after boot when the process started: with the PID, an id the kernel never reuses. */
  startTicks: number;
}

/** The command name sits in parentheses and may itself contain spaces or `)`: split after the last one. */
export function parseProcStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  // Fields after the name, numbered from 3 in proc(5): state is 3, utime 14, stime 15, starttime 22.
  const fields = text.slice(close + 1).trim().split(/\s+/);
  const numberAt = (procField: number) => Number(fields[procField - 3]);
  const stat = { state: fields[0] ?? '', utimeTicks: numberAt(14), stimeTicks: numberAt(15), startTicks: numberAt(22) };
  if (!/^[A-Za-z]$/.test(stat.state)) return undefined;
  if (![stat.utimeTicks, stat.stimeTicks, stat.startTicks].every((value) => Number.isSafeInteger(value) && value >= 0)) return undefined;
  return stat;
}

/** VmRSS of /proc/PID/status in bytes (the file says kB, meaning KiB). */
export function parseVmRssBytes(status: string): number | undefined {
  const match = /^VmRSS:\s*(\d+)\s*kB/m.exec(status);
  if (!match) return undefined;
  const bytes = Number(match[1]) * 1024;
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** Bytes the process made the storage layer read and write (proc(5): read_bytes, write_bytes). */
export interface ProcIo {
  readBytes: number;
  writeBytes: number;
}

/**
 * /proc/PID/io. rchar/wchar would count every read(2), sockets and pipes included; read_bytes and
 * write_bytes are what reached block devices, the guest's disk I/O as the host saw it.
 */
export function parseProcIo(text: string): ProcIo | undefined {
  const field = (name: string): number | undefined => {
    const match = new RegExp(`^${name}:\\s*(\\d+)\\s*$`, 'm').exec(text);
    const value = match ? Number(match[1]) : Number.NaN;
    return Number.isSafeInteger(value) ? value : undefined;
  };
  const readBytes = field('read_bytes');
  const writeBytes = field('write_bytes');
  return readBytes !== undefined && writeBytes !== undefined ? { readBytes, writeBytes } : undefined;
}

/** /proc/PID/cmdline: NUL-separated argv with a trailing NUL. */
export function parseCmdline(raw: string): string[] {
  const words = raw.split('\0');
  if (words[words.length - 1] === '') words.pop();
  return words;
}

/** Words for the process state letter, as ps(1) says them. */
export function describeProcState(state: string): string {
  const words: Record<string, string> = {
    R: 'running', S: 'sleeping', D: 'waiting on disk', T: 'stopped by a signal', t: 'stopped by a tracer',
    Z: 'zombie', X: 'dead', I: 'idle',
  };
  return words[state] ?? `state ${state}`;
}
