// A minimal ustar writer for the archive upload of the Engine API: directories and regular files
// only, names under 100 bytes, owned by root. Enough to hand the overhead probe to a container
// without a tar library.

export interface TarEntry {
  name: string;
  mode: number;
  /** Absent for a directory. */
  data?: Uint8Array;
}

const BLOCK = 512;

function writeText(header: Buffer, offset: number, length: number, value: string): void {
  header.write(value.slice(0, length), offset, length, 'utf8');
}

/** An octal number field: digits, then a NUL, filling the field. */
function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  writeText(header, offset, length - 1, value.toString(8).padStart(length - 1, '0'));
}

function headerFor(entry: TarEntry, mtime: number): Buffer {
  const directory = entry.data === undefined;
  const name = directory && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name;
  if (Buffer.byteLength(name) >= 100) throw new Error(`tar entry name too long: ${name}`);
  const header = Buffer.alloc(BLOCK);
  writeText(header, 0, 100, name);
  writeOctal(header, 100, 8, entry.mode);
  writeOctal(header, 108, 8, 0); // uid
  writeOctal(header, 116, 8, 0); // gid
  writeOctal(header, 124, 12, entry.data?.length ?? 0);
  writeOctal(header, 136, 12, mtime);
  header.fill(0x20, 148, 156); // the checksum counts its own field as spaces
  writeText(header, 156, 1, directory ? '5' : '0');
  writeText(header, 257, 6, 'ustar');
  writeText(header, 263, 2, '00');
  writeText(header, 265, 32, 'root');
  writeText(header, 297, 32, 'root');
  let checksum = 0;
  for (const byte of header) checksum += byte;
  writeText(header, 148, 8, `${checksum.toString(8).padStart(6, '0')}\0 `);
  return header;
}

export function tarOf(entries: readonly TarEntry[], mtime = Math.floor(Date.now() / 1000)): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(headerFor(entry, mtime));
    if (entry.data) {
      parts.push(Buffer.from(entry.data));
      const padding = (BLOCK - (entry.data.length % BLOCK)) % BLOCK;
      if (padding) parts.push(Buffer.alloc(padding));
    }
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}
