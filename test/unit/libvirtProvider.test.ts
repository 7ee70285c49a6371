import { strict as assert } from 'assert';
import type { Logger } from '../../src/providers/provider';
import { WorkloadGoneError } from '../../src/providers/provider';
import { LibvirtProvider } from '../../src/providers/libvirt/libvirtProvider';
import { splitSections } from '../../src/providers/libvirt/virsh';
import { readFixture } from '../repoPaths';
import { FakeVirsh, type FakeVirshScript } from './libvirtFakeVirsh';

const TEST_URI = 'test:///tmp/node.xml';
const SYSTEM = 'qemu:///system';
const SESSION = 'qemu:///session';
const GUEST = 'cf754a0e-df59-4c6b-af73-2c3b39c5d710';
const MARKER = 'WS-0123456789abcdef:';

const quietLog: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

function section(fixture: string, name: string): string {
  return `${splitSections(readFixture(fixture), MARKER).get(name) ?? ''}\n`;
}

const listList = 'list --all --uuid --name';
const listStats = 'domstats --raw --state --vcpu --balloon';

function testDriverOutputs(): Record<string, string> {
  const outputs: Record<string, string> = {
    [listList]: section('libvirt/test-driver/batch-refresh.txt', 'list'),
    [listStats]: section('libvirt/test-driver/batch-refresh.txt', 'stats'),
  };
  const dominfo = readFixture('libvirt/test-driver/dominfo-paused.txt');
  for (let index = 1; index <= 6; index++) {
    const uuid = `11111111-1111-4111-8111-11111111110${index}`;
    outputs[`dominfo ${uuid}`] = dominfo.replace(/^UUID:.*$/m, `UUID:           ${uuid}`);
  }
  return outputs;
}

function systemOutputs(): Record<string, string> {
  return {
    [listList]: section('libvirt/system/batch-refresh.txt', 'list'),
    [listStats]: section('libvirt/system/batch-refresh.txt', 'stats'),
    [`dominfo ${GUEST}`]: readFixture('libvirt/system/dominfo-running.txt'),
    [`dumpxml ${GUEST}`]: readFixture('libvirt/system/dumpxml-running.xml'),
    [`domstats --raw ${GUEST}`]: readFixture('libvirt/system/domstats-full-running.txt'),
    'version --daemon': readFixture('libvirt/system/version.txt'),
    nodeinfo: readFixture('libvirt/system/nodeinfo.txt'),
    hostname: 'vm\n',
    [`domblkinfo ${GUEST} --all`]: readFixture('libvirt/system/domblkinfo-all.txt'),
    [`domstats --raw --state --cpu-total --balloon --interface --block ${GUEST}`]: readFixture('libvirt/system/domstats-io-1.txt'),
    [`suspend ${GUEST}`]: `Domain '${GUEST}' suspended\n`,
  };
}

const noSocket = (path: string) => ({
  fail: {
    ok: false as const,
    kind: 'failed' as const,
    message: 'virsh failed (exit 1)',
    stderr: `error: failed to connect to the hypervisor\nerror: Failed to connect socket to '${path}': No such file or directory`,
    exitCode: 1,
  },
});

function provider(script: FakeVirshScript, uris: string[]): { provider: LibvirtProvider; fake: FakeVirsh } {
  const fake = new FakeVirsh(script);
  const instance = new LibvirtProvider({ uris: () => uris, timeoutMs: () => 5000, log: quietLog, runTool: fake.runner, readLocalHost: () => ({}) });
  return { provider: instance, fake };
}

describe('LibvirtProvider.list', () => {
  it('lists the test driver domains with states, vCPUs and memory in two processes', async () => {
    const { provider: libvirt, fake } = provider({ [TEST_URI]: { outputs: testDriverOutputs() } }, [TEST_URI]);
    const result = await libvirt.list();
    assert.ok(result.ok);
    assert.equal(result.workloads.length, 6);
    const byName = new Map(result.workloads.map((workload) => [workload.name, workload]));
    assert.equal(byName.get('db paused')?.state, 'paused');
    assert.equal(byName.get('build-off')?.state, 'exited');
    assert.equal(byName.get('build-off')?.status, 'shut off');
    assert.equal(byName.get('crashed-one')?.state, 'dead');
    assert.equal(byName.get('web-01')?.ref.id, `${TEST_URI}#11111111-1111-4111-8111-111111111101`);
    assert.deepEqual(byName.get('web-01')?.resources, { vcpus: 4, memoryBytes: 4 * 1024 ** 3 });
    assert.equal(fake.processesFor(TEST_URI), 2);
  });

  it('needs one process for a driver whose domstats is full', async () => {
    const { provider: libvirt, fake } = provider({ [SYSTEM]: { outputs: systemOutputs() } }, [SYSTEM]);
    const result = await libvirt.list();
    assert.ok(result.ok);
    assert.deepEqual(result.workloads.map((workload) => [workload.name, workload.state, workload.resources?.vcpus]), [
      ['ws-lab-guest', 'running', 1],
      ['ws-lab-off', 'exited', 1],
    ]);
    assert.equal(fake.processesFor(SYSTEM), 1);
    assert.equal(result.workloads[0].image, 'QEMU/KVM guest');
  });

  it('keeps the domains of reachable URIs when another fails, and reports the failure per URI', async () => {
    const broken = 'qemu+unix:///system?socket=/nonexistent';
    const { provider: libvirt } = provider({ [SYSTEM]: { outputs: systemOutputs() }, [broken]: noSocket('/nonexistent') }, [broken, SYSTEM]);
    const result = await libvirt.list();
    assert.ok(result.ok);
    assert.equal(result.workloads.length, 2);
    const statuses = libvirt.uriStatuses();
    assert.equal(statuses[0].ok, false);
    assert.ok(!statuses[0].ok && statuses[0].diagnosis.kind === 'not-running' && !statuses[0].quiet);
    assert.ok(statuses[1].ok);
  });

  it('fails as a whole only when every URI fails, naming each', async () => {
    const { provider: libvirt } = provider({ [SYSTEM]: noSocket('/var/run/libvirt/libvirt-sock'), [SESSION]: noSocket('/root/.cache/libvirt/libvirt-sock') }, [SYSTEM, SESSION]);
    const result = await libvirt.list();
    assert.ok(!result.ok);
    assert.match(result.diagnosis.message, /qemu:\/\/\/system/);
    assert.doesNotMatch(result.diagnosis.message, /session/);
    assert.equal(result.diagnosis.kind, 'not-running');
  });

  it('treats a missing session daemon as no session VMs, not as an error', async () => {
    const { provider: libvirt } = provider({ [SYSTEM]: { outputs: systemOutputs() }, [SESSION]: noSocket('/home/u/.cache/libvirt/libvirt-sock') }, [SYSTEM, SESSION]);
    const result = await libvirt.list();
    assert.ok(result.ok);
    const session = libvirt.uriStatuses()[1];
    assert.ok(!session.ok && session.quiet);
  });

  it('shows a domain seen through two URIs once (root: session reaches the system daemon)', async () => {
    const { provider: libvirt } = provider({ [SYSTEM]: { outputs: systemOutputs() }, [SESSION]: { outputs: systemOutputs() } }, [SYSTEM, SESSION]);
    const result = await libvirt.list();
    assert.ok(result.ok);
    assert.equal(result.workloads.length, 2);
    assert.ok(result.workloads.every((workload) => workload.ref.id.startsWith(SYSTEM)));
  });

  it('permission errors get their own diagnosis', async () => {
    const denied = { fail: { ok: false as const, kind: 'failed' as const, message: 'exit 1', stderr: readFixture('libvirt/bad/connect-polkit.stderr.txt'), exitCode: 1 } };
    const { provider: libvirt } = provider({ [SYSTEM]: denied }, [SYSTEM]);
    const result = await libvirt.list();
    assert.ok(!result.ok);
    assert.equal(result.diagnosis.kind, 'permission-denied');
  });
});

describe('LibvirtProvider inspect, actions, stats, console', () => {
  const ref = { kind: 'vm' as const, providerId: 'libvirt', id: `${SYSTEM}#${GUEST}` };

  it('inspects in one read-only process (no agent channel connected: no guestinfo call)', async () => {
    const { provider: libvirt, fake } = provider({ [SYSTEM]: { outputs: systemOutputs() } }, [SYSTEM]);
    const stack = await libvirt.inspectStack(ref);
    assert.equal(stack.layers.find((layer) => layer.kind === 'hypervisor')?.facts.find((fact) => fact.key === 'accelerator')?.value, 'TCG');
    assert.equal(fake.calls.length, 1);
    assert.equal(fake.calls[0].args[0], '-r');
  });

  it('throws WorkloadGoneError for a domain virsh no longer knows', async () => {
    const { provider: libvirt } = provider({ [SYSTEM]: { outputs: {} } }, [SYSTEM]);
    const gone = { ...ref, id: `${SYSTEM}#00000000-0000-4000-8000-000000000000` };
    await assert.rejects(libvirt.inspectStack(gone), WorkloadGoneError);
    await assert.rejects(libvirt.inspectStack({ ...ref, id: 'not-an-id' }), WorkloadGoneError);
  });

  it('runs actions read-write with the UUID as its own argument', async () => {
    const { provider: libvirt, fake } = provider({ [SYSTEM]: { outputs: systemOutputs() } }, [SYSTEM]);
    await libvirt.runAction(ref, 'pause');
    assert.deepEqual(fake.calls[0].args, ['-c', SYSTEM, 'suspend', GUEST]);
    await assert.rejects(libvirt.runAction(ref, 'remove'), /cannot remove/);
  });

  it('offers actions by state', () => {
    const { provider: libvirt } = provider({}, []);
    assert.deepEqual(libvirt.actionsFor('running'), ['shutdown', 'reboot', 'pause', 'forceOff']);
    assert.deepEqual(libvirt.actionsFor('paused'), ['resume', 'forceOff']);
    assert.deepEqual(libvirt.actionsFor('exited'), ['start']);
  });

  it('streams stats from domstats until closed', async () => {
    const { provider: libvirt } = provider({ [SYSTEM]: { outputs: systemOutputs() } }, [SYSTEM]);
    const stats = await new Promise<{ memoryLimitBytes: number | null; blockReadBytes: number | null; netRxBytes: number | null }>((resolve, reject) => {
      const stream = libvirt.streamStats(ref, (sample) => {
        stream.close();
        resolve(sample);
      }, (error) => reject(error ?? new Error('ended')));
    });
    assert.equal(stats.memoryLimitBytes, 128 * 1024 * 1024);
    assert.equal(stats.blockReadBytes, 4608, 'the disk counter of the recorded domstats --block');
    assert.equal(stats.netRxBytes, null, 'a user-mode NIC has no counters');
  });

  it('ends the stats stream with a clear error when domstats prints garbage', async () => {
    const outputs = { ...systemOutputs(), [`domstats --raw --state --cpu-total --balloon --interface --block ${GUEST}`]: readFixture('libvirt/bad/garbage.txt') };
    const { provider: libvirt } = provider({ [SYSTEM]: { outputs } }, [SYSTEM]);
    let samples = 0;
    const error = await new Promise<Error | undefined>((resolve) => libvirt.streamStats(ref, () => samples++, resolve));
    assert.equal(samples, 0, 'no empty samples that would look like an idle VM');
    assert.match(error?.message ?? '', /domstats printed nothing readable/);
  });

  it('builds the console command', () => {
    const { provider: libvirt } = provider({}, [SYSTEM]);
    assert.deepEqual(libvirt.consoleCommand(ref), { command: 'virsh', args: ['-c', SYSTEM, 'console', GUEST] });
    assert.equal(libvirt.consoleCommand({ ...ref, id: 'docker-id' }), undefined);
  });

  it('reports no URIs configured as a diagnosis', async () => {
    const { provider: libvirt } = provider({}, ['  ']);
    const result = await libvirt.list();
    assert.ok(!result.ok);
    assert.match(result.diagnosis.hint, /workloadStacks\.libvirt\.uris/);
  });
});
