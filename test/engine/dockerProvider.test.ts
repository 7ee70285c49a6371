// The Docker provider against a real private dockerd: list, inspect into a stack, events, stats,
// actions, shell and logs. Values are checked against the engine's own inspect output.
import * as assert from 'assert';
import type Dockerode from 'dockerode';
import type { Fact, Stack } from '../../src/shared/model';
import type { DockerProvider } from '../../src/providers/docker/dockerProvider';
import { WorkloadGoneError } from '../../src/providers/provider';
import { engine, privateDockerHost, providerFor, removeTestContainers, runContainer, uniqueName, waitFor } from './engineFixture';

function fact(stack: Stack, key: string): Fact {
  for (const layer of stack.layers) {
    const found = layer.facts.find((f) => f.key === key);
    if (found) return found;
  }
  throw new Error(`No fact '${key}' in the stack of ${stack.name}: ${stack.layers.map((l) => `${l.kind}[${l.facts.map((f) => f.key).join(',')}]`).join(' ')}`);
}

describe('DockerProvider against a private engine', function () {
  this.timeout(60_000);
  let docker: Dockerode;
  let provider: DockerProvider;

  before(() => {
    docker = engine();
    provider = providerFor(privateDockerHost());
  });
  after(() => removeTestContainers(docker));

  it('lists containers in one call with their names, states and compose group', async () => {
    const name = uniqueName('listed');
    const container = await runContainer(docker, {
      name,
      Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' },
    });
    const result = await provider.list();
    assert.ok(result.ok, 'the list call succeeds');
    const listed = result.workloads.find((w) => w.ref.id === container.id);
    assert.ok(listed, 'the new container is listed');
    assert.strictEqual(listed.name, name);
    assert.strictEqual(listed.state, 'running');
    assert.deepStrictEqual(listed.group, { project: 'shop', service: 'web' });
    assert.match(result.endpoint, /docker\.sock/);
  });

  it('draws a stack whose facts match docker inspect, bottom-up', async () => {
    const name = uniqueName('limited');
    const container = await runContainer(docker, {
      name,
      Env: ['API_TOKEN=s3cret'],
      HostConfig: { NanoCpus: 500_000_000, Memory: 64 * 1024 * 1024, PidsLimit: 50, ReadonlyRootfs: true, CapDrop: ['NET_RAW'] },
    });
    const inspect = await container.inspect();
    const info = await docker.info();
    const stack = await provider.inspectStack({ kind: 'container', providerId: 'docker', id: container.id });

    assert.strictEqual(stack.name, name);
    const kinds = stack.layers.map((l) => l.kind);
    assert.deepStrictEqual(
      kinds.filter((k) => k !== 'hypervisor'),
      ['hardware', 'host-os', 'engine', 'isolation', 'libraries', 'app'],
    );
    assert.strictEqual(fact(stack, 'cpus').value, String(info.NCPU));
    assert.strictEqual(fact(stack, 'kernel').value, info.KernelVersion);
    assert.strictEqual(fact(stack, 'storage-driver').value, info.Driver);
    assert.match(fact(stack, 'memory-limit').value, /64(\.0)? MiB/);
    assert.match(fact(stack, 'cpu-limit').value, /0\.5 CPU/);
    assert.match(fact(stack, 'pids-limit').value, /50/);
    assert.strictEqual(fact(stack, 'read-only-rootfs').value, 'yes');
    assert.strictEqual(fact(stack, 'privileged').value, 'no');
    assert.strictEqual(fact(stack, 'restart-count').value, String(inspect.RestartCount));
    assert.match(fact(stack, 'image').value, /busybox/);
    const secret = fact(stack, 'env:API_TOKEN');
    assert.strictEqual(secret.secret, true, 'environment values are marked secret');
    const app = stack.layers.find((l) => l.kind === 'app');
    assert.ok(app?.processes && app.processes.rows.length >= 1, 'top lists the processes of a running container');
    for (const layer of stack.layers) for (const f of layer.facts) assert.ok(f.source.length > 0, `fact ${f.key} names its source`);
  });

  it('lists every layer of the image history', async () => {
    const history = (await docker.getImage('local/deep:latest').history()) as unknown[];
    const container = await runContainer(docker, { name: uniqueName('deep'), Image: 'local/deep:latest' });
    const stack = await provider.inspectStack({ kind: 'container', providerId: 'docker', id: container.id });
    const libraries = stack.layers.find((l) => l.kind === 'libraries');
    assert.strictEqual(libraries?.imageLayers?.length, history.length);
    assert.ok(history.length >= 60, `the deep image has ${history.length} layers`);
  });

  it('says a container is gone when it was removed between list and inspect', async () => {
    const container = await runContainer(docker, { name: uniqueName('gone') });
    await container.remove({ force: true });
    await assert.rejects(provider.inspectStack({ kind: 'container', providerId: 'docker', id: container.id }), WorkloadGoneError);
  });

  it('hears a start through the event stream', async () => {
    const container = await runContainer(docker, { name: uniqueName('evented'), start: false });
    const heard: string[] = [];
    let connected = false;
    const watch = provider.watch(
      (ref) => ref && heard.push(ref.id),
      (c) => (connected = c),
    );
    try {
      await waitFor('the event stream to connect', () => connected || undefined);
      await container.start();
      await waitFor('the start event', () => heard.includes(container.id) || undefined, 3000);
    } finally {
      watch.close();
    }
  });

  it('streams live stats for a running container and stops when closed', async () => {
    const container = await runContainer(docker, { name: uniqueName('stats') });
    const frames: number[] = [];
    const stream = provider.streamStats(
      { kind: 'container', providerId: 'docker', id: container.id },
      (stats) => stats.memoryBytes !== null && frames.push(stats.memoryBytes),
      () => undefined,
    );
    try {
      await waitFor('two stats frames', () => frames.length >= 2 || undefined, 8000);
      assert.ok(frames[0] > 0, 'memory in use is reported');
    } finally {
      stream.close();
    }
  });

  it('stops, starts, pauses, unpauses and removes', async () => {
    const container = await runContainer(docker, { name: uniqueName('acted') });
    const ref = { kind: 'container' as const, providerId: 'docker', id: container.id };
    const state = async () => (await container.inspect()).State;
    await provider.runAction(ref, 'pause');
    assert.strictEqual((await state()).Paused, true);
    await provider.runAction(ref, 'unpause');
    assert.strictEqual((await state()).Paused, false);
    await provider.runAction(ref, 'stop');
    assert.strictEqual((await state()).Running, false);
    await provider.runAction(ref, 'start');
    assert.strictEqual((await state()).Running, true);
    await provider.runAction(ref, 'remove');
    await assert.rejects(container.inspect(), /no such container/i);
  });

  it('opens an interactive shell through the API (sh when bash is missing)', async () => {
    const container = await runContainer(docker, { name: uniqueName('shell') });
    let output = '';
    let exitCode: number | undefined | null = null;
    const session = await provider.openShell(
      { kind: 'container', providerId: 'docker', id: container.id },
      { onOutput: (text) => (output += text), onExit: (code) => (exitCode = code) },
    );
    session.resize(100, 30);
    session.write('echo "sum=$((40+2))"; exit 3\n');
    await waitFor('the shell to exit', () => (exitCode !== null ? true : undefined), 8000);
    assert.match(output, /sum=42/);
    assert.strictEqual(exitCode, 3);
  });

  it('follows logs across a restart', async () => {
    const container = await runContainer(docker, {
      name: uniqueName('logger'),
      Cmd: ['sh', '-c', 'echo "boot $(date +%s%N)"; exec sleep 3600'],
    });
    let output = '';
    const notices: string[] = [];
    const follower = provider.followLogs({ kind: 'container', providerId: 'docker', id: container.id }, false, {
      onOutput: (text) => (output += text),
      onNotice: (text) => notices.push(text),
    });
    try {
      await waitFor('the first boot line', () => (output.match(/boot /g)?.length === 1 ? true : undefined), 5000);
      await container.restart({ t: 1 });
      await waitFor('the second boot line', () => ((output.match(/boot /g)?.length ?? 0) >= 2 ? true : undefined), 10_000);
      assert.ok(notices.some((n) => /started again/.test(n)), `notices: ${notices.join(' | ')}`);
    } finally {
      follower.close();
    }
  });

  it('diagnoses an engine that is not there without throwing', async () => {
    const missing = providerFor('unix:///tmp/workload-stacks-no-such-engine.sock', 2000);
    const result = await missing.list();
    assert.strictEqual(result.ok, false);
    if (!result.ok) {
      assert.strictEqual(result.diagnosis.kind, 'not-running');
      assert.match(result.diagnosis.message, /no-such-engine\.sock/);
    }
  });
});
