// WSL: `wsl.exe -l -v` prints UTF-16LE (sometimes with a BOM; UTF-8 when WSL_UTF8=1), a header row
// (localised on non-English Windows) and one row per distribution, the default marked with `*`.
import type { WorkloadState } from '../../provider';
import { MAX_INPUT_CHARS, type ParsedVm, type ParseResult, parsed, parseFailure, tooLarge, vmFact } from '../parsedVm';
import { preview, textLines } from '../values';

const LIST = 'wsl.exe -l -v';

/** Bytes to text: BOM first, else UTF-16LE when every other byte is zero, else UTF-8. */
export function decodeWslOutput(bytes: Buffer): string {
  const bounded = bytes.subarray(0, MAX_INPUT_CHARS * 2 + 2);
  if (bounded[0] === 0xff && bounded[1] === 0xfe) return bounded.subarray(2).toString('utf16le');
  if (bounded[0] === 0xef && bounded[1] === 0xbb && bounded[2] === 0xbf) return bounded.subarray(3).toString('utf8');
  return looksUtf16le(bounded) ? bounded.toString('utf16le') : bounded.toString('utf8');
}

function looksUtf16le(bytes: Buffer): boolean {
  const pairs = Math.floor(bytes.length / 2);
  if (pairs === 0) return false;
  let zeroHighBytes = 0;
  for (let index = 1; index < pairs * 2; index += 2) if (bytes[index] === 0) zeroHighBytes++;
  return zeroHighBytes / pairs > 0.5;
}

// The state starts and ends with a non-space: with `(.+?)` between two `\s+` a long run of spaces
// made the match cubic (10k spaces took minutes).
const ROW = /^(\*)?\s*(\S+)\s+(\S(?:.*\S)?)\s+(\d+)$/;

export function parseWslList(text: string): ParseResult {
  const refused = tooLarge(text, LIST);
  if (refused) return refused;
  const lines = textLines(text.replace(/\0/g, ''));
  if (lines.some((line) => /no installed distributions/i.test(line))) return parsed([]);
  const vms: ParsedVm[] = [];
  for (const line of lines) {
    const row = ROW.exec(line.trim());
    if (row) vms.push(toParsedVm(row[2], row[3], row[4], row[1] === '*'));
  }
  if (vms.length === 0 && lines.length > 0) return parseFailure(`wsl -l -v printed no "NAME STATE VERSION" rows: ${preview(lines[0])}`);
  return parsed(vms);
}

export function wslState(text: string): WorkloadState {
  switch (text.toLowerCase()) {
    case 'running':
      return 'running';
    case 'stopped':
      return 'exited';
    case 'installing':
    case 'converting':
      return 'created';
    case 'uninstalling':
      return 'removing';
    default:
      return 'unknown';
  }
}

function toParsedVm(name: string, stateText: string, version: string, isDefault: boolean): ParsedVm {
  const kind = version === '2' ? 'WSL 2 (a lightweight Hyper-V utility VM shared by all WSL 2 distributions)' : version === '1' ? 'WSL 1 (no VM: the NT kernel translates Linux system calls)' : `WSL ${version}`;
  return {
    id: name,
    name,
    state: wslState(stateText),
    stateText,
    os: name,
    sources: { state: `${LIST} → STATE`, os: `${LIST} → NAME` },
    facts: [
      vmFact('hypervisor', 'wsl-version', 'WSL version', kind, `${LIST} → VERSION`),
      vmFact('guest-os', 'distribution', 'Distribution', name, `${LIST} → NAME`),
      vmFact('guest-os', 'default', 'Default distribution', isDefault ? 'yes' : 'no', `${LIST} → *`),
    ],
  };
}
