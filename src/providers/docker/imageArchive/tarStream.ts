// A streaming tar reader: 512-byte blocks from an async iterable of Buffers, one entry at a time,
// its content passed on chunk by chunk or skipped, never held whole. Reads ustar, GNU long names
// ('L', 'K') and base-256 numbers, and pax headers ('x', 'g': path, linkpath, size, uid, gid).
// A bad checksum, a size past the cap or past what can follow, or a stream that ends early is an
// ImageArchiveError that says where; nothing is written anywhere.
import { ByteReader, type ByteReaderOptions } from './byteReader';
import { ImageArchiveError } from './imageArchiveError';
import { type PaxOverrides, parsePaxRecords } from './paxRecords';
import { BLOCK_SIZE, isZeroBlock, parseTarHeader, type TarHeader } from './tarHeader';

export interface TarStreamOptions extends ByteReaderOptions {
  /** The largest entry accepted, in bytes (default 64 GiB). */
  maxEntrySize?: number;
  /** The archive's length where it is known (a member of an outer tar): a larger claim is refused at once. */
  totalSize?: number;
  /** Names the archive in errors ("layer abc/layer.tar"). */
  label?: string;
}

export interface TarEntry extends TarHeader {
  /** Where the entry's header starts in the archive (0-based entry count, for messages). */
  index: number;
  /** The content, at most once; whatever is not read is skipped when the next entry is asked for. */
  content(): AsyncGenerator<Buffer>;
}

const DEFAULT_MAX_ENTRY = 64 * 1024 ** 3;
/** Long names and pax records are small; a larger claim is hostile. */
const MAX_META_SIZE = 1024 * 1024;
const META_TYPES = new Set(['L', 'K', 'x', 'g']);

const padded = (size: number) => Math.ceil(size / BLOCK_SIZE) * BLOCK_SIZE;

export async function* readTar(source: AsyncIterable<Buffer | Uint8Array | string>, options: TarStreamOptions = {}): AsyncGenerator<TarEntry> {
  const reader = new ByteReader(source, options);
  const label = options.label ?? 'tar archive';
  const maxEntry = options.maxEntrySize ?? DEFAULT_MAX_ENTRY;
  let consumed = 0;
  let global: PaxOverrides = {};
  let local: PaxOverrides = {};
  let longName: string | undefined;
  let longLink: string | undefined;

  const truncated = (what: string) => new ImageArchiveError('truncated', `${label} is cut short: the stream ended ${what}.`);
  const skipExactly = async (length: number, what: string) => {
    if ((await reader.skip(length)) < length) throw truncated(what);
    consumed += length;
  };

  try {
    yield* entriesOf();
  } finally {
    await reader.close();
  }

  async function* entriesOf(): AsyncGenerator<TarEntry> {
    for (let index = 0; ; index++) {
      const block = await reader.read(BLOCK_SIZE);
      if (block.length < BLOCK_SIZE) throw truncated(index === 0 && block.length === 0 ? 'before any tar header (empty)' : 'where a tar header or the end-of-archive marker should be');
      consumed += BLOCK_SIZE;
      if (isZeroBlock(block)) return;
      const where = `${label}, entry ${index + 1}`;
      const header = parseTarHeader(block, where);
      const meta = META_TYPES.has(header.typeFlag);
      const size = meta ? header.size : (local.size ?? global.size ?? header.size);
      if (size > (meta ? MAX_META_SIZE : maxEntry)) {
        throw new ImageArchiveError('too-large', `${where} claims ${size} bytes, more than the ${meta ? MAX_META_SIZE : maxEntry} allowed.`);
      }
      if (options.totalSize !== undefined && consumed + size > options.totalSize) {
        throw new ImageArchiveError('too-large', `${where} claims ${size} bytes, but only ${options.totalSize - consumed} can follow in the archive.`);
      }

      if (meta) {
        const data = await reader.read(size);
        if (data.length < size) throw truncated(`inside the ${header.typeFlag} header of entry ${index + 1}`);
        consumed += size;
        await skipExactly(padded(size) - size, `inside the ${header.typeFlag} header of entry ${index + 1}`);
        if (header.typeFlag === 'L') longName = data.toString('utf8').replace(/\0+$/, '');
        else if (header.typeFlag === 'K') longLink = data.toString('utf8').replace(/\0+$/, '');
        else if (header.typeFlag === 'x') local = parsePaxRecords(data);
        else global = { ...global, ...parsePaxRecords(data) };
        continue;
      }

      let left = size;
      let opened = false;
      const entry: TarEntry = {
        index,
        typeFlag: header.typeFlag,
        name: local.path ?? longName ?? global.path ?? header.name,
        linkName: local.linkpath ?? longLink ?? global.linkpath ?? header.linkName,
        size,
        mode: header.mode,
        uid: local.uid ?? global.uid ?? header.uid,
        gid: local.gid ?? global.gid ?? header.gid,
        content: async function* () {
          if (opened) throw new ImageArchiveError('malformed', `${where}: content read twice`);
          opened = true;
          for await (const chunk of reader.chunks(left)) {
            left -= chunk.length;
            consumed += chunk.length;
            yield chunk;
          }
          if (left > 0) throw truncated(`inside the content of ${JSON.stringify(entry.name)}`);
        },
      };
      local = {};
      longName = undefined;
      longLink = undefined;
      yield entry;
      await skipExactly(left, `inside the content of ${JSON.stringify(entry.name)}`);
      left = 0;
      await skipExactly(padded(size) - size, `after the content of ${JSON.stringify(entry.name)}`);
    }
  }
}
