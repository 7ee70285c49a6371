// One engine reached through two endpoints (a socket and a link to it, as /var/run and /run, or a
// context that names the default socket) is one root in the tree: the catalog tells by the
// engine's own ID, read from the real private dockerd.
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { WorkloadCatalog } from '../../src/catalog/workloadCatalog';
import { DockerProvider } from '../../src/providers/docker/dockerProvider';
import { BUSYBOX, engine, memoryLogger, privateDockerHost, removeTestContainers, runContainer, uniqueName } from './engineFixture';

function socketProvider(id: string, socketPath: string): DockerProvider {
  return new DockerProvider({
    id,
    label: id,
    resolveEndpoint: () => ({ ok: true, endpoint: { kind: 'socket', socketPath, display: `unix://${socketPath}`, source: { from: 'found', description: 'the test' } } }),
    timeoutMs: () => 10_000,
    log: memoryLogger(),
  });
}

describe('one engine through two endpoints', function () {
  this.timeout(60_000);
  let dir: string;
  after(async () => {
    await removeTestContainers(engine());
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('is listed under the first source only; the second is known as its duplicate', async () => {
    const socketPath = privateDockerHost().replace(/^unix:\/\//, '');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ws-same-engine-'));
    const linked = path.join(dir, 'docker.sock');
    await fs.symlink(socketPath, linked);
    const container = await runContainer(engine(), { name: uniqueName('same-engine'), Image: BUSYBOX });

    const direct = socketProvider('docker', socketPath);
    const viaLink = socketProvider('docker-link', linked);
    const catalog = new WorkloadCatalog([direct, viaLink]);
    await catalog.refresh();

    const info = (await engine().info()) as { ID: string; Name: string };
    const [first, second] = [catalog.result('docker'), catalog.result('docker-link')];
    assert.ok(first?.ok && second?.ok, 'both endpoints answer');
    const identity = `${info.ID} on ${info.Name}`;
    assert.deepStrictEqual([first.engineId, second.engineId], [identity, identity], "the engine's own ID and host name, from /info");
    assert.strictEqual(catalog.duplicateOf('docker-link'), direct);
    assert.strictEqual(catalog.duplicateOf('docker'), undefined, 'the first way to an engine is the one shown');
    const listed = catalog.listedWorkloads().filter((workload) => workload.ref.id === container.id);
    assert.deepStrictEqual(listed.map((workload) => workload.ref.providerId), ['docker'], 'its containers once, not twice');
  });
});
