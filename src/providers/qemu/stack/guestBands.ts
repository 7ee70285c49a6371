// The bands inside the guest. QEMU itself cannot see them: the guest OS comes from the QEMU guest
// agent when one answers; programs and libraries stay unknown, and each band says why.
import type { Fact, Layer } from '../../../shared/model';
import { fact, source } from './facts';
import type { QemuStackInputs } from './inputs';

const AGENT_HOW_TO =
  'run qemu-guest-agent in the guest and give QEMU a port for it: -chardev socket,path=qga.sock,server=on,wait=off,id=qga0 ' +
  '-device virtio-serial -device virtserialport,chardev=qga0,name=org.qemu.guest_agent.0';

export function guestOsLayer(inputs: QemuStackInputs): Layer {
  const kernelFile: Fact[] = inputs.commandLine.kernel ? [fact('kernel-image', 'Kernel image (from the host)', inputs.commandLine.kernel, source.argv('-kernel'))] : [];
  const layer: Layer = { kind: 'guest-os', title: 'Guest OS', facts: kernelFile };
  if (!inputs.agent) {
    layer.unavailable = `QEMU does not see inside the guest, and no guest agent port is configured: ${AGENT_HOW_TO}.`;
    return layer;
  }
  if (!inputs.agent.ok) {
    layer.unavailable = `The guest agent (${inputs.commandLine.agentSocket ?? 'socket'}) did not answer: ${inputs.agent.error}. Start qemu-guest-agent in the guest.`;
    return layer;
  }
  const { os, hostName } = inputs.agent.value;
  if (!os) {
    layer.unavailable = 'The guest agent answered guest-get-osinfo with nothing usable (the guest may lack /etc/os-release).';
    return layer;
  }
  const osName = os.prettyName ?? [os.name, os.version].filter(Boolean).join(' ');
  layer.title = `Guest OS: ${osName || 'unknown'}`;
  layer.facts = [
    fact('guest-os', 'Operating system', osName || 'unknown', source.agent('guest-get-osinfo', 'pretty-name')),
    fact('guest-kernel', 'Kernel', [os.kernelRelease, os.kernelVersion].filter(Boolean).join(' ') || 'unknown', source.agent('guest-get-osinfo', 'kernel-release, kernel-version')),
    fact('guest-architecture', 'Architecture', os.machine ?? 'unknown', source.agent('guest-get-osinfo', 'machine')),
    ...(hostName ? [fact('guest-hostname', 'Host name', hostName, source.agent('guest-get-host-name', 'host-name'))] : []),
  ];
  return layer;
}

export function guestInsideLayers(): Layer[] {
  const why = 'QEMU and its guest agent do not list the programs or libraries installed in the guest.';
  return [
    { kind: 'libraries', title: 'Libraries', facts: [], unavailable: why },
    { kind: 'app', title: 'Applications', facts: [], unavailable: `${why} Look inside the guest (ssh or its console).` },
  ];
}
