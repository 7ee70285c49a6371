// The honest labels of a column: what the numbers were measured on. Read from the workload's own
// stack (accelerator, CPU limits, the host being a VM) and from what the probe saw inside.
import type { Layer, LayerKind, Stack, WorkloadKind } from '../shared/model';
import type { LabMeasurement } from './overheadLab';

function fact(stack: Stack | undefined, key: string): string | undefined {
  for (const layer of stack?.layers ?? []) {
    const found = layer.facts.find((candidate) => candidate.key === key);
    if (found) return found.value;
  }
  return undefined;
}

function layer(stack: Stack | undefined, kind: LayerKind): Layer | undefined {
  return stack?.layers.find((candidate) => candidate.kind === kind);
}

export function measuredOnLabels(kind: WorkloadKind, stack: Stack | undefined, measurement: LabMeasurement): string[] {
  const labels: string[] = [];
  const accelerator = fact(stack, 'accelerator');
  if (kind === 'vm') labels.push(accelerator ? `accelerator: ${accelerator}` : 'accelerator unknown');
  if (kind === 'pod') labels.push(fact(stack, 'kernel') ?? 'the kernel its runtime gives it');
  if (kind === 'container') {
    labels.push('shares this machine’s kernel');
    const cpuLimit = fact(stack, 'cpu-limit');
    if (cpuLimit && cpuLimit !== 'unlimited') labels.push(`CPU limit ${cpuLimit}`);
    const cpuset = fact(stack, 'cpuset');
    if (cpuset && cpuset !== 'all CPUs') labels.push(`CPU set ${cpuset}`);
  }
  const system = measurement.system;
  if (system) {
    labels.push(`${system.cpusAllowed} of ${system.cpusOnline} CPUs usable, ${system.kernel} ${system.machine}`);
    if (system.cpuMax && !system.cpuMax.startsWith('max')) labels.push(`cgroup CPU quota ${system.cpuMax} (µs per period)`);
  }
  if (kind === 'host') {
    const hypervisor = layer(stack, 'hypervisor');
    if (hypervisor) labels.push(`this machine is itself a VM (${fact(stack, 'hypervisor') ?? hypervisor.title})`);
    else if (system?.hypervisorFlag) labels.push('this machine is itself a VM (hypervisor CPU flag)');
  }
  if (measurement.dir) labels.push(`file I/O on ${measurement.dir.fsType}${measurement.dir.fsType.startsWith('tmpfs') || measurement.dir.fsType.startsWith('ramfs') ? ' (memory: fsync costs nothing there)' : ''}`);
  return labels;
}

/** The band a workload's cost comes from: the isolation of a container, the hypervisor of a VM. */
export function costLayerOf(kind: WorkloadKind, stack: Stack | undefined): LayerKind | undefined {
  const has = (layerKind: LayerKind) => !stack || stack.layers.some((candidate) => candidate.kind === layerKind);
  if (kind === 'container' || kind === 'pod') return has('isolation') ? 'isolation' : 'engine';
  if (kind === 'vm') return has('hypervisor') ? 'hypervisor' : 'virtual-hardware';
  return undefined;
}
