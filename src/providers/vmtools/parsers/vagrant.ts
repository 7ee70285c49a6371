// Vagrant: `vagrant global-status --machine-readable` prints CSV rows timestamp,target,type,data.
// The machine table arrives as `ui,info` rows: five header cells (id, name, provider, state,
// directory), a blank and a dashed row, then five cells per machine followed by a blank one.
// Commas inside data are written %!(VAGRANT_COMMA), newlines as a literal \n.
import type { WorkloadState } from '../../provider';
import { type ParsedVm, type ParseResult, parsed, parseFailure, tooLarge, vmFact } from '../parsedVm';
import { preview, textLines } from '../values';

const LIST = 'vagrant global-status --machine-readable';
const COLUMNS = ['id', 'name', 'provider', 'state', 'directory'] as const;

export function parseVagrantGlobalStatus(output: string): ParseResult {
  const refused = tooLarge(output, LIST);
  if (refused) return refused;
  const lines = textLines(output);
  const rows = lines.map(splitRow).filter((row): row is string[] => row !== undefined);
  if (rows.length === 0) return parseFailure(`vagrant printed no machine-readable rows: ${preview(lines[0] ?? '(nothing)')}`);
  const cells = rows.filter((row) => row[2] === 'ui' && row[3] === 'info').map((row) => row.slice(4).join(','));
  const separator = cells.findIndex((cell) => /^-{5,}$/.test(cell.trim()));
  if (separator < 0) {
    if (cells.some((cell) => /no active Vagrant environments/i.test(cell))) return parsed([]);
    return parseFailure('vagrant global-status printed no machine table (no dashed separator row).');
  }
  const vms: ParsedVm[] = [];
  // Cells after the separator come in groups of five plus a blank; the closing note is one long cell.
  for (let index = separator + 1; index + COLUMNS.length <= cells.length; index += COLUMNS.length + 1) {
    const group = cells.slice(index, index + COLUMNS.length).map(unescape);
    if (!/^[0-9a-f]{7,}$/i.test(group[0].trim())) break;
    vms.push(toParsedVm(group));
  }
  return parsed(vms);
}

export function vagrantState(text: string): WorkloadState {
  switch (text) {
    case 'running':
      return 'running';
    case 'paused':
    case 'frozen':
      return 'paused';
    case 'poweroff':
    case 'saved':
    case 'shutoff':
    case 'stopped':
    case 'suspended':
      return 'exited';
    case 'not_created':
    case 'not created':
      return 'created';
    case 'aborted':
    case 'gurumeditation':
      return 'dead';
    default:
      return 'unknown';
  }
}

function toParsedVm([id, name, provider, state, directory]: string[]): ParsedVm {
  return {
    id: id.trim(),
    name: name.trim(),
    state: vagrantState(state.trim()),
    stateText: state.trim(),
    sources: { state: `${LIST} → state (Vagrant's cache; may be stale)` },
    facts: [
      vmFact('hypervisor', 'provider', 'Vagrant provider', provider.trim(), `${LIST} → provider`),
      vmFact('virtual-hardware', 'directory', 'Vagrantfile directory', directory.trim(), `${LIST} → directory`),
    ],
  };
}

/** timestamp,target,type,data...: the first three are plain; data may hold escaped commas only. */
function splitRow(line: string): string[] | undefined {
  const parts = line.split(',');
  return parts.length >= 4 && /^\d+$/.test(parts[0]) ? parts : undefined;
}

function unescape(cell: string): string {
  return cell.replace(/%!\(VAGRANT_COMMA\)/g, ',').replace(/\\n/g, '\n').replace(/\\r/g, '\r');
}
