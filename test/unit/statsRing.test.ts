// The usage ring: fixed capacity, oldest first, wraps without growing; the panel's history and
// recording on it; the rates from counter deltas.
import { strict as assert } from 'assert';
import { LatestUsage } from '../../src/catalog/latestUsage';
import { UsageHistory, RECORDING_CAPACITY } from '../../src/panel/usageHistory';
import type { LiveStats } from '../../src/shared/model';
import { StatsRing, USAGE_HISTORY_CAPACITY } from '../../src/shared/statsRing';
import { createRateTracker, ratePerSecond, type UsageSample } from '../../src/shared/usageRates';

function sample(atMs: number, cpuPercent: number | null = atMs / 1000): UsageSample {
  return { atMs, cpuPercent, memoryBytes: 1024 * atMs, memoryLimitBytes: null, netRxPerSec: 1.5, netTxPerSec: null, blockReadPerSec: 0, blockWritePerSec: null };
}

function stats(readAt: string, counters: Partial<LiveStats> = {}): LiveStats {
  return { readAt, cpuPercent: 10, memoryBytes: 100, memoryLimitBytes: null, pids: 1, netRxBytes: null, netTxBytes: null, blockReadBytes: null, blockWriteBytes: null, ...counters };
}

describe('StatsRing', () => {
  it('keeps samples oldest first below its capacity, nulls and all', () => {
    const ring = new StatsRing(4);
    assert.deepEqual(ring.toArray(), []);
    assert.equal(ring.latest(), undefined);
    ring.push(sample(1000));
    ring.push(sample(2000, null));
    assert.deepEqual(ring.toArray(), [sample(1000), sample(2000, null)]);
    assert.deepEqual(ring.latest(), sample(2000, null));
    assert.equal(ring.size, 2);
    assert.equal(ring.dropped, 0);
  });

  it('wraps: the oldest go, the order stays, the size stops at the capacity', () => {
    const ring = new StatsRing(3);
    for (let second = 1; second <= 8; second++) ring.push(sample(second * 1000));
    assert.deepEqual(ring.toArray().map((kept) => kept.atMs), [6000, 7000, 8000]);
    assert.equal(ring.size, 3);
    assert.equal(ring.dropped, 5);
    assert.equal(ring.latest()?.atMs, 8000);
    ring.clear();
    assert.deepEqual(ring.toArray(), []);
    ring.push(sample(9000));
    assert.deepEqual(ring.toArray().map((kept) => kept.atMs), [9000]);
  });

  it('holds the same bytes however much it is fed', () => {
    const ring = new StatsRing(USAGE_HISTORY_CAPACITY);
    const before = ring.retainedBytes;
    assert.equal(before, USAGE_HISTORY_CAPACITY * 8 * 8, 'a time and seven metrics, 8 bytes each');
    for (let i = 0; i < USAGE_HISTORY_CAPACITY * 5 + 7; i++) ring.push(sample(i));
    assert.equal(ring.retainedBytes, before);
    assert.equal(ring.size, USAGE_HISTORY_CAPACITY);
  });

  it('refuses a capacity that is not a positive whole number', () => {
    for (const capacity of [0, -1, 1.5, Number.NaN]) assert.throws(() => new StatsRing(capacity), RangeError, String(capacity));
  });
});

describe('usage rates', () => {
  it('is bytes per second from two counter readings, null without two or across a reset', () => {
    assert.equal(ratePerSecond(1000, 3000, 2000), 1000);
    assert.equal(ratePerSecond(null, 3000, 2000), null);
    assert.equal(ratePerSecond(5000, 100, 2000), null, 'a restarted workload counts from 0 again');
    assert.equal(ratePerSecond(1000, 3000, 0), null);
  });

  it('turns a stream of readings into samples against the previous reading', () => {
    const track = createRateTracker();
    const first = track(stats('2026-12-05T10:00:00.000Z', { netRxBytes: 1000, netTxBytes: 50, blockReadBytes: 0, blockWriteBytes: null }));
    assert.equal(first.netRxPerSec, null, 'nothing to compare the first reading with');
    assert.equal(first.atMs, Date.parse('2026-12-05T10:00:00.000Z'));
    const second = track(stats('2026-12-05T10:00:02.000Z', { netRxBytes: 5000, netTxBytes: 50, blockReadBytes: 4096, blockWriteBytes: 10 }));
    assert.equal(second.netRxPerSec, 2000);
    assert.equal(second.netTxPerSec, 0);
    assert.equal(second.blockReadPerSec, 2048);
    assert.equal(second.blockWritePerSec, null, 'no earlier write counter');
    assert.equal(second.cpuPercent, 10);
    assert.equal(second.memoryBytes, 100);
  });
});

describe('UsageHistory (a stack panel\'s)', () => {
  it('keeps the last minutes, and a recording keeps a longer bounded window until stopped', () => {
    const history = new UsageHistory();
    const start = Date.parse('2026-12-05T10:00:00.000Z');
    const readAt = (second: number) => new Date(start + second * 1000).toISOString();
    history.add(stats(readAt(0)));
    assert.equal(history.recordingState, null);
    const state = history.startRecording(new Date(start));
    assert.equal(history.startRecording(), state, 'a second start keeps the running recording');
    for (let second = 1; second <= RECORDING_CAPACITY + 10; second++) history.add(stats(readAt(second), { netRxBytes: second * 100 }));
    assert.equal(history.samples().length, USAGE_HISTORY_CAPACITY);
    assert.equal(history.samples().at(-1)?.atMs, start + (RECORDING_CAPACITY + 10) * 1000);
    const finished = history.stopRecording(new Date(start + 99_000));
    assert.ok(finished);
    assert.equal(finished.samples.length, RECORDING_CAPACITY);
    assert.equal(finished.dropped, 10);
    assert.equal(finished.samples[0].atMs, start + 11_000, 'the oldest went first');
    assert.equal(finished.samples[5].netRxPerSec, 100);
    assert.equal(finished.startedAt, '2026-12-05T10:00:00.000Z');
    assert.equal(history.stopRecording(), undefined, 'stopped once');
    history.reset();
    assert.deepEqual(history.samples(), []);
  });
});

describe('LatestUsage (the tree tooltip\'s store)', () => {
  it('keeps the newest reading per workload and asks for a row redraw at most once per interval', () => {
    const store = new LatestUsage(10_000);
    const web = { kind: 'container' as const, providerId: 'docker', id: 'web' };
    const db = { kind: 'container' as const, providerId: 'docker', id: 'db' };
    const redraws: string[] = [];
    const stop = store.onDidChange((ref) => redraws.push(ref.id));
    store.set(web, { sample: sample(1000), pids: 1 }, 0);
    store.set(web, { sample: sample(2000), pids: 2 }, 4_000);
    store.set(db, { sample: sample(2000), pids: 7 }, 5_000);
    store.set(web, { sample: sample(3000), pids: 3 }, 10_000);
    assert.deepEqual(redraws, ['web', 'db', 'web']);
    assert.equal(store.get(web)?.sample.atMs, 3000);
    assert.equal(store.get(web)?.pids, 3);
    stop();
    store.set(web, { sample: sample(4000), pids: 4 }, 30_000);
    assert.equal(redraws.length, 3, 'no listener after unsubscribing');
    store.delete(web);
    assert.equal(store.get(web), undefined);
    assert.equal(store.get(db)?.pids, 7);
  });
});
