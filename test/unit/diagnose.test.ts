import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import type { Diagnosis } from '../../src/providers/provider';
import { diagnoseDockerError } from '../../src/providers/docker/diagnose';

// Error shapes below were recorded from dockerode 5 / docker-modem 5.0.7 / ssh2 1.17 on Node 20
// against loopback servers (sockets, TLS with and without client certificates, plain HTTP).

const socket = { kind: 'socket', display: 'unix:///var/run/docker.sock' };
const pipe = { kind: 'npipe', display: 'npipe:////./pipe/docker_engine' };
const tcp = { kind: 'tcp', display: 'tcp://engine.example.test:2375' };
const tcpTls = { kind: 'tcp', display: 'tcp://engine.example.test:2376', tls: { verify: true } };
const ssh = { kind: 'ssh', display: 'ssh://deploy@build.example.test' };

function nodeError(message: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(message), fields);
}

function modemHttpError(statusCode: number, reason: string, engineMessage: string): Error {
  return nodeError(`(HTTP code ${statusCode}) ${reason} - ${engineMessage} `, { statusCode, reason, json: { message: engineMessage } });
}

function diagnose(error: unknown, endpoint: { kind: string; display: string; tls?: unknown }): Diagnosis {
  const diagnosis = diagnoseDockerError(error, endpoint);
  // Every diagnosis is two sentences a user can read.
  assert.match(diagnosis.message, /^\S.*[.]$/s, `message: ${diagnosis.message}`);
  assert.match(diagnosis.hint, /^\S.*[.]$/s, `hint: ${diagnosis.hint}`);
  return diagnosis;
}

describe('diagnoseDockerError: local sockets and pipes', () => {
  it('ENOENT on a socket: the engine is not running there', () => {
    const d = diagnose(nodeError('connect ENOENT /var/run/docker.sock', { code: 'ENOENT', errno: -2, syscall: 'connect', address: '/var/run/docker.sock' }), socket);
    assert.strictEqual(d.kind, 'not-running');
    assert.strictEqual(d.message, 'No Docker engine at /var/run/docker.sock: the socket does not exist.');
    assert.match(d.hint, /Start Docker .*workloadStacks\.docker\.host/);
  });

  it('ENOENT on the named pipe: start Docker Desktop', () => {
    const d = diagnose(nodeError('connect ENOENT //./pipe/docker_engine', { code: 'ENOENT', syscall: 'connect', address: '//./pipe/docker_engine' }), pipe);
    assert.strictEqual(d.kind, 'not-running');
    assert.match(d.message, /named pipe does not exist/);
    assert.match(d.hint, /Docker Desktop/);
  });

  it('EACCES on a socket: the docker group or the rootless socket', () => {
    const d = diagnose(nodeError('connect EACCES /var/run/docker.sock', { code: 'EACCES', errno: -13, syscall: 'connect', address: '/var/run/docker.sock' }), socket);
    assert.strictEqual(d.kind, 'permission-denied');
    assert.strictEqual(d.message, 'Permission denied on /var/run/docker.sock.');
    assert.match(d.hint, /usermod -aG docker \$USER.*\$XDG_RUNTIME_DIR\/docker\.sock.*workloadStacks\.docker\.host/);
  });

  it('EPERM on the named pipe: the docker-users group', () => {
    const d = diagnose(nodeError('connect EPERM //./pipe/docker_engine', { code: 'EPERM', syscall: 'connect' }), pipe);
    assert.strictEqual(d.kind, 'permission-denied');
    assert.strictEqual(d.message, 'Permission denied on //./pipe/docker_engine.');
    assert.match(d.hint, /docker-users/);
  });

  it('ECONNREFUSED on a socket: a stale socket without an engine', () => {
    const d = diagnose(nodeError('connect ECONNREFUSED /var/run/docker.sock', { code: 'ECONNREFUSED', syscall: 'connect', address: '/var/run/docker.sock' }), socket);
    assert.strictEqual(d.kind, 'not-running');
    assert.match(d.message, /exists, but no engine accepts connections/);
  });

  it('ECONNRESET on a socket: the engine gave up', () => {
    const d = diagnose(nodeError('socket hang up', { code: 'ECONNRESET' }), socket);
    assert.strictEqual(d.kind, 'timeout');
    assert.match(d.hint, /docker info/);
  });
});

describe('diagnoseDockerError: TCP', () => {
  it('ECONNREFUSED: nothing listens there', () => {
    const d = diagnose(nodeError('connect ECONNREFUSED 10.0.0.5:2375', { code: 'ECONNREFUSED', syscall: 'connect', address: '10.0.0.5', port: 2375 }), tcp);
    assert.strictEqual(d.kind, 'not-running');
    assert.strictEqual(d.message, 'Nothing accepts connections at tcp://engine.example.test:2375 (ECONNREFUSED).');
  });

  it('reads the code inside an AggregateError (localhost tried on ::1 and 127.0.0.1)', () => {
    const inner = [nodeError('connect ECONNREFUSED ::1:2375', { code: 'ECONNREFUSED' }), nodeError('connect ECONNREFUSED 127.0.0.1:2375', { code: 'ECONNREFUSED' })];
    assert.strictEqual(diagnose(new AggregateError(inner, ''), tcp).kind, 'not-running');
  });

  it('ENOTFOUND and EAI_AGAIN: the host name', () => {
    const notFound = diagnose(nodeError('getaddrinfo ENOTFOUND engine.example.test', { code: 'ENOTFOUND', syscall: 'getaddrinfo' }), tcp);
    assert.deepStrictEqual([notFound.kind, notFound.message], ['wrong-host', 'The host name in tcp://engine.example.test:2375 does not resolve (ENOTFOUND).']);
    const again = diagnose(nodeError('getaddrinfo EAI_AGAIN engine.example.test', { code: 'EAI_AGAIN', syscall: 'getaddrinfo' }), tcp);
    assert.strictEqual(again.kind, 'wrong-host');
    assert.match(again.hint, /DNS/);
  });

  it('EHOSTUNREACH: the network path', () => {
    const d = diagnose(nodeError('connect EHOSTUNREACH 10.0.0.5:2375', { code: 'EHOSTUNREACH', syscall: 'connect' }), tcp);
    assert.strictEqual(d.kind, 'wrong-host');
    assert.match(d.hint, /VPN or firewall/);
  });

  it('EACCES on TCP: this machine forbids the connection', () => {
    const d = diagnose(nodeError('connect EACCES 10.0.0.5:2375', { code: 'EACCES', syscall: 'connect', address: '10.0.0.5' }), tcp);
    assert.strictEqual(d.kind, 'permission-denied');
    assert.match(d.hint, /firewall, sandbox/);
  });

  it('ECONNRESET on plain TCP suggests TLS; with TLS it does not', () => {
    const hangUp = nodeError('socket hang up', { code: 'ECONNRESET' });
    assert.match(diagnose(hangUp, tcp).hint, /DOCKER_TLS_VERIFY=1/);
    assert.doesNotMatch(diagnose(hangUp, tcpTls).hint, /DOCKER_TLS_VERIFY/);
  });
});

describe('diagnoseDockerError: timeouts', () => {
  it("the client's own timeout (ETIMEDOUT), locally and remotely", () => {
    const error = Object.assign(nodeError('GET /info did not answer within 5000 ms', { code: 'ETIMEDOUT' }), { name: 'EngineTimeoutError' });
    const local = diagnose(error, socket);
    assert.strictEqual(local.kind, 'timeout');
    assert.strictEqual(local.message, 'The engine at unix:///var/run/docker.sock did not answer in time (GET /info did not answer within 5000 ms).');
    assert.match(local.hint, /overloaded or stuck/);
    assert.match(diagnose(error, tcp).hint, /firewall, VPN/);
  });

  it('an aborted request and a connect ETIMEDOUT', () => {
    assert.strictEqual(diagnose(Object.assign(new Error('The operation was aborted'), { name: 'AbortError', code: 'ABORT_ERR' }), tcp).kind, 'timeout');
    assert.strictEqual(diagnose(nodeError('connect ETIMEDOUT 10.0.0.5:2376', { code: 'ETIMEDOUT', syscall: 'connect' }), tcpTls).kind, 'timeout');
  });
});

describe('diagnoseDockerError: TLS', () => {
  const cases: Array<[string, Error, RegExp, RegExp]> = [
    ['a self-signed certificate', nodeError('self-signed certificate', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), /does not trust \(self-signed certificate\)/, /ca\.pem.*SkipTLSVerify/],
    ['an unknown CA', nodeError('self-signed certificate in certificate chain', { code: 'SELF_SIGNED_CERT_IN_CHAIN' }), /does not trust/, /ca\.pem/],
    ['an expired certificate', nodeError('certificate has expired', { code: 'CERT_HAS_EXPIRED' }), /not valid now/, /clock/],
    [
      'a host name mismatch',
      nodeError("Hostname/IP does not match certificate's altnames: IP: 127.0.0.1 is not in the cert's list: ", { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }),
      /not issued for that host name/,
      /subjectAltName/,
    ],
    [
      'a missing client certificate',
      nodeError('error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required', { code: 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED' }),
      /refused this client's TLS certificate \(ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED\)/,
      /cert\.pem and key\.pem/,
    ],
    [
      'TLS spoken to plain HTTP',
      nodeError('write EPROTO 80BC47A5987F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/ssl/record/ssl3_record.c:350:\n', {
        code: 'EPROTO',
        syscall: 'write',
      }),
      /did not answer in TLS/,
      /without TLS/,
    ],
    ['a key that does not load', nodeError('error:1E08010C:DECODER routines::unsupported', { code: 'ERR_OSSL_UNSUPPORTED' }), /could not be loaded/, /PEM files/],
    ['any other TLS error', nodeError('tlsv1 alert protocol version', { code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' }), /TLS connection .* failed/, /TLS setup/],
  ];
  for (const [what, error, message, hint] of cases) {
    it(what, () => {
      const d = diagnose(error, tcpTls);
      assert.strictEqual(d.kind, 'tls');
      assert.match(d.message, message);
      assert.match(d.hint, hint);
    });
  }
});

describe('diagnoseDockerError: HTTP answers from the engine', () => {
  it('400 from a TLS engine called with plain HTTP', () => {
    const d = diagnose(modemHttpError(400, 'bad parameter', 'Client sent an HTTP request to an HTTPS server.'), tcp);
    assert.strictEqual(d.kind, 'tls');
    assert.match(d.hint, /https:\/\/.*2376/);
  });

  it('401 and 403: an authorization plugin', () => {
    for (const status of [401, 403]) {
      const d = diagnose(modemHttpError(status, 'unexpected', 'authorization denied by plugin opa: request rejected'), tcp);
      assert.strictEqual(d.kind, 'permission-denied');
      assert.match(d.message, new RegExp(`HTTP ${status}: authorization denied by plugin opa`));
    }
  });

  it('404: gone, or not a Docker engine at all', () => {
    const gone = diagnose(modemHttpError(404, 'no such container', 'No such container: 4f2a'), socket);
    assert.deepStrictEqual([gone.kind, gone.message], ['unknown', 'The engine no longer has it: No such container: 4f2a.']);
    const other = diagnose(modemHttpError(404, 'unexpected', 'page not found'), tcp);
    assert.strictEqual(other.kind, 'wrong-host');
    assert.match(other.message, /does not look like a Docker Engine API/);
  });

  it('409: the state changed', () => {
    const d = diagnose(modemHttpError(409, 'container already started', 'Container 4f2a is not running'), socket);
    assert.match(d.message, /^The engine refused: Container 4f2a is not running\.$/);
    assert.match(d.hint, /Refresh/);
  });

  it('502-504: not ready yet; 500 and others: the engine log', () => {
    assert.strictEqual(diagnose(modemHttpError(503, 'unexpected', 'starting'), tcp).kind, 'not-running');
    const failed = diagnose(modemHttpError(500, 'server error', 'failed to read cgroup'), socket);
    assert.deepStrictEqual([failed.kind, failed.message], ['unknown', 'The engine at unix:///var/run/docker.sock answered HTTP 500: failed to read cgroup.']);
    assert.match(failed.hint, /journalctl -u docker/);
    assert.match(diagnose(nodeError('(HTTP code 418) unexpected - teapot ', { statusCode: 418, json: 'teapot' }), tcp).message, /HTTP 418: teapot/);
  });
});

describe('diagnoseDockerError: SSH', () => {
  it('authentication failed', () => {
    const d = diagnose(nodeError('All configured authentication methods failed', { level: 'client-authentication' }), ssh);
    assert.strictEqual(d.kind, 'permission-denied');
    assert.match(d.message, /^SSH refused the login to ssh:\/\/deploy@build\.example\.test/);
    assert.match(d.hint, /ssh-add/);
  });

  it('a private key ssh2 cannot use', () => {
    const d = diagnose(new Error('Cannot parse privateKey: Encrypted private OpenSSH key detected, but no passphrase given'), ssh);
    assert.strictEqual(d.kind, 'permission-denied');
    assert.match(d.message, /private key .* cannot be used/);
  });

  it('an agent socket that is gone', () => {
    const d = diagnose(nodeError('connect ENOENT /tmp/ssh-XXXX/agent.1', { code: 'ENOENT', syscall: 'connect', address: '/tmp/ssh-XXXX/agent.1', level: 'agent' }), ssh);
    assert.strictEqual(d.kind, 'permission-denied');
    assert.match(d.message, /SSH agent at \/tmp\/ssh-XXXX\/agent\.1/);
    assert.match(d.hint, /SSH_AUTH_SOCK/);
  });

  it('no user name', () => {
    assert.strictEqual(diagnose(new Error('Invalid username'), ssh).kind, 'wrong-host');
  });

  it('handshake timeout, refused connection, session closed early', () => {
    assert.strictEqual(diagnose(nodeError('Timed out while waiting for handshake', { level: 'client-timeout' }), ssh).kind, 'timeout');
    const refused = diagnose(nodeError('connect ECONNREFUSED 10.0.0.9:22', { code: 'ECONNREFUSED', level: 'client-socket', address: '10.0.0.9' }), ssh);
    assert.deepStrictEqual([refused.kind, refused.message], ['wrong-host', 'Nothing accepts SSH connections at ssh://deploy@build.example.test (ECONNREFUSED).']);
    const closed = diagnose(nodeError('socket hang up', { code: 'ECONNRESET' }), ssh);
    assert.strictEqual(closed.kind, 'not-running');
    assert.match(closed.hint, /docker system dial-stdio/);
  });

  it('DNS failures on ssh fall through to the common rules', () => {
    assert.strictEqual(diagnose(nodeError('getaddrinfo ENOTFOUND build.example.test', { code: 'ENOTFOUND', level: 'client-socket' }), ssh).kind, 'wrong-host');
  });
});

describe('diagnoseDockerError: failures before connecting, and the rest', () => {
  it('docker-modem refusing a malformed DOCKER_HOST', () => {
    const d = diagnose(new Error('DOCKER_HOST env variable should be something like tcp://localhost:1234'), socket);
    assert.strictEqual(d.kind, 'wrong-host');
    assert.match(d.hint, /unset DOCKER_HOST/);
  });

  it('docker-modem reading DOCKER_CERT_PATH itself', () => {
    const missing = diagnose(nodeError("ENOENT: no such file or directory, open '/certs/ca.pem'", { code: 'ENOENT', syscall: 'open', path: '/certs/ca.pem' }), socket);
    assert.deepStrictEqual([missing.kind, missing.message], ['tls', 'The file /certs/ca.pem is missing.']);
    const unreadable = diagnose(nodeError("EACCES: permission denied, open '/x/file'", { code: 'EACCES', syscall: 'open', path: '/x/file' }), socket);
    assert.deepStrictEqual([unreadable.kind, unreadable.message], ['unknown', 'The file /x/file cannot be read (EACCES).']);
  });

  it('anything else: the error itself, first line, with passwords hidden', () => {
    const d = diagnose(new Error('proxy tcp://bob:s3cret@proxy.example.test refused\nstack line'), tcp);
    assert.strictEqual(d.kind, 'unknown');
    assert.strictEqual(d.message, 'Talking to the engine at tcp://engine.example.test:2375 failed: proxy tcp://bob:***@proxy.example.test refused.');
    assert.match(diagnose(nodeError('weird', { code: 'EWEIRD' }), tcp).message, /failed: weird \(EWEIRD\)\.$/);
    assert.match(diagnose('a thrown string', tcp).message, /failed: a thrown string\.$/);
    assert.match(diagnose(undefined, tcp).message, /failed: undefined\.$/);
  });
});

describe('diagnoseDockerError on errors from real connections', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ws-diag-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  function connectError(options: net.NetConnectOpts): Promise<Error> {
    return new Promise((resolve, reject) => {
      const connection = net.connect(options);
      connection.on('connect', () => {
        connection.destroy();
        reject(new Error('connected unexpectedly'));
      });
      connection.on('error', resolve);
    });
  }

  it('a socket path that does not exist', async () => {
    const socketPath = path.join(dir, 'docker.sock');
    const d = diagnose(await connectError({ path: socketPath }), { kind: 'socket', display: `unix://${socketPath}` });
    assert.deepStrictEqual([d.kind, d.message], ['not-running', `No Docker engine at ${socketPath}: the socket does not exist.`]);
  });

  it('a file that is not a listening socket', async () => {
    const socketPath = path.join(dir, 'stale.sock');
    fs.writeFileSync(socketPath, '');
    const d = diagnose(await connectError({ path: socketPath }), { kind: 'socket', display: `unix://${socketPath}` });
    assert.strictEqual(d.kind, 'not-running');
  });

  it('a loopback port nobody listens on', async () => {
    const server = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const d = diagnose(await connectError({ host: '127.0.0.1', port }), { kind: 'tcp', display: `tcp://127.0.0.1:${port}` });
    assert.deepStrictEqual([d.kind, d.message], ['not-running', `Nothing accepts connections at tcp://127.0.0.1:${port} (ECONNREFUSED).`]);
  });
});
