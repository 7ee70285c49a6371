// A bounded JSON-lines connection over a unix socket, the transport under QMP and the guest agent.
// Every wait has a deadline; a reply that is not JSON, too large or cut off is an error value; the
// socket is destroyed on any failure so nothing is left waiting on a monitor that stopped answering.
import * as net from 'net';

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** One line read: parsed JSON, or the reason it was not (a stale half line, garbage). */
export type LineMessage = { ok: true; value: unknown } | { ok: false; error: string };

export interface JsonLineLimits {
  connectTimeoutMs: number;
  /** A line (one reply) longer than this is an error: a monitor gone wild must not fill memory. */
  maxLineBytes: number;
}

export const DEFAULT_LIMITS: JsonLineLimits = { connectTimeoutMs: 1_000, maxLineBytes: 4 * 1024 * 1024 };

export class JsonLineSocket {
  private buffer = '';
  private readonly lines: LineMessage[] = [];
  private failure: string | undefined;
  private waiter: (() => void) | undefined;

  private constructor(private readonly socket: net.Socket, private readonly maxLineBytes: number) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.receive(chunk));
    socket.on('error', (error) => this.fail(`the socket failed: ${error.message}`));
    socket.on('close', () => this.fail(this.buffer.trim() ? 'the connection closed in the middle of a reply' : 'the connection was closed'));
  }

  static connect(socketPath: string, limits: JsonLineLimits): Promise<Result<JsonLineSocket>> {
    return new Promise((resolve) => {
      const socket = net.createConnection(socketPath);
      const timer = setTimeout(() => {
        socket.destroy();
        resolve({ ok: false, error: `no connection to ${socketPath} within ${limits.connectTimeoutMs} ms` });
      }, limits.connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve({ ok: true, value: new JsonLineSocket(socket, limits.maxLineBytes) });
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        socket.destroy();
        resolve({ ok: false, error: `cannot connect to ${socketPath}: ${error.code ?? error.message}` });
      });
    });
  }

  send(message: object): Result<void> {
    if (this.failure) return { ok: false, error: this.failure };
    this.socket.write(`${JSON.stringify(message)}\n`);
    return { ok: true, value: undefined };
  }

  /** The next line, or an error when none arrives by `deadline` (epoch ms) or the connection failed. */
  async next(deadline: number): Promise<Result<LineMessage>> {
    while (this.lines.length === 0 && !this.failure) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        this.fail('no reply in time');
        break;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    const line = this.lines.shift();
    if (line) return { ok: true, value: line };
    return { ok: false, error: this.failure ?? 'no reply in time' };
  }

  close(): void {
    this.fail('the connection was closed');
  }

  private receive(chunk: string): void {
    this.buffer += chunk;
    let newline = this.buffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      if (line.length > this.maxLineBytes) return this.fail(`a reply was larger than ${this.maxLineBytes} bytes`);
      if (line) this.lines.push(parseLine(line));
      newline = this.buffer.indexOf('\n');
    }
    if (this.buffer.length > this.maxLineBytes) this.fail(`a reply was larger than ${this.maxLineBytes} bytes`);
    this.waiter?.();
  }

  private fail(reason: string): void {
    this.failure ??= reason;
    this.socket.destroy();
    this.waiter?.();
  }
}

function parseLine(line: string): LineMessage {
  try {
    return { ok: true, value: JSON.parse(line) as unknown };
  } catch {
    return { ok: false, error: `not JSON: ${line.slice(0, 80)}` };
  }
}
