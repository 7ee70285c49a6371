// A private Docker engine (Debian's dockerd 20.10) in its own short directory under /tmp, so tests
// and the demo never touch anyone's real containers. It gets its own bridge instead of docker0:
// several private engines (tests, demo, other helpers) can then run side by side, and stopping
// one never pulls the network from under another.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Docker from 'dockerode';
import { ensureDebianPackages, findOnPath } from './apt.mjs';
import { isAlive, onCleanup, run, signalProcessGroup, sleep, sleepSync, spawnProcessGroup, waitForExit } from './processes.mjs';
import { makeTlsCertificates } from './tlsCertificates.mjs';

const readyTimeoutMs = 30_000;
const stopGraceMs = 15_000;
// dockerd needs containerd, runc and docker-proxy, which live in the sbin directories.
const systemPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** A dockerode client for a `unix://` or `tcp://` DOCKER_HOST. */
export function connect(dockerHost) {
  const url = new URL(dockerHost);
  if (url.protocol === 'unix:') return new Docker({ socketPath: url.pathname });
  if (url.protocol === 'tcp:') return new Docker({ host: url.hostname, port: Number(url.port) });
  throw new Error(`Unsupported DOCKER_HOST for the harness: ${dockerHost}`);
}

/** The docker CLI: the one from Debian's docker.io (it matches the daemon) when present. */
export function dockerCli() {
  const cli = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : findOnPath('docker');
  if (!cli) throw new Error('No docker CLI found: install Debian docker.io');
  return cli;
}

/** Whether an engine (Docker or Podman) answers `GET /_ping` on this unix socket within a second. */
export function ping(socketPath) {
  return new Promise((resolve) => {
    const request = http.get({ socketPath, path: '/_ping', timeout: 1_000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

export function logTail(logFile, lines = 25) {
  try {
    return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** A /24 in 10.214.0.0/16 that no interface or route of this machine uses yet. */
function freeSubnetPrefix() {
  const used = spawnSync('ip', ['-4', 'route', 'show', 'table', 'all'], { encoding: 'utf8' }).stdout ?? '';
  for (let attempt = 0; attempt < 200; attempt++) {
    const prefix = `10.214.${1 + Math.floor(Math.random() * 254)}`;
    if (!used.includes(`${prefix}.`)) return prefix;
  }
  throw new Error('No free 10.214.x.0/24 subnet for a private Docker bridge');
}

/** Mount points at or below `dir`, deepest first (the kernel escapes spaces as \040). */
function mountsUnder(dir) {
  return readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1]?.replace(/\\([0-7]{3})/g, (_, octal) => String.fromCharCode(parseInt(octal, 8))))
    .filter((mountPoint) => mountPoint && (mountPoint === dir || mountPoint.startsWith(`${dir}/`)))
    .reverse();
}

/** Processes whose command line names `dir`: this engine's containerd and its shims. */
function processesUsing(dir) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(`${dir}/`)) pids.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/**
 * Removes what a stopped (or killed) engine leaves behind. Synchronous, so the exit fallback can
 * use it too. Everything it touches is named by this engine's own directory or bridge.
 */
function releaseLeftovers(dir, bridge) {
  for (const pid of processesUsing(dir)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const mountPoint of mountsUnder(dir)) spawnSync('umount', ['-l', mountPoint]);
  spawnSync('ip', ['link', 'delete', bridge], { stdio: 'ignore' });
  rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

/**
 * Starts a private dockerd (root and Linux only) and waits until it answers `/_ping`.
 * `label` names who started it (shown in `docker info` labels and in errors).
 * Returns { dir, socketPath, dockerHost, pid, env, stop() }: `env` is for child processes
 * (DOCKER_HOST, and the matching docker CLI first on PATH); `stop()` removes everything.
 *
 * `tls: true` adds a TCP listener on loopback that requires mutual TLS (--tlsverify), with
 * certificates made for it; the result then has `tls: { host, clients }` (see tlsCertificates.mjs).
 */
export async function startPrivateDockerd({ label, tls = false }) {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) {
    throw new Error('A private Docker engine needs Linux and root (it starts dockerd, mounts and a bridge).');
  }
  await ensureDebianPackages(['docker.io', 'busybox-static', 'iproute2']);

  // mkdtemp's six characters keep the socket path short and make a valid interface name.
  const dir = mkdtempSync('/tmp/wsd-');
  const bridge = path.basename(dir);
  const socketPath = path.join(dir, 'docker.sock');
  const logFile = path.join(dir, 'dockerd.log');
  const dockerHost = `unix://${socketPath}`;

  let child;
  let stopping;
  let certificates;
  const stop = () => {
    stopping ??= stopEngine().finally(unregister);
    return stopping;
  };
  const unregister = onCleanup(`private dockerd ${dir} (${label})`, stop, () => {
    if (child && isAlive(child.pid)) {
      signalProcessGroup(child.pid, 'SIGTERM');
      for (let waited = 0; waited < stopGraceMs && isAlive(child.pid); waited += 100) sleepSync(100);
    }
    releaseLeftovers(dir, bridge);
  });

  async function stopEngine() {
    if (child && isAlive(child.pid) && (await ping(socketPath))) {
      const docker = new Docker({ socketPath, timeout: 10_000 }); // a wedged engine must not hang teardown
      const containers = await docker.listContainers({ all: true });
      await Promise.all(containers.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true }).catch(() => {})));
      await docker.pruneNetworks().catch(() => {}); // user-defined networks keep their own bridges
    }
    if (child && signalProcessGroup(child.pid, 'SIGTERM') && !(await waitForExit(child, stopGraceMs))) {
      signalProcessGroup(child.pid, 'SIGKILL');
      await waitForExit(child, 5_000);
    }
    releaseLeftovers(dir, bridge);
  }

  try {
    const subnet = freeSubnetPrefix();
    await run('ip', ['link', 'add', 'name', bridge, 'type', 'bridge']);
    await run('ip', ['address', 'add', `${subnet}.1/24`, 'dev', bridge]);
    await run('ip', ['link', 'set', bridge, 'up']);

    // A config file of its own, so a daemon.json of this machine cannot change the private engine.
    // It names the engine's identity key: by default every dockerd 20.10 writes and reads
    // /etc/docker/key.json, so all private engines had one /info ID (and the machine a new file).
    const configFile = path.join(dir, 'daemon.json');
    writeFileSync(configFile, `${JSON.stringify({ 'deprecated-key-path': path.join(dir, 'key.json') })}\n`);
    certificates = tls ? await makeTlsCertificates(path.join(dir, 'tls')) : undefined;
    const log = openSync(logFile, 'a');
    child = spawnProcessGroup(
      'dockerd',
      [
        '--config-file', configFile,
        '--data-root', path.join(dir, 'data'),
        '--exec-root', path.join(dir, 'exec'),
        '--pidfile', path.join(dir, 'dockerd.pid'),
        '--host', dockerHost,
        ...(certificates ? tlsArgs(certificates.server) : []),
        '--bridge', bridge,
        '--iptables=false',
        '--ip6tables=false',
        '--shutdown-timeout', '2',
        '--label', `workload-stacks.harness=${label}`,
      ],
      { stdio: ['ignore', log, log], env: { ...process.env, PATH: `${process.env.PATH ?? ''}:${systemPath}` } },
    );
    const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));

    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      if (await ping(socketPath)) break;
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`dockerd exited (${await exited}) before answering /_ping. Log tail:\n${logTail(logFile)}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`dockerd did not answer /_ping within ${readyTimeoutMs / 1000} s. Log tail:\n${logTail(logFile)}`);
      }
      await sleep(100);
    }
  } catch (error) {
    await stop();
    throw error;
  }

  // The CLI that matches the daemon goes first on PATH for child processes (tests, code-server).
  const binDir = path.join(dir, 'bin');
  mkdirSync(binDir);
  symlinkSync(dockerCli(), path.join(binDir, 'docker'));
  const env = { ...process.env, DOCKER_HOST: dockerHost, DOCKER_BUILDKIT: '0', PATH: `${binDir}:${process.env.PATH ?? systemPath}` };
  for (const name of ['DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH']) delete env[name];

  const tlsListener = certificates ? { host: `tcp://127.0.0.1:${await tcpPortFromLog(logFile)}`, clients: certificates.clients } : undefined;
  return { dir, socketPath, dockerHost, pid: child.pid, env, stop, ...(tlsListener ? { tls: tlsListener } : {}) };
}

/** Port 0: the kernel picks a free port, so two engines never race for one; the log says which. */
function tlsArgs(server) {
  return ['--host', 'tcp://127.0.0.1:0', '--tlsverify', '--tlscacert', server.ca, '--tlscert', server.cert, '--tlskey', server.key];
}

/** Each listener is logged as it starts serving, the TCP one possibly just after the socket answers. */
async function tcpPortFromLog(logFile) {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(50)) {
    const match = /API listen on 127\.0\.0\.1:(\d+)/.exec(readFileSync(logFile, 'utf8'));
    if (match) return Number(match[1]);
  }
  throw new Error(`dockerd answers on its socket but its log names no TCP port within 10 s. Log tail:\n${logTail(logFile)}`);
}
