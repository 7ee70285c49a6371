// Measurement 11: a cluster of 50 kwok nodes and 5000 pods (scripts/bench/cluster.mjs fills it).
// The tree of all namespaces and of one, each against the API server's raw paged list of the same
// pods (the floor); a pod's phase change to its row; heap growth; requests while hidden and idle.
import * as fs from 'fs';
import * as https from 'https';
import * as vscode from 'vscode';
import type { WorkloadStacksApi } from '../../src/api';
import type { EngineNode } from '../../src/tree/nodes';
import { walkRows } from './engineCalls';
import { heapUsedMb } from './memory';
import { now, report, sleep } from './report';

interface ClusterEnv {
  server: string;
  context: string;
  ca: string;
  cert: string;
  key: string;
  namespaces: number;
  pods: number;
}

/** What the bench reads of the Kubernetes provider beyond WorkloadProvider. */
interface CountingProvider {
  requestsMade(): number;
  reconnect(): void;
}

const SETTLE_MS = 5_000;

function clusterEnv(): { kubeconfig: string; cluster: ClusterEnv } {
  const kubeconfig = process.env.WS_BENCH_KUBECONFIG;
  const raw = process.env.WS_BENCH_KUBE;
  if (!kubeconfig || !raw) throw new Error('WS_BENCH_KUBECONFIG and WS_BENCH_KUBE must be set by scripts/bench/cluster.mjs');
  return { kubeconfig, cluster: JSON.parse(raw) as ClusterEnv };
}

/** The floor: the same paged GETs the extension sends, parsed, with nothing else done. */
function rawPagedList(cluster: ClusterEnv, agent: https.Agent, path: string): Promise<number> {
  const page = (token: string | undefined): Promise<{ items: number; next?: string }> =>
    new Promise((resolve, reject) => {
      const query = new URLSearchParams({ limit: '500', ...(token ? { continue: token } : {}) });
      https
        .get(new URL(`${path}?${query}`, cluster.server), { agent, headers: { Accept: 'application/json' } }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { items: unknown[]; metadata: { continue?: string } };
            resolve({ items: body.items.length, next: body.metadata.continue || undefined });
          });
          response.on('error', reject);
        })
        .on('error', reject);
    });
  return (async () => {
    let total = 0;
    let token: string | undefined;
    do {
      const answer = await page(token);
      total += answer.items;
      token = answer.next;
    } while (token);
    return total;
  })();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function measureCluster(api: WorkloadStacksApi, repetitions: number, idleSeconds: number): Promise<void> {
  const { kubeconfig, cluster } = clusterEnv();
  const config = () => vscode.workspace.getConfiguration('workloadStacks');
  const agent = new https.Agent({ keepAlive: true, ca: fs.readFileSync(cluster.ca), cert: fs.readFileSync(cluster.cert), key: fs.readFileSync(cluster.key) });
  await vscode.commands.executeCommand('workbench.view.explorer'); // hidden: no watch while lists are timed
  const baselineMb = heapUsedMb();
  await config().update('kubernetes.kubeconfigs', [kubeconfig], vscode.ConfigurationTarget.Global);
  let source = api.catalog.sources.find((candidate) => candidate.label === cluster.context);
  for (const deadline = Date.now() + 20_000; !source && Date.now() < deadline; await sleep(100)) source = api.catalog.sources.find((candidate) => candidate.label === cluster.context);
  if (!source) throw new Error(`the cluster root ${cluster.context} did not appear`);
  const provider = source as unknown as CountingProvider;
  const root = (await api.tree.getChildren()).find((node): node is EngineNode => node.type === 'engine' && node.id === source.id);
  if (!root) throw new Error('the tree shows no cluster root');

  const timeTree = async (): Promise<{ ms: number; rows: number }> => {
    const started = now();
    await api.catalog.refresh(source.id);
    const rows = (await walkRows(api, root)).length;
    return { ms: now() - started, rows };
  };
  const rounds = async (rawPath: string, label: string, idPrefix: string, expectedRows: number) => {
    await rawPagedList(cluster, agent, rawPath);
    await timeTree(); // warm-up of both
    const raw: number[] = [];
    const tree: number[] = [];
    let rows = 0;
    for (let round = 0; round < repetitions; round++) {
      const started = now();
      await rawPagedList(cluster, agent, rawPath);
      raw.push(now() - started);
      const timed = await timeTree();
      tree.push(timed.ms);
      rows = timed.rows;
    }
    if (rows !== expectedRows) throw new Error(`the tree showed ${rows} rows of ${label}, not ${expectedRows}`);
    report({ id: `${idPrefix}-raw`, measure: `(11) raw paged GET ${rawPath} (limit=500), ${label}`, unit: 'ms', samples: raw });
    report({ id: `${idPrefix}-tree`, measure: `(11) extension refresh + getChildren/getTreeItem, ${label}`, unit: 'ms', samples: tree, note: `${rows} rows` });
  };
  await rounds('/api/v1/pods', `all ${cluster.pods} pods`, 'cluster-all', cluster.pods);
  const afterFirstMb = heapUsedMb();
  for (let i = 0; i < 10; i++) await timeTree();
  const afterMb = heapUsedMb();
  report({
    id: 'cluster-memory',
    measure: `(11) ext host heapUsed growth, ${cluster.pods} pods listed + 10 refreshes`,
    unit: 'MB',
    samples: [afterMb - baselineMb],
    note: `baseline ${baselineMb.toFixed(1)} MB, ${afterFirstMb.toFixed(1)} MB after the timed rounds, ${afterMb.toFixed(1)} MB after 10 more`,
  });

  await config().update('kubernetes.namespaces', ['bench-0'], vscode.ConfigurationTarget.Global);
  provider.reconnect(); // the namespaces are read when a list decides where to look
  await rounds('/api/v1/namespaces/bench-0/pods', `one namespace (${cluster.pods / cluster.namespaces} pods)`, 'cluster-one', cluster.pods / cluster.namespaces);
  await config().update('kubernetes.namespaces', undefined, vscode.ConfigurationTarget.Global);
  provider.reconnect();
  await api.catalog.refresh(source.id);

  // Idle while hidden: no watch is open and nothing is asked.
  await sleep(SETTLE_MS);
  const hiddenStart = provider.requestsMade();
  await sleep(idleSeconds * 1000);
  const hiddenRequests = provider.requestsMade() - hiddenStart;
  report({ id: 'cluster-idle-hidden', measure: '(11) API requests/min, view hidden', unit: 'count', samples: [(hiddenRequests * 60) / idleSeconds], note: `${hiddenRequests} requests in ${idleSeconds} s` });

  // Visible: the watch opens; then phase changes, each a pod of its own turned Failed by a status patch.
  await vscode.commands.executeCommand('workbench.view.extension.workloadStacks');
  for (const deadline = Date.now() + 20_000; !api.catalog.sources.includes(source) || provider.requestsMade() === hiddenStart + hiddenRequests; await sleep(50)) {
    if (Date.now() > deadline) throw new Error('the watch did not open within 20 s of showing the view');
  }
  await sleep(SETTLE_MS);
  const visibleStart = provider.requestsMade();
  await sleep(idleSeconds * 1000);
  const visibleRequests = provider.requestsMade() - visibleStart;
  report({ id: 'cluster-idle-visible', measure: '(11) API requests/min, view visible and idle (the watch open)', unit: 'count', samples: [(visibleRequests * 60) / idleSeconds], note: `${visibleRequests} requests in ${idleSeconds} s` });

  const latencies: number[] = [];
  for (let index = 0; index < repetitions; index++) {
    const name = `pod-${String(index * cluster.namespaces).padStart(4, '0')}`; // namespace bench-0
    const id = `bench-0/${name}`;
    const shows = () =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          listener.dispose();
          reject(new Error(`the row of ${id} did not show its new phase within 10 s`));
        }, 10_000);
        // The tree fires with what it redraws: the row, or the node group whose running count
        // changed with it (the row inside it), or the whole root.
        const listener = api.tree.onDidChangeTreeData(async (changed) => {
          const fired = changed === undefined ? [root] : Array.isArray(changed) ? changed : [changed];
          const rows = (await Promise.all(fired.map(async (node) => (node.type === 'workload' ? [node] : node.type === 'group' ? await api.tree.getChildren(node) : node.type === 'engine' ? await walkRows(api, root) : [])))).flat();
          if (rows.some((node) => node.type === 'workload' && node.summary.ref.id === id && node.summary.state === 'dead')) {
            clearTimeout(timer);
            listener.dispose();
            resolve();
          }
        });
      });
    const seen = shows();
    const started = now();
    const patched = await new Promise<number>((resolve, reject) => {
      const request = https.request(new URL(`/api/v1/namespaces/bench-0/pods/${name}/status`, cluster.server), { method: 'PATCH', agent, headers: { 'Content-Type': 'application/merge-patch+json' } }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      request.on('error', reject);
      request.end(JSON.stringify({ status: { phase: 'Failed', reason: 'Evicted', message: 'bench' } }));
    });
    if (patched !== 200) throw new Error(`patching ${id} answered ${patched}`);
    await seen;
    latencies.push(now() - started);
  }
  report({ id: 'cluster-phase-latency', measure: '(11) pod phase change (status PATCH sent) -> the tree fired and its row shows it', unit: 'ms', samples: latencies, note: `median ${median(latencies).toFixed(1)} ms; includes the API call and the watch's delivery` });
  await config().update('kubernetes.kubeconfigs', undefined, vscode.ConfigurationTarget.Global);
  agent.destroy();
}
