// `npm run bench`: a private engine filled with containers, the extension in code-server, and the
// table of issue 4 (each figure a median with min and max), written to bench/results.json and
// into BENCHMARKS.md. Everything it starts is stopped at the end, also on Ctrl-C.
// Environment: WS_BENCH_REPETITIONS (default 15), WS_BENCH_IDLE_SECONDS (default 90),
// WS_BENCH_ONLY (comma-separated steps: sizes,host,idle,engines,cluster,diagram,vm,usage,image,overhead),
// WS_BENCH_OVERHEAD_RUNS (runs per metric in the overhead lab, default 5),
// WS_BENCH_IMAGE_REPETITIONS (rounds of the 1 GB image analysis, default 5).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect, dockerCli, startPrivateDockerd } from '../harness/dockerd.mjs';
import { ensureBusyboxImage } from '../harness/images.mjs';
import { run, runCleanups } from '../harness/processes.mjs';
import { packageExtension, vsixPath } from '../package.mjs';
import { measureDiagrams } from './diagramLatency.mjs';
import { benchSuitePath, runBenchSuite } from './extensionHostBench.mjs';
import { describeMachine } from './machine.mjs';
import { countWindow, startProxySocket } from './proxySocket.mjs';
import { markdownSection, printTable, tableRows, writeBenchmarksSection, writeResults } from './report.mjs';
import { measureSizes } from './sizes.mjs';
import { derivedRows, grade } from './targets.mjs';
import { measureVmRefresh } from './vmRefresh.mjs';
import { measureOverheadLab } from './overheadLab.mjs';
import { measureFourEngines } from './fourEngines.mjs';
import { measureCluster } from './cluster.mjs';
import { measureUsageRing } from './usageRing.mjs';
import { measureImageAnalysis } from './imageAnalysis.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const repetitions = Number(process.env.WS_BENCH_REPETITIONS ?? 15);
const idleSeconds = Number(process.env.WS_BENCH_IDLE_SECONDS ?? 90);
const only = process.env.WS_BENCH_ONLY?.split(',');
const wanted = (step) => !only || only.includes(step);

// Every figure the table must show, in order; one that produced nothing says so.
const expected = [
  ['create-100', 'create containers to 100', 'host'],
  ['floor-100', '(1) raw GET /containers/json?all=1, 100 containers', 'host'],
  ['extension-100', '(2) extension refresh + getChildren/getTreeItem, 100', 'host'],
  ['cli-100', '(3) docker container ls --all --no-trunc (1 CLI process), 100', 'host'],
  ['create-1000', 'create containers to 1000', 'host'],
  ['floor-1000', '(1) raw GET /containers/json?all=1, 1000 containers', 'host'],
  ['extension-1000', '(2) extension refresh + getChildren/getTreeItem, 1000', 'host'],
  ['cli-1000', '(3) docker container ls --all --no-trunc (1 CLI process), 1000', 'host'],
  ['event-latency', '(4) docker start/stop issued -> tree fired + getChildren shows it', 'host'],
  ['event-latency-after-call', '(4b) same, counted from the moment the engine API call returned', 'host'],
  ['event-latency-after-event', '(4c) same, counted from the arrival of the engine event that carries the new state (die, start)', 'host'],
  ['idle-hidden', '(5) engine requests/min, view hidden', 'idle'],
  ['idle-visible', '(5) engine requests/min, view visible and idle', 'idle'],
  ['memory-growth', '(6) ext host heapUsed growth, 1000 listed + 10 refreshes', 'host'],
  ['memory-leak', '(6b) heapUsed growth across the 10 refreshes alone', 'host'],
  ['module-load', '(7) require(dist/extension.js) in the extension host, before activation', 'host'],
  ['activation', "(7) activation: the extension's activate() function, as VS Code counts it", 'host'],
  ['activation-pipeline', '(7b) extension.activate() awaited from a test on a host still starting up (VS Code queueing included)', 'host'],
  ['extension-bundle-size', '(7) dist/extension.js (minified)', 'sizes'],
  ['vendor-bundle-size', '(7) dist/vendor-dockerode.js (minified, loaded on first engine call)', 'sizes'],
  ['extension-host-code-size', '(7) extension host code in all (extension + vendor bundles)', 'sizes'],
  ['webview-bundle-size', '(7) dist/webview.js (minified)', 'sizes'],
  ['vsix-size', '(7) VSIX size', 'sizes'],
  ['remove-all', 'remove all bench containers', 'host'],
  ['diagram-latency', '(8) click -> diagram of a 64-layer image fully drawn, new tab', 'diagram'],
  ['diagram-drawn', '(8b) same, until the webview drew it', 'diagram'],
  ['diagram-latency-reused', '(8c) click -> diagram in the tab the tree reuses', 'diagram'],
  ['diagram-drawn-reused', '(8d) same, until the webview drew it', 'diagram'],
  ['compare-latency', '(8) compare 10 workloads -> 10 columns drawn', 'diagram'],
  ['compare-drawn', '(8e) same, until the webview drew them', 'diagram'],
  ['engines-create', 'create 250 containers on each of 4 engines', 'engines'],
  ['engines-raw-slowest', '(10) raw list of the slowest of 4 engines, 250 each', 'engines'],
  ['engines-raw-sum', '(10) the 4 raw lists one after the other', 'engines'],
  ['engines-raw-parallel', '(10) the 4 raw lists at once', 'engines'],
  ['engines-tree', '(10) extension refresh of all 4 engines', 'engines'],
  ['engines-idle-hidden', '(10) requests/min per engine, 4 engines, view hidden', 'engines'],
  ['engines-idle-visible', '(10) requests/min per engine, 4 engines, view visible and idle', 'engines'],
  ['engines-podman-event-latency', '(10) podman start/stop -> tree shows it, on the Podman engine', 'engines'],
  ['cluster-create', 'create 50 kwok nodes and 5000 pods', 'cluster'],
  ['cluster-all-raw', '(11) raw paged list of all 5000 pods', 'cluster'],
  ['cluster-all-tree', '(11) extension refresh of all 5000 pods', 'cluster'],
  ['cluster-one-raw', '(11) raw paged list of one namespace', 'cluster'],
  ['cluster-one-tree', '(11) extension refresh of one namespace', 'cluster'],
  ['cluster-memory', '(11) heap growth, 5000 pods', 'cluster'],
  ['cluster-idle-hidden', '(11) API requests/min, view hidden', 'cluster'],
  ['cluster-idle-visible', '(11) API requests/min, view visible and idle', 'cluster'],
  ['cluster-phase-latency', '(11) pod phase change -> its row', 'cluster'],
  ['vm-refresh', '(9) libvirt refresh, 100 test-driver domains', 'vm'],
  ['vm-processes', '(9) virsh processes per refresh, 100 domains', 'vm'],
  ['usage-ring-retained', '(12) retained size of the usage rings (history + recording)', 'usage'],
  ['usage-heap-1hz', "(12) heap + ArrayBuffer growth, a panel's usage history + recording fed 10 min of 1 Hz readings", 'usage'],
  ['usage-heap-bounded-1hz', '(12b) heap + ArrayBuffer growth over another 60 min of 1 Hz readings', 'usage'],
  ['usage-heap-2s', "(12) heap + ArrayBuffer growth, a panel's usage history + recording fed 10 min of 2 s readings", 'usage'],
  ['usage-heap-bounded-2s', '(12b) heap + ArrayBuffer growth over another 60 min of 2 s readings', 'usage'],
  ['image-create', '(13) make the 1 GB image: archive generated as it streams into POST /images/load', 'image'],
  ['image-read-raw', '(13) raw GET /images/{name}/get of the 1 GB, 40-layer image, read and discarded', 'image'],
  ['image-analyse', '(13) analyseImage of the same image', 'image'],
  ['image-analyse-ratio', '(13) analysis over raw read, same round', 'image'],
  ['image-analyse-stream-ratio', '(13b) same, from the first byte on: the streaming part alone', 'image'],
  ['image-client-ratio', "(13c) the extension's client stream alone (no reader), read and discarded, over the raw read", 'image'],
  ['image-analyse-heap', '(13) peak heapUsed during the analysis, sampled every 50 ms', 'image'],
  ['image-analyse-rss', '(13) peak rss of the process during the analysis', 'image'],
];

const results = [];
function failedStep(step, error) {
  console.error(`[bench] ${step} failed: ${error.stack ?? error.message}`);
  for (const [id, measure, owner] of expected) {
    if (owner === step && !results.some((result) => result.id === id)) results.push({ id, measure, notMeasured: error.message.split('\n')[0] });
  }
}
async function step(name, work) {
  if (!wanted(name)) return;
  console.log(`\n[bench] === ${name} ===`);
  try {
    results.push(...((await work()) ?? []));
  } catch (error) {
    failedStep(name, error);
  }
}

async function compileSuite() {
  const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  // tsc still writes its output when other files in the tree have type errors (someone mid-edit).
  await run(process.execPath, [tsc, '-p', 'test'], { cwd: repoRoot }).catch((error) => {
    if (!existsSync(benchSuitePath)) throw error;
    console.warn(`[bench] tsc -p test reported errors; running the compiled suite anyway:\n${error.message}`);
  });
}

function suiteEnv(engine, extra) {
  return {
    DOCKER_HOST: engine.dockerHost,
    DOCKER_BUILDKIT: engine.env.DOCKER_BUILDKIT,
    PATH: engine.env.PATH,
    WS_BENCH_ENGINE_SOCKET: engine.socketPath,
    WS_BENCH_DOCKER_CLI: dockerCli(),
    WS_BENCH_REPETITIONS: String(repetitions),
    ...extra,
  };
}

/** Runs a phase of the suite; a non-zero exit still keeps the figures it printed. */
async function suitePhase(env) {
  const outcome = await runBenchSuite(env);
  if (outcome.exitCode !== 0) console.warn(`[bench] the bench suite exited with ${outcome.exitCode} (${outcome.failed} step(s) not measured)`);
  return outcome.results;
}

async function idlePhase(engine) {
  const proxy = await startProxySocket(path.join(engine.dir, 'proxy.sock'), engine.socketPath);
  try {
    const raw = await suitePhase(suiteEnv(engine, { DOCKER_HOST: proxy.dockerHost, WS_BENCH_PHASE: 'idle', WS_BENCH_IDLE_SECONDS: String(idleSeconds) }));
    return raw.map((result) => {
      if (result.notMeasured || !result.extra) return result;
      const counted = countWindow(proxy, result.extra.start, result.extra.end);
      return {
        id: result.id,
        measure: result.measure,
        unit: 'count',
        samples: [counted.perMinute],
        note: `${counted.requests} requests in a ${counted.seconds.toFixed(0)} s window (${counted.paths.join(', ') || 'none'}); events streams open: ${counted.eventsStreamsOpen}`,
        extra: counted,
      };
    });
  } finally {
    await proxy.close();
  }
}

async function removeBenchContainers(engine) {
  const docker = connect(engine.dockerHost);
  const containers = await docker.listContainers({ all: true, filters: { label: ['workload-stacks.bench'] } });
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < containers.length) await docker.getContainer(containers[next++].Id).remove({ force: true });
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  const ms = performance.now() - started;
  return [{ id: 'remove-all', measure: `remove all ${containers.length} bench containers, 8 at a time`, unit: 'ms', samples: [ms] }];
}

/** Both suite phases activate the extension: their figures of one id become one row. */
function mergeById(list) {
  const merged = new Map();
  for (const result of list) {
    const first = merged.get(result.id);
    if (!first) merged.set(result.id, { ...result });
    else if (!result.notMeasured) first.samples = [...(first.samples ?? []), ...(result.samples ?? [])];
  }
  return [...merged.values()];
}

async function main() {
  const started = Date.now();
  const machine = describeMachine();
  await compileSuite();
  // Every step measures the code as it is now: dist/ (the extension host suite) and the VSIX
  // (code-server) are built first, whichever steps run.
  const needsBuild = ['sizes', 'host', 'idle', 'engines', 'cluster', 'diagram'].some(wanted);
  const packaged = needsBuild ? await packageExtension() : undefined;
  await step('sizes', () => measureSizes(packaged));
  let engine;
  if (['host', 'idle', 'engines', 'cluster', 'diagram', 'image', 'overhead'].some(wanted)) {
    engine = await startPrivateDockerd({ label: 'bench' });
    await ensureBusyboxImage(engine.dockerHost);
    console.log(`[bench] private engine at ${engine.dockerHost} (log ${path.join(engine.dir, 'dockerd.log')})`);
  }
  await step('host', () => suitePhase(suiteEnv(engine, { WS_BENCH_PHASE: 'host' })));
  await step('idle', () => idlePhase(engine));
  if (engine) await step('host', () => removeBenchContainers(engine));
  await step('engines', async () => {
    const measured = await measureFourEngines({ firstEngine: engine, idleSeconds, runPhase: (extra) => suitePhase(suiteEnv(engine, extra)) });
    await removeBenchContainers(engine); // the first engine's 250; the other engines went with their stop()
    return measured;
  });
  await step('cluster', () => measureCluster({ runPhase: (extra) => suitePhase(suiteEnv(engine, { WS_BENCH_IDLE_SECONDS: String(Math.min(idleSeconds, 60)), ...extra })) }));
  await step('diagram', () => measureDiagrams({ dockerHost: engine.dockerHost, vsixPath }));
  await step('vm', measureVmRefresh);
  await step('usage', measureUsageRing);
  // A 1 GB image read through the engine's export: the disk and both cores busy, so after the others.
  await step('image', () => measureImageAnalysis({ socketPath: engine.socketPath, repetitions: Number(process.env.WS_BENCH_IMAGE_REPETITIONS ?? 5) }));
  // Last, on a quiet machine: the lab's figures are what the other steps would disturb most.
  await step('overhead', () => measureOverheadLab({ dockerHost: engine.dockerHost }));

  for (const [id, measure, owner] of expected) {
    if (wanted(owner) && !results.some((result) => result.id === id)) results.push({ id, measure, notMeasured: 'the step printed no figure for it (see the log above)' });
  }
  const order = (id) => {
    const index = expected.findIndex(([expectedId]) => expectedId === id);
    return index < 0 ? expected.length : index;
  };
  const graded = mergeById(results).map(grade).sort((a, b) => order(a.id) - order(b.id));
  const all = [...graded, ...derivedRows(graded)];
  const rows = tableRows(all);
  printTable(rows);
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(`\n[bench] ${path.relative(repoRoot, writeResults(repoRoot, { machine, results: all, seconds }))} written; ${seconds} s`);
  if (!only) console.log(`[bench] ${path.relative(repoRoot, writeBenchmarksSection(repoRoot, 'table', markdownSection(rows, machine)))} updated`);
  // The four-engine step alone (WS_BENCH_ONLY=engines) keeps its own section beside the full table.
  if (only?.length === 1 && only[0] === 'engines') {
    console.log(`[bench] ${path.relative(repoRoot, writeBenchmarksSection(repoRoot, 'engines', markdownSection(rows, machine), '## Four engines at once (WS_BENCH_ONLY=engines)'))} updated`);
  }
  if (only?.length === 1 && only[0] === 'image') {
    console.log(`[bench] ${path.relative(repoRoot, writeBenchmarksSection(repoRoot, 'image', markdownSection(rows, machine), '## Image analysis of a 1 GB, 40-layer image (WS_BENCH_ONLY=image)'))} updated`);
  }
  if (only?.length === 1 && only[0] === 'cluster') {
    console.log(`[bench] ${path.relative(repoRoot, writeBenchmarksSection(repoRoot, 'cluster', markdownSection(rows, machine), '## A cluster of 50 nodes and 5000 pods (WS_BENCH_ONLY=cluster)'))} updated`);
  }
}

try {
  await main();
} catch (error) {
  console.error(`[bench] ${error.stack ?? error.message}`);
  process.exitCode = 1;
} finally {
  await runCleanups();
}
