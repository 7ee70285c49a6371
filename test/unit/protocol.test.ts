import * as assert from 'assert';
import { isHostToWebview, isPanelState, isWebviewToHost } from '../../src/shared/protocol';
import type { Stack } from '../../src/shared/model';

const stack: Stack = {
  workload: { kind: 'container', providerId: 'docker', id: 'abc' },
  name: 'web',
  state: 'running',
  readAt: '2026-11-29T00:00:00Z',
  layers: [{ kind: 'hardware', title: 'Hardware', facts: [{ key: 'cpus', label: 'CPUs', value: '2', source: 'GET /info → NCPU' }] }],
};

describe('host/webview protocol guards', () => {
  it('accepts the messages the webview may send', () => {
    assert.ok(isWebviewToHost({ type: 'ready' }));
    assert.ok(isWebviewToHost({ type: 'action', action: 'logs' }));
    assert.ok(isWebviewToHost({ type: 'revealSecrets', reveal: true }));
    assert.ok(isWebviewToHost({ type: 'record', record: false }));
    assert.strictEqual(isWebviewToHost({ type: 'record', record: 'yes' }), false);
  });

  it('drops malformed or unknown webview messages', () => {
    for (const bad of [null, undefined, 'ready', 42, [], {}, { type: 'ready', extra: 1 }, { type: 'action', action: 'rm -rf' }, { type: 'action' }, { type: 'revealSecrets', reveal: 'yes' }, { type: '__proto__' }]) {
      assert.strictEqual(isWebviewToHost(bad), false, JSON.stringify(bad));
    }
  });

  it('checks host messages down to every fact', () => {
    assert.ok(isHostToWebview({ type: 'stack', stack, secretsRevealed: false }));
    assert.ok(isHostToWebview({ type: 'status', status: { kind: 'removed', message: 'gone' } }));
    const io = { netRxBytes: 10, netTxBytes: null, blockReadBytes: 0, blockWriteBytes: null };
    assert.ok(isHostToWebview({ type: 'stats', stats: { readAt: 'x', cpuPercent: 1.5, memoryBytes: null, memoryLimitBytes: null, pids: 3, ...io } }));
    assert.strictEqual(isHostToWebview({ type: 'stats', stats: { readAt: 'x', cpuPercent: 1.5, memoryBytes: null, memoryLimitBytes: null, pids: 3 } }), false, 'the I/O counters are part of every reading');
    assert.strictEqual(isHostToWebview({ type: 'stats', stats: { readAt: 'x', cpuPercent: 1, memoryBytes: null, memoryLimitBytes: null, pids: 3, ...io, netRxBytes: '10' } }), false);
    const sample = { atMs: 1, cpuPercent: 1, memoryBytes: null, memoryLimitBytes: null, netRxPerSec: 2, netTxPerSec: null, blockReadPerSec: null, blockWritePerSec: 0 };
    assert.ok(isHostToWebview({ type: 'stats', stats: { readAt: 'x', cpuPercent: 1, memoryBytes: null, memoryLimitBytes: null, pids: 3, ...io }, sample }));
    assert.strictEqual(isHostToWebview({ type: 'stats', stats: { readAt: 'x', cpuPercent: 1, memoryBytes: null, memoryLimitBytes: null, pids: 3, ...io }, sample: { ...sample, netRxPerSec: Infinity } }), false);
    assert.ok(isHostToWebview({ type: 'usageHistory', samples: [sample, sample] }));
    assert.strictEqual(isHostToWebview({ type: 'usageHistory', samples: [sample, { ...sample, atMs: 'now' }] }), false);
    assert.ok(isHostToWebview({ type: 'recording', recording: null }));
    assert.ok(isHostToWebview({ type: 'recording', recording: { startedAt: '2026-12-05T10:00:00Z', windowMinutes: 60 } }));
    assert.strictEqual(isHostToWebview({ type: 'recording', recording: { startedAt: 5, windowMinutes: 60 } }), false);
    const brokenFact = { ...stack, layers: [{ ...stack.layers[0], facts: [{ key: 'cpus', label: 'CPUs', value: 2, source: 's' }] }] };
    assert.strictEqual(isHostToWebview({ type: 'stack', stack: brokenFact, secretsRevealed: false }), false);
    assert.strictEqual(isHostToWebview({ type: 'status', status: { kind: 'stale' } }), false);
    assert.strictEqual(isHostToWebview({ type: 'stats', stats: { readAt: 'x', cpuPercent: Number.NaN, memoryBytes: null, memoryLimitBytes: null, pids: null, ...io } }), false);
  });

  it('restores a panel only from a complete saved state', () => {
    assert.ok(isPanelState({ workload: stack.workload, name: 'web' }));
    assert.strictEqual(isPanelState({ workload: { kind: 'container' }, name: 'web' }), false);
    assert.strictEqual(isPanelState(undefined), false);
  });
});
