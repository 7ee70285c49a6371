// Engine streams (/events, /stats) send one JSON document per line; chunks may split or join lines.
import type { Readable } from 'stream';

/** Calls back once per complete line that parses as JSON; `onGarbage` hears about the rest. */
export function forEachJsonLine(stream: Readable, onValue: (value: unknown) => void, onGarbage?: () => void): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    // Only the new chunk is searched for line ends: searching the whole buffer again on every
    // chunk made one long line quadratic (8 MB arriving in 1 KiB chunks took over a minute).
    let start = 0;
    for (let newline = chunk.indexOf('\n'); newline >= 0; newline = chunk.indexOf('\n', start)) {
      const line = (buffered + chunk.slice(start, newline)).trim();
      buffered = '';
      start = newline + 1;
      if (!line) continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        onGarbage?.();
        continue;
      }
      onValue(value);
    }
    buffered += chunk.slice(start);
  });
}
