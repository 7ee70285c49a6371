// A hostile stand-in for the Docker engine socket: an HTTP proxy on a unix socket in front of the
// private engine that can stall chosen requests, count how many of each kind are in flight, add
// synthetic lines to the `/events` stream, and go away (connections refused) and come back.
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';

export interface RequestStats {
  /** Requests of this kind received so far. */
  total: number;
  /** Requests of this kind answered or abandoned so far. */
  finished: number;
  inFlight: number;
  maxInFlight: number;
}

export class EngineProxy {
  readonly socketPath: string;
  private readonly server: http.Server;
  private readonly stats = new Map<string, RequestStats>();
  /** Response delays by request kind (`GET /containers/json`). */
  private readonly delays = new Map<string, number>();
  private readonly eventStreams = new Set<http.ServerResponse>();
  private listening = false;

  private constructor(private readonly upstreamSocket: string) {
    // Short: unix socket paths are limited to 107 bytes.
    this.socketPath = path.join(os.tmpdir(), `wsp-${process.pid}-${Math.random().toString(36).slice(2, 8)}.sock`);
    this.server = http.createServer((req, res) => this.forward(req, res));
    this.server.keepAliveTimeout = 1000;
  }

  /** Starts a proxy in front of the engine at `upstreamSocket` (a unix socket path). */
  static async start(upstreamSocket: string): Promise<EngineProxy> {
    const proxy = new EngineProxy(upstreamSocket);
    await proxy.up();
    return proxy;
  }

  get endpoint(): string {
    return `unix://${this.socketPath}`;
  }

  /** `GET /containers/json`, `GET /events`, `GET /containers/{id}/json`, ... (ids and queries dropped). */
  static kindOf(method: string | undefined, url: string | undefined): string {
    const pathname = (url ?? '/').split('?')[0].replace(/^\/v\d+\.\d+/, '');
    const normalised = pathname.replace(/\/(containers|images|exec)\/[^/]+\/(?!$)/, '/$1/{id}/').replace(/\/(containers|images|exec)\/(?!json$)[^/]+$/, '/$1/{id}');
    return `${method ?? 'GET'} ${normalised}`;
  }

  statsOf(kind: string): RequestStats {
    let stats = this.stats.get(kind);
    if (!stats) {
      stats = { total: 0, finished: 0, inFlight: 0, maxInFlight: 0 };
      this.stats.set(kind, stats);
    }
    return stats;
  }

  /** Forgets the counts (not the requests in flight). */
  resetStats(): void {
    for (const stats of this.stats.values()) {
      stats.total = 0;
      stats.finished = 0;
      stats.maxInFlight = stats.inFlight;
    }
  }

  delay(kind: string, ms: number): void {
    if (ms > 0) this.delays.set(kind, ms);
    else this.delays.delete(kind);
  }

  /** Open `/events` streams (one per connected extension event subscription). */
  get eventStreamCount(): number {
    return this.eventStreams.size;
  }

  /** Adds one JSON line to every open `/events` stream, between the engine's own lines. */
  injectEvent(event: unknown): number {
    const line = `${JSON.stringify(event)}\n`;
    for (const res of this.eventStreams) res.write(line);
    return this.eventStreams.size;
  }

  /** The engine goes away: open connections drop and new ones are refused (the socket file is gone). */
  async down(): Promise<void> {
    if (!this.listening) return;
    this.listening = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const res of this.eventStreams) res.destroy();
    this.eventStreams.clear();
    this.server.closeAllConnections();
    await closed;
    fs.rmSync(this.socketPath, { force: true });
  }

  async up(): Promise<void> {
    if (this.listening) return;
    fs.rmSync(this.socketPath, { force: true });
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.socketPath, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.listening = true;
  }

  async close(): Promise<void> {
    await this.down();
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const kind = EngineProxy.kindOf(req.method, req.url);
    const stats = this.statsOf(kind);
    stats.total++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      stats.inFlight--;
      stats.finished++;
      this.eventStreams.delete(res);
    };
    res.on('close', finish);
    res.on('finish', finish);

    const send = () => {
      if (done) return;
      const upstream = http.request(
        { socketPath: this.upstreamSocket, method: req.method, path: req.url, headers: req.headers, agent: false },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          if (kind === 'GET /events') {
            // Whole lines only, so an injected line never lands inside one of the engine's.
            this.eventStreams.add(res);
            res.flushHeaders();
            let partial = '';
            answer.setEncoding('utf8');
            answer.on('data', (chunk: string) => {
              const text = partial + chunk;
              const end = text.lastIndexOf('\n');
              partial = text.slice(end + 1);
              if (end >= 0 && !done) res.write(text.slice(0, end + 1));
            });
            answer.on('end', () => res.end(partial));
          } else {
            answer.pipe(res);
          }
          answer.on('error', () => res.destroy());
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('engine proxy: upstream failed');
      });
      res.on('close', () => upstream.destroy());
      req.pipe(upstream);
    };
    const delayMs = this.delays.get(kind);
    if (delayMs) setTimeout(send, delayMs);
    else send();
  }
}
