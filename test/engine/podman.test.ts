// The Docker provider against a real Podman (Debian's podman, `podman system service` on a private
// socket and store, started by the test): Podman's Docker-compatible API is listed, inspected and
// followed the same way, and what it says differently is read right.
import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import Dockerode from 'dockerode';
import { DockerProvider } from '../../src/providers/docker/dockerProvider';
import type { KnownState } from '../../src/providers/provider';
import type { Stack, WorkloadRef } from '../../src/shared/model';
import { repoRoot } from '../repoPaths';
import { WorkloadCatalog } from '../../src/catalog/workloadCatalog';
import { endpointInputFromProcess } from '../../src/providers/docker/endpoint';
import { discoverEngines } from '../../src/providers/docker/engineDiscovery';
import { startPrivateSshd } from '../sshdFixture';
import { runLab, type LabSettings } from '../../src/overhead/overheadLab';
import { PROVISIONING_LABEL } from '../../src/providers/docker/containerProbe';
import { measuredMetric, probeFor } from '../overheadHelpers';
import { memoryLogger, privateDockerHost, providerFor as dockerProviderFor, waitFor } from './engineFixture';

interface PrivatePodman {
  socketPath: string;
  dockerHost: string;
  podman(args: string[]): Promise<{ stdout: string }>;
  stop(): Promise<void>;
}

const IMAGE = 'localhost/local/busybox:latest';

async function startPodman(options: { label: string; rootless?: boolean }): Promise<PrivatePodman> {
  const harness = pathToFileURL(path.join(repoRoot, 'scripts', 'harness', 'podman.mjs')).href;
  // A real ES module import (tsc would turn `import()` into `require()` under commonjs).
  const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{ startPrivatePodman(options: { label: string; rootless?: boolean }): Promise<PrivatePodman> }>;
  return (await importModule(harness)).startPrivatePodman(options);
}

function providerFor(podman: PrivatePodman, id: string, label: string): DockerProvider {
  return new DockerProvider({
    id,
    label,
    resolveEndpoint: () => ({ ok: true, endpoint: { kind: 'socket', socketPath: podman.socketPath, display: podman.dockerHost, source: { from: 'found', description: 'the test' } } }),
    timeoutMs: () => 10_000,
    log: memoryLogger(),
  });
}

describe('a real Podman through its Docker-compatible API', function () {
  this.timeout(120_000);
  let podman: PrivatePodman;
  let docker: Dockerode;
  let provider: DockerProvider;

  before(async function () {
    this.timeout(300_000); // the first run installs Debian's podman
    podman = await startPodman({ label: 'engine-test' });
    docker = new Dockerode({ socketPath: podman.socketPath });
    provider = providerFor(podman, 'podman', 'Podman');
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

  function isolationFact(stack: Stack, key: string): string | undefined {
    return stack.layers.find((layer) => layer.kind === 'isolation')?.facts.find((fact) => fact.key === key)?.value;
  }

  it('groups a `podman pod create` pod with its infra container, and draws what the member shares', async () => {
    await podman.podman(['pod', 'create', '--name', 'ws-pod', '--network', 'none', '--label', 'workload-stacks.test=1']);
    const member = await runBusyboxCli(['--pod', 'ws-pod', '--name', 'ws-pod-app']);
    const listed = await provider.list();
    assert.ok(listed.ok);
    const inPod = listed.workloads.filter((workload) => workload.group?.kind === 'pod' && workload.group.project === 'ws-pod');
    assert.deepStrictEqual(inPod.map((workload) => Boolean(workload.group?.infra)).sort(), [false, true], `pod rows: ${inPod.map((w) => w.name).join(', ')}`);
    const infra = inPod.find((workload) => workload.group?.infra);
    assert.match(infra?.image ?? '', /podman-pause/);

    const row = inPod.find((workload) => workload.ref.id === member);
    assert.ok(row, 'the member is listed in its pod');
    const stack = await provider.inspectStack(row.ref);
    const infraId = infra?.ref.id.slice(0, 12);
    assert.strictEqual(isolationFact(stack, 'pod'), `ws-pod: shares ipc, net, uts namespaces with 2 containers through its infra container ${infraId}`);
    assert.strictEqual(isolationFact(stack, 'network-mode'), `shared with pod ws-pod (its infra container ${infraId}); the pod's network: none`);
    assert.strictEqual(isolationFact(stack, 'ipc-mode'), `shared with pod ws-pod (its infra container ${infraId})`);
    assert.match(isolationFact(stack, 'runtime') ?? '', /^runc\b/, 'the runtime the harness configured, not the compatible API\'s `oci`');
    assert.strictEqual(isolationFact(stack, 'rootless'), 'no: the engine runs as root');
    const imageLayers = stack.layers.find((layer) => layer.imageLayers)?.imageLayers ?? [];
    assert.ok(imageLayers.length > 0, 'the image history is drawn');
    assert.ok(imageLayers.every((layer) => /^sha256:[0-9a-f]{64}$/.test(layer.id)), `history ids as digests: ${imageLayers.map((layer) => layer.id).join(', ')}`);
  });

  it('groups the pod `podman kube play` makes from a YAML the test writes', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ws-kube-'));
    try {
      const yaml = path.join(dir, 'pod.yaml');
      await fs.writeFile(yaml, ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: ws-kube', '  labels:', '    workload-stacks.test: "1"', 'spec:', '  containers:', '    - name: app', `      image: ${IMAGE}`, '      command: ["sleep", "3600"]', ''].join('\n'));
      await podman.podman(['kube', 'play', '--network', 'none', yaml]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
    const listed = await provider.list();
    assert.ok(listed.ok);
    const names = listed.workloads.filter((workload) => workload.group?.kind === 'pod' && workload.group.project === 'ws-kube').map((workload) => `${workload.name}${workload.group?.infra ? ' (infra)' : ''}`);
    assert.strictEqual(names.length, 2, names.join(', '));
    assert.ok(names.includes('ws-kube-app'), `kube play names the container <pod>-<container>: ${names.join(', ')}`);
  });

  it('gives a busy Podman container about one CPU of CPU %, from the stream (Podman\'s system counter is a clock)', async () => {
    const container = await docker.createContainer({ name: 'ws-podman-busy', Image: IMAGE, Cmd: ['sh', '-c', 'while :; do :; done'], HostConfig: { NetworkMode: 'none' } });
    await container.start();
    const figures: number[] = [];
    let ended: Error | undefined;
    const stream = provider.streamStats(
      { kind: 'container', providerId: 'podman', id: container.id },
      (stats) => stats.cpuPercent !== null && figures.push(stats.cpuPercent),
      (error) => (ended = error ?? new Error('the stats stream ended')),
    );
    try {
      await waitFor('two CPU figures', () => figures.length >= 2 || ended, 30_000);
      assert.ok(!ended, ended?.message);
      // One spinning shell is one CPU: 100% in `docker stats` terms, whatever the machine's size.
      for (const figure of figures) assert.ok(figure > 50 && figure < 110, `CPU figures ${figures.map((f) => f.toFixed(1)).join(', ')}`);
    } finally {
      stream.close();
      await container.remove({ force: true });
    }
  });

  it('is an engine of its own beside the private dockerd: both roots, neither a duplicate of the other', async () => {
    const catalog = new WorkloadCatalog([dockerProviderFor(privateDockerHost()), provider]);
    await catalog.refresh();
    const ids = ['docker', 'podman'].map((id) => {
      const result = catalog.result(id);
      assert.ok(result?.ok, `${id}: ${JSON.stringify(result).slice(0, 300)}`);
      return result.engineId;
    });
    assert.ok(ids.every(Boolean) && ids[0] !== ids[1], `engine IDs: ${ids.join(' / ')}`);
    assert.deepStrictEqual([catalog.duplicateOf('docker'), catalog.duplicateOf('podman')], [undefined, undefined]);
  });

  it('opens a shell, follows logs across a restart and runs the actions, as on Docker', async () => {
    const container = await docker.createContainer({ name: 'ws-podman-ops', Image: IMAGE, Cmd: ['sh', '-c', 'echo "boot $(date +%s%N)"; exec sleep 3600'], HostConfig: { NetworkMode: 'none' } });
    await container.start();
    const ref = { kind: 'container' as const, providerId: 'podman', id: container.id };
    let shellOutput = '';
    let exitCode: number | undefined | null = null;
    const session = await provider.openShell(ref, { onOutput: (text) => (shellOutput += text), onExit: (code) => (exitCode = code) });
    session.write('echo "sum=$((40+2))"; exit 3\n');
    await waitFor('the shell to exit', () => (exitCode !== null ? true : undefined), 10_000);
    assert.match(shellOutput, /sum=42/);
    assert.strictEqual(exitCode, 3);

    let logs = '';
    const notices: string[] = [];
    const follower = provider.followLogs(ref, false, { onOutput: (text) => (logs += text), onNotice: (text) => notices.push(text) });
    try {
      await waitFor('the first boot line', () => (logs.match(/boot /g)?.length === 1 ? true : undefined), 10_000);
      await provider.runAction(ref, 'restart');
      await waitFor('the second boot line', () => ((logs.match(/boot /g)?.length ?? 0) >= 2 ? true : undefined), 20_000);
    } finally {
      follower.close();
    }
    await provider.runAction(ref, 'pause');
    assert.strictEqual(((await container.inspect()) as { State: { Status: string } }).State.Status, 'paused');
    await provider.runAction(ref, 'unpause');
    await provider.runAction(ref, 'stop');
    assert.strictEqual(((await container.inspect()) as { State: { Running: boolean } }).State.Running, false);
    await provider.runAction(ref, 'remove');
    await assert.rejects(container.inspect(), /no such container/i);
  });

  it('measures a Podman container with the overhead probe, placed through the Engine API alone, and leaves nothing', async () => {
    const container = await docker.createContainer({ name: 'ws-podman-overhead', Image: IMAGE, Cmd: ['sleep', '3600'], HostConfig: { NetworkMode: 'none' } });
    await container.start();
    const ref = { kind: 'container' as const, providerId: 'podman', id: container.id };
    const settings: LabSettings = { runs: 2, runMs: 150, metrics: ['cpu.int.one', 'sys.syscall', 'fs.fsync'], provisioningRuns: 2 };
    const [measured] = await runLab([{ ref, name: 'podman busybox', kind: 'container', target: provider.probeTarget(ref) }], settings, { probeFor, onProgress: () => undefined });
    assert.strictEqual(measured.error, undefined, JSON.stringify(measured.error));
    for (const id of settings.metrics) measuredMetric(measured, id);
    const provisioning = measured.provisioning;
    assert.ok(provisioning && !('error' in provisioning), JSON.stringify(provisioning));
    assert.strictEqual(provisioning.runsMs.length, 2);
    const { stdout } = await podman.podman(['exec', container.id, 'ls', '-a', '/']);
    assert.ok(!stdout.includes('.ws-probe'), `the probe directory is still there:\n${stdout}`);
    const leftovers = await docker.listContainers({ all: true, filters: { label: [PROVISIONING_LABEL] } });
    assert.deepStrictEqual(leftovers, [], 'no provisioning container is left on Podman');
    await container.remove({ force: true });
  });

  it('reaches Podman through a Podman connection over ssh (a private sshd), running podman dial-stdio there', async () => {
    const id = await runBusyboxCli(['--name', 'ws-podman-over-ssh', '--network', 'none']);
    const sshd = await startPrivateSshd();
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ws-podman-connections-'));
    try {
      const knownHosts = path.join(dir, 'known_hosts');
      await fs.writeFile(knownHosts, sshd.knownHostsLine);
      const connections = path.join(dir, 'podman-connections.json');
      const uri = `ssh://${sshd.destination}:${sshd.port}${podman.socketPath}`;
      await fs.writeFile(connections, JSON.stringify({ Connection: { Default: 'lab', Connections: { lab: { URI: uri, Identity: sshd.clientKey } } } }));
      const found = discoverEngines({ ...endpointInputFromProcess(), env: { PODMAN_CONNECTIONS_CONF: connections } }).find((engine) => engine.id === 'podman-connection:lab');
      assert.ok(found, 'the connection is a root');
      assert.strictEqual(found.label, 'Podman connection lab');
      const overSsh = new DockerProvider({ id: found.id, label: found.label, resolveEndpoint: () => found.resolution, sshArgs: () => ['-F', sshd.sshConfig(knownHosts)], timeoutMs: () => 15_000, log: memoryLogger() });
      assert.strictEqual(overSsh.listingProgram(), 'ssh');
      const listed = await overSsh.list();
      assert.ok(listed.ok, JSON.stringify(listed).slice(0, 400));
      assert.ok(listed.workloads.some((workload) => workload.ref.id === id), 'the container of the Podman behind sshd is listed');
      const stack = await overSsh.inspectStack({ kind: 'container', providerId: found.id, id }, { processes: false });
      assert.strictEqual(stack.layers.find((layer) => layer.kind === 'engine')?.facts.find((fact) => fact.key === 'engine-name')?.value, 'Podman Engine');
      const commands = [...new Set(sshd.commandsRun())];
      assert.deepStrictEqual(commands, [`podman --url unix://${podman.socketPath} system dial-stdio`]);
    } finally {
      sshd.stop();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('is one root when reached two ways (its socket and a link to it), though its /info ID changes every time', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ws-podman-link-'));
    try {
      const linked = path.join(dir, 'podman.sock');
      await fs.symlink(podman.socketPath, linked);
      const viaLink = new DockerProvider({
        id: 'podman-link',
        label: 'Podman via a link',
        resolveEndpoint: () => ({ ok: true, endpoint: { kind: 'socket', socketPath: linked, display: `unix://${linked}`, source: { from: 'found', description: 'the test' } } }),
        timeoutMs: () => 10_000,
        log: memoryLogger(),
      });
      const catalog = new WorkloadCatalog([provider, viaLink]);
      await catalog.refresh();
      const ids = (await Promise.all([1, 2].map(() => docker.info()))).map((info) => (info as { ID: string }).ID);
      assert.notStrictEqual(ids[0], ids[1], 'Podman 4.3 answers /info with a new ID each time');
      assert.strictEqual(catalog.duplicateOf('podman-link'), provider);
      assert.strictEqual(catalog.duplicateOf('podman'), undefined);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  async function runBusyboxCli(args: string[]): Promise<string> {
    const { stdout } = await podman.podman(['run', '-d', ...args, '--label', 'workload-stacks.test=1', IMAGE, 'sleep', '3600']);
    return stdout.trim();
  }
});

describe('a real rootless Podman (the service runs as nobody, no subuid ranges)', function () {
  this.timeout(120_000);
  let podman: PrivatePodman;
  let provider: DockerProvider;

  before(async function () {
    this.timeout(300_000);
    podman = await startPodman({ label: 'engine-test-rootless', rootless: true });
    provider = providerFor(podman, 'podman-rootless', 'Podman (rootless)');
  });
  after(async function () {
    this.timeout(60_000);
    await podman?.stop();
  });

  it("draws the rootless engine's user namespace: container root is host UID 65534, read from libpod", async () => {
    const { stdout } = await podman.podman(['run', '-d', '--name', 'ws-rootless', '--network', 'none', IMAGE, 'sleep', '3600']);
    const id = stdout.trim();
    const listed = await provider.list();
    assert.ok(listed.ok, JSON.stringify(listed).slice(0, 400));
    const row = listed.workloads.find((workload) => workload.ref.id === id);
    assert.ok(row, `listed: ${listed.workloads.map((workload) => workload.name).join(', ')}`);
    const stack = await provider.inspectStack(row.ref);
    const fact = (key: string) => stack.layers.find((layer) => layer.kind === 'isolation')?.facts.find((candidate) => candidate.key === key)?.value;
    assert.strictEqual(fact('rootless'), 'yes: the engine runs as an ordinary user');
    assert.strictEqual(fact('userns-mode'), "the rootless engine's: container root = host UID 65534");
    // What the kernel says inside the container, against what the diagram drew.
    const { stdout: uidMap } = await podman.podman(['exec', id, 'cat', '/proc/self/uid_map']);
    assert.deepStrictEqual(uidMap.trim().split(/\s+/), ['0', '65534', '1']);
  });
});
