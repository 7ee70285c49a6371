// libvirt for the VM tests and the demo: a test-driver node file with several domains in different
// states (no daemon needed), and a private libvirtd for qemu:///system running one small TCG guest
// booted from the QEMU lab's kernel and busybox initramfs. Nothing under /etc is changed: the
// Debian defaults work once the libvirt-qemu user exists (created only when missing, and kept).
// Standalone: node -e "import('./scripts/harness/libvirtLab.mjs').then(async (m) => { const lab = await m.startLibvirtLab(); console.log(lab.env); await lab.stop(); })"
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDebianPackages } from './apt.mjs';
import { isAlive, onCleanup, run, signalProcess, sleep, sleepSync } from './processes.mjs';
import { ensureGuestImages, guestReadyLine } from './qemuLab.mjs';

export const labGuestName = 'ws-lab-guest';
const systemUri = 'qemu:///system';
const packages = ['libvirt-clients', 'libvirt-daemon', 'libvirt-daemon-driver-qemu', 'qemu-system-x86', 'qemu-utils'];
const daemonReadyTimeoutMs = 15_000;
const guestReadyTimeoutMs = 90_000;

/** Test-driver domains: state numbers are virDomainState (1 running, 3 paused, 5 shut off, 6 crashed, 7 pmsuspended). */
export const testDomains = [
  { name: 'test-web', uuid: '5e1a0000-0000-4000-8000-000000000001', state: 1, vcpus: 2, memoryMiB: 2048 },
  { name: 'test-db', uuid: '5e1a0000-0000-4000-8000-000000000002', state: 1, vcpus: 4, memoryMiB: 4096 },
  { name: 'test-paused', uuid: '5e1a0000-0000-4000-8000-000000000003', state: 3, vcpus: 1, memoryMiB: 512 },
  { name: 'test-off', uuid: '5e1a0000-0000-4000-8000-000000000004', state: 5, vcpus: 8, memoryMiB: 16384 },
  { name: 'test-crashed', uuid: '5e1a0000-0000-4000-8000-000000000005', state: 6, vcpus: 1, memoryMiB: 256 },
  { name: 'test off two', uuid: '5e1a0000-0000-4000-8000-000000000006', state: 5, vcpus: 2, memoryMiB: 768 },
];

function testNodeXml() {
  const domains = testDomains.map((domain) => `  <domain type='test'>
    <name>${domain.name}</name>
    <uuid>${domain.uuid}</uuid>
    <memory unit='MiB'>${domain.memoryMiB}</memory>
    <currentMemory unit='MiB'>${domain.memoryMiB}</currentMemory>
    <vcpu>${domain.vcpus}</vcpu>
    <os><type arch='x86_64'>hvm</type></os>
    <test:runstate xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>${domain.state}</test:runstate>
  </domain>`);
  return `<node>\n${domains.join('\n')}\n</node>\n`;
}

/** Writes the test-driver node file into `dir`; returns its URI (no daemon: virsh reads the file). */
export function writeTestDriverNode(dir) {
  const nodeFile = path.join(dir, 'test-node.xml');
  writeFileSync(nodeFile, testNodeXml());
  return `test://${nodeFile}`;
}

function guestDomainXml(dir) {
  return `<domain type='qemu'>
  <name>${labGuestName}</name>
  <metadata>
    <libosinfo:libosinfo xmlns:libosinfo="http://libosinfo.org/xmlns/libvirt/domain/1.0">
      <libosinfo:os id="http://libosinfo.org/linux/2022"/>
    </libosinfo:libosinfo>
  </metadata>
  <memory unit='MiB'>128</memory>
  <currentMemory unit='MiB'>128</currentMemory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>${dir}/vmlinuz</kernel>
    <initrd>${dir}/initrd.gz</initrd>
    <cmdline>console=ttyS0 quiet</cmdline>
  </os>
  <features><acpi/><apic/></features>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>restart</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <emulator>/usr/bin/qemu-system-x86_64</emulator>
    <disk type='file' device='disk'>
      <driver name='qemu' type='qcow2'/>
      <source file='${dir}/disk.qcow2'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <interface type='user'>
      <mac address='52:54:00:ab:cd:01'/>
      <model type='virtio'/>
    </interface>
    <serial type='pty'>
      <log file='${dir}/serial.log' append='off'/>
      <target port='0'/>
    </serial>
    <console type='pty'><target type='serial' port='0'/></console>
    <channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>
    <memballoon model='virtio'/>
  </devices>
</domain>
`;
}

async function virsh(args) {
  return run('virsh', ['-c', systemUri, ...args], { env: { ...process.env, LC_ALL: 'C', LIBVIRT_AUTOSTART: '0' } });
}

async function systemDaemonAnswers() {
  try {
    await virsh(['uri']);
    return true;
  } catch {
    return false;
  }
}

/** The user and group Debian's libvirt runs QEMU as; created only when missing (and then kept). */
async function ensureQemuUser() {
  if (spawnSync('getent', ['group', 'libvirt-qemu']).status !== 0) await run('groupadd', ['-r', 'libvirt-qemu']);
  if (spawnSync('id', ['libvirt-qemu']).status !== 0) {
    await run('useradd', ['-r', '-g', 'libvirt-qemu', '-d', '/var/lib/libvirt', '-s', '/usr/sbin/nologin', 'libvirt-qemu']);
  }
  mkdirSync('/var/log/libvirt/qemu', { recursive: true });
}

function readPid(pidFile) {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function stopPid(pid) {
  if (!pid || !isAlive(pid)) return;
  signalProcess(pid, 'SIGTERM');
  for (let waited = 0; isAlive(pid) && waited < 10_000; waited += 100) await sleep(100);
  if (isAlive(pid)) signalProcess(pid, 'SIGKILL');
}

/** virtlogd and libvirtd as daemons with PID files in `dir`; returns their PIDs. */
async function startDaemons(dir) {
  const pids = {};
  if (!existsSync('/run/libvirt/virtlogd-sock')) {
    await run('virtlogd', ['-d', '-p', path.join(dir, 'virtlogd.pid')]);
    pids.virtlogd = readPid(path.join(dir, 'virtlogd.pid'));
  }
  await run('libvirtd', ['-d', '-p', path.join(dir, 'libvirtd.pid')]);
  pids.libvirtd = readPid(path.join(dir, 'libvirtd.pid'));
  const deadline = Date.now() + daemonReadyTimeoutMs;
  while (!(await systemDaemonAnswers())) {
    if (Date.now() > deadline) throw new Error(`libvirtd (pid ${pids.libvirtd}) did not answer on ${systemUri} within ${daemonReadyTimeoutMs / 1000} s`);
    await sleep(100);
  }
  return pids;
}

async function removeGuest() {
  try {
    await virsh(['destroy', labGuestName]);
  } catch {
    // not running
  }
  try {
    await virsh(['undefine', labGuestName]);
  } catch {
    // not defined
  }
}

async function waitForGuest(serialLog) {
  const deadline = Date.now() + guestReadyTimeoutMs;
  for (;;) {
    if (existsSync(serialLog) && readFileSync(serialLog, 'utf8').includes(guestReadyLine)) return;
    if (Date.now() > deadline) {
      const tail = existsSync(serialLog) ? readFileSync(serialLog, 'utf8').trimEnd().split('\n').slice(-15).join('\n') : '(no serial log)';
      throw new Error(`${labGuestName} printed no ${guestReadyLine} within ${guestReadyTimeoutMs / 1000} s:\n${tail}`);
    }
    await sleep(250);
  }
}

/**
 * Starts the lab; resolves with the environment for the VM tests and `stop()`, which must always
 * run (a TCG guest keeps a host core busy). Env: WS_TEST_LIBVIRT_TEST_URI (test driver node file),
 * WS_TEST_LIBVIRT_URI (qemu:///system) and WS_TEST_LIBVIRT_GUEST (the running guest's name).
 */
export async function startLibvirtLab() {
  const started = Date.now();
  await ensureDebianPackages(packages);
  const { kernel, initrd } = await ensureGuestImages();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ws-libvirt-'));
  chmodSync(dir, 0o755); // QEMU runs as libvirt-qemu and must reach the kernel, initrd and disk
  let pids = {};
  let guestDefined = false;
  const stopSync = () => {
    if (guestDefined) {
      spawnSync('virsh', ['-c', systemUri, 'destroy', labGuestName], { stdio: 'ignore' });
      spawnSync('virsh', ['-c', systemUri, 'undefine', labGuestName], { stdio: 'ignore' });
    }
    for (const pid of [pids.libvirtd, pids.virtlogd]) if (pid && isAlive(pid)) signalProcess(pid, 'SIGTERM');
    sleepSync(500);
    rmSync(dir, { recursive: true, force: true });
  };
  const stopAsync = async () => {
    if (guestDefined) await removeGuest();
    await stopPid(pids.libvirtd);
    await stopPid(pids.virtlogd);
    rmSync(dir, { recursive: true, force: true });
  };
  const unregister = onCleanup(`libvirt lab (${labGuestName})`, stopAsync, stopSync);
  const stop = async () => {
    unregister();
    await stopAsync();
  };
  try {
    const testUri = writeTestDriverNode(dir);
    await ensureQemuUser();
    if (!(await systemDaemonAnswers())) pids = await startDaemons(dir);
    else console.log(`[libvirt-lab] ${systemUri} already answers: using that daemon, starting none`);
    const daemonSeconds = ((Date.now() - started) / 1000).toFixed(1);
    // Copies: libvirt's DAC driver relabels the files it gives QEMU, and the cache is shared.
    copyFileSync(kernel, path.join(dir, 'vmlinuz'));
    copyFileSync(initrd, path.join(dir, 'initrd.gz'));
    await run('qemu-img', ['create', '-q', '-f', 'qcow2', path.join(dir, 'disk.qcow2'), '64M']);
    const domainFile = path.join(dir, 'guest.xml');
    writeFileSync(domainFile, guestDomainXml(dir));
    await removeGuest(); // a guest left by a run that was killed
    guestDefined = true;
    await virsh(['define', domainFile]);
    await virsh(['start', labGuestName]);
    await waitForGuest(path.join(dir, 'serial.log'));
    console.log(`[libvirt-lab] libvirtd ready after ${daemonSeconds} s, ${labGuestName} ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return {
      env: { WS_TEST_LIBVIRT_TEST_URI: testUri, WS_TEST_LIBVIRT_URI: systemUri, WS_TEST_LIBVIRT_GUEST: labGuestName },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
