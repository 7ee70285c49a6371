// Engine streams (/events, /stats) send one JSON document per line; chunks may split or join lines.
// A line is kept only up to a cap: an engine that never sends a newline must not fill the
// extension host.
import type { Readable } from 'stream';

export interface JsonLineOptions {
  /** Hears about lines that are not JSON. */
  onGarbage?: () => void;
  /** The longest line kept, in characters; a longer one ends the reading (default: no cap). */
  maxLineLength?: number;
  /** Called once when a line passed `maxLineLength`: no more lines are read from the stream. */
  onOverflow?: () => void;
}

/** Calls back once per complete line that parses as JSON. */
export function forEachJsonLine(stream: Readable, onValue: (value: unknown) => void, options: JsonLineOptions = {}): void {
  const cap = options.maxLineLength ?? Infinity;
  let buffered = '';
  stream.setEncoding('utf8');
  const onData = (chunk: string) => {
    // Only the new chunk is searched for line ends: searching the whole buffer again on every
    // chunk made one long line quadratic (8 MB arriving in 1 KiB chunks took over a minute).
    let start = 0;
    for (let newline = chunk.indexOf('\n'); newline >= 0; newline = chunk.indexOf('\n', start)) {
      if (buffered.length + newline - start > cap) return overflow();
      const line = (buffered + chunk.slice(start, newline)).trim();
      buffered = '';
      start = newline + 1;
      if (!line) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        options.onGarbage?.();
        continue;
      }
      onValue(value);
    }
    if (buffered.length + chunk.length - start > cap) return overflow();
    buffered += chunk.slice(start);
  };
  const overflow = () => {
    buffered = '';
    stream.off('data', onData);
    options.onOverflow?.();
  };
  stream.on('data', onData);
}
