// Workloads on this machine stand on what this machine itself runs on: when it is a VM, its
// hypervisor is drawn between the hardware and the host OS of every local workload's stack (the
// real order, bottom first), so stacks of one machine line up in the compare view.
import type { Layer, Stack } from '../../shared/model';

/** Inserts `hostHypervisor` after the hardware band unless the stack already has a hypervisor below its host OS. */
export function placeOnThisMachine(stack: Stack, hostHypervisor: Layer | undefined): Stack {
  if (!hostHypervisor) return stack;
  const hostOs = stack.layers.findIndex((layer) => layer.kind === 'host-os');
  const below = hostOs >= 0 ? stack.layers.slice(0, hostOs) : stack.layers;
  if (below.some((layer) => layer.kind === 'hypervisor')) return stack;
  const afterHardware = stack.layers.findIndex((layer) => layer.kind === 'hardware') + 1;
  return { ...stack, layers: [...stack.layers.slice(0, afterHardware), hostHypervisor, ...stack.layers.slice(afterHardware)] };
}
