import * as assert from 'assert';
import * as fs from 'fs';
import * as https from 'https';
import * as os from 'os';
import * as path from 'path';
import { contextDirName } from '../../src/providers/docker/dockerContext';
import {
  type DockerEndpoint,
  type EndpointFs,
  type EndpointInput,
  type EndpointResolution,
  endpointInputFromProcess,
  nodeFs,
  resolveDockerEndpoint,
  toDockerodeOptions,
} from '../../src/providers/docker/endpoint';
import { SshDialAgent, sshDialArgs } from '../../src/providers/docker/sshDial';

/** Files by path (bytes, or an error the read throws) plus paths that exist as sockets. */
function fakeFs(files: Record<string, string | Buffer | Error> = {}, sockets: string[] = []): EndpointFs {
  return {
    readFile(filePath) {
      const entry = files[filePath];
      if (entry instanceof Error) throw entry;
      return entry === undefined ? undefined : Buffer.from(entry);
    },
    exists: (filePath) => filePath in files || sockets.includes(filePath),
  };
}

function errnoError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

function linuxInput(overrides: Partial<EndpointInput> = {}): EndpointInput {
  return { env: {}, platform: 'linux', homeDir: '/home/ada', userName: 'ada', fs: fakeFs(), ...overrides };
}

function expectEndpoint(resolution: EndpointResolution): DockerEndpoint {
  if (!resolution.ok) assert.fail(`expected an endpoint, got: ${resolution.diagnosis.message}`);
  return resolution.endpoint;
}

function expectDiagnosis(resolution: EndpointResolution) {
  if (resolution.ok) assert.fail(`expected a diagnosis, got ${resolution.endpoint.display}`);
  return resolution;
}

const contextConfig = (name: string) => JSON.stringify({ currentContext: name });
const metaPath = (configDir: string, name: string) => path.posix.join(configDir, 'contexts', 'meta', contextDirName(name), 'meta.json');
const meta = (host: string, skip = false) => JSON.stringify({ Name: 'x', Endpoints: { docker: { Host: host, SkipTLSVerify: skip } } });

describe('resolveDockerEndpoint: which source applies', () => {
  const withContext = fakeFs({
    '/home/ada/.docker/config.json': contextConfig('remote'),
    [metaPath('/home/ada/.docker', 'remote')]: meta('ssh://ops@remote.example.test'),
    [metaPath('/home/ada/.docker', 'other')]: meta('tcp://other.example.test:2375'),
  });

  it('prefers the setting over DOCKER_HOST and the context', () => {
    const endpoint = expectEndpoint(
      resolveDockerEndpoint(linuxInput({ settingHost: ' unix:///tmp/mine.sock ', env: { DOCKER_HOST: 'tcp://env.example.test' }, fs: withContext })),
    );
    assert.deepStrictEqual(endpoint, {
      kind: 'socket',
      socketPath: '/tmp/mine.sock',
      display: 'unix:///tmp/mine.sock',
      source: { from: 'setting', description: 'the setting workloadStacks.docker.host' },
    });
  });

  it('ignores a blank setting and uses DOCKER_HOST over the context', () => {
    const endpoint = expectEndpoint(resolveDockerEndpoint(linuxInput({ settingHost: '  ', env: { DOCKER_HOST: 'tcp://env.example.test' }, fs: withContext })));
    assert.strictEqual(endpoint.display, 'tcp://env.example.test:2375');
    assert.deepStrictEqual(endpoint.source, { from: 'env', description: 'the environment variable DOCKER_HOST' });
  });

  it('uses the current context from config.json when nothing else is set', () => {
    const endpoint = expectEndpoint(resolveDockerEndpoint(linuxInput({ fs: withContext })));
    assert.deepStrictEqual(
      { kind: endpoint.kind, display: endpoint.display, from: endpoint.source.from },
      { kind: 'ssh', display: 'ssh://ops@remote.example.test', from: 'context' },
    );
    assert.strictEqual(endpoint.source.description, "Docker context 'remote' (~/.docker/contexts/meta/…/meta.json)");
  });

  it('lets DOCKER_CONTEXT override currentContext', () => {
    const endpoint = expectEndpoint(resolveDockerEndpoint(linuxInput({ env: { DOCKER_CONTEXT: 'other' }, fs: withContext })));
    assert.strictEqual(endpoint.display, 'tcp://other.example.test:2375');
  });

  it('reads config.json from DOCKER_CONFIG', () => {
    const files = fakeFs({ '/etc/dockercfg/config.json': contextConfig('remote'), [metaPath('/etc/dockercfg', 'remote')]: meta('tcp://cfg.example.test') });
    const endpoint = expectEndpoint(resolveDockerEndpoint(linuxInput({ env: { DOCKER_CONFIG: '/etc/dockercfg' }, fs: files })));
    assert.strictEqual(endpoint.display, 'tcp://cfg.example.test:2375');
  });

  it('treats the context "default" and a missing config.json as no context', () => {
    const defaultContext = fakeFs({ '/home/ada/.docker/config.json': contextConfig('default') }, ['/var/run/docker.sock']);
    assert.strictEqual(expectEndpoint(resolveDockerEndpoint(linuxInput({ fs: defaultContext }))).source.from, 'default');
    assert.strictEqual(expectEndpoint(resolveDockerEndpoint(linuxInput({ env: { DOCKER_CONTEXT: 'default' }, fs: withContext }))).source.from, 'default');
    assert.strictEqual(expectEndpoint(resolveDockerEndpoint(linuxInput())).source.from, 'default');
  });

  it('does not read a broken context when DOCKER_HOST is set', () => {
    const broken = fakeFs({ '/home/ada/.docker/config.json': '{ not json' });
    assert.ok(resolveDockerEndpoint(linuxInput({ env: { DOCKER_HOST: 'unix:///run/docker.sock' }, fs: broken })).ok);
    assert.strictEqual(expectDiagnosis(resolveDockerEndpoint(linuxInput({ fs: broken }))).diagnosis.kind, 'context-broken');
  });
});

describe('resolveDockerEndpoint: host URLs', () => {
  const resolveHost = (host: string, overrides: Partial<EndpointInput> = {}) => resolveDockerEndpoint(linuxInput({ settingHost: host, ...overrides }));

  it('reads unix sockets, bare paths and named pipes', () => {
    assert.deepStrictEqual(
      [resolveHost('unix:///var/run/docker.sock'), resolveHost('/run/user/1000/docker.sock'), resolveHost('npipe:////./pipe/docker_engine')]
        .map(expectEndpoint)
        .map(({ kind, display }) => ({ kind, display })),
      [
        { kind: 'socket', display: 'unix:///var/run/docker.sock' },
        { kind: 'socket', display: 'unix:///run/user/1000/docker.sock' },
        { kind: 'npipe', display: 'npipe:////./pipe/docker_engine' },
      ],
    );
    const pipe = expectEndpoint(resolveHost('npipe:////./pipe/docker_engine'));
    assert.ok(pipe.kind === 'npipe' && pipe.pipePath === '//./pipe/docker_engine');
  });

  it('reads tcp hosts with and without scheme and port, IPv6 included', () => {
    const plain = expectEndpoint(resolveHost('tcp://engine.example.test'));
    assert.ok(plain.kind === 'tcp');
    assert.deepStrictEqual({ host: plain.host, port: plain.port, tls: plain.tls }, { host: 'engine.example.test', port: 2375, tls: undefined });
    assert.strictEqual(expectEndpoint(resolveHost('engine.example.test:1234')).display, 'tcp://engine.example.test:1234');
    assert.strictEqual(expectEndpoint(resolveHost('HTTP://engine.example.test')).display, 'tcp://engine.example.test:2375');
    const v6 = expectEndpoint(resolveHost('tcp://[::1]:2375'));
    assert.ok(v6.kind === 'tcp' && v6.host === '::1');
    assert.strictEqual(v6.display, 'tcp://[::1]:2375');
  });

  it('reads ssh hosts, taking the local user and port 22 when the URL names none', () => {
    const full = expectEndpoint(resolveHost('ssh://deploy@build.example.test:2222'));
    assert.deepStrictEqual(full.kind === 'ssh' && { host: full.host, port: full.port, username: full.username }, {
      host: 'build.example.test',
      port: 2222,
      username: 'deploy',
    });
    assert.strictEqual(full.display, 'ssh://deploy@build.example.test:2222');
    const bare = expectEndpoint(resolveHost('ssh://build.example.test'));
    assert.ok(bare.kind === 'ssh' && bare.username === 'ada' && bare.port === 22);
    assert.strictEqual(bare.display, 'ssh://ada@build.example.test');
  });

  const badHosts: Array<[string, RegExp]> = [
    ['ftp://files.example.test', /unsupported scheme "ftp:\/\/"/],
    ['unix://', /no socket path/],
    ['npipe://', /no pipe path/],
    ['tcp://', /not a valid URL|no host name/],
    ['tcp://engine.example.test:99999', /not a valid URL/],
    ['tcp://engine.example.test:2375/v1.41', /path, query or fragment/],
    ['tcp://ops@engine.example.test', /only ssh:\/\/ hosts/],
  ];
  for (const [host, problem] of badHosts) {
    it(`says what is wrong with "${host}"`, () => {
      const failure = expectDiagnosis(resolveHost(host));
      assert.strictEqual(failure.diagnosis.kind, 'wrong-host');
      assert.match(failure.diagnosis.message, problem);
      assert.match(failure.diagnosis.message, /^The setting workloadStacks\.docker\.host "/);
      assert.match(failure.diagnosis.hint, /clear it/);
    });
  }

  it('never repeats a password from the host URL', () => {
    const failure = expectDiagnosis(resolveHost('ssh://ops:hunter2@build.example.test'));
    assert.strictEqual(failure.diagnosis.kind, 'wrong-host');
    assert.match(failure.diagnosis.message, /password/);
    assert.doesNotMatch(`${failure.diagnosis.message} ${failure.diagnosis.hint} ${failure.display}`, /hunter2/);
    assert.strictEqual(failure.display, 'ssh://ops:***@build.example.test');
  });

  it('names DOCKER_HOST in its diagnosis, with its own hint', () => {
    const failure = expectDiagnosis(resolveDockerEndpoint(linuxInput({ env: { DOCKER_HOST: 'gopher://x' } })));
    assert.match(failure.diagnosis.message, /^The environment variable DOCKER_HOST "gopher:\/\/x" uses the unsupported scheme/);
    assert.match(failure.diagnosis.hint, /unset DOCKER_HOST/);
  });
});

describe('resolveDockerEndpoint: TLS from the environment', () => {
  const certs = { '/certs/ca.pem': 'CA', '/certs/cert.pem': 'CERT', '/certs/key.pem': 'KEY' };

  it('verifies with DOCKER_TLS_VERIFY and reads DOCKER_CERT_PATH, on port 2376 by default', () => {
    const endpoint = expectEndpoint(
      resolveDockerEndpoint(linuxInput({ env: { DOCKER_HOST: 'tcp://secure.example.test', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, fs: fakeFs(certs) })),
    );
    assert.ok(endpoint.kind === 'tcp');
    assert.strictEqual(endpoint.port, 2376);
    assert.deepStrictEqual(endpoint.tls, { ca: Buffer.from('CA'), cert: Buffer.from('CERT'), key: Buffer.from('KEY'), verify: true });
    assert.strictEqual(endpoint.source.description, 'the environment variable DOCKER_HOST, TLS');
  });

  it('encrypts without verifying for DOCKER_TLS alone, with certificates from the config dir', () => {
    const endpoint = expectEndpoint(
      resolveDockerEndpoint(linuxInput({ env: { DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS: '1' }, fs: fakeFs({ '/home/ada/.docker/ca.pem': 'HOME-CA' }) })),
    );
    assert.ok(endpoint.kind === 'tcp');
    assert.deepStrictEqual(endpoint.tls, { ca: Buffer.from('HOME-CA'), cert: undefined, key: undefined, verify: false });
    assert.match(endpoint.source.description, /TLS without verification$/);
  });

  it('uses verified TLS for https:// and never TLS for http://', () => {
    const secure = expectEndpoint(resolveDockerEndpoint(linuxInput({ settingHost: 'https://h' })));
    assert.ok(secure.kind === 'tcp' && secure.port === 2376 && secure.tls?.verify === true);
    const plain = expectEndpoint(resolveDockerEndpoint(linuxInput({ settingHost: 'http://h', env: { DOCKER_TLS_VERIFY: '1' } })));
    assert.ok(plain.kind === 'tcp' && plain.port === 2375 && plain.tls === undefined);
  });

  it('applies the TLS variables to the setting too, as `docker -H` does', () => {
    const endpoint = expectEndpoint(resolveDockerEndpoint(linuxInput({ settingHost: 'tcp://h', env: { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, fs: fakeFs(certs) })));
    assert.ok(endpoint.kind === 'tcp' && endpoint.tls?.verify === true && endpoint.tls.key?.toString() === 'KEY');
  });

  it('diagnoses an unreadable certificate file by path and error code', () => {
    const failure = expectDiagnosis(
      resolveDockerEndpoint(linuxInput({ env: { DOCKER_HOST: 'tcp://h', DOCKER_TLS_VERIFY: '1' }, fs: fakeFs({ '/home/ada/.docker/ca.pem': errnoError('EACCES') }) })),
    );
    assert.strictEqual(failure.diagnosis.kind, 'tls');
    assert.strictEqual(failure.diagnosis.message, 'The TLS file ~/.docker/ca.pem cannot be read (EACCES).');
    assert.strictEqual(failure.display, 'tcp://h');
  });

  it('diagnoses a client certificate without its key', () => {
    const failure = expectDiagnosis(
      resolveDockerEndpoint(linuxInput({ env: { DOCKER_HOST: 'tcp://h', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, fs: fakeFs({ '/certs/cert.pem': 'CERT' }) })),
    );
    assert.strictEqual(failure.diagnosis.kind, 'tls');
    assert.strictEqual(failure.diagnosis.message, '/certs has cert.pem but no key.pem.');
  });
});

describe('resolveDockerEndpoint: platform defaults', () => {
  const socketOf = (input: EndpointInput) => {
    const endpoint = expectEndpoint(resolveDockerEndpoint(input));
    assert.strictEqual(endpoint.source.from, 'default');
    return endpoint.kind === 'socket' ? endpoint.socketPath : assert.fail(`expected a socket, got ${endpoint.kind}`);
  };
  const env = { XDG_RUNTIME_DIR: '/run/user/1000' };

  it('prefers the system socket when it exists', () => {
    assert.strictEqual(socketOf(linuxInput({ env, fs: fakeFs({}, ['/var/run/docker.sock', '/run/user/1000/docker.sock']) })), '/var/run/docker.sock');
  });

  it("uses rootless Docker's socket when only it exists", () => {
    assert.strictEqual(socketOf(linuxInput({ env, fs: fakeFs({}, ['/run/user/1000/docker.sock', '/home/ada/.docker/run/docker.sock']) })), '/run/user/1000/docker.sock');
  });

  it("falls back to Docker Desktop's per-user socket", () => {
    assert.strictEqual(socketOf(linuxInput({ platform: 'darwin', env, fs: fakeFs({}, ['/home/ada/.docker/run/docker.sock']) })), '/home/ada/.docker/run/docker.sock');
  });

  it('names the system socket when none exists, and says so', () => {
    const endpoint = expectEndpoint(resolveDockerEndpoint(linuxInput()));
    assert.strictEqual(endpoint.display, 'unix:///var/run/docker.sock');
    assert.match(endpoint.source.description, /no engine socket found/);
  });

  it('uses the named pipe on Windows, and Windows paths for the context', () => {
    const windows = (files: Record<string, string>) =>
      resolveDockerEndpoint({ env: {}, platform: 'win32', homeDir: 'C:\\Users\\ada', userName: 'ada', fs: fakeFs(files) });
    const pipe = expectEndpoint(windows({}));
    assert.ok(pipe.kind === 'npipe' && pipe.pipePath === '//./pipe/docker_engine');
    const hash = contextDirName('wsl');
    const viaContext = expectEndpoint(
      windows({
        'C:\\Users\\ada\\.docker\\config.json': contextConfig('wsl'),
        [`C:\\Users\\ada\\.docker\\contexts\\meta\\${hash}\\meta.json`]: meta('tcp://127.0.0.1:2375'),
      }),
    );
    assert.strictEqual(viaContext.display, 'tcp://127.0.0.1:2375');
    assert.strictEqual(viaContext.source.description, "Docker context 'wsl' (~\\.docker\\contexts\\meta\\…\\meta.json)");
  });
});

describe('toDockerodeOptions', () => {
  const source = { from: 'setting' as const, description: 'test' };
  const extra = { timeoutMs: 4000 };

  it('sets every option key so docker-modem cannot mix in DOCKER_HOST from the environment', () => {
    const options = toDockerodeOptions({ kind: 'socket', socketPath: '/var/run/docker.sock', source, display: 'unix:///var/run/docker.sock' }, extra);
    assert.deepStrictEqual(Object.keys(options).sort(), ['agent', 'ca', 'cert', 'host', 'key', 'port', 'protocol', 'socketPath', 'sshOptions', 'username']);
    assert.strictEqual(options.socketPath, '/var/run/docker.sock');
    assert.strictEqual(options.host, undefined);
    assert.strictEqual(options.protocol, 'http');
  });

  it('dials a named pipe through socketPath', () => {
    assert.strictEqual(toDockerodeOptions({ kind: 'npipe', pipePath: '//./pipe/docker_engine', source, display: '' }, extra).socketPath, '//./pipe/docker_engine');
  });

  it('uses http for plain tcp and https with the PEM bytes for TLS', () => {
    const plain = toDockerodeOptions({ kind: 'tcp', host: 'h', port: 2375, source, display: '' }, extra);
    assert.deepStrictEqual([plain.host, plain.port, plain.protocol, plain.ca, plain.agent], ['h', 2375, 'http', undefined, undefined]);
    const tls = { ca: Buffer.from('CA'), cert: Buffer.from('CERT'), key: Buffer.from('KEY'), verify: true };
    const verified = toDockerodeOptions({ kind: 'tcp', host: 'h', port: 2376, tls, source, display: '' }, extra);
    assert.deepStrictEqual([verified.protocol, verified.ca, verified.cert, verified.key, verified.agent], ['https', tls.ca, tls.cert, tls.key, undefined]);
  });

  it('turns certificate checks off only through an https agent when verification is off', () => {
    const options = toDockerodeOptions({ kind: 'tcp', host: 'h', port: 2376, tls: { verify: false }, source, display: '' }, extra);
    assert.ok(options.agent instanceof https.Agent);
    assert.strictEqual((options.agent as https.Agent & { options: https.AgentOptions }).options.rejectUnauthorized, false);
  });

  it('carries ssh:// through the system ssh, never through the ssh2 of docker-modem (which checks no host key)', () => {
    const options = toDockerodeOptions({ kind: 'ssh', host: 'build', port: 2222, username: 'deploy', source, display: '' }, extra);
    assert.deepStrictEqual([options.protocol, options.host, options.port, options.username, options.sshOptions, options.socketPath], ['http', 'build', 2222, undefined, undefined, undefined]);
    assert.ok(options.agent instanceof SshDialAgent);
  });
});

describe('the ssh command line of an ssh:// engine', () => {
  it('proves the host, never prompts, never writes known_hosts, and keeps the host after --', () => {
    const args = sshDialArgs({ host: 'build.example.test', port: 2222, username: 'deploy', connectTimeoutMs: 4000 });
    for (const option of ['BatchMode=yes', 'StrictHostKeyChecking=yes', 'UpdateHostKeys=no', 'ConnectTimeout=4']) {
      assert.strictEqual(args[args.indexOf(option) - 1], '-o', option);
    }
    assert.deepStrictEqual(args.slice(args.indexOf('--')), ['--', 'build.example.test', 'docker', 'system', 'dial-stdio']);
    assert.deepStrictEqual(args.slice(args.indexOf('-p'), args.indexOf('-p') + 4), ['-p', '2222', '-l', 'deploy']);
  });

  it('refuses a host or user that ssh would read as an option', () => {
    assert.throws(() => new SshDialAgent({ host: '-oProxyCommand=touch /tmp/x', connectTimeoutMs: 1000 }), /begins with "-"/);
    assert.throws(() => new SshDialAgent({ host: 'h', username: '-oProxyCommand=x', connectTimeoutMs: 1000 }), /begins with "-"/);
  });
});

describe('resolveDockerEndpoint with the real file system', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-endpoint-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('resolves a TLS context written the way the docker CLI writes it', () => {
    const hash = contextDirName('lab');
    fs.mkdirSync(path.join(dir, 'contexts', 'meta', hash), { recursive: true });
    fs.mkdirSync(path.join(dir, 'contexts', 'tls', hash, 'docker'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'config.json'), contextConfig('lab'));
    fs.writeFileSync(path.join(dir, 'contexts', 'meta', hash, 'meta.json'), meta('tcp://lab.example.test:2376'));
    for (const name of ['ca', 'cert', 'key']) fs.writeFileSync(path.join(dir, 'contexts', 'tls', hash, 'docker', `${name}.pem`), `${name} bytes`);
    const endpoint = expectEndpoint(resolveDockerEndpoint({ env: { DOCKER_CONFIG: dir }, platform: process.platform, homeDir: os.homedir(), fs: nodeFs }));
    assert.ok(endpoint.kind === 'tcp');
    assert.strictEqual(endpoint.tls?.key?.toString(), 'key bytes');
    assert.strictEqual(endpoint.tls?.verify, true);
  });

  it('reads missing files as undefined and throws for other failures', () => {
    assert.strictEqual(nodeFs.readFile(path.join(dir, 'absent.json')), undefined);
    assert.strictEqual(nodeFs.readFile(path.join(dir, 'absent', 'below.json')), undefined);
    assert.throws(() => nodeFs.readFile(dir), /EISDIR/);
    assert.strictEqual(nodeFs.exists(dir), true);
  });

  it('turns a certificate path that cannot be read into a TLS diagnosis', () => {
    fs.mkdirSync(path.join(dir, 'ca.pem'));
    const failure = expectDiagnosis(
      resolveDockerEndpoint({ settingHost: 'https://h', env: { DOCKER_CERT_PATH: dir }, platform: process.platform, homeDir: os.homedir(), fs: nodeFs }),
    );
    assert.strictEqual(failure.diagnosis.kind, 'tls');
    assert.match(failure.diagnosis.message, /ca\.pem cannot be read \(EISDIR\)/);
  });

  it('builds its input from this process', () => {
    const input = endpointInputFromProcess('tcp://x');
    assert.deepStrictEqual([input.settingHost, input.env, input.platform, input.homeDir, input.fs], ['tcp://x', process.env, process.platform, os.homedir(), nodeFs]);
    assert.ok(input.userName);
  });
});
