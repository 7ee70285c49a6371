// Discovery through a recorded /proc tree (the lab VM, a real libvirt guest, an impostor, a
// renamed and deleted binary), /proc parsers, and the stack drawn from recorded QMP replies.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseQemuArgv } from '../../src/providers/qemu/argv';
import { toQmpFacts } from '../../src/providers/qemu/monitorFacts';
import { cpuPercent, streamProcessStats } from '../../src/providers/qemu/processStats';
import { parseProcessId, scanQemuProcesses } from '../../src/providers/qemu/procScan';
import { parseCmdline, parseProcIo, parseProcStat, parseVmRssBytes } from '../../src/providers/qemu/procStat';
import type { LiveStats } from '../../src/shared/model';
import { QemuProvider } from '../../src/providers/qemu/qemuProvider';
import { toGuestOsInfo } from '../../src/providers/qemu/qmpReplies';
import { guestState, qemuActionsFor } from '../../src/providers/qemu/runState';
import { buildQemuStack } from '../../src/providers/qemu/stackMapper';
import type { QemuStackInputs } from '../../src/providers/qemu/stack/inputs';
import { readFixture, readJsonFixture } from '../repoPaths';

const silentLog = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const labStat = readFixture('qemu/lab-tcg.stat');

function writeProcess(procRoot: string, pid: number, exe: string, cmdline: string, stat: string, cwd = '/'): void {
  const dir = path.join(procRoot, String(pid));
  fs.mkdirSync(dir, { recursive: true });
  fs.symlinkSync(exe, path.join(dir, 'exe'));
  fs.symlinkSync(cwd, path.join(dir, 'cwd'));
  fs.writeFileSync(path.join(dir, 'cmdline'), cmdline);
  fs.writeFileSync(path.join(dir, 'stat'), stat);
}

describe('QEMU discovery in /proc', () => {
  let procRoot: string;
  before(() => {
    procRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-fake-proc-'));
    fs.writeFileSync(path.join(procRoot, 'stat'), 'cpu  1 2 3\nbtime 1795930000\n');
    writeProcess(procRoot, 100, '/usr/bin/qemu-system-x86_64', readFixture('qemu/lab-tcg.cmdline'), labStat);
    writeProcess(procRoot, 200, '/usr/bin/qemu-system-x86_64', readFixture('qemu/libvirt-guest.cmdline'), labStat.replace('18964 (ws-lab-qemu)', '200 (qemu-system-x86)'));
    // argv[0] and comm say QEMU, the executable does not: not a QEMU process.
    writeProcess(procRoot, 300, '/usr/bin/bash', 'qemu-system-x86_64\0-name\0impostor\0', '300 (qemu-system-x86) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 999 0 0');
    // Upgraded under a running guest, and stopped with SIGSTOP; relative disk path.
    writeProcess(procRoot, 400, '/usr/bin/qemu-system-aarch64 (deleted)', 'qemu-system-aarch64\0-name\0arm)(vm\0-drive\0file=arm.img\0', '400 (arm)(vm) T 1 1 1 0 -1 0 0 0 0 0 7 3 0 0 20 0 1 0 5000 0 0', '/srv/vms');
    fs.mkdirSync(path.join(procRoot, 'self'));
    fs.mkdirSync(path.join(procRoot, '500')); // vanished: no files
  });
  after(() => fs.rmSync(procRoot, { recursive: true, force: true }));

  it('matches the executable, not argv[0] or comm, and ids each process by pid and start time', () => {
    const found = scanQemuProcesses(procRoot).sort((a, b) => a.pid - b.pid);
    assert.deepStrictEqual(found.map((process) => [process.pid, process.id, process.executable]), [
      [100, 'pid:100:323227', '/usr/bin/qemu-system-x86_64'],
      [200, 'pid:200:323227', '/usr/bin/qemu-system-x86_64'],
      [400, 'pid:400:5000', '/usr/bin/qemu-system-aarch64'],
    ]);
    assert.strictEqual(found[2].cwd, '/srv/vms');
  });

  it('lists bare QEMU guests only: the libvirt guest is left to the libvirt provider', async () => {
    const provider = new QemuProvider({ log: silentLog, procRoot });
    const result = await provider.list();
    assert.ok(result.ok);
    const rows = result.workloads.sort((a, b) => a.ref.id.localeCompare(b.ref.id));
    assert.deepStrictEqual(rows.map((row) => [row.ref.id, row.name, row.state]), [
      ['pid:100:323227', 'ws-lab-qemu', 'running'],
      ['pid:400:5000', 'arm)(vm', 'paused'],
    ]);
    // The recorded QMP socket no longer exists: the state falls back to /proc and says why.
    assert.strictEqual(rows[0].status, 'process sleeping (QMP not answering)');
    assert.deepStrictEqual(rows[0].resources, { vcpus: 1, memoryBytes: 134217728 });
    assert.strictEqual(rows[0].image, 'QEMU guest (TCG)');
    assert.strictEqual(rows[0].created, 1795930000 + 3232);
    assert.strictEqual(rows[1].status, 'process stopped by a signal (no QMP socket)');
  });

  it('asks before a reboot, which QMP can only do as a reset; other verbs are soft', () => {
    const provider = new QemuProvider({ log: silentLog, procRoot });
    const ref = { kind: 'vm' as const, providerId: 'qemu', id: 'pid:100:323227' };
    assert.match(provider.actionWarning(ref, 'reboot') ?? '', /reset button.*unsaved work in it is lost/);
    for (const action of ['shutdown', 'pause', 'resume'] as const) assert.strictEqual(provider.actionWarning(ref, action), undefined, action);
  });

  it('calls a process that is gone or was replaced gone', async () => {
    const provider = new QemuProvider({ log: silentLog, procRoot });
    await assert.rejects(provider.inspectStack({ kind: 'vm', providerId: 'qemu', id: 'pid:100:1' }), /no longer exists/);
    await assert.rejects(provider.inspectStack({ kind: 'vm', providerId: 'qemu', id: 'pid:200:323227' }), /no longer exists/);
    await assert.rejects(provider.runAction({ kind: 'vm', providerId: 'qemu', id: 'pid:100:323227' }, 'start'), /cannot start/);
  });
});

describe('QEMU /proc parsers', () => {
  it('reads the disk bytes of a recorded /proc/PID/io, not rchar/wchar', () => {
    assert.deepStrictEqual(parseProcIo(readFixture('qemu/proc-io.txt')), { readBytes: 110592, writeBytes: 3158016 });
  });

  it('gives no disk figure for garbage, a partial or a hostile io file', () => {
    for (const text of ['', 'garbage', 'read_bytes: 5\n', 'read_bytes: -1\nwrite_bytes: 2\n', 'read_bytes: 99999999999999999999\nwrite_bytes: 1\n', 'xread_bytes: 1\nwrite_bytes: 1\n']) {
      assert.strictEqual(parseProcIo(text), undefined, JSON.stringify(text));
    }
  });

  it('streams the disk counters of /proc/PID/io, null when the file cannot be read', () => {
    const procRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-fake-proc-io-'));
    try {
      const dir = path.join(procRoot, '100');
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'stat'), labStat);
      fs.writeFileSync(path.join(dir, 'status'), readFixture('qemu/lab-tcg.status'));
      // The first sample is read at once, inside the call: the stream is closed after it returns.
      const read = (): LiveStats => {
        const seen: LiveStats[] = [];
        streamProcessStats(100, 323227, 60_000, (stats) => seen.push(stats), () => undefined, procRoot).close();
        assert.equal(seen.length, 1);
        return seen[0];
      };
      const withoutIo = read();
      assert.deepStrictEqual([withoutIo.blockReadBytes, withoutIo.blockWriteBytes, withoutIo.netRxBytes], [null, null, null]);
      fs.writeFileSync(path.join(dir, 'io'), readFixture('qemu/proc-io.txt'));
      const withIo = read();
      assert.deepStrictEqual([withIo.blockReadBytes, withIo.blockWriteBytes], [110592, 3158016]);
    } finally {
      fs.rmSync(procRoot, { recursive: true, force: true });
    }
  });

  it('reads state, CPU ticks and start time from a recorded stat, even with `)` in the name', () => {
    assert.deepStrictEqual(parseProcStat(labStat), { state: 'S', utimeTicks: 324, stimeTicks: 74, startTicks: 323227 });
    assert.strictEqual(parseProcStat('1 (a) b) R 0 0 0 0 0 0 0 0 0 0 1 2 0 0 0 0 0 0 42')?.startTicks, 42);
  });

  it('rejects garbage stat and status text', () => {
    for (const text of ['', 'garbage', '1 (x) ', '1 (x) 5 1 2', '1 (x) R a b c']) assert.strictEqual(parseProcStat(text), undefined, text);
    assert.strictEqual(parseVmRssBytes(readFixture('qemu/lab-tcg.status')), 225772 * 1024);
    assert.strictEqual(parseVmRssBytes('VmRSS: lots'), undefined);
    assert.deepStrictEqual(parseCmdline('a\0b c\0\0'), ['a', 'b c', '']);
    assert.strictEqual(parseProcessId('pid:1:x'), undefined);
  });

  it('computes CPU percent of one core from tick deltas', () => {
    assert.strictEqual(cpuPercent({ ticks: 100, atMs: 0 }, { ticks: 300, atMs: 2_000 }), 100);
    assert.strictEqual(cpuPercent({ ticks: 100, atMs: 0 }, { ticks: 50, atMs: 2_000 }), null);
  });

  it('maps QMP run states and offers no start for a bare process', () => {
    assert.strictEqual(guestState({ status: 'paused', running: false }, 'S').state, 'paused');
    assert.strictEqual(guestState({ status: 'shutdown', running: false }, 'S').state, 'exited');
    assert.strictEqual(guestState({ status: 'guest-panicked', running: false }, 'S').state, 'dead');
    assert.strictEqual(guestState(undefined, 'T').state, 'paused');
    assert.deepStrictEqual(qemuActionsFor('running'), ['shutdown', 'reboot', 'pause', 'forceOff']);
    for (const state of ['running', 'paused', 'exited', 'dead', 'unknown'] as const) assert.ok(!qemuActionsFor(state).includes('start'));
  });
});

describe('QEMU stack from recorded replies', () => {
  const argv = parseCmdline(readFixture('qemu/lab-tcg.cmdline'));
  const recorded = readJsonFixture<Record<string, { return: unknown }>>('qemu/qmp-lab-tcg.json');
  const raw = Object.fromEntries(Object.entries(recorded).filter(([key]) => key !== 'greeting' && key !== 'qmp_capabilities').map(([key, reply]) => [key, reply.return]));
  const agent = readJsonFixture<Record<string, { return: unknown }>>('qemu/qga-lab.json');
  const base: QemuStackInputs = {
    providerId: 'qemu',
    process: { pid: 18964, id: 'pid:18964:323227', executable: '/usr/bin/qemu-system-x86_64', argv, stat: { state: 'S', utimeTicks: 0, stimeTicks: 0, startTicks: 323227 } },
    commandLine: parseQemuArgv(argv),
    qmp: { ok: true, value: toQmpFacts(raw, []) },
    agent: { ok: true, value: { os: toGuestOsInfo(agent['guest-get-osinfo'].return), hostName: 'ws-guest', raw: {} } },
    host: { cpuCount: { value: 2, source: '/proc/cpuinfo' }, osName: { value: 'Debian GNU/Linux 12 (bookworm)', source: '/etc/os-release' } },
    readAt: '2026-01-01T00:00:00.000Z',
  };
  // Host and guest both have `memory`: look in the band the fact belongs to.
  const bandOf: Record<string, string> = { vcpus: 'virtual-hardware', memory: 'virtual-hardware', machine: 'virtual-hardware', disks: 'virtual-hardware' };
  const factOf = (stack: ReturnType<typeof buildQemuStack>, key: string) =>
    stack.layers.filter((layer) => (bandOf[key] ?? layer.kind) === layer.kind).flatMap((layer) => layer.facts).find((fact) => fact.key === key);

  it('draws the bands in order with the required facts', () => {
    const stack = buildQemuStack(base);
    assert.deepStrictEqual(stack.layers.map((layer) => layer.kind), ['hardware', 'host-os', 'hypervisor', 'virtual-hardware', 'guest-os', 'libraries', 'app']);
    for (const key of ['vcpus', 'memory', 'accelerator', 'hypervisor', 'machine', 'disks', 'state']) assert.ok(factOf(stack, key), key);
    assert.strictEqual(factOf(stack, 'accelerator')?.value, 'TCG (software emulation)');
    assert.strictEqual(factOf(stack, 'hypervisor')?.value, 'QEMU 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)');
    assert.strictEqual(factOf(stack, 'memory')?.source, 'QMP query-memory-size-summary → base-memory + plugged-memory');
    assert.strictEqual(factOf(stack, 'disks')?.value, 'disk0: /tmp/ws-qemu-kSrc9H/disk.qcow2 (qcow2, 64 MiB)');
    assert.strictEqual(factOf(stack, 'machine')?.value, 'pc-i440fx-7.2');
    assert.strictEqual(stack.layers[2].title, 'QEMU 7.2.22, accelerator TCG (software emulation)');
    assert.strictEqual(factOf(stack, 'guest-os')?.value, 'BusyBox guest (made by the Workload Stacks tests)');
    assert.strictEqual(stack.state, 'running');
  });

  it('falls back to the command line when QMP cannot be read, and says why the guest OS is unknown', () => {
    const stack = buildQemuStack({ ...base, qmp: { ok: false, error: 'cannot connect to q.sock: ECONNREFUSED' }, agent: undefined });
    assert.strictEqual(factOf(stack, 'vcpus')?.source, '/proc/PID/cmdline → -smp (1 when absent)');
    assert.strictEqual(factOf(stack, 'memory')?.value, '128 MiB');
    assert.strictEqual(factOf(stack, 'accelerator')?.value, 'TCG (software emulation)');
    assert.match(factOf(stack, 'qmp')?.value ?? '', /ECONNREFUSED/);
    assert.match(stack.layers[4].unavailable ?? '', /org\.qemu\.guest_agent\.0/);
    assert.strictEqual(stack.state, 'process sleeping');
  });

  it('says KVM when query-kvm says it is enabled', () => {
    const kvm = toQmpFacts({ ...raw, 'query-kvm': { enabled: true, present: true } }, []);
    const stack = buildQemuStack({ ...base, qmp: { ok: true, value: kvm }, commandLine: parseQemuArgv(['qemu-system-x86_64', '-accel', 'kvm', '-accel', 'tcg']) });
    assert.strictEqual(factOf(stack, 'accelerator')?.value, 'KVM (hardware virtualization)');
  });
});
