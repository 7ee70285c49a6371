// Band 2, present only when the engine runs inside a VM (Docker Desktop, WSL2, Colima...).
import type { Layer } from '../../../shared/model';
import type { EngineVm } from './engineVm';
import { fact, listFact, source } from './facts';

export function hypervisorLayer(vm: EngineVm): Layer {
  return {
    kind: 'hypervisor',
    title: 'Hypervisor',
    facts: [
      fact('hypervisor', 'Engine runs in', vm.name, source.info('OperatingSystem, KernelVersion, Name')),
      listFact('evidence', 'Evidence', vm.evidence, source.info('OperatingSystem, KernelVersion, Name, Labels')),
    ],
  };
}
