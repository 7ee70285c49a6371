// Exact-length reads over an async iterable of Buffers: take n bytes, skip n bytes, or pass n bytes
// on chunk by chunk, holding at most one source chunk. Counts what it has pulled (for progress) and
// stops promptly on an AbortSignal, even while the source is waiting.
import { ImageArchiveError } from './imageArchiveError';

export interface ByteReaderOptions {
  signal?: AbortSignal;
  /** Called with the total bytes pulled from the source, after each chunk. */
  onBytes?: (bytesRead: number) => void;
}

export class ByteReader {
  private readonly iterator: AsyncIterator<Buffer | Uint8Array | string>;
  private pending: Buffer = Buffer.alloc(0);
  private ended = false;
  private pulled = 0;

  /** A Node stream is destroyed on close: its iterator's return() would wait for a read in flight. */
  private readonly destroyable?: { destroy(): unknown };

  constructor(
    source: AsyncIterable<Buffer | Uint8Array | string>,
    private readonly options: ByteReaderOptions = {},
  ) {
    this.iterator = source[Symbol.asyncIterator]();
    if ('destroy' in source && typeof source.destroy === 'function') this.destroyable = source as { destroy(): unknown };
  }

  /** Bytes pulled from the source so far. */
  get bytesRead(): number {
    return this.pulled;
  }

  /** Exactly `length` bytes (copied only when they span chunks), or fewer where the source ends. */
  async read(length: number): Promise<Buffer> {
    if (this.pending.length >= length) return this.takePending(length);
    const parts: Buffer[] = [];
    let have = 0;
    while (have < length) {
      if (this.pending.length === 0 && !(await this.fill())) break;
      const part = this.takePending(Math.min(length - have, this.pending.length));
      parts.push(part);
      have += part.length;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts, have);
  }

  /**
   * Up to `length` bytes as they arrive, at most `limit` at a time. Ends early only where the
   * source ends: the caller compares what it got with what it asked for.
   */
  async *chunks(length: number, limit = 1 << 20): AsyncGenerator<Buffer> {
    let left = length;
    while (left > 0) {
      if (this.pending.length === 0 && !(await this.fill())) return;
      const part = this.takePending(Math.min(left, this.pending.length, limit));
      left -= part.length;
      yield part;
    }
  }

  /** Drops `length` bytes; resolves with how many were there to drop. */
  async skip(length: number): Promise<number> {
    let left = length;
    while (left > 0) {
      if (this.pending.length === 0 && !(await this.fill())) break;
      left -= this.takePending(Math.min(left, this.pending.length)).length;
    }
    return length - left;
  }

  /** Stops the source (a stream is destroyed); safe to call more than once. */
  async close(): Promise<void> {
    this.pending = Buffer.alloc(0);
    if (this.ended) return;
    this.ended = true;
    this.destroyable?.destroy();
    await this.iterator.return?.();
  }

  private takePending(length: number): Buffer {
    const part = this.pending.subarray(0, length);
    this.pending = this.pending.subarray(length);
    return part;
  }

  /** Pulls the next non-empty chunk into `pending`; false at the end of the source. */
  private async fill(): Promise<boolean> {
    while (!this.ended) {
      this.throwIfAborted();
      const next = await this.nextOrAbort();
      if (next.done) {
        this.ended = true;
        return false;
      }
      const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : Buffer.isBuffer(next.value) ? next.value : Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
      if (chunk.length === 0) continue;
      this.pending = chunk;
      this.pulled += chunk.length;
      this.options.onBytes?.(this.pulled);
      return true;
    }
    return false;
  }

  private nextOrAbort(): Promise<IteratorResult<Buffer | Uint8Array | string>> {
    const signal = this.options.signal;
    const next = this.iterator.next();
    if (!signal) return next;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        reject(abortedError());
        void this.close().catch(() => undefined);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      next.then(
        (value) => {
          signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  private throwIfAborted(): void {
    if (this.options.signal?.aborted) throw abortedError();
  }
}

export function abortedError(): ImageArchiveError {
  return new ImageArchiveError('aborted', 'Reading the image was cancelled.');
}
