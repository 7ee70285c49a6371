import { strict as assert } from 'assert';
import type { Layer, Stack } from '../../src/shared/model';
import { NO_AGENT_HINT } from '../../src/providers/libvirt/layers/guestOs';
import { describeLibosinfoId } from '../../src/providers/libvirt/layers/guestOs';
import { buildDomainStack, type DomainStackInput } from '../../src/providers/libvirt/stackMapper';
import { toLiveStats } from '../../src/providers/libvirt/statsMapper';
import { readFixture } from '../repoPaths';

const GUEST_UUID = 'cf754a0e-df59-4c6b-af73-2c3b39c5d710';
const LOCAL_HOST = {
  cpuModel: { value: 'Test CPU @ 2.1GHz', source: '/proc/cpuinfo' },
  osName: { value: 'Debian GNU/Linux 12 (bookworm)', source: '/etc/os-release' },
  kernel: { value: '6.1.0', source: '/proc/sys/kernel/osrelease' },
};

function systemInput(overrides: Partial<DomainStackInput> = {}): DomainStackInput {
  return {
    providerId: 'libvirt',
    uri: 'qemu:///system',
    uuid: GUEST_UUID,
    dominfo: readFixture('libvirt/system/dominfo-running.txt'),
    dumpxml: readFixture('libvirt/system/dumpxml-running.xml'),
    domstats: readFixture('libvirt/system/domstats-full-running.txt'),
    version: readFixture('libvirt/system/version.txt'),
    nodeinfo: readFixture('libvirt/system/nodeinfo.txt'),
    hostname: 'vm\n',
    blockInfo: readFixture('libvirt/system/domblkinfo-all.txt'),
    guestAgent: { ok: false, reason: 'The guest agent does not answer.' },
    localHost: LOCAL_HOST,
    readAt: '2026-11-29T06:31:00.000Z',
    ...overrides,
  };
}

function layer(stack: Stack, kind: Layer['kind']): Layer {
  const found = stack.layers.find((candidate) => candidate.kind === kind);
  assert.ok(found, `no ${kind} band`);
  return found;
}

function factValue(stack: Stack, kind: Layer['kind'], key: string): string | undefined {
  return layer(stack, kind).facts.find((fact) => fact.key === key)?.value;
}

describe('buildDomainStack', () => {
  it('draws the TCG guest recorded from libvirtd, bands in the real order', () => {
    const stack = buildDomainStack(systemInput());
    assert.deepEqual(stack.layers.map((band) => band.kind), ['hardware', 'host-os', 'hypervisor', 'virtual-hardware', 'guest-os', 'libraries', 'app']);
    assert.equal(stack.workload.id, `qemu:///system#${GUEST_UUID}`);
    assert.equal(stack.name, 'ws-lab-guest');
    assert.equal(stack.state, 'running');
    assert.equal(factValue(stack, 'hypervisor', 'accelerator'), 'TCG');
    assert.equal(factValue(stack, 'hypervisor', 'hypervisor'), 'QEMU 7.2.22');
    assert.equal(factValue(stack, 'hypervisor', 'libvirt'), 'libvirt 9.0.0 (daemon)');
    assert.equal(factValue(stack, 'virtual-hardware', 'vcpus'), '1');
    assert.equal(factValue(stack, 'virtual-hardware', 'memory'), '128 MiB');
    assert.equal(factValue(stack, 'virtual-hardware', 'machine'), 'pc-i440fx-7.2');
    assert.equal(factValue(stack, 'virtual-hardware', 'state'), 'running');
    assert.match(factValue(stack, 'virtual-hardware', 'disks') ?? '', /^vda \(virtio\): disk, file, qcow2, .*disk\.qcow2, 64 MiB \(200 KiB allocated\)$/);
    assert.match(factValue(stack, 'virtual-hardware', 'firmware') ?? '', /SeaBIOS.*direct kernel boot/);
    assert.equal(factValue(stack, 'hardware', 'cpus'), '2');
    assert.equal(factValue(stack, 'hardware', 'cpu-model'), 'Test CPU @ 2.1GHz');
    assert.equal(factValue(stack, 'host-os', 'os'), 'Debian GNU/Linux 12 (bookworm)');
    for (const band of stack.layers) for (const fact of band.facts) assert.ok(fact.source, `${band.kind}/${fact.key} has no source`);
  });

  it('shows libosinfo metadata in guest-os and says why the agent is missing', () => {
    const stack = buildDomainStack(systemInput());
    assert.equal(factValue(stack, 'guest-os', 'os-metadata'), 'linux 2022 (http://libosinfo.org/linux/2022)');
    assert.match(factValue(stack, 'guest-os', 'guest-agent') ?? '', /does not answer/);
    assert.ok(layer(stack, 'libraries').unavailable);
    assert.ok(layer(stack, 'app').unavailable);
  });

  it('marks guest-os unavailable with the fix when there is neither metadata nor agent', () => {
    const dumpxml = readFixture('libvirt/system/dumpxml-running.xml').replace(/<metadata>[\s\S]*<\/metadata>/, '');
    const stack = buildDomainStack(systemInput({ dumpxml, guestAgent: { ok: false, reason: NO_AGENT_HINT } }));
    assert.equal(layer(stack, 'guest-os').unavailable, NO_AGENT_HINT);
  });

  it('uses the guest agent answer when there is one', () => {
    const values = new Map([['os.pretty-name', 'Debian GNU/Linux 12 (bookworm)'], ['os.kernel-release', '6.1.0-56-cloud-amd64'], ['hostname', 'guest']]);
    const stack = buildDomainStack(systemInput({ guestAgent: { ok: true, values } }));
    assert.equal(factValue(stack, 'guest-os', 'os'), 'Debian GNU/Linux 12 (bookworm)');
    assert.equal(factValue(stack, 'guest-os', 'kernel'), '6.1.0-56-cloud-amd64');
    assert.equal(layer(stack, 'guest-os').unavailable, undefined);
  });

  it('draws a test-driver domain', () => {
    const stack = buildDomainStack(systemInput({
      uri: 'test:///default',
      uuid: '6695eb01-f6a4-8304-79aa-97f2502e193f',
      dumpxml: readFixture('libvirt/test-driver/dumpxml-default-test.xml'),
      dominfo: '',
      domstats: '',
      version: readFixture('libvirt/test-driver/version.txt'),
      nodeinfo: readFixture('libvirt/test-driver/nodeinfo.txt'),
      blockInfo: '',
    }));
    assert.equal(factValue(stack, 'hypervisor', 'accelerator'), 'none (libvirt test driver)');
    assert.equal(factValue(stack, 'virtual-hardware', 'vcpus'), '2');
    assert.equal(factValue(stack, 'virtual-hardware', 'memory'), '2 GiB (maximum 8 GiB)');
    assert.equal(factValue(stack, 'hardware', 'cpus'), '16');
  });

  it('says the host OS is unknown for a remote URI and skips local facts', () => {
    const stack = buildDomainStack(systemInput({ uri: 'qemu+ssh://admin@server/system' }));
    assert.match(layer(stack, 'host-os').unavailable ?? '', /admin@server is remote/);
    assert.match(factValue(stack, 'hardware', 'cpu-model') ?? '', /unknown/);
  });

  it('draws every band as unknown from garbage instead of throwing', () => {
    const garbage = readFixture('libvirt/bad/garbage.txt');
    const stack = buildDomainStack(systemInput({ dumpxml: garbage, dominfo: garbage, domstats: garbage, version: '', nodeinfo: '', blockInfo: garbage }));
    assert.equal(stack.layers.length, 7);
    assert.match(layer(stack, 'virtual-hardware').unavailable ?? '', /not readable XML/);
    assert.equal(factValue(stack, 'hypervisor', 'accelerator'), 'unknown');
    assert.equal(stack.name, GUEST_UUID);
  });

  it('names libosinfo ids briefly', () => {
    assert.equal(describeLibosinfoId('http://ubuntu.com/ubuntu/24.04'), 'ubuntu 24.04');
    assert.equal(describeLibosinfoId('http://microsoft.com/win/11'), 'win 11');
    assert.equal(describeLibosinfoId('weird'), 'weird');
  });
});

describe('libvirt live stats', () => {
  it('reads the disk counters of a recorded domstats --interface --block, and no NIC counters for a user-mode NIC', () => {
    const first = toLiveStats(readFixture('libvirt/system/domstats-io-1.txt'), 1_000_000, undefined);
    const second = toLiveStats(readFixture('libvirt/system/domstats-io-2.txt'), 1_002_000, first.sample);
    assert.equal(second.readable, true);
    assert.equal(second.stats.blockReadBytes, 4608);
    assert.equal(second.stats.blockWriteBytes, 0);
    assert.equal(second.stats.netRxBytes, null);
    assert.equal(second.stats.netTxBytes, null);
    assert.ok(second.stats.cpuPercent !== null && second.stats.cpuPercent > 0, String(second.stats.cpuPercent));
  });

  it('sums every NIC and every disk, a counter missing on one of them left out', () => {
    const { stats } = toLiveStats(readFixture('libvirt/documented/domstats-tap-two-disks.txt'), 1, undefined);
    assert.equal(stats.netRxBytes, 1_000_024);
    assert.equal(stats.netTxBytes, 250_076);
    assert.equal(stats.blockReadBytes, 5_242_880 + 2048);
    assert.equal(stats.blockWriteBytes, 1_048_576, 'sda has no wr.bytes');
  });

  it('bounds a hostile count and ignores indexes past it', () => {
    const text = "Domain: 'x'\n  net.count=99999999999\n  net.0.rx.bytes=5\n  net.300.rx.bytes=7\n  block.count=1\n  block.1.rd.bytes=9\n";
    const { stats } = toLiveStats(text, 1, undefined);
    assert.equal(stats.netRxBytes, 5);
    assert.equal(stats.blockReadBytes, null, 'block.1 is past block.count');
  });

  it('computes CPU from two recorded domstats samples and memory from the balloon', () => {
    const first = toLiveStats(readFixture('libvirt/system/domstats-live-1.txt'), 1_000_000, undefined);
    assert.equal(first.stats.cpuPercent, null);
    assert.ok(first.sample);
    const second = toLiveStats(readFixture('libvirt/system/domstats-live-2.txt'), 1_002_000, first.sample);
    assert.ok(second.stats.cpuPercent !== null && second.stats.cpuPercent > 0 && second.stats.cpuPercent <= 200, String(second.stats.cpuPercent));
    assert.ok((second.stats.memoryBytes ?? 0) > 100 * 1024 * 1024);
    assert.equal(second.stats.memoryLimitBytes, 128 * 1024 * 1024);
  });

  it('gives nulls for garbage', () => {
    const reading = toLiveStats(readFixture('libvirt/bad/garbage.txt'), 1, { cpuTimeNs: 5, atMs: 0 });
    assert.deepEqual({ ...reading.stats, readAt: '' }, { readAt: '', cpuPercent: null, memoryBytes: null, memoryLimitBytes: null, pids: null, netRxBytes: null, netTxBytes: null, blockReadBytes: null, blockWriteBytes: null });
    assert.equal(reading.readable, false, 'garbage is no domain record: the stream ends with an error');
  });
});
