// `npm run demo`: builds and packages the extension and opens it in real VS Code with live data.
// On Linux as root it starts a private sandbox engine with sample containers, so your own
// containers are never touched; elsewhere it shows your default engine and changes nothing there.
// Desktop `code` is used when it is on PATH, otherwise code-server at a printed local URL.
// Ctrl-C stops everything the demo started.
//
//   --smoke   start everything, check the workbench shows the extension, save
//             test-results/demo.png, then stop (a non-interactive check of the demo itself)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findOnPath } from './harness/apt.mjs';
import { startPrivateDockerd } from './harness/dockerd.mjs';
import { onCleanup, run, runCleanups, spawnProcessGroup, stopProcessGroup, waitForExit } from './harness/processes.mjs';
import { createSampleWorkloads } from './harness/sampleWorkloads.mjs';
import { packageExtension } from './package.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const smoke = process.argv.includes('--smoke');

/** The engine to show: a private sandbox with samples where possible, else the user's default. */
async function chooseEngine() {
  if (process.platform === 'linux' && process.getuid?.() === 0) {
    console.log('Starting a private sandbox Docker engine (your own containers are not touched)...');
    const sandbox = await startPrivateDockerd({ label: 'demo' });
    const samples = await createSampleWorkloads(sandbox.dockerHost);
    console.log(`Sandbox engine: ${sandbox.dockerHost}`);
    console.log(`Sample containers: ${Object.values(samples).map((sample) => sample.name).join(', ')}`);
    console.log(`shop-web-1 serves ${samples.web.url}`);
    const podman = await startSamplePodman();
    const cluster = await startSampleCluster();
    const settings = {
      ...(await startVmLab()),
      'workloadStacks.engines': [{ host: podman.dockerHost, name: 'Podman (sandbox)' }],
      'workloadStacks.kubernetes.kubeconfigs': cluster ? [cluster.kubeconfig] : [],
    };
    return { env: { DOCKER_HOST: sandbox.dockerHost, PATH: sandbox.env.PATH }, hasSamples: true, settings };
  }
  console.log(
    `Using your default Docker engine (${process.env.DOCKER_HOST ?? 'the Docker context or platform default'}): ` +
      'no sandbox (that needs Linux and root), and the demo creates no containers there.',
  );
  return { env: {}, hasSamples: false, settings: {} };
}

/**
 * A private Kubernetes control plane (etcd, kube-apiserver and kwok, built from their Go modules
 * the first time: minutes) with the tests' nodes, RuntimeClasses and pods. Without Go the demo goes
 * on without it and says why.
 */
async function startSampleCluster() {
  const { startPrivateCluster } = await import('./harness/kubernetes.mjs');
  const { populateTestCluster } = await import('./harness/clusterObjects.mjs');
  console.log('Starting a private sandbox Kubernetes cluster (built from Go modules the first time)...');
  try {
    const cluster = await startPrivateCluster({ label: 'demo', contextName: 'sandbox-cluster' }); // stopped by the cleanup registry
    await populateTestCluster(cluster);
    console.log(`Sandbox cluster: ${cluster.server} (context sandbox-cluster: nodes of three clouds, a kind node, Kata and gVisor pods)`);
    await startRealSamplePod(cluster);
    return cluster;
  } catch (error) {
    console.log(`No sandbox cluster: ${error.message.split('\n')[0]}`);
    return undefined;
  }
}

/**
 * As root: a real node in the sandbox cluster (kubelet and containerd on this machine) running one
 * pod, whose diagram shows its processes, cgroups and namespaces here. Without root, said and skipped.
 */
async function startRealSamplePod(cluster) {
  const { startRealNode, BUSYBOX_IMAGE } = await import('./harness/realNode.mjs');
  try {
    const node = await startRealNode(cluster); // stopped by the cleanup registry
    const container = (name, memory) => ({ name, image: BUSYBOX_IMAGE, imagePullPolicy: 'Never', command: ['sleep', '86400'], ...(memory ? { resources: { limits: { memory, cpu: '250m' } } } : {}) });
    await cluster.create('/api/v1/namespaces/default/pods', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'real-pod' }, spec: { nodeName: node.name, hostNetwork: true, terminationGracePeriodSeconds: 0, containers: [container('web', '64Mi'), container('sidecar')] } });
    console.log(`Real node ${node.name}: kubelet and containerd on this machine, running the pod real-pod`);
  } catch (error) {
    console.log(`No real node: ${error.message.split('\n')[0]}`);
  }
}

/** A private Podman beside the sandbox Docker engine, with one sample container: two engines side by side. */
async function startSamplePodman() {
  const { startPrivatePodman } = await import('./harness/podman.mjs');
  console.log('Starting a private sandbox Podman beside it...');
  const podman = await startPrivatePodman({ label: 'demo' }); // stopped by the cleanup registry
  // No network: a Podman bridge would change this machine's firewall.
  await podman.podman(['run', '--detach', '--name', 'podman-box', '--network', 'none', '--label', 'workload-stacks.demo=1', 'localhost/local/busybox:latest', 'sleep', 'infinity']);
  // A pod: two containers sharing network, IPC and UTS through its infra container.
  await podman.podman(['pod', 'create', '--name', 'podman-pod', '--network', 'none', '--label', 'workload-stacks.demo=1']);
  for (const name of ['pod-web', 'pod-worker']) {
    await podman.podman(['run', '--detach', '--pod', 'podman-pod', '--name', name, '--label', 'workload-stacks.demo=1', 'localhost/local/busybox:latest', 'sleep', 'infinity']);
  }
  console.log(`Sandbox Podman: ${podman.dockerHost} (sample container podman-box, pod podman-pod)`);
  return podman;
}

/**
 * VMs to look at: a QEMU TCG guest (QMP and a guest agent) and libvirt test-driver domains beside
 * the machine's own libvirt. Returns the editor settings that show them.
 */
async function startVmLab() {
  const { startQemuLab, labVmName } = await import('./harness/qemuLab.mjs');
  const { writeTestDriverNode } = await import('./harness/libvirtLab.mjs');
  console.log('Booting a small QEMU VM (software emulation, one core) for the VM part of the view...');
  await startQemuLab(); // stopped by the cleanup registry with everything else
  const testUri = writeTestDriverNode(scratchDir('ws-demo-libvirt-'));
  console.log(`QEMU VM: ${labVmName}; libvirt test domains: ${testUri}`);
  // The sandbox's engines only, not the contexts or Podman sockets of this machine's user.
  return { 'workloadStacks.libvirt.uris': ['qemu:///system', 'qemu:///session', testUri], 'workloadStacks.findEngines': false };
}

function scratchDir(prefix) {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  onCleanup(`scratch directory ${dir}`, async () => rmSync(dir, { recursive: true, force: true }), () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Desktop VS Code with its own profile and extensions directory; resolves when its window closes. */
async function openDesktop(code, vsixPath, env, settings) {
  const profile = scratchDir('ws-demo-code-');
  const workspace = path.join(profile, 'workspace');
  const dirs = ['--user-data-dir', path.join(profile, 'user-data'), '--extensions-dir', path.join(profile, 'extensions')];
  mkdirSync(path.join(profile, 'user-data', 'User'), { recursive: true });
  writeFileSync(path.join(profile, 'user-data', 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  await run(code, [...dirs, '--install-extension', vsixPath]);
  mkdirSync(workspace);
  console.log('Opening VS Code with Workload Stacks installed (close its window or press Ctrl-C to stop)...');
  const editor = spawnProcessGroup(code, [...dirs, '--new-window', '--wait', workspace], { env: { ...process.env, ...env }, stdio: 'inherit' });
  const unregister = onCleanup('VS Code', () => stopProcessGroup(editor));
  await waitForExit(editor, 2 ** 31 - 1);
  unregister();
}

async function openCodeServer(vsixPath, env, settings) {
  const { startCodeServer } = await import('./harness/codeServer.mjs');
  const workspace = scratchDir('ws-demo-');
  const server = await startCodeServer({ installVsix: vsixPath, env, settings, workspaceDir: workspace });
  const url = new URL(server.url);
  url.searchParams.set('folder', workspace);
  return { server, url: url.href, workspace };
}

/** What the lead checks without a person: the page answers and the workbench shows the extension. */
async function smokeCheck({ url, workspace, server }, hasSamples, hasCluster) {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`${url} answered HTTP ${response.status}`);
  const { launchChromium } = await import('./harness/browser.mjs');
  const { findTreeRow, openActivity, openWorkbench, screenshot } = await import('./harness/workbench.mjs');
  const browser = await launchChromium();
  try {
    const page = await openWorkbench(browser, server.url, { folder: workspace });
    await openActivity(page, 'Workload Stacks', { timeout: 60_000 });
    if (hasSamples) {
      await findTreeRow(page, 'limited-box', { timeout: 60_000 });
      await findTreeRow(page, 'ws-lab-qemu', { timeout: 60_000 });
      await findTreeRow(page, 'test-web', { timeout: 60_000 });
      await findTreeRow(page, 'podman-box', { timeout: 60_000 });
      await findTreeRow(page, 'podman-pod', { timeout: 60_000 });
      if (hasCluster) await findTreeRow(page, 'web-guaranteed', { timeout: 60_000 });
    }
    console.log(`Smoke check passed: screenshot ${await screenshot(page, 'demo')}`);
  } finally {
    await browser.close();
  }
}

async function main() {
  console.log('Building and packaging...');
  const { vsixPath, sizes } = await packageExtension();
  console.log(`Packaged ${path.relative(repoRoot, vsixPath)} (${(sizes[path.relative(repoRoot, vsixPath)] / 1024).toFixed(0)} KB)`);
  const { env, hasSamples, settings } = await chooseEngine();

  const code = smoke ? undefined : findOnPath('code');
  if (code) {
    await openDesktop(code, vsixPath, env, settings);
    return;
  }
  console.log('Starting code-server (VS Code in the browser)...');
  const opened = await openCodeServer(vsixPath, env, settings);
  if (smoke) {
    await smokeCheck(opened, hasSamples, (settings['workloadStacks.kubernetes.kubeconfigs'] ?? []).length > 0);
    return;
  }
  console.log(`\nWorkload Stacks is running in VS Code at:\n\n  ${opened.url}\n\nOpen it in a browser. Press Ctrl-C to stop everything the demo started.`);
  if (hasSamples) {
    console.log('To see what each layer costs: F1, "Workload Stacks: Measure Overhead", tick limited-box and ws-lab-qemu (this machine is the baseline).');
  }
  // Until Ctrl-C: the cleanup registry then stops everything and exits.
  await new Promise(() => setInterval(() => {}, 2 ** 30));
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  console.error(`demo: ${error.message}`);
  exitCode = 1;
}
const stopped = await runCleanups();
if (stopped.length > 0) console.log(`Stopped: ${stopped.join('; ')}`);
process.exit(exitCode);
