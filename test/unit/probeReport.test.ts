import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { parseProbeReport, PROBE_SCHEMA } from '../../src/shared/probeReport';
import { choosePlacement, reachableAddressOf } from '../../src/providers/docker/containerProbe';
import { firstGuestAddress } from '../../src/providers/qemu/guestProbe';
import type { ContainerInspect } from '../../src/providers/docker/engineTypes';
import { tarOf } from '../../src/providers/docker/tarArchive';

const valid = {
  schema: PROBE_SCHEMA,
  probe: { version: '1.0.0', arch: 'x86_64', libc: 'musl' },
  system: { kernel: '6.1.0', machine: 'x86_64', cpusOnline: 2, cpusAllowed: 1, cpuMax: null, memTotalBytes: 1024, hypervisorFlag: null, cpuModel: null },
  dir: { path: '/tmp', fsType: 'tmpfs' },
  metrics: [
    { id: 'sys.clock', unit: 'ns', better: 'lower', detail: 'clock_gettime', runs: [20, 21, 22], median: 21, elapsedMs: 60 },
    { id: 'fs.fsync', error: 'open /tmp: Read-only file system' },
  ],
  elapsedMs: 70,
};

describe('probe report parsing (the probe runs in workloads we do not control)', () => {
  it('reads a valid report, measured and failed metrics alike', () => {
    const parsed = parseProbeReport(JSON.stringify(valid));
    assert.ok(parsed.ok);
    assert.strictEqual(parsed.report.metrics.length, 2);
    assert.strictEqual(parsed.report.system.cpusAllowed, 1);
  });

  const broken: [string, unknown][] = [
    ['another schema', { ...valid, schema: 'other/2' }],
    ['an unknown metric', { ...valid, metrics: [{ ...valid.metrics[0], id: 'constructor' }] }],
    ['a metric twice', { ...valid, metrics: [valid.metrics[0], valid.metrics[0]] }],
    ['negative runs', { ...valid, metrics: [{ ...valid.metrics[0], runs: [-1] }] }],
    ['no runs', { ...valid, metrics: [{ ...valid.metrics[0], runs: [] }] }],
    ['a string median', { ...valid, metrics: [{ ...valid.metrics[0], median: '21' }] }],
    ['a wrong direction', { ...valid, metrics: [{ ...valid.metrics[0], better: 'more' }] }],
    ['a huge text', { ...valid, system: { ...valid.system, kernel: 'x'.repeat(10_000) } }],
    ['a fractional CPU count', { ...valid, system: { ...valid.system, cpusOnline: 1.5 } }],
    ['an array', [valid]],
  ];
  for (const [what, value] of broken) {
    it(`refuses ${what} with a sentence`, () => {
      const parsed = parseProbeReport(JSON.stringify(value));
      assert.ok(!parsed.ok);
      assert.match(parsed.error, /^The probe's report is unreadable: .+\.$/);
    });
  }

  it('quotes garbage output safely, without control characters', () => {
    const parsed = parseProbeReport('\u001b[31mSegmentation fault\u0000');
    assert.ok(!parsed.ok);
    assert.ok(parsed.error.includes('Segmentation fault') && !/[\u0000-\u001f]/.test(parsed.error));
    const empty = parseProbeReport('');
    assert.ok(!empty.ok && empty.error.includes('printed nothing'));
  });
});

describe('archive for the Engine API upload', () => {
  it('is a tar that GNU tar lists and extracts with the modes asked for', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ws-tar-'));
    try {
      const data = Buffer.from('#!probe\n'.repeat(100));
      const archive = tarOf([{ name: '.ws-probe-x', mode: 0o1777 }, { name: '.ws-probe-x/ws-probe', mode: 0o755, data }]);
      assert.strictEqual(archive.length % 512, 0);
      writeFileSync(path.join(dir, 'a.tar'), archive);
      const listing = execFileSync('tar', ['-tvf', path.join(dir, 'a.tar')], { encoding: 'utf8' });
      assert.match(listing, /^drwxrwxrwt root\/root .* \.ws-probe-x\/$/m);
      assert.match(listing, /^-rwxr-xr-x root\/root +800 .* \.ws-probe-x\/ws-probe$/m);
      execFileSync('tar', ['-xf', path.join(dir, 'a.tar'), '-C', dir]);
      assert.deepStrictEqual(readFileSync(path.join(dir, '.ws-probe-x', 'ws-probe')), data);
      assert.strictEqual(statSync(path.join(dir, '.ws-probe-x', 'ws-probe')).mode & 0o777, 0o755);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses names tar cannot hold in its header', () => {
    assert.throws(() => tarOf([{ name: 'x'.repeat(120), mode: 0o644, data: Buffer.alloc(1) }]), /too long/);
  });
});

describe('where the probe goes in a container', () => {
  const container = (readOnly: boolean, mounts: ContainerInspect['Mounts']) => ({ HostConfig: { ReadonlyRootfs: readOnly }, Mounts: mounts }) as unknown as ContainerInspect;

  it('uses the root filesystem when it is writable', () => {
    assert.deepStrictEqual(choosePlacement(container(false, [])), { parent: '/', notes: ['file I/O on the container’s own root filesystem'] });
  });

  it('uses a writable volume when the root is read-only, before a bind mount, never a read-only one', () => {
    const placement = choosePlacement(
      container(true, [
        { Type: 'bind', Destination: '/host', RW: true },
        { Type: 'volume', Destination: '/ro', RW: false },
        { Type: 'volume', Destination: '/data', RW: true },
      ]),
    );
    assert.ok(typeof placement !== 'string');
    assert.strictEqual(placement.parent, '/data');
  });

  it('says why nothing can be measured when the root is read-only and only tmpfs is writable', () => {
    const placement = choosePlacement(container(true, [{ Type: 'tmpfs', Destination: '/tmp', RW: true }]));
    assert.ok(typeof placement === 'string');
    assert.match(placement, /read-only.*no writable volume.*Mount a volume/s);
  });
});

describe('where this machine reaches a workload over TCP', () => {
  const container = (mode: string, networks: Record<string, { IPAddress?: string }>) =>
    ({ HostConfig: { NetworkMode: mode }, NetworkSettings: { Networks: networks, Ports: {} } }) as unknown as ContainerInspect;

  it('uses a container’s bridge address, loopback when it shares this machine’s network, and says why not otherwise', () => {
    assert.deepStrictEqual(reachableAddressOf(container('bridge', { bridge: { IPAddress: '172.17.0.2' } })), { bind: '172.17.0.2', connect: '172.17.0.2', path: 'on the network bridge' });
    assert.strictEqual((reachableAddressOf(container('host', {})) as { connect: string }).connect, '127.0.0.1');
    assert.deepStrictEqual(reachableAddressOf(container('none', { none: { IPAddress: '' } })), { unreachable: 'it has no network (network mode none)' });
  });

  it('takes the first IPv4 address of a guest interface that is not loopback, from the agent’s answer', () => {
    const answer = [
      { name: 'lo', 'ip-addresses': [{ 'ip-address-type': 'ipv4', 'ip-address': '127.0.0.1' }] },
      { name: 'eth0', 'ip-addresses': [{ 'ip-address-type': 'ipv6', 'ip-address': 'fe80::1' }, { 'ip-address-type': 'ipv4', 'ip-address': '10.0.2.15' }] },
    ];
    assert.strictEqual(firstGuestAddress(answer), '10.0.2.15');
    assert.strictEqual(firstGuestAddress([{ name: 'eth0', 'ip-addresses': [{ 'ip-address-type': 'ipv4', 'ip-address': '1.2.3.4; rm -rf /' }] }]), undefined);
    assert.strictEqual(firstGuestAddress({ error: 'garbage' }), undefined);
  });
});
