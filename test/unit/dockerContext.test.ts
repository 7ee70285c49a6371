import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { type ContextLookup, contextDirName, lookUpDockerContext } from '../../src/providers/docker/dockerContext';
import { type EndpointFs, type EndpointInput, nodeFs, resolveDockerEndpoint } from '../../src/providers/docker/endpoint';
import { fixturesDir, readFixture } from '../repoPaths';

// Config dirs laid out as the docker CLI writes them; see test/fixtures/docker-contexts/README.md.
const contextsDir = path.join(fixturesDir, 'docker-contexts');
const store = path.join(contextsDir, 'store');

function inputFor(configDir: string, env: Record<string, string> = {}, files: EndpointFs = nodeFs): EndpointInput {
  return { env: { DOCKER_CONFIG: configDir, ...env }, platform: process.platform, homeDir: '/nonexistent-home', userName: 'ada', fs: files };
}

function expectContext(lookup: ContextLookup) {
  if (lookup.kind !== 'context') assert.fail(`expected a context, got ${lookup.kind}${lookup.kind === 'broken' ? `: ${lookup.diagnosis.message}` : ''}`);
  return lookup.context;
}

function expectBroken(lookup: ContextLookup) {
  if (lookup.kind !== 'broken') assert.fail(`expected a broken context, got ${lookup.kind}`);
  assert.strictEqual(lookup.diagnosis.kind, 'context-broken');
  return lookup;
}

/** nodeFs, except that reads of paths ending with `suffix` fail like an unreadable file. */
function failingReads(suffix: string): EndpointFs {
  return {
    readFile: (filePath) => {
      if (filePath.endsWith(suffix)) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      return nodeFs.readFile(filePath);
    },
    exists: nodeFs.exists,
  };
}

describe('contextDirName', () => {
  it('is the SHA-256 hex of the name, as the docker CLI stores contexts', () => {
    assert.strictEqual(contextDirName('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const name of ['tls-remote', 'ssh-remote', 'skip-verify', 'local-socket', 'broken-meta', 'no-endpoint']) {
      assert.ok(fs.existsSync(path.join(store, 'contexts', 'meta', contextDirName(name), 'meta.json')), `fixture for ${name}`);
    }
  });
});

describe('lookUpDockerContext', () => {
  it('follows currentContext in config.json', () => {
    const context = expectContext(lookUpDockerContext(inputFor(store)));
    const hash = contextDirName('ssh-remote');
    assert.deepStrictEqual(context, {
      name: 'ssh-remote',
      host: 'ssh://deploy@build.example.test:2222',
      skipTlsVerify: false,
      metaPath: path.join(store, 'contexts', 'meta', hash, 'meta.json'),
      tlsDir: path.join(store, 'contexts', 'tls', hash, 'docker'),
    });
  });

  it('lets DOCKER_CONTEXT choose another context', () => {
    const context = expectContext(lookUpDockerContext(inputFor(store, { DOCKER_CONTEXT: 'skip-verify' })));
    assert.deepStrictEqual([context.host, context.skipTlsVerify], ['tcp://10.0.0.5', true]);
  });

  it('treats "default" and a config dir without config.json as no context', () => {
    assert.deepStrictEqual(lookUpDockerContext(inputFor(path.join(contextsDir, 'default-context'))), { kind: 'none' });
    assert.deepStrictEqual(lookUpDockerContext(inputFor(path.join(contextsDir, 'no-such-dir'))), { kind: 'none' });
  });

  it('says which context is missing and who chose it', () => {
    const fromConfig = expectBroken(lookUpDockerContext(inputFor(path.join(contextsDir, 'missing-context'))));
    assert.match(fromConfig.diagnosis.message, /^The Docker context 'gone' \(chosen by currentContext in .*config\.json\) does not exist: .*meta\.json is missing\.$/);
    assert.match(fromConfig.diagnosis.hint, /docker context use/);
    assert.strictEqual(fromConfig.display, "Docker context 'gone'");
    const fromEnv = expectBroken(lookUpDockerContext(inputFor(store, { DOCKER_CONTEXT: 'nope' })));
    assert.match(fromEnv.diagnosis.message, /'nope' \(chosen by DOCKER_CONTEXT\)/);
  });

  it('reports a damaged meta.json and one without a Docker endpoint', () => {
    const damaged = expectBroken(lookUpDockerContext(inputFor(store, { DOCKER_CONTEXT: 'broken-meta' })));
    assert.match(damaged.diagnosis.message, /^The Docker context 'broken-meta' is damaged: .*meta\.json is not valid JSON\.$/);
    const empty = expectBroken(lookUpDockerContext(inputFor(store, { DOCKER_CONTEXT: 'no-endpoint' })));
    assert.match(empty.diagnosis.message, /has no Docker endpoint host \(Endpoints\.docker\.Host/);
  });

  it('reports a malformed config.json without echoing its content', () => {
    assert.match(readFixture('docker-contexts/malformed-config/config.json'), /c2VjcmV0LWZpeHR1cmU=/);
    const broken = expectBroken(lookUpDockerContext(inputFor(path.join(contextsDir, 'malformed-config'))));
    assert.match(broken.diagnosis.message, /config\.json is not valid JSON\.$/);
    const everything = JSON.stringify(broken);
    assert.doesNotMatch(everything, /c2VjcmV0|auths|registry\.example/);
  });

  it('reports unreadable files with their error code', () => {
    const config = expectBroken(lookUpDockerContext(inputFor(store, {}, failingReads('config.json'))));
    assert.match(config.diagnosis.message, /config\.json cannot be read \(EACCES\)\.$/);
    const metaFile = expectBroken(lookUpDockerContext(inputFor(store, {}, failingReads('meta.json'))));
    assert.match(metaFile.diagnosis.message, /^The Docker context 'ssh-remote' cannot be read: .*\(EACCES\)\.$/);
  });

  it('rejects a currentContext that is not a string', () => {
    const files: EndpointFs = { readFile: () => Buffer.from('{"currentContext": 42}'), exists: () => false };
    assert.match(expectBroken(lookUpDockerContext(inputFor('/cfg', {}, files))).diagnosis.message, /currentContext is not a string/);
  });
});

describe('resolveDockerEndpoint with the fixture contexts', () => {
  const resolveContext = (name: string) => resolveDockerEndpoint(inputFor(store, { DOCKER_CONTEXT: name }));

  it('connects to a TLS context with its certificate files, verified, on its port', () => {
    const resolution = resolveContext('tls-remote');
    assert.ok(resolution.ok && resolution.endpoint.kind === 'tcp');
    const endpoint = resolution.endpoint;
    const tlsDir = path.join(store, 'contexts', 'tls', contextDirName('tls-remote'), 'docker');
    assert.deepStrictEqual(endpoint.tls, {
      ca: fs.readFileSync(path.join(tlsDir, 'ca.pem')),
      cert: fs.readFileSync(path.join(tlsDir, 'cert.pem')),
      key: fs.readFileSync(path.join(tlsDir, 'key.pem')),
      verify: true,
    });
    assert.strictEqual(endpoint.display, 'tcp://docker.example.test:2376');
    assert.match(endpoint.source.description, /^Docker context 'tls-remote' \(.*meta[\\/]…[\\/]meta\.json\), TLS$/);
  });

  it('connects to an ssh:// context with its user and port', () => {
    const resolution = resolveContext('ssh-remote');
    assert.ok(resolution.ok && resolution.endpoint.kind === 'ssh');
    assert.deepStrictEqual([resolution.endpoint.host, resolution.endpoint.port, resolution.endpoint.username], ['build.example.test', 2222, 'deploy']);
  });

  it('uses TLS without verification, on port 2376, for a SkipTLSVerify context without files', () => {
    const resolution = resolveContext('skip-verify');
    assert.ok(resolution.ok && resolution.endpoint.kind === 'tcp');
    assert.deepStrictEqual([resolution.endpoint.port, resolution.endpoint.tls], [2376, { ca: undefined, cert: undefined, key: undefined, verify: false }]);
    assert.match(resolution.endpoint.source.description, /TLS without verification$/);
  });

  it('connects to a unix socket context without TLS', () => {
    const resolution = resolveContext('local-socket');
    assert.ok(resolution.ok);
    assert.strictEqual(resolution.endpoint.display, 'unix:///run/user/1000/docker.sock');
  });

  it('names the context when its host is unusable', () => {
    const resolution = resolveContext('ftp-host');
    assert.ok(!resolution.ok);
    assert.strictEqual(resolution.diagnosis.kind, 'wrong-host');
    assert.match(resolution.diagnosis.message, /^The host of Docker context 'ftp-host' "ftp:\/\/files\.example\.test" uses the unsupported scheme/);
    assert.match(resolution.diagnosis.hint, /docker context update ftp-host/);
  });

  it('passes a broken context on as a diagnosis', () => {
    const resolution = resolveDockerEndpoint(inputFor(path.join(contextsDir, 'malformed-config')));
    assert.ok(!resolution.ok);
    assert.strictEqual(resolution.diagnosis.kind, 'context-broken');
    assert.match(resolution.display, /config\.json$/);
  });
});
