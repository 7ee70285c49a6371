// A real Kubernetes node for the tests, joined to a private cluster (kubernetes.mjs): kubelet of
// the same release (built from its Go modules), Debian's containerd, runc and CNI plugins, and two
// images made here (a static pause and Debian's static busybox): no registry is reached. Its pods
// run real containers, with cgroups and namespaces on this machine, that the diagram reads.
//
// Everything is private: containerd's socket, root and state, kubelet's root; kubelet's API on an
// address of the loopback interface; pods on the node's network (hostNetwork: no bridge or route is
// made on this machine). What this machine needs for it (found on the polyglot VMs, see kube/README.md):
// cgroup v1 allowed (failCgroupV1: false), the cgroupfs driver (PID 1 is no systemd), and
// containerd's restrict_oom_score_adj (runc may not lower oom_score_adj without CAP_SYS_RESOURCE).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from './apt.mjs';
import { logTail } from './dockerd.mjs';
import { writeBusyboxRootfs } from './images.mjs';
import { ensureKubelet, freePort, servingCertificate } from './kubernetes.mjs';
import { isAlive, onCleanup, run, signalProcessGroup, sleep, sleepSync, spawnProcessGroup, waitForExit } from './processes.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** Bumped when the images change: they are cached under .cache/kubernetes/ by it. */
const IMAGES_VERSION = 'node-images-2';
export const PAUSE_IMAGE = 'localhost/pause:1';
export const BUSYBOX_IMAGE = 'localhost/busybox:1';
const readyTimeoutMs = 120_000;
/** Folders kubelet uses whatever its root (device plugins, pod log links, CNI's cache): removed after, when the node made them. */
const FIXED_PATHS = ['/var/lib/kubelet', '/var/log/containers', '/var/lib/cni'];

/** A tar of one folder, owned by root, with fixed times: the same bytes for the same files. */
async function tarOf(folder, output) {
  await run('tar', ['--sort=name', '--numeric-owner', '--owner=0', '--group=0', '--mtime=@0', '-C', folder, '-cf', output, '.']);
}

/** A docker-archive (what `ctr images import` reads) of one layer made from `rootfs`. */
async function writeImage(rootfs, reference, output, config) {
  const work = mkdtempSync('/tmp/wsn-image-');
  try {
    await tarOf(rootfs, path.join(work, 'layer.tar'));
    const diffId = `sha256:${createHash('sha256').update(readFileSync(path.join(work, 'layer.tar'))).digest('hex')}`;
    const configText = JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      created: '1970-01-01T00:00:00Z',
      config: { Env: ['PATH=/bin:/usr/bin:/sbin:/usr/sbin'], WorkingDir: '/', ...config },
      rootfs: { type: 'layers', diff_ids: [diffId] },
      history: [{ created: '1970-01-01T00:00:00Z', created_by: 'scripts/harness/realNode.mjs' }],
    });
    const configName = `${createHash('sha256').update(configText).digest('hex')}.json`;
    writeFileSync(path.join(work, configName), configText);
    writeFileSync(path.join(work, 'manifest.json'), JSON.stringify([{ Config: configName, RepoTags: [reference], Layers: ['layer.tar'] }]));
    await run('tar', ['-C', work, '-cf', output, configName, 'layer.tar', 'manifest.json']);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The pause and busybox images as docker-archives, made once per IMAGES_VERSION. */
async function ensureNodeImages() {
  const dir = path.join(repoRoot, '.cache', 'kubernetes', IMAGES_VERSION);
  const pause = path.join(dir, 'pause.tar');
  const busybox = path.join(dir, 'busybox.tar');
  if (existsSync(pause) && existsSync(busybox)) return { pause, busybox };
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync('/tmp/wsn-rootfs-');
  try {
    const pauseRoot = path.join(work, 'pause');
    mkdirSync(pauseRoot);
    await run('musl-gcc', ['-Os', '-static', '-s', '-o', path.join(pauseRoot, 'pause'), path.join(repoRoot, 'scripts', 'harness', 'kube', 'pause', 'pause.c')]);
    await writeImage(pauseRoot, PAUSE_IMAGE, `${pause}.partial`, { Entrypoint: ['/pause'] });
    const busyboxRoot = path.join(work, 'busybox');
    await writeBusyboxRootfs(busyboxRoot);
    await writeImage(busyboxRoot, BUSYBOX_IMAGE, `${busybox}.partial`, { Cmd: ['/bin/sh'] });
    for (const file of [pause, busybox]) renameSync(`${file}.partial`, file);
    return { pause, busybox };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The node's address: one of TEST-NET-2 (never routed) added to the loopback interface for the
 * node's life. kubelet refuses a 127/8 node IP, and the apiserver dials the node's InternalIP for
 * logs and exec: on `lo`, that traffic never leaves this machine. One not on `lo` yet, so two nodes
 * (a test run beside the demo) do not meet.
 */
async function addNodeAddress() {
  const { stdout } = await run('ip', ['-4', '-o', 'addr', 'show', 'dev', 'lo']);
  for (let attempt = 0; attempt < 20; attempt++) {
    const address = `198.51.100.${2 + Math.floor(Math.random() * 250)}`;
    if (stdout.includes(` ${address}/`)) continue;
    await run('ip', ['addr', 'add', `${address}/32`, 'dev', 'lo']);
    return address;
  }
  throw new Error('No free address of 198.51.100.0/24 on the loopback interface for the real node.');
}

function containerdConfig(dir, cniConf) {
  const q = (value) => JSON.stringify(value);
  return `version = 2
root = ${q(path.join(dir, 'containerd', 'root'))}
state = ${q(path.join(dir, 'containerd', 'state'))}
disabled_plugins = ["io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs"]
[grpc]
  address = ${q(path.join(dir, 'containerd.sock'))}
[ttrpc]
  address = ${q(path.join(dir, 'containerd-ttrpc.sock'))}
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = ${q(path.join(dir, 'containerd', 'opt'))}
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = ${q(PAUSE_IMAGE)}
  disable_apparmor = true
  netns_mounts_under_state_dir = true
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = ${q(path.join(dir, 'runc'))}
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = ${q(cniConf)}
`;
}

function kubeletConfig(dir, sock, { address, port, serving }) {
  // JSON is YAML. Its API on the node's address on `lo`, with a certificate of the cluster's CA (the
  // apiserver verifies it), callers known by that CA; nothing reaches it from elsewhere.
  return JSON.stringify({
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    failCgroupV1: false,
    cgroupDriver: 'cgroupfs',
    failSwapOn: false,
    address,
    port,
    tlsCertFile: serving.cert,
    tlsPrivateKeyFile: serving.key,
    readOnlyPort: 0,
    healthzPort: 0,
    authentication: { anonymous: { enabled: false }, webhook: { enabled: false }, x509: { clientCAFile: path.join(dir, 'ca.crt') } },
    authorization: { mode: 'AlwaysAllow' },
    containerRuntimeEndpoint: `unix://${sock}`,
    volumePluginDir: path.join(dir, 'volume-plugins'),
    podLogsDir: path.join(dir, 'pod-logs'),
    registerNode: true,
    serializeImagePulls: false,
    // Nothing to pull or evict on a test machine whose disk may be fuller than a node's should be.
    imageGCHighThresholdPercent: 100,
    imageGCLowThresholdPercent: 99,
    evictionHard: { 'memory.available': '50Mi', 'nodefs.available': '1%', 'imagefs.available': '1%' },
    makeIPTablesUtilChains: false,
    resolvConf: '/etc/resolv.conf',
  });
}

/** The process IDs whose command line names our containerd's socket: its shims (they outlive it). */
function shimsOf(sock) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (args.some((arg) => arg.endsWith('containerd-shim-runc-v2')) && args.includes(sock)) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** Empty cgroup folders kubelet made (kubepods and below, in every v1 hierarchy), deepest first. */
function removeKubepodsCgroups() {
  for (const hierarchy of readdirSync('/sys/fs/cgroup')) {
    const top = path.join('/sys/fs/cgroup', hierarchy, 'kubepods');
    if (!existsSync(top)) continue;
    const walk = (folder) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) if (entry.isDirectory()) walk(path.join(folder, entry.name));
      try {
        rmdirSync(folder);
      } catch {
        // still in use, or not ours to remove
      }
    };
    walk(top);
  }
}

/**
 * Starts containerd and kubelet as the node `name` of `cluster` (startPrivateCluster's answer)
 * and waits until the node is Ready. Returns { name, dir, containerdSocket, kubeletLog, logTails(), stop() }.
 */
export async function startRealNode(cluster, { name = 'ws-real-node' } = {}) {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) throw new Error('The real node runs kubelet and containerd, which need root on Linux: run the tests as root (CI does).');
  await ensureDebianPackages(['containerd', 'runc', 'containernetworking-plugins', 'busybox-static', 'musl-tools']);
  const [kubelet, images] = [await ensureKubelet(), await ensureNodeImages()];
  const fixedBefore = new Set(FIXED_PATHS.filter((folder) => existsSync(folder)));
  const dir = mkdtempSync('/tmp/wsn-');
  const sock = path.join(dir, 'containerd.sock');
  const cniConf = path.join(dir, 'cni');
  mkdirSync(cniConf);
  // A CNI configuration of loopback alone: enough for the runtime to call its network ready (the node
  // Ready); pods use hostNetwork, as a network of their own needs a bridge or veth on this machine.
  writeFileSync(path.join(cniConf, '10-loopback.conflist'), JSON.stringify({ cniVersion: '0.4.0', name: 'ws-loopback', plugins: [{ type: 'loopback' }] }));
  writeFileSync(path.join(dir, 'containerd.toml'), containerdConfig(dir, cniConf));
  writeFileSync(path.join(dir, 'ca.crt'), readFileSync(path.join(cluster.dir, 'pki', 'ca.crt')));
  let address;
  const removeAddress = () => address && spawnSync('ip', ['addr', 'del', `${address}/32`, 'dev', 'lo'], { stdio: 'ignore' });
  const children = [];
  const start = (label, command, args) => {
    const logFile = path.join(dir, `${label}.log`);
    const child = spawnProcessGroup(command, args, { stdio: ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')] });
    children.push(child);
    return { child, logFile };
  };
  const ctr = (...args) => run('ctr', ['-a', sock, '-n', 'k8s.io', ...args]);
  const cleanupLeftovers = () => {
    // Shims our containerd started (their command line names its socket), by PID.
    for (const pid of shimsOf(sock)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    const mounts = readFileSync('/proc/mounts', 'utf8').split('\n').map((line) => line.split(' ')[1]).filter((mount) => mount?.startsWith(`${dir}/`));
    for (const mount of mounts.sort().reverse()) spawnSync('umount', ['-l', mount], { stdio: 'ignore' });
    removeKubepodsCgroups();
    for (const folder of FIXED_PATHS) if (!fixedBefore.has(folder)) rmSync(folder, { recursive: true, force: true });
    removeAddress();
  };
  let stopping;
  const stop = () => (stopping ??= stopAll().finally(unregister));
  const unregister = onCleanup(`real node ${name} (${dir})`, stop, () => {
    for (const child of [...children].reverse()) {
      if (!isAlive(child.pid)) continue;
      signalProcessGroup(child.pid, 'SIGKILL');
    }
    sleepSync(200);
    cleanupLeftovers();
    rmSync(dir, { recursive: true, force: true });
  });
  async function stopAll() {
    const [containerd, kubeletProcess] = children;
    if (kubeletProcess && signalProcessGroup(kubeletProcess.pid, 'SIGTERM') && !(await waitForExit(kubeletProcess, 10_000))) signalProcessGroup(kubeletProcess.pid, 'SIGKILL');
    // The pods' containers: killed through containerd, which then reaps them; then containerd itself.
    if (containerd && isAlive(containerd.pid)) {
      const tasks = await ctr('tasks', 'ls', '-q').then(({ stdout }) => stdout.split('\n').filter(Boolean), () => []);
      for (const task of tasks) await ctr('tasks', 'kill', '-s', 'KILL', task).catch(() => undefined);
      for (const task of tasks) {
        for (let tries = 0; tries < 50 && (await ctr('tasks', 'delete', task).then(() => false, () => true)); tries++) await sleep(100);
      }
      if (signalProcessGroup(containerd.pid, 'SIGTERM') && !(await waitForExit(containerd, 10_000))) signalProcessGroup(containerd.pid, 'SIGKILL');
    }
    cleanupLeftovers();
    await cluster.request('DELETE', `/api/v1/nodes/${name}`).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
  try {
    address = await addNodeAddress();
    const serving = await servingCertificate(path.join(cluster.dir, 'pki'), `kubelet-${name}`, address);
    writeFileSync(path.join(dir, 'kubelet.yaml'), kubeletConfig(dir, sock, { address, port: await freePort(address), serving }));
    const containerd = start('containerd', 'containerd', ['--config', path.join(dir, 'containerd.toml')]);
    for (let waited = 0; !existsSync(sock); waited += 100) {
      if (containerd.child.exitCode !== null || waited > 30_000) throw new Error(`containerd did not start.\n${logTail(containerd.logFile)}`);
      await sleep(100);
    }
    for (const image of [images.pause, images.busybox]) await ctr('images', 'import', image);
    const { file: kubeconfig } = await cluster.userKubeconfig(`system:node:${name}`, { group: 'system:nodes', name: `node-${name}` });
    const kubeletProcess = start('kubelet', kubelet, [
      `--config=${path.join(dir, 'kubelet.yaml')}`, `--kubeconfig=${kubeconfig}`, `--root-dir=${path.join(dir, 'kubelet')}`,
      `--hostname-override=${name}`, `--node-ip=${address}`, `--cert-dir=${path.join(dir, 'kubelet-pki')}`, '--v=1',
    ]);
    const deadline = Date.now() + readyTimeoutMs;
    for (;;) {
      const answer = await cluster.request('GET', `/api/v1/nodes/${name}`);
      if (answer.json?.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True')) break;
      if (kubeletProcess.child.exitCode !== null) throw new Error(`kubelet exited before its node was Ready.\n${logTail(kubeletProcess.logFile)}`);
      if (Date.now() > deadline) throw new Error(`The node ${name} was not Ready within ${readyTimeoutMs / 1000} s.\nkubelet:\n${logTail(kubeletProcess.logFile)}\ncontainerd:\n${logTail(containerd.logFile, 10)}`);
      await sleep(200);
    }
    console.log(`[real-node] ${name} Ready (kubelet and containerd in ${dir})`);
    return {
      name,
      dir,
      containerdSocket: sock,
      kubeletLog: kubeletProcess.logFile,
      logTails: () => `kubelet:\n${logTail(kubeletProcess.logFile, 20)}\ncontainerd:\n${logTail(containerd.logFile, 10)}`,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
