// The libvirt provider against real libvirt: the test driver's node file and a private libvirtd
// with a running TCG guest, both started by scripts/harness/libvirtLab.mjs (env below).
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import { runTool, type ToolRun } from '../../src/providers/exec/runTool';
import type { Logger, WorkloadSummary } from '../../src/providers/provider';
import { LibvirtProvider } from '../../src/providers/libvirt/libvirtProvider';

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these tests through the libvirt lab (scripts/harness/libvirtLab.mjs startLibvirtLab()).`);
  return value;
}

const quietLog: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };
const UNREACHABLE = 'qemu+unix:///system?socket=/nonexistent/libvirt-sock';

/** A provider whose virsh processes are counted per URI. */
function countingProvider(uris: string[]): { provider: LibvirtProvider; processes: Map<string, number> } {
  const processes = new Map<string, number>();
  const counting = (run: ToolRun) => {
    const uri = run.args[run.args.indexOf('-c') + 1];
    if (uri) processes.set(uri, (processes.get(uri) ?? 0) + 1);
    return runTool(run);
  };
  return { provider: new LibvirtProvider({ uris: () => uris, timeoutMs: () => 20_000, log: quietLog, runTool: counting }), processes };
}

function domstate(uri: string, name: string): string {
  return execFileSync('virsh', ['-c', uri, 'domstate', name], { env: { ...process.env, LC_ALL: 'C' } }).toString().trim();
}

async function listOk(provider: LibvirtProvider): Promise<WorkloadSummary[]> {
  const result = await provider.list();
  assert.ok(result.ok, result.ok ? '' : `${result.diagnosis.message} ${result.diagnosis.hint}`);
  return result.workloads;
}

describe('libvirt provider on real libvirt', function () {
  this.timeout(60_000);
  let testUri: string;
  let systemUri: string;
  let guestName: string;

  before(() => {
    testUri = requiredEnv('WS_TEST_LIBVIRT_TEST_URI');
    systemUri = requiredEnv('WS_TEST_LIBVIRT_URI');
    guestName = requiredEnv('WS_TEST_LIBVIRT_GUEST');
  });

  it('lists every test-driver domain with its state, vCPUs and memory', async () => {
    const { provider } = countingProvider([testUri]);
    const workloads = await listOk(provider);
    const byName = new Map(workloads.map((workload) => [workload.name, workload]));
    const expected: [string, string, string, number, number][] = [
      ['test-web', 'running', 'running', 2, 2048],
      ['test-db', 'running', 'running', 4, 4096],
      ['test-paused', 'paused', 'paused', 1, 512],
      ['test-off', 'exited', 'shut off', 8, 16384],
      ['test-crashed', 'dead', 'crashed', 1, 256],
      ['test off two', 'exited', 'shut off', 2, 768],
    ];
    assert.equal(workloads.length, expected.length);
    for (const [name, state, status, vcpus, memoryMiB] of expected) {
      const workload = byName.get(name);
      assert.ok(workload, `${name} is not listed`);
      assert.equal(workload.state, state, name);
      assert.equal(workload.status, status, name);
      assert.deepEqual(workload.resources, { vcpus, memoryBytes: memoryMiB * 1024 * 1024 }, name);
      assert.match(workload.ref.id, /^test:\/\/\/.+#5e1a0000-/);
    }
  });

  it('lists the qemu:///system guest once even when qemu:///session reaches the same daemon', async () => {
    const { provider } = countingProvider([systemUri, 'qemu:///session']);
    const guests = (await listOk(provider)).filter((workload) => workload.name === guestName);
    assert.equal(guests.length, 1);
    assert.equal(guests[0].state, 'running');
    assert.deepEqual(guests[0].resources, { vcpus: 1, memoryBytes: 128 * 1024 * 1024 });
  });

  it('draws the guest: accelerator TCG, bands in order, disks and machine type', async () => {
    const { provider } = countingProvider([systemUri]);
    const guest = (await listOk(provider)).find((workload) => workload.name === guestName);
    assert.ok(guest);
    const stack = await provider.inspectStack(guest.ref);
    assert.deepEqual(stack.layers.map((layer) => layer.kind), ['hardware', 'host-os', 'hypervisor', 'virtual-hardware', 'guest-os', 'libraries', 'app']);
    const fact = (kind: string, key: string) => stack.layers.find((layer) => layer.kind === kind)?.facts.find((candidate) => candidate.key === key)?.value;
    assert.equal(fact('hypervisor', 'accelerator'), 'TCG');
    assert.match(fact('hypervisor', 'hypervisor') ?? '', /^QEMU \d/);
    assert.equal(fact('virtual-hardware', 'vcpus'), '1');
    assert.equal(fact('virtual-hardware', 'memory'), '128 MiB');
    assert.match(fact('virtual-hardware', 'machine') ?? '', /^pc-i440fx-/);
    assert.match(fact('virtual-hardware', 'disks') ?? '', /vda \(virtio\): disk, file, qcow2, .*64 MiB/);
    assert.equal(fact('virtual-hardware', 'state'), 'running');
    const guestOs = stack.layers.find((layer) => layer.kind === 'guest-os');
    assert.ok(guestOs && (guestOs.facts.length > 0 || guestOs.unavailable));
  });

  it('pauses and resumes the guest through the provider', async () => {
    const { provider } = countingProvider([systemUri]);
    const guest = (await listOk(provider)).find((workload) => workload.name === guestName);
    assert.ok(guest);
    await provider.runAction(guest.ref, 'pause');
    try {
      assert.equal(domstate(systemUri, guestName), 'paused');
      const paused = (await listOk(provider)).find((workload) => workload.name === guestName);
      assert.equal(paused?.state, 'paused');
    } finally {
      await provider.runAction(guest.ref, 'resume');
    }
    assert.equal(domstate(systemUri, guestName), 'running');
  });

  it('streams live CPU, memory and disk counters of the guest (domstats)', async () => {
    const { provider } = countingProvider([systemUri]);
    const guest = (await listOk(provider)).find((workload) => workload.name === guestName);
    assert.ok(guest);
    type Reading = { cpuPercent: number | null; memoryBytes: number | null; blockReadBytes: number | null; blockWriteBytes: number | null; netRxBytes: number | null };
    const samples = await new Promise<Reading[]>((resolve, reject) => {
      const collected: Reading[] = [];
      const stream = provider.streamStats(guest.ref, (stats) => {
        collected.push(stats);
        if (collected.length === 2) {
          stream.close();
          resolve(collected);
        }
      }, (error) => reject(error ?? new Error('the stats stream ended')));
    });
    assert.equal(samples[0].cpuPercent, null);
    assert.ok(samples[1].cpuPercent !== null && samples[1].cpuPercent >= 0);
    assert.ok((samples[1].memoryBytes ?? 0) > 0);
    // The guest booted from its disk's first sectors: domstats --block counts them.
    assert.ok((samples[1].blockReadBytes ?? 0) > 0, JSON.stringify(samples[1]));
    assert.ok(samples[1].blockWriteBytes !== null && samples[1].blockWriteBytes >= 0, JSON.stringify(samples[1]));
    assert.ok((samples[1].blockReadBytes ?? 0) >= (samples[0].blockReadBytes ?? 0), 'a counter does not go back');
    assert.equal(samples[1].netRxBytes, null, 'the lab guest has a user-mode NIC: libvirt has no counters for it');
  });

  it('reports an unreachable URI for itself only, and spawns at most 3 virsh processes per URI per refresh', async () => {
    const { provider, processes } = countingProvider([UNREACHABLE, testUri, systemUri]);
    const started = Date.now();
    const workloads = await listOk(provider);
    const elapsed = Date.now() - started;
    assert.ok(workloads.some((workload) => workload.name === guestName));
    assert.ok(workloads.some((workload) => workload.name === 'test-paused'));
    const statuses = provider.uriStatuses();
    const unreachable = statuses.find((status) => status.uri === UNREACHABLE);
    assert.ok(unreachable && !unreachable.ok && unreachable.diagnosis.kind === 'not-running', JSON.stringify(unreachable));
    assert.ok(statuses.filter((status) => status.uri !== UNREACHABLE).every((status) => status.ok));
    for (const [uri, count] of processes) assert.ok(count <= 3, `${count} virsh processes for ${uri}`);
    console.log(`      refresh of ${workloads.length} domains over 3 URIs: ${elapsed} ms, processes ${JSON.stringify(Object.fromEntries(processes))}`);
  });

  it('says the whole provider is unreachable when every URI is', async () => {
    const { provider } = countingProvider([UNREACHABLE]);
    const result = await provider.list();
    assert.ok(!result.ok);
    assert.match(result.diagnosis.message, /nonexistent/);
  });
});
