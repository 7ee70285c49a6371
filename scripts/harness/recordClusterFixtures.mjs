// Records what a real API server answers for the objects the tests put in a cluster
// (clusterObjects.mjs), for the unit tests: test/fixtures/kubernetes/*.json. Run it by hand after
// changing those objects or the Kubernetes version: node scripts/harness/recordClusterFixtures.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { populateTestCluster } from './clusterObjects.mjs';
import { startPrivateCluster } from './kubernetes.mjs';
import { runCleanups } from './processes.mjs';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures', 'kubernetes');
const cluster = await startPrivateCluster({ label: 'record-fixtures' });
try {
  await populateTestCluster(cluster);
  mkdirSync(out, { recursive: true });
  const record = async (file, apiPath, keep = (list) => list) => {
    const answer = await cluster.request('GET', apiPath);
    if (answer.status !== 200) throw new Error(`GET ${apiPath}: ${answer.status}`);
    writeFileSync(path.join(out, file), `${JSON.stringify(keep(answer.json), null, 1)}\n`);
    console.log(`recorded ${file}`);
  };
  await record('nodes.json', '/api/v1/nodes');
  await record('runtimeclasses.json', '/apis/node.k8s.io/v1/runtimeclasses');
  // The hostile pod (1.3 MB of values) stays out of the repository: the cluster stage reads it live.
  await record('pods.json', '/api/v1/pods', (list) => ({ ...list, items: list.items.filter((pod) => pod.metadata.name !== 'hostile') }));
} finally {
  await cluster.stop();
  await runCleanups();
}
