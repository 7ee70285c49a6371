// The overhead lab over SSH, for VMs without a guest agent: a private sshd of the test's own on a
// loopback port (its own host key, one authorized key, no password), reached with the system ssh
// in batch mode. The far end is this machine, so the test can see the probe come and go.
import * as assert from 'assert';
import { readFileSync, readdirSync, writeFileSync } from 'fs';
import path from 'path';
import { runLab, type LabSettings } from '../../src/overhead/overheadLab';
import { parseSshDestination, sshProbeTarget, type SshDestination } from '../../src/providers/ssh/sshProbe';
import { isMeasured } from '../../src/shared/probeReport';
import { probeFor } from '../overheadHelpers';
import { type PrivateSshd, startPrivateSshd } from '../sshdFixture';

describe('overhead lab over SSH (a private sshd on loopback)', function () {
  this.timeout(120_000);
  let sshd: PrivateSshd;
  let destination: SshDestination;

  before(async () => {
    sshd = await startPrivateSshd();
    const knownHosts = path.join(sshd.dir, 'known_hosts');
    writeFileSync(knownHosts, sshd.knownHostsLine);
    destination = { host: sshd.destination, port: sshd.port, options: ['-F', sshd.sshConfig(knownHosts)] };
  });

  after(() => sshd?.stop());

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
    const wrongKey = { ...destination, options: ['-F', sshd.sshConfig(path.join(sshd.dir, 'known_hosts'), path.join(sshd.dir, 'other_key'))] };
    const started = Date.now();
    const [measured] = await runLab([{ ref: { kind: 'vm', providerId: 'ssh', id: 'x' }, name: 'refused', kind: 'vm', target: sshProbeTarget(wrongKey) }], { runs: 1, runMs: 50, metrics: ['sys.clock'], provisioningRuns: 0 }, { probeFor, onProgress: () => undefined });
    assert.match(measured.error ?? '', /Over SSH to .*uname -m failed: .*Permission denied/);
    assert.ok(Date.now() - started < 20_000, 'batch mode: no prompt to wait on');
  });

  it('refuses a host whose key known_hosts does not hold, sends it nothing, and never writes known_hosts', async () => {
    const empty = path.join(sshd.dir, 'known_hosts_empty');
    const changed = path.join(sshd.dir, 'known_hosts_changed');
    writeFileSync(empty, '');
    writeFileSync(changed, sshd.wrongKnownHostsLine);
    const before = sshd.commandsRun().length;
    for (const [knownHosts, contents] of [[empty, ''], [changed, sshd.wrongKnownHostsLine]]) {
      const target = sshProbeTarget({ ...destination, options: ['-F', sshd.sshConfig(knownHosts)] });
      const [measured] = await runLab([{ ref: { kind: 'vm', providerId: 'ssh', id: 'x' }, name: 'unproven', kind: 'vm', target }], { runs: 1, runMs: 50, metrics: ['sys.clock'], provisioningRuns: 0 }, { probeFor, onProgress: () => undefined });
      assert.match(measured.error ?? '', /Host key verification failed/);
      assert.strictEqual(readFileSync(knownHosts, 'utf8'), contents, 'known_hosts is as it was');
    }
    assert.strictEqual(sshd.commandsRun().length, before, 'no command reached the host');
  });

  it('reads only [user@]host[:port] from the setting', () => {
    assert.deepStrictEqual(parseSshDestination('dev@192.168.122.10:2222'), { host: 'dev@192.168.122.10', port: 2222 });
    assert.deepStrictEqual(parseSshDestination('web-vm'), { host: 'web-vm', port: undefined });
    for (const bad of ['-oProxyCommand=touch /tmp/x', 'a@-oProxyCommand', '-a@host', 'a b', 'host:99999', 'host;reboot', '']) assert.strictEqual(parseSshDestination(bad), undefined, bad);
  });
});
