// Does the engine itself run inside a VM? Only what GET /info (and /version) reveal is used:
// product names, kernel builds and host names that VM-based distributions of Docker leave there.
import type { EngineInfo, EngineVersion } from '../contracts';

export interface EngineVm {
  /** What the user would call it, e.g. "Docker Desktop VM (LinuxKit)". */
  name: string;
  /** One sentence per signal that matched, each naming the field it came from. */
  evidence: string[];
}

interface Signals {
  os: string;
  kernel: string;
  hostName: string;
  labels: string[];
  components: string[];
}

interface VmRule {
  name: (signals: Signals) => string;
  evidence: (signals: Signals) => string[];
}

const isWslKernel = (kernel: string) => /microsoft-standard-wsl2|-microsoft-/i.test(kernel);

const RULES: readonly VmRule[] = [
  {
    name: () => 'OrbStack VM',
    evidence: (s) => [
      ...when(s.os === 'OrbStack', `OperatingSystem is "${s.os}"`),
      ...when(/orbstack/i.test(s.kernel), `KernelVersion "${s.kernel}" is an OrbStack kernel`),
    ],
  },
  {
    name: (s) => (isWslKernel(s.kernel) ? 'Rancher Desktop (WSL2 VM)' : 'Rancher Desktop VM (Lima)'),
    evidence: (s) => [
      ...when(/rancher desktop/i.test(s.os), `OperatingSystem is "${s.os}"`),
      ...when(/rancher-desktop/i.test(s.hostName), `Name (the engine's host name) is "${s.hostName}"`),
    ],
  },
  {
    name: (s) => (isWslKernel(s.kernel) ? 'Docker Desktop (WSL2 VM)' : 'Docker Desktop VM (LinuxKit)'),
    evidence: (s) => {
      const desktop = [
        ...when(s.os === 'Docker Desktop', `OperatingSystem is "${s.os}"`),
        ...when(/linuxkit/i.test(s.kernel), `KernelVersion "${s.kernel}" is a LinuxKit kernel`),
        ...when(s.hostName === 'docker-desktop', `Name (the engine's host name) is "${s.hostName}"`),
        ...s.labels.filter((label) => label.startsWith('com.docker.desktop.')).map((label) => `Labels has "${label}"`),
      ];
      // A WSL2 kernel alone is the next rule; here it only says which backend Desktop uses.
      return desktop.length > 0 && isWslKernel(s.kernel) ? [...desktop, `KernelVersion "${s.kernel}" is a WSL2 kernel`] : desktop;
    },
  },
  {
    name: () => 'WSL2 VM (Hyper-V)',
    evidence: (s) => when(isWslKernel(s.kernel), `KernelVersion "${s.kernel}" is a WSL2 kernel`),
  },
  {
    name: () => 'Colima VM (Lima)',
    evidence: (s) => when(/^colima(-|$)/.test(s.hostName), `Name (the engine's host name) is "${s.hostName}"`),
  },
  {
    name: () => 'Lima VM',
    evidence: (s) => when(/^lima-/.test(s.hostName), `Name (the engine's host name) is "${s.hostName}"`),
  },
  {
    name: () => 'Podman machine VM',
    evidence: (s) =>
      s.components.includes('Podman Engine')
        ? [
            ...when(/podman-machine/.test(s.hostName), `Name (the engine's host name) is "${s.hostName}"`),
            ...when(/coreos/i.test(s.os), `OperatingSystem "${s.os}" is the Fedora CoreOS that Podman machines run`),
          ]
        : [],
  },
];

/** The first rule with any evidence wins: rules are ordered from most to least specific. */
export function detectEngineVm(info: EngineInfo, version: EngineVersion | undefined): EngineVm | undefined {
  const signals: Signals = {
    os: info.OperatingSystem ?? '',
    kernel: info.KernelVersion ?? '',
    hostName: info.Name ?? '',
    labels: info.Labels,
    components: (version?.Components ?? []).map((component) => component.Name),
  };
  for (const rule of RULES) {
    const evidence = rule.evidence(signals);
    if (evidence.length > 0) return { name: rule.name(signals), evidence };
  }
  return undefined;
}

function when(condition: boolean, sentence: string): string[] {
  return condition ? [sentence] : [];
}
