// Bands 1 and 2: the machine the domain runs on and its OS. `virsh nodeinfo` describes the
// libvirt host wherever it is; the OS and CPU model are read locally only for local URIs.
import type { Layer } from '../../../shared/model';
import { formatBytes } from '../../../shared/units';
import type { HostFacts } from '../../host/hostFacts';
import { kibField } from '../virshOutput';
import { fact, source, UNKNOWN } from './facts';

export interface HostInputs {
  nodeinfo: Map<string, string>;
  hostname?: string;
  /** This machine's facts; undefined when the URI names another host. */
  localHost?: HostFacts;
  remoteHost?: string;
}

export function hardwareLayer(host: HostInputs): Layer {
  const node = host.nodeinfo;
  const memory = kibField(node.get('Memory size'));
  const topology = [node.get('CPU socket(s)'), node.get('Core(s) per socket'), node.get('Thread(s) per core')];
  const layer: Layer = {
    kind: 'hardware',
    title: host.remoteHost ? `Hardware (${host.remoteHost})` : 'Hardware',
    facts: [
      fact('cpus', 'CPUs', node.get('CPU(s)') ?? UNKNOWN, source.nodeinfo('CPU(s)')),
      fact('memory', 'Memory', memory !== undefined ? formatBytes(memory) : UNKNOWN, source.nodeinfo('Memory size')),
      fact(
        'topology',
        'Sockets × cores × threads',
        topology.every(Boolean) ? topology.join(' × ') : UNKNOWN,
        source.nodeinfo('CPU socket(s), Core(s) per socket, Thread(s) per core'),
      ),
      host.localHost?.cpuModel
        ? fact('cpu-model', 'CPU model', host.localHost.cpuModel.value, host.localHost.cpuModel.source)
        : fact('cpu-model', 'CPU model', `${UNKNOWN} (libvirt reports only the architecture)`, source.nodeinfo('CPU model')),
      fact('architecture', 'Architecture', node.get('CPU model') ?? UNKNOWN, source.nodeinfo('CPU model')),
    ],
  };
  if (node.size === 0) layer.unavailable = 'virsh nodeinfo gave no answer: the host hardware is unknown.';
  return layer;
}

export function hostOsLayer(host: HostInputs): Layer {
  const hostnameFact = fact('hostname', 'Host name', host.hostname ?? UNKNOWN, source.hostname);
  if (!host.localHost) {
    return {
      kind: 'host-os',
      title: 'Host OS',
      facts: [hostnameFact],
      unavailable: `The host${host.remoteHost ? ` ${host.remoteHost}` : ''} is remote: libvirt does not report its operating system.`,
    };
  }
  const local = host.localHost;
  return {
    kind: 'host-os',
    title: 'Host OS',
    facts: [
      fact('os', 'Operating system', local.osName?.value ?? UNKNOWN, local.osName?.source ?? 'not found'),
      fact('kernel', 'Kernel', local.kernel?.value ?? UNKNOWN, local.kernel?.source ?? 'not found'),
      fact('architecture', 'Architecture', local.architecture?.value ?? UNKNOWN, local.architecture?.source ?? 'not found'),
      hostnameFact,
    ],
  };
}
