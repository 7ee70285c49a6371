// UTM: `utmctl list` prints a table "UUID Status Name"; names may contain spaces, so a row is the
// UUID, one status word, then the rest of the line.
import type { WorkloadState } from '../../provider';
import { type ParsedVm, type ParseResult, parsed, parseFailure, tooLarge } from '../parsedVm';
import { preview, textLines } from '../values';

const LIST = 'utmctl list';
const ROW = /^([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\s+(\S+)\s+(.+)$/;

export function parseUtmList(output: string): ParseResult {
  const refused = tooLarge(output, LIST);
  if (refused) return refused;
  const lines = textLines(output);
  const header = lines.findIndex((line) => /^UUID\s+Status\s+Name\s*$/i.test(line.trim()));
  const vms: ParsedVm[] = [];
  for (const line of lines) {
    const row = ROW.exec(line.trim());
    if (!row) continue;
    vms.push({ id: row[1].toLowerCase(), name: row[3].trim(), state: utmState(row[2]), stateText: row[2], sources: { state: `${LIST} → Status` }, facts: [] });
  }
  // utmctl prints AppleScript errors before the header (e.g. when run without a GUI session).
  if (vms.length === 0 && header < 0) return parseFailure(`utmctl list printed no "UUID Status Name" table: ${preview(lines[0] ?? '(nothing)')}`);
  if (vms.length === 0 && header > 0) return parseFailure(`utmctl list: ${preview(lines.slice(0, header).join(' '))}`);
  return parsed(vms);
}

export function utmState(text: string): WorkloadState {
  switch (text.toLowerCase()) {
    case 'started':
    case 'stopping':
    case 'pausing':
    case 'saving':
      return 'running';
    case 'paused':
      return 'paused';
    case 'stopped':
      return 'exited';
    case 'starting':
    case 'resuming':
    case 'restoring':
      return 'restarting';
    default:
      return 'unknown';
  }
}
