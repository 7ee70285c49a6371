// Band 3: the operating system and kernel the engine (and so every container) runs on.
import type { Layer } from '../../../shared/model';
import type { EngineInfo, Parsed } from '../contracts';
import type { EngineVm } from './engineVm';
import { fact, source, UNKNOWN, unavailableReason } from './facts';

export function hostOsLayer(info: Parsed<EngineInfo>, vm: EngineVm | undefined): Layer {
  const known = info.ok ? info.value : undefined;
  const layer: Layer = {
    kind: 'host-os',
    title: vm ? 'Host OS (inside the VM)' : 'Host OS',
    facts: [
      fact('os', 'Operating system', known?.OperatingSystem || UNKNOWN, source.info('OperatingSystem')),
      fact('kernel', 'Kernel', known?.KernelVersion || UNKNOWN, source.info('KernelVersion')),
      fact('os-type', 'OS type', known?.OSType || UNKNOWN, source.info('OSType')),
      fact('architecture', 'Architecture', known?.Architecture || UNKNOWN, source.info('Architecture')),
    ],
  };
  if (!info.ok) layer.unavailable = unavailableReason('The engine info', 'GET /info', info.error);
  return layer;
}
