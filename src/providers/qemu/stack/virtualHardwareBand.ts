// The virtual-hardware band: what QEMU emulates for the guest. QMP's answers win over the command
// line (they are what runs); the command line fills in what QMP does not say.
import type { Fact, Layer } from '../../../shared/model';
import { formatBytes } from '../../../shared/units';
import type { ArgvDisk, ArgvNic, QemuCommandLine } from '../commandLine';
import type { QmpBlockDevice } from '../qmpReplies';
import { fact, listFact, source } from './facts';
import { type QemuStackInputs, qmpFactsOf } from './inputs';

function describeBlock(block: QmpBlockDevice): string {
  const details = [block.format, block.virtualSizeBytes !== undefined ? formatBytes(block.virtualSizeBytes) : undefined, block.readOnly ? 'read-only' : undefined];
  const detailText = details.filter(Boolean).join(', ');
  return `${block.device}: ${block.file ?? (block.removable ? 'no medium' : 'no image')}${detailText ? ` (${detailText})` : ''}`;
}

function describeArgvDisk(disk: ArgvDisk): string {
  const details = [disk.format ?? 'format not given', disk.interface ? `if=${disk.interface}` : undefined, disk.cdrom ? 'CD-ROM' : undefined];
  return `${disk.id ? `${disk.id}: ` : ''}${disk.file ?? 'no image'} (${details.filter(Boolean).join(', ')})`;
}

function describeNic(nic: ArgvNic): string {
  return [nic.model ?? 'default model', nic.backend ? `on ${nic.backend}` : undefined, nic.mac].filter(Boolean).join(', ');
}

function firmwareFact(commandLine: QemuCommandLine): Fact {
  const { firmware, kernel } = commandLine;
  if (firmware) return fact('firmware', 'Firmware', `${firmware.kind === 'uefi' ? 'UEFI' : 'BIOS'}${firmware.file ? ` (${firmware.file})` : ''}`, source.argv(firmware.kind === 'uefi' ? '-drive if=pflash' : '-bios'));
  const defaultBios = 'the machine’s default BIOS (SeaBIOS on x86)';
  return fact('firmware', 'Firmware', kernel ? `${defaultBios}, booting the kernel directly` : defaultBios, source.argv('no -bios or pflash drive'));
}

export function virtualHardwareLayer(inputs: QemuStackInputs): Layer {
  const { commandLine } = inputs;
  const qmp = qmpFactsOf(inputs);
  const memory = qmp?.memory ? qmp.memory.base + (qmp.memory.plugged ?? 0) : commandLine.memoryBytes;
  const facts: Fact[] = [
    qmp?.vcpus !== undefined
      ? fact('vcpus', 'vCPUs', String(qmp.vcpus), source.qmp('query-cpus-fast', 'one entry per vCPU'))
      : fact('vcpus', 'vCPUs', String(commandLine.vcpus), source.argv('-smp (1 when absent)')),
    fact(
      'memory',
      'Memory',
      memory !== undefined ? formatBytes(memory) : 'the machine’s default (not given on the command line)',
      qmp?.memory ? source.qmp('query-memory-size-summary', 'base-memory + plugged-memory') : source.argv('-m'),
    ),
    qmp?.machine
      ? fact('machine', 'Machine type', qmp.machine, source.qmp('qom-get /machine type'))
      : fact('machine', 'Machine type', commandLine.machine ?? 'the default for this QEMU binary', source.argv('-machine')),
    qmp?.blocks
      ? listFact('disks', 'Disks', qmp.blocks.map(describeBlock), source.qmp('query-block', 'inserted.image'))
      : listFact('disks', 'Disks', commandLine.disks.map(describeArgvDisk), source.argv('-drive / -blockdev / -hda / -cdrom')),
    listFact('nics', 'Network interfaces', commandLine.nics.map(describeNic), source.argv('-nic / -netdev + -device / -net')),
    firmwareFact(commandLine),
  ];
  if (commandLine.uuid) facts.push(fact('uuid', 'UUID', commandLine.uuid, source.argv('-uuid')));
  return { kind: 'virtual-hardware', title: 'Virtual hardware', facts };
}
