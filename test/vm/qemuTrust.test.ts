// QEMU processes and sockets the provider must not trust, with real QEMU processes (no guest:
// `-machine none`) and a listener of the test's own running as the user nobody: another user's
// QEMU is not listed, and a socket on a trusted QEMU's command line that was swapped for a
// symbolic link, or for another user's socket, is never spoken to.
import { strict as assert } from 'assert';
import { type ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { processId, readQemuProcess } from '../../src/providers/qemu/procScan';
import { QemuProvider } from '../../src/providers/qemu/qemuProvider';
import type { Logger } from '../../src/providers/provider';

const NOBODY = 65534;
const quietLog: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('QEMU processes and sockets of other users (real QEMU, a listener as nobody)', function () {
  this.timeout(60_000);
  let dir: string;
  const children: ChildProcess[] = [];

  before(() => {
    if (process.getuid?.() !== 0) throw new Error('This test needs root: it starts processes as the user nobody.');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-qtrust-'));
    fs.chmodSync(dir, 0o777);
  });

  after(() => {
    for (const child of children) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** An idle QEMU (no guest) named `name` with a QMP socket at `socket`, as `uid`. */
  async function qemu(name: string, socket: string, uid?: number): Promise<number> {
    const child = spawn('qemu-system-x86_64', ['-name', name, '-machine', 'none', '-nodefaults', '-no-user-config', '-display', 'none', '-qmp', `unix:${socket},server=on,wait=off`], {
      stdio: 'ignore',
      ...(uid !== undefined ? { uid, gid: uid } : {}),
    });
    children.push(child);
    await waitFor(`${name}'s QMP socket`, () => (fs.existsSync(socket) ? true : undefined));
    return child.pid ?? -1;
  }

  /** A unix socket listener running as nobody that prints a line for every connection it gets. */
  async function listenerAsNobody(socket: string): Promise<{ connections: () => number }> {
    const script = `require('net').createServer((s) => { process.stdout.write('connected\\n'); s.destroy(); }).listen(${JSON.stringify(socket)}, () => process.stdout.write('listening\\n'));`;
    const child = spawn(process.execPath, ['-e', script], { uid: NOBODY, gid: NOBODY, stdio: ['ignore', 'pipe', 'inherit'], cwd: dir });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    await waitFor('the listener', () => (output.includes('listening') ? true : undefined));
    return { connections: () => output.split('\n').filter((line) => line === 'connected').length };
  }

  it('does not list another user’s QEMU, and refuses a reference to it', async () => {
    const pid = await qemu('ws-foreign', path.join(dir, 'foreign.sock'), NOBODY);
    const provider = new QemuProvider({ log: quietLog });
    const listed = await provider.list();
    assert.ok(listed.ok);
    assert.ok(!listed.workloads.some((workload) => workload.name === 'ws-foreign'), 'the process of nobody is not listed');
    const found = readQemuProcess(pid);
    assert.ok(found, 'the process is there to be refused');
    const ref = { kind: 'vm' as const, providerId: 'qemu', id: processId(pid, found.stat) };
    await assert.rejects(provider.inspectStack(ref), /no longer exists/);
    await assert.rejects(provider.runAction(ref, 'forceOff'), /no longer exists/);
    assert.ok(readQemuProcess(pid), 'it still runs');
  });

  it('never speaks to a socket on a trusted QEMU’s command line that became a link, or another user’s socket', async () => {
    const swapped = path.join(dir, 'swap.sock');
    await qemu('ws-swapped', swapped);
    const evil = path.join(dir, 'evil.sock');
    const listener = await listenerAsNobody(evil);
    // QEMU keeps listening on the file it made; the path in its argv now leads to nobody's listener.
    fs.renameSync(swapped, `${swapped}.qemu`);
    fs.symlinkSync(evil, swapped);
    const provider = new QemuProvider({ log: quietLog });
    const row = (await provider.list().then((result) => (result.ok ? result.workloads : []))).find((workload) => workload.name === 'ws-swapped');
    assert.ok(row, 'the process of this user is listed');
    assert.match(row.status, /no QMP socket/);
    await provider.inspectStack(row.ref);
    await provider.inspectRaw(row.ref);
    await assert.rejects(provider.runAction(row.ref, 'pause'), /no QMP socket/);
    assert.equal(listener.connections(), 0, 'nothing connected through the link');

    fs.unlinkSync(swapped);
    fs.renameSync(evil, swapped); // the socket itself, owned by nobody, at the path QEMU named
    await provider.list();
    await provider.inspectStack(row.ref);
    assert.equal(listener.connections(), 0, 'nothing connected to the socket of nobody');
  });
});
