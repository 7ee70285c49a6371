// The overhead lab's table on this machine, for BENCHMARKS.md and the README: the compiled lab
// (out/src/overhead) measures this machine, a busybox container, a read-only container through
// its volume, and the QEMU TCG lab VM, with the extension's default settings. The VM boots only
// after the others are measured: an emulated guest keeps a host core busy and would slow them.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connect } from '../harness/dockerd.mjs';
import { busyboxImage } from '../harness/images.mjs';
import { buildProbes } from '../probe/buildProbe.mjs';
import { writeBenchmarksSection } from './report.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const compiled = (...parts) => require(path.join(repoRoot, 'out', 'src', ...parts));
const silentLog = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

async function startContainer(docker, name, hostConfig) {
  const container = await docker.createContainer({
    name,
    Image: busyboxImage,
    Cmd: ['sleep', '3600'],
    Labels: { 'workload-stacks.bench': 'overhead' },
    HostConfig: { Init: true, ...hostConfig },
  });
  await container.start();
  return container;
}

/** Measures and writes the section; returns no rows for the main table (it has its own). */
export async function measureOverheadLab({ dockerHost }) {
  await buildProbes();
  const { runLab, DEFAULT_SETTINGS } = compiled('overhead', 'overheadLab.js');
  const { buildResults } = compiled('overhead', 'overheadResults.js');
  const { toMarkdown, toJson } = compiled('overhead', 'overheadExport.js');
  const { hostProbeTarget } = compiled('providers', 'host', 'hostProbe.js');
  const { DockerProvider } = compiled('providers', 'docker', 'dockerProvider.js');
  const { resolveDockerEndpoint, endpointInputFromProcess } = compiled('providers', 'docker', 'endpoint.js');
  const { QemuProvider } = compiled('providers', 'qemu', 'qemuProvider.js');
  const { startQemuLab, labVmName } = await import('../harness/qemuLab.mjs');

  const settings = { ...DEFAULT_SETTINGS, runs: Number(process.env.WS_BENCH_OVERHEAD_RUNS ?? 5) };
  const probeFor = async (architecture) => {
    const file = path.join(repoRoot, 'dist', 'probe', `ws-probe-${architecture}`);
    return existsSync(file) ? readFileSync(file) : undefined;
  };
  const hooks = { probeFor, onProgress: (message) => console.log(`[overhead] ${message}`) };
  const docker = connect(dockerHost);
  const provider = new DockerProvider({
    resolveEndpoint: () => resolveDockerEndpoint(endpointInputFromProcess(dockerHost)),
    timeoutMs: () => 30_000,
    log: silentLog,
  });
  const volume = `ws-bench-overhead-${process.pid}`;
  const containers = [];
  const startedAt = new Date();
  try {
    containers.push(await startContainer(docker, `overhead-busybox-${process.pid}`, {}));
    containers.push(await startContainer(docker, `overhead-readonly-${process.pid}`, { ReadonlyRootfs: true, Binds: [`${volume}:/data`] }));
    const host = { ref: { kind: 'host', providerId: 'host', id: 'local' }, name: os.hostname() || 'this machine', kind: 'host', target: hostProbeTarget() };
    const asWorkload = (container, name) => {
      const ref = { kind: 'container', providerId: 'docker', id: container.id };
      return { ref, name, kind: 'container', target: provider.probeTarget(ref) };
    };
    const workloads = [host, asWorkload(containers[0], 'busybox container'), asWorkload(containers[1], 'read-only container')];
    const measurements = await runLab(workloads, settings, hooks);
    const stacks = new Map();
    for (const measurement of measurements.slice(1)) stacks.set(measurement, await provider.inspectStack(measurement.workload.ref, { processes: false }));

    const lab = await startQemuLab();
    try {
      const qemu = new QemuProvider({ log: silentLog });
      const listed = await qemu.list();
      const vm = listed.ok ? listed.workloads.find((workload) => workload.name === labVmName) : undefined;
      if (!vm) throw new Error(`${labVmName} is not listed by the QEMU provider`);
      const [vmMeasurement] = await runLab([{ ref: vm.ref, name: `${labVmName} (QEMU TCG VM)`, kind: 'vm', target: qemu.probeTarget(vm.ref) }], settings, hooks);
      measurements.push(vmMeasurement);
      stacks.set(vmMeasurement, await qemu.inspectStack(vm.ref));
    } finally {
      await lab.stop();
    }

    const results = buildResults({ measurements, stacks, settings, startedAt, finishedAt: new Date(), cancelled: false });
    const markdown = toMarkdown(results).replace(/^# .*\n\n/, '');
    console.log(`\n${markdown}`);
    writeFileSync(path.join(repoRoot, 'bench', 'overhead.json'), toJson(results));
    console.log(`[overhead] ${path.relative(repoRoot, writeBenchmarksSection(repoRoot, 'overhead', markdown, '## Overhead lab: what each layer costs on this machine'))} and bench/overhead.json written`);
    return [];
  } finally {
    for (const container of containers) await container.remove({ force: true }).catch(() => undefined);
    await docker.getVolume(volume).remove().catch(() => undefined);
  }
}
