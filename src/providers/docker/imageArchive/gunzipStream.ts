// Gzip decompression over async iterables with node:zlib, streaming: compressed chunks in,
// decompressed chunks out, with backpressure, and the input left at rest (no read in flight)
// whenever the output stops, so the outer tar can move on to its next member safely.
import * as zlib from 'zlib';
import { ImageArchiveError } from './imageArchiveError';

/** Resolves on 'drain' or once the stream is finished or destroyed, never hangs on either. */
function drained(stream: zlib.Gunzip): Promise<void> {
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

export async function* gunzipChunks(source: AsyncIterable<Buffer>, label: string): AsyncGenerator<Buffer> {
  const gunzip = zlib.createGunzip({ chunkSize: 64 * 1024 });
  let stopped = false;
  const feeding = (async () => {
    try {
      for await (const chunk of source) {
        if (stopped || gunzip.destroyed) break;
        if (!gunzip.write(chunk)) await drained(gunzip);
        if (stopped || gunzip.destroyed) break;
      }
      if (!stopped && !gunzip.destroyed) gunzip.end();
    } catch (error) {
      gunzip.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (error) {
    if (error instanceof ImageArchiveError) throw error;
    throw new ImageArchiveError('malformed', `${label}: the gzip data is corrupt (${error instanceof Error ? error.message : String(error)}).`);
  } finally {
    stopped = true;
    gunzip.destroy();
    await feeding;
  }
}
