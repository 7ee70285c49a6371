// Looks at the first bytes of a stream without losing them: which format a member or a layer is
// (tar, gzip, zstd, JSON), and the same stream again from its first byte.
import { checksumMatches, BLOCK_SIZE, isZeroBlock } from './tarHeader';

export type SniffedFormat = 'tar' | 'gzip' | 'zstd' | 'json' | 'unknown';

export interface Sniffed {
  format: SniffedFormat;
  /** The whole stream, the sniffed bytes first. */
  stream: AsyncGenerator<Buffer>;
}

export function formatOf(head: Buffer): SniffedFormat {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32BE(0) === 0x28b52ffd) return 'zstd';
  if (head.length >= BLOCK_SIZE) {
    const block = head.subarray(0, BLOCK_SIZE);
    if (isZeroBlock(block) || checksumMatches(block)) return 'tar';
  }
  const first = head.toString('utf8', 0, Math.min(head.length, 64)).trimStart()[0];
  if (first === '{' || first === '[') return 'json';
  return 'unknown';
}

export async function sniff(source: AsyncIterable<Buffer>, length = BLOCK_SIZE): Promise<Sniffed> {
  const iterator = source[Symbol.asyncIterator]();
  const held: Buffer[] = [];
  let have = 0;
  let done = false;
  while (have < length) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    held.push(next.value);
    have += next.value.length;
  }
  const head = Buffer.concat(held, have);
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      for (const chunk of held.splice(0)) yield chunk;
      while (!done) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.();
    }
  }
  return { format: formatOf(head), stream: replay() };
}
