// Measurement 6: extension host heap after listing 1000 containers and refreshing 10 times. The
// host does not expose gc(); V8's flag is switched on at run time so each reading follows a full
// collection (otherwise the figure would be mostly uncollected garbage).
import * as v8 from 'v8';
import * as vm from 'vm';
import type { WorkloadStacksApi } from '../../src/api';
import { engineNode, treeRefresh } from './engineCalls';
import { report } from './report';

type Collect = () => void;

function collector(): { collect: Collect; how: string } {
  const exposed = (globalThis as { gc?: Collect }).gc;
  if (exposed) return { collect: exposed, how: 'global.gc exposed' };
  v8.setFlagsFromString('--expose_gc');
  const gc = vm.runInNewContext('gc') as Collect | undefined;
  if (typeof gc === 'function') return { collect: gc, how: 'gc via v8.setFlagsFromString(--expose_gc)' };
  return { collect: () => undefined, how: 'no gc available: readings include garbage' };
}

export function heapUsedMb(): number {
  const { collect } = collector();
  collect();
  collect();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

export async function measureMemory(api: WorkloadStacksApi, baselineMb: number, count: number): Promise<void> {
  const { how } = collector();
  const engine = await engineNode(api);
  await treeRefresh(api, engine);
  const afterFirst = heapUsedMb();
  for (let i = 0; i < 10; i++) await treeRefresh(api, engine);
  const after = heapUsedMb();
  report({
    id: 'memory-growth',
    measure: `(6) ext host heapUsed growth, ${count} listed + 10 refreshes (from before listing)`,
    unit: 'MB',
    samples: [after - baselineMb],
    note: `baseline ${baselineMb.toFixed(1)} MB after activation, ${afterFirst.toFixed(1)} MB after 1st refresh at ${count}, ${after.toFixed(1)} MB after 10 more; ${how}`,
  });
  report({
    id: 'memory-leak',
    measure: '(6b) heapUsed growth across the 10 refreshes alone',
    unit: 'MB',
    samples: [after - afterFirst],
  });
}
