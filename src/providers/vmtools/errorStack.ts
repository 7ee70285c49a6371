// The diagram of a VM whose tool could not be asked: this machine's bands stay, every band above
// says why it is empty, so the panel shows the failure instead of an exception.
import type { Layer, LayerKind, Stack, WorkloadRef } from '../../shared/model';

export function errorStack(input: { ref: WorkloadRef; product: string; reason: string; hardware: Layer; hostOs: Layer; readAt: string }): Stack {
  const empty = (kind: LayerKind, title: string): Layer => ({ kind, title, facts: [], unavailable: `${input.product} could not be asked: ${input.reason}` });
  return {
    workload: input.ref,
    name: input.ref.id,
    layers: [
      input.hardware,
      input.hostOs,
      { kind: 'hypervisor', title: `Hypervisor: ${input.product}`, facts: [{ key: 'hypervisor', label: 'Hypervisor', value: input.product, source: 'provider configuration' }], unavailable: `${input.product} could not be asked: ${input.reason}` },
      empty('virtual-hardware', 'Virtual hardware'),
      empty('guest-os', 'Guest OS'),
      empty('libraries', 'Libraries'),
      empty('app', 'Applications'),
    ],
    readAt: input.readAt,
    state: 'unknown',
  };
}
