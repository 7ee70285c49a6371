// The overhead lab over SSH, for VMs without a guest agent: a private sshd of the test's own on a
// loopback port (its own host key, one authorized key, no password), reached with the system ssh
// in batch mode. The far end is this machine, so the test can see the probe come and go.
import * as assert from 'assert';
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import * as net from 'net';
import os from 'os';
import path from 'path';
import { runLab, type LabSettings } from '../../src/overhead/overheadLab';
import { parseSshDestination, sshProbeTarget, type SshDestination } from '../../src/providers/ssh/sshProbe';
import { isMeasured } from '../../src/shared/probeReport';
import { probeFor } from '../overheadHelpers';



function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`sshd did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('overhead lab over SSH (a private sshd on loopback)', function () {
  this.timeout(120_000);
  let dir: string;
  let sshd: ChildProcess | undefined;
  let destination: SshDestination;

  before(async () => {
    for (const tool of ['/usr/sbin/sshd', '/usr/bin/ssh', '/usr/bin/ssh-keygen']) {
      if (!existsSync(tool)) throw new Error(`${tool} is missing: the vm stage installs openssh-server and openssh-client.`);
    }
    dir = mkdtempSync(path.join(os.tmpdir(), 'ws-sshd-'));
    for (const key of ['host_key', 'client_key']) {
      const made = spawnSync('/usr/bin/ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, key)]);
      assert.strictEqual(made.status, 0, made.stderr.toString());
    }
    writeFileSync(path.join(dir, 'authorized_keys'), readFileSync(path.join(dir, 'client_key.pub')), { mode: 0o600 });
    const port = await freePort();
    const config = [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${path.join(dir, 'host_key')}`,
      `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PermitRootLogin prohibit-password',
      'StrictModes no',
      'UsePAM no',
      `PidFile ${path.join(dir, 'sshd.pid')}`,
    ];
    writeFileSync(path.join(dir, 'sshd_config'), `${config.join('\n')}\n`);
    mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege-separation directory
    sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
    await waitForPort(port, 10_000);
    destination = {
      host: `${os.userInfo().username}@127.0.0.1`,
      port,
      options: ['-F', '/dev/null', '-i', path.join(dir, 'client_key'), '-o', 'IdentitiesOnly=yes', '-o', `UserKnownHostsFile=${path.join(dir, 'known_hosts')}`, '-o', 'StrictHostKeyChecking=accept-new'],
    };
  });

  after(() => {
    sshd?.kill('SIGTERM');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('copies the probe over SSH, measures, times round trips to the SSH address, and removes it', async () => {
    const before = readdirSync('/tmp').filter((name) => name.startsWith('.ws-probe-'));
    const settings: LabSettings = { runs: 3, runMs: 100, metrics: ['cpu.int.one', 'sys.clock', 'fs.fsync'], provisioningRuns: 0, fromHost: true };
    const [measured] = await runLab([{ ref: { kind: 'vm', providerId: 'ssh', id: 'loopback' }, name: 'over ssh', kind: 'vm', target: sshProbeTarget(destination) }], settings, { probeFor, onProgress: () => undefined });
    assert.strictEqual(measured.error, undefined);
    for (const metric of measured.metrics) assert.ok(isMeasured(metric), JSON.stringify(metric));
    assert.strictEqual(measured.metrics.length, 3);
    assert.ok(measured.dir?.path.startsWith('/tmp/.ws-probe-'), measured.dir?.path);
    assert.ok(measured.notes.some((note) => note.includes('over SSH')), measured.notes.join('\n'));
    const fromHost = measured.fromHost;
    assert.ok(fromHost && 'runs' in fromHost, JSON.stringify(fromHost));
    assert.match(fromHost.detail, /127\.0\.0\.1/);
    const after = readdirSync('/tmp').filter((name) => name.startsWith('.ws-probe-'));
    assert.deepStrictEqual(after, before, 'the probe and its directory are gone');
  });

  it('says why when the host refuses the key, without asking for a password', async () => {
    const wrongKey = { ...destination, options: destination.options?.map((option) => option.replace('client_key', 'host_key')) };
    const started = Date.now();
    const [measured] = await runLab([{ ref: { kind: 'vm', providerId: 'ssh', id: 'x' }, name: 'refused', kind: 'vm', target: sshProbeTarget(wrongKey) }], { runs: 1, runMs: 50, metrics: ['sys.clock'], provisioningRuns: 0 }, { probeFor, onProgress: () => undefined });
    assert.match(measured.error ?? '', /Over SSH to .*uname -m failed: .*Permission denied/);
    assert.ok(Date.now() - started < 20_000, 'batch mode: no prompt to wait on');
  });

  it('reads only [user@]host[:port] from the setting', () => {
    assert.deepStrictEqual(parseSshDestination('dev@192.168.122.10:2222'), { host: 'dev@192.168.122.10', port: 2222 });
    assert.deepStrictEqual(parseSshDestination('web-vm'), { host: 'web-vm', port: undefined });
    for (const bad of ['-oProxyCommand=touch /tmp/x', 'a b', 'host:99999', 'host;reboot', '']) assert.strictEqual(parseSshDestination(bad), undefined, bad);
  });
});
