// Podman's connections as engine roots: read from the files Podman keeps them in (Podman 4.3's
// containers.conf as it wrote it here, Podman 5's podman-connections.json), turned into ssh://
// endpoints that run `podman --url unix://PATH system dial-stdio` with the connection's own key.
import { strict as assert } from 'assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { endpointInputFromProcess } from '../../src/providers/docker/endpoint';
import { discoverEngines } from '../../src/providers/docker/engineDiscovery';
import { connectionAddress, fromContainersConf, readPodmanConnections } from '../../src/providers/docker/podman/connections';
import { sshDialArgs } from '../../src/providers/docker/sshDial';
import { readFixture } from '../repoPaths';

const CONF_43 = readFixture('docker/podman-connections/containers-4.3.conf');
const JSON_5 = readFixture('docker/podman-connections/podman-connections-5.json');

/** A config folder of the test's own, as XDG_CONFIG_HOME/containers. */
function withConfig(files: Record<string, string>, run: (input: ReturnType<typeof endpointInputFromProcess>) => void): void {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ws-podman-conn-'));
  try {
    mkdirSync(path.join(root, 'containers'));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(root, 'containers', name), text);
    run({ ...endpointInputFromProcess(), platform: 'linux', userName: 'me', homeDir: path.join(root, 'home'), env: { XDG_CONFIG_HOME: root } });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('Podman connections', () => {
  it("reads Podman 4.3's containers.conf as it wrote it: each destination, the active one default", () => {
    const connections = fromContainersConf(CONF_43, 'containers.conf');
    assert.deepEqual(
      connections.map(({ name, uri, identity, isDefault }) => ({ name, uri, identity, isDefault })),
      [
        { name: 'mybox', uri: 'ssh://core@127.0.0.1:2222/run/user/1000/podman/podman.sock', identity: '/tmp/fake_key', isDefault: true },
        { name: 'other', uri: 'ssh://root@10.0.0.5:22/run/podman/podman.sock', identity: '/tmp/fake_key', isDefault: false },
      ],
    );
  });

  it("reads Podman 5's podman-connections.json: machine connections and a hand-added one", () => {
    withConfig({ 'podman-connections.json': JSON_5 }, (input) => {
      const read = readPodmanConnections(input);
      assert.deepEqual(read.problems, []);
      assert.deepEqual(read.connections.map((c) => [c.name, c.isMachine, c.isDefault]), [
        ['podman-machine-default', true, true],
        ['podman-machine-default-root', true, false],
        ['lab', false, false],
      ]);
    });
  });

  it('turns an ssh:// connection into an endpoint that runs podman dial-stdio on its socket, with its key', () => {
    const [mybox] = fromContainersConf(CONF_43, 'containers.conf');
    const address = connectionAddress(mybox);
    assert.ok(address.ok && address.address.kind === 'ssh');
    assert.deepEqual(address.address, { kind: 'ssh', host: '127.0.0.1', port: 2222, username: 'core', identityFile: '/tmp/fake_key', remoteCommand: ['podman', '--url', 'unix:///run/user/1000/podman/podman.sock', 'system', 'dial-stdio'] });
    const argv = sshDialArgs({ ...address.address, connectTimeoutMs: 5_000 });
    assert.deepEqual(argv.slice(argv.indexOf('--')), ['--', '127.0.0.1', 'podman', '--url', 'unix:///run/user/1000/podman/podman.sock', 'system', 'dial-stdio']);
    assert.deepEqual(argv.slice(argv.indexOf('-i'), argv.indexOf('-i') + 2), ['-i', '/tmp/fake_key']);
  });

  it('refuses a socket path the remote shell would read as more than a path, and says why', () => {
    for (const uri of ['ssh://core@host/run/podman.sock;reboot', 'ssh://core@host/run/$(id)/podman.sock', 'ssh://core@host/run/my podman.sock', 'ssh://core@host/run/`x`']) {
      const address = connectionAddress({ name: 'x', uri, isMachine: false, isDefault: false, file: 'f' });
      assert.ok(!address.ok, uri);
      assert.match(address.problem, /socket path/);
    }
    const local = connectionAddress({ name: 'x', uri: 'unix:///run/podman/podman.sock', isMachine: false, isDefault: false, file: 'f' });
    assert.deepEqual(local, { ok: true, address: { kind: 'socket', socketPath: '/run/podman/podman.sock' } });
  });

  it('makes each connection a root; a broken file or entry is a row that names it, the others stay', () => {
    withConfig({ 'podman-connections.json': '{"Connection": ', 'containers.conf': CONF_43.replace('ssh://root@10.0.0.5:22/run/podman/podman.sock', 'ssh://root@10.0.0.5/run/po;dman') }, (input) => {
      const found = discoverEngines(input).filter((engine) => engine.id.startsWith('podman-connection'));
      const byId = new Map(found.map((engine) => [engine.id, engine]));
      const mybox = byId.get('podman-connection:mybox');
      assert.ok(mybox?.resolution.ok, JSON.stringify(mybox));
      assert.strictEqual(mybox.label, 'Podman connection mybox');
      assert.strictEqual(mybox.resolution.endpoint.display, 'ssh://core@127.0.0.1:2222/run/user/1000/podman/podman.sock');
      const other = byId.get('podman-connection:other');
      assert.ok(other && !other.resolution.ok);
      assert.match(other.resolution.diagnosis.message, /The Podman connection other in .*containers\.conf cannot be used: its socket path/);
      const file = byId.get('podman-connections:0');
      assert.ok(file && !file.resolution.ok);
      assert.match(file.resolution.diagnosis.message, /podman-connections\.json is not valid JSON/);
    });
  });

  it('labels a Podman machine connection as the machine', () => {
    withConfig({ 'podman-connections.json': JSON_5 }, (input) => {
      const labels = discoverEngines(input).map((engine) => engine.label);
      assert.ok(labels.includes('Podman machine podman-machine-default'), labels.join(', '));
      assert.ok(labels.includes('Podman connection lab'), labels.join(', '));
    });
  });
});
