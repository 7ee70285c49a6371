// A libvirt connection URI can name a program for virsh to run (`+ext`, or `command=` on the ssh
// transport). Against the real virsh and the lab's test driver: such a URI is never handed to
// virsh, whether it comes from the settings or from a workload reference made up outside; the
// tree is told why with a row, and the URIs beside it are listed as before.
import { strict as assert } from 'assert';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import os from 'os';
import path from 'path';
import { runTool, type ToolRun } from '../../src/providers/exec/runTool';
import { LibvirtProvider } from '../../src/providers/libvirt/libvirtProvider';
import type { Logger } from '../../src/providers/provider';

const quietLog: Logger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

describe('libvirt URIs that would run a program (real virsh)', function () {
  this.timeout(60_000);
  let dir: string;
  let script: string;
  let ran: string;
  let testUri: string;

  before(() => {
    testUri = process.env.WS_TEST_LIBVIRT_TEST_URI ?? '';
    if (!testUri) throw new Error('WS_TEST_LIBVIRT_TEST_URI is not set: run these tests through the libvirt lab (npm test vm).');
    dir = mkdtempSync(path.join(os.tmpdir(), 'ws-uri-'));
    ran = path.join(dir, 'ran');
    script = path.join(dir, 'marker.sh');
    writeFileSync(script, `#!/bin/sh\necho "$0 $*" >> ${ran}\n`);
    chmodSync(script, 0o755);
  });

  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  /** A provider over `uris` that records the URI of every virsh process it starts. */
  function recordingProvider(uris: string[]): { provider: LibvirtProvider; connections: string[] } {
    const connections: string[] = [];
    const recording = (run: ToolRun) => {
      const at = run.args.indexOf('-c');
      if (at >= 0) connections.push(run.args[at + 1]);
      return runTool(run);
    };
    return { provider: new LibvirtProvider({ uris: () => uris, timeoutMs: () => 20_000, log: quietLog, runTool: recording }), connections };
  }

  it('refuses +ext and command= URIs of the settings with a row that says why, and lists the others', async () => {
    const ext = `qemu+ext:///system?command=${script}`;
    const sshCommand = `qemu+ssh://user@127.0.0.1/system?command=${script}`;
    const netcat = `qemu+ssh://user@127.0.0.1:1/system?netcat=${script}`;
    const { provider, connections } = recordingProvider([ext, testUri, sshCommand, netcat]);
    const result = await provider.list();
    assert.equal(existsSync(ran), false, `the program the URIs name never ran: ${existsSync(ran) ? readFileSync(ran, 'utf8') : ''}`);
    assert.ok(result.ok, JSON.stringify(result));
    assert.ok(result.workloads.some((workload) => workload.name === 'test-web'), 'the test driver is listed beside the refused URIs');
    const notices = result.notices ?? [];
    assert.equal(notices.length, 3, JSON.stringify(notices));
    assert.match(notices[0].message, /qemu\+ext.*refused because its transport “ext” runs a program/);
    assert.match(notices[1].message, /refused because its parameter “command” names a program/);
    assert.match(notices[2].message, /refused because its parameter “netcat” names a program/);
    assert.ok(notices.every((notice) => notice.kind === 'refused' && /workloadStacks\.libvirt\.uris/.test(notice.hint)));
    assert.deepEqual([...new Set(connections)], [testUri], 'virsh was only ever given the test driver URI');
  });

  it('never hands virsh a URI from a workload reference that the settings do not hold', async () => {
    const { provider, connections } = recordingProvider([testUri]);
    const listed = await provider.list();
    assert.ok(listed.ok);
    const uuid = listed.workloads[0].ref.id.split('#')[1];
    for (const uri of [`qemu+ext:///system?command=${script}`, `qemu+unix:///system?socket=${path.join(dir, 'elsewhere.sock')}`, 'qemu:///system']) {
      const forged = { kind: 'vm' as const, providerId: 'libvirt', id: `${uri}#${uuid}` };
      await provider.inspectStack(forged).catch(() => undefined);
      assert.equal(existsSync(ran), false, `the program the forged reference names never ran: ${existsSync(ran) ? readFileSync(ran, 'utf8') : ''}`);
      await assert.rejects(provider.inspectStack(forged), /no longer exists/);
      await assert.rejects(provider.inspectRaw(forged), /no longer exists/);
      await assert.rejects(provider.runAction(forged, 'start'), /no longer exists/);
      assert.equal(provider.consoleCommand(forged), undefined);
      assert.throws(() => provider.probeTarget(forged), /no longer exists/);
    }
    assert.deepEqual([...new Set(connections)], [testUri], 'virsh was only ever given the configured URI');
  });
});
