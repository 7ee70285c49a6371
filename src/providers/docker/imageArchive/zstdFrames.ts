// A zstd stream cut at block boundaries, for the pure-JS decoder (fzstd), which decodes whatever it
// is pushed at once and trusts the frame header's window size: frame headers are checked (window at
// most 128 MiB, as libzstd's default limit; no dictionary), blocks are at most 128 KiB (the format's
// cap), skippable frames are dropped, and each piece holds a few whole blocks, so one push yields a
// bounded amount. A stream that ends inside a frame is reported here, clearly.
import { ByteReader } from './byteReader';
import { ImageArchiveError } from './imageArchiveError';

const FRAME_MAGIC = 0xfd2fb528;
const MAX_WINDOW = 128 * 1024 * 1024;
const MAX_BLOCK = 128 * 1024;
/** Blocks per piece: at most 256 KiB decoded per push, and little held while it is. */
const BLOCKS_PER_PIECE = 2;

/** The frame header after its magic number, checked, as its bytes. */
async function frameHeader(reader: ByteReader, fail: (why: string) => never): Promise<Buffer> {
  const descriptor = await reader.read(1);
  if (descriptor.length < 1) fail('the stream ends inside a frame header');
  const flags = descriptor[0];
  if (flags & 0x08) fail('a frame header sets its reserved bit');
  const singleSegment = (flags >> 5) & 1;
  const contentSizeFlag = flags >> 6;
  const dictionaryBytes = [0, 1, 2, 4][flags & 3];
  const contentSizeBytes = contentSizeFlag === 0 ? singleSegment : 1 << contentSizeFlag;
  const rest = await reader.read(1 - singleSegment + dictionaryBytes + contentSizeBytes);
  if (rest.length < 1 - singleSegment + dictionaryBytes + contentSizeBytes) fail('the stream ends inside a frame header');
  const dictionary = dictionaryBytes === 0 ? 0 : rest.readUIntLE(1 - singleSegment, dictionaryBytes);
  if (dictionary !== 0) fail('a frame needs a dictionary');
  let window: number;
  if (singleSegment) {
    const at = dictionaryBytes;
    const size = contentSizeBytes === 8 ? rest.readUInt32LE(at) + rest.readUInt32LE(at + 4) * 2 ** 32 : rest.readUIntLE(at, contentSizeBytes);
    window = size + (contentSizeBytes === 2 ? 256 : 0);
  } else {
    const base = 2 ** (10 + (rest[0] >> 3));
    window = base + (base / 8) * (rest[0] & 7);
  }
  if (window > MAX_WINDOW) fail(`a frame needs a ${window}-byte window, more than the ${MAX_WINDOW} allowed`);
  return Buffer.concat([descriptor, rest]);
}

/** The stream in pieces of whole frame headers, blocks and checksums; skippable frames left out. */
export async function* zstdPieces(source: AsyncIterable<Buffer>, label: string): AsyncGenerator<Buffer> {
  const reader = new ByteReader(source);
  // Worded as node:zlib's decoder failures are (decodeChunks), so both paths read alike.
  const fail = (why: string): never => {
    throw new ImageArchiveError('malformed', `${label}: the zstd data is corrupt (${why}).`);
  };
  const exactly = async (length: number, where: string): Promise<Buffer> => {
    const bytes = await reader.read(length);
    if (bytes.length < length) fail(`the stream ends inside ${where}`);
    return bytes;
  };
  try {
    for (;;) {
      const magic = await reader.read(4);
      if (magic.length === 0) return;
      if (magic.length < 4) fail('the stream ends inside a frame\'s magic number');
      const number = magic.readUInt32LE(0);
      if (number >>> 4 === 0x184d2a5) {
        const size = (await exactly(4, 'a skippable frame')).readUInt32LE(0);
        if ((await reader.skip(size)) < size) fail('the stream ends inside a skippable frame');
        continue;
      }
      if (number !== FRAME_MAGIC) fail('bytes after a frame are not another frame');
      const flags = await frameHeader(reader, fail);
      let parts: Buffer[] = [magic, flags];
      let blocks = 0;
      for (let last = false; !last; ) {
        const header = await exactly(3, 'a block header');
        const value = header.readUIntLE(0, 3);
        const type = (value >> 1) & 3;
        const size = value >>> 3;
        last = (value & 1) === 1;
        if (type === 3) fail('a block has the reserved type');
        if (size > MAX_BLOCK) fail(`a block claims ${size} bytes, more than the format's ${MAX_BLOCK}`);
        parts.push(header, await exactly(type === 1 ? 1 : size, 'a block'));
        if (++blocks >= BLOCKS_PER_PIECE && !last) {
          yield Buffer.concat(parts);
          parts = [];
          blocks = 0;
        }
      }
      if (flags[0] & 0x04) parts.push(await exactly(4, 'a frame checksum'));
      yield Buffer.concat(parts);
    }
  } finally {
    await reader.close();
  }
}
