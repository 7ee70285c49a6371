// Reads what an engine-call failure carries (Node net/tls errors, docker-modem HTTP errors, what
// the system ssh printed) into one flat shape, so the diagnosis rules stay simple.

export interface ErrorFacts {
  /** Node's code (ECONNREFUSED, ERR_TLS_…, DEPTH_ZERO_SELF_SIGNED_CERT) or our ETIMEDOUT. */
  code?: string;
  syscall?: string;
  /** The file or socket involved (`path` of fs errors, `address` of unix-socket connects). */
  path?: string;
  /** Set by docker-modem when the engine answered with an error status. */
  statusCode?: number;
  /** The engine's own error text (docker-modem's `json.message`), first line only. */
  engineMessage?: string;
  /** What the system ssh printed when it could not carry the connection (SshTransportError). */
  stderr?: string;
  name?: string;
  /** First line of the error's message. */
  message: string;
}

export function errorFacts(error: unknown): ErrorFacts {
  if (typeof error !== 'object' || error === null) return { message: firstLine(String(error)) };
  const record = error as Record<string, unknown>;
  const message = firstLine(typeof record.message === 'string' ? record.message : String(error));
  // Node wraps failed multi-address connects (localhost: ::1 then 127.0.0.1) in an AggregateError.
  const inner = Array.isArray(record.errors) && record.errors.length > 0 ? errorFacts(record.errors[0]) : undefined;
  return {
    code: stringField(record.code) ?? inner?.code,
    syscall: stringField(record.syscall) ?? inner?.syscall,
    path: stringField(record.path) ?? (typeof record.address === 'string' && record.address.includes('/') ? record.address : inner?.path),
    statusCode: typeof record.statusCode === 'number' ? record.statusCode : undefined,
    engineMessage: engineMessage(record.json),
    stderr: stringField(record.stderr),
    name: stringField(record.name),
    message,
  };
}

function engineMessage(json: unknown): string | undefined {
  if (typeof json === 'string') return firstLine(json) || undefined;
  if (typeof json === 'object' && json !== null && typeof (json as { message?: unknown }).message === 'string') {
    return firstLine((json as { message: string }).message) || undefined;
  }
  return undefined;
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const MAX_ECHO = 240;

/** The first line, trimmed and bounded, with any `user:password@` in URLs hidden. */
export function firstLine(text: string): string {
  const line = text.split('\n', 1)[0].trim().replace(/(\/\/[^\s:@/]*):[^\s@/]*@/g, '$1:***@');
  return line.length > MAX_ECHO ? `${line.slice(0, MAX_ECHO - 1)}…` : line;
}
