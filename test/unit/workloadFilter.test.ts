import * as assert from 'assert';
import { isStopped, parseWorkloadFilter } from '../../src/tree/workloadFilter';
import type { WorkloadState, WorkloadSummary } from '../../src/providers/provider';

function summary(name: string, image: string, state: WorkloadState, labels: Record<string, string> = {}): WorkloadSummary {
  return { ref: { kind: 'container', providerId: 'docker', id: name }, name, image, state, status: '', ports: [], created: 0, labels };
}

const all = [
  summary('shop-web-1', 'nginx:1.27', 'running', { 'com.docker.compose.project': 'shop', tier: 'Front' }),
  summary('shop-db-1', 'postgres:16', 'exited', { 'com.docker.compose.project': 'shop' }),
  summary('cache', 'redis:7', 'paused'),
  summary('job', 'busybox', 'created'),
];
const names = (text: string) => all.filter(parseWorkloadFilter(text).matches).map((s) => s.name);

describe('tree filter', () => {
  it('matches plain words against name or image, case-insensitively', () => {
    assert.deepStrictEqual(names('SHOP'), ['shop-web-1', 'shop-db-1']);
    assert.deepStrictEqual(names('redis'), ['cache']);
  });

  it('narrows by field, state (stopped included) and label, all terms together', () => {
    assert.deepStrictEqual(names('state:running'), ['shop-web-1']);
    assert.deepStrictEqual(names('state:stopped'), ['shop-db-1', 'job']);
    assert.deepStrictEqual(names('label:com.docker.compose.project=shop image:postgres'), ['shop-db-1']);
    assert.deepStrictEqual(names('label:tier=front'), ['shop-web-1']);
    assert.deepStrictEqual(names('label:tier'), ['shop-web-1']);
  });

  it('negates a term with a leading minus', () => {
    assert.deepStrictEqual(names('shop -state:exited'), ['shop-web-1']);
  });

  it('shows everything for an empty filter and treats odd input as plain text', () => {
    assert.strictEqual(names('   ').length, all.length);
    assert.deepStrictEqual(names('label:'), names(''));
    assert.deepStrictEqual(names('<img src=x>'), []);
  });

  it('tells stopped workloads from the others', () => {
    assert.deepStrictEqual(all.filter(isStopped).map((s) => s.name), ['shop-db-1', 'job']);
  });
});
