// One 512-byte tar header block decoded: ustar fields (name with its prefix), octal or GNU base-256
// numbers, and the checksum verified. Knows nothing of what comes before or after the block.
import { ImageArchiveError } from './imageArchiveError';

export const BLOCK_SIZE = 512;

export interface TarHeader {
  name: string;
  /** The type flag as written ('0', '5', 'L', 'x', ...); '\0' is kept as '0'. */
  typeFlag: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
  linkName: string;
}

/** A NUL-terminated text field (latin1 would garble UTF-8 names, so UTF-8). */
function text(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString('utf8');
}

/** An octal field (spaces and NULs around it allowed) or GNU base-256 (top bit set). */
function numeric(block: Buffer, offset: number, length: number, field: string): number {
  const raw = block.subarray(offset, offset + length);
  if (raw[0] & 0x80) {
    if (raw[0] & 0x40) throw new ImageArchiveError('malformed', `tar header: negative ${field}`);
    let value = raw[0] & 0x3f;
    for (let index = 1; index < raw.length; index++) {
      value = value * 256 + raw[index];
      if (!Number.isSafeInteger(value)) throw new ImageArchiveError('too-large', `tar header: ${field} is too large`);
    }
    return value;
  }
  const digits = raw.toString('latin1').replace(/\0.*$/s, '').trim();
  if (digits === '') return 0;
  if (!/^[0-7]+$/.test(digits)) throw new ImageArchiveError('malformed', `tar header: ${field} is not a number (${JSON.stringify(digits)})`);
  return parseInt(digits, 8);
}

export function isZeroBlock(block: Buffer): boolean {
  for (const byte of block) if (byte !== 0) return false;
  return true;
}

/** Whether the block's checksum field matches its bytes (unsigned or, as old tars wrote, signed). */
export function checksumMatches(block: Buffer): boolean {
  let stored: number;
  try {
    stored = numeric(block, 148, 8, 'checksum');
  } catch {
    return false;
  }
  let unsigned = 0;
  let signed = 0;
  for (let index = 0; index < BLOCK_SIZE; index++) {
    const byte = index >= 148 && index < 156 ? 0x20 : block[index];
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

export function parseTarHeader(block: Buffer, where: string): TarHeader {
  if (!checksumMatches(block)) throw new ImageArchiveError('checksum', `${where}: the tar header's checksum does not match (corrupt or not a tar archive)`);
  const name = text(block, 0, 100);
  // POSIX ustar ("ustar\0") has a name prefix at 345; old GNU ("ustar  ") keeps other fields there.
  const ustar = block.toString('latin1', 257, 263) === 'ustar\0';
  const prefix = ustar ? text(block, 345, 155) : '';
  const flag = String.fromCharCode(block[156]);
  return {
    name: prefix ? `${prefix}/${name}` : name,
    typeFlag: flag === '\0' ? '0' : flag,
    size: numeric(block, 124, 12, 'size'),
    mode: numeric(block, 100, 8, 'mode'),
    uid: numeric(block, 108, 8, 'uid'),
    gid: numeric(block, 116, 8, 'gid'),
    linkName: text(block, 157, 100),
  };
}
