// Several engines at once: four engines of 250 containers each (two dockerds, a rootful and a
// rootless Podman), listed by the extension in one refresh, against each engine's raw list; the
// idle windows with all four shown; and event-to-row on the Podman engine. The runner
// (scripts/bench/fourEngines.mjs) starts the engines and counts each one's requests.
import Dockerode from 'dockerode';
import * as vscode from 'vscode';
import type { WorkloadStacksApi } from '../../src/api';
import type { EngineNode } from '../../src/tree/nodes';
import { rawList, walkRows } from './engineCalls';
import { measureEventLatency } from './events';
import { now, report, sleep } from './report';

/** What the runner says about each engine: its raw socket (the floor) and its counting proxy. */
interface BenchEngine {
  name: string;
  socketPath: string;
  proxyHost: string;
  podman: boolean;
  /** The first is the DOCKER_HOST engine; the others are added through workloadStacks.engines. */
  fromSetting: boolean;
}

const SETTLE_MS = 5_000;

function benchEngines(): BenchEngine[] {
  const raw = process.env.WS_BENCH_ENGINES;
  if (!raw) throw new Error('WS_BENCH_ENGINES must be set by scripts/bench/fourEngines.mjs');
  return JSON.parse(raw) as BenchEngine[];
}

/** Adds the engines by hand, as a user would, and waits until each is a root of the tree. */
async function showEngines(api: WorkloadStacksApi, engines: readonly BenchEngine[]): Promise<Map<string, EngineNode>> {
  const added = engines.filter((engine) => engine.fromSetting).map((engine) => ({ host: engine.proxyHost, name: engine.name }));
  await vscode.workspace.getConfiguration('workloadStacks').update('engines', added, vscode.ConfigurationTarget.Global);
  const nodes = new Map<string, EngineNode>();
  for (const deadline = Date.now() + 20_000; nodes.size < engines.length && Date.now() < deadline; await sleep(100)) {
    for (const engine of engines) {
      const source = engine.fromSetting ? api.catalog.sources.find((candidate) => candidate.label === engine.name) : api.catalog.source('docker');
      const node = source ? (await api.tree.getChildren()).find((root): root is EngineNode => root.type === 'engine' && root.id === source.id) : undefined;
      if (node) nodes.set(engine.name, node);
    }
  }
  if (nodes.size < engines.length) throw new Error(`the tree shows ${nodes.size} of the ${engines.length} engines`);
  return nodes;
}

async function allRows(api: WorkloadStacksApi, nodes: Map<string, EngineNode>): Promise<number> {
  const counts = await Promise.all([...nodes.values()].map(async (node) => (await walkRows(api, node)).length));
  return counts.reduce((sum, count) => sum + count, 0);
}

export async function measureEngines(api: WorkloadStacksApi, repetitions: number, idleSeconds: number): Promise<void> {
  const engines = benchEngines();
  const nodes = await showEngines(api, engines);
  await vscode.commands.executeCommand('workbench.view.explorer'); // no event-driven refresh while timing

  // One warm-up round, then rounds of: each engine's raw list (one after the other), the extension's refresh of all four.
  const sourceIds = [...nodes.values()].map((node) => node.id);
  const refreshAll = () => Promise.all(sourceIds.map((id) => api.catalog.refresh(id)));
  for (const engine of engines) await rawList(engine.socketPath);
  await refreshAll();
  const raw = new Map<string, number[]>(engines.map((engine) => [engine.name, []]));
  const slowest: number[] = [];
  const sums: number[] = [];
  const parallel: number[] = [];
  const tree: number[] = [];
  let rows = 0;
  for (let round = 0; round < repetitions; round++) {
    const times: number[] = [];
    for (const engine of engines) {
      const started = now();
      await rawList(engine.socketPath);
      times.push(now() - started);
      raw.get(engine.name)!.push(times.at(-1)!);
    }
    slowest.push(Math.max(...times));
    sums.push(times.reduce((sum, ms) => sum + ms, 0));
    // The same four lists at once: on a small machine the engines compete for its CPUs.
    const together = now();
    await Promise.all(engines.map((engine) => rawList(engine.socketPath)));
    parallel.push(now() - together);
    const started = now();
    await refreshAll();
    rows = await allRows(api, nodes);
    tree.push(now() - started);
  }
  const perEngine = engines.map((engine) => `${engine.name} ${median(raw.get(engine.name)!).toFixed(0)}`).join(', ');
  report({ id: 'engines-raw-slowest', measure: `(10) raw GET /containers/json?all=1 of the slowest of ${engines.length} engines, 250 each`, unit: 'ms', samples: slowest, note: `per engine (median ms): ${perEngine}` });
  report({ id: 'engines-raw-sum', measure: `(10) the ${engines.length} raw lists one after the other`, unit: 'ms', samples: sums });
  report({ id: 'engines-raw-parallel', measure: `(10) the ${engines.length} raw lists at once (this machine's floor for listing them together)`, unit: 'ms', samples: parallel });
  report({ id: 'engines-tree', measure: `(10) extension refresh of all ${engines.length} engines + getChildren/getTreeItem`, unit: 'ms', samples: tree, note: `${rows} rows seen` });

  await idleWindows(idleSeconds);

  const podman = engines.find((engine) => engine.podman && engine.fromSetting);
  if (!podman) throw new Error('no Podman engine among the bench engines');
  const podmanSource = api.catalog.sources.find((source) => source.label === podman.name)!;
  await measureEventLatency(api, new Dockerode({ socketPath: podman.socketPath }), Math.max(10, repetitions - 5), {
    sourceId: podmanSource.id,
    image: 'localhost/local/busybox:latest',
    hostConfig: { NetworkMode: 'none' },
    id: 'engines-podman-event-latency',
    measure: '(10) podman start/stop issued -> tree fired + getChildren shows it, on the Podman engine',
  });
}

/** The runner counts each engine's requests in these windows, from its proxy's log. */
async function idleWindows(seconds: number): Promise<void> {
  const window = async (id: string, measure: string) => {
    await sleep(SETTLE_MS);
    const start = Date.now();
    await sleep(seconds * 1000);
    report({ id, measure, unit: 'timestamp', extra: { start, end: Date.now() } });
  };
  await vscode.commands.executeCommand('workbench.view.explorer');
  await window('engines-idle-hidden', '(10) requests/min per engine, 4 engines, view hidden (the busiest engine)');
  await vscode.commands.executeCommand('workbench.view.extension.workloadStacks');
  await window('engines-idle-visible', '(10) requests/min per engine, 4 engines, view visible and idle (the busiest engine)');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)];
}
