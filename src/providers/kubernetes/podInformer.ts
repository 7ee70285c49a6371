// Pods kept current the way Kubernetes clients do it: one list (in pages), then a watch from the
// list's resourceVersion with bookmarks, each event applied to the cache; a watch that expires
// (410 Gone) lists again. While the watch is live, the tree's lists are answered from the cache:
// no request per refresh, none per pod.
import { parseList, parseWatchEvent } from './contracts';
import { parsePodRow, type PodRow } from './podContracts';
import { KubeApiError, type KubeClient } from './client';
import { podRefId } from './podSummary';

const PAGE = 500;
/** The server ends a watch after this; it is opened again from the last resourceVersion. */
const WATCH_SECONDS = 300;
const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000];

/** Where pods are read: the whole cluster (undefined) or one namespace. */
export type Scope = string | undefined;

function podsPath(scope: Scope): string {
  return scope === undefined ? '/api/v1/pods' : `/api/v1/namespaces/${encodeURIComponent(scope)}/pods`;
}

export interface InformerEvents {
  /** A pod changed (with its new state) or, with no pod, the whole list did (a relist). */
  onChange(pod?: PodRow, deleted?: boolean): void;
  onStatus(connected: boolean, failedAttempts: number): void;
}

export class PodInformer {
  private pods = new Map<string, PodRow>();
  private resourceVersion: string | undefined;
  private synced = false;
  private closed = false;
  private watchStream: { close(): void } | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  /** Why the last list or watch failed, for the log. */
  lastError: Error | undefined;
  /** Lists and watches opened since construction: the bench and the tests read them. */
  readonly counts = { lists: 0, watches: 0, relistsAfterGone: 0 };

  constructor(
    private readonly client: KubeClient,
    readonly scope: Scope,
    private readonly events: InformerEvents,
  ) {}

  /** The cached pods while the watch keeps them current, else undefined (the caller lists). */
  cached(): PodRow[] | undefined {
    return this.synced && this.watchStream ? [...this.pods.values()] : undefined;
  }

  /** One list, every page; fills the cache and the resourceVersion a watch starts from. */
  async list(): Promise<PodRow[]> {
    this.counts.lists++;
    const pods = new Map<string, PodRow>();
    let continueToken: string | undefined;
    let resourceVersion: string | undefined;
    do {
      const query = new URLSearchParams({ limit: String(PAGE), ...(continueToken ? { continue: continueToken } : {}) });
      const parsed = parseList(await this.client.get(`${podsPath(this.scope)}?${query}`), parsePodRow, 'pod');
      if (!parsed.ok) throw new Error(parsed.error);
      for (const pod of parsed.value.items) pods.set(podRefId(pod), pod);
      continueToken = parsed.value.continueToken;
      resourceVersion = parsed.value.resourceVersion;
    } while (continueToken);
    this.pods = pods;
    this.resourceVersion = resourceVersion;
    this.synced = true;
    return [...pods.values()];
  }

  start(): void {
    this.closed = false;
    void this.connect();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.watchStream?.close();
    this.watchStream = undefined;
    this.synced = false;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    try {
      if (!this.synced || this.resourceVersion === undefined) {
        await this.list();
        this.events.onChange();
      }
      if (this.closed) return;
      this.openWatch();
    } catch (error) {
      this.retryLater(error as Error);
    }
  }

  private openWatch(): void {
    this.counts.watches++;
    const query = new URLSearchParams({ watch: '1', allowWatchBookmarks: 'true', timeoutSeconds: String(WATCH_SECONDS), resourceVersion: this.resourceVersion ?? '' });
    let opened = false;
    const stream = this.client.watch(`${podsPath(this.scope)}?${query}`, {
      onLine: (line) => {
        if (!opened) {
          opened = true;
          this.failures = 0;
        }
        this.apply(line);
      },
      onEnd: (error) => {
        if (this.watchStream !== stream) return;
        this.watchStream = undefined;
        if (this.closed) return;
        if (error instanceof KubeApiError && error.statusCode === 410) return this.relist();
        if (error) return this.retryLater(error);
        void this.connect(); // the server's timeoutSeconds: open it again from where it was
      },
    });
    this.watchStream = stream;
    this.events.onStatus(true, 0);
  }

  private apply(line: unknown): void {
    const event = parseWatchEvent(line);
    if (!event) return;
    if (event.type === 'BOOKMARK') {
      this.resourceVersion = event.resourceVersion;
      return;
    }
    if (event.type === 'ERROR') {
      // 410 Gone inside the stream: the resourceVersion is too old; list again.
      if (event.code === 410) {
        this.watchStream?.close();
        this.watchStream = undefined;
        this.relist();
      }
      return;
    }
    const parsed = parsePodRow(event.object);
    if (!parsed.ok) return;
    const pod = parsed.value;
    if (pod.metadata.resourceVersion) this.resourceVersion = pod.metadata.resourceVersion;
    if (event.type === 'DELETED') this.pods.delete(podRefId(pod));
    else this.pods.set(podRefId(pod), pod);
    this.events.onChange(pod, event.type === 'DELETED');
  }

  private relist(): void {
    this.counts.relistsAfterGone++;
    this.synced = false;
    this.resourceVersion = undefined;
    void this.connect();
  }

  private retryLater(error: Error): void {
    if (this.closed) return;
    this.synced = false;
    this.failures++;
    this.events.onStatus(false, this.failures);
    this.lastError = error;
    const delay = RETRY_MS[Math.min(this.failures - 1, RETRY_MS.length - 1)];
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }
}
