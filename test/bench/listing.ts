// Measurements 1-3: the floor, the incumbent's CLI and the extension's refresh, interleaved round
// robin on each repetition so that drift of the engine or the machine hits all three alike.
import type Dockerode from 'dockerode';
import type { WorkloadStacksApi } from '../../src/api';
import { BENCH_LABEL, BUSYBOX_IMAGE, type BenchEnv } from './benchEnv';
import { cliList, engineNode, rawList, treeRefresh } from './engineCalls';
import { now, report } from './report';

const CREATE_CONCURRENCY = 8;

async function benchContainerCount(docker: Dockerode): Promise<number> {
  return (await docker.listContainers({ all: true, filters: { label: [BENCH_LABEL] } })).length;
}

/** Creates (never starts) bench containers until `target` exist; reports how long that took. */
export async function fillTo(docker: Dockerode, target: number): Promise<void> {
  const existing = await benchContainerCount(docker);
  const missing = Math.max(0, target - existing);
  let next = 0;
  const started = now();
  const worker = async (): Promise<void> => {
    while (next < missing) {
      const index = existing + next++;
      await docker.createContainer({
        name: `bench-${String(index).padStart(4, '0')}`,
        Image: BUSYBOX_IMAGE,
        Cmd: ['sleep', '3600'],
        Labels: { [BENCH_LABEL]: '1' },
      });
    }
  };
  await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, worker));
  const ms = now() - started;
  report({
    id: `create-${target}`,
    measure: `create ${missing} containers (to ${target}), ${CREATE_CONCURRENCY} at a time`,
    unit: 'ms',
    samples: [ms],
    note: `${(ms / Math.max(1, missing)).toFixed(1)} ms per container`,
  });
}

/** One figure per method at the current container count, `repetitions` rounds, rotated start. */
export async function measureListing(api: WorkloadStacksApi, env: BenchEnv, count: number): Promise<void> {
  const engine = await engineNode(api);
  const methods: Array<{ id: string; measure: string; call: () => Promise<number> }> = [
    { id: `floor-${count}`, measure: `(1) raw GET /containers/json?all=1, ${count} containers`, call: () => rawList(env.socketPath) },
    { id: `extension-${count}`, measure: `(2) extension refresh + getChildren/getTreeItem, ${count}`, call: () => treeRefresh(api, engine) },
    { id: `cli-${count}`, measure: `(3) docker container ls --all --no-trunc (1 CLI process), ${count}`, call: () => cliList(env.dockerCli, env.dockerHost) },
  ];
  // One warm-up round: the first call pays for connections, JIT and the CLI's page cache.
  for (const method of methods) await method.call();
  const samples = new Map<string, number[]>(methods.map((m) => [m.id, []]));
  const seen = new Map<string, number>();
  for (let round = 0; round < env.repetitions; round++) {
    for (let k = 0; k < methods.length; k++) {
      const method = methods[(round + k) % methods.length];
      const started = now();
      const rows = await method.call();
      samples.get(method.id)!.push(now() - started);
      seen.set(method.id, rows);
    }
  }
  for (const method of methods) {
    const rows = seen.get(method.id) ?? 0;
    report({ id: method.id, measure: method.measure, unit: 'ms', samples: samples.get(method.id), note: `${rows} rows seen` });
  }
}
