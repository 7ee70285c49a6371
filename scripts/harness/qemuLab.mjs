// A real QEMU guest for the VM tests and the demo: Debian's cloud kernel and a busybox initramfs
// (built here, cached under .cache/vm-images), booted under TCG (no /dev/kvm on the test machines)
// with a QMP socket. The guest prints WS-GUEST-READY on its serial console once it is up, and runs
// the QEMU guest agent when a virtio-serial port named org.qemu.guest_agent.0 is attached.
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ensureDebianPackages } from './apt.mjs';
import { isAlive, onCleanup, run, sleep, sleepSync } from './processes.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const imageCache = path.join(repoRoot, '.cache', 'vm-images');
/** Bump when the guest's contents change, so cached images are rebuilt. */
const recipeVersion = '6';
export const labVmName = 'ws-lab-qemu';
export const guestReadyLine = 'WS-GUEST-READY';
const readyTimeoutMs = 60_000;
// Loaded in this order: the cloud kernel has virtio as modules and its package has no modules.dep.
const virtioModules = ['virtio_ring', 'virtio', 'virtio_pci_legacy_dev', 'virtio_pci_modern_dev', 'virtio_pci', 'virtio_console', 'virtio_blk', 'failover', 'net_failover', 'virtio_net'];

const guestInit = `#!/bin/sh
mkdir -p /proc /sys /dev /tmp /run /var/run
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for module in ${virtioModules.join(' ')}; do
  [ -f /lib/modules/$module.ko ] && insmod /lib/modules/$module.ko
done
hostname ws-guest
# Loopback up, as any distribution's init does: the overhead probe's TCP round trip uses it.
ip link set lo up
# devtmpfs makes only /dev/vportNpM: give the ports their names, as udev would.
if grep -qs 0x0003 /sys/bus/virtio/devices/*/device; then
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    [ -n "$(ls /sys/class/virtio-ports 2>/dev/null)" ] && break
    sleep 0.3
  done
  mkdir -p /dev/virtio-ports
  for port in /sys/class/virtio-ports/*; do
    [ -f "$port/name" ] && ln -sf "/dev/$(basename "$port")" "/dev/virtio-ports/$(cat "$port/name")"
  done
fi
agent_port=/dev/virtio-ports/org.qemu.guest_agent.0
if [ -x /usr/sbin/qemu-ga ] && [ -e "$agent_port" ]; then
  /usr/sbin/qemu-ga --method=virtio-serial --path="$agent_port" --daemonize --pidfile=/run/qemu-ga.pid &&
    echo "ws-guest: guest agent listening on $agent_port"
else
  echo "ws-guest: no guest agent (port: $(ls /dev/virtio-ports 2>/dev/null))"
fi
echo ${guestReadyLine}
while true; do sleep 3600; done
`;

/** The Debian package of the current cloud kernel, e.g. linux-image-6.1.0-56-cloud-amd64. */
async function cloudKernelPackage() {
  const { stdout } = await run('apt-cache', ['depends', 'linux-image-cloud-amd64']);
  const found = /Depends:\s*(linux-image-[\w.+-]+-cloud-amd64)/.exec(stdout)?.[1];
  if (!found) throw new Error(`apt-cache depends linux-image-cloud-amd64 names no kernel package:\n${stdout}`);
  return found;
}

/** Runs `step`; when it fails (package lists missing or stale on a fresh machine), updates them and retries once. */
async function withFreshPackageLists(step) {
  try {
    return await step();
  } catch (error) {
    console.error(`[qemu-lab] ${error.message.split('\n')[0]}: updating the package lists and retrying`);
    await run('flock', ['/tmp/apt.lock', 'apt-get', 'update']);
    return step();
  }
}

async function downloadAndExtract(packages, workDir) {
  const debs = path.join(workDir, 'debs');
  const root = path.join(workDir, 'extracted');
  rmSync(debs, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
  mkdirSync(debs);
  mkdirSync(root);
  await run('apt-get', ['download', ...packages], { cwd: debs });
  for (const deb of readdirSync(debs).filter((name) => name.endsWith('.deb'))) {
    await run('dpkg-deb', ['-x', path.join(debs, deb), root]);
  }
  return root;
}

function findFile(dir, fileName) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = findFile(full, fileName);
      if (found) return found;
    } else if (entry.name === fileName) {
      return full;
    }
  }
  return undefined;
}

function copyInto(rootfs, from, to, mode = 0o755) {
  const target = path.join(rootfs, to);
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(from, target);
  chmodSync(target, mode);
}

async function addBusybox(rootfs, busybox) {
  copyInto(rootfs, busybox, 'bin/busybox');
  const { stdout: applets } = await run(busybox, ['--list-full']);
  for (const applet of applets.split('\n').map((line) => line.trim())) {
    if (!applet || applet === 'bin/busybox' || existsSync(path.join(rootfs, applet))) continue;
    mkdirSync(path.join(rootfs, path.dirname(applet)), { recursive: true });
    symlinkSync('/bin/busybox', path.join(rootfs, applet));
  }
}

/** The agent and the shared libraries it needs, copied to the same paths (the host's libraries). */
async function addGuestAgent(rootfs, extracted) {
  const agent = path.join(extracted, 'usr', 'sbin', 'qemu-ga');
  if (!existsSync(agent)) return false;
  const { stdout } = await run('ldd', [agent]);
  if (stdout.includes('not found')) {
    console.error(`[qemu-lab] guest agent left out: libraries missing on the host\n${stdout}`);
    return false;
  }
  copyInto(rootfs, agent, 'usr/sbin/qemu-ga');
  for (const library of stdout.matchAll(/(\/\S+)\s+\(0x/g)) copyInto(rootfs, library[1], library[1].slice(1));
  return true;
}

async function writeGuestRootfs(rootfs, extracted, kernelVersion) {
  await addBusybox(rootfs, path.join(extracted, 'bin', 'busybox'));
  for (const module of virtioModules) {
    const found = findFile(path.join(extracted, 'lib', 'modules', kernelVersion), `${module}.ko`);
    if (found) copyInto(rootfs, found, `lib/modules/${module}.ko`, 0o644);
  }
  const withAgent = await addGuestAgent(rootfs, extracted);
  writeFileSync(path.join(rootfs, 'init'), guestInit, { mode: 0o755 });
  mkdirSync(path.join(rootfs, 'etc'), { recursive: true });
  const osRelease = ['NAME="BusyBox guest"', 'ID=busybox', 'VERSION_ID="1"', 'PRETTY_NAME="BusyBox guest (made by the Workload Stacks tests)"'];
  writeFileSync(path.join(rootfs, 'etc', 'os-release'), `${osRelease.join('\n')}\n`);
  writeFileSync(path.join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  writeFileSync(path.join(rootfs, 'etc', 'group'), 'root:x:0:\n');
  return withAgent;
}

function listTree(dir, prefix = '.') {
  const names = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const relative = `${prefix}/${entry.name}`;
    names.push(relative);
    if (entry.isDirectory()) names.push(...listTree(path.join(dir, entry.name), relative));
  }
  return names;
}

/** `busybox cpio -o -H newc` (there is no cpio binary here) of `rootfs` into `outFile`, binary-safe. */
function writeCpio(busybox, rootfs, outFile) {
  return new Promise((resolve, reject) => {
    const out = openSync(outFile, 'w');
    const child = spawn(busybox, ['cpio', '-o', '-H', 'newc'], { cwd: rootfs, stdio: ['pipe', out, 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      closeSync(out);
      if (code === 0) resolve();
      else reject(new Error(`busybox cpio exited with ${code}: ${stderr.trim()}`));
    });
    child.stdin.end(`${listTree(rootfs).join('\n')}\n`);
  });
}

/**
 * Debian's cloud kernel and a busybox initramfs whose /init mounts proc/sys/dev, starts the guest
 * agent when its port exists, prints WS-GUEST-READY to the console and sleeps. Built once, then
 * read from .cache/vm-images.
 */
export async function ensureGuestImages() {
  const kernel = path.join(imageCache, 'vmlinuz');
  const initrd = path.join(imageCache, 'initrd.gz');
  const stamp = path.join(imageCache, 'recipe');
  if (existsSync(kernel) && existsSync(initrd) && readFileSafe(stamp) === recipeVersion) return { kernel, initrd };
  // The agent's libraries are copied from the host: QEMU's own package brings the same ones.
  await ensureDebianPackages(['qemu-system-x86']);
  const kernelPackage = await withFreshPackageLists(cloudKernelPackage);
  const kernelVersion = kernelPackage.replace(/^linux-image-/, '');
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'ws-guest-images-'));
  const remove = () => rmSync(workDir, { recursive: true, force: true });
  const unregister = onCleanup(`scratch directory ${workDir}`, async () => remove(), remove);
  try {
    const started = Date.now();
    const extracted = await withFreshPackageLists(() => downloadAndExtract([kernelPackage, 'busybox-static', 'qemu-guest-agent'], workDir));
    const rootfs = path.join(workDir, 'rootfs');
    mkdirSync(rootfs);
    const withAgent = await writeGuestRootfs(rootfs, extracted, kernelVersion);
    const cpioFile = path.join(workDir, 'initrd.cpio');
    await writeCpio(path.join(extracted, 'bin', 'busybox'), rootfs, cpioFile);
    mkdirSync(imageCache, { recursive: true });
    writeFileSync(`${initrd}.${process.pid}.tmp`, gzipSync(readFileSync(cpioFile)));
    copyFileSync(path.join(extracted, 'boot', `vmlinuz-${kernelVersion}`), `${kernel}.${process.pid}.tmp`);
    renameSync(`${initrd}.${process.pid}.tmp`, initrd);
    renameSync(`${kernel}.${process.pid}.tmp`, kernel);
    writeFileSync(stamp, recipeVersion);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    console.log(`[qemu-lab] guest images for ${kernelVersion} (guest agent: ${withAgent ? 'yes' : 'no'}) built in ${seconds} s`);
  } finally {
    unregister();
    remove();
  }
  return { kernel, initrd };
}

function readFileSafe(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function waitForReadyLine(serialLog, pid) {
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (readFileSafe(serialLog)?.includes(guestReadyLine)) return;
    if (!isAlive(pid)) throw new Error(`QEMU (pid ${pid}) exited before the guest was ready:\n${readFileSafe(serialLog) ?? ''}`);
    await sleep(250);
  }
  const tail = (readFileSafe(serialLog) ?? '(no serial output)').trimEnd().split('\n').slice(-15).join('\n');
  throw new Error(`The guest printed no ${guestReadyLine} within ${readyTimeoutMs / 1000} s:\n${tail}`);
}

/** Sends `quit` on the QMP socket; resolves whether or not QEMU answered. */
function qmpQuit(socketPath) {
  return new Promise((resolve) => {
    const socket = net.createConnection(socketPath);
    const done = () => {
      socket.destroy();
      resolve();
    };
    socket.setTimeout(3_000, done);
    socket.on('error', done);
    socket.on('close', done);
    let sent = false;
    socket.on('data', () => {
      if (sent) return;
      sent = true;
      socket.write('{"execute":"qmp_capabilities"}\n{"execute":"quit"}\n');
    });
  });
}

function killIfAlive(pid, signal) {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Boots the lab guest under TCG with a QMP socket, a small qcow2 disk, a user-mode NIC and a guest
 * agent port; resolves once the guest is ready. `stop()` must always run: a TCG guest keeps a core busy.
 */
export async function startQemuLab() {
  await ensureDebianPackages(['qemu-system-x86', 'qemu-utils']);
  const { kernel, initrd } = await ensureGuestImages();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ws-qemu-'));
  const qmpSocket = path.join(dir, 'qmp.sock');
  const agentSocket = path.join(dir, 'qga.sock');
  const pidFile = path.join(dir, 'qemu.pid');
  const serialLog = path.join(dir, 'serial.log');
  const disk = path.join(dir, 'disk.qcow2');
  await run('qemu-img', ['create', '-q', '-f', 'qcow2', disk, '64M']);
  let pid;
  const stopSync = () => {
    if (pid && isAlive(pid)) {
      killIfAlive(pid, 'SIGKILL');
      sleepSync(200);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const stopAsync = async () => {
    if (pid && isAlive(pid)) {
      await qmpQuit(qmpSocket);
      for (let waited = 0; isAlive(pid) && waited < 5_000; waited += 100) await sleep(100);
      if (isAlive(pid)) killIfAlive(pid, 'SIGTERM');
      for (let waited = 0; isAlive(pid) && waited < 5_000; waited += 100) await sleep(100);
      if (isAlive(pid)) killIfAlive(pid, 'SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const unregister = onCleanup(`QEMU lab VM ${labVmName}`, stopAsync, stopSync);
  const stop = async () => {
    unregister();
    await stopAsync();
  };
  try {
    const started = Date.now();
    await run('qemu-system-x86_64', [
      '-name', `${labVmName},process=${labVmName}`,
      '-accel', 'tcg',
      '-m', '128',
      '-smp', '1',
      '-nodefaults',
      '-no-user-config',
      '-display', 'none',
      '-kernel', kernel,
      '-initrd', initrd,
      '-append', 'console=ttyS0 quiet',
      '-serial', `file:${serialLog}`,
      '-drive', `file=${disk},format=qcow2,if=virtio,id=disk0`,
      '-netdev', 'user,id=net0',
      '-device', 'virtio-net-pci,netdev=net0,mac=52:54:00:12:34:56',
      '-chardev', `socket,path=${agentSocket},server=on,wait=off,id=qga0`,
      '-device', 'virtio-serial',
      '-device', 'virtserialport,chardev=qga0,name=org.qemu.guest_agent.0',
      '-qmp', `unix:${qmpSocket},server=on,wait=off`,
      '-pidfile', pidFile,
      '-daemonize',
    ], { cwd: dir });
    pid = Number(readFileSync(pidFile, 'utf8').trim());
    await waitForReadyLine(serialLog, pid);
    console.log(`[qemu-lab] ${labVmName} (pid ${pid}) ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } catch (error) {
    await stop();
    throw error;
  }
  const env = { WS_TEST_QEMU_NAME: labVmName, WS_TEST_QEMU_PID: String(pid), WS_TEST_QEMU_QMP: qmpSocket, WS_TEST_QEMU_QGA: agentSocket };
  return { env, stop };
}

