// Faults a user's engine really has, against real sockets and real engines (never the user's):
// a socket this user may not open, an engine that stalls or answers late, and an engine killed
// mid-session and started again on the same socket. The provider must answer with a diagnosis
// within its timeout, not throw, not hang, and not leave connections piling up.
import * as assert from 'assert';
import { type ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import Dockerode from 'dockerode';
import type { DockerProvider } from '../../src/providers/docker/dockerProvider';
import type { ListResult } from '../../src/providers/provider';
import { repoRoot } from '../repoPaths';
import { engine, privateDockerHost, providerFor, removeTestContainers, runContainer, uniqueName, waitFor } from './engineFixture';

type ProxyMode = 'pass' | 'stall' | 'delay';

/**
 * A unix socket in front of a real engine socket. `pass` forwards both ways; `stall` accepts and
 * reads but never answers; `delay` forwards each request only after `delayMs`. The mode is read
 * per request chunk, so it applies to connections the client keeps alive as well.
 */
class FaultProxy {
  mode: ProxyMode = 'pass';
  delayMs = 3_000;
  accepted = 0;
  readonly open = new Set<net.Socket>();
  private readonly upstreams = new Set<net.Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();

  private constructor(readonly socketPath: string, public upstreamPath: string, private readonly server: net.Server) {}

  static async start(socketPath: string, upstreamPath: string): Promise<FaultProxy> {
    const server = net.createServer();
    const proxy = new FaultProxy(socketPath, upstreamPath, server);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
    return proxy;
  }

  get dockerHost(): string {
    return `unix://${this.socketPath}`;
  }

  private accept(client: net.Socket): void {
    this.accepted++;
    this.open.add(client);
    const upstream = net.connect(this.upstreamPath);
    this.upstreams.add(upstream);
    client.on('close', () => {
      this.open.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => {
      this.upstreams.delete(upstream);
      client.destroy();
    });
    client.on('error', () => client.destroy());
    upstream.on('error', () => upstream.destroy());
    upstream.pipe(client);
    // The mode applies to every request, also on kept-alive connections (Node's agent reuses them).
    let queue = Promise.resolve();
    client.on('data', (chunk: Buffer) => {
      if (this.mode === 'stall') return; // read and dropped: the engine never sees it, nothing answers
      const delayMs = this.mode === 'delay' ? this.delayMs : 0;
      queue = queue.then(
        () =>
          new Promise<void>((resolve) => {
            if (delayMs === 0) return resolve();
            const timer = setTimeout(() => {
              this.timers.delete(timer);
              resolve();
            }, delayMs);
            this.timers.add(timer);
          }),
      ).then(() => {
        if (!client.destroyed && !upstream.destroyed) upstream.write(chunk);
      });
    });
  }

  /** Closes every connection, as an engine does with idle ones: no kept-alive socket is left to reuse. */
  dropConnections(): void {
    for (const socket of [...this.open, ...this.upstreams]) socket.destroy();
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    for (const socket of [...this.open, ...this.upstreams]) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(this.socketPath, { force: true });
  }
}

function socketPathOf(dockerHost: string): string {
  return dockerHost.replace(/^unix:\/\//, '');
}

/** A short temp dir (unix socket paths are limited to 107 bytes), removed by the caller. */
function shortTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'wsf-'));
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await run();
  return { value, ms: Date.now() - started };
}

function assertDiagnosis(result: ListResult, kind: string): asserts result is Extract<ListResult, { ok: false }> {
  assert.strictEqual(result.ok, false, `list() should fail with a diagnosis, got ${JSON.stringify(result).slice(0, 300)}`);
  assert.strictEqual(result.diagnosis.kind, kind, `diagnosis: ${JSON.stringify(result.diagnosis)}`);
}

/** Runs a node child process and resolves with its exit code and output; kills it by PID after `timeoutMs`. */
function runChild(args: string[], options: { uid: number; gid: number; env: NodeJS.ProcessEnv; cwd: string }, timeoutMs = 20_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      if (child.pid) process.kill(child.pid, 'SIGKILL');
      reject(new Error(`the child process did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the Docker provider under faults (real sockets, real engines)', function () {
  this.timeout(60_000);
  let docker: Dockerode;

  before(() => {
    docker = engine();
  });
  after(() => removeTestContainers(docker));

  describe('a socket the user may not open', () => {
    let dir: string;
    let proxy: FaultProxy;

    before(async () => {
      if (process.getuid?.() !== 0) throw new Error('This test needs root: it runs its child process as the user nobody (uid 65534).');
      dir = shortTempDir();
      fs.chmodSync(dir, 0o711); // traversable by nobody, but not listable
      proxy = await FaultProxy.start(path.join(dir, 'docker.sock'), socketPathOf(privateDockerHost()));
      fs.chmodSync(proxy.socketPath, 0o600); // owned by root, like /var/run/docker.sock without the docker group
    });
    after(async () => {
      await proxy?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('diagnoses permission denied for a non-root user, naming the docker group and the rootless socket, and exits cleanly', async () => {
      // The same socket works for root: the only thing wrong for nobody is the permission.
      const asRoot = await providerFor(proxy.dockerHost, 5_000).list();
      assert.ok(asRoot.ok, `root lists through the 0600 socket: ${JSON.stringify(asRoot).slice(0, 300)}`);
      assert.strictEqual(fs.statSync(proxy.socketPath).mode & 0o777, 0o600);
      assert.strictEqual(fs.statSync(proxy.socketPath).uid, 0);

      const compiledSrc = path.join(repoRoot, 'out', 'src', 'providers', 'docker');
      const script = `
        const { DockerProvider } = require(${JSON.stringify(path.join(compiledSrc, 'dockerProvider.js'))});
        const { endpointInputFromProcess, resolveDockerEndpoint } = require(${JSON.stringify(path.join(compiledSrc, 'endpoint.js'))});
        const host = process.env.WS_FAULT_HOST;
        const quiet = () => undefined;
        const provider = new DockerProvider({
          resolveEndpoint: () => resolveDockerEndpoint(endpointInputFromProcess(host)),
          timeoutMs: () => 5000,
          log: { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet },
        });
        (async () => {
          const result = await provider.list();
          process.stdout.write(JSON.stringify({ uid: process.getuid(), result }) + '\\n');
        })();
      `;
      const child = await runChild(['-e', script], {
        uid: 65534,
        gid: 65534,
        cwd: dir,
        env: { PATH: process.env.PATH, HOME: dir, WS_FAULT_HOST: proxy.dockerHost },
      });
      assert.strictEqual(child.code, 0, `the child exits 0 (no throw, no unhandled rejection); stderr: ${child.stderr}`);
      assert.strictEqual(child.stderr, '', 'nothing on stderr');
      const printed = JSON.parse(child.stdout.trim()) as { uid: number; result: ListResult };
      assert.strictEqual(printed.uid, 65534, 'the child ran as nobody');
      assertDiagnosis(printed.result, 'permission-denied');
      assert.match(printed.result.diagnosis.message, /Permission denied/);
      assert.ok(printed.result.diagnosis.message.includes(proxy.socketPath), `the message names the socket: ${printed.result.diagnosis.message}`);
      assert.match(printed.result.diagnosis.hint, /docker group/);
      assert.match(printed.result.diagnosis.hint, /rootless socket/);
      assert.strictEqual(printed.result.endpoint, proxy.dockerHost);
    });
  });

  describe('a slow engine', () => {
    const TIMEOUT_MS = 1_000;
    const BOUND_MS = TIMEOUT_MS + 1_500;
    let dir: string;
    let proxy: FaultProxy;
    let provider: DockerProvider;
    let containerId: string;

    before(async () => {
      dir = shortTempDir();
      proxy = await FaultProxy.start(path.join(dir, 'docker.sock'), socketPathOf(privateDockerHost()));
      provider = providerFor(proxy.dockerHost, TIMEOUT_MS);
      containerId = (await runContainer(docker, { name: uniqueName('slow-engine') })).id;
    });
    afterEach(() => {
      proxy.mode = 'pass';
    });
    after(async () => {
      await proxy?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    const ref = () => ({ kind: 'container' as const, providerId: 'docker', id: containerId });

    it('answers list, inspect and actions within the timeout while the engine stalls, and recovers when it answers again', async () => {
      const before = await provider.list();
      assert.ok(before.ok && before.workloads.some((w) => w.ref.id === containerId), 'lists through the pass-through proxy first');

      proxy.mode = 'stall';
      const listed = await timed(() => provider.list());
      assertDiagnosis(listed.value, 'timeout');
      assert.ok(listed.ms < BOUND_MS, `list() answered in ${listed.ms} ms, bound ${BOUND_MS} ms`);

      const inspected = await timed(() => provider.inspectStack(ref()).then(() => undefined, (error: unknown) => error));
      assert.ok(inspected.value instanceof Error, 'inspectStack rejects while the engine stalls');
      assert.match(inspected.value.message, /did not answer within 1000 ms/);
      assert.ok(inspected.ms < BOUND_MS, `inspectStack settled in ${inspected.ms} ms, bound ${BOUND_MS} ms`);

      const acted = await timed(() => provider.runAction(ref(), 'pause').then(() => undefined, (error: unknown) => error));
      assert.ok(acted.value instanceof Error, 'runAction rejects while the engine stalls');
      assert.match(acted.value.message, /did not answer in time/);
      assert.ok(acted.ms < BOUND_MS, `runAction settled in ${acted.ms} ms, bound ${BOUND_MS} ms`);
      assert.strictEqual((await docker.getContainer(containerId).inspect()).State.Paused, false, 'the stalled pause never reached the engine');

      proxy.mode = 'pass';
      const recovered = await provider.list();
      assert.ok(recovered.ok && recovered.workloads.some((w) => w.ref.id === containerId), `lists again once the engine answers: ${JSON.stringify(recovered).slice(0, 300)}`);
      const stack = await provider.inspectStack(ref());
      assert.ok(stack.layers.some((layer) => layer.kind === 'engine'), 'draws the stack again');
      await provider.runAction(ref(), 'pause');
      assert.strictEqual((await docker.getContainer(containerId).inspect()).State.Paused, true, 'the action reaches the engine again');
      await provider.runAction(ref(), 'unpause');
    });

    it('answers within the timeout when every response comes 3 s late, and works again without the delay', async () => {
      proxy.mode = 'delay';
      proxy.delayMs = 3_000;
      const listed = await timed(() => provider.list());
      assertDiagnosis(listed.value, 'timeout');
      assert.ok(listed.ms < BOUND_MS, `list() answered in ${listed.ms} ms, bound ${BOUND_MS} ms`);

      const inspected = await timed(() => provider.inspectStack(ref()).then(() => undefined, (error: unknown) => error));
      assert.ok(inspected.value instanceof Error, 'inspectStack rejects while the engine is slow');
      assert.ok(inspected.ms < BOUND_MS, `inspectStack settled in ${inspected.ms} ms, bound ${BOUND_MS} ms`);

      const acted = await timed(() => provider.runAction(ref(), 'pause').then(() => undefined, (error: unknown) => error));
      assert.ok(acted.value instanceof Error, 'runAction rejects while the engine is slow');
      assert.ok(acted.ms < BOUND_MS, `runAction settled in ${acted.ms} ms, bound ${BOUND_MS} ms`);

      // A provider with room for the delay gets the real answer: the proxy does forward, late.
      const patient = await timed(() => providerFor(proxy.dockerHost, 10_000).list());
      assert.ok(patient.value.ok, 'a longer timeout sees the late answer');
      assert.ok(patient.ms >= 2_900, `the answer really came late (${patient.ms} ms)`);

      proxy.mode = 'pass';
      provider.reconnect();
      const recovered = await provider.list();
      assert.ok(recovered.ok, `lists again without the delay: ${JSON.stringify(recovered).slice(0, 300)}`);
      assert.strictEqual((await docker.getContainer(containerId).inspect()).State.Paused, false, 'the timed-out pause was never forwarded');
    });

    it('closes the connection of every timed-out call: 20 list() calls while stalled leave none open', async () => {
      proxy.dropConnections();
      await waitFor('the dropped connections to close', () => proxy.open.size === 0, 2_000);
      // The client (Node's global agent, keep-alive) must have seen the closes, or a call would reuse a dead socket.
      const agent = http.globalAgent;
      const pooled = () => [agent.freeSockets, agent.sockets].some((pool) => Object.entries(pool).some(([name, sockets]) => name.includes(proxy.socketPath) && (sockets?.length ?? 0) > 0));
      await waitFor('the client pool to drop the closed sockets', () => !pooled(), 2_000);
      proxy.mode = 'stall';
      const acceptedBefore = proxy.accepted;
      const results = await timed(() => Promise.all(Array.from({ length: 20 }, () => provider.list())));
      for (const result of results.value) assertDiagnosis(result, 'timeout');
      assert.ok(results.ms < BOUND_MS, `20 concurrent list() calls answered in ${results.ms} ms, bound ${BOUND_MS} ms`);
      assert.strictEqual(proxy.accepted - acceptedBefore, 20, 'one connection per call');
      // Well before Node's agent would close idle sockets (5 s): the aborts themselves close them.
      await waitFor(`the timed-out connections to close (${proxy.open.size} still open)`, () => proxy.open.size === 0, 1_000);
    });
  });

  describe('an engine killed mid-session and started again', () => {
    interface PrivateEngine {
      dir: string;
      socketPath: string;
      dockerHost: string;
      pid: number;
      env: NodeJS.ProcessEnv;
      stop(): Promise<void>;
    }
    let second: PrivateEngine | undefined;
    let restarted: ChildProcess | undefined;
    let subscription: { close(): void } | undefined;

    before(async function () {
      this.timeout(90_000);
      const harness = pathToFileURL(path.join(repoRoot, 'scripts', 'harness', 'dockerd.mjs')).href;
      // A real ES module import (tsc would turn `import()` into `require()` under commonjs).
      const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{ startPrivateDockerd(options: { label: string }): Promise<PrivateEngine> }>;
      const { startPrivateDockerd } = await importModule(harness);
      second = await startPrivateDockerd({ label: 'faults-test' });
    });
    after(async function () {
      this.timeout(60_000);
      subscription?.close();
      if (restarted?.pid && restarted.exitCode === null && restarted.signalCode === null) {
        const exited = new Promise((resolve) => restarted?.once('exit', resolve));
        process.kill(restarted.pid, 'SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
        if (restarted.exitCode === null && restarted.signalCode === null) process.kill(restarted.pid, 'SIGKILL');
      }
      await second?.stop(); // removes containerd leftovers, mounts, the bridge and the directory
    });

    it('reports the lost connection, diagnoses instead of throwing, and reconnects within the capped backoff after a restart', async function () {
      this.timeout(120_000);
      const engine2 = second;
      if (!engine2) throw new Error('the second private dockerd did not start');
      const provider = providerFor(engine2.dockerHost, 3_000);
      const statuses: Array<{ connected: boolean; failedAttempts: number; at: number }> = [];
      subscription = provider.watch(
        () => undefined,
        (connected, failedAttempts) => statuses.push({ connected, failedAttempts: failedAttempts ?? -1, at: Date.now() }),
      );
      await waitFor('the event stream to connect', () => statuses.at(-1)?.connected === true, 10_000);
      assert.ok((await provider.list()).ok, 'lists from the second engine');

      // The exact command line, to start the engine again on the same socket and directories.
      const argv = fs.readFileSync(`/proc/${engine2.pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      assert.ok(argv.includes(engine2.dockerHost), `the command line names the socket: ${argv.join(' ')}`);

      process.kill(engine2.pid, 'SIGKILL');
      const killedAt = Date.now();
      await waitFor('onStatus(false) after the kill', () => statuses.some((s) => !s.connected && s.at >= killedAt), 10_000);

      const down = await provider.list();
      assertDiagnosis(down, 'not-running');
      assert.ok(down.diagnosis.message.includes(engine2.socketPath), `the diagnosis names the socket: ${down.diagnosis.message}`);
      await assert.rejects(provider.inspectStack({ kind: 'container', providerId: 'docker', id: 'nothing' }), /no engine accepts connections|ECONNREFUSED/);

      // Stay down until three reconnects have failed: the backoff grew before the engine returns.
      await waitFor('three failed reconnects', () => (statuses.at(-1)?.failedAttempts ?? 0) >= 3, 20_000);
      const log = fs.openSync(path.join(engine2.dir, 'dockerd.restarted.log'), 'a');
      try {
        restarted = spawn(argv[0], argv.slice(1), {
          detached: true,
          stdio: ['ignore', log, log],
          env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` },
        });
      } finally {
        fs.closeSync(log);
      }
      const probe = new Dockerode({ socketPath: engine2.socketPath, timeout: 1_000 });
      await waitFor('the restarted dockerd to answer /_ping', () => probe.ping().then(() => true, () => undefined), 30_000, 100);
      const readyAt = Date.now();
      const info = await probe.info();
      assert.strictEqual(info.DockerRootDir, path.join(engine2.dir, 'data'), 'the same engine (same data root) answers on the same socket');
      assert.notStrictEqual(restarted.pid, engine2.pid, 'a new dockerd process');
      const firstDown = statuses.find((s) => !s.connected && s.at >= killedAt)?.at ?? killedAt;
      // Backoff doubles from 500 ms: the wait before the next try is never more than the time
      // already spent down plus 500 ms, and never more than 30 s.
      const bound = Math.min(30_000, readyAt - firstDown + 500) + 2_000;
      await waitFor('onStatus(true) after the restart', () => statuses.some((s) => s.connected && s.at > killedAt), bound);
      const reconnectedAt = statuses.find((s) => s.connected && s.at >= killedAt)?.at ?? 0;
      assert.ok(reconnectedAt - readyAt < bound, `reconnected ${reconnectedAt - readyAt} ms after the engine came back (bound ${bound} ms)`);

      const again = await provider.list();
      assert.ok(again.ok, `lists again after the restart: ${JSON.stringify(again).slice(0, 300)}`);
      // One report per change of state, no flapping; while down, one more per failed try, counted.
      assert.deepStrictEqual(
        statuses.map((s) => s.connected).filter((connected, i, all) => i === 0 || all[i - 1] !== connected),
        [true, false, true],
        'one change to down and one back',
      );
      const downReports = statuses.filter((s) => !s.connected).map((s) => s.failedAttempts);
      assert.deepStrictEqual(downReports, downReports.map((_, i) => i), `the failed tries counted one by one: ${downReports.join(', ')}`);
      assert.ok(downReports.length >= 4, `at least three failed tries reported: ${downReports.join(', ')}`);
      assert.strictEqual(statuses.at(-1)?.failedAttempts, 0, 'the count starts over once connected');
    });
  });
});
