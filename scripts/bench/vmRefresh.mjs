// Measurement 9: the libvirt provider's refresh with 100 test-driver domains (virsh reads a node
// file, no daemon), run in node from the compiled provider with a runTool that counts processes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from '../harness/apt.mjs';
import { onCleanup } from '../harness/processes.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const domainCount = 100;
const repetitions = 15;
// virDomainState numbers: running, paused, shut off, crashed.
const states = [1, 1, 3, 5, 6];

function nodeXml() {
  const domains = Array.from({ length: domainCount }, (_, i) => {
    const n = String(i).padStart(3, '0');
    return `  <domain type='test'>
    <name>bench-vm-${n}</name>
    <uuid>be0c0000-0000-4000-8000-000000000${n}</uuid>
    <memory unit='MiB'>${256 * (1 + (i % 4))}</memory>
    <currentMemory unit='MiB'>${256 * (1 + (i % 4))}</currentMemory>
    <vcpu>${1 + (i % 4)}</vcpu>
    <os><type arch='x86_64'>hvm</type></os>
    <test:runstate xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>${states[i % states.length]}</test:runstate>
  </domain>`;
  });
  return `<node>\n${domains.join('\n')}\n</node>\n`;
}

const silentLog = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

export async function measureVmRefresh() {
  await ensureDebianPackages(['libvirt-clients']);
  const { LibvirtProvider } = require(path.join(repoRoot, 'out', 'src', 'providers', 'libvirt', 'libvirtProvider.js'));
  const { runTool } = require(path.join(repoRoot, 'out', 'src', 'providers', 'exec', 'runTool.js'));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ws-bench-vm-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const unregister = onCleanup(`scratch directory ${dir}`, async () => remove(), remove);
  try {
    const nodeFile = path.join(dir, 'node.xml');
    writeFileSync(nodeFile, nodeXml());
    let spawned = 0;
    const countingRunTool = (run) => {
      if (path.basename(run.tool) === 'virsh') spawned++;
      return runTool(run);
    };
    const provider = new LibvirtProvider({ uris: () => [`test://${nodeFile}`], timeoutMs: () => 30_000, log: silentLog, runTool: countingRunTool });
    const times = [];
    const processes = [];
    let listed = 0;
    for (let rep = 0; rep <= repetitions; rep++) {
      spawned = 0;
      const started = performance.now();
      const result = await provider.list();
      const ms = performance.now() - started;
      if (!result.ok) throw new Error(`libvirt list failed: ${result.diagnosis.message}`);
      listed = result.workloads.length;
      if (rep === 0) continue; // warm-up
      times.push(ms);
      processes.push(spawned);
    }
    const note = `${listed} domains listed through test:// (node file, no daemon), provider.list() in node`;
    return [
      { id: 'vm-refresh', measure: `(9) libvirt refresh, ${domainCount} test-driver domains`, unit: 'ms', samples: times, note },
      { id: 'vm-processes', measure: `(9) virsh processes per refresh, ${domainCount} domains`, unit: 'count', samples: processes },
    ];
  } finally {
    unregister();
    remove();
  }
}
