// Every engine call has a bound: against a socket that accepts and never answers, the provider
// gives up within its timeout and says so, instead of hanging the tree.
import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { DockerProvider } from '../../src/providers/docker/dockerProvider';
import { endpointInputFromProcess, resolveDockerEndpoint } from '../../src/providers/docker/endpoint';
import type { Logger } from '../../src/providers/provider';

const quiet: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe('engine calls time out', () => {
  let dir: string;
  let server: net.Server;
  const sockets: net.Socket[] = [];

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-stall-'));
    server = net.createServer((socket) => sockets.push(socket)); // accepts, reads, never answers
    await new Promise<void>((resolve) => server.listen(path.join(dir, 'docker.sock'), resolve));
  });

  after(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists with a timeout diagnosis when the engine never answers', async () => {
    const host = `unix://${path.join(dir, 'docker.sock')}`;
    const provider = new DockerProvider({
      resolveEndpoint: () => resolveDockerEndpoint(endpointInputFromProcess(host)),
      timeoutMs: () => 300,
      log: quiet,
    });
    const started = Date.now();
    const result = await provider.list();
    const elapsed = Date.now() - started;
    assert.strictEqual(result.ok, false);
    if (!result.ok) assert.strictEqual(result.diagnosis.kind, 'timeout');
    assert.ok(elapsed >= 250 && elapsed < 2000, `gave up after ${elapsed} ms`);
  });
});
