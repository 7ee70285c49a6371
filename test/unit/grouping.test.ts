import * as assert from 'assert';
import { groupWorkloads, sameRow } from '../../src/tree/grouping';
import type { WorkloadSummary } from '../../src/providers/provider';

function summary(name: string, project?: string, service?: string): WorkloadSummary {
  return {
    ref: { kind: 'container', providerId: 'docker', id: `id-${name}` },
    name,
    image: 'img',
    state: 'running',
    status: 'Up 1 minute',
    group: project ? { project, service } : undefined,
    ports: [],
    created: 0,
  };
}

describe('tree grouping', () => {
  it('puts Compose projects first, by name, then the rest, each sorted', () => {
    const grouped = groupWorkloads([summary('z-loose'), summary('db', 'shop', 'db'), summary('a-loose'), summary('api', 'blog', 'api'), summary('cache', 'shop', 'cache')]);
    assert.deepStrictEqual(grouped.groups.map((g) => g.project), ['blog', 'shop']);
    assert.deepStrictEqual(grouped.groups[1].workloads.map((w) => w.name), ['cache', 'db']);
    assert.deepStrictEqual(grouped.ungrouped.map((w) => w.name), ['a-loose', 'z-loose']);
  });

  it('tells a changed row from an unchanged one', () => {
    const a = summary('web');
    assert.ok(sameRow(a, { ...a }));
    assert.ok(!sameRow(a, { ...a, state: 'exited' }));
    assert.ok(!sameRow(a, { ...a, status: 'Up 2 minutes' }));
    assert.ok(!sameRow(a, { ...a, ports: [{ privatePort: 80, publicPort: 8080, protocol: 'tcp' }] }));
  });
});

describe('tree grouping: Podman pods', () => {
  it('keeps a pod and a Compose project of the same name apart, the project first', () => {
    const member = (name: string, kind?: 'pod'): WorkloadSummary => ({ ...summary(name), group: kind ? { kind, project: 'shop' } : { project: 'shop' } });
    const grouped = groupWorkloads([member('in-pod', 'pod'), member('composed'), member('infra', 'pod')]);
    assert.deepStrictEqual(
      grouped.groups.map((group) => [group.kind, group.project, group.workloads.map((w) => w.name)]),
      [
        ['compose', 'shop', ['composed']],
        ['pod', 'shop', ['in-pod', 'infra']],
      ],
    );
  });

  it('redraws a row that joined a pod or became its infra', () => {
    const a = summary('web');
    assert.ok(!sameRow(a, { ...a, group: { kind: 'pod', project: 'web' } }));
    assert.ok(!sameRow({ ...a, group: { kind: 'pod', project: 'web' } }, { ...a, group: { kind: 'pod', project: 'web', infra: true } }));
  });
});
