// A pod's usage as the metrics API and kubelet's Summary API answer it; the live answers are read
// in the cluster stage (the real node's kubelet).
import * as assert from 'assert';
import { usageFromPodMetrics, usageFromSummary } from '../../src/providers/kubernetes/podUsage';

describe('a pod’s live usage', () => {
  it('sums its containers’ quantities from metrics.k8s.io', () => {
    const reading = usageFromPodMetrics({ containers: [{ name: 'web', usage: { cpu: '250924290n', memory: '468Ki' } }, { name: 'sidecar', usage: { cpu: '1m', memory: '1Mi' } }] });
    assert.ok(reading);
    assert.ok(Math.abs(reading.cpuCores - 0.251924290) < 1e-12);
    assert.strictEqual(reading.memoryBytes, 468 * 1024 + 1024 * 1024);
  });

  it('finds the pod in kubelet’s summary and sums its containers', () => {
    const summary = {
      pods: [
        { podRef: { name: 'other', namespace: 'default' }, containers: [{ cpu: { usageNanoCores: 9e9 }, memory: { workingSetBytes: 9 } }] },
        { podRef: { name: 'real-pod', namespace: 'default' }, containers: [{ cpu: { usageNanoCores: 250924290 }, memory: { workingSetBytes: 479232 } }, { cpu: { usageNanoCores: 0 }, memory: { workingSetBytes: 4096 } }] },
      ],
    };
    assert.deepStrictEqual(usageFromSummary(summary, { namespace: 'default', name: 'real-pod' }), { cpuCores: 0.25092429, memoryBytes: 483328 });
    assert.strictEqual(usageFromSummary(summary, { namespace: 'team-a', name: 'real-pod' }), undefined, 'a pod of that name in another namespace is not it');
  });

  it('gives no reading from garbage, a container without numbers, or no containers', () => {
    for (const garbage of [undefined, null, 'x', [], {}, { containers: [] }, { containers: [{ usage: { cpu: 'lots', memory: '1Mi' } }] }, { containers: [{ usage: { memory: '1Mi' } }] }]) {
      assert.strictEqual(usageFromPodMetrics(garbage), undefined, JSON.stringify(garbage));
    }
    assert.strictEqual(usageFromSummary({ pods: [{ podRef: { name: 'p', namespace: 'n' }, containers: [{ cpu: {}, memory: { workingSetBytes: 1 } }] }] }, { namespace: 'n', name: 'p' }), undefined);
    assert.strictEqual(usageFromSummary({ pods: 'none' }, { namespace: 'n', name: 'p' }), undefined);
  });
});
