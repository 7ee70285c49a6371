// Engine streams (/events, /stats) send one JSON document per line; chunks may split or join lines.
import type { Readable } from 'stream';

/** Calls back once per complete line that parses as JSON; `onGarbage` hears about the rest. */
export function forEachJsonLine(stream: Readable, onValue: (value: unknown) => void, onGarbage?: () => void): void {
  let buffered = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
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
  });
}
