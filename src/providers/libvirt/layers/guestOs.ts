// Bands 5-7: what runs inside the guest. libvirt sees it only through the domain's libosinfo
// metadata (written by virt-install / virt-manager) and the QEMU guest agent; it never sees the
// guest's packages or processes, so libraries and app say so.
import type { Fact, Layer } from '../../../shared/model';
import { fact, source } from './facts';

export const NO_AGENT_HINT = 'No guest agent: install qemu-guest-agent in the guest and add a guest-agent channel (org.qemu.guest_agent.0) to the domain.';

/** `virsh guestinfo` answered (its key/value lines), or why it was not asked or failed. */
export type GuestAgentAnswer = { ok: true; values: Map<string, string> } | { ok: false; reason: string };

/** "http://ubuntu.com/ubuntu/24.04" -> "ubuntu 24.04"; "http://microsoft.com/win/11" -> "win 11". */
export function describeLibosinfoId(id: string): string {
  const path = id.replace(/^[a-z]+:\/\/[^/]*\/?/i, '').split('/').filter(Boolean);
  return path.length >= 2 ? path.slice(-2).join(' ') : path[0] ?? id;
}

export function guestOsLayer(libosinfoId: string | undefined, agent: GuestAgentAnswer): Layer {
  const facts: Fact[] = [];
  if (agent.ok) facts.push(...agentFacts(agent.values));
  if (libosinfoId) {
    facts.push(fact('os-metadata', 'OS (as installed)', `${describeLibosinfoId(libosinfoId)} (${libosinfoId})`, source.dumpxml('/domain/metadata/libosinfo:libosinfo/libosinfo:os/@id')));
  }
  const layer: Layer = { kind: 'guest-os', title: 'Guest OS', facts };
  if (facts.length === 0) {
    layer.unavailable = agent.ok ? 'The guest agent answered without OS details.' : agent.reason;
  } else if (!agent.ok) {
    facts.push(fact('guest-agent', 'Guest agent', agent.reason, 'virsh guestinfo'));
  }
  return layer;
}

function agentFacts(values: Map<string, string>): Fact[] {
  const facts: Fact[] = [];
  const add = (key: string, label: string, field: string, value = values.get(field)) => {
    if (value) facts.push(fact(key, label, value, source.guestinfo(field)));
  };
  const osName = values.get('os.pretty-name') ?? [values.get('os.name'), values.get('os.version')].filter(Boolean).join(' ');
  add('os', 'Operating system', values.has('os.pretty-name') ? 'os.pretty-name' : 'os.name', osName);
  add('os-id', 'OS id', 'os.id');
  add('kernel', 'Kernel', 'os.kernel-release');
  add('architecture', 'Architecture', 'os.machine');
  add('hostname', 'Host name', 'hostname');
  add('timezone', 'Time zone', 'timezone.name');
  return facts;
}

export function librariesLayer(): Layer {
  return {
    kind: 'libraries',
    title: 'Libraries',
    facts: [],
    unavailable: "libvirt cannot see the guest's installed packages; look inside the guest (e.g. over ssh or the console).",
  };
}

export function appLayer(): Layer {
  return {
    kind: 'app',
    title: 'Applications',
    facts: [],
    unavailable: "libvirt cannot see the guest's processes; the live CPU and memory shown are the whole VM's.",
  };
}
