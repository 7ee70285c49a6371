// A QEMU guest's stack, bottom first: hardware, host OS, QEMU, virtual hardware, guest OS, and the
// bands inside the guest that QEMU cannot see.
import type { Stack } from '../../shared/model';
import { guestState } from './runState';
import { guestOsLayer, guestInsideLayers } from './stack/guestBands';
import { hostHardwareLayer, hostOsLayer } from '../host/localHostLayers';
import { hypervisorLayer } from './stack/hypervisorBand';
import { type QemuStackInputs, qmpFactsOf } from './stack/inputs';
import { virtualHardwareLayer } from './stack/virtualHardwareBand';

export function buildQemuStack(inputs: QemuStackInputs): Stack {
  const qmp = qmpFactsOf(inputs);
  return {
    workload: { kind: 'vm', providerId: inputs.providerId, id: inputs.process.id },
    name: inputs.commandLine.name ?? qmp?.name ?? `qemu (pid ${inputs.process.pid})`,
    layers: [
      hostHardwareLayer(inputs.host),
      hostOsLayer(inputs.host),
      hypervisorLayer(inputs),
      virtualHardwareLayer(inputs),
      guestOsLayer(inputs),
      ...guestInsideLayers(),
    ],
    readAt: inputs.readAt,
    state: guestState(qmp?.status, inputs.process.stat.state).status,
  };
}
