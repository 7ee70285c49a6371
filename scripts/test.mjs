// `npm test`: sets up what the tests need, builds, and runs every tier against real components.
// Usage: node scripts/test.mjs [lint|unit|probe|webview|engine|vm|cluster|integration|e2e ...]   (none: all of them)
// Setup and build always run first, limited to what the chosen stages need. A failing setup or
// build step ends the run; a failing test stage does not stop the stages after it. Skipped
// (pending) tests count as failures: every test must run. Whatever the run started is stopped
// at the end, also on Ctrl-C and SIGTERM.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// Only modules without npm dependencies are imported up front: setup may still have to run
// `npm ci`. Everything else (mocha, dockerode, playwright) is imported by the stage that uses it.
import { ensureDebianPackages } from './harness/apt.mjs';
import { ensureNodeModules } from './harness/dependencies.mjs';
import { onCleanup, run, runCleanups, signalProcessGroup, spawnProcessGroup, stopProcessGroup } from './harness/processes.mjs';
import { packageExtension, vsixPath } from './package.mjs';
import { buildProbes } from './probe/buildProbe.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(repoRoot, 'test-results');
const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

// What each test stage needs from the machine.
const stageNeeds = {
  // The layering (eslint.config.mjs): a file that imports across a boundary fails here first.
  lint: { debian: [] },
  unit: { debian: ['zstd'] },
  // The overhead probe: both static binaries run here, the arm64 one under qemu-user.
  probe: { debian: ['musl-tools', 'gcc-aarch64-linux-gnu', 'libc6-dev-arm64-cross', 'qemu-user-static'] },
  webview: { debian: ['chromium'] },
  // dive, the reference the image analysis is compared with, built from its Go module once per version.
  engine: { debian: ['docker.io', 'busybox-static', 'iproute2', 'openssh-server', 'openssh-client', 'podman', 'runc', 'uidmap', 'slirp4netns', 'catatonit', 'fuse-overlayfs'], engine: true, dive: true },
  vm: { debian: ['libvirt-clients', 'libvirt-daemon', 'libvirt-daemon-driver-qemu', 'qemu-system-x86', 'qemu-utils', 'busybox-static', 'openssh-server', 'openssh-client'] },
  // A real control plane (etcd, kube-apiserver, kwok) built from Go modules once per version.
  cluster: { debian: ['openssl'], kubernetes: true },
  integration: { debian: ['docker.io', 'busybox-static', 'iproute2', 'chromium', 'libkrb5-dev', 'pkg-config', 'libvirt-clients', 'podman', 'runc', 'uidmap', 'slirp4netns', 'catatonit', 'fuse-overlayfs'], engine: true, codeServer: true },
  e2e: {
    debian: ['docker.io', 'busybox-static', 'iproute2', 'chromium', 'libkrb5-dev', 'pkg-config', 'unzip', 'qemu-system-x86', 'qemu-utils', 'libvirt-clients', 'podman', 'runc', 'uidmap', 'slirp4netns', 'catatonit', 'fuse-overlayfs', 'openssl'],
    engine: true,
    kubernetes: true,
    codeServer: true,
    vsix: true,
  },
};
const testStages = Object.keys(stageNeeds);

function testFiles(dir, suffix) {
  const absolute = path.join(repoRoot, dir);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { recursive: true })
    .filter((file) => file.endsWith(suffix))
    .sort()
    .map((file) => path.join(absolute, file));
}

/**
 * Runs mocha in this process over `files` with `env` added to process.env while it runs.
 * Resolves with { passed, failed }; pending tests are counted as failed.
 */
async function runMocha(files, { timeout, env = {} }) {
  if (files.length === 0) throw new Error('no test files found');
  const { default: Mocha } = await import('mocha');
  const savedEnv = { ...process.env };
  Object.assign(process.env, env);
  // WS_TEST_GREP runs only the matching tests (while working on one); CI leaves it unset.
  const mocha = new Mocha({ reporter: 'spec', timeout, color: process.stdout.isTTY, grep: process.env.WS_TEST_GREP || undefined });
  try {
    for (const file of files) mocha.addFile(file);
    await mocha.loadFilesAsync();
    const skipped = [];
    const stats = await new Promise((resolve) => {
      const runner = mocha.run(() => resolve(runner.stats));
      runner.on('pending', (test) => skipped.push(test.fullTitle()));
    });
    for (const title of skipped) console.log(`  skipped, counted as failed: ${title}`);
    if (stats.passes + stats.failures + stats.pending === 0) throw new Error('no tests ran');
    return { passed: stats.passes, failed: stats.failures + stats.pending };
  } finally {
    mocha.dispose();
    for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name];
    Object.assign(process.env, savedEnv);
  }
}

let privateEngine;
/** One private dockerd with the test images, shared by every stage that needs an engine. */
function engine() {
  privateEngine ??= (async () => {
    const { startPrivateDockerd } = await import('./harness/dockerd.mjs');
    const { ensureBusyboxImage, ensureDeepImage } = await import('./harness/images.mjs');
    const started = await startPrivateDockerd({ label: 'npm-test' });
    await ensureBusyboxImage(started.dockerHost);
    await ensureDeepImage(started.dockerHost);
    console.log(`private engine at ${started.dockerHost} (log ${path.join(started.dir, 'dockerd.log')})`);
    return started;
  })();
  return privateEngine;
}

async function secondEngine() {
  const { startPrivateDockerd } = await import('./harness/dockerd.mjs');
  const { ensureBusyboxImage } = await import('./harness/images.mjs');
  const started = await startPrivateDockerd({ label: 'npm-test-second' });
  await ensureBusyboxImage(started.dockerHost);
  console.log(`second private engine at ${started.dockerHost}`);
  return started;
}

function engineEnv({ dockerHost, env }) {
  return { DOCKER_HOST: dockerHost, WS_TEST_DOCKER_HOST: dockerHost, DOCKER_BUILDKIT: env.DOCKER_BUILDKIT, PATH: env.PATH };
}

async function setup(needs) {
  const debian = [...new Set(needs.flatMap((need) => need.debian))];
  if (debian.length > 0) await ensureDebianPackages(debian);
  await ensureNodeModules();
  if (needs.some((need) => need.codeServer)) {
    const { ensureCodeServer } = await import('./harness/codeServer.mjs');
    await ensureCodeServer();
  }
  if (needs.some((need) => need.dive)) {
    const { ensureDive } = await import('./harness/dive.mjs');
    await ensureDive();
  }
  if (needs.some((need) => need.kubernetes)) {
    const { ensureKubernetesBinaries } = await import('./harness/kubernetes.mjs');
    await ensureKubernetesBinaries();
  }
}

// tsc never deletes output: a compiled test whose source was deleted or renamed must not run.
function removeStaleCompiledTests() {
  for (const compiled of testFiles('out/test', '.test.js')) {
    const source = path.join(repoRoot, path.relative(path.join(repoRoot, 'out'), compiled)).replace(/\.js$/, '.ts');
    if (!existsSync(source)) rmSync(compiled);
  }
}

async function build(needs) {
  const step = (args) => run(process.execPath, args, { cwd: repoRoot, stdio: 'inherit' });
  await step([tsc, '-p', '.', '--noEmit']);
  await step([tsc, '-p', 'webview-ui', '--noEmit']);
  await step([tsc, '-p', 'test']);
  removeStaleCompiledTests();
  if (needs.some((need) => need.vsix)) {
    const { sizes } = await packageExtension(); // builds the production bundles first
    for (const [file, bytes] of Object.entries(sizes)) console.log(`  ${file}: ${(bytes / 1024).toFixed(0)} KB`);
  } else {
    await step([path.join(repoRoot, 'scripts', 'build.mjs')]);
  }
  // Every run: unit tests read the probe binaries too (packageExtension has built them already).
  const { sizes } = await buildProbes();
  for (const [arch, bytes] of Object.entries(sizes)) console.log(`  probe ${arch}: ${(bytes / 1024).toFixed(0)} KB`);
}

const stageBodies = {
  lint: async () => {
    const { ESLint } = await import('eslint');
    const eslint = new ESLint({ cwd: repoRoot });
    const results = await eslint.lintFiles(['.']);
    const formatter = await eslint.loadFormatter('stylish');
    const report = await formatter.format(results);
    if (report) console.log(report);
    const failed = results.filter((result) => result.errorCount > 0 || result.warningCount > 0).length;
    console.log(`  ${results.length} files linted, ${failed} with problems`);
    return { passed: results.length - failed, failed };
  },
  unit: () => runMocha(testFiles('out/test/unit', '.test.js'), { timeout: 10_000 }),
  probe: () => runMocha(testFiles('out/test/probe', '.test.js'), { timeout: 120_000 }),
  webview: () => runMocha(testFiles('test/webview', '.test.mjs'), { timeout: 60_000, env: { WS_TEST_RESULTS: resultsDir } }),
  engine: async () => runMocha(testFiles('out/test/engine', '.test.js'), { timeout: 60_000, env: engineEnv(await engine()) }),
  // Real VMs: the libvirt test driver and a private libvirtd with a TCG guest, and a bare QEMU TCG
  // VM with QMP. A TCG guest keeps a core busy, so the labs run only for this stage.
  vm: async () => {
    const { startQemuLab } = await import('./harness/qemuLab.mjs');
    const { startLibvirtLab } = await import('./harness/libvirtLab.mjs');
    const labs = [];
    try {
      labs.push(await startQemuLab());
      labs.push(await startLibvirtLab());
      const env = Object.assign({}, ...labs.map((lab) => lab.env));
      return await runMocha(testFiles('out/test/vm', '.test.js'), { timeout: 120_000, env });
    } finally {
      for (const lab of labs.reverse()) await lab.stop();
    }
  },
  cluster: async () => {
    const { startPrivateCluster } = await import('./harness/kubernetes.mjs');
    const { populateTestCluster } = await import('./harness/clusterObjects.mjs');
    // Watches from etcd: the suite compacts it to see the 410 Gone a watch that fell behind gets.
    const { startRealNode, BUSYBOX_IMAGE } = await import('./harness/realNode.mjs');
    const cluster = await startPrivateCluster({ label: 'npm-test', watchCache: false });
    let realNode;
    try {
      const { viewer } = await populateTestCluster(cluster);
      // Beside kwok's nodes, one real node: kubelet and containerd on this machine.
      realNode = await startRealNode(cluster);
      const admin = path.join(cluster.dir, 'pki');
      const env = {
        WS_TEST_KUBECONFIG: cluster.kubeconfig,
        WS_TEST_KUBE_CONTEXT: cluster.contextName,
        WS_TEST_KUBE_SERVER: cluster.server,
        WS_TEST_KUBE_ETCD: cluster.etcdUrl,
        WS_TEST_KUBE_ADMIN: JSON.stringify({ ca: path.join(admin, 'ca.crt'), cert: path.join(admin, 'admin.crt'), key: path.join(admin, 'admin.key') }),
        WS_TEST_KUBE_VIEWER: JSON.stringify(viewer),
        WS_TEST_KUBE_POD_LOGS: JSON.stringify(cluster.podLogs),
        WS_TEST_KUBE_REAL_NODE: JSON.stringify({ name: realNode.name, image: BUSYBOX_IMAGE }),
      };
      return await runMocha(testFiles('out/test/cluster', '.test.js'), { timeout: 60_000, env });
    } finally {
      await realNode?.stop();
      await cluster.stop();
    }
  },
  integration: async () => {
    const { runIntegrationTests } = await import('./harness/runIntegration.mjs');
    // A second engine and a Podman beside the first, for the suite of several engines at once.
    const { startPrivatePodman } = await import('./harness/podman.mjs');
    const second = await secondEngine();
    const podman = await startPrivatePodman({ label: 'npm-test' }).catch(async (error) => {
      await second.stop();
      throw error;
    });
    try {
      const env = { ...engineEnv(await engine()), WS_TEST_SECOND_DOCKER_HOST: second.dockerHost, WS_TEST_PODMAN_DOCKER_HOST: podman.dockerHost };
      const { passed, failed, exitCode } = await runIntegrationTests({ env });
      return { passed, failed: failed === 0 && exitCode !== 0 ? 1 : failed };
    } finally {
      await podman.stop();
      await second.stop();
    }
  },
  e2e: async () => {
    const started = await engine();
    const { createSampleWorkloads } = await import('./harness/sampleWorkloads.mjs');
    // Every sample carries it; no message to any webview may, unless the user revealed it.
    const secret = `ws-secret-canary-${randomBytes(6).toString('hex')}`;
    const samples = await createSampleWorkloads(started.dockerHost, { secret });
    const env = { ...engineEnv(started), WS_TEST_VSIX: vsixPath, WS_TEST_RESULTS: resultsDir, WS_TEST_SAMPLES: JSON.stringify(samples), WS_TEST_SECRET_CANARY: secret };
    return runMocha(testFiles('test/e2e', '.test.mjs'), { timeout: 300_000, env });
  },
};

function printSummary(results, totalSeconds) {
  const count = (value) => String(value ?? '-').padStart(7);
  console.log(`\n${'stage'.padEnd(12)} ${'passed'.padStart(7)} ${'failed'.padStart(7)} ${'seconds'.padStart(8)}  note`);
  for (const { stage, passed, failed, seconds, note = '' } of results) {
    console.log(`${stage.padEnd(12)} ${count(passed)} ${count(failed)} ${(seconds?.toFixed(1) ?? '-').padStart(8)}  ${note.split('\n')[0]}`);
  }
  console.log(`${'total'.padEnd(28)} ${totalSeconds.toFixed(1).padStart(8)}`);
}

/**
 * WS_TEST_STRESS=1: a busy loop keeps one core full for the whole run, as a developer's build or
 * a CI neighbour would, so a test that only passes on an idle machine shows itself.
 */
function startStress() {
  if (process.env.WS_TEST_STRESS !== '1') return;
  const busy = spawnProcessGroup(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  onCleanup(`stress loop (pid ${busy.pid})`, () => stopProcessGroup(busy, 1_000), () => signalProcessGroup(busy.pid, 'SIGKILL'));
  console.log(`[stress] a busy loop (pid ${busy.pid}) keeps one core full during the run`);
}

async function main() {
  startStress();
  const requested = process.argv.slice(2);
  const unknown = requested.filter((stage) => !testStages.includes(stage));
  if (unknown.length > 0) {
    console.error(`Unknown stage ${unknown.join(', ')}. Usage: node scripts/test.mjs [${testStages.join('|')} ...]`);
    return 2;
  }
  const stages = requested.length > 0 ? testStages.filter((stage) => requested.includes(stage)) : testStages;
  const needs = stages.map((stage) => stageNeeds[stage]);
  mkdirSync(resultsDir, { recursive: true });

  const runStarted = Date.now();
  const results = [];
  let setupFailed = false;
  const steps = [
    ['setup', () => setup(needs)],
    ['build', () => build(needs)],
    ...stages.map((stage) => [stage, stageBodies[stage]]),
  ];
  for (const [stage, body] of steps) {
    const isTestStage = testStages.includes(stage);
    if (setupFailed) {
      results.push({ stage, note: 'not run' });
      continue;
    }
    console.log(`\n=== ${stage} ===`);
    const started = Date.now();
    try {
      const counts = (await body()) ?? {};
      results.push({ stage, ...counts, seconds: (Date.now() - started) / 1000 });
    } catch (error) {
      console.error(`\n${stage} failed: ${error.message}`);
      // A stage that could not run counts as one failure, so the totals never look clean.
      results.push({ stage, passed: isTestStage ? 0 : undefined, failed: 1, seconds: (Date.now() - started) / 1000, note: `error: ${error.message}` });
      if (!isTestStage) setupFailed = true;
    }
  }

  await runCleanups();
  printSummary(results, (Date.now() - runStarted) / 1000);
  const passed = results.reduce((sum, result) => sum + (result.passed ?? 0), 0);
  const failed = results.reduce((sum, result) => sum + (result.failed ?? 0), 0);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 || setupFailed ? 1 : 0;
}

const exitCode = await main().catch(async (error) => {
  console.error(error);
  await runCleanups();
  console.log('0 passed, 1 failed');
  return 1;
});
// Exit explicitly: sockets or timers left by a test must not keep the run alive.
process.exit(exitCode);
