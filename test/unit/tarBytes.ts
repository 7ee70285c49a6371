// Test helpers for the image archive reader: tar headers and zstd frames written by hand (any name,
// type, size, link or block, what no real tool would write), and a Buffer handed out as a stream in chunks.

export interface CraftedEntry {
  name: string;
  /** Tar type flag: '0' file, '2' symlink, '5' dir, 'x' pax... */
  type?: string;
  data?: Buffer;
  /** The size the header claims (default: the data's length). */
  claimedSize?: number;
  linkName?: string;
  mode?: number;
  uid?: number;
  gid?: number;
}

const BLOCK = 512;

function octal(header: Buffer, offset: number, length: number, value: number): void {
  header.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'latin1');
}

export function craftHeader(entry: CraftedEntry): Buffer {
  const header = Buffer.alloc(BLOCK);
  Buffer.from(entry.name, 'utf8').copy(header, 0, 0, 100);
  octal(header, 100, 8, entry.mode ?? 0o644);
  octal(header, 108, 8, entry.uid ?? 0);
  octal(header, 116, 8, entry.gid ?? 0);
  octal(header, 124, 12, entry.claimedSize ?? entry.data?.length ?? 0);
  octal(header, 136, 12, 0);
  header.write(entry.type ?? '0', 156, 1, 'latin1');
  Buffer.from(entry.linkName ?? '', 'utf8').copy(header, 157, 0, 100);
  header.write('ustar\x0000', 257, 8, 'latin1');
  header.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return header;
}

/** A tar of crafted entries; `end: false` leaves out the end-of-archive marker. */
export function craftTar(entries: readonly CraftedEntry[], end = true): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(craftHeader(entry));
    if (entry.data) parts.push(entry.data, Buffer.alloc((BLOCK - (entry.data.length % BLOCK)) % BLOCK));
  }
  if (end) parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

/** A pax record, its length counting itself. */
export function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return `${length}${body}`;
}

/** The bytes in chunks of the given sizes, cycled (odd sizes split headers across chunks). */
export async function* chunked(bytes: Buffer, sizes: readonly number[] = [7, 512, 1000, 65_536]): AsyncGenerator<Buffer> {
  let at = 0;
  for (let index = 0; at < bytes.length; index++) {
    const size = sizes[index % sizes.length];
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

/** A block of a hand-made zstd frame: stored bytes (raw), or one byte repeated (RLE). */
export type ZstdBlock = { raw: Buffer } | { rle: number; size: number };

/**
 * A zstd frame written by hand, its blocks stored, not compressed (what no zstd tool writes, and
 * Node 20 has no zstd encoder): `windowLog` sets the window descriptor, `dictionary` a dictionary ID.
 */
export function craftZstdFrame(blocks: readonly ZstdBlock[], options: { windowLog?: number; dictionary?: number } = {}): Buffer {
  const dictionary = options.dictionary ?? 0;
  const descriptor = dictionary === 0 ? 0 : 3;
  const header: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, descriptor, ((options.windowLog ?? 17) - 10) << 3])];
  if (dictionary !== 0) {
    const id = Buffer.alloc(4);
    id.writeUInt32LE(dictionary);
    header.push(id);
  }
  const parts: Buffer[] = blocks.length === 0 ? [Buffer.from([1, 0, 0])] : [];
  blocks.forEach((block, index) => {
    const last = index === blocks.length - 1 ? 1 : 0;
    const [type, size, body] = 'raw' in block ? [0, block.raw.length, block.raw] : [1, block.size, Buffer.from([block.rle])];
    const value = (size << 3) | (type << 1) | last;
    parts.push(Buffer.from([value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff]), body);
  });
  return Buffer.concat([...header, ...parts]);
}

/** `bytes` as one hand-made zstd frame of stored blocks of at most 128 KiB. */
export function zstdStored(bytes: Buffer): Buffer {
  const blocks: ZstdBlock[] = [];
  for (let at = 0; at < bytes.length; at += 128 * 1024) blocks.push({ raw: bytes.subarray(at, at + 128 * 1024) });
  return craftZstdFrame(blocks);
}
