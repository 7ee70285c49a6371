// Finding every engine: the files and sockets are real, written by the test under a folder that
// stands for the machine's root (the discovery reads through EndpointFs, which maps / to it), so
// what this machine itself runs never changes the result.
import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { contextDirName } from '../../src/providers/docker/dockerContext';
import { type EngineSetting, discoverEngines } from '../../src/providers/docker/engineDiscovery';
import { nodeFs } from '../../src/providers/docker/endpoint';
import type { EndpointFs, EndpointInput } from '../../src/providers/docker/endpointTypes';

const HOME = '/home/dev';
const RUNTIME = '/run/user/1000';

describe('engine discovery', () => {
  let root: string;
  const servers: net.Server[] = [];

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-engines-'));
    fs.mkdirSync(path.join(root, HOME), { recursive: true });
  });
  afterEach(async () => {
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
    fs.rmSync(root, { recursive: true, force: true });
  });

  const at = (file: string) => path.join(root, file);
  /** The real file system with `root` as its `/`. */
  const rooted: EndpointFs = {
    readFile: (file) => nodeFs.readFile(at(file)),
    exists: (file) => nodeFs.exists(at(file)),
    listDir: (dir) => nodeFs.listDir?.(at(dir)) ?? [],
  };
  const input = (env: Record<string, string> = {}): EndpointInput => ({ env, platform: 'linux', homeDir: HOME, userName: 'dev', fs: rooted });
  const found = (env?: Record<string, string>, settings?: EngineSetting[]) => discoverEngines(input(env), settings);
  const summary = (env?: Record<string, string>, settings?: EngineSetting[]) =>
    found(env, settings).map((engine) => `${engine.id} | ${engine.label} | ${engine.resolution.ok ? engine.resolution.endpoint.display : `broken: ${engine.resolution.diagnosis.message}`}`);

  /** A listening unix socket at `file` (under the root), as an engine leaves it. */
  async function socketAt(file: string): Promise<void> {
    fs.mkdirSync(path.dirname(at(file)), { recursive: true });
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(at(file), () => resolve()));
    servers.push(server);
  }

  function writeContext(name: string, host: string): void {
    const dir = at(path.join(HOME, '.docker', 'contexts', 'meta', contextDirName(name)));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
  }

  it('shows the Docker root alone, saying where no engine was, when nothing is found', () => {
    const engines = found();
    assert.deepStrictEqual(engines.map((engine) => engine.id), ['docker']);
    assert.ok(engines[0].resolution.ok);
    assert.strictEqual(engines[0].resolution.endpoint.display, 'unix:///var/run/docker.sock');
    assert.match(engines[0].resolution.endpoint.source.description, /no engine socket found/);
  });

  it('finds rootful and rootless Podman beside Docker, each its own root', async () => {
    await socketAt('/var/run/docker.sock');
    await socketAt('/run/podman/podman.sock');
    await socketAt(`${RUNTIME}/podman/podman.sock`);
    assert.deepStrictEqual(summary({ XDG_RUNTIME_DIR: RUNTIME }), [
      'docker | Docker | unix:///var/run/docker.sock',
      'podman | Podman | unix:///run/podman/podman.sock',
      `podman-rootless | Podman (rootless) | unix://${RUNTIME}/podman/podman.sock`,
    ]);
  });

  it('leaves out a Docker root that nothing names and no socket backs when another engine is found', async () => {
    await socketAt('/run/podman/podman.sock');
    assert.deepStrictEqual(found().map((engine) => engine.id), ['podman']);
    // Named by DOCKER_HOST, it stays (its row says what is wrong with it).
    assert.deepStrictEqual(found({ DOCKER_HOST: 'unix:///nowhere/docker.sock' }).map((engine) => engine.id), ['docker', 'podman']);
  });

  it('shows every Docker context, the current one as the Docker root, and a broken one with what is wrong', () => {
    writeContext('build', 'ssh://me@build.example');
    writeContext('lab', 'tcp://lab.example:2375');
    fs.writeFileSync(at(path.join(HOME, '.docker', 'config.json')), JSON.stringify({ currentContext: 'build' }));
    const brokenDir = at(path.join(HOME, '.docker', 'contexts', 'meta', 'f'.repeat(64)));
    fs.mkdirSync(brokenDir, { recursive: true });
    fs.writeFileSync(path.join(brokenDir, 'meta.json'), '{"Name": "half');
    const lines = summary();
    assert.strictEqual(lines[0], 'docker | Docker | ssh://me@build.example');
    assert.strictEqual(lines[1], 'docker-context:#ffffffffffff | Docker context #ffffffffffff | broken: A Docker context\'s file ~/.docker/contexts/meta/' + 'f'.repeat(64) + '/meta.json is not valid JSON.');
    assert.strictEqual(lines[2], 'docker-context:lab | Docker context lab | tcp://lab.example:2375');
    assert.strictEqual(lines.length, 3, lines.join('\n'));
  });

  it('finds the desktop VMs: every Colima profile, every Lima instance with a Docker socket, Rancher Desktop, OrbStack, Docker Desktop', async () => {
    await socketAt(`${HOME}/.colima/default/docker.sock`);
    await socketAt(`${HOME}/.colima/work/docker.sock`);
    await socketAt(`${HOME}/.lima/docker/sock/docker.sock`);
    fs.mkdirSync(at(`${HOME}/.lima/plain/sock`), { recursive: true }); // an instance without Docker
    await socketAt(`${HOME}/.rd/docker.sock`);
    await socketAt(`${HOME}/.orbstack/run/docker.sock`);
    await socketAt(`${HOME}/.docker/desktop/docker.sock`);
    assert.deepStrictEqual(found().map((engine) => `${engine.id} | ${engine.label}`), [
      'rancher-desktop | Rancher Desktop',
      'orbstack | OrbStack',
      'docker-desktop | Docker Desktop',
      'colima:default | Colima (default)',
      'colima:work | Colima (work)',
      'lima:docker | Lima (docker)',
    ]);
  });

  it('adds engines from the setting, hides found ones, shows one address once, and explains a bad entry', async () => {
    await socketAt('/var/run/docker.sock');
    await socketAt('/run/podman/podman.sock');
    const settings: EngineSetting[] = [
      { host: 'tcp://10.0.0.5:2376', name: 'Lab' },
      { host: 'unix:///run/podman/podman.sock', hidden: true },
      { host: 'unix:///var/run/docker.sock', name: 'Docker again' },
      { host: 'ftp://nowhere' },
    ];
    const engines = found({}, settings);
    assert.deepStrictEqual(engines.map((engine) => engine.label), ['Docker', 'Lab', 'ftp://nowhere']);
    const [, lab, bad] = engines;
    assert.match(lab.id, /^engine:[0-9a-f]{12}$/, 'an id without slashes: tree row ids begin with it');
    assert.ok(lab.resolution.ok && lab.resolution.endpoint.display === 'tcp://10.0.0.5:2376');
    assert.ok(!bad.resolution.ok);
    assert.match(bad.resolution.diagnosis.message, /engine in the setting workloadStacks\.engines "ftp:\/\/nowhere" uses the unsupported scheme/);
    // The same entry gives the same id on the next run: the root keeps its rows and its stream.
    assert.strictEqual(found({}, settings)[1].id, lab.id);
  });

  it('with findEngines off shows only the Docker CLI engine and the added ones', async () => {
    await socketAt('/run/podman/podman.sock');
    writeContext('lab', 'tcp://lab.example:2375');
    const engines = discoverEngines(input({ DOCKER_HOST: 'unix:///private/docker.sock' }), [{ host: 'tcp://10.0.0.5:2376', name: 'Lab' }], { look: false });
    assert.deepStrictEqual(engines.map((engine) => engine.label), ['Docker', 'Lab']);
  });
});
