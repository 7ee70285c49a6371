import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import type { Diagnosis } from '../../src/providers/provider';
import { diagnoseDockerError } from '../../src/providers/docker/diagnose';
import { SshTransportError } from '../../src/providers/docker/sshDial';

// Error shapes below were recorded from dockerode 5 / docker-modem 5.0.7 on Node 20 against loopback
// servers (sockets, TLS with and without client certificates, plain HTTP); ssh's own words from
// OpenSSH 9.2 against a private sshd on loopback.

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

describe('diagnoseDockerError: SSH (what the system ssh printed)', () => {
  const sshSaid = (stderr: string, exitCode = 255) => new SshTransportError(stderr, exitCode);

  it('a host key that is not in known_hosts: refused, and the user told how to check it', () => {
    const d = diagnose(sshSaid('No ED25519 host key is known for [127.0.0.1]:2299 and you have requested strict checking.\r\nHost key verification failed.\r\n'), ssh);
    assert.strictEqual(d.kind, 'host-key');
    assert.match(d.message, /not in your known_hosts.*nothing was sent/);
    assert.match(d.hint, /never writes known_hosts/);
  });

  it('a host key that changed', () => {
    const changed = [
      '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
      '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
      '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
      'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!',
      'Offending ED25519 key in /home/ada/.ssh/known_hosts:1',
      'Host key for [127.0.0.1]:2299 has changed and you have requested strict checking.',
      'Host key verification failed.',
    ].join('\r\n');
    const d = diagnose(sshSaid(changed), ssh);
    assert.strictEqual(d.kind, 'host-key');
    assert.match(d.message, /is not the one your known_hosts holds/);
    assert.match(d.hint, /ssh-keygen -R/);
  });

  it('a login refused', () => {
    const d = diagnose(sshSaid('root@127.0.0.1: Permission denied (publickey).\r\n'), ssh);
    assert.deepStrictEqual([d.kind, d.message], ['permission-denied', 'SSH refused the login to ssh://deploy@build.example.test (root@127.0.0.1: Permission denied (publickey).).']);
    assert.match(d.hint, /ssh-add/);
  });

  it('the network: refused, unknown host, timed out', () => {
    assert.strictEqual(diagnose(sshSaid('ssh: connect to host 127.0.0.1 port 1: Connection refused\r\n'), ssh).kind, 'wrong-host');
    assert.strictEqual(diagnose(sshSaid('ssh: Could not resolve hostname no-such-host.invalid: Name or service not known\r\n'), ssh).kind, 'wrong-host');
    assert.strictEqual(diagnose(sshSaid('Connection timed out during banner exchange\r\nConnection to 10.255.255.1 port 22 timed out\r\n'), ssh).kind, 'timeout');
  });

  it('the far side: no docker CLI, or a CLI that cannot reach its engine', () => {
    assert.match(diagnose(sshSaid('bash: docker: command not found\n', 127), ssh).message, /has no docker CLI/);
    const noEngine = diagnose(sshSaid('failed to open the raw stream connection: dial unix /var/run/docker.sock: connect: no such file or directory\n', 1), ssh);
    assert.deepStrictEqual([noEngine.kind, /cannot reach its engine/.test(noEngine.message)], ['not-running', true]);
  });

  it('ssh not installed, and a session that closed without a word', () => {
    const missing = diagnose(nodeError('spawn ssh ENOENT', { code: 'ENOENT', syscall: 'spawn ssh', path: 'ssh' }), ssh);
    assert.match(missing.message, /ssh is not installed/);
    const closed = diagnose(nodeError('socket hang up', { code: 'ECONNRESET' }), ssh);
    assert.strictEqual(closed.kind, 'not-running');
    assert.match(closed.hint, /docker system dial-stdio/);
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
