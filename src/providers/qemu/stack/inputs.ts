// Everything the QEMU stack is drawn from, read by the provider and mapped here without I/O.
import type { HostFacts } from '../../host/hostFacts';
import type { QemuCommandLine } from '../commandLine';
import type { Result } from '../jsonLineSocket';
import type { GuestAgentFacts, QmpFacts } from '../monitorFacts';
import type { QemuProcess } from '../procScan';

export interface QemuStackInputs {
  providerId: string;
  process: QemuProcess;
  commandLine: QemuCommandLine;
  /** Undefined when the command line names no QMP socket. */
  qmp: Result<QmpFacts> | undefined;
  /** Undefined when the command line wires no guest agent port. */
  agent: Result<GuestAgentFacts> | undefined;
  host: HostFacts;
  readAt: string;
}

export function qmpFactsOf(inputs: QemuStackInputs): QmpFacts | undefined {
  return inputs.qmp?.ok ? inputs.qmp.value : undefined;
}
