// Measurement 4: a container is stopped or started through the engine API; how long until the
// tree has fired onDidChangeTreeData and getChildren shows the new state, and what it fired.
import type Dockerode from 'dockerode';
import type { Readable } from 'stream';
import * as vscode from 'vscode';
import type { WorkloadStacksApi } from '../../src/api';
import { toContainerEvent } from '../../src/providers/docker/eventStream';
import { forEachJsonLine } from '../../src/providers/docker/jsonLines';
import type { TreeNode } from '../../src/tree/nodes';
import { BENCH_LABEL, BUSYBOX_IMAGE } from './benchEnv';
import { engineNode, walkRows } from './engineCalls';
import { now, report, sleep } from './report';

const TIMEOUT_MS = 10_000;

function shapeOf(fired: TreeNode | TreeNode[] | undefined | void): string {
  if (fired === undefined) return 'undefined (whole tree)';
  const nodes = Array.isArray(fired) ? fired : [fired];
  const kinds = [...new Set(nodes.map((node) => node.type))].join('+');
  return `${nodes.length} ${kinds}`;
}

/** Another engine than the default one: its source, image, and the id its figure is reported under. */
export interface EventLatencyTarget {
  sourceId: string;
  image: string;
  hostConfig: Dockerode.HostConfig;
  id: string;
  measure: string;
}

export async function measureEventLatency(api: WorkloadStacksApi, docker: Dockerode, repetitions: number, target?: EventLatencyTarget): Promise<void> {
  await vscode.commands.executeCommand('workbench.view.extension.workloadStacks');
  const container = await docker.createContainer({
    name: 'bench-events',
    Image: target?.image ?? BUSYBOX_IMAGE,
    Cmd: ['sleep', '3600'],
    Labels: { [BENCH_LABEL]: '1' },
    HostConfig: target?.hostConfig ?? { Init: true },
  });
  await container.start();
  const engine = await engineNode(api, target?.sourceId);
  // Let the view's own first refresh and the events stream settle.
  await sleep(3_000);

  const latencies: number[] = [];
  const apiCalls: number[] = [];
  const eventArrivals: number[] = [];
  const shapes: string[] = [];
  // The engine's own event stream, read in this same process: when the event that carries the new
  // state (die, start) arrives here, the rest is the extension's share.
  let onStateEvent: (action: string) => void = () => undefined;
  const events = (await docker.getEvents({ filters: { type: ['container'], container: [container.id] } })) as Readable;
  forEachJsonLine(events, (value) => {
    const action = toContainerEvent(value)?.action;
    if (action) onStateEvent(action);
  });
  try {
    for (let rep = 0; rep < repetitions; rep++) {
      const wantRunning = rep % 2 === 1;
      const wanted = wantRunning ? 'running' : 'exited';
      const fired: string[] = [];
      let resolveDone: (ms: number) => void = () => undefined;
      const done = new Promise<number>((resolve) => (resolveDone = resolve));
      const started = now();
      let eventAt = -1;
      onStateEvent = (action) => {
        if (eventAt < 0 && action === (wantRunning ? 'start' : 'die')) eventAt = now() - started;
      };
      const subscription = api.tree.onDidChangeTreeData((event) => {
        fired.push(shapeOf(event));
        void walkRows(api, engine).then((rows) => {
          if (rows.find((row) => row.summary.ref.id === container.id)?.summary.state === wanted) resolveDone(now() - started);
        });
      });
      try {
        if (wantRunning) await container.start();
        else await container.stop({ t: 0 });
        apiCalls.push(now() - started);
        const timeout = sleep(TIMEOUT_MS).then(() => -1);
        const ms = await Promise.race([done, timeout]);
        if (ms < 0) throw new Error(`the tree did not show ${wanted} within ${TIMEOUT_MS} ms (fired: ${fired.join(', ') || 'nothing'})`);
        latencies.push(ms);
        eventArrivals.push(eventAt);
        shapes.push(fired.join(' / '));
      } finally {
        subscription.dispose();
      }
      await sleep(300); // trailing events of this change must not count for the next one
    }
  } finally {
    events.destroy();
    await container.remove({ force: true }).catch(() => undefined);
  }
  const wholeTree = shapes.filter((shape) => shape.includes('undefined') || shape.includes('engine')).length;
  if (target) {
    report({ id: target.id, measure: target.measure, unit: 'ms', samples: latencies, note: `engine API call itself median ${median(apiCalls).toFixed(0)} ms; fired: ${shapes[0] ?? '-'}` });
    return;
  }
  report({
    id: 'event-latency-after-call',
    measure: '(4b) same, counted from the moment the engine API call returned',
    unit: 'ms',
    samples: latencies.map((ms, i) => Math.max(0, ms - apiCalls[i])),
  });
  report({
    id: 'event-latency-after-event',
    measure: '(4c) same, counted from the arrival of the engine event that carries the new state (die, start)',
    unit: 'ms',
    samples: latencies.flatMap((ms, i) => (eventArrivals[i] < 0 ? [] : [Math.max(0, ms - eventArrivals[i])])),
    note: `event arrived after the call was issued: median ${median(eventArrivals.filter((at) => at >= 0)).toFixed(0)} ms; ${eventArrivals.filter((at) => at < 0).length} of ${latencies.length} events not seen by the bench's own stream`,
    extra: { eventArrivals },
  });
  report({
    id: 'event-latency',
    measure: '(4) docker start/stop issued -> tree fired + getChildren shows it',
    unit: 'ms',
    samples: latencies,
    note: `engine API call itself median ${median(apiCalls).toFixed(0)} ms; fired: ${shapes[0] ?? '-'}; ${wholeTree} of ${shapes.length} fired the engine row or the whole tree`,
    extra: { shapes, apiCalls, wholeTreeFires: wholeTree },
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)];
}
