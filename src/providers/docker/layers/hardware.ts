// Band 1: the machine under the engine, as GET /info describes it.
import type { Layer } from '../../../shared/model';
import type { EngineInfo, Parsed } from '../contracts';
import { formatBytes } from '../format';
import type { EngineVm } from './engineVm';
import { fact, source, UNKNOWN, unavailableReason } from './facts';

export function hardwareLayer(info: Parsed<EngineInfo>, vm: EngineVm | undefined): Layer {
  // Inside a VM, /info counts the VM's virtual CPUs and memory, not the physical machine's.
  const whose = vm ? ' (given to the VM)' : '';
  const known = info.ok ? info.value : undefined;
  const layer: Layer = {
    kind: 'hardware',
    title: 'Hardware',
    facts: [
      fact('cpus', `CPUs${whose}`, known?.NCPU !== undefined ? String(known.NCPU) : UNKNOWN, source.info('NCPU')),
      fact('memory', `Memory${whose}`, known?.MemTotal !== undefined ? formatBytes(known.MemTotal) : UNKNOWN, source.info('MemTotal')),
      fact(
        'cpu-model',
        'CPU model',
        vm ? `${UNKNOWN} (the physical machine is hidden behind the VM)` : `${UNKNOWN} (the Engine API does not report it)`,
        'not in GET /info',
      ),
      fact('architecture', 'Architecture', known?.Architecture || UNKNOWN, source.info('Architecture')),
    ],
  };
  if (!info.ok) layer.unavailable = unavailableReason('The engine info', 'GET /info', info.error);
  return layer;
}
