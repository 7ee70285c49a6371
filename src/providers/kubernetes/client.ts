// The only module that loads @kubernetes/client-node (the official client). It reads kubeconfig
// files and applies a context's credentials the way kubectl does (client certificates, tokens,
// exec and auth-provider plugins, proxy-url); the requests themselves are plain HTTPS GETs whose
// answers are `unknown` until contracts.ts checks them, with a timeout, a size cap and a debug
// line each. Watches are read line by line as they stream.
import type * as ClientNode from '@kubernetes/client-node';
import * as http from 'http';
import * as https from 'https';
import type { Readable, Writable } from 'stream';
import type { Logger } from '../provider';

/** The largest answer read for a call that is not a watch: 5000 pods with big labels fit. */
export const MAX_BODY_MIB = 256;

let loaded: typeof ClientNode | undefined;
/** Loaded on first use: a machine without a kubeconfig never compiles it. */
function clientNode(): typeof ClientNode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (loaded ??= require('@kubernetes/client-node') as typeof ClientNode);
}

/** One context of one kubeconfig file, as kubectl would read it. */
export interface KubeconfigContext {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  server?: string;
  /** The program an exec credential plugin runs, when the user has one. */
  execCommand?: string;
  /** The file its context entry came from. */
  file: string;
}

export interface KubeconfigFile {
  file: string;
  contexts: KubeconfigContext[];
  currentContext?: string;
}

/** Reads one kubeconfig file; throws with the parser's words when it is not one. */
export function readKubeconfigFile(file: string): KubeconfigFile {
  const config = new (clientNode().KubeConfig)();
  config.loadFromFile(file);
  const contexts = config.getContexts().map((context): KubeconfigContext => {
    const cluster = config.getCluster(context.cluster);
    const user = config.getUser(context.user);
    return { name: context.name, cluster: context.cluster, user: context.user, namespace: context.namespace, server: cluster?.server, execCommand: user?.exec?.command, file };
  });
  return { file, contexts, currentContext: config.getCurrentContext() || undefined };
}

export class KubeApiError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | undefined,
    readonly body: unknown,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'KubeApiError';
  }
}

export class KubeTimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
  constructor(what: string, timeoutMs: number) {
    super(`${what} did not answer within ${timeoutMs} ms`);
    this.name = 'KubeTimeoutError';
  }
}

export interface KubeClientOptions {
  /** The kubeconfig files, merged as kubectl merges KUBECONFIG: the first to name a thing wins. */
  files: readonly string[];
  context: string;
  timeoutMs: () => number;
  log: Logger;
}

export interface WatchCallbacks {
  onLine(value: unknown): void;
  /** The stream ended: by the server (no error), by a failure, or by close(). */
  onEnd(error?: Error): void;
}

/** The streams of an exec; `onStatus` gets the server's last word (the exit code in a Failure's causes). */
export interface ExecStreams {
  stdout: NodeJS.WritableStream & Writable;
  stderr: Writable | null;
  stdin: Readable | null;
  tty: boolean;
  onStatus(status: { status?: string; message?: string; reason?: string; details?: { causes?: { reason?: string; message?: string }[] } }): void;
}

/** The WebSocket of an exec, as far as its caller uses it. */
export interface ExecConnection {
  close(): void;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export class KubeClient {
  private config: ClientNode.KubeConfig | undefined;
  /** Requests sent (a watch counts once, when opened): the bench's idle figures read it. */
  requestCount = 0;
  /** One keep-alive agent per TLS identity: the client's own agent is new on every call (a TLS handshake per page of a list). */
  private agent: { identity: string; agent: https.Agent } | undefined;

  constructor(private readonly options: KubeClientOptions) {}

  /** The context's own KubeConfig: its cluster, user and context only, paths made absolute per file. */
  private kubeConfig(): ClientNode.KubeConfig {
    if (this.config) return this.config;
    const { KubeConfig } = clientNode();
    const merged = { clusters: new Map<string, ClientNode.Cluster>(), users: new Map<string, ClientNode.User>(), contexts: new Map<string, ClientNode.Context>() };
    for (const file of this.options.files) {
      const one = new KubeConfig();
      one.loadFromFile(file);
      for (const cluster of one.getClusters()) if (!merged.clusters.has(cluster.name)) merged.clusters.set(cluster.name, cluster);
      for (const user of one.getUsers()) if (!merged.users.has(user.name)) merged.users.set(user.name, user);
      for (const context of one.getContexts()) if (!merged.contexts.has(context.name)) merged.contexts.set(context.name, context);
    }
    const context = merged.contexts.get(this.options.context);
    if (!context) throw new Error(`The context ${this.options.context} is in none of ${this.options.files.join(', ')}.`);
    const cluster = merged.clusters.get(context.cluster);
    if (!cluster) throw new Error(`The context ${context.name} names the cluster ${context.cluster}, which no kubeconfig file defines.`);
    const user = merged.users.get(context.user);
    const config = new KubeConfig();
    config.loadFromOptions({ clusters: [cluster], users: user ? [user] : [], contexts: [context], currentContext: context.name });
    return (this.config = config);
  }

  /** The cluster's address, for the tree. */
  server(): string {
    return this.kubeConfig().getCurrentCluster()?.server ?? '';
  }

  /** Drops the credentials read so far: the next call reads the files again (settings changed, Retry). */
  reset(): void {
    this.config = undefined;
    this.agent?.agent.destroy();
    this.agent = undefined;
  }

  private async requestOptions(path: string, signal: AbortSignal): Promise<{ options: https.RequestOptions; secure: boolean }> {
    const config = this.kubeConfig();
    const server = new URL(config.getCurrentCluster()?.server ?? '');
    const secure = server.protocol === 'https:';
    const base = server.pathname.replace(/\/$/, '');
    const options: https.RequestOptions = {
      protocol: server.protocol,
      hostname: server.hostname.replace(/^\[|\]$/g, ''),
      port: server.port || (secure ? 443 : 80),
      path: `${base}${path}`,
      method: 'GET',
      headers: { Accept: 'application/json' },
      signal,
    };
    // Credentials, CA, client certificate, exec plugins and the proxy agent, as kubectl applies them.
    await config.applyToHTTPSOptions(options);
    if (secure && !config.getCurrentCluster()?.proxyUrl) options.agent = this.keepAliveAgent(options);
    return { options, secure };
  }

  /** The keep-alive agent for the TLS material these options carry (an exec plugin may hand out new certificates). */
  private keepAliveAgent(options: https.RequestOptions): https.Agent {
    const tls = { ca: options.ca, cert: options.cert, key: options.key, pfx: options.pfx, passphrase: options.passphrase, rejectUnauthorized: options.rejectUnauthorized, servername: options.servername };
    const identity = JSON.stringify(Object.values(tls).map((value) => (value === undefined ? null : String(value))));
    if (this.agent?.identity !== identity) {
      this.agent?.agent.destroy();
      this.agent = { identity, agent: new https.Agent({ keepAlive: true, ...tls }) };
    }
    return this.agent.agent;
  }

  /** GET `path` (e.g. /api/v1/pods?limit=500); resolves with the parsed JSON, rejects with KubeApiError. */
  get(path: string): Promise<unknown> {
    return this.call('GET', path);
  }

  /** DELETE `path`; resolves with the server's answer (the object, or a Status). */
  delete(path: string): Promise<unknown> {
    return this.call('DELETE', path);
  }

  private async call(method: 'GET' | 'DELETE', path: string): Promise<unknown> {
    const timeoutMs = this.options.timeoutMs();
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new KubeTimeoutError(`${method} ${path}`, timeoutMs)), timeoutMs);
    const started = performance.now();
    this.requestCount++;
    try {
      const { options, secure } = await this.requestOptions(path, abort.signal);
      options.method = method;
      const body = await new Promise<Buffer>((resolve, reject) => {
        const request = (secure ? https : http).request(options, (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY_MIB * 1024 * 1024) {
              request.destroy(new KubeApiError(`the answer to ${method} ${path} is larger than ${MAX_BODY_MIB} MiB`, response.statusCode, undefined, 'ETOOLARGE'));
              return;
            }
            chunks.push(chunk);
          });
          response.on('end', () => {
            const buffer = Buffer.concat(chunks);
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) return resolve(buffer);
            let parsed: unknown;
            try {
              parsed = JSON.parse(buffer.toString('utf8'));
            } catch {
              parsed = buffer.toString('utf8').slice(0, 500);
            }
            const message = typeof parsed === 'object' && parsed !== null && typeof (parsed as { message?: unknown }).message === 'string' ? (parsed as { message: string }).message : `HTTP ${status}`;
            reject(new KubeApiError(message, status, parsed));
          });
          response.on('error', reject);
        });
        request.on('error', (error) => reject(abort.signal.aborted && abort.signal.reason instanceof Error ? abort.signal.reason : error));
        request.end();
      });
      this.options.log.debug(`kubernetes ${method} ${path}: ${body.length} bytes in ${(performance.now() - started).toFixed(0)} ms`);
      try {
        return JSON.parse(body.toString('utf8'));
      } catch {
        throw new KubeApiError(`the answer to ${method} ${path} is not JSON`, 200, body.toString('utf8').slice(0, 200));
      }
    } catch (error) {
      this.options.log.debug(`kubernetes ${method} ${path} failed after ${(performance.now() - started).toFixed(0)} ms: ${(error as Error).message}`);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Streams GET `path` (with watch=1 in it) as JSON objects, one per line, until the server ends
   * it or close() is called. A non-2xx answer ends it with a KubeApiError (410 Gone among them).
   */
  watch(path: string, callbacks: WatchCallbacks): { close(): void } {
    return this.streamLines(path, {
      onLine: (line) => {
        try {
          callbacks.onLine(JSON.parse(line));
        } catch {
          this.options.log.warn(`kubernetes watch ${path}: a line that is not JSON was skipped`);
        }
      },
      onEnd: callbacks.onEnd,
    });
  }

  /**
   * Streams GET `path` line by line (a watch, a followed log) until the server ends it or close()
   * is called. A non-2xx answer ends it with a KubeApiError.
   */
  streamLines(path: string, callbacks: { onLine(line: string): void; onEnd(error?: Error): void }): { close(): void } {
    const abort = new AbortController();
    let ended = false;
    const end = (error?: Error) => {
      if (ended) return;
      ended = true;
      callbacks.onEnd(error);
    };
    this.requestCount++;
    (async () => {
      const { options, secure } = await this.requestOptions(path, abort.signal);
      const request = (secure ? https : http).request(options, (response) => {
        const status = response.statusCode ?? 0;
        if (status < 200 || status >= 300) {
          let text = '';
          response.on('data', (chunk: Buffer) => (text = (text + chunk.toString('utf8')).slice(0, 4096)));
          response.on('end', () => {
            let body: unknown = text;
            try {
              body = JSON.parse(text);
            } catch {
              // kept as text
            }
            const message = typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string' ? (body as { message: string }).message : `HTTP ${status}`;
            end(new KubeApiError(`${path.split('?')[0]} was refused: ${message}`, status, body));
          });
          return;
        }
        let pending = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          pending += chunk;
          let newline: number;
          while ((newline = pending.indexOf('\n')) !== -1) {
            const line = pending.slice(0, newline).replace(/\r$/, '');
            pending = pending.slice(newline + 1);
            if (line.trim()) callbacks.onLine(line);
          }
          // One event (one log line) is one line; a line longer than the cap is none of ours.
          if (pending.length > MAX_BODY_MIB * 1024 * 1024) request.destroy(new Error(`a line of ${path.split('?')[0]} is larger than ${MAX_BODY_MIB} MiB`));
        });
        response.on('end', () => {
          if (pending.trim()) callbacks.onLine(pending);
          pending = '';
          end();
        });
        response.on('error', (error) => end(abort.signal.aborted ? undefined : error));
        // A connection cut mid-stream (the server went away) may only close: a stream that ends so failed.
        response.on('close', () => end(abort.signal.aborted || response.complete ? undefined : new Error(`${path.split('?')[0]} was cut off`)));
      });
      request.on('error', (error) => end(abort.signal.aborted ? undefined : error));
      request.end();
    })().catch((error: unknown) => end(error as Error));
    return {
      close: () => {
        abort.abort();
        end();
      },
    };
  }

  /**
   * Runs `command` in a container of a pod through the API server's exec (a WebSocket, by the
   * official client, which speaks the channel protocol and applies the context's credentials).
   * `stdout` may carry `columns`, `rows` and 'resize' events: the client then sends the size.
   */
  exec(target: { namespace: string; pod: string; container: string }, command: string[], streams: ExecStreams): Promise<ExecConnection> {
    this.requestCount++;
    const { Exec } = clientNode();
    return new Exec(this.kubeConfig()).exec(target.namespace, target.pod, target.container, command, streams.stdout, streams.stderr, streams.stdin, streams.tty, (status) => streams.onStatus(status));
  }
}
