// Zstd decompression over async iterables, streaming like gunzipChunks: node:zlib's decoder where
// the running Node has one (22.15 and later: VS Code's extension host, code-server), else the pure-JS
// fzstd fed whole blocks a few at a time (zstdPieces), so memory stays bounded on either path (fzstd
// is the slower: it slides its window by copying it for every block). A corrupt or cut-short stream
// is an ImageArchiveError naming the layer.
import type { Transform } from 'stream';
import * as zlib from 'zlib';
import { Decompress } from 'fzstd';
import { decodeChunks } from './gunzipStream';
import { ImageArchiveError } from './imageArchiveError';
import { zstdPieces } from './zstdFrames';

type ZstdDecoderFactory = (options?: { chunkSize?: number }) => Transform;

/** node:zlib's zstd decoder where this Node has it (the typings in use predate it). */
export function nativeZstd(): ZstdDecoderFactory | undefined {
  const factory = (zlib as unknown as { createZstdDecompress?: ZstdDecoderFactory }).createZstdDecompress;
  return typeof factory === 'function' ? factory : undefined;
}

function corrupt(label: string, error: unknown): ImageArchiveError {
  return new ImageArchiveError('malformed', `${label}: the zstd data is corrupt (${error instanceof Error ? error.message : String(error)}).`);
}

/** fzstd over whole blocks: each push decodes at most a few blocks, handed on before the next read. */
export async function* fzstdChunks(source: AsyncIterable<Buffer>, label: string): AsyncGenerator<Buffer> {
  let decoded: Buffer[] = [];
  const decoder = new Decompress((data) => {
    if (data.length > 0) decoded.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });
  // fzstd 0.1.1 keeps the input it has not decoded yet in `c` (`l` bytes), but a push that ends on a
  // block boundary leaves an empty view of its input there, never dropped: every piece would stay
  // alive. With no bytes pending the list is emptied (the zstd heap test fails if this stops working).
  const pending = decoder as unknown as { c?: unknown[]; l?: number };
  const push = (piece: Uint8Array, final: boolean): Buffer[] => {
    try {
      decoder.push(piece, final);
    } catch (error) {
      throw corrupt(label, error);
    }
    if (pending.l === 0 && Array.isArray(pending.c)) pending.c = [];
    const out = decoded;
    decoded = [];
    return out;
  };
  for await (const piece of zstdPieces(source, label)) yield* push(piece, false);
  yield* push(new Uint8Array(0), true);
}

/** The decoder is made on the first read, so a generator never started holds no zlib handle. */
export async function* unzstdChunks(source: AsyncIterable<Buffer>, label: string): AsyncGenerator<Buffer> {
  const native = nativeZstd();
  if (native) yield* decodeChunks(native({ chunkSize: 64 * 1024 }), source, label, 'zstd');
  else yield* fzstdChunks(source, label);
}
