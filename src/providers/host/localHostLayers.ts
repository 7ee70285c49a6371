// The two bands under every local VM (QEMU, libvirt's local guests, the desktop VM tools): this
// machine's hardware and OS as the host detection reads them, with Node's os module as fallback.
import * as os from 'os';
import type { Fact, Layer } from '../../shared/model';
import { formatBytes } from '../../shared/units';
import type { HostFacts } from './hostFacts';

const UNKNOWN = 'unknown';

function fact(key: string, label: string, value: string, source: string): Fact {
  return { key, label, value, source };
}

export function hostHardwareLayer(host: HostFacts): Layer {
  return {
    kind: 'hardware',
    title: 'Hardware (this machine)',
    facts: [
      fact('cpus', 'CPUs', host.cpuCount ? String(host.cpuCount.value) : String(os.cpus().length), host.cpuCount?.source ?? 'os.cpus()'),
      fact('cpu-model', 'CPU model', host.cpuModel?.value ?? UNKNOWN, host.cpuModel?.source ?? '/proc/cpuinfo'),
      fact('memory', 'Memory', formatBytes(host.memoryBytes?.value ?? os.totalmem()), host.memoryBytes?.source ?? 'os.totalmem()'),
      fact('architecture', 'Architecture', host.architecture?.value ?? os.arch(), host.architecture?.source ?? 'os.arch()'),
    ],
  };
}

export function hostOsLayer(host: HostFacts): Layer {
  return {
    kind: 'host-os',
    title: 'Host OS',
    facts: [
      fact('os', 'Operating system', host.osName?.value ?? `${os.type()} ${os.release()}`, host.osName?.source ?? 'os.type(), os.release()'),
      fact('kernel', 'Kernel', host.kernel?.value ?? os.release(), host.kernel?.source ?? 'os.release()'),
    ],
  };
}
