// A private rootful Podman (Debian's podman 4.3) serving its Docker-compatible API on a socket of
// its own, with its own storage, run root and containers.conf, so tests and the demo never touch
// anyone's Podman. The containers.conf sets ulimits this machine allows (Podman asks for 1048576
// open files by default, above the hard limit here, and every container failed to start). It also
// names runc: Debian's podman pulls in crun when runc is absent, and crun 1.8 refuses to start any
// container on a hybrid cgroup layout (v1 controllers with a v2 mount), which these machines have.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDebianPackages } from './apt.mjs';
import { logTail, ping } from './dockerd.mjs';
import { importBusybox } from './images.mjs';
import { isAlive, onCleanup, run, signalProcess, signalProcessGroup, sleep, sleepSync, spawnProcessGroup, waitForExit } from './processes.mjs';

const readyTimeoutMs = 30_000;
const stopGraceMs = 10_000;
const systemPath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const containersConf = `[containers]
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"
events_logger = "file"
`;

/** Mount points under `dir` (overlay layers of containers Podman did not unmount), deepest first. */
function mountsUnder(dir) {
  const mounts = readFileSync('/proc/self/mounts', 'utf8').split('\n').map((line) => line.split(' ')[1]?.replace(/\\040/g, ' '));
  return mounts.filter((mount) => mount && (mount === dir || mount.startsWith(`${dir}/`))).sort((a, b) => b.length - a.length);
}

/** The unprivileged user a rootless Podman runs as: Debian's `nobody`, which every machine has. */
const rootlessUser = { uid: 65534, gid: 65534 };

/**
 * Starts `podman system service` (root and Linux only) on a private socket and waits for `/_ping`.
 * Returns { dir, socketPath, dockerHost, pid, rootless, podman(args), stop() }: `podman` runs the
 * CLI on the same private store; `stop()` removes the containers, the service and the directory.
 *
 * `rootless: true` runs it all as `nobody`, with a HOME and XDG_RUNTIME_DIR of its own under the
 * directory. No /etc/subuid entry is added (the machine's files stay as they are), so Podman uses
 * its single mapping: container root is host UID 65534 and no other UID exists inside.
 */
export async function startPrivatePodman({ label, rootless = false }) {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) throw new Error('A private Podman needs Linux and root.');
  await ensureDebianPackages(['podman', 'runc', 'uidmap', 'slirp4netns', 'catatonit', 'fuse-overlayfs']);
  const dir = mkdtempSync('/tmp/wspm-');
  const logFile = path.join(dir, 'podman.log');
  const confFile = path.join(dir, 'containers.conf');
  writeFileSync(confFile, containersConf);
  const { env, storeArgs, identity, socketPath } = rootless ? rootlessLayout(dir, confFile) : rootfulLayout(dir, confFile);
  const podman = (args, options = {}) => run('podman', [...storeArgs, ...args], { env, ...identity, ...options });

  let child;
  let stopping;
  const release = () => {
    for (const mount of mountsUnder(dir)) spawnSync('umount', ['-l', mount], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  const stop = () => {
    stopping ??= stopService().finally(unregister);
    return stopping;
  };
  const unregister = onCleanup(`private podman ${dir} (${label})`, stop, () => {
    if (child && isAlive(child.pid)) {
      signalProcessGroup(child.pid, 'SIGTERM');
      for (let waited = 0; waited < stopGraceMs && isAlive(child.pid); waited += 100) sleepSync(100);
      signalProcessGroup(child.pid, 'SIGKILL');
    }
    release();
  });

  async function stopService() {
    // Containers and pods first, through the CLI on the same store, while the service still runs.
    if (existsSync(path.join(dir, 'storage'))) {
      await podman(['pod', 'rm', '--all', '--force']).catch(() => undefined);
      await podman(['rm', '--all', '--force', '--volumes']).catch(() => undefined);
    }
    if (child && signalProcessGroup(child.pid, 'SIGTERM') && !(await waitForExit(child, stopGraceMs))) {
      signalProcessGroup(child.pid, 'SIGKILL');
      await waitForExit(child, 5_000);
    }
    // conmon outlives its container and runs `podman ... container cleanup`, which writes the
    // store's state: both are outside the service's process group (conmon daemonizes). The
    // directory is removed once no process names it on its command line.
    for (const deadline = Date.now() + 10_000; processesUsing(dir).length > 0 && Date.now() < deadline; ) await sleep(50);
    for (const pid of processesUsing(dir)) signalProcess(pid, 'SIGKILL');
    release();
  }

  try {
    const log = openSync(logFile, 'a');
    child = spawnProcessGroup('podman', [...storeArgs, 'system', 'service', '--time=0', `unix://${socketPath}`], { stdio: ['ignore', log, log], env, ...identity });
    const deadline = Date.now() + readyTimeoutMs;
    while (!(await ping(socketPath))) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`podman system service exited before answering /_ping. Log tail:\n${logTail(logFile)}`);
      if (Date.now() > deadline) throw new Error(`podman system service did not answer /_ping within ${readyTimeoutMs / 1000} s. Log tail:\n${logTail(logFile)}`);
      await sleep(100);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  // The tests' image, on Podman's own store (Podman names it localhost/local/busybox:latest).
  // Piped in: `nobody` cannot read the root-owned scratch directory the tarball is made in.
  await importBusybox((changes, rootfsTar) => podman(['import', ...changes, '-', 'local/busybox:latest'], { input: readFileSync(rootfsTar) }));
  return { dir, socketPath, dockerHost: `unix://${socketPath}`, pid: child.pid, rootless, podman, stop };
}

function rootfulLayout(dir, confFile) {
  return {
    env: { ...process.env, CONTAINERS_CONF: confFile, PATH: `${process.env.PATH ?? ''}:${systemPath}` },
    storeArgs: ['--root', path.join(dir, 'storage'), '--runroot', path.join(dir, 'run'), '--tmpdir', path.join(dir, 'tmp'), '--storage-driver', 'overlay'],
    identity: {},
    socketPath: path.join(dir, 'podman.sock'),
  };
}

/** Everything the rootless service writes lives in `dir/home` and `dir/run`, owned by `nobody`. */
function rootlessLayout(dir, confFile) {
  chmodSync(dir, 0o755); // nobody must reach its own directories and the containers.conf
  const home = path.join(dir, 'home');
  const runtimeDir = path.join(dir, 'run');
  for (const owned of [home, runtimeDir]) {
    mkdirSync(owned, { mode: 0o700 });
    chownSync(owned, rootlessUser.uid, rootlessUser.gid);
  }
  return {
    // A clean environment: the caller's HOME, XDG dirs or DOCKER_HOST must not leak into nobody's Podman.
    env: { PATH: systemPath, HOME: home, XDG_RUNTIME_DIR: runtimeDir, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local', 'share'), CONTAINERS_CONF: confFile },
    // vfs: the image is one small layer, and it needs neither fuse-overlayfs nor overlay in a user namespace.
    storeArgs: ['--root', path.join(home, 'storage'), '--runroot', path.join(runtimeDir, 'storage'), '--tmpdir', path.join(runtimeDir, 'tmp'), '--storage-driver', 'vfs'],
    identity: rootlessUser,
    socketPath: path.join(runtimeDir, 'podman.sock'),
  };
}

/** Processes whose command line names `dir` (the service, conmon, cleanup runs of this store). */
function processesUsing(dir) {
  const pids = [];
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').some((arg) => arg === dir || arg.startsWith(`${dir}/`))) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}
