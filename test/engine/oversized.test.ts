// An engine that sends without end: an /events line that never ends, a stats frame that never ends,
// a list body of 200 MiB. In front of the real private engine, a hostile HTTP server of the test's
// own answers those paths itself and passes every other request through. The provider must stop
// reading at its caps, say so, reconnect the streams, and not grow with what the engine sends.
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import type { DockerProvider } from '../../src/providers/docker/dockerProvider';
import { engine, privateDockerHost, providerFor, removeTestContainers, runContainer, uniqueName, waitFor } from './engineFixture';

const MiB = 1024 * 1024;

type Hostility = 'events' | 'stats' | 'list';

/** Serves the hostile answer for the chosen paths, the real engine's for the rest; counts and measures. */
class HostileEngine {
  hostile = new Set<Hostility>();
  readonly requests = new Map<Hostility, number>();
  /** Bytes of the hostile answers the client let through before it closed the connection. */
  readonly sentBytes = new Map<Hostility, number>();
  private readonly open = new Set<http.ServerResponse>();

  private constructor(readonly socketPath: string, private readonly server: http.Server) {}

  static async start(socketPath: string, upstream: string): Promise<HostileEngine> {
    const server = http.createServer();
    const hostile = new HostileEngine(socketPath, server);
    server.on('request', (request, response) => hostile.answer(request, response, upstream));
    await new Promise<void>((resolve) => server.listen(socketPath, () => resolve()));
    return hostile;
  }

  get dockerHost(): string {
    return `unix://${this.socketPath}`;
  }

  private which(url: string): Hostility | undefined {
    if (/\/events(\?|$)/.test(url)) return 'events';
    if (/\/containers\/[^/]+\/stats(\?|$)/.test(url)) return 'stats';
    if (/\/containers\/json(\?|$)/.test(url)) return 'list';
    return undefined;
  }

  private answer(request: http.IncomingMessage, response: http.ServerResponse, upstream: string): void {
    const kind = this.which(request.url ?? '');
    if (kind && this.hostile.has(kind)) {
      this.requests.set(kind, (this.requests.get(kind) ?? 0) + 1);
      return this.flood(kind, response);
    }
    const forwarded = http.request({ socketPath: upstream, path: request.url, method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  }

  /** Writes 1 MiB chunks as fast as the client reads them: no newline, or a JSON array of 200 MiB. */
  private flood(kind: Hostility, response: http.ServerResponse): void {
    this.open.add(response);
    response.writeHead(200, { 'Content-Type': 'application/json' });
    const chunk = kind === 'list' ? Buffer.from(`${JSON.stringify({ Id: 'x'.repeat(64), Names: ['/flood'], Labels: { pad: 'p'.repeat(MiB - 200) } })},`) : Buffer.alloc(MiB, 'a');
    let sent = 0;
    const limit = kind === 'list' ? 200 * MiB : Infinity;
    if (kind === 'list') response.write('[');
    const pump = () => {
      while (sent < limit && !response.destroyed) {
        sent += chunk.length;
        this.sentBytes.set(kind, (this.sentBytes.get(kind) ?? 0) + chunk.length);
        if (!response.write(chunk)) return void response.once('drain', pump);
      }
      if (!response.destroyed) response.end(`${JSON.stringify({ Id: 'y'.repeat(64) })}]`);
    };
    response.on('close', () => this.open.delete(response));
    pump();
  }

  async close(): Promise<void> {
    for (const response of this.open) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(this.socketPath, { force: true });
  }
}

function heapMiB(): number {
  global.gc?.();
  return process.memoryUsage().heapUsed / MiB;
}

describe('an engine that sends without end (a hostile server in front of the private engine)', function () {
  this.timeout(60_000);
  const docker = engine();
  let dir: string;
  let hostile: HostileEngine;
  let provider: DockerProvider;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsh-'));
    hostile = await HostileEngine.start(path.join(dir, 'docker.sock'), privateDockerHost().replace(/^unix:\/\//, ''));
    provider = providerFor(hostile.dockerHost, 10_000);
  });

  afterEach(() => hostile.hostile.clear());

  after(async () => {
    await hostile?.close();
    await removeTestContainers(docker);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('drops an /events line past its cap, reconnects, and the tree is told with a notice row', async () => {
    const listed = await provider.list();
    assert.ok(listed.ok, JSON.stringify(listed).slice(0, 300));
    hostile.hostile.add('events');
    const heapBefore = heapMiB();
    const states: boolean[] = [];
    const watch = provider.watch(() => undefined, (connected) => states.push(connected));
    try {
      await waitFor('a second /events connection', () => ((hostile.requests.get('events') ?? 0) >= 2 ? true : undefined), 30_000);
      assert.ok(states.includes(false), `the stream was reported down before it reconnected: ${states.join(',')}`);
      const sent = hostile.sentBytes.get('events') ?? 0;
      assert.ok(heapMiB() - heapBefore < 64, `the heap grew by ${(heapMiB() - heapBefore).toFixed(0)} MiB while ${(sent / MiB).toFixed(0)} MiB arrived`);
      const after = await provider.list();
      assert.ok(after.ok);
      const notice = after.notices?.find((candidate) => candidate.kind === 'too-large');
      assert.ok(notice, `a notice says the stream was dropped: ${JSON.stringify(after.notices)}`);
      assert.match(notice.message, /event.*longer than \d+ MiB.*reconnected/i);
    } finally {
      watch.close();
    }
  });

  it('drops a stats frame past its cap and opens the stream again', async () => {
    const container = await runContainer(docker, { name: uniqueName('flooded-stats') });
    hostile.hostile.add('stats');
    const ended: Array<Error | undefined> = [];
    const stream = provider.streamStats({ kind: 'container', providerId: 'docker', id: container.id }, () => undefined, (error) => ended.push(error));
    try {
      await waitFor('a second stats connection', () => ((hostile.requests.get('stats') ?? 0) >= 2 ? true : undefined), 30_000);
      assert.deepStrictEqual(ended, [], 'the panel’s stream did not end: it was opened again');
    } finally {
      stream.close();
    }
  });

  it('refuses a list body past its cap with a diagnosis, having read only up to the cap', async () => {
    hostile.hostile.add('list');
    const heapBefore = heapMiB();
    const result = await provider.list();
    assert.ok(!result.ok, `the list must fail, got ${JSON.stringify(result).slice(0, 200)}`);
    assert.strictEqual(result.diagnosis.kind, 'too-large', JSON.stringify(result.diagnosis));
    assert.match(result.diagnosis.message, /larger than \d+ MiB/);
    const sent = hostile.sentBytes.get('list') ?? 0;
    assert.ok(sent < 120 * MiB, `reading stopped near the cap: ${(sent / MiB).toFixed(0)} MiB were sent`);
    assert.ok(heapMiB() - heapBefore < 200, `the heap grew by ${(heapMiB() - heapBefore).toFixed(0)} MiB`);
  });
});
