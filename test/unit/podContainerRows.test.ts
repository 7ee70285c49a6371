// A pod's containers as rows under it, from the recorded pods (no call per pod); and the pieces of
// a pod's logs and shell that need no cluster: kubelet's timestamps, the exec's last word.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseList } from '../../src/providers/kubernetes/contracts';
import { parsePodRow } from '../../src/providers/kubernetes/podContracts';
import { sortableTimestamp } from '../../src/providers/kubernetes/podLogFollower';
import { exitCodeOf } from '../../src/providers/kubernetes/podShell';
import { toPodSummary } from '../../src/providers/kubernetes/podSummary';
import { fixturesDir } from '../repoPaths';

function recordedSummary(name: string) {
  const pods = parseList(JSON.parse(fs.readFileSync(path.join(fixturesDir, 'kubernetes', 'pods.json'), 'utf8')), parsePodRow, 'pod');
  assert.ok(pods.ok);
  const pod = pods.value.items.find((candidate) => candidate.metadata.name === name);
  assert.ok(pod, `${name} is recorded`);
  return toPodSummary(pod, 'cluster');
}

describe('A pod’s containers as rows', () => {
  it('lists the init container first, with its finished state, then the running one', () => {
    assert.deepStrictEqual(recordedSummary('with-init').containers, [
      { name: 'migrate', image: 'registry.example/migrate:2', state: 'exited', status: 'Terminated: Completed (exit 0)', ready: true, restarts: 0, init: true },
      { name: 'app', image: 'registry.example/web:1.4.2', state: 'running', status: 'Running', ready: true, restarts: 0 },
    ]);
  });

  it('says a crash-looping container is waiting to restart, with its restarts', () => {
    const [app] = recordedSummary('crashloop').containers ?? [];
    assert.deepStrictEqual(app, { name: 'app', image: 'registry.example/web:1.4.2', state: 'restarting', status: 'Waiting: CrashLoopBackOff', ready: false, restarts: 7 });
  });

  it('shows a container without a status (not started) as such', () => {
    const [app] = recordedSummary('unscheduled').containers ?? [];
    assert.strictEqual(app.status, 'Not started');
    assert.strictEqual(app.state, 'unknown');
  });
});

describe('kubelet’s log timestamps and the exec’s exit code', () => {
  it('makes timestamps of any precision sortable as text, keeping nanoseconds', () => {
    assert.strictEqual(sortableTimestamp('2026-12-05T16:40:00.1Z'), '2026-12-05T16:40:00.100000000Z');
    assert.strictEqual(sortableTimestamp('2026-12-05T16:40:00Z'), '2026-12-05T16:40:00.000000000Z');
    assert.strictEqual(sortableTimestamp('2026-12-05T17:40:00.123456789+01:00'), '2026-12-05T16:40:00.123456789Z');
    const ordered = ['2026-12-05T16:40:00Z', '2026-12-05T16:40:00.000000001Z', '2026-12-05T16:40:00.1Z', '2026-12-05T16:40:00.123Z'].map((text) => sortableTimestamp(text)!);
    assert.deepStrictEqual([...ordered].sort(), ordered);
    for (const garbage of ['', 'yesterday', '2026-12-05 16:40:00', '2026-12-05T16:40:00.1234567890Z', '<b>2026</b>']) assert.strictEqual(sortableTimestamp(garbage), undefined, garbage);
  });

  it('reads the exit code from the server’s last word', () => {
    assert.strictEqual(exitCodeOf({ status: 'Success' }), 0);
    assert.strictEqual(exitCodeOf({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '3' }] } }), 3);
    assert.strictEqual(exitCodeOf({ status: 'Failure', message: 'container not found' }), undefined);
    assert.strictEqual(exitCodeOf({ status: 'Failure', details: { causes: [{ reason: 'ExitCode', message: 'three' }] } }), undefined);
  });
});
