import { strict as assert } from 'assert';
import * as path from 'path';
import type { Layer, LiveStats, Stack } from '../../src/shared/model';
import { formatBytes } from '../../src/shared/units';
import { WorkloadGoneError } from '../../src/providers/provider';
import { classifyHost, type HostPlatform } from '../../src/providers/host/classify';
import { collectHostEvidence } from '../../src/providers/host/collectEvidence';
import { cgroupEvidence, parseRootMount } from '../../src/providers/host/containerEvidence';
import { parseAcpiHeader } from '../../src/providers/host/firmwareEvidence';
import { readHostFacts } from '../../src/providers/host/hostFacts';
import { type HostFiles, type HostSources, nodeHostFiles, nodeHostSources } from '../../src/providers/host/hostFiles';
import { detectHostPlatform, HostProvider } from '../../src/providers/host/hostProvider';
import { buildHostStack, HOST_REF, hostHypervisorLayer } from '../../src/providers/host/hostStack';
import { cpuPercentBetween, hostLiveStats, parseProcStat, sampleHostStats } from '../../src/providers/host/hostStats';
import { fixturesDir, readJsonFixture } from '../repoPaths';

/** Fixture trees store ':' (invalid in Windows file names) as %3A; see test/fixtures/host/README.md. */
function fixtureSources(name: string): HostSources {
  const tree = nodeHostFiles(path.join(fixturesDir, 'host', name, 'root'));
  const encode = (p: string) => p.replace(/%/g, '%25').replace(/:/g, '%3A');
  const decode = (p: string) => p.replace(/%3A/g, ':').replace(/%25/g, '%');
  const env = readJsonFixture<Record<string, string>>(`host/${name}/env.json`);
  const files: HostFiles = {
    readText: (p) => tree.readText(encode(p)),
    readBytes: (p, length) => tree.readBytes(encode(p), length),
    list: (dir) => tree.list(encode(dir)).map(decode),
    exists: (p) => tree.exists(encode(p)),
  };
  return { files, env: (variable) => (Object.hasOwn(env, variable) ? env[variable] : undefined) };
}

/** An in-memory tree: directories are implied by the file paths. */
function memorySources(entries: Record<string, string | Uint8Array>): HostSources {
  const paths = Object.keys(entries);
  const files: HostFiles = {
    readText: (p) => {
      const value = entries[p];
      return value === undefined ? undefined : typeof value === 'string' ? value : Buffer.from(value).toString('utf8');
    },
    readBytes: (p, length) => {
      const value = entries[p];
      return value === undefined ? undefined : (typeof value === 'string' ? Buffer.from(value) : value).subarray(0, length);
    },
    list: (dir) => [...new Set(paths.filter((p) => p.startsWith(`${dir}/`)).map((p) => p.slice(dir.length + 1).split('/')[0]))].sort(),
    exists: (p) => p in entries || paths.some((other) => other.startsWith(`${p}/`)),
  };
  return { files, env: () => undefined };
}

function detect(name: string): HostPlatform {
  return detectHostPlatform(fixtureSources(name));
}

function layer(stack: Stack, kind: Layer['kind']): Layer {
  const found = stack.layers.find((l) => l.kind === kind);
  assert.ok(found, `no ${kind} band in ${stack.layers.map((l) => l.kind).join(', ')}`);
  return found;
}

function factValue(band: Layer, key: string): string {
  const found = band.facts.find((f) => f.key === key);
  assert.ok(found, `no fact ${key} in ${band.kind}`);
  return found.value;
}

function stackOf(name: string): Stack {
  const sources = fixtureSources(name);
  return buildHostStack({ platform: detectHostPlatform(sources), facts: readHostFacts(sources.files), hostname: 'box', readAt: '2026-11-29T06:00:00.000Z' });
}

describe('host detection on fixture trees', () => {
  const expected: { fixture: string; kind: HostPlatform['kind']; hypervisor?: string; container?: string }[] = [
    { fixture: 'firecracker', kind: 'vm', hypervisor: 'Firecracker' },
    { fixture: 'kvm-qemu', kind: 'vm', hypervisor: 'QEMU/KVM' },
    { fixture: 'vmware', kind: 'vm', hypervisor: 'VMware' },
    { fixture: 'hyperv', kind: 'vm', hypervisor: 'Hyper-V' },
    { fixture: 'wsl2', kind: 'vm', hypervisor: 'WSL2 (Hyper-V)' },
    { fixture: 'aws-ec2-nitro', kind: 'vm', hypervisor: 'AWS EC2 (Nitro)' },
    { fixture: 'bare-metal', kind: 'bare-metal' },
    { fixture: 'docker-on-bare-metal', kind: 'container', container: 'Docker' },
  ];
  for (const { fixture, kind, hypervisor, container } of expected) {
    it(`${fixture}: ${kind}${hypervisor ? ` on ${hypervisor}` : ''}${container ? ` (${container})` : ''}, high confidence`, () => {
      const platform = detect(fixture);
      assert.equal(platform.kind, kind);
      assert.equal(platform.hypervisor, hypervisor);
      assert.equal(platform.container, container);
      assert.equal(platform.confidence, 'high', JSON.stringify(platform.evidence, null, 1));
    });
  }

  describe('the Firecracker micro-VM recorded on this machine', () => {
    it('has a /.dockerenv, and is still neither a container nor bhyve', () => {
      const sources = fixtureSources('firecracker');
      assert.ok(sources.files.exists('/.dockerenv'), 'the recorded tree must keep /.dockerenv');
      const platform = detectHostPlatform(sources);
      assert.notEqual(platform.kind, 'container');
      assert.equal(platform.container, undefined);
      assert.notEqual(platform.hypervisor, 'bhyve');
      const dockerenv = platform.evidence.find((e) => e.source === '/.dockerenv');
      assert.deepEqual(dockerenv && { pointsTo: dockerenv.pointsTo, weight: dockerenv.weight }, { pointsTo: 'a Docker container', weight: 1 });
    });

    it('shows its evidence with sources: ACPI OEM FIRECK, the cmdline flag, AMZNC10C, virtio, the CPU flag', () => {
      const evidence = detect('firecracker').evidence;
      const seen = (signal: string, fragment: string, pointsTo: string) =>
        assert.ok(
          evidence.some((e) => e.signal === signal && e.value.includes(fragment) && e.pointsTo === pointsTo && e.source !== ''),
          `missing ${signal} ${fragment} -> ${pointsTo}`,
        );
      seen('ACPI OEM ID', 'FIRECK', 'Firecracker');
      seen('Kernel command line', '--firecracker-init', 'Firecracker');
      seen('ACPI device', 'AMZNC10C', 'Firecracker');
      seen('PCI vendor', '0x1af4', 'a VM');
      seen('CPU flag', 'hypervisor', 'a VM');
      seen('DMI', 'no DMI tables', 'nothing by itself');
      assert.deepEqual(
        evidence.map((e) => e.weight),
        [...evidence.map((e) => e.weight)].sort((a, b) => b - a),
        'strongest first',
      );
    });

    it('is still Firecracker when the ACPI tables are unreadable (a user without root)', () => {
      const sources = fixtureSources('firecracker');
      const files: HostFiles = { ...sources.files, readBytes: () => undefined };
      const platform = detectHostPlatform({ ...sources, files });
      assert.equal(platform.kind, 'vm');
      assert.equal(platform.hypervisor, 'Firecracker');
    });
  });

  it('older Firecracker (virtio-mmio, no ACPI): Firecracker by its brand string, only medium confidence', () => {
    const platform = detectHostPlatform(
      memorySources({
        '/proc/cpuinfo': 'processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\nflags\t\t: fpu hypervisor\n',
        '/proc/cmdline': 'console=ttyS0 reboot=k panic=1 virtio_mmio.device=4K@0xd0000000:5 virtio_mmio.device=4K@0xd0001000:6',
        '/sys/devices/system/clocksource/clocksource0/available_clocksource': 'kvm-clock tsc\n',
      }),
    );
    assert.deepEqual([platform.kind, platform.hypervisor, platform.confidence], ['vm', 'Firecracker', 'medium']);
  });

  it('only a paravirtual clock and the CPU flag: KVM, not a guess at the product', () => {
    const platform = detectHostPlatform(
      memorySources({
        '/proc/cpuinfo': 'processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz\nflags\t\t: fpu hypervisor\n',
        '/sys/devices/system/clocksource/clocksource0/available_clocksource': 'kvm-clock tsc\n',
      }),
    );
    assert.deepEqual([platform.kind, platform.hypervisor], ['vm', 'KVM']);
  });

  it("an EC2 *.metal instance keeps Amazon's DMI vendor and is still bare metal", () => {
    const platform = detectHostPlatform(
      memorySources({
        '/proc/cpuinfo': 'processor\t: 0\nflags\t\t: fpu vme\n',
        '/sys/class/dmi/id/sys_vendor': 'Amazon EC2\n',
        '/sys/class/dmi/id/product_name': 'm5.metal\n',
      }),
    );
    assert.deepEqual([platform.kind, platform.confidence], ['bare-metal', 'high']);
  });

  it('a /.dockerenv on its own does not make a container', () => {
    const platform = detectHostPlatform(memorySources({ '/.dockerenv': '' }));
    assert.notEqual(platform.kind, 'container');
    assert.equal(platform.confidence, 'low');
  });

  it('a container on a VM names both: the engine and the hypervisor under the shared kernel', () => {
    const sources = fixtureSources('kvm-qemu');
    const inner = memorySources({
      '/.dockerenv': '',
      '/proc/1/cgroup': '0::/system.slice/docker-0123abcd.scope\n',
      '/proc/self/mountinfo': '600 540 0:52 / / rw,relatime - overlay overlay rw,lowerdir=/x\n',
      '/proc/1/comm': 'node\n',
    });
    const files: HostFiles = {
      readText: (p) => inner.files.readText(p) ?? (p.startsWith('/sys/firmware') ? undefined : sources.files.readText(p)),
      readBytes: () => undefined,
      list: (dir) => (dir.startsWith('/sys/firmware') ? [] : sources.files.list(dir)),
      exists: (p) => inner.files.exists(p) || sources.files.exists(p),
    };
    const platform = detectHostPlatform({ files, env: () => undefined });
    assert.equal(platform.kind, 'container');
    assert.equal(platform.container, 'Docker');
    assert.equal(platform.hypervisor, 'QEMU/KVM');
  });
});

describe('host detection on bad input', () => {
  const firecrackerPaths = [
    '/proc/cpuinfo',
    '/proc/cmdline',
    '/proc/version',
    '/proc/1/cgroup',
    '/proc/1/comm',
    '/proc/self/mountinfo',
    '/sys/firmware/acpi/tables/DSDT',
    '/sys/bus/pci/devices/0000:00:01.0/vendor',
    '/sys/class/dmi/id/sys_vendor',
    '/sys/devices/system/clocksource/clocksource0/available_clocksource',
  ];

  it('empty files: unknown, low confidence', () => {
    const platform = detectHostPlatform(memorySources(Object.fromEntries(firecrackerPaths.map((p) => [p, '']))));
    assert.equal(platform.confidence, 'low');
    assert.notEqual(platform.kind, 'container');
  });

  it('random bytes in every file: no throw, low confidence', () => {
    let seed = 7;
    const noise = () => new Uint8Array(Array.from({ length: 300 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256));
    for (let round = 0; round < 20; round++) {
      const platform = detectHostPlatform(memorySources(Object.fromEntries(firecrackerPaths.map((p) => [p, noise()]))));
      assert.equal(platform.confidence, 'low', JSON.stringify(platform));
    }
  });

  it('a reader that throws on everything: unknown, no throw', () => {
    const boom = () => {
      throw new Error('EACCES');
    };
    const sources: HostSources = { files: { readText: boom, readBytes: boom, list: boom, exists: boom }, env: boom };
    assert.deepEqual(detectHostPlatform(sources), { kind: 'unknown', confidence: 'low', evidence: [] });
    assert.deepEqual(collectHostEvidence(sources), []);
  });

  it('nothing readable at all (another OS): unknown', () => {
    const platform = classifyHost([]);
    assert.equal(platform.kind, 'unknown');
    assert.equal(platform.confidence, 'low');
  });

  it('the node reader never throws on missing paths, directories or devices, and caps what it reads', () => {
    const files = nodeHostFiles('/', 64);
    assert.equal(files.readText('/no/such/file'), undefined);
    assert.equal(files.readText('/proc'), undefined);
    assert.equal(files.readText('/dev/zero'), undefined, 'a device could be endless: refused');
    assert.deepEqual(files.list('/no/such/dir'), []);
    assert.equal(files.exists('/no/such/file'), false);
    const cpuinfo = files.readText('/proc/cpuinfo');
    assert.ok(cpuinfo !== undefined && cpuinfo.length <= 64);
  });

  it('parsers take garbage and return nothing, not a throw', () => {
    assert.equal(parseAcpiHeader('DSDT', new Uint8Array([1, 2, 3])), null);
    assert.equal(parseAcpiHeader('DSDT', new Uint8Array(36)), null);
    assert.equal(parseRootMount('garbage\n - \n\u0000'), undefined);
    assert.deepEqual(cgroupEvidence('::::\n', '/proc/1/cgroup').map((c) => c.weight), [0]);
    assert.equal(parseProcStat('cpu  a b c d'), undefined);
    assert.equal(cpuPercentBetween(undefined, parseProcStat('cpu  1 2 3 4\ncpu0 1 2 3 4\n')), null);
  });
});

describe('buildHostStack', () => {
  it('Firecracker: hardware, hypervisor, host-os, with the fixture values', () => {
    const stack = stackOf('firecracker');
    assert.deepEqual(stack.workload, HOST_REF);
    assert.deepEqual(stack.layers.map((l) => l.kind), ['hardware', 'hypervisor', 'host-os']);
    const hardware = layer(stack, 'hardware');
    assert.equal(factValue(hardware, 'cpus'), '2');
    assert.equal(factValue(hardware, 'memory'), formatBytes(24683620 * 1024));
    assert.equal(factValue(hardware, 'cpu-model'), 'AMD EPYC');
    assert.equal(factValue(hardware, 'architecture'), 'x86_64');
    assert.equal(factValue(hardware, 'virtualization'), 'VM');
    const hypervisor = layer(stack, 'hypervisor');
    assert.equal(factValue(hypervisor, 'hypervisor'), 'Firecracker');
    assert.equal(factValue(hypervisor, 'confidence'), 'high');
    const evidence = hypervisor.facts.find((f) => f.key === 'evidence');
    assert.ok(evidence?.multiline && evidence.value.includes('FIRECK') && evidence.value.includes('/.dockerenv'));
    const cmdline = hypervisor.facts.find((f) => f.key.startsWith('evidence-') && f.value.includes('--firecracker-init'));
    assert.equal(cmdline?.source, '/proc/cmdline');
    const hostOs = layer(stack, 'host-os');
    assert.equal(factValue(hostOs, 'os'), 'Debian GNU/Linux 12 (bookworm)');
    assert.equal(factValue(hostOs, 'kernel'), '6.18.44-fc-v782');
    assert.equal(hostOs.facts.find((f) => f.key === 'os')?.source, '/etc/os-release');
  });

  it('bare metal: no hypervisor band; the evidence sits with the hardware', () => {
    const stack = stackOf('bare-metal');
    assert.deepEqual(stack.layers.map((l) => l.kind), ['hardware', 'host-os']);
    const hardware = layer(stack, 'hardware');
    assert.equal(factValue(hardware, 'virtualization'), 'bare metal');
    assert.equal(factValue(hardware, 'cpus'), '4');
    assert.equal(factValue(hardware, 'cpu-model'), 'Intel(R) Xeon(R) Silver 4214 CPU @ 2.20GHz');
    assert.match(factValue(hardware, 'evidence'), /Dell Inc\./);
  });

  it('a container: its own band on top, naming the engine', () => {
    const stack = stackOf('docker-on-bare-metal');
    assert.deepEqual(stack.layers.map((l) => l.kind), ['hardware', 'host-os', 'isolation']);
    const band = layer(stack, 'isolation');
    assert.equal(factValue(band, 'container'), 'Docker');
    assert.match(factValue(band, 'evidence'), /\/docker\/3f4e8b0c/);
  });

  it('facts that cannot be read say unknown and which file was missing', () => {
    const stack = buildHostStack({ platform: classifyHost([]), facts: {}, hostname: '', readAt: '2026-11-29T06:00:00.000Z' });
    const hardware = layer(stack, 'hardware');
    assert.equal(factValue(hardware, 'memory'), 'unknown');
    assert.match(hardware.facts.find((f) => f.key === 'memory')?.source ?? '', /\/proc\/meminfo/);
    assert.equal(factValue(hardware, 'virtualization'), 'unknown');
  });

  it('hostHypervisorLayer: a band for the Docker diagram on a VM, none on bare metal', () => {
    const band = hostHypervisorLayer(detect('firecracker'));
    assert.equal(band?.kind, 'hypervisor');
    assert.equal(band && factValue(band, 'hypervisor'), 'Firecracker');
    assert.equal(hostHypervisorLayer(detect('bare-metal')), undefined);
  });
});

describe('HostProvider on the recorded Firecracker tree', () => {
  const provider = new HostProvider({ sources: fixtureSources('firecracker'), hostname: () => 'vm' });

  it('lists one workload: this machine, what it runs on and its OS', async () => {
    const result = await provider.list();
    assert.ok(result.ok);
    assert.equal(result.workloads.length, 1);
    const [host] = result.workloads;
    assert.deepEqual(host.ref, HOST_REF);
    assert.equal(host.name, 'vm');
    assert.equal(host.image, 'Firecracker micro-VM · Debian 12');
    assert.equal(host.state, 'running');
    assert.deepEqual(host.resources, { vcpus: 2, memoryBytes: 24683620 * 1024 });
  });

  it('has no actions, and refuses refs that are not this machine', async () => {
    await assert.rejects(provider.runAction(HOST_REF, 'start'), /This machine has no actions\./);
    await assert.rejects(provider.inspectStack({ ...HOST_REF, id: 'other' }), WorkloadGoneError);
    assert.equal((await provider.inspectStack(HOST_REF)).layers[1].kind, 'hypervisor');
  });
});

describe('live host stats', () => {
  const meminfo = 'MemTotal:       1000 kB\nMemAvailable:    250 kB\n';

  it('CPU percent between two /proc/stat samples, 100 per busy CPU', () => {
    const before = parseProcStat('cpu  100 0 100 800 0 0 0 0 0 0\ncpu0 1 1 1 1\ncpu1 1 1 1 1\n');
    const after = parseProcStat('cpu  200 0 200 1000 0 0 0 0 0 0\ncpu0 1 1 1 1\ncpu1 1 1 1 1\n');
    // 400 jiffies passed, 200 of them busy, on 2 CPUs.
    assert.equal(cpuPercentBetween(before, after), 100);
    const stats = hostLiveStats(memorySources({ '/proc/meminfo': meminfo, '/proc/7/comm': 'x' }).files, before, after, 'now');
    assert.deepEqual(stats, { readAt: 'now', cpuPercent: 100, memoryBytes: 750 * 1024, memoryLimitBytes: 1000 * 1024, pids: 1, netRxBytes: null, netTxBytes: null, blockReadBytes: null, blockWriteBytes: null });
  });

  it('samples now and then every interval until closed', async () => {
    let jiffies = 0;
    const sources = memorySources({ '/proc/meminfo': meminfo });
    const files: HostFiles = {
      ...sources.files,
      readText: (p) => (p === '/proc/stat' ? `cpu  ${(jiffies += 10)} 0 0 ${jiffies} 0\ncpu0 0\n` : sources.files.readText(p)),
    };
    const seen: LiveStats[] = [];
    const sampler = sampleHostStats(files, (stats) => seen.push(stats), 20);
    for (const deadline = Date.now() + 5_000; seen.length < 2; ) {
      assert.ok(Date.now() < deadline, `${seen.length} samples within 5 s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    sampler.close();
    const count = seen.length;
    // Closed: three intervals pass without a sample.
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(seen.length, count, 'no samples after close');
    assert.ok(count >= 2, `${count} samples`);
    assert.equal(seen[0].cpuPercent, null, 'the first sample has nothing to compare with');
    assert.equal(seen[1].cpuPercent, 50);
  });
});

/**
 * Documents the machine these tests run on: the Firecracker micro-VM of ENVIRONMENT.md section 4,
 * where systemd-detect-virt says bhyve and virt-what says docker. On another machine, set
 * WORKLOAD_STACKS_EXPECTED_HOST to what it is ("vm:QEMU/KVM", "bare-metal", "container:Docker").
 */
describe('this machine, read live by the node reader: a Firecracker micro-VM', () => {
  it('is detected as a Firecracker VM, not bhyve, not a Docker container', () => {
    const [kind, name] = (process.env.WORKLOAD_STACKS_EXPECTED_HOST ?? 'vm:Firecracker').split(':');
    const platform = detectHostPlatform(nodeHostSources());
    assert.equal(platform.kind, kind, JSON.stringify(platform.evidence, null, 1));
    if (kind === 'vm') assert.equal(platform.hypervisor, name);
    if (kind === 'container') assert.equal(platform.container, name);
    assert.equal(platform.confidence, 'high');
  });
});
