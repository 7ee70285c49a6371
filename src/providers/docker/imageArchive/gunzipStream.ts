// Gzip (and, where Node has it, zstd) decompression over async iterables with node:zlib, streaming:
// compressed chunks in, decompressed chunks out, with backpressure, and the input left at rest (no
// read in flight) whenever the output stops, so the outer tar can move on to its next member safely.
import type { Transform } from 'stream';
import * as zlib from 'zlib';
import { ImageArchiveError } from './imageArchiveError';

/** Resolves on 'drain' or once the stream is finished or destroyed, never hangs on either. */
function drained(stream: Transform): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/** `source` through a zlib decoder; its failure becomes "<label>: the <format> data is corrupt". */
export async function* decodeChunks(decoder: Transform, source: AsyncIterable<Buffer>, label: string, format: string): AsyncGenerator<Buffer> {
  let stopped = false;
  const feeding = (async () => {
    try {
      for await (const chunk of source) {
        if (stopped || decoder.destroyed) break;
        if (!decoder.write(chunk)) await drained(decoder);
        if (stopped || decoder.destroyed) break;
      }
      if (!stopped && !decoder.destroyed) decoder.end();
    } catch (error) {
      decoder.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  try {
    for await (const chunk of decoder) yield chunk as Buffer;
  } catch (error) {
    if (error instanceof ImageArchiveError) throw error;
    throw new ImageArchiveError('malformed', `${label}: the ${format} data is corrupt (${error instanceof Error ? error.message : String(error)}).`);
  } finally {
    stopped = true;
    decoder.destroy();
    await feeding;
  }
}

/** The decoder is made on the first read, so a generator never started holds no zlib handle. */
export async function* gunzipChunks(source: AsyncIterable<Buffer>, label: string): AsyncGenerator<Buffer> {
  yield* decodeChunks(zlib.createGunzip({ chunkSize: 64 * 1024 }), source, label, 'gzip');
}
