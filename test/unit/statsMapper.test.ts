import { strict as assert } from 'assert';
import { toLiveStats } from '../../src/providers/docker/statsMapper';
import { readJsonFixture } from '../repoPaths';

const READ_AT = '2026-11-29T05:40:00.000Z';

function assertClose(actual: number | null, expected: number): void {
  assert.ok(actual !== null, 'expected a number, got null');
  assert.ok(Math.abs(actual - expected) < 1e-6, `${actual} is not ${expected}`);
}

describe('toLiveStats', () => {
  describe('cgroup v1 frames recorded from Docker 20.10', () => {
    it('computes CPU from the deltas to precpu, scaled by online CPUs', () => {
      const stats = toLiveStats(readJsonFixture('docker/engine-20.10/stats-busy.json'), READ_AT);
      // (1930192342 - 1608263870) / (584710000000 - 582690000000) * 2 CPUs * 100
      assertClose(stats.cpuPercent, (321928472 / 2020000000) * 2 * 100);
      assert.equal(stats.readAt, READ_AT);
    });

    it('reads a mostly idle container too', () => {
      const stats = toLiveStats(readJsonFixture('docker/engine-20.10/stats-web.json'), READ_AT);
      // (560762741 - 498774362) / (557320000000 - 555320000000) * 2 * 100
      assertClose(stats.cpuPercent, 6.1988379);
      assert.equal(stats.pids, 1);
    });

    it('takes memory limit and pids from the frame; total_inactive_file is the cache subtracted', () => {
      const stats = toLiveStats(readJsonFixture('docker/engine-20.10/stats-limited.json'), READ_AT);
      assert.equal(stats.memoryBytes, 475136 - 0);
      assert.equal(stats.memoryLimitBytes, 64 * 1024 * 1024);
      assert.equal(stats.pids, 2);
    });

    it('falls back to the percpu_usage length when online_cpus is missing', () => {
      const frame = readJsonFixture<{ cpu_stats: Record<string, unknown> }>('docker/engine-20.10/stats-busy.json');
      delete frame.cpu_stats.online_cpus;
      assertClose(toLiveStats(frame, READ_AT).cpuPercent, (321928472 / 2020000000) * 2 * 100);
    });

    it('subtracts `cache` when an old engine reports nothing else', () => {
      const stats = toLiveStats({ memory_stats: { usage: 1000, stats: { cache: 300 }, limit: 4000 } }, READ_AT);
      assert.equal(stats.memoryBytes, 700);
    });
  });

  describe('cgroup v2 frames (API 1.47 shape, no percpu_usage)', () => {
    it('computes CPU with online_cpus and memory without inactive_file', () => {
      const stats = toLiveStats(readJsonFixture('docker/engine-27-cgroupv2/stats-api.json'), READ_AT);
      // (5400000000 - 5000000000) / (100008000000000 - 100000000000000) * 8 * 100
      assertClose(stats.cpuPercent, 40);
      assert.equal(stats.memoryBytes, 52428800 - 10485760);
      assert.equal(stats.memoryLimitBytes, 268435456);
      assert.equal(stats.pids, 7);
    });

    it('has no CPU figure on the first frame of a stream (empty precpu)', () => {
      const stats = toLiveStats(readJsonFixture('docker/engine-27-cgroupv2/stats-api-first-frame.json'), READ_AT);
      assert.equal(stats.cpuPercent, null);
      assert.equal(stats.memoryBytes, 52428800 - 10485760);
    });
  });

  describe('untrusted input', () => {
    const garbage: unknown[] = [
      null,
      undefined,
      [],
      {},
      'stats',
      7,
      { message: 'No such container' },
      { cpu_stats: null, precpu_stats: 'x', memory_stats: [], pids_stats: { current: 'many' } },
      { cpu_stats: { cpu_usage: { total_usage: 10 }, system_cpu_usage: 5 }, precpu_stats: { cpu_usage: { total_usage: 20 }, system_cpu_usage: 10 } },
      { cpu_stats: { cpu_usage: { total_usage: 10 }, system_cpu_usage: 10, online_cpus: 2 }, precpu_stats: { cpu_usage: { total_usage: 5 }, system_cpu_usage: 10 } },
    ];

    for (const raw of garbage) {
      it(`gives nulls and does not throw for ${JSON.stringify(raw)}`, () => {
        assert.deepEqual(toLiveStats(raw, READ_AT), { readAt: READ_AT, cpuPercent: null, memoryBytes: null, memoryLimitBytes: null, pids: null });
      });
    }
  });
});
