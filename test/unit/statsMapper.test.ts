import { strict as assert } from 'assert';
import { statsStreamMapper, toLiveStats } from '../../src/providers/docker/statsMapper';
import { readFixture, readJsonFixture } from '../repoPaths';

const READ_AT = '2026-11-29T05:40:00.000Z';

function assertClose(actual: number | null, expected: number): void {
  assert.ok(actual !== null, 'expected a number, got null');
  assert.ok(Math.abs(actual - expected) < 1e-6, `${actual} is not ${expected}`);
}

describe('toLiveStats', () => {
  describe('network and block I/O counters', () => {
    it('sums the interfaces and the read/write bytes of a cgroup v2 frame', () => {
      const stats = toLiveStats(readJsonFixture('docker/engine-27-cgroupv2/stats-api.json'), READ_AT);
      assert.equal(stats.netRxBytes, 5338);
      assert.equal(stats.netTxBytes, 1252);
      assert.equal(stats.blockReadBytes, 1302528);
      assert.equal(stats.blockWriteBytes, 0);
    });

    it('has no block figure from an empty cgroup v1 list, and network from eth0', () => {
      const stats = toLiveStats(readJsonFixture('docker/engine-20.10/stats-web.json'), READ_AT);
      assert.equal(stats.netRxBytes, 656);
      assert.equal(stats.netTxBytes, 0);
      assert.equal(stats.blockReadBytes, null);
      assert.equal(stats.blockWriteBytes, null);
    });

    it('adds cgroup v1 ops of any case over devices and two networks, and skips junk entries', () => {
      const stats = toLiveStats(
        {
          networks: { eth0: { rx_bytes: 100, tx_bytes: 10 }, eth1: { rx_bytes: 1, tx_bytes: 'x' }, lo: 'junk' },
          blkio_stats: {
            io_service_bytes_recursive: [
              { major: 8, minor: 0, op: 'Read', value: 4096 },
              { major: 8, minor: 0, op: 'Write', value: 512 },
              { major: 8, minor: 0, op: 'Total', value: 4608 },
              { major: 8, minor: 16, op: 'Read', value: 1000 },
              { major: 8, minor: 16, op: 'Write', value: 'lots' },
              'junk',
            ],
          },
        },
        READ_AT,
      );
      assert.deepEqual([stats.netRxBytes, stats.netTxBytes, stats.blockReadBytes, stats.blockWriteBytes], [101, 10, 5096, 512]);
    });

    it('has no network figure without networks (network mode none or host)', () => {
      const stats = toLiveStats({ memory_stats: { usage: 5 }, blkio_stats: { io_service_bytes_recursive: null } }, READ_AT);
      assert.deepEqual([stats.netRxBytes, stats.netTxBytes, stats.blockReadBytes, stats.blockWriteBytes], [null, null, null, null]);
    });
  });

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

  describe("Podman 4.3's compatible stream (recorded, a container burning one CPU)", () => {
    type Frame = { read: string; preread: string; cpu_stats: { cpu_usage: { total_usage: number }; system_cpu_usage: number }; precpu_stats: Record<string, unknown> };
    const frames = (): Frame[] =>
      readFixture('docker/podman-4.3/stats-stream-busy.jsonl')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Frame);
    // Podman 4's system_cpu_usage is a wall clock in ns, so the share is not scaled by the CPU count.
    const busyPercent = (from: Frame, to: Frame) =>
      ((to.cpu_stats.cpu_usage.total_usage - from.cpu_stats.cpu_usage.total_usage) / (to.cpu_stats.system_cpu_usage - from.cpu_stats.system_cpu_usage)) * 100;

    it('gives no figure for the first frame, whose precpu was taken milliseconds before it (not 0%)', () => {
      const [first] = frames();
      assert.ok(Date.parse(first.read) - Date.parse(first.preread) < 100, 'the recorded first frame has a precpu of a few ms');
      assert.equal(toLiveStats(first, READ_AT).cpuPercent, null);
    });

    it('measures each later frame against the previous one: about one busy CPU of two', () => {
      const recorded = frames();
      const toStats = statsStreamMapper();
      const figures = recorded.map((frame) => toStats(frame, READ_AT).cpuPercent);
      assert.equal(figures[0], null);
      for (let i = 1; i < recorded.length; i++) {
        assertClose(figures[i], busyPercent(recorded[i - 1], recorded[i]));
        assert.ok(figures[i]! > 80 && figures[i]! <= 105, `frame ${i}: ${figures[i]}% for a container spinning on one CPU`);
      }
    });

    it('computes CPU from two samples when precpu_stats is all zeros (older Podman)', () => {
      const recorded = frames().map((frame) => ({ ...frame, precpu_stats: { cpu_usage: { total_usage: 0 }, system_cpu_usage: 0 } }));
      assert.equal(toLiveStats(recorded[1], READ_AT).cpuPercent, null, 'one frame alone has nothing to compare with');
      const toStats = statsStreamMapper();
      const figures = recorded.map((frame) => toStats(frame, READ_AT).cpuPercent);
      assert.equal(figures[0], null);
      assertClose(figures[1], busyPercent(recorded[0], recorded[1]));
      assertClose(figures[2], busyPercent(recorded[1], recorded[2]));
    });

    it("gives Docker's frames the same figures as their own precpu (the previous frame is the precpu)", () => {
      const frame = readJsonFixture<Record<string, unknown>>('docker/engine-20.10/stats-busy.json');
      const precpu = frame.precpu_stats;
      const toStats = statsStreamMapper();
      toStats({ ...frame, cpu_stats: precpu, precpu_stats: {} }, READ_AT);
      assertClose(toStats(frame, READ_AT).cpuPercent, (321928472 / 2020000000) * 2 * 100);
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
        assert.deepEqual(toLiveStats(raw, READ_AT), { readAt: READ_AT, cpuPercent: null, memoryBytes: null, memoryLimitBytes: null, pids: null, netRxBytes: null, netTxBytes: null, blockReadBytes: null, blockWriteBytes: null });
      });
    }
  });
});
