// How the QEMU bands make facts and name their sources (the argv option, the QMP command, the file).
import type { Fact } from '../../../shared/model';

export const UNKNOWN = 'unknown';

export const source = {
  argv: (option: string) => `/proc/PID/cmdline → ${option}`,
  qmp: (command: string, field?: string) => `QMP ${command}${field ? ` → ${field}` : ''}`,
  agent: (command: string, field?: string) => `guest agent ${command}${field ? ` → ${field}` : ''}`,
  proc: (file: string, field?: string) => `/proc/PID/${file}${field ? ` → ${field}` : ''}`,
};

export function fact(key: string, label: string, value: string, factSource: string): Fact {
  return { key, label, value, source: factSource };
}

/** A list shown as one fact: one line per item when there are several. */
export function listFact(key: string, label: string, items: readonly string[], factSource: string, none = 'none'): Fact {
  if (items.length === 0) return fact(key, label, none, factSource);
  const result = fact(key, label, items.join('\n'), factSource);
  if (items.length > 1) result.multiline = true;
  return result;
}
