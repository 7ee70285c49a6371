// docker-modem reads every answer that is not a stream whole into memory before parsing it. An
// engine (or whatever answers on its socket) could send gigabytes to a list or an inspect. This
// puts a cap under every such call: the body is read as a stream up to `maxBytes`, past that the
// connection is dropped and the call fails with BodyTooLargeError; otherwise the result and the
// error are what docker-modem itself would have made (same statusCode, reason and json fields).
import type { IncomingMessage } from 'http';

export class BodyTooLargeError extends Error {
  readonly code = 'EBODYTOOLARGE';
  constructor(readonly what: string, readonly maxBytes: number) {
    super(`The engine's answer to ${what} is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB; it was not read further.`);
    this.name = 'BodyTooLargeError';
  }
}

type DialCallback = (error: unknown, result?: unknown) => void;

interface DialOptions {
  path?: string;
  method?: string;
  isStream?: boolean;
  hijack?: boolean;
  openStdin?: boolean;
  statusCodes?: Record<number, boolean | string>;
  [key: string]: unknown;
}

/** The part of docker-modem's Modem this needs. */
export interface DialingModem {
  dial(options: DialOptions, callback: DialCallback): unknown;
}

/** Every HTTP status docker-modem could see, each accepted, so that the body always arrives as a stream. */
const ANY_STATUS: Record<number, true> = Object.fromEntries(Array.from({ length: 500 }, (_, index) => [index + 100, true]));

export function capBodies(modem: DialingModem, maxBytes: number): void {
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    // Streams (events, stats, logs) and hijacked exec sessions are read by their own callers.
    if (options.isStream || options.hijack || options.openStdin) return dial(options, callback);
    const wanted = options.statusCodes ?? {};
    const what = `${options.method ?? 'GET'} ${String(options.path ?? '').replace(/\?.*$/, '')}`;
    return dial({ ...options, isStream: true, statusCodes: ANY_STATUS }, (error, response) => {
      if (error) return callback(error);
      readCapped(response as IncomingMessage, maxBytes, what).then(
        (body) => settle(response as IncomingMessage, body, wanted, callback),
        (readError: unknown) => callback(readError),
      );
    });
  };
}

function readCapped(response: IncomingMessage, maxBytes: number, what: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new BodyTooLargeError(what, maxBytes)); // first: destroying emits 'aborted' at once
        response.destroy();
        return;
      }
      chunks.push(chunk);
    });
    response.once('end', () => resolve(Buffer.concat(chunks)));
    response.once('error', reject);
    response.once('aborted', () => reject(new Error(`The engine's answer to ${what} was cut off`)));
  });
}

/** As docker-modem's buildPayload: JSON when it parses, else the bytes; an Error for an unwanted status. */
function settle(response: IncomingMessage, body: Buffer, wanted: Record<number, boolean | string>, callback: DialCallback): void {
  const text = body.toString();
  let json: unknown = body;
  try {
    json = text ? JSON.parse(text) : body;
  } catch {
    json = body;
  }
  const status = response.statusCode ?? 0;
  if (wanted[status] === true) return callback(null, json);
  const cause = typeof json === 'object' && json !== null && !Buffer.isBuffer(json) ? ((json as { message?: unknown }).message ?? text) : text;
  const error = Object.assign(new Error(`(HTTP code ${status}) ${wanted[status] || 'unexpected'} - ${String(cause)} `), {
    reason: wanted[status],
    statusCode: status,
    json: typeof json === 'object' && !Buffer.isBuffer(json) ? json : text,
  });
  callback(error);
}
