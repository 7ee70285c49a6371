// The hypervisor band: QEMU itself, its version, the accelerator it runs the guest with, its state.
import type { Layer } from '../../../shared/model';
import { guestState } from '../runState';
import { resolveAccelerator } from './accelerator';
import { fact, source, UNKNOWN } from './facts';
import { type QemuStackInputs, qmpFactsOf } from './inputs';

function qmpUnavailableReason(inputs: QemuStackInputs): string | undefined {
  if (!inputs.qmp) return 'no QMP socket on the command line (start QEMU with -qmp unix:PATH,server=on,wait=off)';
  return inputs.qmp.ok ? undefined : inputs.qmp.error;
}

export function hypervisorLayer(inputs: QemuStackInputs): Layer {
  const qmp = qmpFactsOf(inputs);
  const accelerator = resolveAccelerator(inputs.commandLine, qmp?.kvm);
  const state = guestState(qmp?.status, inputs.process.stat.state);
  const version = qmp?.version;
  const qmpSocket = inputs.commandLine.qmpSockets[0];
  const qmpProblem = qmpUnavailableReason(inputs);
  return {
    kind: 'hypervisor',
    title: `QEMU${version ? ` ${version.split(' ')[0]}` : ''}, accelerator ${accelerator.description}`,
    facts: [
      fact('hypervisor', 'Hypervisor', version ? `QEMU ${version}` : 'QEMU (version unknown: QMP not readable)', version ? source.qmp('query-version') : source.proc('exe')),
      fact('accelerator', 'Accelerator', accelerator.description, accelerator.source),
      fact('kvm-support', 'KVM support in this QEMU', qmp?.kvm ? (qmp.kvm.present ? 'built in' : 'not built in') : UNKNOWN, source.qmp('query-kvm', 'present')),
      fact('state', 'State', state.status, qmp?.status ? source.qmp('query-status', 'status') : source.proc('stat', 'state')),
      fact('emulator', 'Emulator', inputs.process.executable, source.proc('exe')),
      fact('pid', 'Process', String(inputs.process.pid), '/proc'),
      fact('qmp', 'QMP monitor', qmpSocket ? `${qmpSocket}${qmpProblem ? ` (${qmpProblem})` : ''}` : `none (${qmpProblem ?? ''})`, source.argv('-qmp / -mon mode=control')),
    ],
  };
}
