// An image the test builds on the private engine, with contents it knows, read back through the
// engine's image export as it streams and weighed: each layer's changes and dive's waste, checked
// against what the Dockerfile wrote.
import * as assert from 'assert';
import { execFile, spawnSync } from 'child_process';
import { createReadStream, createWriteStream, promises as fs } from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { pipeline } from 'stream/promises';
import { pathToFileURL } from 'url';
import { type DockerClient, clientForEndpoint } from '../../src/providers/docker/client';
import { resolveDockerEndpoint, endpointInputFromProcess } from '../../src/providers/docker/endpoint';
import { type ImageAnalysis, analyseImage } from '../../src/providers/docker/imageArchive/analyseImage';
import { layerContentSize } from '../../src/shared/imageEfficiency';
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

// dive itself (github.com/wagoodman/dive v0.13.1, built from its Go module by the harness) as the
// reference: the archive the engine exports is written to a file, dive reads that file, and the
// analysis reads the same bytes; its numbers must be dive's.

/** The fields of dive's `--json` export the comparison reads (runtime/export in dive's source). */
interface DiveExport {
  layer: { index: number; sizeBytes: number; command: string; fileList: { path: string; typeFlag: number; size: number; isDir: boolean }[] }[];
  image: { sizeBytes: number; inefficientBytes: number; efficiencyScore: number; fileReference: { count: number; sizeBytes: number; file: string }[] };
}

interface DiveReference {
  exported: DiveExport;
  /** From `dive --ci` with thresholds every wasteful image fails: the rules' messages print the full float64. */
  ci: { efficiency: number; wastedBytes: number; userWastedPercent: number };
  /** `dive --ci` with its default rules: PASS, FAIL or SKIP per rule. */
  verdicts: Record<string, string>;
}

/** Writes the engine's export of `image` (GET /images/{name}/get, what analyseImage reads) to `file`. */
async function saveImage(dockerHost: string, image: string, file: string): Promise<void> {
  const socketPath = dockerHost.replace(/^unix:\/\//, '');
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    http.get({ socketPath, path: `/images/${encodeURIComponent(image)}/get` }, resolve).on('error', reject);
  });
  if (response.statusCode !== 200) {
    response.resume();
    throw new Error(`GET /images/${image}/get answered ${response.statusCode}`);
  }
  await pipeline(response, createWriteStream(file));
}

/** analyseImage over an archive file instead of the engine's stream: the same bytes dive reads. */
function analyseArchiveFile(file: string): Promise<ImageAnalysis> {
  const exporter = { imageArchive: async () => ({ stream: createReadStream(file), abort: new AbortController() }) };
  return analyseImage(exporter, path.basename(file));
}

async function diveBinary(): Promise<string> {
  const { ensureDive } = await importModule<{ ensureDive(): Promise<string> }>(harness('dive.mjs'));
  return ensureDive();
}

/** Runs dive in `dir` with HOME there too, so no .dive-ci or ~/.dive.yaml of the machine's changes its rules. */
function runDive(dive: string, dir: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    execFile(dive, args, { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir, XDG_CONFIG_HOME: dir }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : NaN;
      if (Number.isNaN(code)) return reject(new Error(`dive ${args.join(' ')}: ${error?.message}`));
      // Without the colours dive's terminal output has.
      resolve({ code, output: `${stdout}${stderr}`.replace(/\x1b\[[0-9;]*m/g, '') });
    });
  });
}

async function diveReference(tar: string): Promise<DiveReference> {
  const dive = await diveBinary();
  const dir = path.dirname(tar);
  const jsonFile = path.join(dir, 'dive.json');
  const exportRun = await runDive(dive, dir, ['--source', 'docker-archive', tar, '--json', jsonFile]);
  assert.strictEqual(exportRun.code, 0, `dive --json failed:\n${exportRun.output}`);
  const exported = JSON.parse(await fs.readFile(jsonFile, 'utf8')) as DiveExport;

  // --ci prints its figures rounded (%2.4f); a failed rule prints the figure itself (%v, the shortest
  // text that reads back as the same float64). These thresholds fail for any image with waste.
  const strict = await runDive(dive, dir, ['--ci', '--source', 'docker-archive', tar, '--lowestEfficiency', '1', '--highestWastedBytes', '0', '--highestUserWastedPercent', '0']);
  assert.strictEqual(strict.code, 1, `dive --ci with thresholds no wasteful image passes should fail:\n${strict.output}`);
  const figure = (pattern: RegExp, what: string): number => {
    const match = pattern.exec(strict.output);
    if (!match) throw new Error(`dive --ci printed no ${what}:\n${strict.output}`);
    return Number(match[1]);
  };
  const ci = {
    efficiency: figure(/image efficiency is too low \(efficiency=([^ ]+) < threshold=1\)/, 'efficiency'),
    wastedBytes: figure(/too many bytes wasted \(wasted-bytes=(\d+) > threshold=0\)/, 'wasted bytes'),
    userWastedPercent: figure(/%-user-wasted-bytes=([^ ]+) > threshold=0\)/, 'user wasted percent'),
  };

  const defaults = await runDive(dive, dir, ['--ci', '--source', 'docker-archive', tar]);
  const verdicts: Record<string, string> = {};
  for (const match of defaults.output.matchAll(/^\s*(PASS|FAIL|SKIP|WARN): (\w+)/gm)) verdicts[match[2]] = match[1];
  assert.strictEqual(defaults.code, Object.values(verdicts).includes('FAIL') ? 1 : 0, `dive --ci's exit code and its verdicts disagree:\n${defaults.output}`);
  assert.deepStrictEqual(Object.keys(verdicts).sort(), ['highestUserWastedPercent', 'highestWastedBytes', 'lowestEfficiency'], `dive --ci printed a verdict per rule:\n${defaults.output}`);
  return { exported, ci, verdicts };
}

/** A layer's entries as dive lists them: no directories, a whiteout under its `.wh.` name, no opaque marker. */
function diveStyleFiles(analysis: ImageAnalysis, index: number): [string, number][] {
  return analysis.layers[index].entries
    .filter((entry) => entry.type !== 'dir' && !entry.opaque)
    .map((entry): [string, number] => {
      if (!entry.whiteout) return [entry.path, entry.size];
      const slash = entry.path.lastIndexOf('/');
      return [`${entry.path.slice(0, slash + 1)}.wh.${entry.path.slice(slash + 1)}`, entry.size];
    })
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Every figure dive gives for the archive, checked against the analysis of the same archive. */
function assertSameAsDive(analysis: ImageAnalysis, dive: DiveReference): void {
  const { exported, ci } = dive;
  const ours = analysis.efficiency;
  assert.strictEqual(analysis.layers.length, exported.layer.length, 'as many layers as dive reads');
  analysis.layers.forEach((layer, index) => {
    assert.strictEqual(layerContentSize(layer), exported.layer[index].sizeBytes, `layer ${index}: dive's layer size`);
    const diveFiles = exported.layer[index].fileList
      .filter((file) => !file.isDir && file.path !== '') // '' is a directory a path only runs through
      .map((file): [string, number] => [file.path, file.size])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    assert.deepStrictEqual(diveStyleFiles(analysis, index), diveFiles, `layer ${index}: the files and whiteouts dive lists`);
  });
  assert.strictEqual(ours.sizeBytes, exported.image.sizeBytes, "dive's image size");
  assert.strictEqual(ours.wastedBytes, exported.image.inefficientBytes, "dive's wasted bytes (--json)");
  assert.strictEqual(ours.wastedBytes, ci.wastedBytes, "dive's wasted bytes (--ci)");
  // Go writes a float64 as the shortest text that reads back as the same number: equal means equal.
  assert.strictEqual(ours.efficiency, exported.image.efficiencyScore, "dive's efficiency score (--json)");
  assert.strictEqual(ours.efficiency, ci.efficiency, "dive's efficiency score (--ci)");
  assert.strictEqual(ours.userSizeBytes, exported.layer.slice(1).reduce((sum, layer) => sum + layer.sizeBytes, 0), "dive's user size: all layers but the first");
  assert.strictEqual(ours.wastedUserPercent, ci.userWastedPercent, "dive's user wasted percent (--ci)");
  const listed = (items: [string, number, number][]) => items.sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
  assert.deepStrictEqual(
    listed(ours.inefficiencies.map((item): [string, number, number] => [`/${item.path}`, item.cumulativeSize, item.count])),
    listed(exported.image.fileReference.map((item): [string, number, number] => [item.file, item.sizeBytes, item.count])),
    "dive's inefficient files: path, bytes, count",
  );
  // dive lists them largest first (ties in no fixed order); so does the analysis.
  assert.deepStrictEqual(ours.inefficiencies.map((item) => item.cumulativeSize), exported.image.fileReference.map((item) => item.sizeBytes), 'largest waste first, as dive lists it');
}

/** The CI check (dist/image-check.js) with dive's default rules must pass and fail where dive does. */
function assertSameVerdictsAsDive(dockerHost: string, image: string, dive: DiveReference): void {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'image-check.js'), image, '--host', dockerHost, '--json'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  assert.ok(result.status === 0 || result.status === 1, `image-check exited ${result.status}: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { efficiency: number; wastedBytes: number; rules: { rule: string; passed: boolean }[] };
  assert.strictEqual(report.efficiency, dive.exported.image.efficiencyScore, "image-check's efficiency is dive's");
  assert.strictEqual(report.wastedBytes, dive.exported.image.inefficientBytes, "image-check's wasted bytes are dive's");
  const ours = Object.fromEntries(report.rules.map((rule) => [rule.rule, rule.passed ? 'passes' : 'fails']));
  const dives = Object.fromEntries(Object.entries(dive.verdicts).map(([rule, verdict]) => [rule, verdict === 'FAIL' ? 'fails' : 'passes']));
  assert.deepStrictEqual(ours, dives, `the default rules' verdicts (dive: ${JSON.stringify(dive.verdicts)})`);
  assert.strictEqual(result.status, Object.values(dives).includes('fails') ? 1 : 0, 'exits 1 where dive --ci fails');
}

/** Exports `image` from the engine to a scratch file, and has dive and the analysis read it. */
async function compareWithDive(dockerHost: string, image: string, fromEngine: ImageAnalysis): Promise<{ dive: DiveReference; fromFile: ImageAnalysis }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ws-dive-'));
  try {
    const tar = path.join(dir, 'image.tar');
    await saveImage(dockerHost, image, tar);
    const [dive, fromFile] = await Promise.all([diveReference(tar), analyseArchiveFile(tar)]);
    // The engine's stream and the file hold the same image: the same figures from both.
    assert.deepStrictEqual(fromFile.efficiency, fromEngine.efficiency, 'the analysis of the saved file is the analysis of the engine stream');
    assertSameAsDive(fromFile, dive);
    const { efficiency, wastedBytes, wastedUserPercent } = fromFile.efficiency;
    console.log(`      (dive and the analysis of ${image}: efficiency ${efficiency}, wasted ${wastedBytes} B, user wasted ${wastedUserPercent}, ${dive.exported.image.fileReference.length} inefficient paths)`);
    return { dive, fromFile };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
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

  it('gives the numbers dive v0.13.1 gives for the same archive, and its rule verdicts', async () => {
    const { dive } = await compareWithDive(privateDockerHost(), tag, analysis);
    assertSameVerdictsAsDive(privateDockerHost(), tag, dive);
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

  it('gives the numbers dive v0.13.1 gives for the archive Podman exports, and its rule verdicts', async () => {
    const host = (podman as PrivatePodman).dockerHost;
    const { dive } = await compareWithDive(host, 'localhost/ws-waste:1', analysis);
    assertSameVerdictsAsDive(host, 'localhost/ws-waste:1', dive);
  });
});


// 60 layers: local/busybox and 59 steps, each a small file of known size. Most steps COPY a new
// file from the build context (the legacy builder commits a COPY without starting a container:
// about 0.2 s a step here, against about 0.6 s for a RUN); five overwrite an earlier file, one puts
// back a removed file, and three RUN steps remove a file or a whole directory.
type AddedTuple = [path: string, type: string, size: number];
type ModifiedTuple = [path: string, size: number, previousSize: number];
type RemovedTuple = [path: string, type: string, size: number, files: number, reason: string];

interface PlannedLayer {
  instruction: string;
  added: AddedTuple[];
  modified: ModifiedTuple[];
  removed: RemovedTuple[];
  /** What dive visits in this layer (its leaves): path and the size it counts (0 for a removed file). */
  seen: [string, number][];
}

function sixtyLayerPlan(): { dockerfile: string; context: Record<string, string>; layers: PlannedLayer[] } {
  const two = (n: number) => String(n).padStart(2, '0');
  const sizeOf = (n: number) => 100 + 7 * n;
  const context: Record<string, string> = {};
  /** What the steps put in the image, path -> size. */
  const files = new Map<string, number>();
  const hasUnder = (dir: string) => [...files.keys()].some((file) => file.startsWith(`${dir}/`));

  const copyFile = (source: string, content: string, target: string): PlannedLayer => {
    context[source] = content;
    const size = Buffer.byteLength(content);
    const previous = files.get(target);
    const dir = target.slice(0, target.lastIndexOf('/'));
    const newDir = !hasUnder(dir);
    files.set(target, size);
    return {
      instruction: `COPY ${source} /${target}`,
      added: previous === undefined ? [...(newDir ? [[dir, 'dir', 0] as AddedTuple] : []), [target, 'file', size]] : [],
      modified: previous === undefined ? [] : [[target, size, previous]],
      removed: [],
      seen: [[target, size]],
    };
  };
  const removeFile = (target: string): PlannedLayer => {
    const size = files.get(target) as number;
    files.delete(target);
    return { instruction: `RUN rm /${target}`, added: [], modified: [], removed: [[target, 'file', size, 1, 'whiteout']], seen: [[target, 0]] };
  };
  const removeDir = (dir: string): PlannedLayer => {
    const under = [...files.keys()].filter((file) => file.startsWith(`${dir}/`));
    const size = under.reduce((sum, file) => sum + (files.get(file) as number), 0);
    for (const file of under) files.delete(file);
    // dive counts a removed directory as the bytes of everything under it.
    return { instruction: `RUN rm -rf /${dir}`, added: [], modified: [], removed: [[dir, 'dir', size, under.length, 'whiteout']], seen: [[dir, size]] };
  };
  const copyDir = (dir: string, contents: Record<string, string>): PlannedLayer => {
    const added: AddedTuple[] = [[dir, 'dir', 0]];
    for (const [name, content] of Object.entries(contents)) {
      context[`${dir}/${name}`] = content;
      files.set(`${dir}/${name}`, Buffer.byteLength(content));
      added.push([`${dir}/${name}`, 'file', Buffer.byteLength(content)]);
    }
    return { instruction: `COPY ${dir}/ /${dir}/`, added, modified: [], removed: [], seen: added.slice(1).map(([file, , size]) => [file, size]) };
  };

  const layers: PlannedLayer[] = [];
  for (let step = 1; step <= 59; step++) {
    if (step === 5) layers.push(copyDir('tree', { a: 'a'.repeat(1097), b: 'b'.repeat(1098), c: 'c'.repeat(1099) }));
    else if (step % 10 === 0) layers.push(copyFile(`g/${two(step)}`, 'g'.repeat(3 * sizeOf(step)), `layers/${two(step - 7)}`)); // overwrites 03, 13, .. 43
    else if (step === 15 || step === 35) layers.push(removeFile(`layers/${two(step - 4)}`)); // 11, 31
    else if (step === 25) layers.push(copyFile('f/11', context['f/11'], 'layers/11')); // 11 again, as it was
    else if (step === 45) layers.push(removeDir('tree'));
    else if (step === 55) layers.push(copyFile('tree/b', context['tree/b'], 'tree/b')); // one file of the removed directory again
    else layers.push(copyFile(`f/${two(step)}`, String.fromCharCode(97 + (step % 26)).repeat(sizeOf(step)), `layers/${two(step)}`));
  }
  return { dockerfile: `FROM ${BUSYBOX}\n${layers.map((layer) => layer.instruction).join('\n')}\n`, context, layers };
}

/** dive's sums over the plan: every path's sizes as seen, layer by layer; the base layer's paths are each seen once. */
function expectedWaste(layers: readonly PlannedLayer[], baseBytes: number) {
  const seen = new Map<string, number[]>();
  for (const layer of layers) for (const [file, size] of layer.seen) seen.set(file, [...(seen.get(file) ?? []), size]);
  let minimum = baseBytes;
  let discovered = baseBytes;
  const inefficiencies: [string, number, number][] = [];
  for (const [file, sizes] of seen) {
    const cumulative = sizes.reduce((sum, size) => sum + size, 0);
    minimum += Math.min(...sizes);
    discovered += cumulative;
    if (sizes.length > 1) inefficiencies.push([file, cumulative, sizes.length]);
  }
  inefficiencies.sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  return { efficiency: minimum / discovered, wastedBytes: inefficiencies.reduce((sum, [, bytes]) => sum + bytes, 0), inefficiencies };
}

/** Bytes of the regular files the harness puts in local/busybox (every other entry counts 0). */
async function busyboxBaseBytes(): Promise<number> {
  const { writeBusyboxRootfs } = await importModule<{ writeBusyboxRootfs(dir: string): Promise<void> }>(harness('images.mjs'));
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ws-busybox-bytes-'));
  try {
    await writeBusyboxRootfs(path.join(dir, 'rootfs'));
    let bytes = 0;
    for (const entry of await fs.readdir(path.join(dir, 'rootfs'), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) bytes += (await fs.stat(path.join(entry.parentPath, entry.name))).size;
    }
    return bytes;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

describe('image analysis of a 60-layer image (Docker)', function () {
  this.timeout(180_000);
  const tag = `local/${uniqueName('ws-sixty')}:1`;
  const plan = sixtyLayerPlan();
  let analysis: ImageAnalysis;

  before(async function () {
    const { buildImage } = await importModule<{ buildImage(host: string, tag: string, dockerfile: string, files: Record<string, string>): Promise<string> }>(harness('images.mjs'));
    const started = Date.now();
    await buildImage(privateDockerHost(), tag, plan.dockerfile, plan.context);
    console.log(`      (built the 60-layer image in ${((Date.now() - started) / 1000).toFixed(1)} s: ${plan.layers.length} steps)`);
    analysis = await analyseImage(client(), tag);
  });

  after(async function () {
    await engine().getImage(tag).remove({ force: true }).catch(() => undefined);
  });

  it('reads 60 layers, each with the step that made it', () => {
    assert.strictEqual(analysis.layers.length, 60);
    assert.ok(analysis.layers.every((layer) => layer.error === undefined), 'no layer failed');
    const commands = analysis.history.filter((step) => !step.emptyLayer).map((step) => step.createdBy);
    assert.strictEqual(commands.length, 60);
    plan.layers.forEach((layer, index) => {
      const [verb, ...rest] = layer.instruction.split(' ');
      const expected = verb === 'RUN' ? rest.join(' ') : `COPY ${rest[0].endsWith('/') ? 'dir' : 'file'}:`;
      assert.ok(commands[index + 1].includes(expected), `layer ${index + 1}: "${commands[index + 1]}" is ${layer.instruction}`);
      if (verb === 'COPY') assert.ok(commands[index + 1].endsWith(` in ${rest[1]} `), `layer ${index + 1}: "${commands[index + 1]}" copies to ${rest[1]}`);
    });
  });

  it('lists exactly what each layer added, modified and removed, with the bytes', () => {
    const byPath = <T extends [string, ...unknown[]]>(tuples: T[]) => tuples.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const actual = analysis.changes.slice(1).map((changes) => ({
      added: byPath(changes.added.map((p): AddedTuple => [p.path, p.type, p.size])),
      modified: byPath(changes.modified.map((p): ModifiedTuple => [p.path, p.size, p.previousSize ?? -1])),
      removed: byPath(changes.removed.map((p): RemovedTuple => [p.path, p.type, p.size, p.files, p.reason])),
      bytes: [changes.addedBytes, changes.modifiedBytes, changes.removedBytes],
    }));
    const sum = (sizes: number[]) => sizes.reduce((total, size) => total + size, 0);
    const expected = plan.layers.map((layer) => ({
      added: byPath([...layer.added]),
      modified: byPath([...layer.modified]),
      removed: byPath([...layer.removed]),
      bytes: [sum(layer.added.map(([, , size]) => size)), sum(layer.modified.map(([, size]) => size)), sum(layer.removed.map(([, , size]) => size))],
    }));
    assert.deepStrictEqual(actual, expected);
  });

  it("weighs the waste and the efficiency exactly as dive's rules give them for what was written", async () => {
    const baseBytes = await busyboxBaseBytes();
    assert.strictEqual(layerContentSize(analysis.layers[0]), baseBytes, 'the base layer holds the files the harness wrote');
    const expected = expectedWaste(plan.layers, baseBytes);
    const { efficiency } = analysis;
    assert.deepStrictEqual(
      efficiency.inefficiencies.map((item): [string, number, number] => [item.path, item.cumulativeSize, item.count]),
      expected.inefficiencies,
    );
    // The five overwritten files, the two removed ones (11 twice: put back), and tree/b written twice.
    assert.strictEqual(expected.inefficiencies.length, 8);
    assert.strictEqual(efficiency.wastedBytes, expected.wastedBytes);
    assert.strictEqual(efficiency.efficiency, expected.efficiency);
    assert.strictEqual(efficiency.userSizeBytes, analysis.layers.slice(1).reduce((sum, layer) => sum + layerContentSize(layer), 0));
    assert.deepStrictEqual(efficiency.warnings, []);
  });

  it('gives the numbers dive v0.13.1 gives for the same archive, and its rule verdicts', async () => {
    const { dive } = await compareWithDive(privateDockerHost(), tag, analysis);
    assert.strictEqual(dive.exported.layer.length, 60);
    assertSameVerdictsAsDive(privateDockerHost(), tag, dive);
  });
});
