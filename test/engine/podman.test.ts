// The Docker provider against a real Podman (Debian's podman, `podman system service` on a private
// socket and store, started by the test): Podman's Docker-compatible API is listed, inspected and
// followed the same way, and what it says differently is read right.
import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import Dockerode from 'dockerode';
import { DockerProvider } from '../../src/providers/docker/dockerProvider';
import type { KnownState } from '../../src/providers/provider';
import type { WorkloadRef } from '../../src/shared/model';
import { repoRoot } from '../repoPaths';
import { memoryLogger, waitFor } from './engineFixture';

interface PrivatePodman {
  socketPath: string;
  dockerHost: string;
  podman(args: string[]): Promise<{ stdout: string }>;
  stop(): Promise<void>;
}

const IMAGE = 'localhost/local/busybox:latest';

describe('a real Podman through its Docker-compatible API', function () {
  this.timeout(120_000);
  let podman: PrivatePodman;
  let docker: Dockerode;
  let provider: DockerProvider;

  before(async function () {
    this.timeout(300_000); // the first run installs Debian's podman
    const harness = pathToFileURL(path.join(repoRoot, 'scripts', 'harness', 'podman.mjs')).href;
    // A real ES module import (tsc would turn `import()` into `require()` under commonjs).
    const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{ startPrivatePodman(options: { label: string }): Promise<PrivatePodman> }>;
    podman = await (await importModule(harness)).startPrivatePodman({ label: 'engine-test' });
    docker = new Dockerode({ socketPath: podman.socketPath });
    provider = new DockerProvider({
      id: 'podman',
      label: 'Podman',
      resolveEndpoint: () => ({ ok: true, endpoint: { kind: 'socket', socketPath: podman.socketPath, display: podman.dockerHost, source: { from: 'found', description: 'the test' } } }),
      timeoutMs: () => 10_000,
      log: memoryLogger(),
    });
  });
  after(async function () {
    this.timeout(60_000);
    await podman?.stop();
  });

  async function runBusybox(name: string): Promise<Dockerode.Container> {
    // No network: a bridge would change this machine's firewall.
    const container = await docker.createContainer({ name, Image: IMAGE, Cmd: ['sleep', '3600'], Labels: { 'workload-stacks.test': '1' }, HostConfig: { NetworkMode: 'none' } });
    await container.start();
    return container;
  }

  it('lists a Podman container under its own source, and draws it on a Podman engine band', async () => {
    const container = await runBusybox('ws-podman-listed');
    const listed = await provider.list();
    assert.ok(listed.ok, JSON.stringify(listed).slice(0, 400));
    const row = listed.workloads.find((workload) => workload.ref.id === container.id);
    assert.ok(row, `listed: ${listed.workloads.map((workload) => workload.name).join(', ')}`);
    assert.deepStrictEqual([row.ref.providerId, row.name, row.state], ['podman', 'ws-podman-listed', 'running']);
    assert.strictEqual(listed.endpoint, podman.dockerHost);

    const stack = await provider.inspectStack(row.ref);
    const fact = (kind: string, key: string) => stack.layers.find((layer) => layer.kind === kind)?.facts.find((candidate) => candidate.key === key)?.value;
    assert.strictEqual(fact('engine', 'engine-name'), 'Podman Engine');
    assert.ok(stack.layers.some((layer) => layer.kind === 'app'), 'an app band');
    assert.strictEqual(stack.workload.providerId, 'podman');
  });

  it("reads Podman's `died` as the container's exit, from the live event stream", async () => {
    const container = await runBusybox('ws-podman-events');
    const seen: Array<{ ref?: WorkloadRef; known?: KnownState }> = [];
    let connected = false;
    const watch = provider.watch(
      (ref, known) => seen.push({ ref, known }),
      (up) => (connected = up),
    );
    try {
      await waitFor('the events stream to connect', () => connected, 15_000);
      await container.kill({ signal: 'SIGKILL' });
      const exited = await waitFor('an exited state from an event', () => seen.find((event) => event.ref?.id === container.id && event.known?.state === 'exited'), 15_000);
      assert.match(exited.known?.status('Up 1 second') ?? '', /^Exited \((137|\?)\)/);
    } finally {
      watch.close();
    }
  });
});
