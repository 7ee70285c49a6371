// An image the test builds on the private engine, with contents it knows, read back through the
// engine's image export as it streams and weighed: each layer's changes and dive's waste, checked
// against what the Dockerfile wrote.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { type DockerClient, clientForEndpoint } from '../../src/providers/docker/client';
import { resolveDockerEndpoint, endpointInputFromProcess } from '../../src/providers/docker/endpoint';
import { type ImageAnalysis, analyseImage } from '../../src/providers/docker/imageArchive/analyseImage';
import { repoRoot } from '../repoPaths';
import { BUSYBOX, engine, memoryLogger, privateDockerHost, uniqueName } from './engineFixture';

// A real ES module import (tsc would turn `import()` into `require()` under commonjs).
const importModule = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;
const harness = (file: string) => pathToFileURL(path.join(repoRoot, 'scripts', 'harness', file)).href;

const BIG = 3 * 1024 * 1024;
const DOCKERFILE = `FROM ${BUSYBOX}
RUN dd if=/dev/zero of=/big bs=1024 count=${BIG / 1024} 2>/dev/null
RUN rm /big
RUN echo one > /app.conf
RUN echo two-two > /app.conf
RUN mkdir -p /data/sub && echo x > /data/sub/a && echo y > /data/b
RUN rm -rf /data && mkdir /data && echo z > /data/c
`;

interface PrivatePodman {
  dockerHost: string;
  podman(args: string[]): Promise<{ stdout: string }>;
  stop(): Promise<void>;
}

function client(dockerHost = privateDockerHost()): DockerClient {
  const resolution = resolveDockerEndpoint({ ...endpointInputFromProcess(), env: { DOCKER_HOST: dockerHost } });
  if (!resolution.ok) throw new Error(`the private engine's endpoint: ${resolution.diagnosis.message}`);
  return clientForEndpoint(resolution.endpoint, { timeoutMs: 10_000, log: memoryLogger() });
}

describe('image analysis from the engine (Docker)', function () {
  this.timeout(180_000);
  const tag = `local/${uniqueName('ws-waste')}:1`;
  let analysis: ImageAnalysis;
  const progress: number[] = [];

  before(async function () {
    const { buildImage } = await importModule<{ buildImage(host: string, tag: string, dockerfile: string): Promise<string> }>(harness('images.mjs'));
    await buildImage(privateDockerHost(), tag, DOCKERFILE);
    analysis = await analyseImage(client(), tag, { onProgress: (bytes) => progress.push(bytes) });
  });

  after(async function () {
    await engine().getImage(tag).remove({ force: true }).catch(() => undefined);
  });

  it('reads every layer, bottom first, with the command that made it', () => {
    const history = analysis.history.filter((step) => !step.emptyLayer);
    assert.strictEqual(analysis.layers.length, history.length, 'a layer per non-empty history step');
    assert.strictEqual(analysis.layers.length, 7, 'busybox and the six RUN steps');
    assert.match(history[1].createdBy, /dd if=\/dev\/zero of=\/big/);
    assert.ok(analysis.layers.every((layer) => layer.error === undefined), 'no layer failed');
    assert.ok(progress.length > 0 && progress.every((bytes, i) => i === 0 || bytes >= progress[i - 1]), 'progress only grows');
  });

  it('lists what each layer added, modified and removed', () => {
    const [, addsBig, removesBig, addsConf, rewritesConf] = analysis.changes;
    assert.deepStrictEqual(addsBig.added.filter((p) => p.type === 'file').map((p) => [p.path, p.size]), [['big', BIG]]);
    assert.deepStrictEqual(removesBig.removed.map((p) => [p.path, p.size, p.reason]), [['big', BIG, 'whiteout']]);
    assert.deepStrictEqual(addsConf.added.filter((p) => p.type === 'file').map((p) => [p.path, p.size]), [['app.conf', 4]]);
    assert.deepStrictEqual(rewritesConf.modified.filter((p) => p.type === 'file').map((p) => [p.path, p.size, p.previousSize]), [['app.conf', 8, 4]]);
    // The last step empties /data and makes it again: an opaque directory (overlay2) or a whiteout
    // per entry (other storage drivers); either way data/sub/a and data/b are gone and data/c is new.
    const last = analysis.changes[6];
    assert.deepStrictEqual(last.removed.reduce((sum, p) => sum + p.size, 0), 4, 'x\\n and y\\n removed');
    assert.deepStrictEqual(last.added.filter((p) => p.type === 'file').map((p) => [p.path, p.size]), [['data/c', 2]]);
  });

  it("weighs the waste as dive does: the deleted 3 MiB file and the rewritten config", () => {
    const { inefficiencies, wastedBytes, efficiency } = analysis.efficiency;
    const byPath = new Map(inefficiencies.map((item) => [item.path, item]));
    // dive counts a whited-out file 0 bytes: the 3 MiB once, added in layer 1, removed in layer 2.
    assert.deepStrictEqual(byPath.get('big') && [byPath.get('big')?.cumulativeSize, byPath.get('big')?.addedIn, byPath.get('big')?.removedIn], [BIG, [1], [2]]);
    // Both copies of app.conf: "one\n" (4) and "two-two\n" (8).
    assert.strictEqual(byPath.get('app.conf')?.cumulativeSize, 12);
    assert.strictEqual(inefficiencies[0].path, 'big', 'the largest waste first');
    assert.strictEqual(wastedBytes, inefficiencies.reduce((sum, item) => sum + item.cumulativeSize, 0));
    assert.ok(wastedBytes >= BIG + 12 && wastedBytes <= BIG + 12 + 2, `the waste is the big file and the config (+ data/b where whited out): ${wastedBytes}`);
    assert.ok(efficiency > 0 && efficiency < 1, `some waste lowers the score: ${efficiency}`);
  });
});

describe('workload-stacks-image, the check for CI (dist/image-check.js)', function () {
  this.timeout(180_000);
  const tag = `local/${uniqueName('ws-ci-check')}:1`;
  const cli = (...args: string[]) => {
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'image-check.js'), ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  before(async function () {
    const { buildImage } = await importModule<{ buildImage(host: string, tag: string, dockerfile: string): Promise<string> }>(harness('images.mjs'));
    await buildImage(privateDockerHost(), tag, DOCKERFILE);
  });

  after(async function () {
    await engine().getImage(tag).remove({ force: true }).catch(() => undefined);
  });

  it("fails dive's default rules on the wasteful image, and says so as JSON", () => {
    const { code, stdout } = cli(tag, '--host', privateDockerHost(), '--json');
    assert.strictEqual(code, 1, 'a failed rule exits 1');
    const report = JSON.parse(stdout) as { wastedBytes: number; passed: boolean; inefficiencies: { path: string; cumulativeSize: number }[]; rules: { rule: string; passed: boolean }[] };
    assert.strictEqual(report.passed, false);
    assert.deepStrictEqual(report.inefficiencies[0], { ...report.inefficiencies[0], path: 'big', cumulativeSize: BIG });
    assert.deepStrictEqual(report.rules.map((rule) => [rule.rule, rule.passed]), [['lowestEfficiency', false], ['highestWastedBytes', true], ['highestUserWastedPercent', false]]);
  });

  it('passes with the thresholds the user sets, and fails the waste rule below the waste', () => {
    const lenient = cli(tag, '--host', privateDockerHost(), '--lowest-efficiency', 'disabled', '--highest-user-wasted-percent', 'disabled', '--highest-wasted-bytes', '4MB');
    assert.strictEqual(lenient.code, 0, lenient.stderr);
    assert.match(lenient.stdout, /PASS {2}highestWastedBytes \(4000000\)/);
    assert.match(lenient.stdout, /3 MiB {2}\/big {2}\(in layer 1, removed in layer 2\)/);
    const strict = cli(tag, '--host', privateDockerHost(), '--lowest-efficiency', 'disabled', '--highest-user-wasted-percent', 'disabled', '--highest-wasted-bytes', '1MiB');
    assert.strictEqual(strict.code, 1);
    assert.match(strict.stdout, /FAIL {2}highestWastedBytes \(1048576\): too many bytes wasted/);
  });

  it('exits 2 with a sentence for an image the engine does not have, and for a usage mistake', () => {
    const missing = cli('local/no-such-image:never', '--host', privateDockerHost());
    assert.strictEqual(missing.code, 2);
    assert.match(missing.stderr, /^workload-stacks-image: .*(no such image|No such image)/i);
    const mistake = cli(tag, '--lowest-efficiency', '1.5');
    assert.strictEqual(mistake.code, 2);
    assert.match(mistake.stderr, /--lowest-efficiency takes a ratio from 0 to 1/);
  });
});

describe('image analysis from the engine (Podman-built)', function () {
  this.timeout(300_000);
  let podman: PrivatePodman | undefined;
  let analysis: ImageAnalysis;

  before(async function () {
    const { startPrivatePodman } = await importModule<{ startPrivatePodman(options: { label: string }): Promise<PrivatePodman> }>(harness('podman.mjs'));
    podman = await startPrivatePodman({ label: 'engine-test-image' });
    const context = await fs.mkdtemp(path.join(os.tmpdir(), 'ws-podman-build-'));
    try {
      // Podman names the tests' busybox localhost/local/busybox:latest on its own store.
      await fs.writeFile(path.join(context, 'Containerfile'), DOCKERFILE.replace(`FROM ${BUSYBOX}`, 'FROM localhost/local/busybox:latest'));
      await podman.podman(['build', '--network', 'none', '--tag', 'localhost/ws-waste:1', '--file', path.join(context, 'Containerfile'), context]);
    } finally {
      await fs.rm(context, { recursive: true, force: true });
    }
    analysis = await analyseImage(client(podman.dockerHost), 'localhost/ws-waste:1');
  });

  after(async function () {
    await podman?.stop();
  });

  it("reads a Podman-built image through Podman's Docker-compatible export, with the same waste", () => {
    assert.strictEqual(analysis.layers.length, 7, 'busybox and the six RUN steps');
    assert.ok(analysis.layers.every((layer) => layer.error === undefined), 'no layer failed');
    const byPath = new Map(analysis.efficiency.inefficiencies.map((item) => [item.path, item.cumulativeSize]));
    assert.strictEqual(byPath.get('big'), BIG);
    assert.strictEqual(byPath.get('app.conf'), 12);
    assert.deepStrictEqual(analysis.changes[2].removed.map((p) => [p.path, p.size, p.reason]), [['big', BIG, 'whiteout']]);
  });
});

