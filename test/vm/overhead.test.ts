// The overhead lab inside real TCG guests through a real QEMU guest agent (Debian's qemu-ga in
// the lab initramfs): the bare QEMU lab VM through its agent socket, and the libvirt guest through
// `virsh qemu-agent-command`. The probe must go in with guest-file-*, become executable through
// guest-exec chmod, run, show TCG's cost clearly, and be gone afterwards.
import * as assert from 'assert';
import { runLab, type LabMeasurement, type LabSettings, type LabWorkload } from '../../src/overhead/overheadLab';
import { buildResults } from '../../src/overhead/overheadResults';
import { hostProbeTarget } from '../../src/providers/host/hostProbe';
import { LibvirtProvider } from '../../src/providers/libvirt/libvirtProvider';
import { guestExec, socketAgentChannel } from '../../src/providers/qemu/guestProbe';
import { QemuProvider } from '../../src/providers/qemu/qemuProvider';
import { measuredMetric, probeFor } from '../overheadHelpers';

const log = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run this suite through the test harness, which boots the lab VMs.`);
  return value;
}



const hooks = { probeFor, onProgress: () => undefined };

describe('overhead lab inside TCG guests through the QEMU guest agent', function () {
  this.timeout(300_000);
  const settings: LabSettings = { runs: 3, runMs: 200, metrics: ['cpu.int.one', 'cpu.float.one', 'mem.bandwidth', 'sys.syscall', 'proc.spawn', 'fs.fsync', 'net.loopback'], provisioningRuns: 0, fromHost: true };
  let host: LabMeasurement;

  before(async () => {
    [host] = await runLab([{ ref: { kind: 'host', providerId: 'host', id: 'local' }, name: 'this machine', kind: 'host', target: hostProbeTarget() }], settings, hooks);
    assert.strictEqual(host.error, undefined);
  });

  it('measures the bare QEMU guest: clearly slower than this machine, labelled TCG, probe removed', async () => {
    const provider = new QemuProvider({ log });
    const listed = await provider.list();
    assert.ok(listed.ok);
    const lab = listed.workloads.find((workload) => workload.name === requiredEnv('WS_TEST_QEMU_NAME'));
    assert.ok(lab, 'the QEMU lab VM is not listed');
    const workload: LabWorkload = { ref: lab.ref, name: lab.name, kind: 'vm', target: provider.probeTarget(lab.ref) };
    const [measured] = await runLab([workload], settings, hooks);
    assert.strictEqual(measured.error, undefined);
    for (const id of settings.metrics) measuredMetric(measured, id);
    assert.strictEqual(measured.system?.cpusOnline, 1, 'the guest has one vCPU');
    assert.strictEqual(measured.dir?.path, '/tmp');
    // The lab guest configures no address on its NIC (QEMU user networking, no DHCP client run):
    // the row says why nothing was timed from this machine instead of timing something else.
    assert.deepStrictEqual(measured.fromHost, { error: 'Not reachable from this machine: the guest agent reports no IPv4 address outside loopback.' });

    const stack = await provider.inspectStack(lab.ref);
    const results = buildResults({ measurements: [host, measured], stacks: new Map([[measured, stack]]), settings, startedAt: new Date(), finishedAt: new Date(), cancelled: false });
    const column = results.columns[1];
    assert.ok(column.measuredOn.some((label) => label.startsWith('accelerator: TCG')), column.measuredOn.join('; '));
    assert.strictEqual(column.costLayer, 'hypervisor');
    // Load-heavy work is where emulation costs. (A system call need not be: the guest kernel's
    // entry path under TCG can be cheaper than this machine's own, mitigations and all.)
    for (const id of ['cpu.int.one', 'cpu.float.one', 'mem.bandwidth'] as const) {
      const cell = results.rows.find((row) => row.id === id)?.cells[1];
      assert.ok(cell?.costRatio !== undefined && cell.costRatio > 2 && cell.verdict === 'costlier', `${id}: TCG should cost clearly more than this machine: ${JSON.stringify(cell)}`);
    }

    const listing = await guestExec(socketAgentChannel(requiredEnv('WS_TEST_QEMU_QGA')), 'ls', ['-a', '/tmp'], 15_000);
    assert.strictEqual(listing.exitCode, 0, listing.stderr);
    assert.ok(!listing.stdout.includes('.ws-probe'), `the probe is still in the guest:\n${listing.stdout}`);
  });

  it('boots a libvirt guest that is off to time its provisioning, measures it, and powers it off again', async () => {
    const provider = new LibvirtProvider({ uris: () => [requiredEnv('WS_TEST_LIBVIRT_URI')], timeoutMs: () => 20_000, log });
    const stateOf = async () => {
      const listed = await provider.list();
      assert.ok(listed.ok, JSON.stringify(listed));
      const found = listed.workloads.find((workload) => workload.name === requiredEnv('WS_TEST_LIBVIRT_GUEST'));
      assert.ok(found, 'the libvirt lab guest is not listed');
      return found;
    };
    const guest = await stateOf();
    await provider.runAction(guest.ref, 'forceOff');
    assert.strictEqual((await stateOf()).state, 'exited');
    try {
      const quick: LabSettings = { runs: 3, runMs: 100, metrics: ['cpu.float.one', 'sys.clock'], provisioningRuns: 3 };
      const [measured] = await runLab([{ ref: guest.ref, name: guest.name, kind: 'vm', target: provider.probeTarget(guest.ref), needsBoot: true }], quick, hooks);
      assert.strictEqual(measured.error, undefined);
      measuredMetric(measured, 'cpu.float.one');
      const provisioning = measured.provisioning;
      assert.ok(provisioning && !('error' in provisioning), JSON.stringify(provisioning));
      assert.strictEqual(provisioning.runsMs.length, 1, 'one boot, not the container-style repeated starts');
      assert.ok(provisioning.runsMs[0] > 500 && provisioning.runsMs[0] < 180_000, `boot to a ready agent took ${provisioning.runsMs[0]} ms`);
      assert.match(provisioning.what, /booting this VM until its guest agent answers/);
      assert.ok(measured.notes.some((note) => note.includes('powered it off again')), measured.notes.join('\n'));
      assert.strictEqual((await stateOf()).state, 'exited', 'off again, as the lab found it');
    } finally {
      // The other tests expect the lab guest running with its agent answering: boot it (and wait).
      if ((await stateOf()).state !== 'running') await provider.probeTarget(guest.ref).bootToReady?.();
    }
  });

  it('measures the libvirt guest through virsh qemu-agent-command', async () => {
    const provider = new LibvirtProvider({ uris: () => [requiredEnv('WS_TEST_LIBVIRT_URI')], timeoutMs: () => 20_000, log });
    const listed = await provider.list();
    assert.ok(listed.ok, JSON.stringify(listed));
    const guest = listed.workloads.find((workload) => workload.name === requiredEnv('WS_TEST_LIBVIRT_GUEST'));
    assert.ok(guest, 'the libvirt lab guest is not listed');
    const quick: LabSettings = { runs: 3, runMs: 100, metrics: ['cpu.int.one', 'sys.clock'], provisioningRuns: 0 };
    const [measured] = await runLab([{ ref: guest.ref, name: guest.name, kind: 'vm', target: provider.probeTarget(guest.ref) }], quick, hooks);
    assert.strictEqual(measured.error, undefined);
    measuredMetric(measured, 'cpu.int.one');
    measuredMetric(measured, 'sys.clock');
    assert.deepStrictEqual(measured.notes.filter((note) => note.includes('could not remove')), []);
  });
});
