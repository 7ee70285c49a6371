// Pax extended header records ("<length> <key>=<value>\n", the length counting the whole record)
// decoded into the overrides the reader applies: path, linkpath, size, uid, gid.
import { ImageArchiveError } from './imageArchiveError';

export interface PaxOverrides {
  path?: string;
  linkpath?: string;
  size?: number;
  uid?: number;
  gid?: number;
}

function decimal(value: string, key: string): number {
  if (!/^\d{1,16}$/.test(value)) throw new ImageArchiveError('malformed', `pax header: ${key} is not a number (${JSON.stringify(value.slice(0, 40))})`);
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) throw new ImageArchiveError('too-large', `pax header: ${key} is too large`);
  return parsed;
}

export function parsePaxRecords(data: Buffer): PaxOverrides {
  const overrides: PaxOverrides = {};
  let at = 0;
  while (at < data.length) {
    if (data[at] === 0) break; // NUL padding after the last record
    const space = data.indexOf(0x20, at);
    const lengthText = space === -1 ? '' : data.toString('latin1', at, space);
    if (!/^\d{1,9}$/.test(lengthText)) throw new ImageArchiveError('malformed', 'pax header: a record has no valid length');
    const length = Number(lengthText);
    const end = at + length;
    if (end > data.length || end <= space + 1 || data[end - 1] !== 0x0a) throw new ImageArchiveError('malformed', 'pax header: a record overruns the header or lacks its newline');
    const record = data.toString('utf8', space + 1, end - 1);
    const equals = record.indexOf('=');
    if (equals <= 0) throw new ImageArchiveError('malformed', 'pax header: a record has no key');
    const key = record.slice(0, equals);
    const value = record.slice(equals + 1);
    if (key === 'path') overrides.path = value;
    else if (key === 'linkpath') overrides.linkpath = value;
    else if (key === 'size' || key === 'uid' || key === 'gid') overrides[key] = decimal(value, key);
    at = end;
  }
  return overrides;
}
