// One `/events` connection per engine, shared by every subscriber (tree, open panels) and open only
// while someone listens. Reconnects with capped exponential backoff and reports the connection state.
import type { Readable } from 'stream';
import type { Logger } from '../provider';
import { forEachJsonLine } from './jsonLines';

/** Container actions that change what the tree or a panel shows; exec_* (health checks) and top are noise. */
const RELEVANT_ACTIONS = new Set([
  'create', 'start', 'restart', 'stop', 'die', 'kill', 'pause', 'unpause', 'destroy', 'rename', 'update', 'oom',
]);

export interface ContainerEvent {
  id: string;
  action: string;
  /** The process's exit code, on `die`. */
  exitCode?: number;
}

export interface EventSubscriber {
  onEvent(event: ContainerEvent): void;
  /** Told on every change, and on every failed reconnect (`failedAttempts` since the last success). */
  onConnection(connected: boolean, failedAttempts: number): void;
}

export interface EventSource {
  open(): Promise<{ stream: Readable; abort: AbortController }>;
}

const MIN_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 30_000;
/**
 * The longest event line kept. An event carries the container's labels as attributes, so a line
 * can be long (a label of 1 MB makes one of 1 MB); past this it is an engine gone wrong.
 */
export const MAX_EVENT_LINE_MIB = 8;
/** An engine that overflows again and again is read at most this often. */
const OVERFLOW_BACKOFF_MS = 5_000;

export class SharedEventStream {
  private readonly subscribers = new Set<EventSubscriber>();
  private current: { abort: AbortController } | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private backoffMs = MIN_BACKOFF_MS;
  private connected = false;
  /** Opens that failed since the last one that succeeded: the row says how long it has been trying. */
  private failedAttempts = 0;
  /** Bumped by every connect and disconnect: an open that a later one superseded is dropped. */
  private attempt = 0;
  /** Set when a line past the cap made the stream start over: for a notice row. */
  private overflowedAt: Date | undefined;

  constructor(private readonly source: EventSource, private readonly log: Logger) {}

  subscribe(subscriber: EventSubscriber): { close(): void } {
    this.subscribers.add(subscriber);
    if (this.subscribers.size === 1) void this.connect();
    else subscriber.onConnection(this.connected, this.failedAttempts);
    return {
      close: () => {
        this.subscribers.delete(subscriber);
        if (this.subscribers.size === 0) this.disconnect();
      },
    };
  }

  /** When a line past the cap last made the stream start over, until the next restart. */
  get lastOverflow(): Date | undefined {
    return this.overflowedAt;
  }

  /** Drop the connection and start over (e.g. the endpoint changed). */
  restart(): void {
    this.overflowedAt = undefined;
    if (this.subscribers.size === 0) return;
    this.disconnect();
    void this.connect();
  }

  private async connect(): Promise<void> {
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const attempt = ++this.attempt;
    let opened: { stream: Readable; abort: AbortController };
    try {
      opened = await this.source.open();
    } catch (error) {
      if (attempt !== this.attempt) return;
      this.log.debug(`events: connect failed: ${error instanceof Error ? error.message : String(error)}`);
      this.failedAttempts++;
      this.setConnected(false, true);
      this.scheduleReconnect();
      return;
    }
    // A restart or a close while this was opening: a second stream would stay open, unseen.
    if (attempt !== this.attempt || this.subscribers.size === 0) {
      opened.abort.abort();
      return;
    }
    this.current = { abort: opened.abort };
    this.backoffMs = MIN_BACKOFF_MS;
    this.failedAttempts = 0;
    this.setConnected(true);
    const ended = () => {
      if (this.current?.abort !== opened.abort) return;
      this.current = undefined;
      this.setConnected(false);
      this.scheduleReconnect();
    };
    forEachJsonLine(opened.stream, (value) => this.dispatch(value), {
      onGarbage: () => this.log.warn('events: dropped a line that is not JSON'),
      maxLineLength: MAX_EVENT_LINE_MIB * 1024 * 1024,
      onOverflow: () => {
        this.overflowedAt = new Date();
        this.log.warn(`events: the engine sent a line longer than ${MAX_EVENT_LINE_MIB} MiB; dropped the connection and opening a new one`);
        opened.abort.abort();
        this.backoffMs = Math.max(this.backoffMs, OVERFLOW_BACKOFF_MS);
        ended();
      },
    });
    opened.stream.on('end', ended);
    opened.stream.on('close', ended);
    opened.stream.on('error', ended);
  }

  private dispatch(parsed: unknown): void {
    const event = toContainerEvent(parsed);
    if (!event) return;
    for (const subscriber of [...this.subscribers]) subscriber.onEvent(event);
  }

  private scheduleReconnect(): void {
    if (this.subscribers.size === 0 || this.reconnectTimer) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    this.reconnectTimer = setTimeout(() => void this.connect(), delay);
  }

  private disconnect(): void {
    this.attempt++;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const current = this.current;
    this.current = undefined;
    current?.abort.abort();
    this.connected = false;
    this.failedAttempts = 0;
  }

  /** `attemptFailed` tells the subscribers even when the state stays down: one more try failed. */
  private setConnected(connected: boolean, attemptFailed = false): void {
    if (this.connected === connected && !attemptFailed) return;
    this.connected = connected;
    for (const subscriber of [...this.subscribers]) subscriber.onConnection(connected, this.failedAttempts);
  }
}

export function toContainerEvent(value: unknown): ContainerEvent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  if (record.Type !== undefined && record.Type !== 'container') return undefined;
  const action = typeof record.Action === 'string' ? record.Action : typeof record.status === 'string' ? record.status : undefined;
  const actor = record.Actor as Record<string, unknown> | undefined;
  const id = typeof actor?.ID === 'string' ? actor.ID : typeof record.id === 'string' ? record.id : undefined;
  if (!action || !id) return undefined;
  // health_status arrives as "health_status: healthy".
  // Podman's compatible API says `died` where Docker says `die`.
  const said = action.split(':')[0].trim();
  const verb = said === 'died' ? 'die' : said;
  if (!RELEVANT_ACTIONS.has(verb) && verb !== 'health_status') return undefined;
  const attributes = actor?.Attributes as Record<string, unknown> | undefined;
  const digits = typeof attributes?.exitCode === 'string' && /^\d+$/.test(attributes.exitCode) ? Number(attributes.exitCode) : undefined;
  const exitCode = digits !== undefined && Number.isSafeInteger(digits) ? digits : undefined; // 400 digits are Infinity
  return exitCode === undefined ? { id, action: verb } : { id, action: verb, exitCode };
}
