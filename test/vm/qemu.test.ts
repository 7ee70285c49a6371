// The QEMU provider against the real TCG guest that scripts/harness/qemuLab.mjs boots (its env:
// WS_TEST_QEMU_NAME, WS_TEST_QEMU_PID, WS_TEST_QEMU_QMP, WS_TEST_QEMU_QGA).
import * as assert from 'assert';
import * as fs from 'fs';
import type { LiveStats } from '../../src/shared/model';
import type { WorkloadSummary } from '../../src/providers/provider';
import { isLibvirtManaged } from '../../src/providers/qemu/libvirtManaged';
import { scanQemuProcesses } from '../../src/providers/qemu/procScan';
import { QemuProvider } from '../../src/providers/qemu/qemuProvider';
import { withQmp } from '../../src/providers/qemu/qmpClient';
import { toStatus } from '../../src/providers/qemu/qmpReplies';

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this suite through the test harness, which boots the QEMU lab VM (scripts/harness/qemuLab.mjs).`);
  return value;
}

const log = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** The run state as QEMU itself reports it, read with a separate QMP session. */
async function qmpRunState(socketPath: string): Promise<string | undefined> {
  const result = await withQmp(socketPath, (qmp) => qmp.execute('query-status'));
  return result.ok && result.value.ok ? toStatus(result.value.value)?.status : undefined;
}

describe('QEMU provider with the lab VM', function () {
  this.timeout(30_000);
  const name = requiredEnv('WS_TEST_QEMU_NAME');
  const pid = Number(requiredEnv('WS_TEST_QEMU_PID'));
  const qmpSocket = requiredEnv('WS_TEST_QEMU_QMP');
  const provider = new QemuProvider({ log });
  let lab: WorkloadSummary;

  before(async () => {
    const listed = await provider.list();
    assert.ok(listed.ok, JSON.stringify(listed));
    const found = listed.workloads.find((workload) => workload.name === name);
    assert.ok(found, `${name} is not listed: ${JSON.stringify(listed.workloads.map((workload) => workload.name))}`);
    lab = found;
  });

  after(async () => {
    // Never leave the guest paused for whoever runs next, even if a test failed midway.
    if ((await qmpRunState(qmpSocket)) === 'paused') await withQmp(qmpSocket, (qmp) => qmp.execute('cont'));
  });

  it('is available and lists the lab VM with its name, 1 vCPU, 128 MiB, TCG, running', async () => {
    assert.deepStrictEqual(await provider.availability(), { available: true });
    assert.strictEqual(lab.ref.kind, 'vm');
    assert.ok(lab.ref.id.startsWith(`pid:${pid}:`), lab.ref.id);
    assert.deepStrictEqual(lab.resources, { vcpus: 1, memoryBytes: 128 * 1024 * 1024 });
    assert.strictEqual(lab.image, 'QEMU guest (TCG)');
    assert.strictEqual(lab.state, 'running');
    assert.strictEqual(lab.status, 'running', 'the state comes from QMP query-status');
  });

  it('keeps the id across refreshes', async () => {
    const again = await provider.list();
    assert.ok(again.ok && again.workloads.some((workload) => workload.ref.id === lab.ref.id));
  });

  it('draws the stack bands in order with the facts QMP and the guest agent give', async () => {
    const stack = await provider.inspectStack(lab.ref);
    assert.deepStrictEqual(stack.layers.map((layer) => layer.kind), ['hardware', 'host-os', 'hypervisor', 'virtual-hardware', 'guest-os', 'libraries', 'app']);
    const band = (kind: string) => stack.layers.find((layer) => layer.kind === kind);
    const value = (kind: string, key: string) => band(kind)?.facts.find((fact) => fact.key === key)?.value;
    assert.strictEqual(value('virtual-hardware', 'vcpus'), '1');
    assert.strictEqual(value('virtual-hardware', 'memory'), '128 MiB');
    assert.match(value('virtual-hardware', 'machine') ?? '', /^pc-/);
    assert.match(value('virtual-hardware', 'disks') ?? '', /disk\.qcow2 \(qcow2, 64 MiB\)/);
    assert.strictEqual(value('hypervisor', 'accelerator'), 'TCG (software emulation)');
    assert.match(value('hypervisor', 'hypervisor') ?? '', /^QEMU \d+\.\d+\.\d+/);
    assert.strictEqual(value('hypervisor', 'state'), 'running');
    assert.match(band('hypervisor')?.title ?? '', /^QEMU \d+\.\d+\.\d+, accelerator TCG \(software emulation\)$/);
    if (process.env.WS_TEST_QEMU_QGA) {
      assert.strictEqual(band('guest-os')?.unavailable, undefined, band('guest-os')?.unavailable);
      assert.match(value('guest-os', 'guest-os') ?? '', /BusyBox guest/);
    }
    assert.ok(band('app')?.unavailable);
  });

  it('pauses and resumes the guest through QMP', async () => {
    await provider.runAction(lab.ref, 'pause');
    assert.strictEqual(await qmpRunState(qmpSocket), 'paused');
    const paused = await provider.list();
    assert.strictEqual(paused.ok && paused.workloads.find((workload) => workload.ref.id === lab.ref.id)?.state, 'paused');
    assert.deepStrictEqual(provider.actionsFor('paused'), ['resume', 'forceOff']);
    await provider.runAction(lab.ref, 'resume');
    assert.strictEqual(await qmpRunState(qmpSocket), 'running');
  });

  it('streams the QEMU process’s CPU and memory from /proc', async () => {
    const samples: LiveStats[] = [];
    await new Promise<void>((resolve, reject) => {
      const stream = provider.streamStats(lab.ref, (stats) => {
        samples.push(stats);
        if (samples.length === 2) {
          stream.close();
          resolve();
        }
      }, (error) => reject(error ?? new Error('the stats stream ended')));
    });
    assert.ok((samples[0].memoryBytes ?? 0) > 50 * 1024 * 1024, JSON.stringify(samples));
    assert.ok(samples[1].cpuPercent !== null && samples[1].cpuPercent >= 0, JSON.stringify(samples));
    // The lab's QEMU runs as this user, so /proc/PID/io is readable; network has no per-process counter.
    assert.ok(samples[1].blockReadBytes !== null && samples[1].blockWriteBytes !== null, JSON.stringify(samples[1]));
    assert.equal(samples[1].netRxBytes, null);
  });

  it('does not list QEMU processes that libvirt manages', async () => {
    const listed = await provider.list();
    assert.ok(listed.ok);
    const listedIds = new Set(listed.workloads.map((workload) => workload.ref.id));
    for (const found of scanQemuProcesses()) {
      assert.strictEqual(listedIds.has(found.id), !isLibvirtManaged(found.argv), `${found.pid}: ${found.argv.slice(0, 3).join(' ')}`);
    }
    assert.ok(fs.existsSync(`/proc/${pid}`));
  });
});
