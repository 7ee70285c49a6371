// The pure pieces of what the extension refuses to trust: libvirt URIs that would run a program,
// engine data in a published port, secrets in raw inspect output, QEMU sockets of other users or
// behind symbolic links, and what the overhead lab's consent dialog must say.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { publishedPortUrl } from '../../src/commands/portAddress';
import { consentText } from '../../src/overhead/consent';
import { DEFAULT_SETTINGS } from '../../src/overhead/overheadLab';
import { MASKED_VALUE, withEnvironmentMasked } from '../../src/providers/docker/maskEnvironment';
import { checkLibvirtUri } from '../../src/providers/libvirt/uriPolicy';
import { withArgvSecretsMasked } from '../../src/providers/qemu/maskArgv';
import { trustedUids, untrustedSocketReason } from '../../src/providers/qemu/trust';
import { HOST_REF } from '../../src/providers/host/hostStack';

describe('libvirt URIs virsh may be given', () => {
  it('accepts plain local and remote URIs and aliases; an SSH transport is told never to prompt', () => {
    for (const uri of ['qemu:///system', 'qemu:///session', 'test:///default', 'test:///tmp/node.xml', 'qemu+tls://host.example/system', 'qemu+unix:///system?socket=/run/libvirt/libvirt-sock', 'myalias']) {
      assert.deepEqual(checkLibvirtUri(uri), { ok: true, uri, effective: uri }, uri);
    }
    assert.deepEqual(checkLibvirtUri('qemu+ssh://ops@host/system'), { ok: true, uri: 'qemu+ssh://ops@host/system', effective: 'qemu+ssh://ops@host/system?no_tty=1' });
    assert.equal((checkLibvirtUri('qemu+libssh2://host/system?keyfile=/k') as { effective: string }).effective, 'qemu+libssh2://host/system?keyfile=/k&no_tty=1');
    assert.equal((checkLibvirtUri('qemu+ssh://host/system?no_tty=0') as { effective: string }).effective, 'qemu+ssh://host/system?no_tty=0');
  });

  it('refuses what would run or route to a program, or connect without proving the host, and says why', () => {
    const refused: Array<[string, RegExp]> = [
      ['qemu+ext:///system?command=/tmp/x', /transport “ext” runs a program/],
      ['QEMU+EXT:///system', /transport “ext”/],
      ['qemu+ssh://h/system?command=/tmp/x', /“command” names a program/],
      ['qemu+ssh://h/system?COMMAND=/tmp/x', /“command”/],
      ['qemu+ssh://h/system?%63ommand=/tmp/x', /“command”/],
      ['qemu+ssh://h/system?keyfile=/k;command=/tmp/x', /“command”/],
      ['qemu+ssh://h/system?netcat=/tmp/x', /“netcat” names a program/],
      ['qemu+tls://h/system?no_verify=1', /no_verify/],
      ['qemu+libssh2://h/system?known_hosts_verify=ignore', /known_hosts_verify=ignore/],
      ['qemu+libssh://h/system?known_hosts_verify=auto', /known_hosts_verify=auto/],
      ['qemu+ssh://-oProxyCommand=x/system', /begins with “-”/],
      ['qemu+ssh://-l@h/system', /begins with “-”/],
      ['qemu+ssh://h/system?a=%zz', /cannot be read/],
      ['not a uri', /not a libvirt URI/],
    ];
    for (const [uri, why] of refused) {
      const check = checkLibvirtUri(uri);
      assert.ok(!check.ok, `${uri} is refused`);
      assert.match(check.reason, why, uri);
    }
  });
});

describe('Open Published Port takes only an address from the engine', () => {
  it('opens loopback for a wildcard binding and the address itself for an IP', () => {
    assert.equal(publishedPortUrl({ privatePort: 80, publicPort: 8080, hostIp: '0.0.0.0', protocol: 'tcp' }), 'http://localhost:8080/');
    assert.equal(publishedPortUrl({ privatePort: 80, publicPort: 8080, protocol: 'tcp' }), 'http://localhost:8080/');
    assert.equal(publishedPortUrl({ privatePort: 80, publicPort: 8080, hostIp: '127.0.0.1', protocol: 'tcp' }), 'http://127.0.0.1:8080/');
    assert.equal(publishedPortUrl({ privatePort: 80, publicPort: 8443, hostIp: '::1', protocol: 'tcp' }), 'http://[::1]:8443/');
  });

  it('refuses a host name, a URL or garbage in HostIp, and an impossible port', () => {
    for (const hostIp of ['evil.example', 'localhost@evil.example', '127.0.0.1/phish', 'javascript:alert(1)', '[::1]']) {
      assert.equal(publishedPortUrl({ privatePort: 80, publicPort: 8080, hostIp, protocol: 'tcp' }), undefined, hostIp);
    }
    assert.equal(publishedPortUrl({ privatePort: 80, publicPort: 70000, protocol: 'tcp' }), undefined);
  });
});

describe('secret values in raw inspect output', () => {
  it('masks every environment value of a container, keeping the names and the rest', () => {
    const raw = { Id: 'abc', Config: { Env: ['API_TOKEN=s3cr3t', 'EMPTY=', 'PATH=/bin', 'NOEQUALS'], Tty: true } };
    assert.deepEqual(withEnvironmentMasked(raw), { Id: 'abc', Config: { Env: [`API_TOKEN=${MASKED_VALUE}`, `EMPTY=${MASKED_VALUE}`, `PATH=${MASKED_VALUE}`, 'NOEQUALS'], Tty: true } });
    assert.equal(raw.Config.Env[0], 'API_TOKEN=s3cr3t', 'the engine’s object is left as it was');
    for (const odd of [null, 'text', { Config: null }, { Config: { Env: 'x' } }]) assert.deepEqual(withEnvironmentMasked(odd), odd);
  });

  it('masks QEMU secret objects and SPICE passwords on a command line', () => {
    const argv = ['qemu-system-x86_64', '-object', 'secret,id=sec0,data=hunter2,format=raw', '--object', '{"qom-type":"secret","id":"s1","data":"p\\"w"}', '-spice', 'port=5930,password=letmein', '-name', 'data=visible'];
    assert.deepEqual(withArgvSecretsMasked(argv), [
      'qemu-system-x86_64', '-object', `secret,id=sec0,data=${MASKED_VALUE},format=raw`, '--object', `{"qom-type":"secret","id":"s1","data":"${MASKED_VALUE}"}`, '-spice', `port=5930,password=${MASKED_VALUE}`, '-name', 'data=visible',
    ]);
  });
});

describe('QEMU sockets that may be spoken to', () => {
  let dir: string;
  let server: net.Server;
  let socketPath: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-trust-'));
    socketPath = path.join(dir, 'qmp.sock');
    server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, () => resolve()));
  });
  after(() => {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes a socket of a trusted user, and one that does not exist (connecting fails as it would)', () => {
    const mine = trustedUids([]);
    assert.equal(untrustedSocketReason(socketPath, mine), undefined);
    assert.equal(untrustedSocketReason(path.join(dir, 'gone.sock'), mine), undefined);
  });

  it('refuses another user’s socket, a symbolic link, a link in the path, and a file that is no socket', () => {
    assert.match(untrustedSocketReason(socketPath, new Set([12345])) ?? '', /belongs to user \d+, not a trusted user/);
    const link = path.join(dir, 'link.sock');
    fs.symlinkSync(socketPath, link);
    assert.match(untrustedSocketReason(link, trustedUids([])) ?? '', /is a symbolic link/);
    const linkedDir = path.join(dir, 'linked-dir');
    fs.symlinkSync(dir, linkedDir);
    assert.match(untrustedSocketReason(path.join(linkedDir, 'qmp.sock'), trustedUids([])) ?? '', /through a symbolic link/);
    const file = path.join(dir, 'plain');
    fs.writeFileSync(file, '');
    assert.match(untrustedSocketReason(file, trustedUids([])) ?? '', /not a socket/);
  });

  it('trusts the users the setting names, by name or id, besides this one', () => {
    const passwd = new Map([['libvirt-qemu', 64055]]);
    assert.deepEqual([...trustedUids(['libvirt-qemu', '1001', 'nobody-here', ' '], passwd)].sort(), [1001, 64055, process.getuid?.() ?? -1].sort());
  });
});

describe('the overhead lab’s consent dialog', () => {
  it('says where the probe goes when it is a directory of the host shared into a container', () => {
    const workloads = [
      { ref: { ...HOST_REF }, name: 'this machine', kind: 'host' as const, target: new Error('unused') },
      { ref: { kind: 'container' as const, providerId: 'docker', id: 'c' }, name: 'ro-box', kind: 'container' as const, target: new Error('unused') },
    ];
    const notes = new Map([['ro-box', 'its root file system is read-only, so the probe and its scratch files go into /data, which is the directory /srv/shared of the engine’s machine, shared into the container']]);
    const { question, detail } = consentText(workloads, DEFAULT_SETTINGS, notes);
    assert.equal(question, 'Measure the overhead of 2 workloads?');
    assert.match(detail, /For ro-box: its root file system is read-only.*\/srv\/shared/);
    assert.match(detail, /removes each at once, with its anonymous volumes/);
  });
});
